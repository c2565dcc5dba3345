// Package render writes a chapter of the document model as the body of an
// (X)HTML document: one renderer for every HTML-based output (the EPUB's
// XHTML documents, the website's pages), so that their content, ids and
// links cannot drift apart. Each output says where links and images point
// (Options); the markup is otherwise the same.
package render

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/highlight"
	"github.com/gobook/ebook/pipeline/lang"
	"github.com/gobook/ebook/pipeline/manifest"
)

// Options say where an output puts each chapter and image, and whether it
// is an EPUB's XHTML or a web page's HTML: the only things that differ
// between the HTML-based outputs.
type Options struct {
	// Href is the link from chapter from to anchor in chapter to (both
	// indexes into the book's chapters; anchor empty for the chapter's
	// start).
	Href func(from, to int, anchor string) string
	// Image is the src of the image whose book path is p.
	Image func(p string) string
	// HTML writes for a web page: no epub:type or xml:lang attributes,
	// which only reading systems read, and every image with its width
	// and height (its natural size unless the author set one), so that
	// the page does not move as images arrive.
	HTML bool
	// Context is how the text of a chapter is set at its top
	// (fonts.Set.Root), which says how Chinese emphasis is marked: with
	// dots (class cjk) or in the quote face (class kai), as the PDF does.
	// The zero Context marks it with dots.
	Context fonts.Context
	// Language is the book's language (a BCP 47 tag), in which the
	// titles of callouts are written (lang.Variety.Alerts).
	Language string
	// Breaks are the chapter's page break markers, in page order: each
	// is written where its page of the printed edition starts (see
	// marks.go).
	Breaks []Break
}

// xhtmlWriter renders one chapter's tree as the body of an XHTML document.
// Everything written is escaped or comes from the model's closed set of
// elements, so the result is well-formed whatever the author wrote.
type xhtmlWriter struct {
	buf    bytes.Buffer
	links  Options
	ch     *book.Chapter
	inLink bool
	hasSVG bool
	// ctx is the context of the node being written: the emphasis rule
	// (fonts.Context.Emphasis) needs the role and paragraph around.
	ctx fonts.Context
	// breaks are the markers not yet written, by the node they are in
	// (nil: the chapter's start); marks those of the block whose
	// inlines are being written, and pos where in its text they are.
	breaks map[*doc.Node][]Break
	marks  []Break
	pos    int
}

// enter makes x's context that of n's content and returns the function
// that restores it.
func (x *xhtmlWriter) enter(n *doc.Node) (restore func()) {
	saved := x.ctx
	x.ctx = x.ctx.Enter(n)
	return func() { x.ctx = saved }
}

// Body renders chapter ch as a <section> element, and says whether it holds
// inline SVG.
func Body(ch *book.Chapter, opts Options) (string, bool) {
	x := &xhtmlWriter{links: opts, ch: ch, ctx: opts.Context}
	x.indexBreaks(opts.Breaks)
	epubType, role := sectionType(ch)
	x.buf.WriteString(`<section class="chapter"`)
	if !opts.HTML {
		fmt.Fprintf(&x.buf, ` epub:type="%s"`, epubType)
	}
	if role != "" {
		fmt.Fprintf(&x.buf, ` role="%s"`, role)
	}
	x.buf.WriteString(">\n")
	x.writeBreaks(x.breaks[nil])
	x.blocks(ch.Blocks)
	if len(ch.Footnotes) > 0 {
		x.footnotes(ch.Footnotes)
	}
	x.leftBreaks()
	x.buf.WriteString("</section>")
	return x.buf.String(), x.hasSVG
}

// sectionType gives the EPUB structural semantics and ARIA role of a
// chapter's section.
func sectionType(ch *book.Chapter) (epubType, role string) {
	switch {
	case ch.PartIntro:
		return "part", "doc-part"
	case ch.Colophon:
		return "colophon", "doc-colophon"
	case ch.Role == book.Front:
		return "frontmatter", ""
	case ch.Role == book.Appendix:
		return "appendix", "doc-appendix"
	case ch.Role == book.Back:
		return "backmatter", ""
	}
	return "chapter", "doc-chapter"
}

