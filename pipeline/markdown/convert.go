package markdown

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/language"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// converter walks goldmark's AST of one chapter and builds its document tree.
type converter struct {
	src   []byte
	file  *diag.File
	diags *diag.List
	ids   *ids
	b     *builder

	renamed []Renamed
	// listings holds the captions of the open <Listing> elements
	// (the Rust book's), written when each closes.
	listings []listingCaption
	cjk      bool // see Options.Language
	// blockEnd is the source offset where the current leaf block's text
	// ends, and inline nodes before skipUntil were consumed by an SVG read
	// directly from the source.
	blockEnd, skipUntil int
	// skip counts the open elements of skipTag, an element being dropped
	// with its content (see html).
	skip    int
	skipTag string
	// deep is set once the tree has reached MaxDepth and that was
	// reported.
	deep bool
}

func (c *converter) warn(pos int, format string, args ...any) {
	c.diags.Warnf(c.file.Pos(pos), format, args...)
}

func (c *converter) document(root ast.Node) *Chapter {
	body := &doc.Node{Kind: doc.Div, Pos: -1}
	c.b = newBuilder(body, c.cjk)
	var list *east.FootnoteList
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if fl, ok := n.(*east.FootnoteList); ok {
			list = fl
			continue
		}
		c.block(n)
	}
	c.b.finish()
	ch := &Chapter{Blocks: body.Children}
	figures(ch.Blocks)
	c.headingIDs(ch.Blocks)
	if list != nil {
		ch.Footnotes = c.footnotes(list)
		c.footnoteIDs(ch)
	}
	ch.IDs = c.ids.Used()
	ch.Renamed = c.renamed
	return ch
}

// blocks converts the children of a Markdown container.
func (c *converter) blocks(n ast.Node) {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		c.block(ch)
	}
}

// container converts a Markdown container into node m with its children.
func (c *converter) container(m *doc.Node, n ast.Node, children func(ast.Node)) {
	if c.tooDeep(m.Pos) {
		return
	}
	c.b.open(m, "")
	children(n)
	c.b.closeNode(m)
}

// tooDeep reports whether the tree is MaxDepth deep, so that nothing may
// be opened inside; the first time, at source offset pos, it reports an
// error. What is not opened is dropped, children included: the build fails
// anyway, and the converter's recursion stays bounded.
func (c *converter) tooDeep(pos int) bool {
	if len(c.b.stack) < MaxDepth {
		return false
	}
	if !c.deep {
		c.deep = true
		c.diags.Errorf(c.file.Pos(pos), "lists, quotes, emphasis, links and HTML elements are nested more than %d levels deep here: flatten the structure", MaxDepth)
	}
	return true
}

