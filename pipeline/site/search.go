package site

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
)

// The search index is built with the site and loaded by the page on the
// first search (site.js). It is JSON, wrapped in a script that hands it to
// the page, because a page opened from file:// may not fetch() a file.
//
// A document is a chapter's text from one heading to the next, so that a
// result links to the nearest heading. Terms, which the script derives from
// a query the same way (tokens in site.js):
//   - Han (and kana, hangul) text: each character and each pair of
//     neighbouring characters, so that a word of any length is found
//     without a dictionary (a longer word is the pairs it is made of; the
//     script then checks the document's text for the whole word);
//   - other letters and digits: words lower-cased, a word with '_' or '.'
//     (a code identifier: strings.Builder, max_len) also whole and in its
//     parts; the script matches a query's last word as a prefix.
//
// Postings are lists of document numbers, each written as the difference
// from the one before, which keeps the numbers, and so the file, small.

type searchDoc struct {
	page, anchor, title string
	text                strings.Builder
}

// searchIndex returns search-index.js for b, whose chapters are at pages.
func searchIndex(b *book.Book, pages []string) []byte {
	var docs []*searchDoc
	for i, ch := range b.Chapters {
		cur := &searchDoc{page: pages[i], title: ch.Title}
		docs = append(docs, cur)
		var walk func(nodes []*doc.Node)
		walk = func(nodes []*doc.Node) {
			for _, n := range nodes {
				switch {
				case n.Kind == doc.Heading:
					title := strings.TrimSpace(doc.InlineText(n.Children))
					if cur.text.Len() > 0 || cur.anchor != "" {
						cur = &searchDoc{page: pages[i]}
						docs = append(docs, cur)
					}
					cur.anchor, cur.title = n.ID, title
					continue
				case n.Kind == doc.CodeBlock:
					addText(&cur.text, n.Text)
					continue
				case n.Kind == doc.SVG || n.Kind == doc.InlineSVG:
					continue
				case n.Kind == doc.Image:
					addText(&cur.text, n.Text)
					continue
				case n.Text != "" && len(n.Children) == 0:
					addText(&cur.text, n.Text)
					continue
				}
				walk(n.Children)
				if n.Kind.IsBlock() {
					addText(&cur.text, "\n")
				}
			}
		}
		walk(ch.Blocks)
		for _, fn := range ch.Footnotes {
			walk(fn.Blocks)
		}
	}

	// Terms are numbered as they are met, and each posting list is
	// appended to only when a document differs from the last one added:
	// no set of terms per document, and Han terms keyed by their runes,
	// not by strings (the index of gopl-zh has ~7 million term
	// occurrences, most of them Han).
	tt := termTable{han: map[uint64]int32{}, words: map[string]int32{}}
	for d, sd := range docs {
		tokenize(strings.ToLower(sd.title+"\n"+sd.text.String()),
			func(prev, r rune) { tt.add(tt.hanID(prev, r), int32(d)) },
			func(w string) { tt.add(tt.wordID(w), int32(d)) })
	}
	order := make([]int32, len(tt.names))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(i, j int) bool { return tt.names[order[i]] < tt.names[order[j]] })
	terms := make([]string, len(order))
	for i, id := range order {
		terms[i] = tt.names[id]
	}

	// {"docs":[[page, anchor, title, text]...], "terms":[...], "post":["1,2,5",...]}
	type index struct {
		Pages []string `json:"pages"`
		Docs  [][]any  `json:"docs"`
		Terms []string `json:"terms"`
		Post  []string `json:"post"`
	}
	pageNum := map[string]int{}
	ix := index{Pages: pages, Terms: terms}
	for i, p := range pages {
		pageNum[p] = i
	}
	for _, d := range docs {
		ix.Docs = append(ix.Docs, []any{pageNum[d.page], d.anchor, d.title, strings.TrimSpace(d.text.String())})
	}
	var nb []byte
	ix.Post = make([]string, 0, len(order))
	for _, id := range order {
		nb = nb[:0]
		last := int32(0)
		for i, d := range tt.post[id] {
			if i > 0 {
				nb = append(nb, ',')
			}
			nb = appendInt(nb, int(d-last))
			last = d
		}
		ix.Post = append(ix.Post, string(nb))
	}
	var buf bytes.Buffer
	buf.WriteString("ebookSearchLoaded(")
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(ix)
	buf.Truncate(buf.Len() - 1) // the encoder's newline
	buf.WriteString(");\n")
	return buf.Bytes()
}

