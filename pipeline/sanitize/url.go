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

// URI returns u, a URL as the author meant it (Markdown's backslash
// escapes and character references already decoded), as a URI reference
// RFC 3986 allows, which EPUB requires of every href: characters a URI
// may not contain are percent-encoded as UTF-8 (spaces, quotes, angle
// brackets, a second '#', square brackets outside an IPv6 host, non-ASCII
// letters), and a '%' that does not start an escape ("100%", "%ZZ")
// becomes %25. Escapes already there are kept as they are, so a URL
// copied from a browser's address bar does not change.
func URI(u string) string {
	u = strings.TrimSpace(u)
	// The authority (user, host, port) is the only place square
	// brackets may stand: an IPv6 address.
	authStart, authEnd := -1, -1
	if i := strings.Index(u, "://"); i >= 0 && !strings.ContainsAny(u[:i], "/?#") {
		authStart = i + 3
		authEnd = len(u)
		if j := strings.IndexAny(u[authStart:], "/?#"); j >= 0 {
			authEnd = authStart + j
		}
	} else if strings.HasPrefix(u, "//") {
		authStart = 2
		authEnd = len(u)
		if j := strings.IndexAny(u[2:], "/?#"); j >= 0 {
			authEnd = 2 + j
		}
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(u))
	inFragment := false
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-._~:/?@!$&'()*+,;=", c) >= 0:
			b.WriteByte(c)
			continue
		case c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
			b.WriteByte(c)
			continue
		case c == '#' && !inFragment:
			inFragment = true
			b.WriteByte(c)
			continue
		case (c == '[' || c == ']') && i >= authStart && i < authEnd:
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// BadEscape reports whether u has a "%" that does not start an escape (a
// "%" followed by two hexadecimal digits): <https://example.com/100%> and
// "%ZZ" are invalid URLs (RFC 3986), which epubcheck rejects and readers
// read differently; URI writes such a "%" as %25, the percent sign the
// author wrote.
func BadEscape(u string) bool {
	for i := 0; i < len(u); i++ {
		if u[i] == '%' && !(i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2])) {
			return true
		}
	}
	return false
}
