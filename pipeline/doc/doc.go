// Package doc is the document model every writer reads: a chapter's content
// as a tree of block and inline nodes, parsed from Markdown and the raw HTML
// in it, with HTML already sanitised, links resolved and images located.
// Writers never see Markdown or HTML source; they render this tree.
//
// The tree keeps one invariant that writers rely on: a node's children are
// either all blocks or all inlines, as IsBlock tells. Containers of blocks
// (Section roots, BlockQuote, Callout, ListItem, Div, TableCell, Footnote,
// DefinitionDesc) never hold inlines directly; inline content in them is
// wrapped in a Plain node.
//
// A Figure is the one exception: what it shows is either one Image (an
// inline, the figure's picture) or blocks, and beside it a Caption. The
// caption comes first for a table or a listing and last for a picture, as
// writers show it: a Figure's children are in reading order.
package doc

import (
	"iter"
	"strings"
)

// Kind is the type of a node.
type Kind uint8

// Block kinds.
const (
	Paragraph      Kind = iota + 1 // inlines, shown as a paragraph
	Plain                          // inlines without paragraph spacing (tight list items, table cells)
	Heading                        // inlines; Level 1-6, ID
	ThematicBreak                  // no children
	CodeBlock                      // Text holds the code, Lang the language from the fence
	BlockQuote                     // blocks
	List                           // ListItem children; Ordered, Start, Tight
	ListItem                       // blocks; Task, Checked
	Table                          // TableRow children
	TableRow                       // TableCell children; Header for rows of the table head
	TableCell                      // blocks; Header, Align, ColSpan, RowSpan
	DefinitionList                 // DefinitionTerm and DefinitionDesc children
	DefinitionTerm                 // inlines
	DefinitionDesc                 // blocks
	Div                            // blocks: a generic container from raw HTML
	Figure                         // what is shown (an Image, a Table, a CodeBlock or other blocks) and its Caption, in reading order
	Caption                        // inlines: a figure's caption, or a table's (first child of the Table)
	SVG                            // Text holds sanitised, well-formed SVG markup
	Epigraph                       // blocks: the quotation that opens a chapter, right after its title
	Callout                        // blocks: a GitHub-style alert (> [!NOTE]); Alert says which
)

// Inline kinds.
const (
	Text        Kind = iota + 64 // Text
	Emph                         // inlines
	Strong                       // inlines
	Strike                       // inlines
	Underline                    // inlines
	Sub                          // inlines
	Sup                          // inlines
	Mark                         // inlines
	Small                        // inlines
	Span                         // inlines: a generic container from raw HTML
	Code                         // Text holds the code
	Kbd                          // Text holds the keys
	Link                         // inlines; Link holds the target
	Image                        // Image holds the resolved image; Text the alt text
	LineBreak                    // a hard line break
	FootnoteRef                  // a reference to footnote Index of the chapter
	InlineSVG                    // Text holds sanitised SVG markup shown inline
)

// IsBlock reports whether nodes of kind k are blocks.
func (k Kind) IsBlock() bool { return k < Text }

// HoldsInlines reports whether nodes of kind k contain inline children.
func (k Kind) HoldsInlines() bool {
	switch k {
	case Paragraph, Plain, Heading, DefinitionTerm, Caption:
		return true
	}
	return !k.IsBlock()
}

// Alert is the kind of a Callout, one of GitHub's five alerts.
type Alert uint8

// The kinds of alerts, in GitHub's order.
const (
	AlertNone Alert = iota
	AlertNote
	AlertTip
	AlertImportant
	AlertWarning
	AlertCaution
)

var alertNames = [...]string{"", "note", "tip", "important", "warning", "caution"}

// String returns the alert's name in lower case ("note"), the marker's
// word and the suffix of writers' class names; "" for AlertNone.
func (a Alert) String() string {
	if int(a) < len(alertNames) {
		return alertNames[a]
	}
	return ""
}

