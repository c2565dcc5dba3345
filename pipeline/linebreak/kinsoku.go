package linebreak

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// The line-start and line-end prohibitions (kinsoku) of Chinese and Japanese
// typesetting, from W3C "Requirements for Chinese Text Layout" (clreq,
// §3.1.7 and the character classes of appendix A) and "Requirements for
// Japanese Text Layout" (jlreq, after JIS X 4051). UAX #14 already keeps
// most of these from starting a line (classes CL, CP, EX, IS, NS, CJ, IN,
// PO) or ending one (OP), but not all: the curly quotes “ ” ‘ ’ are class
// QU, which forbids breaks on both sides in Unicode 15.0 (the version
// uniseg implements), so the opening quote could end a line if its other
// rules allow it, and no break was allowed before “ or after ” between
// Chinese characters at all; middle dots such as ・ and · ‧ and the
// fullwidth solidus are not all NS; … is IN only in some contexts. The sets
// below are applied on top of UAX #14: a break it allows is vetoed when the
// next character may not start a line or the previous one may not end it.

// noStart reports whether r may not begin a line.
func noStart(r rune) bool {
	switch r {
	// Closing brackets and quotation marks (clreq: 结束引号, 结束括号,
	// 结束书名号; jlreq cl-02).
	case ')', ']', '}', '»', '›', '’', '”', '〕', '〗', '〙', '〛', '）', '］', '｝',
		'〉', '》', '」', '』', '】', '｠', '｣', '⦆', '〞', '〟':
		return true
	// Full stops, commas, colons, semicolons, question and exclamation
	// marks (clreq: 点号; jlreq cl-04, cl-05, cl-06, cl-07).
	case '.', ',', ':', ';', '?', '!', '、', '。', '，', '．', '：', '；', '？', '！',
		'｡', '､', '‼', '⁇', '⁈', '⁉':
		return true
	// Middle dots and the solidus used as separator (clreq: 间隔号, 分隔号;
	// jlreq cl-05).
	case '·', '‧', '・', '･', '／':
		return true
	// Hyphens and connectors (clreq: 连接号; jlreq cl-03).
	case '‐', '–', '〜', '゠', '～':
		return true
	// Ellipses (they may not be split either: UAX #14 keeps IN × IN).
	case '…', '‥', '⋯', '︙':
		return true
	// Unit and percent signs that follow a number (jlreq cl-20).
	case '%', '％', '‰', '‱', '′', '″', '‴', '℃', '℉', '°', '¢', '￠':
		return true
	// Iteration marks, the prolonged sound mark and voiced sound marks
	// (jlreq cl-09, cl-10).
	case '々', '〻', 'ゝ', 'ゞ', 'ヽ', 'ヾ', 'ー', 'ｰ', '゛', '゜':
		return true
	}
	return isSmallKana(r)
}

// isSmallKana reports whether r is a small kana (jlreq cl-11), which
// Japanese strict line breaking keeps from starting a line.
func isSmallKana(r rune) bool {
	switch r {
	case 'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ', 'っ', 'ゃ', 'ゅ', 'ょ', 'ゎ', 'ゕ', 'ゖ',
		'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ッ', 'ャ', 'ュ', 'ョ', 'ヮ', 'ヵ', 'ヶ',
		'\U0001B132', '\U0001B150', '\U0001B151', '\U0001B152', '\U0001B155',
		'\U0001B164', '\U0001B165', '\U0001B166', '\U0001B167':
		return true
	}
	return r >= 0x31F0 && r <= 0x31FF || r >= 0xFF67 && r <= 0xFF6F
}

// noEnd reports whether r may not end a line: opening brackets and
// quotation marks (clreq: 开始引号, 开始括号, 开始书名号; jlreq cl-01).
func noEnd(r rune) bool {
	switch r {
	case '(', '[', '{', '«', '‹', '‘', '“', '〔', '〖', '〘', '〚', '（', '［', '｛',
		'〈', '《', '「', '『', '【', '｟', '｢', '⦅', '〝':
		return true
	}
	return false
}

// isOpenQuote and isCloseQuote tell the curly quotation marks apart; UAX #14
// gives them all class QU.
func isOpenQuote(r rune) bool  { return r == '“' || r == '‘' }
func isCloseQuote(r rune) bool { return r == '”' || r == '’' }

// punct is the compression class of fullwidth punctuation: which half of
// its em box is blank and may be taken away.
type punct uint8

const (
	punctNone  punct = iota
	punctClose       // glyph in the left half, blank on the right
	punctOpen        // glyph in the right half, blank on the left
)

// punctClass returns the compression class of r, assuming glyphs placed as
// in Simplified Chinese fonts (GB/T 15834: pause and stop marks in the
// left half of the em box, as LXGW WenKai, Source Han Sans SC and Noto
// Sans CJK SC draw them). Question and exclamation marks are left out: they
// are not compressed in jlreq, and many fonts centre them. The caller only
// applies the class to glyphs measured about 1 em wide; proportional curly
// quotes from a Latin font are never compressed.
func punctClass(r rune) punct {
	switch r {
	case '、', '。', '，', '．', '：', '；', '）', '〕', '］', '｝', '〉', '》', '」',
		'』', '】', '〗', '〙', '〛', '｠', '”', '’':
		return punctClose
	case '（', '〔', '［', '｛', '〈', '《', '「', '『', '【', '〖', '〘', '〚', '｟', '“', '‘':
		return punctOpen
	}
	return punctNone
}

