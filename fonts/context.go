package fonts

import (
	"encoding/xml"
	"strconv"
	"strings"
	"unicode"

	"github.com/gobook/ebook/pipeline/doc"
)

// Context is how text is set at a place in a document: its role, style
// and language. Writers start from Root and Enter each node on the way
// down, so that the EPUB (through its style sheet, which follows the same
// rules) and the PDF set every piece of text in the same role and style.
type Context struct {
	Role  Role
	Style Style
	Lang  string // BCP 47 tag in effect
	// Kai says that the quote role sets Chinese text in another face than
	// the body (Set.QuoteContrasts), so that long Chinese emphasis is set
	// in the quote face (see Emphasis). Set.Root sets it.
	Kai bool

	// whole is the emphasis that is all of the text of the innermost
	// paragraph (or caption, heading...) around.
	whole *doc.Node
}

// Root is the context at the top of a chapter of a book in lang.
func Root(lang string) Context { return Context{Role: Body, Style: Regular, Lang: lang} }

// Enter returns the context of n's content:
//
//   - headings: the heading role, bold;
//   - strong text, table header cells and definition terms: bold;
//   - block quotes, epigraphs, figure and table captions: the quote role;
//   - emphasis: italic, except emphasis of Chinese or Japanese text, which
//     has no italics and is marked with dots or set in the quote face (see
//     Emphasis);
//   - code spans, keyboard input and code blocks: the code role, keeping
//     bold or italic from around them;
//   - an element with a language (lang attribute) sets the language.
func (c Context) Enter(n *doc.Node) Context {
	if n.Lang != "" && n.Kind != doc.CodeBlock {
		c.Lang = n.Lang
	}
	emph := EmphItalic
	if n.Kind == doc.Emph {
		emph = c.Emphasis(n)
	}
	c.whole = nil
	if n.Kind.IsBlock() && n.Kind.HoldsInlines() {
		c.whole = soleEmphasis(n.Children)
	}
	switch n.Kind {
	case doc.BlockQuote, doc.Epigraph, doc.Caption:
		c.Role = Quote
	case doc.Heading:
		c.Role, c.Style = Heading, c.Style|Bold
	case doc.Strong, doc.DefinitionTerm:
		c.Style |= Bold
	case doc.TableRow, doc.TableCell:
		if n.Header {
			c.Style |= Bold
		}
	case doc.Emph:
		switch emph {
		case EmphItalic:
			c.Style |= Italic
		case EmphQuote:
			c.Role = Quote
		}
	case doc.Code, doc.Kbd, doc.CodeBlock:
		c.Role = Code
	}
	return c
}

// EmphasisDot is the character CSS draws over or under emphasised Chinese
// and Japanese text (text-emphasis: dot), in the face of the text.
const EmphasisDot = '•'

// Emphasis is how emphasised text is set.
type Emphasis uint8

// Ways of setting emphasis.
const (
	EmphItalic Emphasis = iota // in italics: Latin text
	EmphDots                   // upright, a dot under each character: a few Chinese characters
	EmphQuote                  // upright, in the quote role's face (Kai): longer Chinese text
)

// KaiMin is the number of Chinese or Japanese characters above which
// emphasis is set in the quote face rather than with dots, where the book
// has a quote face that contrasts with the body's (Context.Kai).
const KaiMin = 6

// Emphasis returns how emphasis node n, inside c, is set. Latin emphasis
// is italic, even in a Chinese book. Emphasis holding Chinese or Japanese
// characters (Han, hiragana, katakana), which have no italics, is upright:
// with dots under each character (GB/T 15834's mark for a few stressed
// characters), or, where the quote face differs from the body's
// (c.Kai), set in the quote face, the Kai convention of Chinese books,
// when it is all of its paragraph (a caption or an epigraph written in
// emphasis) or holds more than KaiMin such characters. In text that is
// already in the quote role only a whole paragraph goes without dots: the
// quote face has nothing to contrast with there. The EPUB marks emphasis
// with dots with the class cjk, emphasis in the quote face with kai.
func (c Context) Emphasis(n *doc.Node) Emphasis {
	count := 0
	for _, r := range doc.InlineText(n.Children) {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			count++
		}
	}
	switch {
	case count == 0:
		return EmphItalic
	case c.Kai && c.Role != Code && (n == c.whole || count > KaiMin && c.Role != Quote):
		return EmphQuote
	}
	return EmphDots
}