// AlertNamed returns the alert whose marker word is name, in any case,
// or AlertNone.
func AlertNamed(name string) Alert {
	for i, s := range alertNames {
		if i > 0 && strings.EqualFold(s, name) {
			return Alert(i)
		}
	}
	return AlertNone
}

// Align is the alignment of a table column.
type Align uint8

// Column alignments, from a GFM delimiter row or an HTML align attribute.
const (
	AlignNone Align = iota
	AlignLeft
	AlignCenter
	AlignRight
)

// Node is one node of a chapter's tree. Fields beyond Kind, Pos and Children
// are used by the kinds that document them.
//
// A book's nodes are held for its whole build, one for every run of text:
// the fields after Kind up to Pos are as small as their values allow and
// kept beside it, so that they share its word and the next.
type Node struct {
	Kind Kind

	Ordered bool // List
	Tight   bool // List: items without paragraph spacing
	Task    bool // ListItem: a task list item
	Checked bool // ListItem: a done task
	Header  bool // TableRow, TableCell: part of the table head
	Align   Align
	// WrittenLevel is a Heading's level as its source wrote it, set by
	// the book's loader when it moved the chapter's headings to the
	// chapter's place in the book (Level is then the moved one, kept
	// within 1-6); 0 when the heading was not moved.
	WrittenLevel uint8
	// Alert is a Callout's kind (note, tip...); writers title the
	// callout with its word in the book's language.
	Alert     Alert
	Generated bool  // Heading: made from the manifest's title, not present in the source
	Start     int32 // List: number of the first item of an ordered list

	Pos      int // byte offset in the chapter's source, or -1
	Children []*Node

	Text  string // Text, Code, Kbd, CodeBlock, SVG, InlineSVG; alt text of Image
	ID    string // the element's id, unique in its chapter (headings, anchors)
	Title string // link, image or abbreviation title
	Lang  string // CodeBlock: language from the fence; other nodes: the lang attribute
	// Info is the rest of a fenced code block's info string after the
	// language: attributes such as {linenos=true}.
	Info string

	Level int // Heading: 1-6

	ColSpan int32 // TableCell; 0 or 1 for one column
	RowSpan int32 // TableCell; 0 or 1 for one row
	Index   int32 // FootnoteRef: 1-based number of the footnote in its chapter
	RefNo   int32 // FootnoteRef: 1 for the first reference to a footnote, 2 for the second...

	Width, Height int32 // Image: size from HTML attributes, in CSS pixels; 0 if unset

	Link  *Target // Link
	Image *Asset  // Image; nil when the image is remote and shown as its alt text. SVG, InlineSVG: the drawing as an image, set by the book's loader
	URL   string  // Image: the source as written (shown for remote images)

	// Tokens is a CodeBlock's text split for highlighting, set when the
	// book is loaded so that every writer shares one tokenisation; nil
	// when it was not.
	Tokens *Tokens
}

// Tokens is a code listing split into pieces, each with its highlighting
// class (chroma's short class name, "k" for a keyword, or "" for plain
// text). A book's tokens are held for its whole build (every writer reads
// them): a token is its end in the text split and its class's number, 8
// bytes, where a class and text strings took 32; All gives them back as
// strings.
type Tokens struct {
	text    string   // what the tokens split: the listing's code, or the lexer's text where it changed the code
	list    []Token  // in order, each starting where the one before ends
	classes []string // the class named by a Token's Class: the highlighter's table, shared by every listing
}

// Token is a piece of a listing: it ends at End in the text split and
// starts where the token before it ends (or at 0); Class numbers its class
// in the table given to NewTokens.
type Token struct {
	End   uint32 // a listing is far less than 4 GiB: a chapter is read whole
	Class uint8
}

// NewTokens returns the tokens list of text, their classes named by
// classes. The tokens must end in order within text, their classes be
// numbers of classes; none of the three is copied or changed after.
func NewTokens(text string, list []Token, classes []string) *Tokens {
	return &Tokens{text: text, list: list, classes: classes}
}

// Len returns the number of tokens; 0 for nil.
func (t *Tokens) Len() int {
	if t == nil {
		return 0
	}
	return len(t.list)
}

