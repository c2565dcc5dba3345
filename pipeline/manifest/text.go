package manifest

import (
	"bytes"
	"unicode/utf8"

	"github.com/gobook/ebook/pipeline/diag"
)

// checkText reports what keeps src from being read as the text it looks
// like in an editor, so that every position a message gives names the line
// and column an editor shows:
//   - UTF-16, which yaml.v3 would read: the book's other files are UTF-8,
//     and so must this be;
//   - invalid UTF-8, which yaml.v3 reports without a position;
//   - U+0085, U+2028 and U+2029, which yaml.v3 takes for line breaks (as
//     YAML 1.1 did; YAML 1.2 does not), and editors and diag.File do not:
//     a manifest with one had its later messages a line off (found by
//     FuzzParse).
func checkText(p string, src []byte, diags *diag.List) bool {
	body := bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(body, []byte("\xff\xfe")) || bytes.HasPrefix(body, []byte("\xfe\xff")) {
		diags.Errorf(diag.Pos{Path: p}, "the file is UTF-16; save it as UTF-8")
		return false
	}
	for off := 0; off < len(src); {
		r, size := utf8.DecodeRune(src[off:])
		switch {
		case r == utf8.RuneError && size == 1:
			diags.Errorf(diag.NewFile(p, src).Pos(off), "invalid UTF-8 (byte 0x%02x): save the file as UTF-8", src[off])
			return false
		case r == '\u0085' || r == '\u2028' || r == '\u2029':
			diags.Errorf(diag.NewFile(p, src).Pos(off), "%U, a line break to YAML but not to editors: use a new line, or a space", r)
			return false
		}
		off += size
	}
	return true
}
