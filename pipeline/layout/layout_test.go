package layout

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
)

// load loads the book of manifest and its fonts.
func load(t testing.TB, manifest string) (*book.Book, *fonts.Set) {
	t.Helper()
	var d diag.List
	b := book.Load(manifest, book.Options{}, &d)
	if b == nil {
		t.Fatalf("loading %s: %v", manifest, d.Items())
	}
	set := fonts.LoadBook(b, &d)
	if set == nil {
		t.Fatalf("fonts of %s: %v", manifest, d.Items())
	}
	return b, set
}

// books are the books every property is checked on: the content book, the
// feature book and, when it is there, gopl-zh.
func books(t *testing.T) map[string]string {
	m := map[string]string{
		"content": "../../book.yaml",
		"feature": "../../testdata/featurebook/book.yaml",
	}
	if !testing.Short() {
		if _, err := os.Stat(filepath.Join(os.Getenv("EBOOK_CORPUS"), "SUMMARY.md")); err == nil || corpusNear() {
			m["gopl-zh"] = testenv.CorpusManifest(t)
		}
	}
	return m
}

// corpusNear reports whether the gopl-zh corpus sits next to the checkout.
func corpusNear() bool {
	wd, _ := os.Getwd()
	for dir := wd; filepath.Dir(dir) != dir; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "shared", "corpus", "gopl-zh", "SUMMARY.md")); err == nil {
			return true
		}
	}
	return false
}

// Marks no line may start with, and marks no line may end with (the
// Chinese rules; the line breaker's tests check the full sets).
const (
	noStart = "、。，．：；？！）」』】〉》〕”’…‥％"
	noEnd   = "（「『【〈《〔“‘"
)

// lines groups the prose glyph runs of a page into lines, by baseline,
// each sorted left to right.
func lines(p *Page) [][]Item {
	by := map[float64][]Item{}
	var ys []float64
	for _, it := range p.Items {
		if it.Kind != Glyphs || it.Code || it.Furniture || it.Text == "" {
			continue
		}
		y := float64(int(it.Y*10+0.5)) / 10
		if _, ok := by[y]; !ok {
			ys = append(ys, y)
		}
		by[y] = append(by[y], it)
	}
	var out [][]Item
	for _, y := range ys {
		l := by[y]
		for i := 1; i < len(l); i++ {
			for j := i; j > 0 && l[j].X < l[j-1].X; j-- {
				l[j], l[j-1] = l[j-1], l[j]
			}
		}
		out = append(out, l)
	}
	return out
}

func kinsoku(t *testing.T, name string, doc *Document) int {
	t.Helper()
	n := 0
	for _, p := range doc.Pages {
		for _, l := range lines(p) {
			first, _ := utf8.DecodeRuneInString(l[0].Text)
			last, _ := utf8.DecodeLastRuneInString(l[len(l)-1].Text)
			if strings.ContainsRune(noStart, first) {
				t.Errorf("%s: page %d: a line starts with %q: %q", name, p.Index+1, first, l[0].Text)
			}
			if strings.ContainsRune(noEnd, last) {
				t.Errorf("%s: page %d: a line ends with %q: %q", name, p.Index+1, last, l[len(l)-1].Text)
			}
			n++
		}
	}
	return n
}

// breaks checks the raw pages: no page ends with a heading, the first line
// of a paragraph or a paragraph that introduces a listing ("as follows:"),
// none starts with the last line of one or with a blank line in a listing.
func breaks(t *testing.T, name string, laid [][]*rawPage) {
	t.Helper()
	for r, run := range laid {
		for i, p := range run {
			var content []*vbox
			for _, b := range p.boxes {
				if !b.glue && b.h > 0 {
					content = append(content, b)
				}
			}
			if len(content) == 0 {
				continue
			}
			last := content[len(content)-1]
			if i < len(run)-1 {
				if last.role&roleHeading != 0 {
					t.Errorf("%s: run %d page %d ends with a heading", name, r, i+1)
				}
				if last.role&roleFirstLine != 0 {
					t.Errorf("%s: run %d page %d ends with a paragraph's first line (an orphan)", name, r, i+1)
				}
				if last.role&roleLeadIn != 0 {
					t.Errorf("%s: run %d page %d ends with the paragraph that introduces a listing", name, r, i+1)
				}
			}
			if i > 0 && content[0].role&roleLastLine != 0 {
				t.Errorf("%s: run %d page %d starts with a paragraph's last line (a widow)", name, r, i+1)
			}
			if i > 0 && isBlank(content[0].code) && content[0].code[0].Line > 0 {
				t.Errorf("%s: run %d page %d starts with a blank line of a listing", name, r, i+1)
			}
		}
	}
}

