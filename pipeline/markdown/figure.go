package markdown

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gobook/ebook/pipeline/doc"
)

// figures turns a paragraph that holds nothing but one image into a figure:
// the image stands as a block, and its title, if any, becomes its caption.
// Images in list items and table cells stay inline, where they were written.
// A raw-HTML <figure> keeps its <figcaption>; a lone image in it becomes
// the figure's picture.
func figures(blocks []*doc.Node) {
	for i, n := range blocks {
		switch n.Kind {
		case doc.Paragraph, doc.Plain:
			if img := loneImage(n); img != nil {
				f := &doc.Node{Kind: doc.Figure, Pos: n.Pos, Align: n.Align, Children: []*doc.Node{img}}
				if t := strings.TrimSpace(img.Title); t != "" {
					// The title is the caption now: shown once, not
					// also as a tooltip.
					img.Title = ""
					f.Children = append(f.Children, &doc.Node{Kind: doc.Caption, Pos: img.Pos,
						Children: []*doc.Node{{Kind: doc.Text, Text: t, Pos: img.Pos}}})
					describe(img, f.Children[1])
				}
				blocks[i] = f
			}
		case doc.Figure:
			htmlFigure(n)
		case doc.Div, doc.BlockQuote, doc.Callout:
			figures(n.Children)
		}
	}
}

// htmlFigure tidies a figure written in raw HTML: the paragraph the
// builder wrapped a lone image in goes, so that the image is the figure's
// picture as in a Markdown figure.
func htmlFigure(f *doc.Node) {
	var img, caption *doc.Node
	others := 0
	for _, c := range f.Children {
		switch {
		case c.Kind == doc.Caption && caption == nil:
			caption = c
		case (c.Kind == doc.Paragraph || c.Kind == doc.Plain) && img == nil && loneImage(c) != nil:
			img = loneImage(c)
		default:
			others++
		}
	}
	if img == nil || others > 0 {
		figures(f.Children)
		return
	}
	f.Children = []*doc.Node{img}
	if caption != nil {
		f.Children = append(f.Children, caption)
		describe(img, caption)
	}
}

// loneImage returns the image that is p's only content, ignoring white space
// and a wrapping link-less span.
func loneImage(p *doc.Node) *doc.Node {
	var img *doc.Node
	for _, c := range p.Children {
		switch {
		case c.Kind == doc.Text && strings.TrimSpace(c.Text) == "":
		case c.Kind == doc.Image && img == nil:
			img = c
		default:
			return nil
		}
	}
	return img
}

// Captions: a Markdown figure, table or listing is often followed (or, for
// tables and listings, preceded) by a paragraph that names it, "*图 1-1 Go
// 语言基因族谱*" or "Table 2: Sizes". Such a paragraph becomes the caption
// of a Figure that holds it and what it names, so that every writer keeps
// the two together.

// labelKind is what a caption's label names.
type labelKind uint8

const (
	labelFigure labelKind = iota + 1
	labelTable
	labelListing
)

// captionLabel matches a caption's label and number at the start of its
// text: 图 1-1, 图1.2, Figure 3, Fig. 2, 表 2-2, Table A-1, 代码 3-1,
// 清单 3-1, Listing 3.1.
var captionLabel = regexp.MustCompile(`^(图|表|代码|清单|Figure|Fig\.|Table|Listing)[ \t\x{00a0}\x{3000}]*(?:[0-9]+|[A-Z])(?:[-.–—_][0-9]+)*`)

// Caption length limits, in characters: a caption is a line or two, not a
// paragraph of prose that happens to start with "图 1".
const (
	maxPlainCaption    = 100
	maxEmphasisCaption = 300
)

