package layout

import (
	"path"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/doc"
)

// placeholder is what a figure shows in place of a picture the PDF cannot
// draw (doc.Asset.NoPDF; the book's loader has warned where): a frame the
// picture's width, at least a third of the text block's, holding its alt
// text (its file name when it has none), centred and in italics, so that
// the reader sees that something is missing and what.
func (e *engine) placeholder(img *doc.Node, ctx fonts.Context, bx box, w float64) *vbox {
	body := e.g.bodySize
	w = min(bx.w, max(w, bx.w/3))
	x := bx.x + (bx.w-w)/2
	alt := img.Text
	if alt == "" && img.Image != nil {
		alt = path.Base(img.Image.Path)
	}
	size := 0.9 * body
	pad := 0.8 * body
	in := e.newInline()
	ctx.Style |= fonts.Italic
	in.text(ctx, look{size: size, color: colorMuted}, "["+alt+"]")
	lines := e.setLines(in, setting{width: w - 2*pad, indent: x + pad, align: doc.AlignCenter, size: size, pitch: 1.45 * size})
	parts := append([]*vbox{{h: pad}}, lines...)
	parts = append(parts, &vbox{h: pad})
	b := stack(parts)
	b.h = max(b.h, 3*body)
	lw := 0.6
	c := colorRule
	b.items = append(b.items,
		rule(x, 0, x+w, 0, lw, c),
		rule(x, b.h, x+w, b.h, lw, c),
		rule(x, 0, x, b.h, lw, c),
		rule(x+w, 0, x+w, b.h, lw, c))
	return b
}
