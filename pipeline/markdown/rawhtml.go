package markdown

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"

	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/sanitize"
)

// A fragment is raw HTML as goldmark found it: the lines of an HTML block or
// the pieces of an inline tag, which need not be contiguous in the source
// (inside a block quote each line has its "> " prefix cut off).
type fragment struct {
	raw  []byte
	segs []text.Segment
}

func newFragment(src []byte, segs []text.Segment) fragment {
	var raw []byte
	for _, s := range segs {
		raw = append(raw, s.Value(src)...)
	}
	return fragment{raw: raw, segs: segs}
}

// sourceOffset maps an offset in f.raw to an offset in the chapter source.
func (f fragment) sourceOffset(off int) int {
	for _, s := range f.segs {
		if n := s.Stop - s.Start; off < n || s == f.segs[len(f.segs)-1] {
			return s.Start + min(off, n)
		} else {
			off -= n
		}
	}
	return -1
}

// droppedWithContent are elements removed together with everything inside
// them: they run code, embed other documents or forms, or hold data that is
// not text (media, MathML), and EPUB reading systems either refuse them or
// show them without the scripts and players they need.
var droppedWithContent = map[string]string{
	"script": "scripts are not allowed in a book", "noscript": "not supported",
	"style": "style sheets come from the book's own theme", "template": "not supported",
	"iframe": "embedded pages are not allowed in a book", "frame": "frames are not allowed in a book",
	"frameset": "frames are not allowed in a book", "object": "embedded objects are not allowed in a book",
	"embed": "embedded objects are not allowed in a book", "applet": "applets are not allowed in a book",
	"param": "embedded objects are not allowed in a book", "input": "form controls are not supported",
	"button": "form controls are not supported", "select": "form controls are not supported",
	"textarea": "form controls are not supported", "option": "form controls are not supported",
	"audio": "audio is not supported", "video": "video is not supported",
	"source": "media is not supported", "track": "media is not supported",
	"canvas": "canvas needs scripts", "math": "MathML is not supported",
	"head": "document heads are ignored", "title": "document titles are ignored",
	"meta": "meta elements are ignored", "link": "external resources are not allowed",
	"base": "base URLs are not supported", "map": "image maps are not supported",
	"area": "image maps are not supported", "dialog": "not supported", "portal": "not supported",
}

// ignoredTags are dropped silently with their content kept: document
// structure that Markdown already provides, and presentational tags whose
// effect the book's theme decides.
var ignoredTags = map[string]bool{
	"html": true, "body": true, "tbody": true, "colgroup": true, "col": true,
	"font": true, "wbr": true, "nobr": true, "form": true, "label": true,
	"fieldset": true, "legend": true, "picture": true, "main": true,
}

// element maps an HTML element to the node kind it becomes.
func element(name string) (doc.Kind, bool) {
	switch name {
	case "b", "strong":
		return doc.Strong, true
	case "i", "em", "cite", "dfn", "var":
		return doc.Emph, true
	case "u", "ins":
		return doc.Underline, true
	case "s", "strike", "del":
		return doc.Strike, true
	case "sub":
		return doc.Sub, true
	case "sup":
		return doc.Sup, true
	case "mark":
		return doc.Mark, true
	case "small":
		return doc.Small, true
	case "span", "abbr", "acronym", "big", "q", "time", "data", "bdi", "bdo", "ruby", "rb", "rt", "rp", "tt", "samp":
		return doc.Span, true
	case "code":
		return doc.Code, true
	case "kbd":
		return doc.Kbd, true
	case "a":
		return doc.Link, true
	case "img":
		return doc.Image, true
	case "br":
		return doc.LineBreak, true
	case "p", "summary":
		return doc.Paragraph, true
	case "figure":
		return doc.Figure, true
	case "figcaption":
		return doc.Caption, true
	case "div", "section", "article", "aside", "header", "footer", "nav", "center", "address", "details", "hgroup":
		return doc.Div, true
	case "blockquote":
		return doc.BlockQuote, true
	case "ul", "ol", "menu":
		return doc.List, true
	case "li":
		return doc.ListItem, true
	case "dl":
		return doc.DefinitionList, true
	case "dt":
		return doc.DefinitionTerm, true
	case "dd":
		return doc.DefinitionDesc, true
	case "h1", "h2", "h3", "h4", "h5", "h6":
		return doc.Heading, true
	case "hr":
		return doc.ThematicBreak, true
	case "pre":
		return doc.CodeBlock, true
	case "table":
		return doc.Table, true
	case "caption":
		return doc.Caption, true
	case "tr":
		return doc.TableRow, true
	case "td", "th":
		return doc.TableCell, true
	}
	return 0, false
}