func (c *converter) block(n ast.Node) {
	pos := n.Pos()
	switch n := n.(type) {
	case *ast.Paragraph:
		c.container(&doc.Node{Kind: doc.Paragraph, Pos: pos}, n, c.inlines)
	case *ast.TextBlock:
		c.container(&doc.Node{Kind: doc.Plain, Pos: pos}, n, c.inlines)
	case *ast.Heading:
		h := &doc.Node{Kind: doc.Heading, Level: n.Level, Pos: pos}
		if v, ok := n.AttributeString("id"); ok {
			if id, ok := v.([]byte); ok && len(id) > 0 {
				h.ID = c.explicitID(string(id), pos)
			}
		}
		// {lang=en} marks the heading's language (language of parts).
		if v, ok := n.AttributeString("lang"); ok {
			if l, ok := v.([]byte); ok && validLang(string(l)) {
				h.Lang = string(l)
			}
		}
		c.container(h, n, c.inlines)
	case *ast.ThematicBreak:
		c.b.leaf(&doc.Node{Kind: doc.ThematicBreak, Pos: pos})
	case *ast.FencedCodeBlock:
		lang, rest := "", ""
		if n.Info != nil {
			lang, rest = FenceInfo(textValue(n.Info.Segment.Value(c.src)))
		}
		code := c.lines(n.Lines())
		if strings.EqualFold(lang, "rust") {
			code = hideRustLines(code)
		}
		c.b.leaf(&doc.Node{Kind: doc.CodeBlock, Lang: lang, Info: rest, Text: code, Pos: pos})
	case *ast.CodeBlock:
		c.b.leaf(&doc.Node{Kind: doc.CodeBlock, Text: c.lines(n.Lines()), Pos: pos})
	case *ast.Blockquote:
		if a := alert(n, c.src); a != doc.AlertNone {
			c.container(&doc.Node{Kind: doc.Callout, Alert: a, Pos: pos}, n, c.blocks)
			break
		}
		c.container(&doc.Node{Kind: doc.BlockQuote, Pos: pos}, n, c.blocks)
	case *ast.List:
		l := &doc.Node{Kind: doc.List, Ordered: n.IsOrdered(), Start: int32(n.Start), Tight: n.IsTight, Pos: pos}
		c.container(l, n, c.blocks)
	case *ast.ListItem:
		c.container(&doc.Node{Kind: doc.ListItem, Pos: pos}, n, c.blocks)
	case *ast.HTMLBlock:
		segs := append([]text.Segment(nil), n.Lines().Sliced(0, n.Lines().Len())...)
		if n.HasClosure() {
			segs = append(segs, n.ClosureLine)
		}
		if len(segs) > 0 {
			c.html(newFragment(c.src, segs))
			c.skip = 0 // an HTML block ends what it did not close
		}
	case *east.Table:
		c.container(&doc.Node{Kind: doc.Table, Pos: pos}, n, c.blocks)
	case *east.TableHeader:
		c.container(&doc.Node{Kind: doc.TableRow, Header: true, Pos: pos}, n, c.blocks)
	case *east.TableRow:
		c.container(&doc.Node{Kind: doc.TableRow, Pos: pos}, n, c.blocks)
	case *east.TableCell:
		_, header := n.Parent().(*east.TableHeader)
		cell := &doc.Node{Kind: doc.TableCell, Header: header, Align: tableAlign(n.Alignment), Pos: pos}
		c.container(cell, n, func(n ast.Node) {
			c.container(&doc.Node{Kind: doc.Plain, Pos: pos}, n, c.inlines)
		})
	case *east.DefinitionList:
		c.container(&doc.Node{Kind: doc.DefinitionList, Pos: pos}, n, c.blocks)
	case *east.DefinitionTerm:
		c.container(&doc.Node{Kind: doc.DefinitionTerm, Pos: pos}, n, c.inlines)
	case *east.DefinitionDescription:
		c.container(&doc.Node{Kind: doc.DefinitionDesc, Pos: pos}, n, c.blocks)
	default:
		c.blocks(n)
	}
}

// lines joins the lines of a code block.
func (c *converter) lines(ls *text.Segments) string {
	var b strings.Builder
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		// Goldmark cuts a tab that straddles the indentation into
		// spaces, recorded as Padding.
		for range seg.Padding {
			b.WriteByte(' ')
		}
		b.Write(seg.Value(c.src))
	}
	return b.String()
}

func tableAlign(a east.Alignment) doc.Align {
	switch a {
	case east.AlignLeft:
		return doc.AlignLeft
	case east.AlignCenter:
		return doc.AlignCenter
	case east.AlignRight:
		return doc.AlignRight
	}
	return doc.AlignNone
}

func (c *converter) inlines(n ast.Node) {
	if n.Type() == ast.TypeBlock {
		if ls := n.Lines(); ls.Len() > 0 {
			c.blockEnd = ls.At(ls.Len() - 1).Stop
		}
	}
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if c.skipUntil > 0 && inlineStart(ch) < c.skipUntil {
			continue
		}
		if _, raw := ch.(*ast.RawHTML); c.skip > 0 && !raw {
			continue // inside an element dropped with its content
		}
		c.inline(ch)
	}
	if n.Type() == ast.TypeBlock {
		c.skip = 0
	}
}