func (x *xhtmlWriter) blocks(nodes []*doc.Node) {
	for _, n := range nodes {
		x.block(n)
	}
}

func (x *xhtmlWriter) open(tag string, n *doc.Node, extra ...string) {
	b := &x.buf
	b.WriteByte('<')
	b.WriteString(tag)
	if n != nil {
		if n.ID != "" {
			x.attr("id", n.ID)
		}
		if n.Lang != "" && n.Kind != doc.CodeBlock {
			x.attr("lang", n.Lang)
			if !x.links.HTML {
				x.attr("xml:lang", n.Lang)
			}
		}
		if c := alignClass(n.Align); c != "" && n.Kind != doc.TableCell {
			x.attr("class", c)
		}
	}
	for i := 0; i+1 < len(extra); i += 2 {
		x.attr(extra[i], extra[i+1])
	}
	b.WriteByte('>')
}

func (x *xhtmlWriter) close(tag string) {
	x.buf.WriteString("</")
	x.buf.WriteString(tag)
	x.buf.WriteByte('>')
}

func (x *xhtmlWriter) attr(name, value string) {
	x.buf.WriteByte(' ')
	x.buf.WriteString(name)
	x.buf.WriteString(`="`)
	Escape(&x.buf, value, true)
	x.buf.WriteByte('"')
}

func alignClass(a doc.Align) string {
	switch a {
	case doc.AlignLeft:
		return "align-left"
	case doc.AlignCenter:
		return "align-center"
	case doc.AlignRight:
		return "align-right"
	}
	return ""
}

func (x *xhtmlWriter) block(n *doc.Node) {
	defer x.enter(n)()
	if x.breaks != nil && !n.Kind.HoldsInlines() && n.Kind != doc.CodeBlock && n.Kind != doc.Figure {
		// Before the block: its content may not hold a marker (a
		// list's, a table's).
		x.writeBreaks(x.take(n))
	}
	switch n.Kind {
	case doc.Paragraph:
		x.lead(n)
		x.open("p", n)
		x.text(n)
		x.close("p")
	case doc.Plain:
		x.text(n)
	case doc.Heading:
		tag := "h" + strconv.Itoa(min(max(n.Level, 1), 6))
		x.lead(n)
		x.open(tag, n)
		x.text(n)
		x.close(tag)
	case doc.ThematicBreak:
		x.buf.WriteString("<hr/>")
	case doc.CodeBlock:
		x.code(n)
	case doc.BlockQuote:
		x.open("blockquote", n)
		x.blocks(n.Children)
		x.close("blockquote")
	case doc.Callout:
		x.callout(n)
	case doc.List:
		x.list(n)
	case doc.ListItem:
		// Only inside a list; the builder guarantees it.
		x.open("li", n)
		x.blocks(n.Children)
		x.close("li")
	case doc.Table:
		x.table(n)
	case doc.DefinitionList:
		x.open("dl", n)
		for _, c := range n.Children {
			switch c.Kind {
			case doc.DefinitionTerm:
				x.open("dt", c)
				x.text(c)
				x.close("dt")
			default:
				x.open("dd", c)
				x.blocks(c.Children)
				x.close("dd")
			}
		}
		x.close("dl")
	case doc.Div:
		x.open("div", n)
		x.blocks(n.Children)
		x.close("div")
	case doc.Figure:
		x.figure(n)
	case doc.Epigraph:
		x.open("blockquote", n, "class", "epigraph", "epub:type", "epigraph", "role", "doc-epigraph")
		x.blocks(n.Children)
		x.close("blockquote")
	case doc.SVG:
		x.hasSVG = true
		x.buf.WriteString(`<div class="svg">`)
		x.buf.WriteString(n.Text)
		x.buf.WriteString("</div>")
	default:
		if !n.Kind.IsBlock() {
			x.inline(n)
		}
	}
	if n.Kind != doc.Plain {
		x.buf.WriteByte('\n')
	}
}

