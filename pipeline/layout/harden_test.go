package layout

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
)

// typesetFiles loads the book made of files (book.yaml and its chapters)
// and typesets it. The document is nil when the book has errors, which are
// then in diags.
func typesetFiles(t testing.TB, files map[string]string) (d *Document, b *book.Book, diags *diag.List) {
	t.Helper()
	diags = &diag.List{}
	b = book.Load(testenv.WriteBook(t, files), book.Options{}, diags)
	if b == nil {
		return nil, nil, diags
	}
	set := fonts.LoadBook(b, diags)
	if set == nil {
		t.Fatalf("fonts: %v", diags.Items())
	}
	d, err := Typeset(b, set)
	if err != nil {
		t.Fatal(err)
	}
	return d, b, diags
}

// typesetChapter typesets a book of one chapter, src, in language lang.
func typesetChapter(t testing.TB, lang, src string) (*Document, *diag.List) {
	t.Helper()
	d, _, diags := typesetFiles(t, map[string]string{
		"book.yaml": "title: T\nlanguage: " + lang + "\nchapters: [a.md]\n",
		"a.md":      src,
	})
	return d, diags
}

// checkOnPage reports everything the document draws outside its pages, and
// links to destinations it does not have.
func checkOnPage(t testing.TB, d *Document) {
	t.Helper()
	const eps = 0.01
	bad := 0
	report := func(p *Page, format string, args ...any) {
		if bad++; bad <= 10 {
			t.Errorf("page %d: %s", p.Index+1, fmt.Sprintf(format, args...))
		}
	}
	inside := func(x, y, x2, y2 float64) bool {
		return x >= -eps && y >= -eps && x2 <= d.Width+eps && y2 <= d.Height+eps && x <= x2+eps && y <= y2+eps
	}
	for _, p := range d.Pages {
		for _, it := range p.Items {
			switch it.Kind {
			case Glyphs:
				// The glyphs' box: the advance width, and the
				// font size above the baseline (descenders are
				// within the margins).
				if !inside(it.X, it.Y-it.Size(), it.X+it.W, it.Y) {
					report(p, "glyphs %q at (%.1f, %.1f), %.1f wide, size %.1f: outside the %.0f×%.0f page", it.Text, it.X, it.Y, it.W, it.Size(), d.Width, d.Height)
				}
			case Rule:
				if !inside(min(it.X, it.X2), min(it.Y, it.Y2), max(it.X, it.X2), max(it.Y, it.Y2)) {
					report(p, "rule (%.1f, %.1f)-(%.1f, %.1f) outside the page", it.X, it.Y, it.X2, it.Y2)
				}
			case Box, Picture:
				if !inside(it.X, it.Y, it.X+it.W, it.Y+it.H) || it.W < 0 || it.H < 0 {
					report(p, "box at (%.1f, %.1f), %.1f×%.1f: outside the page", it.X, it.Y, it.W, it.H)
				}
			}
		}
		for _, l := range p.Links {
			if !inside(l.X, l.Y, l.X+l.W, l.Y+l.H) {
				report(p, "link at (%.1f, %.1f), %.1f×%.1f: outside the page", l.X, l.Y, l.W, l.H)
			}
			if l.Dest != "" {
				if _, ok := d.Dests[l.Dest]; !ok {
					report(p, "link to missing destination %q", l.Dest)
				}
			}
		}
	}
	for name, dst := range d.Dests {
		if dst.Page < 0 || dst.Page >= len(d.Pages) || dst.Y < -eps || dst.Y > d.Height+eps {
			t.Errorf("destination %q at page %d, y %.1f: not on a page", name, dst.Page, dst.Y)
		}
	}
}