// TestBooks checks the layout of whole books: everything inside the text
// block; the Chinese line-start and line-end rules; page breaks; every
// internal link to a destination; every listing read back from the page
// model by position equal to its source; every image on a page, inside
// the text block, with its aspect ratio.
func TestBooks(t *testing.T) {
	for name, manifest := range books(t) {
		t.Run(name, func(t *testing.T) {
			b, set := load(t, manifest)
			doc, laid, err := typeset(b, set, true)
			if err != nil {
				t.Fatal(err)
			}
			checkInside(t, doc, newGeometry(b.Manifest))
			lns := kinsoku(t, name, doc)
			breaks(t, name, laid)
			n := checkListings(t, b, doc, set.Cells)
			if name == "gopl-zh" && n < 800 {
				t.Errorf("only %d listings in gopl-zh", n)
			}
			checkImages(t, b, doc)
			caps := checkCaptions(t, b, doc)
			for _, p := range doc.Pages {
				for _, l := range p.Links {
					if l.URL == "" {
						if _, ok := doc.Dests[l.Dest]; !ok {
							t.Errorf("%s: page %d: a link to unknown destination %q", name, p.Index+1, l.Dest)
						}
					}
				}
			}
			t.Logf("%s: %d pages, %d lines of prose, %d listings, %d captions checked", name, len(doc.Pages), lns, n, caps)
		})
	}
}

// TestDeterministic lays a book out with one thread and with several: the
// page models are the same.
func TestDeterministic(t *testing.T) {
	b, set := load(t, "../../testdata/featurebook/book.yaml")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one, err := Typeset(b, set)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GOMAXPROCS(4)
	four, err := Typeset(b, set)
	if err != nil {
		t.Fatal(err)
	}
	if a, c := dump(one), dump(four); a != c {
		t.Error("the page model depends on the number of threads")
	}
}

func dump(d *Document) string {
	var b strings.Builder
	for _, p := range d.Pages {
		fmt.Fprintf(&b, "page %d %s\n", p.Index, p.Label)
		for _, it := range p.Items {
			fmt.Fprintf(&b, "%d %.3f %.3f %.3f %.3f %q %.3f %v\n", it.Kind, it.X, it.Y, it.W, it.H, it.Text, it.CharSpacing, it.Color)
		}
		for _, l := range p.Links {
			fmt.Fprintf(&b, "link %+v\n", l)
		}
	}
	return b.String()
}

// TestBadInput lays out books made to break a typesetter: each must lay
// out, inside the text block.
func TestBadInput(t *testing.T) {
	nest := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "deep" + strings.Repeat(close, n)
	}
	var lists strings.Builder
	for i := range 100 {
		fmt.Fprintf(&lists, "%s- level %d\n", strings.Repeat("  ", i), i)
	}
	var quotes strings.Builder
	for i := range 100 {
		fmt.Fprintf(&quotes, "%s 引用 %d\n", strings.Repeat(">", i+1), i)
	}
	tests := map[string]string{
		"1 MB paragraph without spaces": strings.Repeat("中文没有空格的段落", 40000),
		"1 MB of letters":               strings.Repeat("abcdefghij", 100000),
		"10,000-character URL":          "See https://example.com/" + strings.Repeat("a/b?c=d&", 1250) + " now.",
		"lists nested 100 deep":         lists.String(),
		"quotes nested 100 deep":        quotes.String(),
		"emphasis nested":               nest("*a ", " b*", 50),
		"empty chapter":                 "",
		"only a heading":                "# 只有标题",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			m := testenv.WriteBook(t, map[string]string{
				"book.yaml": "title: T\nlanguage: zh-CN\nchapters:\n  - file: a.md\n    title: A\n",
				"a.md":      src,
			})
			b, set := load(t, m)
			doc, err := Typeset(b, set)
			if err != nil {
				t.Fatal(err)
			}
			checkInside(t, doc, newGeometry(b.Manifest))
		})
	}
}

// TestTitlePage: the title is set as text is: a long one wraps inside the
// page, and Chinese next to Latin is spaced as in the body; the page shows
// no number.
func TestTitlePage(t *testing.T) {
	tests := []struct {
		name, title string
		minLines    int
	}{
		{"mixed", "Go语言圣经", 1},
		{"long", strings.Repeat("Advanced Go Programming 高级编程 ", 12), 4},
		{"one long word", strings.Repeat("高级", 200), 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testenv.WriteBook(t, map[string]string{
				"book.yaml": "title: " + tt.title + "\nlanguage: zh-CN\nchapters:\n  - a.md\n",
				"a.md":      "# A\n\n正文。\n",
			})
			b, set := load(t, m)
			d, err := Typeset(b, set)
			if err != nil {
				t.Fatal(err)
			}
			checkInside(t, d, newGeometry(b.Manifest))
			title := d.Pages[0]
			for _, it := range title.Items {
				if it.Kind == Glyphs && it.Text == title.Label {
					t.Errorf("the title page shows its number %q", it.Text)
				}
			}
			ls := lines(title)
			// The title's lines are the largest on the page.
			top := 0.0
			for _, l := range ls {
				top = max(top, l[0].Size())
			}
			var big [][]Item
			for _, l := range ls {
				if l[0].Size() == top {
					big = append(big, l)
				}
			}
			if len(big) < tt.minLines {
				t.Fatalf("title in %d lines, want at least %d", len(big), tt.minLines)
			}
			if tt.name != "mixed" {
				return
			}
			l := big[0]
			if len(l) != 2 || l[0].Text != "Go" {
				t.Fatalf("title line: %+v", l)
			}
			gap := l[1].X - (l[0].X + l[0].W)
			if em := l[0].Size(); gap < 0.15*em || gap > 0.3*em {
				t.Errorf("gap between Go and 语言圣经: %.2f pt (%.2f em), want about a quarter em", gap, gap/em)
			}
		})
	}
}