// isWide reports whether r is East Asian Wide or Fullwidth (UAX #11):
// characters set on the em grid, between which CJK glue goes.
func isWide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case 0x4E00 <= r && r <= 0x9FFF:
		return true // the main Han block, most of Chinese text
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}

// isCJKPunctAmbiguous reports whether r is punctuation of East Asian
// Ambiguous width that Chinese text sets as its own character: curly
// quotes, the ellipsis and the em dash. The builder gives each its own box
// so CJK glue and compression can apply when the font sets it 1 em wide.
func isCJKPunctAmbiguous(r rune) bool {
	switch r {
	case '“', '”', '‘', '’', '…', '‥', '—', '―', '·':
		return true
	}
	return false
}

// inseparable reports whether a pair of identical characters r r must not
// get glue between them: the two halves of a Chinese ellipsis or dash.
func inseparable(r rune) bool {
	switch r {
	case '…', '‥', '⋯', '—', '―', '─':
		return true
	}
	return false
}

// isIdeographic reports whether r is a Han character or kana, the side of
// the Han–Latin space (CSS text-autospace "ideograph-alpha" and
// "ideograph-numeric"; xeCJK's CJKecglue).
func isIdeographic(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Bopomofo, r)
}

// urlBreakAfter reports whether an emergency break after r is a preferred
// one in URLs and identifiers.
func urlBreakAfter(r rune) bool {
	switch r {
	case '/', '.', '-', '_', '?', '&', '=':
		return true
	}
	return false
}

// class is the set of properties of a rune the builder looks at, computed
// once per unit edge.
type class uint16

const (
	cWide     class = 1 << iota // isWide
	cAmbPunct                   // isCJKPunctAmbiguous
	cIdeo                       // isIdeographic
	cAlnum                      // isAlnum
	cPunct                      // unicode.IsPunct
	cNoStart                    // noStart
	cNoEnd                      // noEnd
	cExtend                     // continues a grapheme cluster: no break before
)

// classOf returns the properties of r, with fast paths for ASCII and the
// main blocks of Han characters, which make up almost all text.
func classOf(r rune) class {
	switch {
	case r < 0x80:
		var c class
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			c |= cAlnum
		} else if unicode.IsPunct(r) {
			c |= cPunct
		}
		if noStart(r) {
			c |= cNoStart
		}
		if noEnd(r) {
			c |= cNoEnd
		}
		return c
	case 0x4E00 <= r && r <= 0x9FFF, 0x3400 <= r && r <= 0x4DBF:
		return cWide | cIdeo
	}
	var c class
	if unicode.Is(unicode.M, r) || r == '\u200D' || 0x1F3FB <= r && r <= 0x1F3FF {
		// Combining marks, variation selectors, the zero-width joiner and
		// emoji modifiers.
		c |= cExtend
	}
	if isWide(r) {
		c |= cWide
	}
	if isCJKPunctAmbiguous(r) {
		c |= cAmbPunct
	}
	if isIdeographic(r) {
		c |= cIdeo
	} else if (unicode.IsLetter(r) || unicode.IsDigit(r)) && c&cWide == 0 {
		c |= cAlnum
	}
	if unicode.IsPunct(r) {
		c |= cPunct
	}
	if noStart(r) {
		c |= cNoStart
	}
	if noEnd(r) {
		c |= cNoEnd
	}
	return c
}

// labelBefore reports whether the segment text[off:end] ends with a label
// that names a figure, a table, a listing or a chapter by its number
// ("图 5-4", "Figure 3", "表 2"), followed by spaces or nothing, and a
// number starts at end: a line never breaks between the two. A Latin
// label must start a word ("Fig" in "config 3" is not one).
func labelBefore(text string, off, end int) bool {
	if end >= len(text) || text[end] < '0' || text[end] > '9' {
		return false
	}
	k := end
	for k > off && text[k-1] == ' ' {
		k--
	}
	head := text[:k]
	labels := [...]string{
		"图", "表", "代码", "清单", "列表", "例", "第", "公式", "附录",
		"Figure", "figure", "Fig.", "fig.", "Table", "table", "Listing", "listing",
		"Example", "example", "Chapter", "chapter", "Section", "section",
		"Appendix", "appendix", "Equation", "equation", "Eq.", "eq.",
		"Part", "part", "Step", "step", "Page", "page", "No.", "§",
	}
	for _, l := range labels {
		if !strings.HasSuffix(head, l) {
			continue
		}
		if l[0] < utf8.RuneSelf {
			if before, _ := utf8.DecodeLastRuneInString(head[:len(head)-len(l)]); unicode.IsLetter(before) && before < 0x2E80 {
				continue
			}
		}
		return true
	}
	return false
}