// inlineStart is the source offset where inline node n starts.
func inlineStart(n ast.Node) int {
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	return n.Pos()
}

func (c *converter) inline(n ast.Node) {
	pos := n.Pos()
	switch n := n.(type) {
	case *ast.Text:
		s := textValue(n.Segment.Value(c.src))
		c.b.text(s, n.Segment.Start)
		switch {
		case n.HardLineBreak():
			c.b.leaf(&doc.Node{Kind: doc.LineBreak, Pos: n.Segment.Stop})
		case n.SoftLineBreak():
			c.b.softBreak()
		}
	case *ast.String:
		c.b.text(string(n.Value), pos)
	case *ast.CodeSpan:
		var b strings.Builder
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch t := ch.(type) {
			case *ast.Text:
				v := t.Segment.Value(c.src)
				if bytes.HasSuffix(v, []byte("\n")) {
					v = append(v[:len(v)-1:len(v)-1], ' ')
				}
				b.Write(v)
			case *ast.String:
				b.Write(t.Value)
			}
		}
		c.b.leaf(&doc.Node{Kind: doc.Code, Text: b.String(), Pos: pos})
	case *ast.Emphasis:
		kind := doc.Emph
		if n.Level >= 2 {
			kind = doc.Strong
		}
		c.container(&doc.Node{Kind: kind, Pos: pos}, n, c.inlines)
	case *east.Strikethrough:
		c.container(&doc.Node{Kind: doc.Strike, Pos: pos}, n, c.inlines)
	case *ast.Link:
		if c.b.inLink() {
			c.warn(pos, "a link inside a link is not allowed; the inner link was dropped, its text kept")
			c.inlines(n)
			return
		}
		l := &doc.Node{Kind: doc.Link, URL: unescape(n.Destination), Title: unescape(n.Title), Pos: pos}
		c.container(l, n, c.inlines)
	case *ast.AutoLink:
		label := string(n.Label(c.src))
		if c.b.inLink() {
			c.b.text(label, pos)
			return
		}
		url := string(n.URL(c.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
			url = "mailto:" + url
		}
		l := &doc.Node{Kind: doc.Link, URL: url, Pos: pos}
		if c.tooDeep(pos) {
			return
		}
		c.b.open(l, "")
		c.b.text(label, pos)
		c.b.closeNode(l)
	case *ast.Image:
		c.b.leaf(&doc.Node{Kind: doc.Image, URL: unescape(n.Destination), Title: unescape(n.Title),
			Text: c.plainText(n), Pos: pos})
	case *ast.RawHTML:
		if n.Segments.Len() > 0 {
			c.html(newFragment(c.src, n.Segments.Sliced(0, n.Segments.Len())))
		}
	case *east.TaskCheckBox:
		if i := c.b.findOpenAny(doc.ListItem); i >= 0 {
			item := c.b.stack[i].node
			item.Task, item.Checked = true, n.IsChecked
		}
	case *east.FootnoteLink:
		c.b.leaf(&doc.Node{Kind: doc.FootnoteRef, Index: int32(n.Index), RefNo: int32(n.RefIndex + 1), Pos: pos})
	case *east.FootnoteBacklink:
		// Writers make their own back links.
	default:
		c.inlines(n)
	}
}

// plainText is the text of inline Markdown, as an image's alt text.
func (c *converter) plainText(n ast.Node) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch t := ch.(type) {
			case *ast.Text:
				b.WriteString(textValue(t.Segment.Value(c.src)))
				if t.SoftLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(t.Value)
			default:
				walk(ch)
			}
		}
	}
	walk(n)
	return b.String()
}

