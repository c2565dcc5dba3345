package book

import (
	"unicode"

	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/lang"
)

// markLatin marks, in a Chinese or Japanese book, each paragraph, list
// item and table cell written wholly in Latin script with the book's
// secondary language (secondary_language:, default en), so that a screen
// reader reads it with an English voice rather than spelling it out in a
// Chinese one (WCAG 3.1.2, language of parts). A language the author gave
// ({lang=...} on a heading, lang in raw HTML) is kept, and so is all below
// it.
func (l *loader) markLatin(ch *Chapter) {
	m := l.book.Manifest
	if !lang.IsCJK(m.Language) {
		return
	}
	tag := m.SecondaryLanguage
	if tag == "" {
		tag = "en"
	}
	visit := func(n *doc.Node) bool {
		if n.Lang != "" && n.Kind != doc.CodeBlock {
			return false
		}
		switch n.Kind {
		case doc.Paragraph, doc.ListItem, doc.TableCell:
			if whollyLatin(n) {
				n.Lang = tag
				return false
			}
		case doc.Figure, doc.CodeBlock:
			return n.Kind == doc.Figure
		}
		return n.Kind.IsBlock()
	}
	ch.Walk(visit)
}

// whollyLatin reports whether the prose of n (code aside) has Latin letters
// and letters of no other script.
func whollyLatin(n *doc.Node) bool {
	latin := false
	ok := true
	doc.Walk(n.Children, func(c *doc.Node) bool {
		switch c.Kind {
		case doc.Code, doc.CodeBlock, doc.Kbd, doc.SVG, doc.InlineSVG:
			return false
		case doc.Text:
			for _, r := range c.Text {
				switch {
				case unicode.Is(unicode.Latin, r):
					latin = true
				case unicode.IsLetter(r):
					ok = false
				}
			}
		case doc.Image:
			// Alt text is prose too.
			for _, r := range c.Text {
				if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
					ok = false
				}
			}
		}
		return ok
	})
	return ok && latin
}