// callout writes a GitHub-style alert as a note with its title, the
// kind's word in the book's language, first: a div with the ARIA role
// note rather than an aside, which some reading systems hide or move as
// secondary content like a footnote. The class names the kind for the
// style sheet; the title says it to everyone else.
func (x *xhtmlWriter) callout(n *doc.Node) {
	kind := n.Alert.String()
	x.open("div", n, "class", "callout callout-"+kind, "role", "note")
	x.buf.WriteString(`<p class="callout-title">`)
	Escape(&x.buf, lang.VarietyOf(x.links.Language).Alert(int(n.Alert)), false)
	x.buf.WriteString("</p>\n")
	x.blocks(n.Children)
	x.close("div")
}

// figure writes a figure: its picture, table, listing or blocks, and its
// caption, as <figure> and <figcaption>. A caption that says what the
// image's alternative text says is hidden from screen readers, which
// would otherwise read the same words twice.
func (x *xhtmlWriter) figure(n *doc.Node) {
	alt := ""
	if _, img, _ := doc.FigureParts(n); img != nil {
		alt = strings.TrimSpace(img.Text)
	}
	x.open("figure", n)
	x.writeBreaks(x.take(n))
	for _, c := range n.Children {
		switch {
		case c.Kind == doc.Caption:
			var extra []string
			if alt != "" && alt == strings.TrimSpace(doc.InlineText(c.Children)) {
				extra = []string{"aria-hidden", "true"}
			}
			x.open("figcaption", c, extra...)
			restore := x.enter(c)
			x.text(c)
			restore()
			x.close("figcaption")
		case c.Kind.IsBlock():
			x.block(c)
		default:
			x.inline(c)
		}
	}
	x.close("figure")
}

func (x *xhtmlWriter) list(n *doc.Node) {
	tag := "ul"
	var extra []string
	if n.Ordered {
		tag = "ol"
		if n.Start != 1 {
			extra = append(extra, "start", strconv.Itoa(int(n.Start)))
		}
	}
	tasks := false
	for _, it := range n.Children {
		tasks = tasks || it.Task
	}
	if tasks {
		extra = append(extra, "class", "tasks")
	}
	x.open(tag, n, extra...)
	x.buf.WriteByte('\n')
	for _, it := range n.Children {
		x.open("li", it)
		if it.Task {
			mark, label := "☐", "to do"
			if it.Checked {
				mark, label = "☑", "done"
			}
			x.buf.WriteString(`<span class="task" role="img" aria-label="` + label + `">` + mark + `</span> `)
		}
		if n.Tight {
			x.tightItem(it.Children)
		} else {
			x.blocks(it.Children)
		}
		x.close("li")
		x.buf.WriteByte('\n')
	}
	x.close(tag)
}

// tightItem writes a tight list item: its paragraphs without <p>, as
// Markdown means by a list without blank lines between items.
func (x *xhtmlWriter) tightItem(blocks []*doc.Node) {
	for _, b := range blocks {
		if b.Kind == doc.Paragraph {
			restore := x.enter(b)
			x.text(b)
			restore()
			continue
		}
		x.block(b)
	}
}

func (x *xhtmlWriter) table(n *doc.Node) {
	x.open("table", n)
	x.buf.WriteByte('\n')
	rows := n.Children
	if len(rows) > 0 && rows[0].Kind == doc.Caption {
		x.open("caption", rows[0])
		restore := x.enter(rows[0])
		x.text(rows[0])
		restore()
		x.close("caption")
		rows = rows[1:]
	}
	head := 0
	for head < len(rows) && rows[head].Header {
		head++
	}
	if head > 0 {
		x.buf.WriteString("<thead>\n")
		x.rows(rows[:head])
		x.buf.WriteString("</thead>\n")
	}
	if head < len(rows) {
		x.buf.WriteString("<tbody>\n")
		x.rows(rows[head:])
		x.buf.WriteString("</tbody>\n")
	}
	x.close("table")
}

