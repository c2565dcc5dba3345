package render

import "github.com/gobook/ebook/pipeline/doc"

// Break is a page break marker: where a page of the book's printed
// edition starts, for an EPUB's page list.
type Break struct {
	// Node is the block the page starts in, nil for the chapter's start.
	// Offset is where in it, in bytes: of the plain text of its inlines
	// (doc.InlineText) for a block of text, of its Text for a listing,
	// of nothing for another block (the marker goes at its start).
	Node   *doc.Node
	Offset int
	// ID is the marker's id, Label the page's number.
	ID, Label string
}

// indexBreaks files the chapter's markers by node, in page order.
func (x *xhtmlWriter) indexBreaks(bs []Break) {
	if len(bs) == 0 {
		return
	}
	x.breaks = map[*doc.Node][]Break{}
	for _, b := range bs {
		x.breaks[b.Node] = append(x.breaks[b.Node], b)
	}
}

// take returns the markers in node n and forgets them: each is written
// once.
func (x *xhtmlWriter) take(n *doc.Node) []Break {
	if x.breaks == nil {
		return nil
	}
	bs := x.breaks[n]
	delete(x.breaks, n)
	return bs
}

// writeBreaks writes markers: an empty element, so that it adds nothing
// to the text, its ids, links or highlighting.
func (x *xhtmlWriter) writeBreaks(bs []Break) {
	for _, b := range bs {
		x.buf.WriteString("<span")
		if !x.links.HTML {
			x.buf.WriteString(` epub:type="pagebreak"`)
		}
		x.buf.WriteString(` role="doc-pagebreak"`)
		x.attr("id", b.ID)
		x.attr("aria-label", b.Label)
		x.buf.WriteString("/>")
	}
}

// lead writes before block n the markers at the very start of its text,
// so that a page that opens with a paragraph or a heading has its marker
// before the element, not inside it (a heading's text stays whole).
func (x *xhtmlWriter) lead(n *doc.Node) {
	bs := x.breaks[n]
	k := 0
	for k < len(bs) && bs[k].Offset == 0 {
		k++
	}
	if k == 0 {
		return
	}
	x.writeBreaks(bs[:k])
	if k == len(bs) {
		delete(x.breaks, n)
	} else {
		x.breaks[n] = bs[k:]
	}
}

// leftBreaks writes, at the end of the chapter, markers whose node was
// not written (a table's caption after its first row): a page list entry
// never points at nothing.
func (x *xhtmlWriter) leftBreaks() {
	for _, b := range x.links.Breaks {
		if bs, ok := x.breaks[b.Node]; ok {
			x.writeBreaks(bs)
			delete(x.breaks, b.Node)
		}
	}
}

// text writes the inlines of block n with the markers inside its text.
func (x *xhtmlWriter) text(n *doc.Node) {
	saved, savedPos := x.marks, x.pos
	x.marks, x.pos = x.take(n), 0
	x.inlines(n.Children)
	x.writeBreaks(x.marks) // past the text's end
	x.marks, x.pos = saved, savedPos
}

// textOut writes s, a piece of the current block's text, escaped, with
// the markers that fall inside it or at its start.
func (x *xhtmlWriter) textOut(s string) {
	for len(x.marks) > 0 && x.marks[0].Offset < x.pos+len(s) {
		k := max(x.marks[0].Offset-x.pos, 0)
		Escape(&x.buf, s[:k], false)
		x.writeBreaks(x.marks[:1])
		x.marks = x.marks[1:]
		s = s[k:]
		x.pos += k
	}
	Escape(&x.buf, s, false)
	x.pos += len(s)
}

// skip counts n bytes of the block's text written as something else
// than text (an image's alternative text), writing the markers before
// it.
func (x *xhtmlWriter) skip(n int) {
	for len(x.marks) > 0 && x.marks[0].Offset < x.pos+max(n, 1) {
		x.writeBreaks(x.marks[:1])
		x.marks = x.marks[1:]
	}
	x.pos += n
}
