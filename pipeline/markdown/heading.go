package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// looseHeadingParser reads "#Title", a heading without a space after its
// marks, as GitBook and HonKit do: their Markdown parser (marked, kramed)
// asks for none, and old GitBook books, Chinese ones above all, often
// write "#前言" and "###时间轴". CommonMark makes such a line a paragraph,
// so the book showed "#前言" joined to the next line. It runs before
// goldmark's heading parser and leaves every other line to it: "# Title",
// "#" alone, and seven or more marks (a paragraph, as in CommonMark). A
// closing sequence goes only after a space ("#C#" keeps its "#"), and
// {#id} is not read on such a line.
type looseHeadingParser struct{}

func (looseHeadingParser) Trigger() []byte { return []byte{'#'} }

func (looseHeadingParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, segment := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	i := pos
	for i < len(line) && line[i] == '#' {
		i++
	}
	level := i - pos
	if level == 0 || level > 6 || i == len(line) || util.IsSpace(line[i]) || line[i] == '#' {
		return nil, parser.NoChildren
	}
	hl := text.NewSegment(segment.Start+i-segment.Padding, segment.Start+len(line)-segment.Padding)
	hl = hl.TrimRightSpace(reader.Source())
	v := hl.Value(reader.Source())
	j := len(v)
	for j > 0 && v[j-1] == '#' {
		j--
	}
	if j < len(v) && j > 0 && util.IsSpace(v[j-1]) {
		hl.Stop = hl.Start + j - util.TrimRightSpaceLength(v[:j])
	}
	node := ast.NewHeading(level)
	node.Lines().Append(hl)
	reader.AdvanceToEOL()
	return node, parser.NoChildren
}

func (looseHeadingParser) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}

func (looseHeadingParser) Close(ast.Node, text.Reader, parser.Context) {}

func (looseHeadingParser) CanInterruptParagraph() bool { return true }

func (looseHeadingParser) CanAcceptIndentedLine() bool { return false }
