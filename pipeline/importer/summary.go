package importer

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/markdown"
	"github.com/gobook/ebook/pipeline/sanitize"
)

// Summary is a parsed SUMMARY.md: the table of contents of a GitBook,
// HonKit, mdBook or WaBook project.
//
// The dialects share one shape, which mdBook documents best: an optional
// title heading, prefix chapters (links in paragraphs before the first
// list), numbered chapters (nested lists, possibly under "# Part" headings
// and between "---" separators), and suffix chapters (links in paragraphs
// after the last list).
type Summary struct {
	Title  string   // the summary's own heading ("Summary", "目录"), not a part
	Prefix []*Item  // front matter
	Groups []*Group // numbered chapters, grouped by part heading
	Suffix []*Item  // back matter
}

// Group is the chapters under one part heading; the first group has no
// title when chapters come before the first part heading.
type Group struct {
	Title   string
	Link    string // a heading written as a link ("# [Part I](part1.md)")
	HasLink bool
	Pos     diag.Pos
	Items   []*Item
}

// Item is one entry of the table of contents.
type Item struct {
	Title string
	// Link is the destination as written; HasLink is false for an
	// unlinked title ("- Chapter 1") and true with an empty Link for an
	// mdBook draft ("- [Chapter 1]()").
	Link     string
	HasLink  bool
	Pos      diag.Pos // of the link, or of the entry's text when unlinked
	Children []*Item
}

// parseSummary reads the table of contents in src, the content of the file
// shown as path. Text it cannot place is reported as a warning.
func parseSummary(path string, src []byte, diags *diag.List) *Summary {
	f := diag.NewFile(path, src)
	p := &summaryParser{src: src, file: f, diags: diags, sum: &Summary{}}
	if off := markdown.TooDeep(src); off >= 0 {
		diags.Errorf(f.Pos(off), "lists and block quotes are nested more than %d levels deep here: flatten the table of contents", markdown.MaxBlockNesting)
		return p.sum
	}
	root := goldmark.New().Parser().Parse(text.NewReader(src))
	p.document(root)
	return p.sum
}

type summaryParser struct {
	src   []byte
	file  *diag.File
	diags *diag.List
	sum   *Summary

	sawList bool    // a list of numbered chapters has been read
	started bool    // anything but the title has been read
	pending []*Item // links in paragraphs after a list: suffix chapters, unless a list follows
}

func (p *summaryParser) pos(n ast.Node) diag.Pos {
	return p.file.Pos(nodeStart(n))
}

// nodeStart is the source offset where n starts.
func nodeStart(n ast.Node) int {
	if n.Type() == ast.TypeBlock {
		if ls := n.Lines(); ls.Len() > 0 {
			return ls.At(0).Start
		}
		if c := n.FirstChild(); c != nil {
			return nodeStart(c)
		}
		return n.Pos()
	}
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	return n.Pos()
}

func (p *summaryParser) document(root ast.Node) {
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			p.heading(n)
		case *ast.ThematicBreak:
			// mdBook's separator: a line in its sidebar, nothing in a book.
		case *ast.Paragraph:
			items := p.paragraphLinks(n)
			switch {
			case !p.sawList && len(p.sum.Groups) == 0:
				p.sum.Prefix = append(p.sum.Prefix, items...)
			default:
				p.pending = append(p.pending, items...)
			}
			p.started = true
		case *ast.List:
			p.flushPending()
			g := p.group()
			g.Items = append(g.Items, p.list(n)...)
			p.sawList = true
			p.started = true
		case *ast.HTMLBlock:
			// Comments and the like: nothing to import.
		default:
			p.diags.Warnf(p.pos(n), "ignored: SUMMARY.md holds headings, links and lists of links; this %s is not part of the table of contents", blockName(n))
		}
	}
	p.sum.Suffix = p.pending
}

// heading reads a heading: the summary's title when it comes first, a part
// title otherwise. A first heading that links a file of the book ("#
// [Preface](README.md)") is a chapter, the first of the front matter:
// GitBook and HonKit books use it so, and the file is their introduction.
func (p *summaryParser) heading(h *ast.Heading) {
	title := strings.TrimSpace(p.inlineText(h))
	if !p.started && p.sum.Title == "" && len(p.sum.Groups) == 0 {
		p.started = true
		if l := firstLink(h); l != nil && sanitize.ClassifyURL(string(l.Destination)) == sanitize.Relative {
			p.sum.Prefix = append(p.sum.Prefix, &Item{Title: strings.TrimSpace(p.inlineText(l)), Link: string(l.Destination), HasLink: true, Pos: p.pos(l)})
			return
		}
		p.sum.Title = title
		return
	}
	p.flushPending()
	g := &Group{Title: title, Pos: p.pos(h)}
	if l := firstLink(h); l != nil {
		g.Link, g.HasLink = string(l.Destination), true
		if t := strings.TrimSpace(p.inlineText(l)); t != "" {
			g.Title = t
		}
	}
	if g.Title == "" {
		p.diags.Warnf(g.Pos, "ignored: empty heading")
		return
	}
	p.sum.Groups = append(p.sum.Groups, g)
	p.started = true
}