// TestNestingStaysOnPage: lists, quotes and definitions nested as deep as
// the Markdown limits allow stop indenting when the text would get too
// narrow, instead of running off the page (at 10,000 levels, markers ran
// off the right edge and the text was lost).
func TestNestingStaysOnPage(t *testing.T) {
	var dl strings.Builder
	for range 60 {
		dl.WriteString("<dl><dt>term</dt><dd>")
	}
	dl.WriteString("deepest definition")
	tests := map[string]string{
		"lists":          strings.Repeat("- ", 100) + "the deepest item of all\n",
		"ordered lists":  strings.Repeat("123456789. ", 100) + "x\n",
		"quotes":         strings.Repeat("> ", 100) + "the deepest quote of all, with enough words to fill a line or two of the narrow column\n",
		"definitions":    dl.String() + "\n",
		"lists in code":  strings.Repeat("- ", 60) + "\n" + strings.Repeat("  ", 60) + "```go\n" + strings.Repeat("  ", 60) + "func main() { println(\"a long line of code that has to wrap somewhere\") }\n" + strings.Repeat("  ", 60) + "```\n",
		"quoted table":   strings.Repeat("> ", 100) + "| a | b | c |\n" + strings.Repeat("> ", 100) + "|---|---|---|\n" + strings.Repeat("> ", 100) + "| 一二三四五六七八九十 | x | y |\n",
		"quoted heading": strings.Repeat("> ", 100) + "# a heading deep inside\n",
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			d, diags := typesetChapter(t, "en", "# A\n\n"+body)
			if d == nil {
				t.Fatalf("errors: %v", diags.Items())
			}
			checkOnPage(t, d)
			// The deepest text is there.
			found := false
			for _, p := range d.Pages {
				for _, it := range p.Items {
					if it.Kind == Glyphs && (strings.Contains(it.Text, "deep") || it.Text == "x" || strings.Contains(it.Text, "一") || strings.Contains(it.Text, "println")) {
						found = true
					}
				}
			}
			if !found {
				t.Error("the innermost text is not on any page")
			}
		})
	}
}

// TestPaginateLinear: breaking a flow into pages costs the same per page
// however long the flow is. Putting the boxes after a page break back in
// front of the queue used to copy the rest of the flow at every page: a
// 10 MB paragraph (7,000 pages) allocated 1.5 GB there. Allocations are
// counted, not timed: four times the lines may cost about four times the
// bytes, not sixteen.
func TestPaginateLinear(t *testing.T) {
	g := geometry{textH: 500, bodySize: 10}
	flow := func(lines int) []*vbox {
		out := make([]*vbox, lines)
		for i := range out {
			// Paragraphs of 10 lines, first and last two kept together.
			out[i] = &vbox{h: 12, keep: i%10 == 0 || i%10 >= 8}
		}
		return out
	}
	allocs := func(lines int) uint64 {
		e := &engine{g: g, flow: flow(lines)}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		pages := e.paginate()
		runtime.ReadMemStats(&after)
		n := 0
		for _, p := range pages {
			n += len(p.boxes)
		}
		if n != lines {
			t.Fatalf("%d lines on the pages, want %d", n, lines)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := allocs(20_000), allocs(80_000)
	if float64(large) > 6*float64(small) {
		t.Errorf("paginating 4× the lines allocated %.1f× the bytes (%d, %d): not linear", float64(large)/float64(small), small, large)
	}
}

// TestManyFootnotes: a chapter of 5,000 footnotes is set with each note on
// the page of its reference, and every reference links to its note.
func TestManyFootnotes(t *testing.T) {
	d, diags := typesetChapter(t, "en", testenv.Footnotes(5000))
	if d == nil {
		t.Fatalf("errors: %v", diags.Items())
	}
	checkOnPage(t, d)
	refs := 0
	for _, p := range d.Pages {
		for _, l := range p.Links {
			if strings.HasPrefix(l.Dest, "c0/fn-") {
				refs++
			}
		}
	}
	if refs != 5000 {
		t.Errorf("%d links to notes, want 5000", refs)
	}
}

// TestNoteInNote: a footnote referenced only from another footnote's text
// is set at the foot of the same page. It was never placed: its text was
// lost and the link to it pointed nowhere (found by FuzzTypeset).
func TestNoteInNote(t *testing.T) {
	d, diags := typesetChapter(t, "en", "# A\n\nNested[^n].\n\n[^n]: outer note with a ref[^m].\n[^m]: inner note\n")
	if d == nil {
		t.Fatalf("errors: %v", diags.Items())
	}
	checkOnPage(t, d)
	pageOf := func(text string) int {
		for _, p := range d.Pages {
			for _, it := range p.Items {
				if it.Kind == Glyphs && strings.Contains(it.Text, text) {
					return p.Index
				}
			}
		}
		return -1
	}
	if body, inner := pageOf("Nested"), pageOf("inner"); inner < 0 || inner != body {
		t.Errorf("the inner note is on page %d, the reference to the outer one on page %d", inner+1, body+1)
	}
}
