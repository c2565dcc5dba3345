package layout

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
)

// loadTestBook writes a book of the given chapters (file name to Markdown,
// in order) with extra manifest lines, and loads it with its fonts.
// Files whose name does not end in .md are written too (images), but are
// not chapters.
func loadTestBook(t testing.TB, yaml string, files ...string) (*book.Book, *fonts.Set) {
	t.Helper()
	dir := t.TempDir()
	var m strings.Builder
	m.WriteString("title: 测试\nauthors: [T]\nlanguage: zh-CN\n" + yaml + "\nchapters:\n")
	for i := 0; i+1 < len(files); i += 2 {
		name, content := files[i], files[i+1]
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".md") {
			fmt.Fprintf(&m, "  - %s\n", name)
		}
	}
	mp := filepath.Join(dir, "book.yaml")
	if err := os.WriteFile(mp, []byte(m.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return load(t, mp)
}

// typeset typesets a book, failing the test on an error.
func typesetT(t testing.TB, b *book.Book, set *fonts.Set) *Document {
	t.Helper()
	d, err := Typeset(b, set)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// textBlock is the text block of page i, in page coordinates.
type textBlock struct{ x0, y0, x1, y1 float64 }

func blockOf(g geometry, page int) textBlock {
	l := g.left(page)
	return textBlock{l, g.top, l + g.textW, g.top + g.textH}
}

// glyphBox is the box a glyph run takes: its advance, from the face's
// ascent above the baseline to its descent below.
func glyphBox(it Item) (x0, y0, x1, y1 float64) {
	m := it.Face.Metrics()
	em := float64(m.UnitsPerEm)
	if em <= 0 {
		em = 1000
	}
	return it.X, it.Y - float64(m.Ascent)/em*it.Size(), it.X + it.W, it.Y - float64(m.Descent)/em*it.Size()
}

// furnitureSize is the size of running heads and page numbers.
func furnitureSize(g geometry) float64 { return 0.82 * g.bodySize }

// checkInside fails the test for every glyph run that is not inside its
// page's text block, and for every picture too. The running head above the
// text block and the page number below it are allowed there: glyphs of the
// furniture's size lying wholly in the margin above or below the block,
// within its width.
func checkInside(t testing.TB, d *Document, g geometry) {
	t.Helper()
	const eps = 0.01
	bad := 0
	for _, p := range d.Pages {
		tb := blockOf(g, p.Index)
		for _, it := range p.Items {
			var x0, y0, x1, y1 float64
			switch it.Kind {
			case Glyphs:
				if it.Face == nil || it.Text == "" {
					continue
				}
				x0, y0, x1, y1 = glyphBox(it)
			case Picture:
				x0, y0, x1, y1 = it.X, it.Y, it.X+it.W, it.Y+it.H
			default:
				continue
			}
			inX := x0 >= tb.x0-eps && x1 <= tb.x1+eps
			inside := inX && y0 >= tb.y0-eps && y1 <= tb.y1+eps
			furniture := it.Kind == Glyphs && it.Size() == furnitureSize(g) && inX &&
				(y1 <= tb.y0+eps && y0 >= 0 || y0 >= tb.y1-eps && y1 <= g.pageH)
			if inside || furniture {
				continue
			}
			if bad++; bad <= 20 {
				t.Errorf("page %d (%s): %v %q at x %.2f–%.2f, y %.2f–%.2f: outside the text block x %.2f–%.2f, y %.2f–%.2f",
					p.Index+1, p.Label, it.Kind, it.Text, x0, x1, y0, y1, tb.x0, tb.x1, tb.y0, tb.y1)
			}
		}
	}
	if bad > 20 {
		t.Errorf("... %d items outside the text block in all", bad)
	}
}