// captionOf reports whether paragraph p is a caption: nothing but a label
// with its number and a title, either all emphasised or plain text. It
// returns what the caption's label names and the caption's content,
// without the emphasis around it (a caption is set as a caption, not as
// emphasis).
func captionOf(p *doc.Node) (labelKind, []*doc.Node) {
	if p == nil || (p.Kind != doc.Paragraph && p.Kind != doc.Plain) {
		return 0, nil
	}
	content := trimSpaceNodes(p.Children)
	emphasised := false
	for len(content) == 1 && (content[0].Kind == doc.Emph || content[0].Kind == doc.Strong) {
		content = trimSpaceNodes(content[0].Children)
		emphasised = true
	}
	if len(content) == 0 || content[0].Kind != doc.Text {
		return 0, nil
	}
	for _, c := range content {
		if c.Kind == doc.Image || c.Kind == doc.LineBreak || c.Kind == doc.InlineSVG {
			return 0, nil
		}
	}
	text := strings.TrimSpace(doc.InlineText(content))
	m := captionLabel.FindStringSubmatch(text)
	if m == nil {
		return 0, nil
	}
	// The number ends there: "Table 2s", "图 12a" are words, not labels.
	if r, _ := utf8.DecodeRuneInString(text[len(m[0]):]); unicode.IsLetter(r) && r < 0x2E80 || unicode.IsDigit(r) {
		return 0, nil
	}
	n := utf8.RuneCountInString(text)
	if emphasised && n > maxEmphasisCaption {
		return 0, nil
	}
	if !emphasised {
		// Plain text: one short sentence at most ("图 8.5 表明了……。纵列
		// 表示……" is prose that refers to a figure).
		body := strings.TrimRight(text, ".。!！?？")
		if n > maxPlainCaption || strings.ContainsAny(body, "。！？!?") || strings.Contains(body, ". ") {
			return 0, nil
		}
	}
	kind := labelFigure
	switch m[1] {
	case "表", "Table":
		kind = labelTable
	case "代码", "清单", "Listing":
		kind = labelListing
	}
	return kind, content
}

// trimSpaceNodes drops the white space text nodes at both ends of inlines.
func trimSpaceNodes(ns []*doc.Node) []*doc.Node {
	for len(ns) > 0 && ns[0].Kind == doc.Text && strings.TrimSpace(ns[0].Text) == "" {
		ns = ns[1:]
	}
	for len(ns) > 0 && ns[len(ns)-1].Kind == doc.Text && strings.TrimSpace(ns[len(ns)-1].Text) == "" {
		ns = ns[:len(ns)-1]
	}
	return ns
}

// newCaption makes a Caption of paragraph p's caption content.
func newCaption(p *doc.Node, content []*doc.Node) *doc.Node {
	return &doc.Node{Kind: doc.Caption, Pos: p.Pos, ID: p.ID, Lang: p.Lang, Children: content}
}

// Captions makes the caption paragraphs of a chapter's blocks the captions
// of what they name (see captionOf): directly after a picture (a figure
// made of an image alone in its paragraph, or an image and a caption on
// the next line of one paragraph), directly after or before a table,
// directly before or after a listing. The label must fit: a table's caption
// says 表 or Table, a listing's 代码, 清单 or Listing, and a picture's any of
// them (a table may be given as a picture). A caption paragraph after a
// picture replaces a caption made of the image's title. It returns the
// blocks without the paragraphs that became captions.
func Captions(blocks []*doc.Node) []*doc.Node {
	out := blocks[:0:0]
	for i := 0; i < len(blocks); i++ {
		n := blocks[i]
		switch n.Kind {
		case doc.Div, doc.BlockQuote, doc.Callout:
			n.Children = Captions(n.Children)
		case doc.Paragraph, doc.Plain:
			if f := imageWithCaption(n); f != nil {
				n = f
			}
		}
		var next *doc.Node
		if i+1 < len(blocks) {
			next = blocks[i+1]
		}
		var img *doc.Node // the picture of a figure that shows one
		if n.Kind == doc.Figure {
			_, img, _ = doc.FigureParts(n)
		}
		switch {
		case img != nil && i+1 < len(blocks):
			if k, content := captionOf(next); k != 0 {
				setPictureCaption(n, img, newCaption(next, content))
				i++
			}
		case n.Kind == doc.Table || n.Kind == doc.CodeBlock:
			want := labelTable
			if n.Kind == doc.CodeBlock {
				want = labelListing
			}
			if k, content := captionOf(next); k == want {
				c := newCaption(next, content)
				children := []*doc.Node{c, n} // a table's caption goes above it
				if n.Kind == doc.CodeBlock {
					children = []*doc.Node{n, c} // a listing's where it was written
				}
				n = &doc.Node{Kind: doc.Figure, Pos: n.Pos, Children: children}
				i++
			}
		default:
			// A caption before the table or listing that follows it
			// (one after a table was taken with the table).
			k, content := captionOf(n)
			if k == 0 || next == nil {
				break
			}
			if (k == labelTable && next.Kind == doc.Table) || (k == labelListing && next.Kind == doc.CodeBlock) {
				n = &doc.Node{Kind: doc.Figure, Pos: n.Pos, Children: []*doc.Node{newCaption(n, content), next}}
				i++
			}
		}
		out = append(out, n)
	}
	return out
}

