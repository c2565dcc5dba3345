package doc

import (
	"fmt"
	"strings"
)

var kindNames = map[Kind]string{
	Paragraph: "p", Plain: "plain", Heading: "h", ThematicBreak: "hr", CodeBlock: "pre",
	BlockQuote: "quote", List: "list", ListItem: "li", Table: "table", TableRow: "tr",
	TableCell: "td", DefinitionList: "dl", DefinitionTerm: "dt", DefinitionDesc: "dd",
	Div: "div", Figure: "figure", Caption: "caption", SVG: "svg", Epigraph: "epigraph",
	Callout: "callout",
	Text:    "text", Emph: "em", Strong: "strong", Strike: "del", Underline: "u", Sub: "sub",
	Sup: "sup", Mark: "mark", Small: "small", Span: "span", Code: "code", Kbd: "kbd",
	Link: "a", Image: "img", LineBreak: "br", FootnoteRef: "fnref", InlineSVG: "isvg",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Dump writes nodes as a compact S-expression, for tests and debugging:
// (p "text" (em "x")). Attributes that are set follow the kind name.
func Dump(nodes []*Node) string {
	var b strings.Builder
	for i, n := range nodes {
		if i > 0 {
			b.WriteByte(' ')
		}
		dump(&b, n)
	}
	return b.String()
}

func dump(b *strings.Builder, n *Node) {
	if n.Kind == Text {
		fmt.Fprintf(b, "%q", n.Text)
		return
	}
	b.WriteByte('(')
	b.WriteString(n.Kind.String())
	attr := func(name string, v any) { fmt.Fprintf(b, " %s=%v", name, v) }
	if n.Alert != AlertNone {
		b.WriteByte(' ')
		b.WriteString(n.Alert.String())
	}
	if n.Level != 0 {
		attr("level", n.Level)
	}
	if n.ID != "" {
		attr("id", n.ID)
	}
	if n.URL != "" {
		attr("url", n.URL)
	}
	if n.Lang != "" {
		attr("lang", n.Lang)
	}
	if n.Info != "" {
		attr("info", n.Info)
	}
	if n.Ordered {
		attr("start", n.Start)
	}
	if n.Task {
		attr("checked", n.Checked)
	}
	if n.Header {
		attr("header", true)
	}
	if n.Align != AlignNone {
		attr("align", n.Align)
	}
	if n.Index != 0 {
		attr("n", n.Index)
	}
	if n.Width != 0 || n.Height != 0 {
		attr("size", fmt.Sprintf("%dx%d", n.Width, n.Height))
	}
	if n.Text != "" {
		fmt.Fprintf(b, " %q", n.Text)
	}
	for _, c := range n.Children {
		b.WriteByte(' ')
		dump(b, c)
	}
	b.WriteByte(')')
}