// flushPending puts links read in paragraphs between lists into the body:
// they were not suffix chapters after all.
func (p *summaryParser) flushPending() {
	if len(p.pending) == 0 {
		return
	}
	g := p.group()
	g.Items = append(g.Items, p.pending...)
	p.pending = nil
}

// group returns the group numbered chapters are added to.
func (p *summaryParser) group() *Group {
	if len(p.sum.Groups) == 0 {
		p.sum.Groups = append(p.sum.Groups, &Group{})
	}
	return p.sum.Groups[len(p.sum.Groups)-1]
}

// paragraphLinks reads prefix or suffix chapters: every link of a
// paragraph ("[Preface](preface.md)" lines).
func (p *summaryParser) paragraphLinks(para ast.Node) []*Item {
	var items []*Item
	stray := false
	for c := para.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Link:
			items = append(items, &Item{Title: strings.TrimSpace(p.inlineText(c)), Link: string(c.Destination), HasLink: true, Pos: p.pos(c)})
		case *ast.Text:
			if strings.TrimSpace(string(c.Segment.Value(p.src))) != "" {
				stray = true
			}
		case *ast.RawHTML:
			if !isComment(c, p.src) {
				stray = true
			}
		default:
			stray = true
		}
	}
	if stray && len(items) == 0 {
		p.diags.Warnf(p.pos(para), "ignored: text outside a list that is not a link")
	} else if stray {
		p.diags.Warnf(p.pos(para), "ignored: the text around the links of this paragraph")
	}
	return items
}

// list reads a list of entries, and the lists nested in them.
func (p *summaryParser) list(l *ast.List) []*Item {
	var items []*Item
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		var item *Item
		var children []*Item
		commented := false // the entry holds an HTML comment
		for c := li.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.TextBlock, *ast.Paragraph:
				switch {
				case onlyComments(c, p.src):
					// An entry commented out: nothing to import.
					commented = true
				case item == nil:
					item = p.entry(c)
				default:
					p.diags.Warnf(p.pos(c), "ignored: a second paragraph in one entry")
				}
			case *ast.List:
				children = append(children, p.list(c)...)
			case *ast.HTMLBlock:
				if c.HTMLBlockType != ast.HTMLBlockType2 {
					p.diags.Warnf(p.pos(c), "ignored: this HTML inside an entry")
				}
				commented = true
			default:
				p.diags.Warnf(p.pos(c), "ignored: this %s inside an entry", blockName(c))
			}
		}
		if item == nil {
			if len(children) == 0 {
				if !commented {
					p.diags.Warnf(p.pos(li), "ignored: empty entry")
				}
				continue
			}
			// A bare marker over a nested list: keep the children.
			items = append(items, children...)
			continue
		}
		item.Children = children
		items = append(items, item)
	}
	return items
}

// entry reads the text of one list item: a link, possibly after a number
// or other text ("1.1 [Title](file.md)"), or a title without a link.
func (p *summaryParser) entry(block ast.Node) *Item {
	var link *ast.Link
	links := 0
	for c := block.FirstChild(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.Link); ok {
			if link == nil {
				link = l
			}
			links++
		}
	}
	if link == nil {
		return &Item{Title: strings.TrimSpace(p.inlineText(block)), Pos: p.pos(block)}
	}
	if links > 1 {
		p.diags.Warnf(p.pos(block), "an entry with %d links: the first one is the chapter, the others are ignored", links)
	}
	title := strings.TrimSpace(p.inlineText(link))
	if title == "" {
		title = strings.TrimSpace(p.inlineText(block))
	}
	return &Item{Title: title, Link: string(link.Destination), HasLink: true, Pos: p.pos(link)}
}

// inlineText is the plain text of inline Markdown, as a title.
func (p *summaryParser) inlineText(n ast.Node) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Text:
				b.WriteString(markdown.Unescape(t.Segment.Value(p.src)))
				if t.SoftLineBreak() || t.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(t.Value)
			case *ast.RawHTML, *ast.Image:
				// Markup and pictures (badges, icons) are not part of a title.
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// isComment reports whether raw inline HTML is a comment ("<!-- ... -->").
func isComment(h *ast.RawHTML, src []byte) bool {
	if h.Segments.Len() == 0 {
		return false
	}
	first := h.Segments.At(0)
	return strings.HasPrefix(string(first.Value(src)), "<!--")
}

// onlyComments reports whether the inline content of block is HTML
// comments and white space: an entry or a line commented out.
func onlyComments(block ast.Node, src []byte) bool {
	found := false
	for c := block.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.RawHTML:
			if !isComment(c, src) {
				return false
			}
			found = true
		case *ast.Text:
			if strings.TrimSpace(string(c.Segment.Value(src))) != "" {
				return false
			}
		default:
			return false
		}
	}
	return found
}

func firstLink(n ast.Node) *ast.Link {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.Link); ok {
			return l
		}
	}
	return nil
}

func blockName(n ast.Node) string {
	switch n.(type) {
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return "code block"
	case *ast.Blockquote:
		return "quote"
	case *ast.Heading:
		return "heading"
	}
	return "block"
}
