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

	postings := map[string][]int{}
	for d, sd := range docs {
		seen := map[string]bool{}
		add := func(t string) {
			if !seen[t] {
				seen[t] = true
				postings[t] = append(postings[t], d)
			}
		}
		tokens(sd.title+"\n"+sd.text.String(), add)
	}
	terms := make([]string, 0, len(postings))
	for t := range postings {
		terms = append(terms, t)
	}
	sort.Strings(terms)

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
	for _, t := range terms {
		nb = nb[:0]
		last := 0
		for i, d := range postings[t] {
			if i > 0 {
				nb = append(nb, ',')
			}
			nb = appendInt(nb, d-last)
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

// tokens calls add with the terms of s (see the comment at the top); the
// script's tokens function is its twin and must stay so.
func tokens(s string, add func(string)) {
	var prev rune // the Han character before, or 0
	rs := []rune(strings.ToLower(s))
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isHan(r):
			add(string(r))
			if prev != 0 {
				add(string([]rune{prev, r}))
			}
			prev = r
			i++
		case isWord(r):
			prev = 0
			j := i
			for j < len(rs) && (isWord(rs[j]) || (rs[j] == '.' && j+1 < len(rs) && isWord(rs[j+1]) && j > i)) {
				j++
			}
			word := string(rs[i:j])
			add(word)
			if strings.ContainsAny(word, "._") {
				for _, part := range strings.FieldsFunc(word, func(r rune) bool { return r == '.' || r == '_' }) {
					add(part)
				}
			}
			i = j
		default:
			prev = 0
			i++
		}
	}
}