// explicitID registers an anchor the author gave with {#id}.
func (c *converter) explicitID(id string, pos int) string {
	if strings.ContainsAny(id, " \t\n\r\f") {
		c.warn(pos, "heading id %q contains white space; an id made from the heading text is used instead", id)
		return ""
	}
	if !c.ids.reserve(id) {
		u := c.ids.unique(id)
		c.warn(pos, "heading id %q is used twice in this chapter; this one was renamed %q", id, u)
		return u
	}
	return id
}

// headingIDs gives every heading without an explicit id GitHub's anchor for
// its text, in document order, after explicit and HTML ids were reserved.
func (c *converter) headingIDs(blocks []*doc.Node) {
	doc.Walk(blocks, func(n *doc.Node) bool {
		if n.Kind != doc.Heading {
			return n.Kind.IsBlock() && !n.Kind.HoldsInlines()
		}
		if n.ID == "" {
			slug := Slug(headingText(n.Children))
			n.ID = c.ids.unique(slug)
			if n.ID != slug && slug != "" {
				c.renamed = append(c.renamed, Renamed{Pos: n.Pos, From: slug, To: n.ID})
			}
		}
		return false
	})
}

// headingText is the text GitHub makes a heading's anchor from: its visible
// text, without image alt texts.
func headingText(nodes []*doc.Node) string {
	var b strings.Builder
	doc.Walk(nodes, func(n *doc.Node) bool {
		switch n.Kind {
		case doc.Text, doc.Code, doc.Kbd:
			b.WriteString(n.Text)
		case doc.Image, doc.FootnoteRef:
			return false
		}
		return true
	})
	return b.String()
}

// footnotes converts the footnote definitions goldmark collected at the end
// of the document, in the order of their first reference.
func (c *converter) footnotes(list *east.FootnoteList) []*doc.Footnote {
	var out []*doc.Footnote
	for n := list.FirstChild(); n != nil; n = n.NextSibling() {
		fn, ok := n.(*east.Footnote)
		if !ok {
			continue
		}
		body := &doc.Node{Kind: doc.Div, Pos: -1}
		saved := c.b
		c.b = newBuilder(body, c.cjk)
		c.blocks(fn)
		c.b.finish()
		c.b = saved
		out = append(out, &doc.Footnote{Index: fn.Index, Label: string(fn.Ref), Blocks: body.Children, Pos: fn.Pos()})
	}
	return out
}

// footnoteIDs names each footnote and each reference to it: fn-N and
// fnref-N (fnref-N-2 for a second reference), unless a heading already took
// the name.
func (c *converter) footnoteIDs(ch *Chapter) {
	byIndex := map[int]*doc.Footnote{}
	for _, fn := range ch.Footnotes {
		fn.ID = c.ids.unique("fn-" + strconv.Itoa(fn.Index))
		byIndex[fn.Index] = fn
	}
	walk := func(blocks []*doc.Node) {
		doc.Walk(blocks, func(n *doc.Node) bool {
			if n.Kind == doc.FootnoteRef {
				fn := byIndex[int(n.Index)]
				if fn == nil {
					return false
				}
				base := "fnref-" + strconv.Itoa(int(n.Index))
				if n.RefNo > 1 {
					base += "-" + strconv.Itoa(int(n.RefNo))
				}
				n.ID = c.ids.unique(base)
				fn.RefIDs = append(fn.RefIDs, n.ID)
			}
			return true
		})
	}
	walk(ch.Blocks)
	for _, fn := range ch.Footnotes {
		walk(fn.Blocks)
	}
}

// unescape decodes a link's destination or title as CommonMark says:
// backslash escapes and entity and numeric character references.
// goldmark keeps them as written and decodes them only when it renders
// HTML itself, which we do not use.
func unescape(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	b = util.UnescapePunctuations(b)
	b = util.ResolveNumericReferences(b)
	b = util.ResolveEntityNames(b)
	return string(b)
}

// validLang reports whether s is a BCP 47 tag, as lang attributes need.
func validLang(s string) bool {
	_, err := language.Parse(s)
	return err == nil && !strings.Contains(s, "_")
}
