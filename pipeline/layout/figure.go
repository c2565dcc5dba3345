package layout

import (
	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/doc"
)

// printDPI is the resolution an image is shown at when it is narrower than
// the text block: its natural size, never enlarged beyond it.
const printDPI = 150

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

// figure lays out a block image with its caption, centred, kept together.
func (e *engine) figure(n *doc.Node, ctx fonts.Context, bx box) {
	body := e.g.bodySize
	e.gap(0.8 * body)
	var img, caption *doc.Node
	for _, c := range n.Children {
		switch c.Kind {
		case doc.Image:
			img = c
		case doc.Caption:
			caption = c
		}
	}
	if img == nil {
		return
	}
	if img.ID != "" {
		e.anchorBox(img.ID)
	}
	if img.Image == nil {
		e.paragraph(&doc.Node{Kind: doc.Paragraph, Children: []*doc.Node{img}, Pos: img.Pos}, ctx, bx, doc.AlignCenter)
	} else {
		w, h := imageSize(img, bx.w, 0.75*e.g.textH)
		x := bx.x + (bx.w-w)/2
		switch n.Align {
		case doc.AlignLeft:
			x = bx.x
		case doc.AlignRight:
			x = bx.x + bx.w - w
		}
		b := &vbox{h: h, items: []Item{{Kind: Picture, X: x, Y: 0, W: w, H: h, Image: img.Image}}}
		if caption != nil {
			b.keep = true
		}
		e.add(b)
	}
	if caption != nil {
		e.gap(0.4 * body)
		in := e.newInline()
		size := 0.9 * body
		in.nodes(caption.Children, ctx, look{size: size, color: colorMuted})
		e.add(e.setLines(in, setting{width: bx.w, indent: bx.x, align: doc.AlignCenter, size: size, pitch: 1.45 * size})...)
	}
	e.gap(0.8 * body)
}

// svg lays out an inline SVG drawing. The PDF cannot draw SVG yet: a
// framed note says what is missing rather than dropping it silently.
func (e *engine) svg(n *doc.Node, ctx fonts.Context, bx box) {
	e.paragraph(&doc.Node{Kind: doc.Paragraph, Children: []*doc.Node{{Kind: doc.InlineSVG, Text: n.Text}}}, ctx, bx, doc.AlignCenter)
}
