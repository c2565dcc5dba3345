package linebreak

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Piece is a run of text set in one font: the caller's unit of measurement
// (a text node in one style, after font fallback if the caller splits
// there, or a whole text node if its Measure handles fallback).
type Piece struct {
	Text string
	// Measure returns the advance width of s in the piece's font. It must
	// agree with what is drawn. Required.
	Measure func(s string) float64
	// Em is the font size. CJK glue and the space between Han and Latin
	// characters are in ems, and fullwidth punctuation is recognised by a
	// width of about 1 em; 0 turns all three off.
	Em float64
	// Space is the width of a space (U+0020) in the piece's font; 0 means
	// Measure(" ").
	Space float64
	// WideQuotes sets curly quotation marks (“ ” ‘ ’) narrower than
	// about an em full width, as Chinese typography does (GB/T 15834):
	// an em box with the glyph at the side of the quoted text and the
	// other half blank, compressed as other fullwidth punctuation. For
	// faces whose quotes are proportional (LXGW WenKai's are 0.35 em),
	// in Chinese and Japanese text; a quote the face sets in an em
	// already is fullwidth punctuation without it.
	WideQuotes bool
	// Object, when positive and Text is empty, makes the piece an inline
	// object of that width (an image, a box drawn by the caller): one box,
	// which a line may break before or after, as UAX #14 breaks around
	// U+FFFC. Measure is not needed. Its span is empty.
	Object float64
	// Code marks inline code: inside it a line breaks only after a space
	// (never after the hyphens of "--strict" or inside "a/b"; a run too
	// wide for the line still gets emergency breaks), and its spaces are
	// fixed width, never stretched or shrunk by justification: code is
	// set as written.
	Code bool
}

// objectText stands for an inline object in the joined text.
const objectText = "\uFFFC"

func (p *Piece) isObject() bool { return p.Text == "" && p.Object > 0 }

// Span locates the source of an item: bytes Start to End of the text of
// piece Piece.
type Span struct {
	Piece      int
	Start, End int
	// Offset is where the text's origin lies relative to the item's x.
	// It is negative for an opening bracket whose blank left half was
	// taken away (「 after （): its glyph starts that much before its box;
	// positive for an opening quote set full width (Piece.WideQuotes),
	// whose glyph sits at the right of its em box.
	Offset float64
}

// Paragraph is the result of Builder.Build: the items to break, and the
// spans their payloads refer to. Every box has a span; glue made from white
// space has the span of that white space; other items have NoPayload.
type Paragraph struct {
	Items []Item
	Spans []Span
}

// Span returns the source of item i, and false if it has none.
func (p *Paragraph) Span(i int) (Span, bool) {
	if pl := p.Items[i].Payload; pl >= 0 {
		return p.Spans[pl], true
	}
	return Span{}, false
}

// Builder turns measured text into items. The zero value sets justified
// prose; its fields are read-only during Build, so one Builder may serve
// concurrent calls.
type Builder struct {
	// LineWidth is the narrowest width the paragraph will be set in. A run
	// of text with no break opportunity that is wider than half of it gets
	// emergency breaks between its grapheme clusters, so it can be broken
	// rather than overflow. 0 gives every run wider than 0 emergency breaks.
	LineWidth float64
	// Preformatted sets code: white space is kept as boxes (neither
	// collapsed nor stretched nor dropped at a break, so indentation and
	// copied text survive), and there is no CJK glue, Han–Latin space or
	// punctuation compression, so a monospace grid stays a grid. Lines break
	// after white space and at other UAX #14 opportunities; emergency breaks
	// go elsewhere. Tabs must be expanded by the caller. Text that fits
	// LineWidth as it is becomes one box per piece.
	Preformatted bool
	// TrimLineEnd lets fullwidth closing punctuation at the end of a line
	// shrink by its blank half like the glue of the line (CSS
	// text-spacing-trim "allow-end"). The glyph's advance then reaches past
	// the line's end, though no ink does. Off, a closing mark at a line's
	// end keeps its full width, so advance boxes stay inside the line
	// (what pdftotext -bbox reports); it still shrinks inside a line.
	TrimLineEnd bool
}

