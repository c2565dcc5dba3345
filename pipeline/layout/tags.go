package layout

import "github.com/gobook/ebook/pipeline/doc"

// Role says what an item's Node is to the PDF's structure tree.
type Role uint8

// Item roles.
const (
	// RoleText: the item is Node's content.
	RoleText Role = iota
	// RoleLabel: the item labels Node: a list item's marker, a
	// footnote's number before its first block.
	RoleLabel
	// RoleTitle: a line of the title page; Node is made for it.
	RoleTitle
	// RoleContents: an entry of the printed table of contents, its title
	// and page number; Node is made for it.
	RoleContents
)

// tagBoxes gives the text and pictures of boxes that have no node yet node
// n in role: nested blocks, set first, keep theirs.
func tagBoxes(boxes []*vbox, n *doc.Node, role Role) {
	for _, b := range boxes {
		for i := range b.items {
			it := &b.items[i]
			if it.Node == nil && (it.Kind == Glyphs || it.Kind == Picture) {
				it.Node, it.Role = n, role
			}
		}
	}
}

// retag gives the text and pictures of boxes node n, replacing the node
// the layout made for them (a figure's picture set as a paragraph).
func retag(boxes []*vbox, n *doc.Node) {
	for _, b := range boxes {
		for i := range b.items {
			it := &b.items[i]
			if it.Kind == Glyphs || it.Kind == Picture {
				it.Node, it.Inline = n, nil
			}
		}
	}
}

// artifacts returns a copy of items that shows no node: a table header
// repeated after a page break is drawn again, not read again.
func artifacts(items []Item) []Item {
	out := make([]Item, len(items))
	copy(out, items)
	for i := range out {
		out[i].Node, out[i].Inline = nil, nil
	}
	return out
}