func appendInt(b []byte, n int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(b, tmp[i:]...)
}

// addText appends s to a document's text, its runs of white space made one
// space: the text is what snippets are cut from.
func addText(b *strings.Builder, s string) {
	space := b.Len() == 0
	if b.Len() > 0 {
		last, _ := utf8.DecodeLastRuneInString(b.String())
		space = unicode.IsSpace(last)
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		space = false
		b.WriteRune(r)
	}
}

// isHan reports whether r is written without spaces between words: Han,
// kana, hangul.
func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

func isWord(r rune) bool { return unicode.IsLetter(r) && !isHan(r) || unicode.IsDigit(r) || r == '_' }

// termTable numbers the terms of the index and keeps their postings.
type termTable struct {
	han   map[uint64]int32 // a Han character (prev 0) or pair, by its runes
	words map[string]int32
	names []string  // by number
	post  [][]int32 // documents, by term number
}

func (tt *termTable) newTerm(name string) int32 {
	tt.names = append(tt.names, name)
	tt.post = append(tt.post, nil)
	return int32(len(tt.names) - 1)
}

func (tt *termTable) hanID(prev, r rune) int32 {
	k := uint64(uint32(prev))<<32 | uint64(uint32(r))
	id, ok := tt.han[k]
	if !ok {
		name := string(r)
		if prev != 0 {
			name = string([]rune{prev, r})
		}
		id = tt.newTerm(name)
		tt.han[k] = id
	}
	return id
}

func (tt *termTable) wordID(w string) int32 {
	id, ok := tt.words[w]
	if !ok {
		w = strings.Clone(w) // w is part of a document's text
		id = tt.newTerm(w)
		tt.words[w] = id
	}
	return id
}

// add records that document d has term id; documents come in order.
func (tt *termTable) add(id, d int32) {
	if p := tt.post[id]; len(p) == 0 || p[len(p)-1] != d {
		tt.post[id] = append(p, d)
	}
}

// tokens calls add with the terms of s (see the comment at the top); the
// script's tokens function is its twin and must stay so.
func tokens(s string, add func(string)) {
	tokenize(strings.ToLower(s),
		func(prev, r rune) {
			if prev == 0 {
				add(string(r))
			} else {
				add(string([]rune{prev, r}))
			}
		},
		add)
}

// tokenize finds the terms of s, lower-cased already: han is called for
// each Han character (prev 0) and each pair of neighbouring ones, word
// with each word, and each part of a word with '.' or '_', as a substring
// of s.
func tokenize(s string, han func(prev, r rune), word func(string)) {
	var prev rune // the Han character before, or 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r < utf8.RuneSelf && !isWordASCII(byte(r)):
			prev = 0
			i += n
		case isHan(r):
			han(0, r)
			if prev != 0 {
				han(prev, r)
			}
			prev = r
			i += n
		case isWord(r):
			prev = 0
			j := i + n
			compound := false
			for j < len(s) {
				c, m := utf8.DecodeRuneInString(s[j:])
				if isWord(c) {
					compound = compound || c == '_'
					j += m
					continue
				}
				// A dot inside a word, followed by a word character.
				if c == '.' && j+1 < len(s) {
					if c2, _ := utf8.DecodeRuneInString(s[j+1:]); isWord(c2) {
						compound = true
						j++
						continue
					}
				}
				break
			}
			w := s[i:j]
			word(w)
			if compound {
				start := 0
				for k := 0; k <= len(w); k++ {
					if k == len(w) || w[k] == '.' || w[k] == '_' {
						if k > start {
							word(w[start:k])
						}
						start = k + 1
					}
				}
			}
			i = j
		default:
			prev = 0
			i += n
		}
	}
}

// isWordASCII reports whether an ASCII byte is a word character.
func isWordASCII(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
