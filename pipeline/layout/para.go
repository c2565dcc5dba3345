package layout

import (
	"math"
	"unicode/utf8"

	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/linebreak"
)

// setting says how a paragraph is set.
type setting struct {
	width  float64   // the measure
	indent float64   // left indent of every line, from the text block's edge
	first  float64   // extra indent of the first line (negative: hanging)
	align  doc.Align // AlignNone justifies
	size   float64   // the font size the leading is for
	pitch  float64   // baseline to baseline
}

// setLines breaks the paragraph in into lines and returns one vbox per
// line. The first and last two lines are kept together, so that no page
// starts or ends with a paragraph's lone line.
func (e *engine) setLines(in *inline, st setting) []*vbox {
	if len(in.pieces) == 0 {
		if len(in.anchors) > 0 {
			// Nothing to set but anchors: a paragraph of <a id="x"></a>
			// alone, which links may target all the same.
			b := &vbox{more: &boxMore{dests: in.anchors}}
			in.anchors = nil
			return []*vbox{b}
		}
		return nil
	}
	b := linebreak.Builder{LineWidth: st.width - max(st.first, 0)}
	para := b.BuildReusing(e.para, in.pieces)
	defer func() { e.para = para }() // its memory, for the next paragraph
	widths := []float64{st.width - st.first, st.width}
	lines := linebreak.KnuthPlass(para.Items, linebreak.Params{Widths: widths})
	var out []*vbox
	for i := range lines {
		ln := lines[i]
		x0 := st.indent
		w := st.width
		if i == 0 {
			x0 += st.first
			w -= st.first
		}
		out = append(out, e.setLine(in, &para, &ln, x0, w, st))
	}
	if len(in.anchors) > 0 && len(out) > 0 {
		// Anchors after the last text (an empty <a name> at the end).
		last := out[len(out)-1]
		m := last.extra()
		m.dests = append(m.dests, in.anchors...)
		in.anchors = nil
	}
	// Orphans and widows: no break after the first line nor before the
	// last one.
	if n := len(out); n > 1 {
		out[0].keep = true
		out[n-2].keep = true
		out[0].role |= roleFirstLine
		out[n-1].role |= roleLastLine
	}
	return out
}

// glyphRun is a run being built from consecutive boxes of one span.
type glyphRun struct {
	span       int
	x, end     float64 // start and end of the advance
	cs         float64 // character spacing, once set
	csSet      bool
	text       []byte
	singleRune bool // every box so far is one character
	open       bool // more boxes may join
	space      bool // a word space follows (see Item.SpaceAfter)
}

