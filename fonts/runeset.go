package fonts

import (
	"math/bits"
	"unicode"
)

const maxRune = unicode.MaxRune

// RuneSet is a set of characters: a bitmap in pages of 256 characters,
// allocated as characters arrive. The zero value is an empty set. A book's
// text passes through sets like it character by character (which face
// draws what, which characters a PDF subsets), so adding one costs two
// slice reads and a bit operation.
type RuneSet struct {
	index []uint16 // page number + 1, by r>>8
	pages [][4]uint64
}

// Add adds r; a value that is not a character is ignored.
func (s *RuneSet) Add(r rune) {
	if r < 0 || r > maxRune {
		return
	}
	if s.index == nil {
		s.index = make([]uint16, (maxRune>>8)+1)
	}
	p := s.index[r>>8]
	if p == 0 {
		s.pages = append(s.pages, [4]uint64{})
		p = uint16(len(s.pages))
		s.index[r>>8] = p
	}
	s.pages[p-1][(r&0xFF)/64] |= 1 << (r % 64)
}

// Has reports whether r is in the set.
func (s *RuneSet) Has(r rune) bool {
	if r < 0 || r > maxRune || s.index == nil {
		return false
	}
	p := s.index[r>>8]
	return p != 0 && s.pages[p-1][(r&0xFF)/64]&(1<<(r%64)) != 0
}

// Union adds the characters of o.
func (s *RuneSet) Union(o *RuneSet) {
	o.each(s.Add)
}

// SubsetOf reports whether every character of s is in t.
func (s *RuneSet) SubsetOf(t *RuneSet) bool {
	ok := true
	s.each(func(r rune) { ok = ok && t.Has(r) })
	return ok
}

// Runes lists the set in ascending order.
func (s *RuneSet) Runes() []rune {
	var out []rune
	s.each(func(r rune) { out = append(out, r) })
	return out
}

// each calls fn with each character of the set, in ascending order.
func (s *RuneSet) each(fn func(r rune)) {
	for hi, p := range s.index {
		if p == 0 {
			continue
		}
		for w, word := range s.pages[p-1] {
			for word != 0 {
				b := bits.TrailingZeros64(word)
				word &^= 1 << b
				fn(rune(hi<<8 | w*64 | b))
			}
		}
	}
}
