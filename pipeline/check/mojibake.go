package check

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// Mojibake is text that looks like UTF-8 decoded with the wrong encoding.
type Mojibake struct {
	Start, End int    // byte offsets of the garbled text in the string searched
	Text       string // the garbled text
	Fixed      string // what it reads when decoded as UTF-8
	Encoding   string // the encoding it was wrongly read as
}

// FindMojibake finds text that is UTF-8 read as Windows-1252 or Latin-1
// ("Ã©" for "é", "Â·" for "·", "â€™" for "’") or as GBK ("涓枃" for
// "中文"), and "锟斤拷", the trace of text already lost that way.
//
// It is built to stay silent on real text, Chinese above all: a candidate
// is reported only when its characters, encoded back, are a valid UTF-8
// sequence; for GBK, only when that gives at least two Chinese characters
// from the common set (GB 2312) while the candidate itself has a character
// outside it, as UTF-8 bytes read as GBK nearly always do.
func FindMojibake(s string) []Mojibake {
	var out []Mojibake
	out = append(out, findLatin(s)...)
	out = append(out, findGBK(s)...)
	for i := 0; ; {
		j := strings.Index(s[i:], "锟斤拷")
		if j < 0 {
			break
		}
		start := i + j
		end := start + len("锟斤拷")
		for strings.HasPrefix(s[end:], "锟斤拷") || strings.HasPrefix(s[end:], "锟") {
			if strings.HasPrefix(s[end:], "锟斤拷") {
				end += len("锟斤拷")
			} else {
				end += len("锟")
			}
		}
		out = append(out, Mojibake{Start: start, End: end, Text: s[start:end], Encoding: "GBK (the original text is lost: U+FFFD replacement characters)"})
		i = end
	}
	return out
}

// cp1252 maps the characters Windows-1252 gives the bytes 0x80-0x9F to
// those bytes. Latin-1 reads the bytes 0x80-0xFF as U+0080-U+00FF, the
// five bytes Windows-1252 leaves undefined included.
func cp1252(r rune) (byte, bool) {
	switch {
	case r >= 0x80 && r <= 0xFF:
		return byte(r), true
	}
	switch r {
	case '€':
		return 0x80, true
	case '‚':
		return 0x82, true
	case 'ƒ':
		return 0x83, true
	case '„':
		return 0x84, true
	case '…':
		return 0x85, true
	case '†':
		return 0x86, true
	case '‡':
		return 0x87, true
	case 'ˆ':
		return 0x88, true
	case '‰':
		return 0x89, true
	case 'Š':
		return 0x8A, true
	case '‹':
		return 0x8B, true
	case 'Œ':
		return 0x8C, true
	case 'Ž':
		return 0x8E, true
	case '‘':
		return 0x91, true
	case '’':
		return 0x92, true
	case '“':
		return 0x93, true
	case '”':
		return 0x94, true
	case '•':
		return 0x95, true
	case '–':
		return 0x96, true
	case '—':
		return 0x97, true
	case '˜':
		return 0x98, true
	case '™':
		return 0x99, true
	case 'š':
		return 0x9A, true
	case '›':
		return 0x9B, true
	case 'œ':
		return 0x9C, true
	case 'ž':
		return 0x9E, true
	case 'Ÿ':
		return 0x9F, true
	}
	return 0, false
}

type span struct {
	start, end int // byte offsets
	fixed      string
}

// findLatin finds UTF-8 sequences read as Windows-1252 or Latin-1: a
// character that is a UTF-8 lead byte (Â-ô) followed by the right number
// of characters that are continuation bytes (0x80-0xBF), which together
// decode to a printable character. Sequences separated by at most three
// ASCII characters ("Ã©tÃ©") are one finding.
func findLatin(s string) []Mojibake {
	var spans []span
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		lead, ok := cp1252(r)
		n := 0
		switch {
		case !ok:
		case lead >= 0xC2 && lead <= 0xDF:
			n = 2
		case lead >= 0xE0 && lead <= 0xEF:
			n = 3
		case lead >= 0xF0 && lead <= 0xF4:
			n = 4
		}
		if n == 0 {
			i += size
			continue
		}
		seq := []byte{lead}
		j := i + size
		for len(seq) < n && j < len(s) {
			c, csize := utf8.DecodeRuneInString(s[j:])
			b, ok := cp1252(c)
			if !ok || b < 0x80 || b > 0xBF {
				break
			}
			seq = append(seq, b)
			j += csize
		}
		if len(seq) == n {
			if fixed, size := utf8.DecodeRune(seq); size == n && fixed != utf8.RuneError && plausible(fixed) {
				spans = append(spans, span{i, j, string(fixed)})
				i = j
				continue
			}
		}
		i += size
	}
	return merge(s, spans, "Windows-1252")
}

// plausible reports whether r is a character text would hold.
func plausible(r rune) bool {
	return unicode.IsGraphic(r) && !unicode.Is(unicode.Co, r) && r != utf8.RuneError
}

