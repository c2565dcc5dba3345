package markdown

import (
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// footnotes is the footnote syntax of goldmark's extension.Footnote
// ([^label] references, [^label]: definitions), parsed in linear time.
//
// goldmark's extension finds the definition of each reference by scanning
// the list of definitions, and orders the list with an insertion sort that
// is quadratic when references come in the order of the definitions (the
// usual case): 50,000 footnotes took 20 seconds. This extension keeps
// goldmark's block parser for definitions (wrapped to index them as they
// close) and replaces the reference parser and the transformer with ones
// that look definitions up in a map and sort with the standard library.
// The AST is goldmark's, without the back links its HTML renderer needs and
// the converter does not read.
type footnotes struct{}

var _ goldmark.Extender = footnotes{}

func (footnotes) Extend(m goldmark.Markdown) {
	// The priorities are extension.Footnote's.
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(footnoteDefs{extension.NewFootnoteBlockParser()}, 999)),
		parser.WithInlineParsers(util.Prioritized(footnoteRefs{}, 101)),
		parser.WithASTTransformers(util.Prioritized(footnoteOrder{}, 999)),
	)
}

// footnoteKey holds a document's *footnoteIndex in the parser context.
var footnoteKey = parser.NewContextKey()

// footnoteIndex is what the reference parser needs of the definitions.
type footnoteIndex struct {
	list    *east.FootnoteList
	byLabel map[string]*east.Footnote // the first definition of each label
	refs    map[int]int               // references seen so far, by footnote number
}

// footnoteDefs is goldmark's definition parser, which also indexes each
// definition by its label when it closes (and so joins the list).
type footnoteDefs struct{ parser.BlockParser }

func (d footnoteDefs) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	d.BlockParser.Close(node, reader, pc)
	fn, ok := node.(*east.Footnote)
	if !ok {
		return
	}
	list, ok := fn.Parent().(*east.FootnoteList)
	if !ok {
		return
	}
	idx, _ := pc.Get(footnoteKey).(*footnoteIndex)
	if idx == nil {
		idx = &footnoteIndex{list: list, byLabel: map[string]*east.Footnote{}, refs: map[int]int{}}
		pc.Set(footnoteKey, idx)
	}
	if _, dup := idx.byLabel[string(fn.Ref)]; !dup {
		idx.byLabel[string(fn.Ref)] = fn
	}
}

// footnoteRefs parses a reference, [^label] (or ![^label], an exclamation
// mark before one), to a defined footnote; footnotes are numbered in the
// order of their first reference.
type footnoteRefs struct{}

func (footnoteRefs) Trigger() []byte { return []byte{'!', '['} }

func (footnoteRefs) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	idx, _ := pc.Get(footnoteKey).(*footnoteIndex)
	if idx == nil {
		return nil // no definitions: no references
	}
	line, segment := block.PeekLine()
	pos := 1
	if len(line) > 0 && line[0] == '!' {
		pos++
	}
	if pos+1 >= len(line) || line[pos] != '^' {
		return nil
	}
	pos++
	// Labels are limited like CommonMark's link labels (999 characters).
	label := line[pos:min(len(line), pos+999)]
	//lint:ignore SA1019 deprecated for labels across lines, and this label is one line; text.Reader.FindClosure, its successor, would walk the whole paragraph (see below)
	closure := util.FindClosure(label, '[', ']', false, false)
	if closure < 0 {
		return nil
	}
	// The label is on this line (goldmark's parser copies it with
	// block.Value, which walks every line of the paragraph: quadratic
	// in a paragraph of many references).
	fn := idx.byLabel[string(label[:closure])]
	if fn == nil {
		return nil
	}
	block.Advance(pos + closure + 1)
	if fn.Index < 0 {
		idx.list.Count++
		fn.Index = idx.list.Count
	}
	link := east.NewFootnoteLink(fn.Index)
	link.RefIndex = idx.refs[fn.Index]
	idx.refs[fn.Index]++
	if line[0] == '!' {
		parent.AppendChild(parent, ast.NewTextSegment(text.NewSegment(segment.Start, segment.Start+1)))
	}
	return link
}

// footnoteOrder drops the definitions nothing references, orders the rest
// by number and moves the list to the end of the document, as goldmark's
// transformer does.
type footnoteOrder struct{}

func (footnoteOrder) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	idx, _ := pc.Get(footnoteKey).(*footnoteIndex)
	if idx == nil {
		return
	}
	pc.Set(footnoteKey, nil)
	var used []*east.Footnote
	for n := idx.list.FirstChild(); n != nil; n = n.NextSibling() {
		if fn, ok := n.(*east.Footnote); ok && fn.Index > 0 {
			used = append(used, fn)
		}
	}
	idx.list.RemoveChildren(idx.list)
	if len(used) == 0 {
		idx.list.Parent().RemoveChild(idx.list.Parent(), idx.list)
		return
	}
	slices.SortFunc(used, func(a, b *east.Footnote) int { return a.Index - b.Index })
	for _, fn := range used {
		idx.list.AppendChild(idx.list, fn)
	}
	doc.AppendChild(doc, idx.list)
}