// Glue shapes, in ems of the font on the relevant side, or in spaces.
const (
	// cjkStretch and cjkShrink shape the glue between two CJK characters.
	// It has no natural width, so unjustified CJK text sits on the em grid;
	// justification spreads a line's slack evenly between its characters
	// (xeCJK's CJKglue stretches by 0.08 \baselineskip, about 0.1 em).
	cjkStretch = 0.1
	cjkShrink  = 0.02
	// autoSpace is the space between a Han character and a Latin letter or
	// digit with nothing between them in the source (CSS text-autospace,
	// xeCJK's CJKecglue); it stretches and shrinks like a word space.
	autoSpace        = 0.25
	autoSpaceStretch = autoSpace / 2
	autoSpaceShrink  = autoSpace / 3
	// A word space stretches by half and shrinks by a third of its width,
	// as TeX's Computer Modern spaces do (1/3 em plus 1/6 minus 1/9).
	spaceStretch = 1.0 / 2
	spaceShrink  = 1.0 / 3
)

// Costs of breaks the builder makes.
const (
	// hyphenCost is the cost of breaking at a soft hyphen (TeX's
	// \hyphenpenalty).
	hyphenCost = 50
	// Emergency breaks between grapheme clusters of a run that has no break
	// opportunity: after / . - _ ? & = (a URL or identifier reads well
	// there), anywhere else, and, last, where the Chinese rules forbid it
	// and there is no other way (see groupAdd).
	emergencyPreferredCost = 100
	emergencyCost          = 1000
	emergencyKinsokuCost   = 5000
)

// Build turns the pieces of a paragraph into items, ending with Finish. The
// pieces are joined: break opportunities and spacing rules see across piece
// boundaries. Leading and trailing white space is dropped (unless
// Preformatted), as is a trailing line break; a line break inside the text
// (U+000A and the other mandatory breaks of UAX #14) becomes a forced break
// after ragged glue.
//
// Break opportunities are those of UAX #14 with the Chinese and Japanese
// line-start and line-end rules (kinsoku) applied on top. Between words the
// space of the piece's font becomes glue; between CJK characters zero-width
// glue lets a justified line spread out; between a Han character and a
// Latin letter or digit with no space between them a quarter em of glue is
// added; fullwidth punctuation can shrink by its blank half (see
// emitUnit). Spaces at a break disappear.
func (b *Builder) Build(pieces []Piece) Paragraph {
	return b.BuildReusing(Paragraph{}, pieces)
}

// BuildReusing is Build, reusing the memory of old, a paragraph that an
// earlier Build returned and that is no longer used: a book's layout builds
// paragraph after paragraph, hundreds of thousands of items in all.
func (b *Builder) BuildReusing(old Paragraph, pieces []Piece) Paragraph {
	if b.Preformatted && b.LineWidth > 0 {
		if p, ok := b.fits(pieces); ok {
			return p
		}
	}
	bd := build{opt: b, pieces: pieces, items: old.Items[:0], spans: old.Spans[:0]}
	bd.prepare()
	bd.run()
	return Paragraph{Items: bd.items, Spans: bd.spans}
}

// fits handles preformatted text that fits on one line as it is, most
// lines of code: one box per piece, with no break to look for.
func (b *Builder) fits(pieces []Piece) (Paragraph, bool) {
	w := 0.0
	for i := range pieces {
		p := &pieces[i]
		if p.isObject() {
			w += p.Object
			continue
		}
		if strings.ContainsAny(p.Text, "\n\r\v\f\u0085\u2028\u2029") {
			return Paragraph{}, false
		}
		w += p.Measure(p.Text)
		if w > b.LineWidth {
			return Paragraph{}, false
		}
	}
	para := Paragraph{Items: make([]Item, 0, len(pieces)+3), Spans: make([]Span, 0, len(pieces))}
	for i := range pieces {
		p := &pieces[i]
		width, end := p.Object, 0
		if !p.isObject() {
			width, end = p.Measure(p.Text), len(p.Text)
		}
		if end == 0 && width == 0 {
			continue
		}
		para.Spans = append(para.Spans, Span{Piece: i, End: end})
		para.Items = append(para.Items, BoxItem(width, int32(len(para.Spans)-1)))
	}
	para.Items = Finish(para.Items)
	return para, true
}

// unit is an unbreakable run of text inside one piece: a CJK character with
// its combining marks, or a run of other characters with no break
// opportunity, white space or CJK character inside.
type unit struct {
	piece      int32
	start, end int32 // byte offsets in the joined text
	width      float64
	em         float64
	first      rune
	last       rune
	fc, lc     class // classes of first and last
	wide       bool  // set on the em grid: CJK glue goes next to it
	punct      punct // compression class, for fullwidth punctuation only
	dropLead   bool  // an opening mark whose leading blank is taken away
	dropTrail  bool  // a closing mark whose trailing blank is taken away
	// glyph is the advance of a quote set full width (Piece.WideQuotes),
	// narrower than its box; 0 otherwise.
	glyph float64
}

