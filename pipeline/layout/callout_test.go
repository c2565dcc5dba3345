package layout

import (
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/highlight"
)

// TestCallout checks a GitHub-style alert on the page: its title, the
// kind's word in the book's language, set before its text, and a rule in
// the kind's colour on its left along both; a long one breaks across pages
// with its rule on each; an unknown kind is an ordinary quote.
func TestCallout(t *testing.T) {
	long := strings.Repeat("A warning long enough to fill pages. ", 60)
	src := "# Callouts\n\n> [!NOTE]\n> Useful information.\n\n> [!DANGER]\n> Not an alert.\n\n> [!WARNING]\n" +
		strings.Repeat("> "+long+"\n>\n", 8)
	for _, tt := range []struct{ lang, note, warning string }{
		{"en", "Note", "Warning"},
		{"zh-CN", "备注", "警告"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			d, b, diags := typesetFiles(t, map[string]string{
				"book.yaml": "title: T\nlanguage: " + tt.lang + "\nchapters: [a.md]\n",
				"a.md":      src,
			})
			if items := diags.Items(); len(items) > 0 {
				t.Fatalf("diagnostics: %v", items)
			}
			alertOf := map[*doc.Node]doc.Alert{} // a callout's paragraphs
			for _, ch := range b.Chapters {
				doc.Walk(ch.Blocks, func(n *doc.Node) bool {
					if n.Kind == doc.Callout {
						for _, c := range n.Children {
							alertOf[c] = n.Alert
						}
					}
					return true
				})
			}
			checkOnPage(t, d)
			type found struct {
				title    *Item
				text     []*Item // the callout's paragraphs' glyphs
				rules    []*Item
				textPage map[int]bool
				rulePage map[int]bool
			}
			kinds := map[doc.Alert]*found{}
			get := func(a doc.Alert) *found {
				if kinds[a] == nil {
					kinds[a] = &found{textPage: map[int]bool{}, rulePage: map[int]bool{}}
				}
				return kinds[a]
			}
			quoteRules := 0
			for _, p := range d.Pages {
				for i := range p.Items {
					it := &p.Items[i]
					switch {
					case it.Kind == Rule && it.X == it.X2 && it.Color == colorQuoteRule:
						quoteRules++
					case it.Kind == Rule && it.X == it.X2:
						for a := doc.AlertNote; a <= doc.AlertCaution; a++ {
							if it.Color == colorAlert[a] {
								f := get(a)
								f.rules = append(f.rules, it)
								f.rulePage[p.Index] = true
							}
						}
					case it.Kind == Glyphs && it.Node != nil && it.Node.Kind == doc.Callout:
						if f := get(it.Node.Alert); f.title == nil {
							f.title = it
						} else {
							f.title.Text += it.Text
						}
					case it.Kind == Glyphs && it.Node != nil && it.Node.Kind == doc.Paragraph:
						if a := alertOf[it.Node]; a != doc.AlertNone {
							f := get(a)
							f.text = append(f.text, it)
							f.textPage[p.Index] = true
						}
					}
				}
			}
			for a, word := range map[doc.Alert]string{doc.AlertNote: tt.note, doc.AlertWarning: tt.warning} {
				f := get(a)
				if f.title == nil || f.title.Text != word {
					t.Errorf("%v: title %v, want %q", a, f.title, word)
					continue
				}
				if len(f.text) == 0 || len(f.rules) == 0 {
					t.Errorf("%v: %d text items, %d rules", a, len(f.text), len(f.rules))
					continue
				}
				r, body := f.rules[0], f.text[0]
				if body.Y <= f.title.Y {
					t.Errorf("%v: text at y %.1f, not below its title at %.1f", a, body.Y, f.title.Y)
				}
				if r.X >= f.title.X || r.Y > f.title.Y || r.Y2 < body.Y {
					t.Errorf("%v: rule x %.1f y %.1f-%.1f is not left of and along the title (x %.1f y %.1f) and text (y %.1f)",
						a, r.X, r.Y, r.Y2, f.title.X, f.title.Y, body.Y)
				}
				for pg := range f.textPage {
					if !f.rulePage[pg] {
						t.Errorf("%v: text on page %d without its rule", a, pg+1)
					}
				}
			}
			if w := get(doc.AlertWarning); len(w.textPage) < 2 {
				t.Errorf("the long warning is on %d pages, want it broken across pages", len(w.textPage))
			}
			if quoteRules == 0 {
				t.Error("the quote of an unknown kind has no quote rule")
			}
		})
	}
}

// TestCalloutColours checks the callouts' rules against the white page:
// each kind's colour its own, and at least 4.5:1 on white, the website's
// light theme's contrast (the same colours), more than the 3:1 WCAG asks
// of a line that is not text.
func TestCalloutColours(t *testing.T) {
	white := highlight.RGB{R: 0xff, G: 0xff, B: 0xff}
	seen := map[RGB]doc.Alert{}
	for a := doc.AlertNote; a <= doc.AlertCaution; a++ {
		c := colorAlert[a]
		if b, ok := seen[c]; ok || c == colorQuoteRule {
			t.Errorf("%v: colour %v also %v's or the quotes'", a, c, b)
		}
		seen[c] = a
		if got := highlight.Contrast(highlight.RGB{R: c.R, G: c.G, B: c.B}, white); got < 4.5 {
			t.Errorf("%v: colour %v is %.2f:1 on white, under 4.5:1", a, c, got)
		}
	}
}
