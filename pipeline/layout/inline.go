package layout

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/linebreak"
)

// look is how a piece of inline content is drawn, beyond its face.
type look struct {
	size   float64
	color  RGB
	rise   float64 // baseline shift upwards (superscript)
	link   string  // destination name of an internal link
	url    string  // an external link
	under  bool
	strike bool
	ground bool  // inline code: a light ground behind it
	dots   bool  // Chinese emphasis: a dot under each character
	note   *note // a footnote reference: the note goes on its page
	// tag is the outermost inline node with a structure element of its
	// own the text is in (Item.Inline).
	tag *doc.Node
}

// span is one piece of a paragraph for the line breaker: text in one face
// with one look, or an inline object (an image).
type span struct {
	look
	face   *fonts.Face
	text   string
	image  *doc.Node // an inline image
	w, h   float64   // the image's size
	anchor []string  // destinations that start here
	// wideQuotes sets curly quotes full width (linebreak.Piece.WideQuotes):
	// text outside code in a Chinese or Japanese book, whose quotes the
	// CJK face draws (fonts.Set.Face).
	wideQuotes bool
	// code: inline code, which breaks only at its spaces and keeps them
	// as wide as they are (linebreak.Piece.Code).
	code bool
}

// inline collects a paragraph's content as spans and line-breaker pieces.
type inline struct {
	e       *engine
	ch      int // the chapter, for destination names
	spans   []span
	pieces  []linebreak.Piece
	runs    []fonts.Run // scratch
	anchors []string    // destinations waiting for the next span
}

func (e *engine) newInline() *inline {
	var in *inline
	if n := len(e.freeInlines); n > 0 {
		in, e.freeInlines = e.freeInlines[n-1], e.freeInlines[:n-1]
	} else {
		in = &inline{e: e}
	}
	in.ch = -1 // no chapter: the title page
	if e.ch != nil {
		in.ch = e.ch.Index
	}
	return in
}

// release hands back an inline that is set and no longer used, for
// newInline to reuse its memory: a book has tens of thousands of
// paragraphs.
func (e *engine) release(in *inline) {
	clear(in.spans) // let go of what they point at
	in.spans, in.pieces, in.anchors = in.spans[:0], in.pieces[:0], nil
	e.freeInlines = append(e.freeInlines, in)
}

// text adds text set in ctx with look lk.
func (in *inline) text(ctx fonts.Context, lk look, text string) {
	if text == "" {
		return
	}
	in.runs = in.e.fonts.AppendRuns(in.runs[:0], ctx.Role, ctx.Style, text)
	wide := ctx.Role != fonts.Code && fonts.IsCJKLanguage(in.e.b.Manifest.Language)
	for _, r := range in.runs {
		face := r.Face
		if face == nil {
			// No face has these characters: the coverage report said
			// so; they take no room and draw nothing.
			face = in.e.fallback
		}
		in.add(span{look: lk, face: face, text: r.Text, wideQuotes: wide, code: ctx.Role == fonts.Code})
	}
}

func (in *inline) add(s span) {
	s.anchor, in.anchors = in.anchors, nil
	in.spans = append(in.spans, s)
	size := s.size
	face := s.face
	p := linebreak.Piece{Text: s.text, Em: size, WideQuotes: s.wideQuotes, Code: s.code}
	if s.image != nil {
		p.Object = s.w
	} else {
		p.Measure = func(t string) float64 { return in.e.measure(face, t, size) }
		p.Space = in.e.measure(face, " ", size)
	}
	in.pieces = append(in.pieces, p)
}

// anchor makes id of the chapter a destination at the next content.
func (in *inline) anchor(id string) {
	in.anchors = append(in.anchors, destName(in.ch, id))
}

// nodes adds inline nodes set in ctx with look lk.
func (in *inline) nodes(nodes []*doc.Node, ctx fonts.Context, lk look) {
	for _, n := range nodes {
		in.node(n, ctx, lk)
	}
}

