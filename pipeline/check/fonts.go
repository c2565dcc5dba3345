package check

import (
	"fmt"
	"unicode"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// Covers reports whether the book's fonts have a glyph for r, in the font
// used for code (code) or for prose.
type Covers func(r rune, code bool) bool

// FontCoverage returns the check that reports characters no font of the
// book covers: each such character once, at its first use, with the
// number of its uses. White space and control characters are not looked
// at.
//
// TODO(fonts): the fonts package (being built) reports the coverage of the
// book's fonts. Once it lands, make a Covers from it and add
// Check{"font coverage", FontCoverage(covers)} to the checks ebook check
// runs (Default, or the command's list when the fonts come from the
// manifest); TestFontCoverageWithFonts waits for it.
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
