package doc

// Clone returns a deep copy of nodes: every node and link target is new,
// while images (Assets), which are never changed once loaded, are shared.
// A cache of parsed chapters hands out clones, because loading a book
// changes its nodes in place (links are resolved, images attached).
func Clone(nodes []*Node) []*Node {
	if nodes == nil {
		return nil
	}
	out := make([]*Node, len(nodes))
	for i, n := range nodes {
		c := *n
		c.Children = Clone(n.Children)
		if n.Link != nil {
			t := *n.Link
			c.Link = &t
		}
		out[i] = &c
	}
	return out
}

// CloneFootnotes returns a deep copy of footnotes, as Clone does for nodes.
func CloneFootnotes(fns []*Footnote) []*Footnote {
	if fns == nil {
		return nil
	}
	out := make([]*Footnote, len(fns))
	for i, fn := range fns {
		c := *fn
		c.RefIDs = append([]string(nil), fn.RefIDs...)
		c.Blocks = Clone(fn.Blocks)
		out[i] = &c
	}
	return out
}
