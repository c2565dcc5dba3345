package markdown

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/renderer/html"
	"golang.org/x/text/width"
)

// Unescape returns the text a reader sees for raw Markdown text, as
// textValue does; the importer reads SUMMARY.md titles with it.
func Unescape(raw []byte) string { return textValue(raw) }

// textValue returns the text a reader sees for raw Markdown text: backslash
// escapes removed, entity and numeric character references resolved, NUL
// replaced by U+FFFD, as CommonMark specifies.
func textValue(raw []byte) string {
	if !bytes.ContainsAny(raw, "\\&\x00") {
		return string(raw)
	}
	// goldmark resolves escapes and references only while writing HTML; run
	// its writer and decode the escaped result rather than re-implementing
	// its rules.
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	html.DefaultWriter.Write(w, raw)
	_ = w.Flush()
	return stdhtml.UnescapeString(buf.String())
}

// removesSoftBreak reports whether a soft line break between before and
// after disappears instead of becoming a space. This is the CSS Text rule for
// East Asian text: it goes when the characters on both sides are East Asian
// wide, full-width or half-width and neither is Hangul (Korean separates
// words with spaces), or when either side is a zero-width space. In a
// Chinese or Japanese book (cjk), punctuation of ambiguous width (“ ” ‘ ’ …
// — ·) is set full width, so it counts as wide: "提出用" and "“通信”" on two
// lines join without a space.
func removesSoftBreak(before, after rune, cjk bool) bool {
	if before == '\u200B' || after == '\u200B' {
		return true
	}
	return isEastAsianWide(before, cjk) && isEastAsianWide(after, cjk) &&
		!unicode.Is(unicode.Hangul, before) && !unicode.Is(unicode.Hangul, after)
}

func isEastAsianWide(r rune, cjk bool) bool {
	if r < 0xA0 {
		return false
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianHalfwidth:
		return true
	case width.EastAsianAmbiguous:
		return cjk && (unicode.IsPunct(r) || unicode.IsSymbol(r))
	}
	return false
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}
