package layout

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
)

// runPages lays out every run of chapters of b, as Typeset does, and
// returns the runs and the pages of each stacked as they come (loose) and as paginate
// gives them (tight: tightened where the last page held a line or two).
func runPages(t *testing.T, b *book.Book, set *fonts.Set) (e *engine, runs [][]*book.Chapter, loose, tight [][]*rawPage) {
	t.Helper()
	e = &engine{b: b, fonts: set, g: newGeometry(b.Manifest), looks: themeLooks()}
	body, code := set.Chain(fonts.Body, fonts.Regular), set.Chain(fonts.Code, fonts.Regular)
	if len(body) == 0 || len(code) == 0 {
		t.Fatal("no body or code font")
	}
	e.fallback, e.codeFace = body[0], code[0]
	e.numbers = chapterNumbers(b, e.g.numbering)
	for _, ch := range b.Chapters {
		if ch.Depth == 0 || len(runs) == 0 || appendixTitle(ch.Title) {
			runs = append(runs, nil)
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], ch)
	}
	for _, run := range runs {
		re := *e
		re.flow = nil
		re.run(run)
		loose = append(loose, re.stack(-1))
		tight = append(tight, re.paginate())
	}
	return e, runs, loose, tight
}

// checkTightened checks the tightened pages of one run against its loose
// ones: a page less, every box still there, in order, and every page
// within the text block once justified.
func checkTightened(t *testing.T, e *engine, loose, tight []*rawPage) {
	t.Helper()
	if len(tight) != len(loose)-1 {
		t.Errorf("%d pages, tightened %d: want a page less", len(loose), len(tight))
	}
	flat := func(pages []*rawPage) []*vbox {
		var out []*vbox
		for _, p := range pages {
			for _, b := range p.boxes {
				if !b.glue && !b.repeat {
					out = append(out, b)
				}
			}
		}
		return out
	}
	a, b := flat(loose), flat(tight)
	if len(a) != len(b) {
		t.Fatalf("%d boxes, %d once tightened", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("box %d differs once tightened", i)
		}
	}
	e.justify(tight)
	for i, p := range tight {
		if h := contentHeight(p.boxes); h > e.g.textH+0.01 {
			t.Errorf("page %d: %.1f pt of text in a block of %.1f", i+1, h, e.g.textH)
		}
	}
}

// TestShortEndTightened: a chapter whose last page would hold only one
// line is set a page shorter, its last pages' spaces shrunk, on a
// constructed chapter of paragraphs and headings whose length is varied
// until the loose layout ends with a line alone (before the fix, the
// chapter kept that page).
func TestShortEndTightened(t *testing.T) {
	var src strings.Builder
	src.WriteString("# 结尾\n\n")
	para := strings.Repeat("页面上只剩一行文字是排版的缺陷，应当收紧前面的段距。", 4)
	found := 0
	for n := 1; n <= 40 && found < 3; n++ {
		if n%5 == 0 {
			fmt.Fprintf(&src, "## 第 %d 节\n\n", n/5)
		}
		src.WriteString(para + "\n\n")
		files := map[string]string{
			"book.yaml": "title: T\nlanguage: zh-CN\nchapters: [a.md]\n",
			"a.md":      src.String() + "谢谢大家！\n",
		}
		var b *book.Book
		var set *fonts.Set
		b, set = load(t, testenv.WriteBook(t, files))
		e, _, loose, tight := runPages(t, b, set)
		run := len(loose) - 1
		if !e.shortEnd(loose[run][len(loose[run])-1]) {
			continue
		}
		found++
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			checkTightened(t, e, loose[run], tight[run])
		})
	}
	if found == 0 {
		t.Fatal("no length of the chapter ends with a line alone: nothing was checked")
	}
}

// TestShortEndBooks counts, on the three books, the runs whose last page
// holds a line or two, stacked loose and as paginate gives them; where
// tightening saved a page, the boxes are all there.
func TestShortEndBooks(t *testing.T) {
	for name, manifest := range books(t) {
		b, set := load(t, manifest)
		e, runs, loose, tight := runPages(t, b, set)
		before, after := 0, 0
		for i := range loose {
			if e.shortEnd(loose[i][len(loose[i])-1]) {
				before++
				if len(tight[i]) < len(loose[i]) {
					checkTightened(t, e, loose[i], tight[i])
				}
			}
			n := len(tight[i])
			if !e.shortEnd(tight[i][n-1]) {
				continue
			}
			after++
			// Left short only where the spaces of the pages before
			// could not take its lines (a listing running onto it
			// has none).
			room := 0.0
			for _, p := range tight[i][max(0, n-2-maxTighten) : n-1] {
				room += shrinkRoom(p.boxes)
			}
			if last := contentHeight(tight[i][n-1].boxes); room >= last {
				t.Errorf("%s: %s ends on a page of %.1f pt that the %.1f pt the spaces before could shrink would take", name, runs[i][0].Path, last, room)
			}
		}
		t.Logf("%s: %d of %d chapters end on a page of a line or two, %d once tightened", name, before, len(loose), after)
		if after > before {
			t.Errorf("%s: %d short last pages, %d tightened", name, before, after)
		}
	}
}
