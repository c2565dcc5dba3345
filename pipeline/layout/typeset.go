package layout

import (
	"fmt"
	"regexp"

	"github.com/alecthomas/chroma/v2"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/parallel"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/highlight"
	"github.com/gobook/ebook/pipeline/lang"
)

// Typeset lays out book b with the fonts of set. Chapters that start on a
// new page are laid out concurrently, then numbered in order; the result
// does not depend on the number of threads.
func Typeset(b *book.Book, set *fonts.Set) (*Document, error) {
	doc, _, err := typeset(b, set, false)
	return doc, err
}

// typeset is Typeset, also returning the raw pages of each run when
// keepRaw is set, for tests. Otherwise each raw page is dropped as soon as
// it is placed: the raw pages of the whole book and the page model are
// never held together.
func typeset(b *book.Book, set *fonts.Set, keepRaw bool) (*Document, [][]*rawPage, error) {
	e := &engine{b: b, fonts: set, g: newGeometry(b.Manifest)}
	if chain := set.Chain(fonts.Body, fonts.Regular); len(chain) > 0 {
		e.fallback = chain[0]
	}
	if chain := set.Chain(fonts.Code, fonts.Regular); len(chain) > 0 {
		e.codeFace = chain[0]
	}
	if e.fallback == nil || e.codeFace == nil {
		return nil, nil, fmt.Errorf("no body or code font")
	}
	e.looks = themeLooks()

	// Runs of chapters that start a page: a chapter and its sections.
	var runs [][]*book.Chapter
	for _, ch := range b.Chapters {
		if ch.Depth == 0 || len(runs) == 0 || appendixTitle(ch.Title) {
			runs = append(runs, nil)
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], ch)
	}
	e.numbers = chapterNumbers(b, e.g.numbering)

	laid := make([][]*rawPage, len(runs))
	parallel.Each(len(runs), func(i int) {
		re := *e
		re.flow = nil
		re.run(runs[i])
		laid[i] = re.paginate()
		re.justify(laid[i])
		tighten(laid[i])
	})

	if keepRaw {
		return e.assemble(runs, laid, false), laid, nil
	}
	return e.assemble(runs, laid, true), nil, nil
}

// appendixLabel is the start of an appendix's title: "附录A", "附录 一",
// "Appendix B".
var appendixLabel = regexp.MustCompile(`^(附录|附錄)\s*[A-Z0-9一二三四五六七八九十]|^Appendix\s+[A-Z0-9]+\b`)

// appendixTitle reports whether a title is an appendix's. An appendix
// starts a page, as a chapter does, even where the manifest makes it a
// section: books imported from GitBook often list their appendices under
// one "附录" entry.
func appendixTitle(title string) bool {
	return appendixLabel.MatchString(title)
}

// chapterTitle is the title of chapter i as its opening shows it, for the
// contents, the bookmarks and the running heads: its heading, after its
// number when chapters are numbered ("第1章　入门", "Chapter 1. Basics").
func (e *engine) chapterTitle(i int) string {
	title := e.b.Chapters[i].Title
	n, ok := e.numbers[i]
	if !ok {
		return title
	}
	label, sep := lang.VarietyOf(e.b.Manifest.Language).Chapter(n)
	return label + sep + title
}

// chapterNumbers numbers the chapters of the body, when book.yaml asks.
func chapterNumbers(b *book.Book, numbering string) map[int]int {
	out := map[int]int{}
	if numbering != "chapters" {
		return out
	}
	n := 0
	for _, ch := range b.Chapters {
		if ch.Role == book.Body && ch.Depth == 0 && !ch.PartIntro && !ch.Colophon {
			n++
			out[ch.Index] = n
		}
	}
	return out
}

// themeLooks resolves the colours of every highlighting class once.
func themeLooks() map[string]highlight.Look {
	theme := highlight.DefaultTheme()
	out := map[string]highlight.Look{}
	for _, class := range chroma.StandardTypes {
		if class != "" {
			out[class] = theme.Look(class)
		}
	}
	return out
}