// gap is what lies between two units: white space, invisible break
// controls, and the break opportunity there.
type gap struct {
	brk        brk
	spaces     bool  // white space in the source
	spacePiece int32 // the piece and offsets of the first white space run
	spaceStart int32
	spaceEnd   int32
	invisible  bool // a zero-width space, word joiner or soft hyphen
	shy        bool // a soft hyphen: a break shows a hyphen
	hold       bool // no break, whatever the rules say (see run)
}

type brk uint8

const (
	brkNone brk = iota
	brkAllowed
	brkMandatory
)

// build is the state of one Build call.
type build struct {
	opt    *Builder
	pieces []Piece
	text   string // the pieces joined
	starts []int  // byte offset of each piece in text, and len(text)
	spaceW []float64

	items []Item
	spans []Span

	tok     []unit // the current token: units with no break between them
	tokGaps []gap  // tokGaps[i] lies between tok[i] and tok[i+1]
	pending gap    // the gap after the last unit seen
	started bool   // a unit has been seen

	// The kinsoku group of a token with emergency breaks (see groupAdd).
	group  []int
	groupW float64
}

func (bd *build) prepare() {
	bd.starts = make([]int, len(bd.pieces)+1)
	bd.spaceW = make([]float64, len(bd.pieces))
	n := 0
	for i := range bd.pieces {
		p := &bd.pieces[i]
		bd.starts[i] = n
		n += len(p.Text)
		if p.isObject() {
			n += len(objectText)
		}
		bd.spaceW[i] = p.Space
		if bd.spaceW[i] == 0 && p.Measure != nil {
			bd.spaceW[i] = p.Measure(" ")
		}
	}
	bd.starts[len(bd.pieces)] = n
	if len(bd.pieces) == 1 && !bd.pieces[0].isObject() {
		bd.text = bd.pieces[0].Text
	} else {
		var sb strings.Builder
		sb.Grow(n)
		for i := range bd.pieces {
			if bd.pieces[i].isObject() {
				sb.WriteString(objectText)
			} else {
				sb.WriteString(bd.pieces[i].Text)
			}
		}
		bd.text = sb.String()
	}
	// About two items per CJK character (three bytes), fewer per byte of
	// Latin text. Reserving enough matters for long paragraphs: append
	// grows large slices by a quarter at a time.
	bd.items = slices.Grow(bd.items, len(bd.text)*2/3+16)
	bd.spans = slices.Grow(bd.spans, len(bd.text)/3+8)
}

// pieceAt returns the piece holding byte offset off of the joined text.
func (bd *build) pieceAt(off int, hint int) int {
	i := hint
	for i < len(bd.pieces)-1 && bd.starts[i+1] <= off {
		i++
	}
	return i
}

// run walks the UAX #14 line segments of the text.
func (bd *build) run() {
	text := bd.text
	state := -1
	off := 0
	piece := 0
	for off < len(text) {
		var seg string
		var must bool
		seg, must, state = nextSegment(text[off:], state)
		end := off + len(seg)
		// Tailoring: UAX #14 breaks "C++" between its plus signs, and
		// "图 5-4", "Figure 3" after the label; neither is a place to
		// break (the label would end a line, its number start the next).
		for !must && end < len(text) && (text[end-1] == '+' && text[end] == '+' || labelBefore(text, off, end)) {
			seg, must, state = nextSegment(text[end:], state)
			end += len(seg)
		}
		// Split off the white space at the end of the segment: a break
		// opportunity follows it.
		content := end
		for content > off {
			r, size := utf8.DecodeLastRuneInString(text[off:content])
			if !isBreakSpace(r) {
				break
			}
			content -= size
		}
		piece = bd.content(off, content, piece)
		if content < end {
			piece = bd.space(content, end, piece)
		}
		if must && end < len(text) {
			bd.pending.brk = brkMandatory
		} else if bd.pending.brk == brkNone {
			bd.pending.brk = brkAllowed
			if content == end && end < len(text) && bd.inCode(end, piece) {
				bd.pending.hold = true // inside inline code, not after a space
			}
		}
		off = end
	}
	if bd.started {
		last := bd.flush()
		bd.finishLine(&last)
	}
	bd.items = Finish(bd.items)
}

