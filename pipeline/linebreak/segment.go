package linebreak

import (
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// nextSegment returns the first UAX #14 line segment of text, as
// uniseg.FirstLineSegmentInString does with the same state, and whether a
// break after it is mandatory.
//
// uniseg costs about 100 ns a character, which is half of the time spent
// on a Chinese paragraph. Two runs are cheap to decide without it, and
// skipping them changes no result:
//
//   - Between two Han characters of the main blocks (U+3400–U+4DBF,
//     U+4E00–U+9FFF, class ID) a break is always allowed (LB31): no rule
//     forbids ID ÷ ID, and no rule looks left past an ID character.
//   - Between two ASCII letters (class AL) there is never a break (LB28),
//     and no rule looks left past an AL character either.
//
// Since no rule looks left past such a character, starting uniseg afresh
// (state -1) at the last character of the run gives the boundaries after
// it that it would give with the whole text. segment_test.go checks the
// two agree on the corpus and on random text.
func nextSegment(text string, state int) (seg string, must bool, newState int) {
	if len(text) >= 6 {
		r1, n1 := utf8.DecodeRuneInString(text)
		if isMainHan(r1) {
			if r2, _ := utf8.DecodeRuneInString(text[n1:]); isMainHan(r2) {
				return text[:n1], false, -1
			}
		}
	}
	i := 0
	for i+1 < len(text) && isASCIILetter(text[i]) && isASCIILetter(text[i+1]) {
		i++
	}
	if i > 0 {
		seg, _, must, state = uniseg.FirstLineSegmentInString(text[i:], -1)
		return text[:i+len(seg)], must, state
	}
	seg, _, must, state = uniseg.FirstLineSegmentInString(text, state)
	return seg, must, state
}

func isMainHan(r rune) bool {
	return 0x4E00 <= r && r <= 0x9FFF || 0x3400 <= r && r <= 0x4DBF
}

func isASCIILetter(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}