// html applies a raw HTML fragment to the tree being built. Inside a
// paragraph goldmark hands over each tag as its own fragment, so an element
// dropped with its content (<script>…</script>) may end in a later one: the
// converter keeps skipping, Markdown text included, until its end tag or
// the end of the paragraph.
func (c *converter) html(f fragment) {
	z := html.NewTokenizer(bytes.NewReader(f.raw))
	off := 0
	for {
		tt := z.Next()
		// Copy: TagName lower-cases the tokenizer's buffer in place.
		raw := string(z.Raw())
		start := off
		off += len(raw)
		pos := f.sourceOffset(start)
		if tt == html.ErrorToken {
			return
		}
		if c.skip > 0 {
			name, _ := z.TagName()
			switch {
			case tt == html.StartTagToken && string(name) == c.skipTag:
				c.skip++
			case tt == html.EndTagToken && string(name) == c.skipTag:
				c.skip--
			}
			continue
		}
		switch tt {
		case html.TextToken:
			c.htmlText(string(z.Text()), pos)
		case html.StartTagToken, html.SelfClosingTagToken:
			nameBytes, hasAttr := z.TagName()
			name := string(nameBytes)
			var attrs []html.Attribute
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs = append(attrs, html.Attribute{Key: string(k), Val: string(v)})
			}
			if name == "svg" {
				end, ok := svgEnd(f.raw, start)
				if !ok {
					// In a paragraph, goldmark splits an SVG into
					// one inline node per tag: read the rest of
					// the SVG from the paragraph's source and
					// skip the nodes it covers.
					if pos >= 0 && pos < c.blockEnd {
						if n, ok := svgEnd(c.src[pos:c.blockEnd], 0); ok {
							c.inlineSVG(c.src[pos:pos+n], pos)
							c.skipUntil = pos + n
							return
						}
					}
					c.warn(pos, "inline <svg> is not closed within its paragraph or HTML block (a blank line ends them); it was dropped")
					return
				}
				c.inlineSVG(f.raw[start:end], pos)
				// Skip the tokens of the SVG we consumed.
				z = html.NewTokenizer(bytes.NewReader(f.raw[end:]))
				f = fragment{raw: f.raw[end:], segs: shiftSegs(f, end)}
				off = 0
				continue
			}
			if why, drop := droppedWithContent[name]; drop {
				c.warn(pos, "<%s> dropped with its content: %s", name, why)
				if tt == html.StartTagToken && !voidElement(name) {
					c.skip, c.skipTag = 1, name
				}
				continue
			}
			if name == "listing" && tt == html.StartTagToken {
				c.listingStart(attrs, pos)
				continue
			}
			if _, known := element(name); !known && !ignoredTags[name] && name != "thead" && name != "tfoot" {
				// Not HTML a book can use: most often prose such as
				// "the <polygon> element" that the author meant
				// literally, so show it as written.
				c.warn(pos, "unknown HTML element <%s> is shown as text; write \\<%s> to say so", name, name)
				c.htmlText(raw, pos)
				continue
			}
			c.startTag(name, attrs, tt == html.SelfClosingTagToken, pos)
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) == "listing" && len(c.listings) > 0 {
				c.listingEnd(pos)
				continue
			}
			if _, known := element(string(name)); !known && !ignoredTags[string(name)] && string(name) != "thead" && string(name) != "tfoot" {
				c.htmlText(raw, pos)
				continue
			}
			c.endTag(string(name))
		}
	}
}