// inCode reports whether the characters on both sides of byte offset off
// of the joined text are inline code.
func (bd *build) inCode(off, hint int) bool {
	if off <= 0 || off >= len(bd.text) {
		return false
	}
	i := bd.pieceAt(off, hint)
	if !bd.pieces[i].Code {
		return false
	}
	if bd.starts[i] < off {
		return true
	}
	// off starts piece i: the piece before (a code span that changes
	// face, for a Chinese character) must be code too.
	j := bd.pieceAt(off-1, hint)
	return bd.pieces[j].Code
}

// isBreakSpace reports whether r is white space that UAX #14 puts before a
// break (SP, and the mandatory breaks BK, CR, LF, NL) or that separates
// words (tab, which is BA).
func isBreakSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

// isInnerSpace reports whether r is white space that can occur inside a
// UAX #14 segment: a space before a closing bracket ("a )"), or a
// no-break space. It becomes glue without a break.
func isInnerSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00A0'
}

// isInvisible reports whether r is a format control that only tells where
// lines may or may not break: it gets no box.
func isInvisible(r rune) bool {
	return r == '\u200B' || r == '\u2060' || r == '\uFEFF' || r == '\u00AD'
}

// content handles the non-space part of a segment, [start, end) of the
// joined text, splitting it at piece boundaries, inner spaces, invisible
// controls and around CJK characters.
func (bd *build) content(start, end, piece int) int {
	text := bd.text
	i := start
	for i < end {
		piece = bd.pieceAt(i, piece)
		limit := min(end, bd.starts[piece+1])
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isInnerSpace(r) && !(bd.opt.Preformatted && r == '\u00A0'):
			j := i + size
			for j < limit {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !isInnerSpace(r2) {
					break
				}
				j += s2
			}
			bd.addSpace(i, j, piece)
			if bd.pieces[piece].Code && !bd.opt.Preformatted && bd.started {
				// Code breaks at its spaces, where UAX #14 may not
				// ("--strict ./...": no break before a full stop).
				bd.pending.brk = brkAllowed
			}
			i = j
		case isInvisible(r):
			bd.pending.invisible = true
			if r == '\u00AD' {
				bd.pending.shy = true
			}
			i += size
		case isWide(r) || isCJKPunctAmbiguous(r):
			// A CJK character and the marks that combine with it.
			j := i + size
			single := true
			if j < limit {
				if r2, _ := utf8.DecodeRuneInString(text[j:]); r2 >= 0x300 {
					g, _, _, _ := uniseg.FirstGraphemeClusterInString(text[i:limit], -1)
					j = i + len(g)
					single = j == i+size
				}
			}
			bd.addUnit(i, j, piece, r, single)
			i = j
		default:
			// A run of other characters, up to a space, a control or a
			// CJK character.
			j := i + size
			for j < limit {
				r2, s2 := rune(text[j]), 1
				if r2 >= utf8.RuneSelf {
					r2, s2 = utf8.DecodeRuneInString(text[j:])
				}
				if isInnerSpace(r2) || isInvisible(r2) || isWide(r2) || isCJKPunctAmbiguous(r2) {
					break
				}
				j += s2
			}
			bd.addUnit(i, j, piece, r, j == i+size)
			i = j
		}
	}
	return piece
}

// space handles white space at the end of a segment, [start, end).
func (bd *build) space(start, end, piece int) int {
	for i := start; i < end; {
		piece = bd.pieceAt(i, piece)
		j := min(end, bd.starts[piece+1])
		// Line separators are UAX #14's business; only the spaces count.
		k := i
		for k < j && bd.text[k] != '\n' && bd.text[k] != '\r' {
			k++
		}
		if k > i {
			bd.addSpace(i, k, piece)
		}
		i = j
	}
	return piece
}

// addSpace records white space [start, end) of piece in the pending gap. In
// prose it collapses into one glue; preformatted, it is a box of its own.
func (bd *build) addSpace(start, end, piece int) {
	if bd.opt.Preformatted {
		// Spaces are text: a unit of their own, with no break before them
		// (UAX #14 breaks after spaces, not before).
		bd.addUnit(start, end, piece, ' ', false)
		return
	}
	if !bd.started || bd.pending.spaces {
		return // leading space, or collapsed into the first of the run
	}
	bd.pending.spaces = true
	bd.pending.spacePiece = int32(piece)
	bd.pending.spaceStart = int32(start)
	bd.pending.spaceEnd = int32(end)
}

