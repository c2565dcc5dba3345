package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/gobook/ebook/internal/unique"
)

// Slug returns the anchor GitHub gives a heading with text s, because authors
// write their links for GitHub: lower case; letters (Chinese included),
// marks, digits, '_' and '-' kept; every other character dropped; each
// ASCII space turned into '-'. "第一章 你好" gives "第一章-你好", "Hello,
// World!" gives "hello-world".
func Slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_':
			b.WriteRune(r)
		case unicode.IsLetter(r), unicode.IsMark(r), unicode.IsNumber(r), unicode.Is(unicode.Pc, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ids hands out element ids unique in one chapter.
type ids struct{ *unique.Names }

func newIDs() *ids { return &ids{unique.New(false)} }

// reserve marks id as taken and reports whether it was free.
func (s *ids) reserve(id string) bool { return s.Reserve(id) }

// unique returns base, or base-1, base-2... for repeats, as GitHub numbers
// repeated headings, in constant time per id (unique.Names). An empty base
// (a heading of only punctuation or emoji) becomes "section".
func (s *ids) unique(base string) string {
	if base == "" {
		base = "section"
	}
	return s.Unique(base, 1, func(i int) string { return base + "-" + strconv.Itoa(i) })
}