// listingCaption is what a <Listing> element's closing tag writes.
type listingCaption struct{ number, caption string }

// listingStart opens a figure for the Rust book's <Listing number="1-1"
// file-name="src/main.rs" caption="..."> element, which its trpl-listing
// preprocessor (not run by ebook) turns into a figure with the file's name
// above the listing and "Listing 1-1: caption" under it. Shown as text, the
// tags would clutter every listing of the book and of its translations.
func (c *converter) listingStart(attrs []html.Attribute, pos int) {
	var l listingCaption
	var file string
	for _, a := range attrs {
		switch a.Key {
		case "number":
			l.number = strings.TrimSpace(a.Val)
		case "caption":
			l.caption = strings.TrimSpace(a.Val)
		case "file-name":
			file = strings.TrimSpace(a.Val)
		}
	}
	c.listings = append(c.listings, l)
	c.startTag("figure", nil, false, pos)
	if file != "" {
		c.startTag("p", nil, false, pos)
		c.htmlText("Filename: "+file, pos)
		c.endTag("p")
	}
}

// listingEnd writes the caption of the innermost open <Listing> and closes
// its figure. The caption is Markdown; its code spans are the only markup
// the Rust book's captions use.
func (c *converter) listingEnd(pos int) {
	l := c.listings[len(c.listings)-1]
	c.listings = c.listings[:len(c.listings)-1]
	text := l.caption
	if l.number != "" {
		text = "Listing " + l.number
		if l.caption != "" {
			text += ": " + l.caption
		}
	}
	if text != "" {
		c.startTag("figcaption", nil, false, pos)
		for i, part := range strings.Split(text, "`") {
			if part == "" {
				continue
			}
			// Odd parts were between backticks; an unmatched last one
			// is kept as text with its backtick.
			if i%2 == 1 && i < strings.Count(text, "`") {
				c.startTag("code", nil, false, pos)
				c.htmlText(part, pos)
				c.endTag("code")
				continue
			}
			if i%2 == 1 {
				part = "`" + part
			}
			c.htmlText(part, pos)
		}
		c.endTag("figcaption")
	}
	c.endTag("figure")
}

// shiftSegs returns the segments of f that describe f.raw[from:].
func shiftSegs(f fragment, from int) []text.Segment {
	var out []text.Segment
	for _, s := range f.segs {
		n := s.Stop - s.Start
		if from >= n {
			from -= n
			continue
		}
		out = append(out, text.NewSegment(s.Start+from, s.Stop))
		from = 0
	}
	if len(out) == 0 && len(f.segs) > 0 {
		last := f.segs[len(f.segs)-1]
		out = append(out, text.NewSegment(last.Stop, last.Stop))
	}
	return out
}

// svgEnd finds the end of the <svg> element starting at raw[start:],
// counting nested svg elements.
func svgEnd(raw []byte, start int) (int, bool) {
	z := html.NewTokenizer(bytes.NewReader(raw[start:]))
	depth, off := 0, start
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return 0, false
		}
		off += len(z.Raw())
		name, _ := z.TagName()
		if string(name) != "svg" {
			continue
		}
		switch tt {
		case html.StartTagToken:
			depth++
		case html.SelfClosingTagToken:
			if depth == 0 {
				return off, true
			}
		case html.EndTagToken:
			depth--
			if depth == 0 {
				return off, true
			}
		}
	}
}

func voidElement(name string) bool {
	switch name {
	case "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr":
		return true
	}
	return false
}