func (x *xhtmlWriter) rows(rows []*doc.Node) {
	for _, r := range rows {
		if r.Kind != doc.TableRow {
			continue // a caption after the first row has no place in XHTML
		}
		x.open("tr", r)
		for _, c := range r.Children {
			tag := "td"
			if c.Header || r.Header {
				tag = "th"
			}
			var extra []string
			if cl := alignClass(c.Align); cl != "" {
				extra = append(extra, "class", cl)
			}
			if c.ColSpan > 1 {
				extra = append(extra, "colspan", strconv.Itoa(int(c.ColSpan)))
			}
			if c.RowSpan > 1 {
				extra = append(extra, "rowspan", strconv.Itoa(int(c.RowSpan)))
			}
			x.open(tag, c, extra...)
			x.blocks(c.Children)
			x.close(tag)
		}
		x.close("tr")
		x.buf.WriteByte('\n')
	}
}

// code writes a listing, highlighted through CSS classes.
func (x *xhtmlWriter) code(n *doc.Node) {
	x.buf.WriteString(`<pre class="listing"`)
	if n.ID != "" {
		x.attr("id", n.ID)
	}
	if x.links.HTML {
		// A long line scrolls the listing sideways: the keyboard must
		// reach it to scroll it too (WCAG 2.1.1).
		x.buf.WriteString(` tabindex="0"`)
	}
	x.buf.WriteString("><code")
	if n.Lang != "" {
		x.attr("class", "language-"+strings.ToLower(n.Lang))
	}
	x.buf.WriteByte('>')
	tokens := n.Tokens
	if tokens == nil {
		tokens = highlight.Tokens(n.Lang, strings.TrimSuffix(n.Text, "\n"))
	}
	saved, savedPos := x.marks, x.pos
	x.marks, x.pos = x.take(n), 0
	for class, text := range tokens.All() {
		if class == "" {
			x.textOut(text)
			continue
		}
		// A marker at a token's start goes before its span.
		for len(x.marks) > 0 && x.marks[0].Offset <= x.pos {
			x.writeBreaks(x.marks[:1])
			x.marks = x.marks[1:]
		}
		x.buf.WriteString(`<span class="` + class + `">`)
		x.textOut(text)
		x.buf.WriteString("</span>")
	}
	x.writeBreaks(x.marks)
	x.marks, x.pos = saved, savedPos
	x.buf.WriteString("</code></pre>")
}

func (x *xhtmlWriter) inlines(nodes []*doc.Node) {
	for _, n := range nodes {
		x.inline(n)
	}
}

// inlineTags maps inline kinds that are plain wrappers to their element.
var inlineTags = map[doc.Kind]string{
	doc.Emph: "em", doc.Strong: "strong", doc.Strike: "del", doc.Underline: "u",
	doc.Sub: "sub", doc.Sup: "sup", doc.Mark: "mark", doc.Small: "small", doc.Span: "span",
}

