package layout

import (
	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/doc"
)

// printDPI is the resolution an image is shown at when it is narrower than
// the text block: its natural size, never enlarged beyond it. 96 pixels to
// the inch is a CSS pixel, the size EPUB readers show it at, and pandoc's
// default: at 150 a diagram drawn for the screen came out at half the text
// width with 5-point labels.
const printDPI = 96

// imageSize returns the size to draw image node n at: its width and height
// attributes (CSS pixels), or its natural size at printDPI, scaled down to
// fit maxW and maxH, its aspect ratio kept.
func imageSize(n *doc.Node, maxW, maxH float64) (w, h float64) {
	a := n.Image
	nw, nh := float64(a.Width), float64(a.Height)
	if nw <= 0 || nh <= 0 {
		nw, nh = 100, 100
	}
	w, h = nw*72/printDPI, nh*72/printDPI
	if a.MediaType == "image/svg+xml" {
		w, h = nw*0.75, nh*0.75 // SVG sizes are CSS pixels
	}
	switch {
	case n.Width > 0 && n.Height > 0:
		w, h = float64(n.Width)*0.75, float64(n.Height)*0.75
	case n.Width > 0:
		w, h = float64(n.Width)*0.75, float64(n.Width)*0.75*nh/nw
	case n.Height > 0:
		w, h = float64(n.Height)*0.75*nw/nh, float64(n.Height)*0.75
	}
	if maxW > 0 && w > maxW {
		w, h = maxW, h*maxW/w
	}
	if maxH > 0 && h > maxH {
		w, h = w*maxH/h, maxH
	}
	return w, h
}

// figure lays out a figure. A picture with its caption under it is one
// box that floats: when it does not fit the rest of the page, it goes to
// the top of the next, caption and all, and the text after it fills the
// gap. A table's or a listing's figure (see blockFigure) does not float.
func (e *engine) figure(n *doc.Node, ctx fonts.Context, bx box) {
	body := e.g.bodySize
	caption, img, _ := doc.FigureParts(n)
	if img == nil {
		e.blockFigure(n, ctx, bx)
		return
	}
	e.gap(0.8 * body)
	if n.ID != "" {
		e.anchorBox(n.ID)
	}
	if img.Image == nil {
		if img.ID != "" {
			e.anchorBox(img.ID)
		}
		start := len(e.flow)
		e.paragraph(&doc.Node{Kind: doc.Paragraph, Children: []*doc.Node{img}, Pos: img.Pos}, ctx, bx, doc.AlignCenter)
		// The alt text shown in its place is the figure's.
		retag(e.flow[start:], n)
		if caption != nil {
			e.keepLast(0)
			e.gap(0.4 * body)
			e.add(e.captionLines(caption, ctx.Enter(n), bx)...)
		}
		e.gap(0.8 * body)
		return
	}
	w, h := imageSize(img, bx.w, 0.75*e.g.textH)
	x := bx.x + (bx.w-w)/2
	switch n.Align {
	case doc.AlignLeft:
		x = bx.x
	case doc.AlignRight:
		x = bx.x + bx.w - w
	}
	parts := []*vbox{{h: h, items: e.pictureItems(img.Image, x, 0, w, h)}}
	if img.Image.NoPDF != "" {
		parts[0] = e.placeholder(img, ctx, bx, w)
	}
	retag(parts[:1], n)
	if img.ID != "" {
		parts[0].extra().dests = []string{destName(e.ch.Index, img.ID)}
	}
	if caption != nil {
		parts = append(parts, &vbox{h: 0.4 * body})
		parts = append(parts, e.captionLines(caption, ctx.Enter(n), bx)...)
	}
	fig := stack(parts)
	fig.float = true
	e.add(fig)
	e.gap(0.8 * body)
}

// captionLines sets caption c as a caption: smaller than the text,
// centred, in the style the fonts give a Caption node (upright: the
// emphasis a Markdown caption was written with is gone).
func (e *engine) captionLines(c *doc.Node, ctx fonts.Context, bx box) []*vbox {
	size := 0.9 * e.g.bodySize
	in := e.newInline()
	if c.ID != "" {
		in.anchor(c.ID)
	}
	in.nodes(c.Children, ctx.Enter(c), look{size: size})
	lines := e.setLines(in, setting{width: bx.w, indent: bx.x, align: doc.AlignCenter, size: size, pitch: 1.45 * size})
	e.release(in)
	tagBoxes(lines, c, RoleText)
	// A caption of two lines is not split.
	for _, l := range lines[:max(0, len(lines)-1)] {
		l.keep = true
	}
	return lines
}

// caption sets caption c above what follows, kept with it: a table's
// caption, or a listing's written before it.
func (e *engine) caption(c *doc.Node, ctx fonts.Context, bx box, above bool) {
	body := e.g.bodySize
	if !above {
		e.keepLast(0)
		e.gap(0.4 * body)
		e.add(e.captionLines(c, ctx, bx)...)
		return
	}
	e.gap(0.7 * body)
	lines := e.captionLines(c, ctx, bx)
	for _, l := range lines {
		l.keep = true
	}
	e.add(lines...)
	e.gap(0.3 * body)
}

// blockFigure lays out a figure that shows blocks (a table, a listing, an
// author's HTML figure) with its caption where the figure puts it, kept
// with the content next to it: above it, or under its last line.
func (e *engine) blockFigure(n *doc.Node, ctx fonts.Context, bx box) {
	if n.ID != "" {
		e.anchorBox(n.ID)
	}
	inner := ctx.Enter(n)
	for i, c := range n.Children {
		if c.Kind == doc.Caption {
			e.caption(c, inner, bx, i == 0)
			continue
		}
		e.block(c, inner, bx)
	}
}

// epigraph sets the quotation that opens a chapter: smaller than the
// text, in the right part of the text block, each line set flush right.
func (e *engine) epigraph(n *doc.Node, ctx fonts.Context, bx box) {
	size := 0.9 * e.g.bodySize
	inner := ctx.Enter(n)
	ebx := box{bx.x + 0.3*bx.w, 0.7 * bx.w}
	e.gap(0.6 * e.g.bodySize)
	for _, p := range n.Children {
		if !p.Kind.HoldsInlines() {
			e.block(p, inner, ebx)
			continue
		}
		in := e.newInline()
		if p.ID != "" {
			in.anchor(p.ID)
		}
		in.nodes(p.Children, inner.Enter(p), look{size: size, color: colorMuted})
		lines := e.setLines(in, setting{width: ebx.w, indent: ebx.x, align: doc.AlignRight, size: size, pitch: 1.5 * size})
		tagBoxes(lines, p, RoleText)
		e.add(lines...)
		e.release(in)
	}
	e.gap(1.2 * e.g.bodySize)
}

// svg lays out an SVG drawing written inline in the chapter, as a figure.
func (e *engine) svg(n *doc.Node, ctx fonts.Context, bx box) {
	a := n.Image // made and checked by the book's loader (picture.InlineSVG)
	if a == nil {
		return
	}
	img := &doc.Node{Kind: doc.Image, Image: a, ID: n.ID, Pos: n.Pos}
	start := len(e.flow)
	e.figure(&doc.Node{Kind: doc.Figure, Children: []*doc.Node{img}, Pos: n.Pos}, ctx, bx)
	retag(e.flow[start:], n)
}
