package pdf

import (
	"bytes"
	"fmt"
	"runtime"
	"unicode/utf8"

	"github.com/signintech/gopdf"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/layout"
)

// textWindows cuts n pages into windows, each drawn by a gopdf document of
// its own (see Draw), as [lo, hi) ranges of about equal length. Drawn, a
// window's text is compressed and its document let go, so that the text
// held uncompressed is that of the windows being drawn, one per core:
// windows have at most maxTextPages pages, whatever the length of the
// book. A short book is cut into enough windows to keep the cores busy
// beside the frame (two for each), of minTextPages at least: each document
// embeds every face again (gopdf allocates a zlib writer of 600 KB for
// each face it writes), which makes small windows slow. The output does
// not depend on the windows: a page's content is the same whichever
// document draws it.
func textWindows(n int) [][2]int {
	const minTextPages, maxTextPages = 16, 128
	k := (n + minTextPages - 1) / minTextPages
	if cores := runtime.GOMAXPROCS(0); cores == 1 {
		k = 1
	} else {
		k = min(k, 2*cores)
	}
	k = max(k, (n+maxTextPages-1)/maxTextPages)
	w := make([][2]int, k)
	for i := range w {
		w[i] = [2]int{i * n / k, (i + 1) * n / k}
	}
	return w
}

// drawText draws the glyph runs of pages in a gopdf document of their own,
// with the faces without outlines, and returns each page's content stream,
// uncompressed (nil for a page without text).
//
// tags, when not nil, are the marked content of the pages (see markText).
func drawText(d *layout.Document, faces []*pdfFace, pages []*layout.Page, tags []pageTags) ([][]byte, error) {
	var g gopdf.GoPdf
	g.Start(gopdf.Config{PageSize: gopdf.Rect{W: d.Width, H: d.Height}, Unit: gopdf.UnitPT})
	g.SetNoCompression()
	if err := register(&g, faces, false); err != nil {
		return nil, err
	}
	byFace := make(map[*fonts.Face]string, len(faces))
	for _, f := range faces {
		byFace[f.face] = f.name
	}
	family, size := "", 0.0
	glyphs, runs := 0, 0
	for _, p := range pages {
		g.AddPage()
		for i := range p.Items {
			it := &p.Items[i]
			if !drawsText(it) {
				continue
			}
			name := byFace[it.Face]
			if name != family || it.Size() != size {
				if err := g.SetFont(name, "", it.Size()); err != nil {
					return nil, fmt.Errorf("page %d: %w", p.Index+1, err)
				}
				family, size = name, it.Size()
			}
			g.SetTextColor(it.Color.R, it.Color.G, it.Color.B)
			if err := g.SetCharSpacing(it.CharSpacing); err != nil {
				return nil, fmt.Errorf("page %d: %w", p.Index+1, err)
			}
			g.SetXY(it.X, it.Y)
			glyphs, runs = glyphs+utf8.RuneCountInString(it.Text), runs+1
			text := it.Text
			if tags != nil {
				if head, tail, x, ok := spreadTail(it); ok {
					if err := g.Text(head); err != nil {
						return nil, fmt.Errorf("page %d: %w", p.Index+1, err)
					}
					if err := g.SetCharSpacing(0); err != nil {
						return nil, fmt.Errorf("page %d: %w", p.Index+1, err)
					}
					g.SetXY(x, it.Y)
					text = tail
				}
				if spaceAfter(it) {
					text += " "
				}
			}
			if err := g.Text(text); err != nil {
				return nil, fmt.Errorf("page %d: %w", p.Index+1, err)
			}
		}
	}
	var out bytes.Buffer
	// What gopdf writes: four hexadecimal digits a glyph, some 90
	// bytes a run, the fonts without outlines.
	out.Grow(4*glyphs + 100*runs + 64<<10*len(faces))
	if _, err := g.WriteTo(&out); err != nil {
		return nil, err
	}
	contents, err := pageContents(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("reading gopdf's output: %w", err)
	}
	if len(contents) != len(pages) {
		return nil, fmt.Errorf("gopdf wrote %d pages of text for %d", len(contents), len(pages))
	}
	if tags != nil {
		for i, p := range pages {
			if contents[i], err = markText(contents[i], p, &tags[p.Index]); err != nil {
				return nil, fmt.Errorf("page %d: %w", p.Index+1, err)
			}
		}
	}
	return contents, nil
}
