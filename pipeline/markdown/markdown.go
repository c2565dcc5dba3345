// Package markdown turns a chapter's Markdown into the document model. It
// holds the one goldmark configuration every output shares (CommonMark, GFM
// tables, strikethrough, task lists and autolinks, footnotes, definition
// lists, heading attributes), the East Asian line break rule, GitHub's
// heading anchors, and the repair and sanitising of raw HTML.
package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/lang"
)

// Parser parses chapters. It is safe for concurrent use.
type Parser struct {
	md   goldmark.Markdown
	cjk  bool
	opts Options
}

// Options tune a Parser.
type Options struct {
	// Language is the book's BCP 47 language tag. In Chinese and Japanese
	// books, line breaks next to punctuation of ambiguous width (“ ” …)
	// disappear as they do between Han characters.
	Language string
	// SmartPunctuation turns straight double quotes into curly ones, --
	// and --- into en and em dashes and ... into an ellipsis outside code,
	// as mdBook's smart-punctuation does (book.yaml's
	// markdown.smart_punctuation); single quotes stay as written (see
	// smartPunctuation).
	SmartPunctuation bool
	// HeadingsWithoutSpace reads "#Title" as a heading, as GitBook and
	// HonKit do (book.yaml's markdown.headings_without_space; see
	// looseHeadingParser).
	HeadingsWithoutSpace bool
}

// New returns the parser every writer shares.
func New(opts Options) *Parser {
	return newParser(opts, footnotes{})
}

// newParser returns a parser with the footnote extension fn (a test
// compares ours with goldmark's).
func newParser(opts Options, fn goldmark.Extender) *Parser {
	exts := []goldmark.Extender{
		extension.GFM, // tables, strikethrough, task lists, autolinks
		fn,            // footnotes: see footnote.go
		extension.DefinitionList,
	}
	if opts.SmartPunctuation {
		exts = append(exts, extension.NewTypographer(extension.WithTypographicSubstitutions(smartPunctuation())))
	}
	popts := []parser.Option{
		// {#id} after a heading sets its anchor. Automatic ids are
		// not goldmark's (it turns "第一章 你好" into "-"); Slug
		// makes GitHub's.
		parser.WithHeadingAttribute(),
	}
	if opts.HeadingsWithoutSpace {
		// Before goldmark's heading parser (600), which takes the rest.
		popts = append(popts, parser.WithBlockParsers(util.Prioritized(looseHeadingParser{}, 599)))
	}
	md := goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(popts...),
	)
	return &Parser{md: md, cjk: lang.IsCJK(opts.Language), opts: opts}
}

// smartPunctuation is what the typographer writes: the characters
// themselves, not goldmark's HTML entities (the model holds text), and
// nothing for << and >>, which mdBook leaves as they are, nor for single
// quotes: goldmark takes a quote before a word starting with t, e, n or l
// for an apostrophe ('twas, 'em), so that 'test' came out ’test' and
// 'twice' ’twice’, where a straight quote is never wrong.
func smartPunctuation() map[extension.TypographicPunctuation][]byte {
	return map[extension.TypographicPunctuation][]byte{
		extension.LeftDoubleQuote:  []byte("\u201c"),
		extension.RightDoubleQuote: []byte("\u201d"),
		extension.EnDash:           []byte("\u2013"),
		extension.EmDash:           []byte("\u2014"),
		extension.Ellipsis:         []byte("\u2026"),
		extension.LeftSingleQuote:  nil,
		extension.RightSingleQuote: nil,
		extension.Apostrophe:       nil,
		extension.LeftAngleQuote:   nil,
		extension.RightAngleQuote:  nil,
	}
}

// Options returns the options p was made with: what a parse depends on
// besides the text (a cache of parsed chapters keys by them).
func (p *Parser) Options() Options { return p.opts }

// Chapter is the parsed content of one Markdown file.
type Chapter struct {
	Blocks    []*doc.Node
	Footnotes []*doc.Footnote
	// IDs holds every element id of the chapter: headings, footnotes and
	// anchors from raw HTML.
	IDs map[string]bool
	// Renamed lists headings whose anchor repeated an earlier one and got a
	// numeric suffix, as GitHub does ("usage", then "usage-1").
	Renamed []Renamed
}

// Renamed is a heading whose anchor had to be made unique.
type Renamed struct {
	Pos      int
	From, To string
}

// Parse converts src, the content of the file file describes, into the
// document model. Problems in raw HTML are reported to diags as warnings;
// CommonMark gives every input a meaning, so the only errors are nesting
// deeper than the limits (MaxBlockNesting, MaxDepth) and tables larger
// than theirs (MaxTableCells, MaxTableColumns).
func (p *Parser) Parse(file *diag.File, src []byte, diags *diag.List) *Chapter {
	if off := blockNesting(src, MaxBlockNesting); off >= 0 {
		diags.Errorf(file.Pos(off), "lists and block quotes are nested more than %d levels deep here: flatten the structure", MaxBlockNesting)
		return &Chapter{IDs: map[string]bool{}}
	}
	if off, cells, cols := bigTable(src); off >= 0 {
		diags.Errorf(file.Pos(off), "this table has %d cells in %d columns, more than the limit of %d cells or %d columns of one table: split it", cells, cols, MaxTableCells, MaxTableColumns)
		return &Chapter{IDs: map[string]bool{}}
	}
	if off, what := parserWork(src); off >= 0 {
		diags.Errorf(file.Pos(off), "from here on, %s would take the Markdown parser minutes: close them, or put the text in a code block", what)
		return &Chapter{IDs: map[string]bool{}}
	}
	root := p.md.Parser().Parse(text.NewReader(src))
	c := &converter{src: src, file: file, diags: diags, ids: newIDs(), cjk: p.cjk}
	return c.document(root)
}