// soleEmphasis returns the emphasis node that is all of inlines, but for
// white space, or nil.
func soleEmphasis(inlines []*doc.Node) *doc.Node {
	var emph *doc.Node
	for _, n := range inlines {
		switch {
		case n.Kind == doc.Text && strings.TrimSpace(n.Text) == "":
		case n.Kind == doc.Emph && emph == nil:
			emph = n
		default:
			return nil
		}
	}
	return emph
}

// Task boxes: the characters that mark a task list item.
const (
	TaskOpen = '☐'
	TaskDone = '☑'
)

// Piece is a piece of text a document renders, with how it is set. Pos is
// the byte offset in the chapter's source where the text is (at or after),
// or -1 for text the model made (a title from the manifest).
type Piece struct {
	Context
	Text string
	Pos  int
	// SVG marks the text of an SVG drawing, which the PDF sets in the
	// faces of SVG text (Set.SVGRuns); File, that of an SVG file, which
	// only the PDF sets (an EPUB shows the file as an image, in its
	// reader's fonts).
	SVG, File bool
}

// WalkText calls fn for every piece of text blocks render, in document
// order, with its context; ctx is the context around blocks. Besides the
// text of the model it reports the text a reader sees that the model holds
// otherwise: the number of a footnote reference, the box of a task list
// item, the emphasis dot of Chinese and Japanese emphasis, the bracketed
// alt text of an image that is not embedded, and the text of SVG
// drawings: inline (in the body face, unless the SVG names its own fonts)
// and SVG files the PDF draws (Piece.File).
func WalkText(blocks []*doc.Node, ctx Context, fn func(Piece)) {
	for _, n := range blocks {
		walkNode(n, ctx, fn)
	}
}

func walkNode(n *doc.Node, outer Context, fn func(Piece)) {
	ctx := outer.Enter(n)
	switch n.Kind {
	case doc.Text, doc.Code, doc.Kbd:
		fn(Piece{Context: ctx, Text: n.Text, Pos: n.Pos})
		return
	case doc.CodeBlock:
		fn(Piece{Context: ctx, Text: strings.TrimSuffix(n.Text, "\n"), Pos: n.Pos})
		return
	case doc.Image:
		if a := n.Image; a != nil && a.MediaType == "image/svg+xml" && a.NoPDF == "" {
			if t := svgText(string(a.Data)); t != "" {
				// Set in the body role's chain where not in a face
				// of SVG text (Set.SVGRuns).
				fn(Piece{Context: Context{Role: Body, Style: Regular, Lang: ctx.Lang, Kai: ctx.Kai}, Text: t, Pos: n.Pos, SVG: true, File: true})
			}
		}
		if n.Image == nil {
			alt := n.Text
			if alt == "" {
				alt = n.URL
			}
			ctx.Style |= Italic
			fn(Piece{Context: ctx, Text: "[" + alt + "]", Pos: n.Pos})
		}
		return
	case doc.FootnoteRef:
		fn(Piece{Context: ctx, Text: strconv.Itoa(int(n.Index)), Pos: n.Pos})
		return
	case doc.SVG, doc.InlineSVG:
		if t := svgText(n.Text); t != "" {
			fn(Piece{Context: ctx, Text: t, Pos: n.Pos, SVG: true})
		}
		return
	case doc.ListItem:
		if n.Task {
			mark := TaskOpen
			if n.Checked {
				mark = TaskDone
			}
			box := ctx // the box is upright and regular (span.task)
			box.Style = Regular
			fn(Piece{Context: box, Text: string(mark) + " ", Pos: n.Pos})
		}
	case doc.Emph:
		if outer.Emphasis(n) == EmphDots {
			fn(Piece{Context: ctx, Text: string(EmphasisDot), Pos: -1})
		}
	}
	for _, c := range n.Children {
		walkNode(c, ctx, fn)
	}
}

// svgText returns the text of an SVG image's text elements.
func svgText(markup string) string {
	d := xml.NewDecoder(strings.NewReader(markup))
	d.Strict = false
	var b strings.Builder
	depth := 0 // inside text elements
	for {
		tok, err := d.Token()
		if err != nil {
			return b.String()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth > 0 || t.Name.Local == "text" {
				depth++
			}
		case xml.EndElement:
			if depth > 0 {
				depth--
			}
		case xml.CharData:
			if depth > 0 {
				b.Write(t)
			}
		}
	}
}
