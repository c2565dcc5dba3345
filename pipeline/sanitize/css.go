package sanitize

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CleanCSS returns css (a style sheet, or the declarations of a style
// attribute) without any statement or declaration that could fetch
// something from outside the document, and what it removed. It works on
// the style sheet as a CSS parser sees it, not on its spelling: comments
// are removed and escapes decoded first (so "@imp/**/ort" and "\75 rl("
// are seen as @import and url(), and the text returned holds no escape
// that spells a name); then every statement and declaration (split at
// ; { } outside strings and brackets) naming @import, a url() or src()
// that is not a fragment of this document (#id), an image-set(),
// image(), cross-fade() or element(), or a script (expression(),
// behavior, -moz-binding, javascript:) is removed whole.
func CleanCSS(css string) (clean string, dropped []string) {
	norm := normalizeCSS(css)
	var b strings.Builder
	for rest := norm; rest != ""; {
		seg, delim, next := nextSegment(rest)
		rest = next
		if why := unsafeSegment(seg); why != "" {
			dropped = append(dropped, why)
			if delim == ';' {
				continue // the declaration goes with its semicolon
			}
			seg = ""
		}
		b.WriteString(seg)
		if delim != 0 {
			b.WriteByte(delim)
		}
	}
	return b.String(), dropped
}

// normalizeCSS removes comments and the HTML comment tokens (<!-- -->)
// and decodes escapes, re-escaping (as \HEX followed by a space) only
// characters that would end a string, a name or a statement.
func normalizeCSS(css string) string {
	var b strings.Builder
	b.Grow(len(css))
	for i := 0; i < len(css); {
		switch {
		case strings.HasPrefix(css[i:], "/*"):
			end := strings.Index(css[i+2:], "*/")
			if end < 0 {
				return b.String() // an unclosed comment runs to the end
			}
			i += 2 + end + 2
			b.WriteByte(' ')
		case strings.HasPrefix(css[i:], "<!--"):
			i += 4
		case strings.HasPrefix(css[i:], "-->"):
			i += 3
		case css[i] == '\\':
			r, n := cssEscape(css[i+1:])
			i += 1 + n
			if r < 0 {
				continue // an escaped newline: nothing
			}
			if r == 0 || r > utf8.MaxRune || (0xD800 <= r && r <= 0xDFFF) {
				r = utf8.RuneError
			}
			if isNameRune(r) {
				b.WriteRune(r)
			} else {
				fmt.Fprintf(&b, "\\%x ", r)
			}
		case css[i] == 0:
			b.WriteRune(utf8.RuneError)
			i++
		default:
			b.WriteByte(css[i])
			i++
		}
	}
	return b.String()
}

// cssEscape decodes the escape after a backslash at the start of s: the
// character and the bytes it took; -1 for an escaped newline.
func cssEscape(s string) (rune, int) {
	if s == "" {
		return utf8.RuneError, 0
	}
	n := 0
	for n < len(s) && n < 6 && isHex(s[n]) {
		n++
	}
	if n == 0 {
		if s[0] == '\n' || s[0] == '\f' {
			return -1, 1
		}
		if s[0] == '\r' {
			if len(s) > 1 && s[1] == '\n' {
				return -1, 2
			}
			return -1, 1
		}
		r, size := utf8.DecodeRuneInString(s)
		return r, size
	}
	v, _ := strconv.ParseUint(s[:n], 16, 32)
	// One white space after a hexadecimal escape belongs to it.
	if n < len(s) {
		switch s[n] {
		case ' ', '\t', '\n', '\f':
			n++
		case '\r':
			n++
			if n < len(s) && s[n] == '\n' {
				n++
			}
		}
	}
	return rune(v), n
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isNameRune reports characters that may stand unescaped in CSS text
// without ending a name, a string or a statement.
func isNameRune(r rune) bool {
	switch {
	case r >= 0x80 && r != utf8.RuneError:
		return true
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '-', r == '_':
		return true
	}
	return false
}

// nextSegment splits off the text up to the next ; { or } that is
// outside strings and brackets: the segment, the delimiter (0 at the end)
// and the rest. A string ends at its quote or at a newline (where CSS ends
// a bad one).
func nextSegment(s string) (seg string, delim byte, rest string) {
	depth := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			switch c {
			case '\\':
				i++
			case quote, '\n':
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '\\':
			i++
		case c == '(' || c == '[':
			depth++
		case (c == ')' || c == ']') && depth > 0:
			depth--
		case (c == ';' || c == '{' || c == '}') && depth == 0:
			return s[:i], c, s[i+1:]
		}
	}
	return s, 0, ""
}

// unsafeSegment says why a statement or declaration could fetch something
// or run code, or "".
func unsafeSegment(seg string) string {
	l := strings.ToLower(seg)
	if at, ok := strings.CutPrefix(strings.TrimSpace(l), "@"); ok {
		name := strings.FieldsFunc(at, func(r rune) bool { return !isNameRune(r) })
		if len(name) == 0 || !safeAtRules[name[0]] {
			return shortCSS(seg) // unknown to us, so not known to be safe
		}
	}
	for _, bad := range [...]string{"@import", "expression(", "behavior", "-moz-binding", "javascript:", "vbscript:"} {
		if strings.Contains(l, bad) {
			return shortCSS(seg)
		}
	}
	for _, fn := range [...]string{"image-set(", "image(", "cross-fade(", "element("} {
		if strings.Contains(l, fn) {
			return shortCSS(seg)
		}
	}
	for _, fn := range [...]string{"url(", "src("} {
		for rest := l; ; {
			i := strings.Index(rest, fn)
			if i < 0 {
				break
			}
			rest = rest[i+len(fn):]
			arg := strings.TrimLeft(rest, " \t\r\n\f\"'")
			if !strings.HasPrefix(arg, "#") {
				return shortCSS(seg)
			}
		}
	}
	return ""
}

// safeAtRules are the at-rules kept (their declarations are checked like
// any other): none of them fetches anything by itself.
var safeAtRules = map[string]bool{
	"media": true, "supports": true, "keyframes": true, "-webkit-keyframes": true,
	"font-face": true, "page": true, "charset": true, "layer": true, "container": true,
}

// shortCSS is a statement as a warning quotes it.
func shortCSS(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:77]) + "..."
	}
	return strconv.Quote(s)
}
