package markdown

import (
	"strconv"
	"strings"
	"unicode"
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
type ids struct {
	used map[string]bool
}

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// reserve marks id as taken and reports whether it was free.
func (s *ids) reserve(id string) bool {
	if s.used[id] {
		return false
	}
	s.used[id] = true
	return true
}

// unique returns base, or base-1, base-2... for repeats, as GitHub numbers
// repeated headings. An empty base (a heading of only punctuation or emoji)
// becomes "section".
func (s *ids) unique(base string) string {
	if base == "" {
		base = "section"
	}
	if s.reserve(base) {
		return base
	}
	for i := 1; ; i++ {
		id := base + "-" + strconv.Itoa(i)
		if s.reserve(id) {
			return id
		}
	}
}
