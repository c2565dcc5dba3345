// Package sanitize decides what of an author's raw HTML and SVG may reach a
// reader: which URL schemes links may use, which SVG elements and attributes
// are kept, and what is dropped because it could run code or fetch remote
// content (which EPUB reading systems refuse and epubcheck reports).
package sanitize

import (
	"strings"
)

// URLKind classifies a link or image URL as written by an author.
type URLKind uint8

const (
	// Relative is a path (with optional query and fragment) or a bare
	// fragment, resolved against the book.
	Relative URLKind = iota
	// Remote is an http, https, ftp or ftps URL, or a protocol-relative "//host" URL.
	Remote
	// Contact is a mailto: or tel: URL.
	Contact
	// Unsafe is a URL that would run code or embed data (javascript:,
	// vbscript:, data:, file:) or has a scheme readers do not know.
	Unsafe
)

// ClassifyURL tells what kind of URL u is. Browsers ignore ASCII control
// characters and spaces inside a scheme ("java\tscript:"), so they are
// ignored here too before the scheme is read.
func ClassifyURL(u string) URLKind {
	var scheme strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c <= ' ':
			continue
		case c == ':':
			switch strings.ToLower(scheme.String()) {
			case "http", "https", "ftp", "ftps":
				return Remote
			case "mailto", "tel":
				return Contact
			}
			return Unsafe
		case c == '/' || c == '?' || c == '#':
			if strings.HasPrefix(strings.TrimLeft(u, " \t\r\n"), "//") {
				return Remote
			}
			return Relative
		case isSchemeChar(c, scheme.Len() == 0):
			scheme.WriteByte(c)
		default:
			return Relative
		}
	}
	return Relative
}

func isSchemeChar(c byte, first bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		return true
	case first:
		return false
	case '0' <= c && c <= '9', c == '+', c == '-', c == '.':
		return true
	}
	return false
}

// FixEscapes returns u with every "%" that does not start an escape (a
// "%" followed by two hexadecimal digits) written as "%25", and whether it
// changed anything. <https://example.com/100%> and "%ZZ" are invalid URLs
// (RFC 3986): epubcheck rejects the EPUB and readers differ on them; as
// %25 they mean the percent sign the author wrote.
func FixEscapes(u string) (string, bool) {
	bad := false
	for i := 0; i < len(u); i++ {
		if u[i] == '%' && !(i+2 < len(u) && isHexDigit(u[i+1]) && isHexDigit(u[i+2])) {
			bad = true
			break
		}
	}
	if !bad {
		return u, false
	}
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		if u[i] == '%' && !(i+2 < len(u) && isHexDigit(u[i+1]) && isHexDigit(u[i+2])) {
			b.WriteString("%25")
			continue
		}
		b.WriteByte(u[i])
	}
	return b.String(), true
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
