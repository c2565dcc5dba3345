package layout

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
)

// pageLine is a line of text on a page: its glyph runs joined in order,
// without spaces, and the top and baseline of its tallest run.
type pageLine struct {
	text      string
	top, base float64
}

// pageLines returns the lines of text of page p, top to bottom.
func pageLines(p *Page) []pageLine {
	byBase := map[float64][]Item{}
	for _, it := range p.Items {
		if it.Kind == Glyphs && !it.Furniture {
			y := math.Round(it.Y*10) / 10
			byBase[y] = append(byBase[y], it)
		}
	}
	var lines []pageLine
	for y, items := range byBase {
		sort.Slice(items, func(i, j int) bool { return items[i].X < items[j].X })
		var b strings.Builder
		size := 0.0
		for _, it := range items {
			b.WriteString(it.Text)
			size = max(size, it.Size())
		}
		lines = append(lines, pageLine{text: squeeze(b.String()), top: y - size, base: y})
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i].base < lines[j].base })
	return lines
}

// checkCaptions checks every captioned picture and table of b in the page
// model: the caption's first line is on the page of the picture, directly
// under it (nothing between), or on the page of the table's top rule,
// directly above it. It returns how many it checked.
func checkCaptions(t *testing.T, b *book.Book, d *Document) int {
	t.Helper()
	lines := make([][]pageLine, len(d.Pages))
	for i, p := range d.Pages {
		lines[i] = pageLines(p)
	}
	// find returns the page and line where caption text c starts.
	find := func(c string) (int, pageLine, bool) {
		key := []rune(squeeze(c))
		key = key[:min(len(key), 12)]
		for i := range lines {
			for _, l := range lines[i] {
				if strings.HasPrefix(l.text, string(key)) {
					return i, l, true
				}
			}
		}
		return 0, pageLine{}, false
	}
	body := b.Manifest.PDF.FontSize
	if body == 0 {
		body = 10
	}
	n := 0
	for _, ch := range b.Chapters {
		doc.Walk(ch.Blocks, func(f *doc.Node) bool {
			if f.Kind != doc.Figure {
				return true
			}
			caption, img, table := doc.FigureParts(f)
			if caption == nil || (img == nil || img.Image == nil || img.Image.NoPDF != "") && table == nil {
				return false
			}
			text := doc.InlineText(caption.Children)
			pi, line, ok := find(text)
			if !ok {
				t.Errorf("%s: caption %q is on no page", ch.Path, text)
				return false
			}
			n++
			p := d.Pages[pi]
			if img != nil {
				// The picture on that page that ends closest above the
				// caption, with no line of text in between.
				best := math.Inf(1)
				for _, it := range p.Items {
					if it.Kind == Picture && it.Image == img.Image && it.Y+it.H <= line.top+0.01 {
						best = min(best, line.top-(it.Y+it.H))
					}
				}
				if best > 1.5*body {
					t.Errorf("%s: caption %q on page %d is not directly under its picture (gap %.1f pt)", ch.Path, text, pi+1, best)
				}
				return false
			}
			// A table: its top rule just under the caption.
			ruled := false
			for _, it := range p.Items {
				if it.Kind == Rule && it.LineWidth == ruleThick && it.Y >= line.base && it.Y-line.base < 2*body {
					ruled = true
				}
			}
			if !ruled {
				t.Errorf("%s: caption %q on page %d is not directly above its table", ch.Path, text, pi+1)
			}
			return false
		})
	}
	return n
}

// TestCaptionsStayWithFigures fills a page so that a captioned picture
// does not fit at its end: the picture floats to the next page, its
// caption with it; a table's caption goes above it and stays on its page.
func TestCaptionsStayWithFigures(t *testing.T) {
	var md strings.Builder
	md.WriteString("# 图\n\n")
	for range 30 {
		md.WriteString("这是一段正文，用来把这一页填到快满的地方。\n\n")
	}
	md.WriteString("![](tall.png)\n\n*图 1-1 一张高高的图*\n\n后面的正文。\n\n")
	for range 22 {
		md.WriteString("又一段正文，把下一页也填到差不多。\n\n")
	}
	md.WriteString("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n*表 1-1 一张小表*\n")
	d, b, _ := typesetFiles(t, map[string]string{
		"book.yaml": "title: T\nlanguage: zh-CN\nchapters: [a.md]\n",
		"a.md":      md.String(),
		"tall.png":  pngFile(t, 300, 500),
	})
	if n := checkCaptions(t, b, d); n != 2 {
		t.Errorf("%d captions checked, want 2", n)
	}
}

// pngFile returns a w×h PNG.
func pngFile(t *testing.T, w, h int) string {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
