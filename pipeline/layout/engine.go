package layout

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/highlight"
	"github.com/gobook/ebook/pipeline/lang"
	"github.com/gobook/ebook/pipeline/linebreak"
)

// engine lays out the chapters of one run of pages: a chapter and its
// sections. Engines share nothing but read-only data, so chapters are laid
// out concurrently.
type engine struct {
	b        *book.Book
	fonts    *fonts.Set
	g        geometry
	fallback *fonts.Face // the first face of the body chain
	codeFace *fonts.Face // the first face of the code chain
	looks    map[string]highlight.Look
	numbers  map[int]int // the chapters' numbers, by index (pdf.numbering)
	ch       *book.Chapter
	notes    map[int]*note // the current chapter's footnotes, by number
	flow     []*vbox
	frames   []*frame // the decorations around the current block

	// Memory reused from paragraph to paragraph: inlines released (see
	// release), the line breaker's last paragraph (see setLines) and the
	// items of the line being set (see setLine and code).
	freeInlines []*inline
	para        linebreak.Paragraph
	lineItems   []Item
}

// box is the horizontal extent the current block is set in.
type box struct {
	x, w float64
}

// add appends boxes to the flow, inside the current frames.
func (e *engine) add(boxes ...*vbox) {
	for _, b := range boxes {
		if !b.glue && len(e.frames) > 0 {
			b.frames = append(append([]*frame(nil), e.frames...), b.frames...)
			// The frames' ends: a page break between them leaves
			// the frame open at the break (see drawFrames).
			for _, f := range e.frames {
				if f.first == nil {
					f.first = b
				}
				f.last = b
			}
		}
		e.flow = append(e.flow, b)
	}
}

// gap adds vertical space of at least h; consecutive gaps collapse to the
// largest. Space after a box that keeps with what follows (a heading)
// keeps too: a page must not break between a heading and its text.
func (e *engine) gap(h float64) {
	n := len(e.flow)
	if n > 0 && e.flow[n-1].glue {
		e.flow[n-1].h = max(e.flow[n-1].h, h)
		return
	}
	g := space(h)
	g.keep = n > 0 && e.flow[n-1].keep
	e.add(g)
}

// indent returns the extent bx narrowed by inset on the left, but never
// below a third of the text width: deeply nested lists and quotes stop
// indenting rather than squeeze their text out of the page.
func (e *engine) indent(bx box, inset float64) box {
	minW := e.g.textW / 3
	if bx.w-inset < minW {
		inset = max(0, bx.w-minW)
	}
	return box{bx.x + inset, bx.w - inset}
}

// footnoteID returns the id of footnote index of the current chapter.
func (e *engine) footnoteID(index int) string {
	// Footnotes are numbered in order from 1: look there first, so that a
	// chapter of many notes is not quadratic.
	if i := index - 1; i >= 0 && i < len(e.ch.Footnotes) && e.ch.Footnotes[i].Index == index {
		return e.ch.Footnotes[i].ID
	}
	for _, fn := range e.ch.Footnotes {
		if fn.Index == index {
			return fn.ID
		}
	}
	return "fn-" + strconv.Itoa(index)
}

func (e *engine) root() fonts.Context { return e.fonts.Root() }

// blocks lays out block nodes in the extent bx.
func (e *engine) blocks(nodes []*doc.Node, ctx fonts.Context, bx box) {
	for i, n := range nodes {
		e.block(n, ctx, bx)
		if i+1 < len(nodes) && leadsIn(n, nodes[i+1]) {
			e.keepLast(roleLeadIn)
		}
	}
}

// leadsIn reports whether paragraph n introduces the listing after it
// ("as follows:", "如下："): it ends in a colon, and a page must not
// separate the two.
func leadsIn(n, next *doc.Node) bool {
	if n.Kind != doc.Paragraph || next.Kind != doc.CodeBlock {
		return false
	}
	t := strings.TrimRightFunc(doc.InlineText(n.Children), unicode.IsSpace)
	return strings.HasSuffix(t, ":") || strings.HasSuffix(t, "：")
}

// keepLast keeps the last box laid out with what comes next, and gives it
// role too.
func (e *engine) keepLast(role boxRole) {
	for i := len(e.flow) - 1; i >= 0; i-- {
		if !e.flow[i].glue {
			e.flow[i].keep = true
			e.flow[i].role |= role
			return
		}
	}
}