// htmlText adds text from raw HTML. HTML collapses white space; a run that
// holds a line break between East Asian characters disappears, as in
// Markdown.
func (c *converter) htmlText(s string, pos int) {
	if f := c.b.top(); f.capture {
		// <pre> and <code> keep their white space, but for a line break
		// right after <pre>, which HTML ignores.
		if f.node.Kind == doc.CodeBlock && f.node.Text == "" {
			s = strings.TrimPrefix(s, "\n")
		}
		c.b.text(s, pos)
		return
	}
	var out strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isHTMLSpace(r) {
			out.WriteRune(r)
			i += size
			continue
		}
		j, newline := i, false
		for j < len(s) && isHTMLSpace(rune(s[j])) {
			newline = newline || s[j] == '\n'
			j++
		}
		before := lastRune(out.String())
		after := firstRune(s[j:])
		if !(newline && removesSoftBreak(before, after, c.b.cjk)) {
			out.WriteByte(' ')
		}
		i = j
	}
	c.b.text(out.String(), pos)
}

func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
}

// startTag opens (or, for void elements, adds) the node for an HTML start tag.
func (c *converter) startTag(name string, attrs []html.Attribute, selfClosing bool, pos int) {
	if ignoredTags[name] {
		return
	}
	switch name {
	case "thead", "tfoot":
		if i := c.b.findOpen(doc.Table); i >= 0 {
			c.b.stack = c.b.stack[:i+1]
			c.b.stack = append(c.b.stack, frame{node: c.b.stack[i].node, tag: name, headRows: name == "thead"})
		}
		return
	}
	kind, _ := element(name)
	if name == "figcaption" && c.b.findOpen(doc.Figure) < 0 {
		kind = doc.Paragraph // a caption of nothing: its text stays
	}
	n := &doc.Node{Kind: kind, Pos: pos}
	c.attributes(n, name, attrs, pos)

	switch kind {
	case doc.Image:
		if n.URL == "" {
			c.warn(pos, "<img> without a usable src dropped")
			return
		}
		c.b.leaf(n)
		return
	case doc.LineBreak:
		if c.b.top().node.Kind.HoldsInlines() {
			c.b.leaf(n)
		}
		return
	case doc.ThematicBreak:
		if !c.b.inlineContext() {
			c.b.leaf(n)
		}
		return
	case doc.Link:
		if c.b.inLink() {
			c.warn(pos, "a link inside a link is not allowed; the inner <a> was dropped, its text kept")
			return
		}
		if n.URL == "" {
			n.Kind = doc.Span // an anchor (<a name>, <a id>) or a link whose URL was unsafe
		}
	case doc.Heading:
		n.Level = int(name[1] - '0')
	case doc.List:
		n.Ordered = name == "ol"
		if n.Ordered && n.Start == 0 {
			n.Start = 1
		}
	case doc.TableCell:
		n.Header = name == "th"
	case doc.TableRow:
		n.Header = c.b.inTableHead()
	}
	if !c.b.canPlace(kind) {
		if kind.IsBlock() && parentKind(kind) == 0 && c.b.inlineContext() {
			// A block element inside a paragraph: keep its content inline.
			n.Kind = doc.Span
		} else if parentKind(kind) != 0 {
			// A list item without a list, a cell without a table: keep
			// the content, drop the structure.
			if c.b.inlineContext() {
				n.Kind = doc.Span
			} else {
				n.Kind = doc.Div
			}
		}
	}
	if c.tooDeep(pos) {
		return
	}
	f := c.b.open(n, name)
	switch n.Kind {
	case doc.CodeBlock, doc.Code, doc.Kbd:
		f.capture = true
	}
	if selfClosing {
		c.b.closeTag(name)
	}
}

// endTag closes the element an HTML end tag names. Stray end tags (nothing
// to close, or closing across Markdown structure) are ignored, as browsers
// ignore them.
func (c *converter) endTag(name string) {
	if ignoredTags[name] || voidElement(name) {
		return
	}
	c.b.closeTag(name)
}