// addUnit measures the text [start, end) of piece and appends it as a unit,
// deciding the gap before it. first is its first rune; single tells that
// it is its only rune.
func (bd *build) addUnit(start, end, piece int, first rune, single bool) {
	p := &bd.pieces[piece]
	s := bd.text[start:end]
	last := first
	if !single {
		last, _ = utf8.DecodeLastRuneInString(s)
	}
	u := unit{
		piece: int32(piece), start: int32(start), end: int32(end),
		em: p.Em, first: first, last: last,
		fc: classOf(first),
	}
	if p.isObject() {
		u.width = p.Object
	} else {
		u.width = p.Measure(bd.text[start:end])
		if p.WideQuotes && single && (isOpenQuote(first) || isCloseQuote(first)) && u.width < 0.9*u.em {
			u.glyph, u.width = u.width, u.em
		}
	}
	u.lc = u.fc
	if last != first {
		u.lc = classOf(last)
	}
	if !bd.opt.Preformatted && first != ' ' {
		u.wide = u.fc&cWide != 0 || u.fc&cAmbPunct != 0 && u.width >= 0.8*u.em
		if u.fc&(cPunct|cAmbPunct) != 0 {
			if c := punctClass(first); c != punctNone && len(s) == utf8.RuneLen(first) &&
				u.width >= 0.9*u.em && u.width <= 1.1*u.em {
				u.punct = c
			}
		}
	}
	if !bd.started {
		bd.started = true
		bd.pending = gap{}
		bd.tok = append(bd.tok[:0], u)
		bd.tokGaps = bd.tokGaps[:0]
		return
	}
	g := bd.pending
	bd.pending = gap{}
	prev := &bd.tok[len(bd.tok)-1]
	adjacent := !g.spaces && !g.invisible
	// Consecutive fullwidth punctuation: one blank between them is enough
	// (jlreq 3.1.4; CSS text-spacing-trim). A closing mark before another
	// closing mark loses its trailing blank ("。」"); an opening mark after
	// any fullwidth punctuation loses its leading blank ("，「", "（「").
	if adjacent && prev.punct == punctClose && u.punct == punctClose {
		prev.dropTrail = true
	}
	switch g.brk {
	case brkAllowed:
		// uniseg may break inside a grapheme cluster (its documentation
		// says so for some scripts); a mark never starts a line.
		// After a space, kinsoku applies only to the marks of CJK text
		// (fullwidth, or the quotes, dots and ellipses it shares with
		// Latin text): English may break before a percent sign or a
		// hyphen set after a space.
		if u.fc&cExtend != 0 || prev.lc&cNoEnd != 0 ||
			u.fc&cNoStart != 0 && (!g.spaces || u.fc&(cWide|cAmbPunct) != 0) {
			g.brk = brkNone
		}
	case brkNone:
		// UAX #14 (15.0) never breaks next to “ ” ‘ ’; between Chinese
		// characters a line may break before an opening quote and after a
		// closing one, as Unicode 15.1's LB19a later allowed.
		if !g.spaces && !bd.opt.Preformatted &&
			(isCloseQuote(prev.last) && u.fc&(cWide|cNoStart) == cWide ||
				isOpenQuote(u.first) && prev.lc&(cWide|cNoEnd) == cWide) {
			g.brk = brkAllowed
		}
	}
	if g.hold && g.brk == brkAllowed {
		g.brk = brkNone
	}
	if g.brk == brkNone {
		// An opening mark after fullwidth punctuation, with no break
		// between (which would leave it at the start of a line), loses its
		// leading blank; where a break may come between, the closing
		// mark's blank goes instead (see joiner).
		if adjacent && prev.punct != punctNone && u.punct == punctOpen {
			u.dropLead = true
		}
		bd.tok = append(bd.tok, u)
		bd.tokGaps = append(bd.tokGaps, g)
		return
	}
	left := bd.flush()
	if g.brk == brkMandatory {
		bd.finishLine(&left)
		bd.glue(FillGlue(), false)
		bd.items = append(bd.items, PenaltyItem(0, -Infinity, false))
	} else {
		bd.joiner(&left, &u, &g, joinBreak, 0)
	}
	bd.tok = append(bd.tok[:0], u)
	bd.tokGaps = bd.tokGaps[:0]
}