func (e *engine) block(n *doc.Node, ctx fonts.Context, bx box) {
	if n.ID != "" && !placesOwnAnchor(n) {
		defer e.anchorFrom(len(e.flow), n.ID)
	}
	size := e.g.bodySize
	switch n.Kind {
	case doc.Paragraph, doc.Plain, doc.DefinitionTerm, doc.Caption:
		e.gap(0.55 * size)
		e.paragraph(n, ctx, bx, n.Align)
		e.gap(0.55 * size)
	case doc.Heading:
		e.heading(n, ctx, bx)
	case doc.ThematicBreak:
		e.gap(size)
		w := bx.w / 3
		x := bx.x + (bx.w-w)/2
		e.add(&vbox{h: 1, items: []Item{rule(x, 0.5, x+w, 0.5, 0.6, colorRule)}})
		e.gap(size)
	case doc.CodeBlock:
		e.code(n, ctx.Enter(n), bx)
	case doc.BlockQuote:
		e.gap(0.55 * size)
		inner := e.indent(bx, 1.2*size)
		e.frames = append(e.frames, &frame{kind: frameRule, x: inner.x - 0.9*size, lineColor: colorQuoteRule, lineWidth: 2})
		e.blocks(n.Children, ctx.Enter(n), inner) // the quote role
		e.frames = e.frames[:len(e.frames)-1]
		e.gap(0.55 * size)
	case doc.Callout:
		e.callout(n, ctx, bx)
	case doc.List:
		e.list(n, ctx, bx, 0)
	case doc.ListItem:
		e.blocks(n.Children, ctx.Enter(n), bx)
	case doc.DefinitionList:
		e.gap(0.55 * size)
		for _, c := range n.Children {
			if c.Kind == doc.DefinitionTerm {
				e.paragraph(c, ctx.Enter(c), bx, doc.AlignLeft)
				e.flow[len(e.flow)-1].keep = true
				continue
			}
			at := len(e.flow)
			e.blocks(c.Children, ctx.Enter(c), e.indent(bx, 2*size))
			e.anchorFrom(at, c.ID)
		}
		e.gap(0.55 * size)
	case doc.Div:
		if n.ID != "" {
			e.anchorBox(n.ID)
		}
		for _, c := range n.Children {
			if c.Align == doc.AlignNone && n.Align != doc.AlignNone && c.Kind.HoldsInlines() {
				e.gap(0.55 * size)
				e.paragraph(c, ctx.Enter(n), bx, n.Align)
				e.gap(0.55 * size)
				continue
			}
			e.block(c, ctx.Enter(n), bx)
		}
	case doc.Table:
		e.table(n, ctx, bx)
	case doc.Figure:
		e.figure(n, ctx, bx)
	case doc.Epigraph:
		e.epigraph(n, ctx, bx)
	case doc.SVG:
		e.svg(n, ctx, bx)
	default:
		if n.Kind.HoldsInlines() {
			e.paragraph(n, ctx, bx, n.Align)
		} else {
			e.blocks(n.Children, ctx.Enter(n), bx)
		}
	}
}

// anchorBox makes an element's id a destination at the current place.
func (e *engine) anchorBox(id string) {
	e.add(&vbox{more: &boxMore{dests: []string{destName(e.ch.Index, id)}}})
}

// paragraph sets the inline content of n in the body size.
func (e *engine) paragraph(n *doc.Node, ctx fonts.Context, bx box, align doc.Align) {
	in := e.newInline()
	if n.ID != "" {
		in.anchor(n.ID)
	}
	in.nodes(n.Children, ctx.Enter(n), look{size: e.g.bodySize})
	lines := e.setLines(in, setting{width: bx.w, indent: bx.x, align: align, size: e.g.bodySize, pitch: e.g.leading})
	tagBoxes(lines, n, RoleText)
	e.add(lines...)
	e.release(in)
}