// setLine places the boxes of one line and returns it as a vbox.
func (e *engine) setLine(in *inline, para *linebreak.Paragraph, ln *linebreak.Line, x0, width float64, st setting) *vbox {
	items := para.Items
	placed := *ln
	justify := st.align == doc.AlignNone
	if !justify && placed.Ratio > 0 {
		// Ragged or centred lines do not stretch; but a line the
		// breaker fitted by shrinking (Chinese glue, compressed
		// punctuation) keeps its shrink, or it overflows the measure.
		placed.Ratio = 0
	}
	shift := 0.0
	if !justify || ln.Forced || ln.End >= len(items) {
		if natural := placed.SetWidth(items); natural < width {
			switch st.align {
			case doc.AlignCenter:
				shift = (width - natural) / 2
			case doc.AlignRight:
				shift = width - natural
			}
		}
	}

	// Line height: the body pitch, more for tall objects.
	size := st.size
	above := st.pitch/2 + 0.38*size // baseline below the line's top
	below := st.pitch - above
	for i := ln.Start; i < ln.End; i++ {
		if sp, ok := para.Span(i); ok {
			s := &in.spans[sp.Piece]
			if s.image != nil {
				above = max(above, s.h+0.15*size)
			}
			if s.rise > 0 {
				above = max(above, s.rise+0.8*s.size+0.1*size)
			}
		}
	}
	box := &vbox{h: above + below}
	baseline := above
	// The line's items are gathered in memory reused from line to line,
	// then copied at their exact size: the lines of the whole book are
	// held until their pages are placed.
	line := e.lineItems[:0]
	var dests []string
	var notes []*note

	var run *glyphRun
	flush := func() {
		if run == nil {
			return
		}
		s := &in.spans[run.span]
		it := Item{Kind: Glyphs, X: run.x, Y: baseline - s.rise, W: run.end - run.x, H: s.size,
			Face: s.face, Text: string(run.text), CharSpacing: run.cs, Color: s.textColor(),
			Inline: s.tag, SpaceAfter: run.space}
		if s.rise != 0 {
			it.Extra = &Extra{Rise: s.rise}
		}
		line = append(line, it)
		run = nil
	}
	var grounds, decos []Item
	var links []Link
	// wordSpace reports whether item i is glue made from white space: a
	// word space, drawn as a gap, which the run before it records.
	wordSpace := func(i int) bool {
		if i >= len(items) || items[i].Kind != linebreak.Glue {
			return false
		}
		sp, ok := para.Span(i)
		return ok && sp.End > sp.Start && isSpace(in.pieces[sp.Piece].Text[sp.Start:sp.End])
	}
	placed.Place(items, func(i int, x, w float64) {
		if wordSpace(i) && run != nil {
			run.space, run.open = true, false
			return
		}
		if i >= len(items) || items[i].Kind != linebreak.Box {
			return
		}
		sp, ok := para.Span(i)
		if !ok {
			return
		}
		s := &in.spans[sp.Piece]
		x += x0 + shift
		if s.anchor != nil {
			dests = append(dests, s.anchor...)
			s.anchor = nil // once, at the span's first box
		}
		if s.image != nil {
			flush()
			// Under its own element (a Figure with the alt text, or
			// the link it is in), as the text of an inline span is; a
			// drawing's text (SVG) under the picture's own Figure.
			pic := e.pictureItems(s.image.Image, x, baseline-s.h, s.w, s.h)
			for k := range pic {
				pic[k].Inline = s.tag
				if pic[k].Kind != Picture {
					pic[k].Inline = s.image
				}
			}
			line = append(line, pic...)
			e.linkArea(&links, s, x, baseline-s.h, w, s.h)
			return
		}
		if s.note != nil && !containsNote(notes, s.note) {
			notes = append(notes, s.note)
		}
		text := in.pieces[sp.Piece].Text[sp.Start:sp.End]
		if text == "\n" || isSpace(text) {
			return
		}
		tx := x + sp.Offset
		single := utf8.RuneCountInString(text) == 1
		// A box joins the run before it when the PDF places its glyph
		// where the line breaker put it: its glyph starts at the box
		// (an opening bracket whose blank half was taken away does not),
		// and the space between the previous glyph's advance and this
		// box is the run's character spacing (the glue between Chinese
		// characters, which a justified line spreads evenly; compressed
		// punctuation breaks the run).
		natural := e.measure(s.face, text, s.size)
		exact := sp.Offset == 0
		if run != nil && run.open && exact && run.span == sp.Piece {
			gap := tx - run.end
			joins := math.Abs(gap-run.cs) < 0.005 && (run.cs == 0 || single && run.singleRune)
			if !joins && !run.csSet && run.singleRune && single {
				run.cs, run.csSet, joins = gap, true, true
			}
			if joins {
				run.text = append(run.text, text...)
				run.end = tx + natural
				run.singleRune = run.singleRune && single
				run.csSet = true
				goto decorate
			}
		}
		flush()
		run = &glyphRun{span: sp.Piece, x: tx, end: tx + natural, text: []byte(text), singleRune: single, open: exact}
	decorate:
		if s.ground {
			grounds = append(grounds, Item{Kind: Box, X: x - 1, Y: baseline - s.rise - 0.82*s.size, W: w + 2, H: 1.08 * s.size, Color: colorCodeGround})
		}
		if s.under {
			decos = append(decos, rule(x, baseline+0.14*s.size, x+w, baseline+0.14*s.size, 0.05*s.size, s.textColor()))
		}
		if s.strike {
			decos = append(decos, rule(x, baseline-0.32*s.size, x+w, baseline-0.32*s.size, 0.05*s.size, s.textColor()))
		}
		if s.dots {
			for range utf8.RuneCountInString(text) {
				d := 0.12 * s.size
				decos = append(decos, Item{Kind: Box, X: x + w/2 - d/2, Y: baseline + 0.2*s.size, W: d, H: d, Color: s.textColor()})
			}
		}
		e.linkArea(&links, s, x, baseline-0.85*s.size, w, 1.1*s.size)
	})
	if run != nil && !ln.Forced && wordSpace(ln.End) {
		run.space = true // the line breaks at a word space
	}
	flush()
	box.items = exactItems(grounds, line, decos)
	e.lineItems = line[:0]
	if len(links)+len(dests)+len(notes) > 0 {
		box.more = &boxMore{links: links, dests: dests, notes: notes}
	}
	return box
}

// textColor is the colour of a span's text.
func (s *span) textColor() RGB {
	if s.color == (RGB{}) {
		return colorText
	}
	return s.color
}

// linkArea extends the previous link area when it is the same link and
// adjacent, or starts a new one.
func (e *engine) linkArea(links *[]Link, s *span, x, y, w, h float64) {
	if s.link == "" && s.url == "" {
		return
	}
	if n := len(*links); n > 0 {
		l := &(*links)[n-1]
		if l.Dest == s.link && l.URL == s.url && x-(l.X+l.W) < 0.6*s.size {
			l.W = x + w - l.X
			top := math.Min(l.Y, y)
			l.H = math.Max(l.Y+l.H, y+h) - top
			l.Y = top
			return
		}
	}
	*links = append(*links, Link{X: x, Y: y, W: w, H: h, URL: s.url, Dest: s.link})
}