func (x *xhtmlWriter) inline(n *doc.Node) {
	if tag, ok := inlineTags[n.Kind]; ok {
		var extra []string
		if n.Title != "" {
			extra = []string{"title", n.Title}
		}
		if n.Kind == doc.Emph {
			// Chinese and Japanese have no italics: the style sheet
			// marks such emphasis with dots, or sets it in the quote
			// face. Latin emphasis stays italic, even in a Chinese book.
			switch x.ctx.Emphasis(n) {
			case fonts.EmphDots:
				extra = append(extra, "class", "cjk")
			case fonts.EmphQuote:
				extra = append(extra, "class", "kai")
			}
		}
		x.open(tag, n, extra...)
		restore := x.enter(n)
		x.inlines(n.Children)
		restore()
		x.close(tag)
		return
	}
	switch n.Kind {
	case doc.Text:
		x.textOut(n.Text)
	case doc.Code:
		x.open("code", n)
		x.textOut(n.Text)
		x.close("code")
	case doc.Kbd:
		x.open("kbd", n)
		x.textOut(n.Text)
		x.close("kbd")
	case doc.LineBreak:
		x.skip(1)
		x.buf.WriteString("<br/>")
	case doc.Link:
		x.link(n)
	case doc.Image:
		x.skip(len(n.Text))
		x.image(n)
	case doc.FootnoteRef:
		x.noteref(n)
	case doc.InlineSVG:
		x.hasSVG = true
		x.buf.WriteString(n.Text)
	default:
		if n.Kind.IsBlock() {
			// The model never puts blocks here; write their text
			// rather than invalid markup if it ever did.
			Escape(&x.buf, doc.InlineText(n.Children), false)
		}
	}
}

func (x *xhtmlWriter) link(n *doc.Node) {
	if n.Link == nil || x.inLink {
		x.open("span", n)
		x.inlines(n.Children)
		x.close("span")
		return
	}
	href := n.Link.URL
	if n.Link.IsInternal() {
		href = x.links.Href(x.ch.Index, n.Link.Chapter, n.Link.Anchor)
	}
	extra := []string{"href", href}
	if n.Title != "" {
		extra = append(extra, "title", n.Title)
	}
	if !n.Link.IsInternal() {
		extra = append(extra, "class", "external")
	}
	x.open("a", n, extra...)
	x.inLink = true
	x.inlines(n.Children)
	x.inLink = false
	x.close("a")
}

func (x *xhtmlWriter) image(n *doc.Node) {
	if n.Image == nil {
		// A remote image: the reader sees its description.
		x.open("span", n, "class", "image-missing")
		alt := n.Text
		if alt == "" {
			alt = n.URL
		}
		Escape(&x.buf, "["+alt+"]", false)
		x.close("span")
		return
	}
	extra := []string{"src", x.links.Image(n.Image.Path), "alt", n.Text}
	if n.Title != "" {
		extra = append(extra, "title", n.Title)
	}
	width, height := int(n.Width), int(n.Height)
	if x.links.HTML {
		width, height = imageSize(n, n.Image)
	}
	if width > 0 {
		extra = append(extra, "width", strconv.Itoa(width))
	}
	if height > 0 {
		extra = append(extra, "height", strconv.Itoa(height))
	}
	x.buf.WriteString("<img")
	if n.ID != "" {
		x.attr("id", n.ID)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		x.attr(extra[i], extra[i+1])
	}
	x.buf.WriteString("/>")
}

// imageSize is the width and height an image is shown at on a web page:
// the author's, the missing one computed from the image's proportions, or
// its natural size.
func imageSize(n *doc.Node, a *doc.Asset) (int, int) {
	w, h := int(n.Width), int(n.Height)
	switch {
	case a.Width <= 0 || a.Height <= 0:
	case w > 0 && h <= 0:
		h = (w*a.Height + a.Width/2) / a.Width
	case h > 0 && w <= 0:
		w = (h*a.Width + a.Height/2) / a.Height
	case w <= 0 && h <= 0:
		w, h = a.Width, a.Height
	}
	return w, h
}

func (x *xhtmlWriter) noteref(n *doc.Node) {
	num := strconv.Itoa(int(n.Index))
	if x.inLink || n.ID == "" {
		// Inside a link a reference cannot be a link itself; it keeps
		// its id, which the footnote's back link points to.
		x.buf.WriteString(`<sup class="noteref"`)
		if n.ID != "" {
			x.attr("id", n.ID)
		}
		x.buf.WriteString(">" + num + "</sup>")
		return
	}
	target := ""
	index := int(n.Index)
	if i := index - 1; i >= 0 && i < len(x.ch.Footnotes) && x.ch.Footnotes[i].Index == index {
		target = x.ch.Footnotes[i].ID // notes are numbered in order: no search
	} else {
		for _, fn := range x.ch.Footnotes {
			if fn.Index == index {
				target = fn.ID
			}
		}
	}
	x.buf.WriteString(`<sup class="noteref"><a`)
	if !x.links.HTML {
		x.buf.WriteString(` epub:type="noteref"`)
	}
	x.buf.WriteString(` role="doc-noteref"`)
	x.attr("id", n.ID)
	x.attr("href", "#"+Fragment(target))
	x.buf.WriteString(">" + num + "</a></sup>")
}