// callout sets a GitHub-style alert as a quote is set, a rule on its left
// (in the kind's colour, wider than a quote's) and breaking across pages
// as a quote does, with its title, the kind's word in the book's language,
// in bold first and kept with what follows. The title names the kind in
// print, where the rule's colour may be grey.
func (e *engine) callout(n *doc.Node, ctx fonts.Context, bx box) {
	size := e.g.bodySize
	e.gap(0.55 * size)
	inner := e.indent(bx, 1.2*size)
	e.frames = append(e.frames, &frame{kind: frameRule, x: inner.x - 0.9*size, lineColor: colorAlert[n.Alert], lineWidth: 3})
	in := e.newInline()
	if n.ID != "" {
		in.anchor(n.ID)
	}
	title := ctx.Enter(n)
	title.Style |= fonts.Bold
	in.text(title, look{size: size, color: colorText}, lang.VarietyOf(e.b.Manifest.Language).Alert(int(n.Alert)))
	lines := e.setLines(in, setting{width: inner.w, indent: inner.x, align: doc.AlignLeft, size: size, pitch: e.g.leading})
	e.release(in)
	tagBoxes(lines, n, RoleText) // the callout's own text: the PDF's structure gives it a P
	for _, l := range lines {
		l.keep = true
	}
	e.add(lines...)
	e.blocks(n.Children, ctx.Enter(n), inner)
	e.frames = e.frames[:len(e.frames)-1]
	e.gap(0.55 * size)
}

// heading sets a heading: bold, on a scale by level, kept with what
// follows, and a destination for its anchor.
func (e *engine) heading(n *doc.Node, ctx fonts.Context, bx box) {
	level := min(max(n.Level, 1), 6)
	size := e.g.bodySize * headingScale[level]
	e.gap(1.1 * size)
	in := e.newInline()
	in.anchor(n.ID)
	in.nodes(n.Children, ctx.Enter(n), look{size: size})
	lines := e.setLines(in, setting{width: bx.w, indent: bx.x, align: doc.AlignLeft, size: size, pitch: 1.3 * size})
	e.release(in)
	tagBoxes(lines, n, RoleText)
	for _, l := range lines {
		l.keep = true
		l.role |= roleHeading
	}
	e.add(lines...)
	e.gap(0.5 * size)
}

// list lays out a list; depth chooses the bullet.
func (e *engine) list(n *doc.Node, ctx fonts.Context, bx box, depth int) {
	size := e.g.bodySize
	e.gap(0.4 * size)
	number := int(n.Start)
	bullets := []string{"•", "◦", "▪"}
	marker := func(it *doc.Node) string {
		if it.Task {
			if it.Checked {
				return string(fonts.TaskDone)
			}
			return string(fonts.TaskOpen)
		}
		if n.Ordered {
			return strconv.Itoa(number) + "."
		}
		return bullets[depth%len(bullets)]
	}
	inset := 1.6 * size
	if n.Ordered {
		// Room for the widest number.
		last := strconv.Itoa(int(n.Start)+len(n.Children)-1) + "."
		inset = max(inset, e.measure(e.fallback, last, size)+0.6*size)
	}
	for _, it := range n.Children {
		if !n.Tight {
			e.gap(0.4 * size)
		}
		start := len(e.flow)
		inner := e.indent(bx, inset)
		for _, c := range it.Children {
			if c.Kind == doc.List {
				e.list(c, ctx, inner, depth+1)
				continue
			}
			if n.Tight && c.Kind == doc.Paragraph {
				e.paragraph(c, ctx.Enter(it), inner, c.Align)
				continue
			}
			e.block(c, ctx.Enter(it), inner)
		}
		e.placeMarker(start, it, marker(it), ctx, inner.x-0.45*size, size)
		e.anchorFrom(start, it.ID)
		number++
	}
	e.gap(0.4 * size)
}

// placeMarker puts a list marker, right-aligned at x, on the baseline of
// the first line of text from flow index start on.
func (e *engine) placeMarker(start int, item *doc.Node, text string, ctx fonts.Context, x, size float64) {
	for _, b := range e.flow[start:] {
		for _, it := range b.items {
			if it.Kind != Glyphs {
				continue
			}
			runs := e.fonts.Runs(fonts.Body, fonts.Regular, text)
			w := 0.0
			for _, r := range runs {
				w += e.measure(r.Face, r.Text, size)
			}
			cx := x - w
			for _, r := range runs {
				b.items = append(b.items, Item{Kind: Glyphs, X: cx, Y: it.Y, W: e.measure(r.Face, r.Text, size), H: size,
					Face: r.Face, Text: r.Text, Color: colorText, Node: item, Role: RoleLabel})
				cx += e.measure(r.Face, r.Text, size)
			}
			return
		}
	}
}
