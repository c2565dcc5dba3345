package fonts

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Range of the ambiguous-punctuation table: General Punctuation to
// Supplemental Punctuation.
const (
	ambiguousLo = 0x2000
	ambiguousHi = 0x2E7F
)

// initTables fills the set's character tables from Unicode's.
func (s *Set) initTables() {
	for r := rune(ambiguousLo); r <= ambiguousHi; r++ {
		if unicode.IsPunct(r) && width.LookupRune(r).Kind() == width.EastAsianAmbiguous {
			i := r - ambiguousLo
			s.ambiguous[i/64] |= 1 << (i % 64)
		}
	}
	for _, t := range []*unicode.RangeTable{unicode.M, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point,
		unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp} {
		for _, rg := range t.R16 {
			for r := int(rg.Lo); r <= int(rg.Hi); r += int(rg.Stride) {
				s.special[r/64] |= 1 << (r % 64)
			}
		}
	}
}

// IsAmbiguousPunct reports whether r is punctuation whose East Asian Width
// is Ambiguous and that Chinese and Japanese typography sets full width:
// U+00B7 MIDDLE DOT and the ambiguous punctuation from U+2000 to U+2E7F,
// among them ‘ ’ “ ” … — – ‥ • † ‡ ※ ′ ″. (The ambiguous punctuation of
// Latin-1, such as § ¶ ¡ ¿, stays with the Latin face.)
func (s *Set) IsAmbiguousPunct(r rune) bool {
	if r == 0xB7 {
		return true
	}
	if r < ambiguousLo || r > ambiguousHi {
		return false
	}
	i := r - ambiguousLo
	return s.ambiguous[i/64]&(1<<(i%64)) != 0
}

// Face returns the face that draws r in role and style: the first face of
// the chain that has a glyph for it, or nil when none has.
//
// One rule comes first: in a Chinese or Japanese book (Config.Language zh*
// or ja*), outside code, a punctuation character whose East Asian Width is
// Ambiguous (see IsAmbiguousPunct) is drawn by the first CJK face of the
// chain that has it. Chinese quotation marks, ellipses and dashes are full
// width; the Latin face's are narrow, and would be taken first because the
// Latin face comes first in the chain. xeCJK does the same. In code the
// Latin monospace face keeps them, one cell wide, as editors show them.
func (s *Set) Face(role Role, style Style, r rune) *Face {
	if r >= 0 && r < 0x80 {
		return s.ascii[role][style&3][r]
	}
	return s.face(role, style, r)
}

func (s *Set) face(role Role, style Style, r rune) *Face {
	chain := s.chains[role][style&3]
	if s.cjkPunct && role != Code && s.IsAmbiguousPunct(r) {
		for _, f := range chain {
			if f.CJK && f.Has(r) {
				return f
			}
		}
	}
	west := s.noWestern[role][style&3]
	for i, f := range chain {
		if f.Has(r) && (west&(1<<i) == 0 || !Western(r)) {
			return f
		}
	}
	return nil
}

// class says how a character takes part in a cluster.
type class uint8

const (
	plain     class = iota
	mark            // joins the character before it and needs a glyph
	ignorable       // joins the character before it and needs no glyph
	joiner          // ZWJ: needs no glyph, and joins the next character too
)

func (s *Set) class(r rune) class {
	if r < 0x10000 {
		if s.special[r/64]&(1<<(r%64)) == 0 {
			return plain
		}
	} else if r < 0xE0000 && (r < 0x1F3FB || r > 0x1F3FF) && !unicode.Is(unicode.M, r) {
		return plain
	}
	switch {
	case r == 0x200D:
		return joiner
	case unicode.Is(unicode.Variation_Selector, r), unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r),
		unicode.Is(unicode.Cc, r), unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r),
		unicode.Is(unicode.Cf, r) && !unicode.Is(unicode.Prepended_Concatenation_Mark, r):
		return ignorable
	case unicode.Is(unicode.M, r), r >= 0x1F3FB && r <= 0x1F3FF: // emoji skin tones join their base
		return mark
	}
	return plain
}

// NeedsGlyph reports whether r is drawn with a glyph: not a control,
// format character, variation selector or other default-ignorable
// character.
func (s *Set) NeedsGlyph(r rune) bool {
	c := s.class(r)
	return c == plain || c == mark
}

// clusterInfo describes a cluster of text: a character with the marks,
// variation selectors and zero-width-joined characters that follow it,
// which one face must draw together.
type clusterInfo struct {
	start, end int  // byte offsets in the text
	base       rune // the first character
	baseEnd    int  // where it ends
	// face draws the cluster; nil when no face of the chain has its
	// first character.
	face *Face
	// neutral marks a cluster of characters that need no glyph (controls,
	// joiners...): it takes the face of its neighbours.
	neutral bool
}