// setPictureCaption makes c the caption of picture figure f, which shows
// img, in place of a caption made of the image's title, which goes back to
// being its title.
func setPictureCaption(f, img, c *doc.Node) {
	kept := f.Children[:0]
	for _, x := range f.Children {
		if x.Kind == doc.Caption {
			if img.Title == "" {
				img.Title = doc.InlineText(x.Children)
			}
			if img.Text == img.Title {
				img.Text = "" // it came from the title: describe anew
			}
			continue
		}
		kept = append(kept, x)
	}
	f.Children = append(kept, c)
	describe(img, c)
}

// imageWithCaption returns a figure when paragraph p is an image, a line
// break and a caption ("![](x.png)" and "*图 1-1 …*" on the next line).
func imageWithCaption(p *doc.Node) *doc.Node {
	cs := trimSpaceNodes(p.Children)
	if len(cs) < 2 || cs[0].Kind != doc.Image {
		return nil
	}
	rest := cs[1:]
	broke := false
	for len(rest) > 0 && (rest[0].Kind == doc.LineBreak || rest[0].Kind == doc.Text && strings.TrimSpace(rest[0].Text) == "") {
		rest = rest[1:]
		broke = true
	}
	if len(rest) > 0 && rest[0].Kind == doc.Text && !broke {
		// The line break became a space at the start of the text.
		if t := strings.TrimLeftFunc(rest[0].Text, unicode.IsSpace); t != rest[0].Text {
			first := *rest[0]
			first.Text = t
			rest = append([]*doc.Node{&first}, rest[1:]...)
			broke = true
		}
	}
	if !broke || len(rest) == 0 {
		return nil
	}
	rp := &doc.Node{Kind: doc.Paragraph, Pos: rest[0].Pos, Children: rest}
	if k, content := captionOf(rp); k != 0 {
		img := cs[0]
		c := newCaption(rp, content)
		c.Pos = rest[0].Pos
		f := &doc.Node{Kind: doc.Figure, Pos: p.Pos, Align: p.Align, Children: []*doc.Node{img, c}}
		describe(img, c)
		return f
	}
	return nil
}

// describe gives image img the text of caption c as its alternative text
// when it has none and the caption says more than its label and number:
// a reader that cannot see the picture hears what the caption says of it.
func describe(img, c *doc.Node) {
	if strings.TrimSpace(img.Text) != "" {
		return
	}
	if t := strings.TrimSpace(doc.InlineText(c.Children)); Describes(t) {
		img.Text = t
	}
}

// Describes reports whether caption text t says something of its figure:
// more than a label and a number ("图 1-1").
func Describes(t string) bool {
	t = strings.TrimSpace(t)
	if m := captionLabel.FindString(t); m != "" {
		t = t[len(m):]
	}
	return strings.TrimFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	}) != ""
}
