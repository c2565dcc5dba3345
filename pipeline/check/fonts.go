package check

import (
	"fmt"
	"unicode"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// Fonts is the check of the book's fonts: font files book.yaml names that
// cannot be used, and every character no font of its chain has, reported
// as ebook build reports them (fonts.Report): once, at its first use, with
// the number of its uses.
func Fonts(b *Book, diags *diag.List) {
	set := fonts.LoadBook(b.Book, diags)
	if set == nil {
		return
	}
	fonts.Report(fonts.ScanBook(b.Book, set), set, diags)
}

// Covers reports whether the book's fonts have a glyph for r, in the font
// used for code (code) or for prose.
type Covers func(r rune, code bool) bool

// FontCoverage returns the check that reports characters no font of the
// book covers: each such character once, at its first use, with the
// number of its uses. White space and control characters are not looked
// at.
//
// ebook check runs Fonts, which reports with the book's own fonts and
// chains; FontCoverage is for checks with fonts of another kind.
func FontCoverage(covers Covers) Func {
	return func(b *Book, diags *diag.List) {
		type use struct {
			pos   diag.Pos
			count int
			code  bool
		}
		type key struct {
			r    rune
			code bool
		}
		seen := map[key]*use{}
		var order []key
		for _, ch := range b.Chapters {
			if ch.Failed {
				continue
			}
			src := ch.File.Source()
			var visit func(code bool) func(n *doc.Node) bool
			visit = func(code bool) func(n *doc.Node) bool {
				return func(n *doc.Node) bool {
					var text string
					isCode := code
					switch n.Kind {
					case doc.Text, doc.Image:
						text = n.Text
					case doc.Code, doc.CodeBlock, doc.Kbd:
						text, isCode = n.Text, true
					case doc.SVG, doc.InlineSVG:
						return false
					default:
						return true
					}
					for i, r := range text {
						if unicode.IsSpace(r) || unicode.IsControl(r) || covers(r, isCode) {
							continue
						}
						k := key{r, isCode}
						if u := seen[k]; u != nil {
							u.count++
							continue
						}
						off := locate(src, n.Pos, text[i:i+len(string(r))])
						seen[k] = &use{pos: ch.File.Pos(off), count: 1, code: isCode}
						order = append(order, k)
					}
					return false
				}
			}
			doc.Walk(ch.Blocks, visit(false))
			for _, fn := range ch.Footnotes {
				doc.Walk(fn.Blocks, visit(false))
			}
		}
		for _, k := range order {
			u, r := seen[k], k.r
			font := "text"
			if u.code {
				font = "code"
			}
			uses := ""
			if u.count > 1 {
				uses = fmt.Sprintf(" (first of %d uses)", u.count)
			}
			diags.Warnf(u.pos, "character %q (U+%04X) is in no font of the book for %s: readers see a blank box%s", r, r, font, uses)
		}
	}
}
