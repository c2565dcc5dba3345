package site

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"sync"
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
	anchor, title string
	text          strings.Builder
}

// chapterIndex is the part of the search index one chapter gives: its
// documents, and their terms numbered within the chapter, with postings
// by the chapter's own document numbers. Chapters are indexed
// concurrently and merged in their order (merger), which gives the same
// index as numbering the whole book in one pass.
type chapterIndex struct {
	docs  []*searchDoc
	keys  []uint64  // by term: a Han term's key, 0 for a word
	words []string  // by term: a word, "" for a Han term
	pairs []posting // by document
	json  []byte    // the documents' entries in the index, comma-separated
}

// indexChapter makes chapter ch's part of the search index; ch is chapter
// number i. It numbers the terms with a table from tables (a
// chapter's table grows to thousands of terms: reused, not grown anew).
func indexChapter(ch *book.Chapter, i int, tables *sync.Pool) *chapterIndex {
	ci := &chapterIndex{}
	cur := &searchDoc{title: ch.Title}
	ci.docs = append(ci.docs, cur)
	var walk func(nodes []*doc.Node)
	walk = func(nodes []*doc.Node) {
		for _, n := range nodes {
			switch {
			case n.Kind == doc.Heading:
				title := strings.TrimSpace(doc.InlineText(n.Children))
				if cur.text.Len() > 0 || cur.anchor != "" {
					cur = &searchDoc{}
					ci.docs = append(ci.docs, cur)
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

	// Terms are numbered as they are met, and each posting list is
	// appended to only when a document differs from the last one added:
	// no set of terms per document, and Han terms keyed by their runes,
	// not by strings (most of a Chinese book's terms are Han).
	tt, _ := tables.Get().(*termTable)
	if tt == nil {
		tt = &termTable{han: map[uint64]int32{}, words: map[string]int32{}}
	}
	for d, sd := range ci.docs {
		tokenize(lower(sd.title+"\n"+sd.text.String()),
			func(prev, r rune) { tt.add(tt.hanID(prev, r), int32(d)) },
			func(w string) { tt.add(tt.wordID(w), int32(d)) })
	}
	ci.keys, ci.words, ci.pairs = slices.Clone(tt.keys), slices.Clone(tt.list), slices.Clone(tt.pairs)
	tt.reset()
	tables.Put(tt)

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for k, d := range ci.docs {
		if k > 0 {
			buf.WriteByte(',')
		}
		_ = enc.Encode([]any{i, d.anchor, d.title, strings.TrimSpace(d.text.String())})
		buf.Truncate(buf.Len() - 1) // the encoder's newline
	}
	ci.json = buf.Bytes()
	return ci
}

// merger gathers the chapters' parts of the search index, handed to add
// in the chapters' order (while the later ones are being made), into the
// book's index.
type merger struct {
	chs   []*chapterIndex
	han   map[uint64]int32 // a Han term's number, by key
	words map[string]int32
	names []string  // by number
	keys  []uint64  // by number: a Han term's key, 0 for a word
	count []int32   // by number: how many documents have the term
	ids   [][]int32 // by chapter: its term numbers in the book's
}

func newMerger() *merger {
	return &merger{han: map[uint64]int32{}, words: map[string]int32{}}
}

// add numbers the terms of the next chapter, ci, and counts their
// postings.
func (m *merger) add(ci *chapterIndex) {
	ids := make([]int32, len(ci.keys))
	for l, k := range ci.keys {
		var id int32
		var ok bool
		if k != 0 {
			if id, ok = m.han[k]; !ok {
				id = int32(len(m.names))
				m.names = append(m.names, hanName(k))
				m.han[k] = id
			}
		} else {
			w := ci.words[l]
			if id, ok = m.words[w]; !ok {
				w = strings.Clone(w) // w is part of a document's text
				id = int32(len(m.names))
				m.names = append(m.names, w)
				m.words[w] = id
			}
		}
		if !ok {
			m.keys = append(m.keys, k)
			m.count = append(m.count, 0)
		}
		ids[l] = id
	}
	for _, p := range ci.pairs {
		m.count[ids[p.term]]++
	}
	m.chs = append(m.chs, ci)
	m.ids = append(m.ids, ids)
}

// postings places the postings of every chapter added, by document number
// in the whole book: term i's documents are docs[start[i]:start[i+1]],
// ascending.
func (m *merger) postings() (start, docs []int32) {
	start = make([]int32, len(m.count)+1)
	for i, n := range m.count {
		start[i+1] = start[i] + n
	}
	next := slices.Clone(start[:len(m.count)]) // where each term's next posting goes
	docs = make([]int32, start[len(m.count)])
	off := int32(0)
	for c, ci := range m.chs {
		ids := m.ids[c]
		for _, p := range ci.pairs {
			id := ids[p.term]
			docs[next[id]] = off + p.doc
			next[id]++
		}
		off += int32(len(ci.docs))
	}
	return start, docs
}

// index returns search-index.js from the chapters added, whose pages are
// pages.
func (m *merger) index(pages []string) []byte {
	start, docs := m.postings()
	order := sortedTerms(m.names, m.keys)

	// {"pages":[...],"docs":[[page, anchor, title, text]...],"terms":[...],"post":["1,2,5",...]},
	// as encoding/json writes it (a book without chapters has "docs":null).
	var buf bytes.Buffer
	size := 64 + 16*len(order) + 4*len(docs)
	for _, ci := range m.chs {
		size += len(ci.json)
	}
	buf.Grow(size)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	encode := func(v any) {
		_ = enc.Encode(v)
		buf.Truncate(buf.Len() - 1) // the encoder's newline
	}
	buf.WriteString(`ebookSearchLoaded({"pages":`)
	encode(pages)
	buf.WriteString(`,"docs":`)
	if len(m.chs) == 0 {
		buf.WriteString("null")
	} else {
		buf.WriteByte('[')
		for i, ci := range m.chs {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(ci.json)
		}
		buf.WriteByte(']')
	}
	buf.WriteString(`,"terms":[`)
	for i, id := range order {
		if i > 0 {
			buf.WriteByte(',')
		}
		if t := m.names[id]; plainJSON(t) {
			buf.WriteByte('"')
			buf.WriteString(t)
			buf.WriteByte('"')
		} else {
			encode(t)
		}
	}
	// Postings are numbers and commas: nothing to escape.
	buf.WriteString(`],"post":[`)
	for i, id := range order {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('"')
		last := int32(0)
		for k, d := range docs[start[id]:start[id+1]] {
			if k > 0 {
				buf.WriteByte(',')
			}
			buf.Write(appendInt(buf.AvailableBuffer(), int(d-last)))
			last = d
		}
		buf.WriteByte('"')
	}
	buf.WriteString("]});\n")
	return buf.Bytes()
}

// plainJSON reports whether encoding/json writes s as it is between
// quotes: valid UTF-8 without quotes, backslashes, control characters or
// line and paragraph separators (what a term is made of: letters,
// digits, '_' and '.').
func plainJSON(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == '"' || r == '\\' || r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}

// sortedTerms returns the numbers of the terms in the order of their
// names. Han terms, most of a Chinese book's, are sorted by their
// characters' numbers, which is their names' order (UTF-8 keeps it), and
// the words by name, at the same time; the two lists are then merged.
func sortedTerms(names []string, keys []uint64) []int32 {
	type hanTerm struct {
		order uint64 // first character, then the second + 1 or 0
		id    int32
	}
	var han []hanTerm
	var words []int32
	for i, k := range keys {
		if k == 0 {
			words = append(words, int32(i))
		} else if prev, r := k>>32, k&(1<<32-1); prev == 0 {
			han = append(han, hanTerm{r << 32, int32(i)})
		} else {
			han = append(han, hanTerm{prev<<32 | (r + 1), int32(i)})
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		slices.SortFunc(words, func(a, b int32) int { return strings.Compare(names[a], names[b]) })
	})
	slices.SortFunc(han, func(a, b hanTerm) int { return cmp.Compare(a.order, b.order) })
	wg.Wait()
	out := make([]int32, 0, len(names))
	for len(han) > 0 && len(words) > 0 {
		if names[han[0].id] < names[words[0]] {
			out, han = append(out, han[0].id), han[1:]
		} else {
			out, words = append(out, words[0]), words[1:]
		}
	}
	for _, h := range han {
		out = append(out, h.id)
	}
	return append(out, words...)
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
	// Runs of other characters are copied whole; a byte that is not
	// UTF-8 becomes U+FFFD, as WriteRune of what range gives makes it.
	run := 0 // where the run not yet copied starts
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case unicode.IsSpace(r):
			b.WriteString(s[run:i])
			if !space {
				b.WriteByte(' ')
				space = true
			}
			run = i + n
		case r == utf8.RuneError && n == 1:
			b.WriteString(s[run:i])
			b.WriteRune(r)
			space = false
			run = i + n
		default:
			space = false
		}
		i += n
	}
	b.WriteString(s[run:])
}

// lower is strings.ToLower(s), quicker on Chinese text: the scripts
// isHan accepts have no case (TestLower).
func lower(s string) string {
	var b []byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				if b == nil {
					b = append(make([]byte, 0, len(s)), s[:i]...)
				}
				c += 'a' - 'A'
			}
			if b != nil {
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		l := r
		if !isHan(r) {
			l = unicode.ToLower(r)
		}
		if l != r || r == utf8.RuneError && n == 1 {
			if b == nil {
				b = append(make([]byte, 0, len(s)), s[:i]...)
			}
			b = utf8.AppendRune(b, l)
		} else if b != nil {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	if b == nil {
		return s
	}
	return string(b)
}

// isHan reports whether r is written without spaces between words: Han,
// kana, hangul.
func isHan(r rune) bool {
	// Most characters of a book are below these scripts or in the block
	// of CJK Unified Ideographs, all Han (TestIsHan).
	switch {
	case r < hanFirst:
		return false
	case r >= 0x4E00 && r <= 0x9FFF:
		return true
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// hanFirst is the first character of the scripts isHan accepts: Hangul
// Jamo.
const hanFirst = 0x1100

func isWord(r rune) bool { return unicode.IsLetter(r) && !isHan(r) || unicode.IsDigit(r) || r == '_' }

// termTable numbers the terms of one chapter and records which of its
// documents have each.
type termTable struct {
	han   map[uint64]int32 // a Han character (prev 0) or pair, by its runes
	words map[string]int32
	keys  []uint64  // by number: a Han term's key, 0 for a word
	list  []string  // by number: a word, "" for a Han term
	last  []int32   // by number: the last document added, -1 for none
	pairs []posting // in the order added, so by document
}

// reset empties tt for another chapter, keeping its memory.
func (tt *termTable) reset() {
	clear(tt.han)
	clear(tt.words)
	tt.keys, tt.list, tt.last, tt.pairs = tt.keys[:0], tt.list[:0], tt.last[:0], tt.pairs[:0]
}

// posting records that a document has a term.
type posting struct{ term, doc int32 }

func (tt *termTable) newTerm(key uint64, word string) int32 {
	tt.keys = append(tt.keys, key)
	tt.list = append(tt.list, word)
	tt.last = append(tt.last, -1)
	return int32(len(tt.keys) - 1)
}

func (tt *termTable) hanID(prev, r rune) int32 {
	k := hanKey(prev, r)
	id, ok := tt.han[k]
	if !ok {
		id = tt.newTerm(k, "")
		tt.han[k] = id
	}
	return id
}

// hanKey is the key of a Han term: a character (prev 0) or a pair.
func hanKey(prev, r rune) uint64 { return uint64(uint32(prev))<<32 | uint64(uint32(r)) }

// hanName is the term whose key is k.
func hanName(k uint64) string {
	prev, r := rune(k>>32), rune(uint32(k))
	if prev == 0 {
		return string(r)
	}
	return string([]rune{prev, r})
}

func (tt *termTable) wordID(w string) int32 {
	id, ok := tt.words[w]
	if !ok {
		id = tt.newTerm(0, w)
		tt.words[w] = id
	}
	return id
}

// add records that document d has term id; documents come in order.
func (tt *termTable) add(id, d int32) {
	if tt.last[id] != d {
		tt.last[id] = d
		tt.pairs = append(tt.pairs, posting{id, d})
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