// footnotes writes the chapter's footnotes as EPUB 3 footnotes: readers
// show each as a pop-up at its reference; others show them at the end of
// the chapter, each with a link back to its references.
func (x *xhtmlWriter) footnotes(fns []*doc.Footnote) {
	epubType := func(t string) string {
		if x.links.HTML {
			return ""
		}
		return ` epub:type="` + t + `"`
	}
	x.buf.WriteString(`<section class="footnotes"` + epubType("footnotes") + ">\n")
	for _, fn := range fns {
		x.buf.WriteString(`<aside class="footnote"` + epubType("footnote") + ` role="doc-footnote"`)
		x.attr("id", fn.ID)
		x.buf.WriteString(">")
		back := &bytes.Buffer{}
		back.WriteString(`<span class="backlinks">`)
		for i, ref := range fn.RefIDs {
			back.WriteString(`<a role="doc-backlink" href="#`)
			Escape(back, Fragment(ref), true)
			back.WriteString(`">`)
			back.WriteString(strconv.Itoa(fn.Index))
			if len(fn.RefIDs) > 1 {
				back.WriteString(string(rune('a' + i%26)))
			}
			back.WriteString("</a> ")
		}
		back.WriteString("</span>")
		blocks := fn.Blocks
		if len(blocks) > 0 && (blocks[0].Kind == doc.Paragraph || blocks[0].Kind == doc.Plain) {
			x.open("p", blocks[0])
			x.buf.Write(back.Bytes())
			x.text(blocks[0])
			x.close("p")
			blocks = blocks[1:]
		} else {
			x.buf.WriteString("<p>")
			x.buf.Write(back.Bytes())
			x.buf.WriteString("</p>")
		}
		x.blocks(blocks)
		x.buf.WriteString("</aside>\n")
	}
	x.buf.WriteString("</section>\n")
}

// ListingCSS is what the EPUB's and the website's style sheets say of
// listings after their own rules: the tab width of book.yaml's code.tabs
// where it is not the default their rules set (manifest.DefaultTabWidth),
// then the heading of the highlighting rules that follow it.
func ListingCSS(tabs int) string {
	s := ""
	if tabs != manifest.DefaultTabWidth {
		s = fmt.Sprintf("\npre.listing { tab-size: %d; -moz-tab-size: %d; }\n", tabs, tabs)
	}
	return s + "\n/* Code highlighting: chroma's classes, GitHub's colours. */\n"
}

// Fragment percent-encodes an id for use after '#' in an href, as URLs are
// written; reading systems decode it before looking the id up.
func Fragment(id string) string {
	return (&url.URL{Fragment: id}).EscapedFragment()
}

// Escape writes s escaped for XML text or a double-quoted attribute value
// (attr), dropping characters XML 1.0 does not allow.
func Escape(b *bytes.Buffer, s string, attr bool) {
	last := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		var rep string
		switch {
		case r == '<':
			rep = "&lt;"
		case r == '>':
			rep = "&gt;"
		case r == '&':
			rep = "&amp;"
		case r == '"' && attr:
			rep = "&quot;"
		case (r == '\n' || r == '\t') && attr:
			rep = " "
		case r < 0x20 && r != '\n' && r != '\t' && r != '\r', r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			rep = ""
		case r == '\r':
			rep = ""
		default:
			i += size
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		i += size
		last = i
	}
	b.WriteString(s[last:])
}
