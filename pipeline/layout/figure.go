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

// figure lays out a block image with its caption, centred, as one box
// that floats: when it does not fit the rest of the page, it goes to the
// top of the next, and the text after it fills the gap.
func (e *engine) figure(n *doc.Node, ctx fonts.Context, bx box) {
	body := e.g.bodySize
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
	e.gap(0.8 * body)
	if img.Image == nil {
		if img.ID != "" {
			e.anchorBox(img.ID)
		}
		e.paragraph(&doc.Node{Kind: doc.Paragraph, Children: []*doc.Node{img}, Pos: img.Pos}, ctx, bx, doc.AlignCenter)
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
	if img.ID != "" {
		parts[0].dests = []string{destName(e.ch.Index, img.ID)}
	}
	if caption != nil {
		parts = append(parts, &vbox{h: 0.4 * body})
		in := e.newInline()
		size := 0.9 * body
		in.nodes(caption.Children, ctx, look{size: size, color: colorMuted})
		parts = append(parts, e.setLines(in, setting{width: bx.w, indent: bx.x, align: doc.AlignCenter, size: size, pitch: 1.45 * size})...)
	}
	fig := stack(parts)
	fig.float = true
	e.add(fig)
	e.gap(0.8 * body)
}

// svg lays out an SVG drawing written inline in the chapter, as a figure.
func (e *engine) svg(n *doc.Node, ctx fonts.Context, bx box) {
	a := svgAsset(n.Text)
	if a == nil {
		return
	}
	img := &doc.Node{Kind: doc.Image, Image: a, ID: n.ID, Pos: n.Pos}
	e.figure(&doc.Node{Kind: doc.Figure, Children: []*doc.Node{img}, Pos: n.Pos}, ctx, bx)
}