// attributes copies the attributes the model keeps onto n and drops the rest;
// unsafe ones (event handlers, javascript: URLs) with a warning.
func (c *converter) attributes(n *doc.Node, tag string, attrs []html.Attribute, pos int) {
	for _, a := range attrs {
		key, val := a.Key, strings.TrimSpace(a.Val)
		switch {
		case strings.HasPrefix(key, "on"):
			c.warn(pos, "event handler attribute %s on <%s> dropped: scripts are not allowed in a book", key, tag)
		case key == "id" || (key == "name" && tag == "a"):
			if val != "" && n.ID == "" {
				n.ID = c.anchorID(val, pos)
			}
		case key == "lang" || key == "xml:lang":
			n.Lang = val
		case key == "title":
			n.Title = a.Val
		case key == "href" && tag == "a", key == "src" && tag == "img":
			if sanitize.ClassifyURL(val) == sanitize.Unsafe {
				c.warn(pos, "%s=%q on <%s> dropped: only http(s), mailto and relative URLs are allowed", key, shorten(val), tag)
				continue
			}
			n.URL = val
		case key == "alt" && tag == "img":
			n.Text = a.Val
		case key == "width" && tag == "img":
			n.Width = leadingInt(val)
		case key == "height" && tag == "img":
			n.Height = leadingInt(val)
		case key == "colspan":
			n.ColSpan = clamp(leadingInt(val), 1, 1000)
		case key == "rowspan":
			n.RowSpan = clamp(leadingInt(val), 1, 65534)
		case key == "start" && tag == "ol":
			if v, err := strconv.Atoi(val); err == nil {
				n.Start = int32(max(min(v, math.MaxInt32), math.MinInt32))
			}
		case key == "align":
			n.Align = parseAlign(val)
		case key == "style":
			clean, bad := sanitize.CleanCSS(a.Val)
			for _, d := range bad {
				c.warn(pos, "style %s on <%s> dropped: a book may not fetch anything from outside it", d, tag)
			}
			if al := styleAlign(clean); al != doc.AlignNone {
				n.Align = al
			}
		}
	}
}

// anchorID registers an id written in raw HTML; a repeated id is dropped,
// since links to it could not tell the two apart.
func (c *converter) anchorID(id string, pos int) string {
	if strings.ContainsAny(id, " \t\n\r\f") {
		c.warn(pos, "id %q contains white space and was dropped", id)
		return ""
	}
	if !c.ids.reserve(id) {
		c.warn(pos, "id %q is used twice in this chapter; the second was dropped", id)
		return ""
	}
	return id
}

func leadingInt(s string) int32 {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i < len(s) && s[i] == '%' {
		return 0
	}
	v, _ := strconv.Atoi(s[:min(i, 9)])
	return int32(v) // nine digits at most
}

func clamp(v, lo, hi int32) int32 {
	if v < lo {
		return 0
	}
	return min(v, hi)
}

func parseAlign(v string) doc.Align {
	switch strings.ToLower(v) {
	case "left":
		return doc.AlignLeft
	case "center", "middle":
		return doc.AlignCenter
	case "right":
		return doc.AlignRight
	}
	return doc.AlignNone
}

// styleAlign reads text-align from a style attribute, cleaned by
// sanitize.CleanCSS (comments removed, escapes decoded); the rest of an
// author's inline CSS is not kept, since the book's theme styles it.
func styleAlign(style string) doc.Align {
	for _, decl := range strings.Split(style, ";") {
		k, v, ok := strings.Cut(decl, ":")
		if ok && strings.TrimSpace(strings.ToLower(k)) == "text-align" {
			return parseAlign(strings.TrimSpace(v))
		}
	}
	return doc.AlignNone
}

// inlineSVG sanitises an inline <svg> and adds it as a block or inline node.
func (c *converter) inlineSVG(raw []byte, pos int) {
	svg, err := sanitize.CleanSVG(raw)
	if err != nil {
		c.warn(pos, "inline SVG dropped: %v", err)
		return
	}
	for _, d := range svg.Dropped {
		c.warn(pos, "inline SVG: %s dropped (line %d, column %d of the SVG)", d.What, d.Line, d.Col)
	}
	kind := doc.SVG
	if c.b.top().node.Kind.HoldsInlines() {
		kind = doc.InlineSVG
	}
	c.b.leaf(&doc.Node{Kind: kind, Text: string(svg.Markup), Pos: pos})
}

func shorten(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		return string([]rune(s)[:57]) + "..."
	}
	return s
}