func (in *inline) node(n *doc.Node, outer fonts.Context, lk look) {
	ctx := outer.Enter(n)
	if n.ID != "" && n.Kind != doc.FootnoteRef {
		in.anchor(n.ID)
	}
	switch n.Kind {
	case doc.Text:
		in.text(ctx, lk, n.Text)
	case doc.Code, doc.Kbd:
		lk.tag = cmp.Or(lk.tag, n)
		lk.ground = true
		lk.size *= 0.92
		in.text(ctx, lk, n.Text)
	case doc.Emph:
		if outer.Emphasis(n) == fonts.EmphDots {
			lk.dots = true
		}
		in.nodes(n.Children, ctx, lk)
	case doc.Strike:
		lk.strike = true
		in.nodes(n.Children, ctx, lk)
	case doc.Underline:
		lk.under = true
		in.nodes(n.Children, ctx, lk)
	case doc.Sup, doc.Sub:
		rise := lk.size * 0.33
		if n.Kind == doc.Sub {
			rise = -lk.size * 0.15
		}
		lk.rise += rise
		lk.size *= 0.7
		in.nodes(n.Children, ctx, lk)
	case doc.Small:
		lk.size *= 0.85
		in.nodes(n.Children, ctx, lk)
	case doc.Link:
		lk.tag = cmp.Or(lk.tag, n)
		if n.Link != nil && lk.link == "" && lk.url == "" {
			if n.Link.IsInternal() {
				lk.link = destName(n.Link.Chapter, n.Link.Anchor)
			} else {
				lk.url = n.Link.URL
			}
			lk.color = colorLink
		}
		in.nodes(n.Children, ctx, lk)
	case doc.Image:
		in.image(n, ctx, lk)
	case doc.LineBreak:
		in.add(span{look: lk, face: in.e.fallback, text: "\n"})
	case doc.FootnoteRef:
		ref := lk
		ref.rise += lk.size * 0.33
		ref.size *= 0.7
		ref.link = destName(in.ch, in.e.footnoteID(int(n.Index)))
		ref.color = colorLink
		ref.note = in.e.notes[int(n.Index)]
		ref.tag = cmp.Or(ref.tag, n)
		if n.ID != "" {
			in.anchor(n.ID)
		}
		in.text(ctx, ref, strconv.Itoa(int(n.Index)))
	case doc.InlineSVG:
		// An icon in a sentence: drawn as an inline image (figure.go
		// and svg.go draw SVG).
		if a := n.Image; a != nil { // made and checked by the book's loader
			in.image(&doc.Node{Kind: doc.Image, Image: a, Width: int32(a.Width), Height: int32(a.Height)}, ctx, lk)
		}
	default:
		in.nodes(n.Children, ctx, lk)
	}
}

// image adds an inline image, or its alt text when it is not embedded.
func (in *inline) image(n *doc.Node, ctx fonts.Context, lk look) {
	if n.Image == nil || n.Image.NoPDF != "" {
		alt := n.Text
		if alt == "" {
			alt = n.URL
		}
		// A placeholder where the picture would be, as in the EPUB:
		// the alt text, in italics, on a ground that marks its extent.
		ctx.Style |= fonts.Italic
		lk.ground = true
		in.text(ctx, lk, "["+alt+"]")
		return
	}
	w, h := imageSize(n, in.e.g.textW, lk.size*1.2)
	lk.tag = cmp.Or(lk.tag, n)
	in.add(span{look: lk, face: in.e.fallback, image: n, w: w, h: h})
}

// destName names the destination of anchor in chapter ch ("" for the
// chapter's start): names are qualified by chapter, since ids are unique
// only within one.
func destName(ch int, anchor string) string {
	if anchor == "" {
		return "c" + strconv.Itoa(ch)
	}
	return "c" + strconv.Itoa(ch) + "/" + anchor
}

// measure returns the advance of text in face at size, as the PDF places
// glyphs: by the widths gopdf writes, in thousandths of an em, truncated.
// Characters the face lacks measure nothing: gopdf leaves them out.
func (e *engine) measure(f *fonts.Face, text string, size float64) float64 {
	if f == nil {
		return 0
	}
	units := 0
	for _, r := range text {
		if r == '\n' || !e.fonts.NeedsGlyph(r) || !f.Has(r) {
			continue
		}
		units += f.PDFAdvance(r)
	}
	return float64(units) * size / 1000
}

// trimSpace reports whether s is only white space.
func isSpace(s string) bool { return strings.TrimSpace(s) == "" }