// All yields the class and text of each token, in order; nothing for nil.
// A token's text is a piece of the text split, not a copy.
func (t *Tokens) All() iter.Seq2[string, string] {
	return func(yield func(class, text string) bool) {
		if t == nil {
			return
		}
		start := uint32(0)
		for _, tok := range t.list {
			if !yield(t.classes[tok.Class], t.text[start:tok.End]) {
				return
			}
			start = tok.End
		}
	}
}

// Target is where a link goes: a place in the book or an external URL.
type Target struct {
	URL     string // external URL (http, https, mailto, ...); empty for internal links
	Chapter int    // index of the target chapter in the book's reading order
	Anchor  string // id in the target chapter; empty for the chapter's start
}

// IsInternal reports whether the target is a place in the book.
func (t *Target) IsInternal() bool { return t.URL == "" }

// Asset is a file of the book that outputs embed, such as an image. Its
// content is read and checked when the book is loaded; the writers get it
// from Bytes.
type Asset struct {
	Path      string // path relative to the book's folder, with forward slashes
	MediaType string // image/png, image/jpeg, image/gif, image/svg+xml
	// Data is the content held in memory: a drawing's (SVG, as the
	// cleaner left it), or an asset made in memory. A raster picture's
	// is let go once checked (see LetGo): nil, and Bytes reads the file.
	Data []byte
	// File is the picture's file, of Size bytes and xxHash Sum when
	// checked, when Data is not held.
	File   string
	Size   int
	Sum    uint64
	Width  int // natural size in pixels (for SVG, from its width/height or viewBox)
	Height int
	// NoPDF says why the PDF cannot draw the image ("" when it can): it
	// shows a placeholder with the alt text instead (see picture.Check).
	NoPDF string
	// DataUnchecked marks a PNG whose image data the book's load did not
	// inflate (only its chunks' checksums): the PDF writer checks it as
	// it embeds it (book.Options.DeferImageData).
	DataUnchecked bool
	// Dropped says what the SVG cleaner removed from an SVG file (see
	// sanitize.Drop), for a warning where the image is used.
	Dropped []string
	// Drawing is an SVG drawing as the PDF draws it (a
	// *picture.Drawing), made by the load's check of it when the build
	// makes a PDF (book.Options.KeepDrawings), so that the drawing is
	// read once, not once to check it and again to draw it; nil
	// otherwise. Typed any: this package cannot name picture's types.
	Drawing any
}

// Footnote is the content of one footnote of a chapter.
type Footnote struct {
	Index  int      // 1-based number in the chapter
	Label  string   // the label written in the source ([^label])
	ID     string   // the footnote's element id
	RefIDs []string // ids of the references to it, in document order, for back links
	Blocks []*Node  // its content
	Pos    int
}

// InlineText returns the plain text of inline nodes, as a reader would see
// it without formatting: used for titles in tables of contents and bookmarks.
func InlineText(nodes []*Node) string {
	var b []byte
	var walk func([]*Node)
	walk = func(ns []*Node) {
		for _, n := range ns {
			switch n.Kind {
			case Text, Code, Kbd:
				b = append(b, n.Text...)
			case Image:
				b = append(b, n.Text...)
			case LineBreak:
				b = append(b, ' ')
			case FootnoteRef, InlineSVG:
			default:
				walk(n.Children)
			}
		}
	}
	walk(nodes)
	return string(b)
}

// Walk calls fn for n and every node below it, depth first, in document
// order; when fn returns false the node's children are skipped.
func Walk(nodes []*Node, fn func(n *Node) bool) {
	for _, n := range nodes {
		if fn(n) {
			Walk(n.Children, fn)
		}
	}
}

// FigureParts returns the caption of figure f and what it captions: its
// image or its table (nil where it has none; a listing's figure has
// neither).
func FigureParts(f *Node) (caption, image, table *Node) {
	for _, c := range f.Children {
		switch c.Kind {
		case Caption:
			caption = c
		case Image:
			image = c
		case Table:
			table = c
		}
	}
	return caption, image, table
}
