package linebreak

import (
	"strings"
	"testing"
)

// TestCorpusLines sets every paragraph of gopl-zh at a book's text width,
// a narrow column and a table cell's width: no line overflows, and no
// line starts with a closing mark or ends with an opening one except at a
// forced or emergency break.
func TestCorpusLines(t *testing.T) {
	paras := corpusPieces(corpusParagraphs(t))
	for _, em := range []float64{38.3, 20, 8} {
		width := em * synthEm
		b := Builder{LineWidth: width}
		params := Params{Widths: []float64{width}}
		var lines, emergency int
		for _, pieces := range paras {
			p := b.Build(pieces)
			ls := KnuthPlass(p.Items, params)
			lines += len(ls)
			for i := range ls {
				l := &ls[i]
				if w := l.SetWidth(p.Items); w > width+1e-6 {
					t.Fatalf("%g em: line %q is %g wide", em, lineText(&p, pieces, l), w)
				}
				if l.Emergency {
					emergency++
				}
				first, last := boxRunes(&p, pieces, l)
				if i > 0 && !ls[i-1].Forced && !ls[i-1].Emergency && noStart(first) {
					t.Errorf("%g em: line starts with %q: %q", em, first, lineTexts(&p, pieces, ls))
				}
				if i < len(ls)-1 && !l.Forced && !l.Emergency && noEnd(last) {
					t.Errorf("%g em: line ends with %q: %q", em, last, lineTexts(&p, pieces, ls))
				}
			}
		}
		t.Logf("%g em: %d paragraphs, %d lines, %d emergency breaks", em, len(paras), lines, emergency)
	}
}

// TestCodeListing wraps code lines with a preformatted builder and the
// greedy breaker, as listings are: lines break after spaces where they
// can, nothing overflows, and the wrapped lines put together give back the
// source exactly, spaces and all.
func TestCodeListing(t *testing.T) {
	code := []string{
		`	fmt.Println("Hello, 世界") // 打印一行问候语，然后退出这个小小的程序`,
		`		resp, err := http.Get("https://example.com/some/very/long/path/that/does/not/fit/on/a/line")`,
		`x := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}`,
		strings.Repeat("z", 300),
		"    short := 1 // 短",
		"",
	}
	width := 30 * synthEm
	for _, src := range code {
		pieces := []Piece{synthPiece(src)}
		p := (&Builder{LineWidth: width, Preformatted: true}).Build(pieces)
		lines := Greedy(p.Items, Params{Widths: []float64{width}})
		var got strings.Builder
		for i := range lines {
			l := &lines[i]
			if l.SetWidth(p.Items) > width+1e-9 {
				t.Errorf("%q: line %d overflows", src, i)
			}
			got.WriteString(lineText(&p, pieces, l))
		}
		if got.String() != src {
			t.Errorf("wrapped %q\ngives back %q", src, got.String())
		}
		if len(lines) < 2 && synthMeasure(src) > width {
			t.Errorf("%q: not wrapped", src)
		}
	}
}
