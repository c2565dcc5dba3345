package linebreak

import (
	"slices"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// joinMode is the kind of break between two units.
type joinMode uint8

const (
	joinNone      joinMode = iota // no break
	joinBreak                     // a break opportunity
	joinEmergency                 // an emergency break, with a cost
)

// flush emits the items of the current token and returns its last unit. A
// token wider than half the narrowest line gets emergency breaks between
// all its grapheme clusters.
func (bd *build) flush() unit {
	tok := bd.tok
	if len(tok) == 0 {
		return unit{}
	}
	w := 0.0
	for i := range tok {
		w += tok[i].width
	}
	if len(tok) > 1 {
		for i := range bd.tokGaps {
			if g, ok := bd.joinGlue(&tok[i], &tok[i+1], &bd.tokGaps[i]); ok {
				w += g.Width
			}
		}
	}
	emergency := w > bd.opt.LineWidth/2
	bd.group = bd.group[:0]
	bd.groupW = 0
	for i := range tok {
		if i > 0 {
			if !emergency {
				bd.joiner(&tok[i-1], &tok[i], &bd.tokGaps[i-1], joinNone, 0)
			} else {
				cost := bd.emergencyCost(tok[i-1].last, tok[i].first)
				n := len(bd.items)
				brk := bd.joiner(&tok[i-1], &tok[i], &bd.tokGaps[i-1], joinEmergency, cost)
				bd.groupAdd(brk, cost)
				for _, it := range bd.items[n:] {
					bd.groupWidth(it.Width) // the glue between, and a penalty's width
				}
			}
		}
		bd.emitUnit(&tok[i], emergency)
	}
	if emergency {
		bd.groupEnd()
	}
	last := tok[len(tok)-1]
	bd.tok = bd.tok[:0]
	bd.tokGaps = bd.tokGaps[:0]
	return last
}

// emergencyCost is the cost of an emergency break between the runes a and
// b: low after / . - _ ? & =, where a URL or an identifier reads well,
// Infinity where the Chinese rules forbid a break (see groupAdd).
func (bd *build) emergencyCost(a, b rune) float64 {
	switch {
	case noStart(b) || noEnd(a):
		return Infinity
	case urlBreakAfter(a) && a != b:
		return emergencyPreferredCost
	}
	return emergencyCost
}

// groupAdd records the emergency break at item brk. Inside a token set
// with emergency breaks, the boundaries where kinsoku forbids a break
// (cost Infinity) join grapheme clusters into groups. A group narrower than
// the line can go whole onto a line, so its inner boundaries stay
// forbidden; one wider than the line (a megabyte of closing brackets)
// could not be set otherwise, so they become breaks of the highest
// emergency cost. The width is counted as clusters are emitted
// (groupWidth), and the group is settled at its end.
func (bd *build) groupAdd(brk int, cost float64) {
	if cost >= Infinity {
		bd.group = append(bd.group, brk)
		return
	}
	bd.groupEnd()
}

func (bd *build) groupWidth(w float64) { bd.groupW += w }

func (bd *build) groupEnd() {
	if bd.groupW > bd.opt.LineWidth {
		for _, i := range bd.group {
			bd.items[i].Cost = emergencyKinsokuCost
		}
	}
	bd.group = bd.group[:0]
	bd.groupW = 0
}

// emitUnit emits the box of u. Fullwidth punctuation gets a box of its
// glyph half only when its blank half may go: a closing mark's blank is
// emitted after it by joiner or finishLine; an opening mark keeps its full
// width unless it follows other punctuation with no break between.
// In a token with emergency breaks (split), a run becomes one box per
// grapheme cluster with emergency breaks between them.
func (bd *build) emitUnit(u *unit, split bool) {
	half := u.width / 2
	// An opening quote set full width draws its glyph at the right of
	// its box, next to the quoted text.
	shift := 0.0
	if u.glyph > 0 && u.punct == punctOpen {
		shift = u.width - u.glyph
	}
	switch {
	case split && !u.wide && u.punct == punctNone && !(u.first == u.last && utf8.RuneLen(u.first) == int(u.end-u.start)):
		bd.splitUnit(u)
		return
	case u.punct == punctClose:
		bd.box(half, u.piece, u.start, u.end, 0)
	case u.punct == punctOpen && u.dropLead:
		bd.box(u.width-half, u.piece, u.start, u.end, shift-half)
	default:
		bd.box(u.width, u.piece, u.start, u.end, shift)
	}
	if split {
		bd.groupWidth(u.width)
	}
}

// splitUnit emits u as one box per grapheme cluster, with an emergency
// break between every two.
func (bd *build) splitUnit(u *unit) {
	m := bd.pieces[u.piece].Measure
	s := bd.text[u.start:u.end]
	// At most a box and a penalty per byte, and usually that many.
	bd.items = slices.Grow(bd.items, 2*len(s))
	bd.spans = slices.Grow(bd.spans, len(s))
	off := int(u.start)
	state := -1
	var prev rune
	for len(s) > 0 {
		var g string
		g, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
		first, _ := utf8.DecodeRuneInString(g)
		if prev != 0 {
			cost := bd.emergencyCost(prev, first)
			p := PenaltyItem(0, cost, false)
			p.Emergency = true
			bd.items = append(bd.items, p)
			bd.groupAdd(len(bd.items)-1, cost)
		}
		w := m(g)
		bd.box(w, u.piece, int32(off), int32(off+len(g)), 0)
		bd.groupWidth(w)
		prev, _ = utf8.DecodeLastRuneInString(g)
		off += len(g)
	}
}

// joiner emits what lies between units a and b: the blank of a closing
// mark a, the glue of the gap, and the break, if any.
//
// It returns the index of the penalty it emitted for an emergency break.
func (bd *build) joiner(a, b *unit, g *gap, mode joinMode, cost float64) int {
	glue, hasGlue := bd.joinGlue(a, b, g)
	if g.spaces {
		glue.Payload = bd.span(g.spacePiece, g.spaceStart, g.spaceEnd, 0)
	}
	blank := 0.0
	if a.punct == punctClose && !a.dropTrail {
		blank = a.width / 2
	}
	if mode == joinNone {
		if blank > 0 {
			bd.glue(GlueItem(blank, 0, blank), false)
		}
		if hasGlue {
			bd.glue(glue, false)
		}
		return -1
	}
	var brk Item
	switch {
	case mode == joinEmergency:
		brk = PenaltyItem(0, cost, false)
		brk.Emergency = true
	case g.shy:
		brk = PenaltyItem(bd.pieces[a.piece].Measure("-"), hyphenCost, true)
	case blank == 0 && hasGlue:
		// The common case: the glue itself is the break.
		bd.glue(glue, true)
		return -1
	default:
		brk = PenaltyItem(0, 0, false)
	}
	openNext := b.punct == punctOpen && !g.spaces && !g.invisible
	if blank > 0 {
		if bd.opt.TrimLineEnd {
			// The blank stays at the end of the line, shrinkable, unless
			// an opening mark follows ("，「"): one blank is enough.
			if !openNext {
				bd.glue(GlueItem(blank, 0, blank), false)
			}
		} else {
			// The line ends with the blank at full width (the penalty's
			// width); inside a line it is glue that can shrink, or goes
			// when an opening mark follows ("，「").
			brk.Width += blank
		}
	}
	bd.items = append(bd.items, brk)
	at := len(bd.items) - 1
	if blank > 0 && !bd.opt.TrimLineEnd && !openNext {
		bd.items = append(bd.items, GlueItem(blank, 0, blank))
	}
	if hasGlue {
		bd.items = append(bd.items, glue)
	}
	return at
}

// finishLine emits the blank of a closing mark that ends the paragraph or
// comes before a forced break: it keeps the line's advance widths inside
// the line.
func (bd *build) finishLine(a *unit) {
	if a.punct == punctClose && !a.dropTrail {
		blank := a.width / 2
		shrink := 0.0
		if bd.opt.TrimLineEnd {
			shrink = blank
		}
		bd.glue(GlueItem(blank, 0, shrink), false)
	}
}

// joinGlue returns the glue between units a and b across gap g: a word
// space, CJK glue, or the Han–Latin space. The caller sets the payload of
// a word space.
func (bd *build) joinGlue(a, b *unit, g *gap) (Item, bool) {
	switch {
	case g.spaces:
		w := bd.spaceW[g.spacePiece]
		if bd.pieces[g.spacePiece].Code {
			return GlueItem(w, 0, 0), true // code is set as written
		}
		return GlueItem(w, w*spaceStretch, w*spaceShrink), true
	case bd.opt.Preformatted || g.invisible:
		return Item{}, false
	case a.wide && b.wide:
		if a.last == b.first && inseparable(a.last) {
			return Item{}, false // "……", "——"
		}
		if a.lc&cPunct != 0 && b.fc&cPunct != 0 {
			return Item{}, false // "。」", "？」": punctuation stays together
		}
		return GlueItem(0, cjkStretch*a.em, cjkShrink*a.em), true
	case a.lc&cIdeo != 0 && b.fc&cAlnum != 0:
		return GlueItem(autoSpace*a.em, autoSpaceStretch*a.em, autoSpaceShrink*a.em), true
	case a.lc&cAlnum != 0 && b.fc&cIdeo != 0:
		return GlueItem(autoSpace*b.em, autoSpaceStretch*b.em, autoSpaceShrink*b.em), true
	}
	return Item{}, false
}

// span records the source of an item and returns its payload.
func (bd *build) span(piece, start, end int32, offset float64) int32 {
	base := int32(bd.starts[piece])
	if bd.pieces[piece].isObject() {
		start, end = base, base
	}
	bd.spans = append(bd.spans, Span{Piece: int(piece), Start: int(start - base), End: int(end - base), Offset: offset})
	return int32(len(bd.spans) - 1)
}

// box emits a box for text [start, end) of the joined text.
func (bd *build) box(w float64, piece, start, end int32, offset float64) {
	it := BoxItem(w, bd.span(piece, start, end, offset))
	bd.items = append(bd.items, it)
}

// glue emits glue, as a legal break or not. Glue is a break exactly when a
// box comes before it, so a penalty goes between when that is not what is
// wanted.
func (bd *build) glue(it Item, breakable bool) {
	afterBox := len(bd.items) > 0 && bd.items[len(bd.items)-1].Kind == Box
	if breakable && !afterBox {
		bd.items = append(bd.items, PenaltyItem(0, 0, false))
	} else if !breakable && afterBox {
		bd.items = append(bd.items, PenaltyItem(0, Infinity, false))
	}
	bd.items = append(bd.items, it)
}
