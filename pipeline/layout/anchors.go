package layout

import "github.com/gobook/ebook/pipeline/doc"

// Any element with an id can be the target of a link (book.yaml's
// chapters link to one another's anchors, raw HTML gives ids to lists,
// quotes, rows...), and every link's destination must exist in the PDF:
// the blocks that do not place their id themselves get it at their first
// line.

// placesOwnAnchor reports whether laying out n makes its id a destination
// itself: headings and paragraphs at their first line, divisions, code
// listings and tables above them.
func placesOwnAnchor(n *doc.Node) bool {
	switch n.Kind {
	case doc.Heading, doc.Div, doc.CodeBlock, doc.Table:
		return true
	}
	return n.Kind.HoldsInlines()
}

// anchorFrom makes id of the current chapter a destination at the top of
// the first box laid out from flow index from on, or here when there is
// none.
func (e *engine) anchorFrom(from int, id string) {
	if id == "" {
		return
	}
	for _, b := range e.flow[from:] {
		if !b.glue {
			m := b.extra()
			m.dests = append([]string{destName(e.ch.Index, id)}, m.dests...)
			return
		}
	}
	e.anchorBox(id)
}