// merge joins spans separated by at most three ASCII characters on one
// line, and makes findings of them.
func merge(s string, spans []span, enc string) []Mojibake {
	var out []Mojibake
	for i := 0; i < len(spans); {
		start, end := spans[i].start, spans[i].end
		fixed := spans[i].fixed
		j := i + 1
		for ; j < len(spans); j++ {
			gap := s[end:spans[j].start]
			if len(gap) > 3 || strings.ContainsAny(gap, "\n\r") || !isASCII(gap) {
				break
			}
			fixed += gap + spans[j].fixed
			end = spans[j].end
		}
		out = append(out, Mojibake{Start: start, End: end, Text: s[start:end], Fixed: fixed, Encoding: enc})
		i = j
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// gbkChar is a character of the text with its GBK encoding.
type gbkChar struct {
	start, end int // byte offsets in the text
	gbk        []byte
}

// findGBK finds UTF-8 Chinese text read as GBK. Each run of characters
// with two-byte GBK encodings is encoded back to GBK, and from each
// character on the bytes are decoded as UTF-8 for as long as they give
// Chinese characters.
func findGBK(s string) []Mojibake {
	enc := simplifiedchinese.GBK.NewEncoder()
	var spans []span
	var run []gbkChar
	flush := func() {
		spans = append(spans, gbkRun(run)...)
		run = run[:0]
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		var b []byte
		if r >= utf8.RuneSelf {
			b, _ = enc.Bytes([]byte(s[i : i+size]))
		}
		if len(b) != 2 {
			flush()
		} else {
			run = append(run, gbkChar{i, i + size, b})
		}
		i += size
	}
	flush()
	return merge(s, spans, "GBK")
}

// gbkRun looks for mojibake in a run of characters with two-byte GBK
// encodings.
func gbkRun(run []gbkChar) []span {
	var spans []span
	for i := 0; i < len(run); {
		var buf []byte
		for _, c := range run[i:] {
			buf = append(buf, c.gbk...)
		}
		var fixed []rune
		used := 0
		for used < len(buf) {
			r, size := utf8.DecodeRune(buf[used:])
			if size < 3 || !isCJK(r) {
				break
			}
			fixed = append(fixed, r)
			used += size
		}
		// The characters of the run that the decoded bytes cover: a
		// character half used by the last UTF-8 sequence is included.
		n := (used + 1) / 2
		if len(fixed) >= 2 && allCommon(fixed) && !allCommonGBK(run[i:i+n]) {
			text := string(fixed)
			// An ASCII character after Chinese text makes a GBK pair
			// with the last byte before it ("和H" reads "鍜孒"):
			// it belongs to the repaired text.
			if rest := buf[used : 2*n]; len(rest) == 1 && rest[0] >= 0x20 && rest[0] < 0x7F {
				text += string(rest)
			}
			spans = append(spans, span{run[i].start, run[i+n-1].end, text})
			i += n
			continue
		}
		i++
	}
	return spans
}

// isCJK reports whether r is a Chinese character or CJK punctuation.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF01 && r <= 0xFF5E)
}

// gb2312 reports whether the GBK encoding b is in the GB 2312 set, the
// common characters and symbols: both bytes from 0xA1 to 0xFE, and not in
// the rows GB 2312 leaves empty (0xAA-0xAF) or those past its last
// character (0xF8-0xFE).
func gb2312(b []byte) bool {
	return len(b) == 2 && b[0] >= 0xA1 && b[1] >= 0xA1 && b[1] <= 0xFE &&
		!(b[0] >= 0xAA && b[0] <= 0xAF) && b[0] <= 0xF7
}

// allCommon reports whether every rune is a GB 2312 character or CJK
// punctuation: what real Chinese text mostly is.
func allCommon(rs []rune) bool {
	enc := simplifiedchinese.GBK.NewEncoder()
	for _, r := range rs {
		b, err := enc.Bytes([]byte(string(r)))
		if err != nil || !gb2312(b) {
			return false
		}
	}
	return true
}

func allCommonGBK(cs []gbkChar) bool {
	for _, c := range cs {
		if !gb2312(c.gbk) {
			return false
		}
	}
	return true
}

// MojibakeText reports prose that looks like mojibake: the text of
// paragraphs, headings, lists, tables and image descriptions. Code is left
// alone: a book about encodings shows garbled text on purpose there.
func MojibakeText(b *Book, diags *diag.List) {
	for _, ch := range b.Chapters {
		if ch.Failed {
			continue
		}
		src := ch.File.Source()
		visit := func(n *doc.Node) bool {
			switch n.Kind {
			case doc.Code, doc.CodeBlock, doc.SVG, doc.InlineSVG:
				return false
			case doc.Text, doc.Image:
			default:
				return true
			}
			for _, m := range FindMojibake(n.Text) {
				diags.Add(diag.Diagnostic{Pos: ch.File.Pos(locate(src, n.Pos, m.Text)), Severity: diag.Warning, Message: describe(m)})
			}
			return false
		}
		ch.Walk(visit)
	}
}

// locate finds text in the source at or after the node's offset; the
// node's own offset when it is not there as written (escaped).
func locate(src []byte, from int, text string) int {
	if from < 0 || from > len(src) {
		return from
	}
	if i := bytes.Index(src[from:], []byte(text)); i >= 0 {
		return from + i
	}
	return from
}

func describe(m Mojibake) string {
	if m.Fixed == "" {
		return fmt.Sprintf("%q is mojibake: text decoded with the wrong encoding, %s", m.Text, m.Encoding)
	}
	return fmt.Sprintf("%q looks like mojibake, UTF-8 text read as %s: it should probably read %q", m.Text, m.Encoding, m.Fixed)
}
