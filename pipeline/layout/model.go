// Package layout typesets a book into pages: it measures text with the
// book's fonts, breaks paragraphs into lines, builds pages, and returns a
// page model: positioned glyph runs, rules, boxes, images, link areas and
// destinations. It knows nothing of PDF syntax; the pdf package draws the
// model with gopdf, and tests inspect it directly.
//
// Coordinates are in PostScript points (1/72 inch), from the top-left
// corner of the page, y growing downwards; a glyph run's y is its baseline.
package layout

import (
	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/doc"
)

// Document is a typeset book.
type Document struct {
	Width, Height float64 // page size
	Pages         []*Page
	// Outline is the tree of bookmarks, nested like the table of contents.
	Outline []*Bookmark
	// Dests are the link targets, by name: "c<chapter>" for a chapter's
	// start, "c<chapter>/<anchor>" for an element of it.
	Dests map[string]Dest
	// Labels are the page number styles: from each range's first page on,
	// pages are numbered in its style.
	Labels []LabelRange
}

// Page is one page.
type Page struct {
	Index  int    // 0-based position in the document
	Label  string // the page number, shown by viewers
	Folio  bool   // the number is printed on the page (not on the title page or a blank one)
	Items  []Item // in drawing order
	Links  []Link
	Header bool // the page carries a running head
	// Block is the text block: every glyph but the running head and the
	// page number lies inside it. Footnotes occupy its foot from NoteTop
	// down (NoteTop is 0 on a page without footnotes).
	Block   Rect
	NoteTop float64
	// Bottom is where the page's text ends: the foot of its last box, or
	// the foot of the text block when footnotes fill it from there.
	Bottom float64
	// Blank marks a page left empty (the back of the cover, of the title
	// page, or before a chapter that starts on a right-hand page): it
	// carries nothing, not even a page number. End marks the last page of
	// a chapter and its sections, of the contents or of the title page,
	// which ends where its text does.
	Blank, End bool
	// Code locates the rows of code listings on the page, so that a
	// listing's text can be recovered from glyph positions alone: tests
	// compare what pdftotext reads there with the source.
	Code []CodeRow
}

// Rect is a rectangle: its top-left corner and size.
type Rect struct{ X, Y, W, H float64 }

// CodeRow is one row of a code listing on a page.
type CodeRow struct {
	Listing *doc.Node // the code block
	Line    int       // the source line, from 0
	Cont    bool      // a continuation of a wrapped line, marked in the margin
	Blank   bool      // the row shows nothing: an empty line, or spaces
	X, Y    float64   // the row's first column (a continuation is indented), on the baseline
	Cell    float64   // the width of one column
	Size    float64   // the code's font size
}

// ItemKind is what an item draws.
type ItemKind uint8

// Item kinds.
const (
	Glyphs  ItemKind = iota // a run of text in one face, size and colour
	Rule                    // a straight line from (X, Y) to (X2, Y2)
	Box                     // a filled rectangle at (X, Y), W × H
	Picture                 // an image at (X, Y), W × H
)

// RGB is a colour.
type RGB struct{ R, G, B uint8 }

// Item is one thing drawn on a page. A book has hundreds of thousands of
// items, nearly all glyph runs, all live until the PDF is drawn, so an
// item holds in place only what a glyph run needs: what rules and
// pictures need is in Extra. Its fields of a byte or three are kept
// together, so that they share a word.
type Item struct {
	Kind ItemKind
	// SpaceAfter says that a word space follows the text, which the layout
	// sets as a gap (or a line end): the PDF draws a space glyph after the
	// text, so that text extracted from it reads the words apart.
	SpaceAfter bool
	// Code marks the text of a code listing; Furniture the running head,
	// the page number and their rule, which lie outside the text block.
	Code, Furniture bool
	Role            Role
	Color           RGB

	X, Y float64
	W, H float64 // Glyphs: advance width and font size (see Size); Box, Picture: size

	// Glyphs.
	Face *fonts.Face
	Text string
	// CharSpacing is added after every character (the PDF's Tc): justified
	// Chinese text spreads its slack evenly between characters.
	CharSpacing float64

	// Node is the node of the document model the item shows, for the
	// PDF's structure tree (see tags.go): the block whose text it is (a
	// paragraph, heading, caption, listing), a figure for its picture, a
	// list item for its marker; or a node the layout made for text of its
	// own (the title page, the contents), as Role says. nil marks what is
	// not content: running heads, page numbers, leaders, rules, grounds,
	// wrap marks, line numbers, repeated table headers (artifacts).
	Node *doc.Node
	// Inline is the inline node of Node the item shows when it has a
	// structure element of its own: a link, inline code, a footnote
	// reference, an inline image; nil for Node's own text.
	Inline *doc.Node

	// *Extra is set on every rule and picture, and on glyph runs raised
	// or lowered (see Rise); nil on the rest. Items may share one: it is
	// never changed once the item is made (see moved).
	*Extra
}

// Extra holds the fields of an Item that few items use.
type Extra struct {
	// Rule: a straight line from (X, Y) to (X2, Y2).
	X2, Y2, LineWidth float64
	// Picture.
	Image *doc.Asset
	// Glyphs: see Item.Rise.
	Rise float64
}

// Size is a glyph run's font size, its H.
func (it *Item) Size() float64 { return it.H }

// Rise is how far a glyph run, a superscript, is raised above its line's
// baseline (negative: lowered): the line's baseline is Y+Rise.
func (it *Item) Rise() float64 {
	if it.Extra == nil {
		return 0
	}
	return it.Extra.Rise
}

// rule returns a rule from (x, y) to (x2, y2), width wide.
func rule(x, y, x2, y2, width float64, c RGB) Item {
	return Item{Kind: Rule, X: x, Y: y, Color: c, Extra: &Extra{X2: x2, Y2: y2, LineWidth: width}}
}

// pictureItem returns image a at (x, y), w × h.
func pictureItem(a *doc.Asset, x, y, w, h float64) Item {
	return Item{Kind: Picture, X: x, Y: y, W: w, H: h, Extra: &Extra{Image: a}}
}

// moved returns it moved by (dx, dy): a rule's ends in an Extra of its
// own, as the one it had may be shared.
func (it Item) moved(dx, dy float64) Item {
	it.X += dx
	it.Y += dy
	if it.Kind == Rule {
		x := *it.Extra
		x.X2 += dx
		x.Y2 += dy
		it.Extra = &x
	}
	return it
}

// lowered returns it moved down by dy, as moved(0, dy) would but leaving
// X as it is, not X+0.
func (it Item) lowered(dy float64) Item {
	it.Y += dy
	if it.Kind == Rule {
		x := *it.Extra
		x.Y2 += dy
		it.Extra = &x
	}
	return it
}

// Link is a clickable area of a page.
type Link struct {
	X, Y, W, H float64
	URL        string // an external link
	Dest       string // an internal link: the name of a destination
}

// Dest is a place in the document.
type Dest struct {
	Page int
	Y    float64
}

// Bookmark is an entry of the outline.
type Bookmark struct {
	Title    string
	Dest     string
	Children []*Bookmark
	// Open shows the children when the viewer opens: a part's chapters.
	Open bool
}

// LabelStyle is how a range of pages is numbered.
type LabelStyle uint8

// Page number styles.
const (
	Decimal LabelStyle = iota // 1, 2, 3
	Roman                     // i, ii, iii
	NoLabel                   // no number (the cover)
)

// LabelRange numbers pages from First on in Style, starting at Start.
type LabelRange struct {
	First int
	Style LabelStyle
	Start int
}