// cluster calls fn for each cluster of text, in order.
func (s *Set) cluster(role Role, style Style, text string, fn func(c clusterInfo)) {
	// next and nextClass carry the character looked ahead at into the
	// next cluster, so that each character is classified once.
	next, n := utf8.DecodeRuneInString(text)
	nextClass := s.class(next)
	for i := 0; i < len(text); {
		c := clusterInfo{start: i, base: next, baseEnd: i + n}
		cl := nextClass
		i += n
		c.neutral = cl == ignorable || cl == joiner
		join := cl == joiner
		marks := false
		for i < len(text) {
			next, n = utf8.DecodeRuneInString(text[i:])
			nextClass = s.class(next)
			if !join && nextClass == plain || c.neutral && (nextClass == plain || nextClass == mark) {
				break
			}
			join = nextClass == joiner
			marks = marks || nextClass == mark || nextClass == plain
			i += n
		}
		c.end = i
		if !c.neutral {
			c.face = s.Face(role, style, c.base)
			if marks && !s.covers(c.face, text[c.start:c.end]) {
				for i, f := range s.chains[role][style&3] {
					if s.covers(f, text[c.start:c.end]) && (s.DrawsWestern(role, style, i) || !Western(c.base)) {
						c.face = f
						break
					}
				}
			}
		}
		fn(c)
	}
}

// covers reports whether f has a glyph for every character of cluster that
// needs one.
func (s *Set) covers(f *Face, cluster string) bool {
	if f == nil {
		return false
	}
	for _, r := range cluster {
		if !f.Has(r) && s.NeedsGlyph(r) {
			return false
		}
	}
	return true
}

// Run is a stretch of text that one face draws.
type Run struct {
	Face       *Face // nil when no face of the chain has the characters
	Start, End int   // byte offsets in the text
	Text       string
}

// Runs splits text, set in role and style, into runs, each drawn by one
// face: per character, the face Face chooses, with combining marks,
// variation selectors and joined emoji kept in the face of the character
// they belong to, and characters that need no glyph (controls, joiners)
// in the run around them. The EPUB writer makes the same choice through its
// font stacks and subsets, and the PDF writer draws each run in its face.
func (s *Set) Runs(role Role, style Style, text string) []Run {
	return s.AppendRuns(nil, role, style, text)
}

// AppendRuns is Runs appending to dst, so that a caller can reuse memory.
func (s *Set) AppendRuns(dst []Run, role Role, style Style, text string) []Run {
	first := len(dst)
	pending := -1 // start of neutral text before the first run
	s.cluster(role, style, text, func(c clusterInfo) {
		if c.neutral {
			if len(dst) > first {
				dst[len(dst)-1].End = c.end
			} else if pending < 0 {
				pending = c.start
			}
			return
		}
		if n := len(dst); n > first && dst[n-1].Face == c.face {
			dst[n-1].End = c.end
			return
		}
		if pending >= 0 {
			c.start, pending = pending, -1
		}
		dst = append(dst, Run{Face: c.face, Start: c.start, End: c.end})
	})
	if pending >= 0 {
		// Only characters that need no glyph: give them the first face.
		var face *Face
		if chain := s.chains[role][style&3]; len(chain) > 0 {
			face = chain[0]
		}
		dst = append(dst, Run{Face: face, Start: pending, End: len(text)})
	}
	for i := first; i < len(dst); i++ {
		dst[i].Text = text[dst[i].Start:dst[i].End]
	}
	return dst
}

// Width returns the advance width of text set in role and style at size
// (the length of the em, in any unit), each character measured in the face
// that draws it. Characters that need no glyph measure nothing; characters
// no face has measure as the first face's missing-glyph box. There is no
// kerning: the default faces have none, and the EPUB subsets drop it.
func (s *Set) Width(role Role, style Style, text string, size float64) float64 {
	return s.width(role, style, text, size, false)
}

// PDFWidth is Width with the widths gopdf writes into the PDF (see
// Face.PDFAdvance): what a PDF viewer lays the text out with.
func (s *Set) PDFWidth(role Role, style Style, text string, size float64) float64 {
	return s.width(role, style, text, size, true)
}

func (s *Set) width(role Role, style Style, text string, size float64, pdf bool) float64 {
	w := 0.0
	s.cluster(role, style, text, func(c clusterInfo) {
		if c.neutral {
			return
		}
		face := c.face
		if face == nil {
			chain := s.chains[role][style&3]
			if len(chain) == 0 {
				return
			}
			face = chain[0]
		}
		units, em := 0, face.Metrics().UnitsPerEm
		if pdf {
			em = 1000
		}
		for _, r := range text[c.start:c.end] {
			switch {
			case !s.NeedsGlyph(r):
			case pdf:
				units += face.PDFAdvance(r)
			default:
				units += face.Advance(r)
			}
		}
		w += float64(units) * size / float64(em)
	})
	return w
}

// Cells returns how many cells of a monospace grid r takes: 2 for East
// Asian Wide and Fullwidth characters (Chinese characters, full-width
// punctuation), 0 for characters that need no glyph and combining marks, 1
// for the rest. Code listings set CJK characters in exactly two cells.
func (s *Set) Cells(r rune) int {
	switch s.class(r) {
	case mark, ignorable, joiner:
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}
