package layout

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
)

// typesetBook loads the book of manifest and lays it out.
func typesetBook(t *testing.T, manifest string) (*book.Book, *Document) {
	t.Helper()
	b, set := load(t, manifest)
	doc, err := Typeset(b, set)
	if err != nil {
		t.Fatal(err)
	}
	return b, doc
}

// tocEntry is an entry of the table of contents as the pages show it.
type tocEntry struct {
	dest   string
	page   int      // the page its first line is on
	last   string   // the text of the last glyph run of its last line
	links  int      // the lines it takes
	runs   []string // the glyph runs of its lines
	margin bool     // every item is inside the text block
}

// contentsPages reads the entries of the table of contents back from the
// pages: the links of the pages before the first entry's destination, in
// order; adjoining links to one destination are the lines of one entry (a
// part without introduction links to its first chapter too, but space
// separates them).
func contentsPages(t *testing.T, b *book.Book, d *Document) []tocEntry {
	t.Helper()
	g := newGeometry(b.Manifest)
	first := flatTOC(b.TOC)
	if len(first) == 0 {
		return nil
	}
	end := d.Dests[destName(first[0].Chapter, first[0].Anchor)].Page
	var out []tocEntry
	for _, p := range d.Pages[:end] {
		left := g.left(p.Index)
		inside := true
		for _, it := range p.Items {
			if it.Kind == Glyphs && it.Y > g.top && it.Y < g.top+g.textH && (it.X < left-0.01 || it.X+it.W > left+g.textW+0.01) {
				inside = false
			}
		}
		var prev Link
		for _, l := range p.Links {
			var runs []string
			last := ""
			for _, it := range p.Items {
				if it.Kind == Glyphs && it.Y > l.Y && it.Y < l.Y+l.H {
					runs = append(runs, it.Text)
					last = it.Text
				}
			}
			adjoins := prev.Dest == l.Dest && math.Abs(prev.Y+prev.H-l.Y) < 0.01
			prev = l
			if n := len(out); n > 0 && adjoins {
				out[n-1].last = last
				out[n-1].links++
				out[n-1].runs = append(out[n-1].runs, runs...)
				continue
			}
			out = append(out, tocEntry{dest: l.Dest, page: p.Index, last: last, links: 1, runs: runs, margin: inside})
		}
	}
	return out
}

// flatTOC lists the entries of the table of contents in reading order.
func flatTOC(entries []*book.TOCEntry) []*book.TOCEntry {
	var out []*book.TOCEntry
	for _, t := range entries {
		out = append(out, t)
		out = append(out, flatTOC(t.Entries())...)
	}
	return out
}

// checkContents checks the printed table of contents of d against the
// book's: one entry per TOC entry, in order, each a link to its
// destination and ending with the number printed on the destination's
// page, inside the text block.
func checkContents(t *testing.T, b *book.Book, d *Document) []tocEntry {
	t.Helper()
	want := flatTOC(b.TOC)
	got := contentsPages(t, b, d)
	if len(got) != len(want) {
		t.Fatalf("the table of contents has %d entries, book.TOC %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		name := destName(w.Chapter, w.Anchor)
		if g.dest != name {
			t.Errorf("entry %d (%q) links to %q, want %q", i, w.Title, g.dest, name)
			continue
		}
		dst, ok := d.Dests[name]
		if !ok {
			t.Errorf("entry %q: no destination %q", w.Title, name)
			continue
		}
		label := d.Pages[dst.Page].Label
		switch {
		case w.Linked && g.last != label:
			t.Errorf("entry %q ends with %q; its heading is on page %q", w.Title, g.last, label)
		case !w.Linked && strings.Contains(strings.Join(g.runs, ""), "·"):
			t.Errorf("entry %q has no page of its own but has leaders", w.Title)
		}
		if !g.margin {
			t.Errorf("entry %q: text outside the text block", w.Title)
		}
	}
	return got
}

func TestContentsFeatureBook(t *testing.T) {
	b, d := typesetBook(t, "../../testdata/featurebook/book.yaml")
	checkContents(t, b, d)
	// The contents come right after the title page, on the next
	// right-hand page, numbered in roman numerals from iii (the title
	// page is i, its blank back ii), with "目录" at the top.
	i := 2
	if b.Cover != nil {
		i = 4 // the cover and its blank back
	}
	if d.Pages[i].Label != "iii" || !strings.Contains(pageText(d.Pages[i]), "目录") {
		t.Errorf("page %d (%q) is not the contents: %.80q", i+1, d.Pages[i].Label, pageText(d.Pages[i]))
	}
}

func pageText(p *Page) string {
	var b strings.Builder
	for _, it := range p.Items {
		if it.Kind == Glyphs {
			b.WriteString(it.Text)
		}
	}
	return b.String()
}

// TestContentsLengthMovesNumbers: a table of contents several pages long,
// in a book whose chapters start on right-hand pages, with front matter:
// the front matter's numbers follow the contents, the body starts at 1,
// and the printed numbers are right whatever the parity.
func TestContentsLengthMovesNumbers(t *testing.T) {
	for _, n := range []int{1, 30, 61, 90} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var heads strings.Builder
			for i := range n {
				fmt.Fprintf(&heads, "## Section %d\n\nText.\n\n", i+1)
			}
			m := testenv.WriteBook(t, map[string]string{
				"book.yaml":  "title: T\nlanguage: en\nfront: [preface.md]\nchapters: [one.md, two.md]\nback: [end.md]\npdf: {chapter_start: right}\n",
				"preface.md": "# Preface\n\n## About\n\nText.\n",
				"one.md":     "# One\n\n" + heads.String(),
				"two.md":     "# Two\n\n## A\n\nText.\n",
				"end.md":     "# End\n\nText.\n",
			})
			b, d := typesetBook(t, m)
			got := checkContents(t, b, d)
			checkLabels(t, d)
			// The title page, its blank back, then the contents on a
			// right-hand page.
			pre := d.Dests["c0"].Page
			if got[0].page != 2 || d.Pages[2].Label != "iii" || len(d.Pages[1].Items) > 0 {
				t.Errorf("contents on page %d labelled %q, want the third, iii, after a blank page", got[0].page+1, d.Pages[got[0].page].Label)
			}
			if want := roman(pre + 1); d.Pages[pre].Label != want {
				t.Errorf("the preface is on page %q, want %q", d.Pages[pre].Label, want)
			}
			one := d.Dests["c1"].Page
			if d.Pages[one].Label != "1" || one%2 != 0 {
				t.Errorf("the first chapter is on page %d labelled %q, want a right-hand page labelled 1", one+1, d.Pages[one].Label)
			}
			for _, p := range d.Pages[:one] {
				if p.Label != "" && p.Label != roman(p.Index+1) {
					t.Errorf("front page %d is labelled %q", p.Index+1, p.Label)
				}
			}
		})
	}
}

// checkLabels checks that every page's label is the one its label range
// gives it.
func checkLabels(t *testing.T, d *Document) {
	t.Helper()
	for _, p := range d.Pages {
		var r LabelRange
		for _, lr := range d.Labels {
			if lr.First <= p.Index {
				r = lr
			}
		}
		if want := label(r.Style, r.Start+p.Index-r.First); p.Label != want {
			t.Errorf("page %d is labelled %q, its range says %q", p.Index+1, p.Label, want)
		}
	}
}

// TestBadHeadings: headings of only punctuation, of emoji, of 500
// characters, repeated headings and 5,000 headings in one chapter get
// unique destinations on their own pages, in the outline and in the table
// of contents, which wraps long titles inside the text block.
func TestBadHeadings(t *testing.T) {
	var many strings.Builder
	many.WriteString("# Many\n\n")
	for i := range 5000 {
		fmt.Fprintf(&many, "## Heading %d\n\n", i+1)
	}
	long := strings.Repeat("很长的标题", 50) + strings.Repeat("long title ", 22) + strings.Repeat("x", 8)
	if n := len([]rune(long)); n < 500 {
		t.Fatalf("the long title has %d characters", n)
	}
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: Bad\nlanguage: zh-CN\nchapters: [bad.md, many.md]\n",
		"bad.md": "# Bad headings\n\n## ！？……\n\ntext\n\n## ...\n\ntext\n\n## 🎉🚀\n\ntext\n\n## " + long +
			"\n\ntext\n\n## Same\n\none\n\n## Same\n\ntwo\n\n## 同名\n\n## 同名\n",
		"many.md": many.String(),
	})
	b, d := typesetBook(t, m)
	entries := flatTOC(b.TOC)
	if len(entries) != 2+8+5000 {
		t.Fatalf("%d TOC entries, want %d", len(entries), 2+8+5000)
	}
	got := checkContents(t, b, d)
	seen := map[string]bool{}
	for _, e := range entries {
		name := destName(e.Chapter, e.Anchor)
		if seen[name] {
			t.Errorf("destination %q twice", name)
		}
		seen[name] = true
	}
	if n := countBookmarks(d.Outline); n != len(entries) {
		t.Errorf("%d bookmarks, want %d", n, len(entries))
	}
	// Repeated headings: each entry opens its own heading.
	same := map[string][]Dest{}
	for _, e := range entries {
		if e.Title == "Same" || e.Title == "同名" {
			same[e.Title] = append(same[e.Title], d.Dests[destName(e.Chapter, e.Anchor)])
		}
	}
	for title, ds := range same {
		if len(ds) != 2 || ds[0] == ds[1] {
			t.Errorf("%q: destinations %v, want two different", title, ds)
		}
	}
	// The long title takes several lines, its number on the last.
	for i, e := range entries {
		if e.Title == strings.TrimSpace(long) && got[i].links < 3 {
			t.Errorf("the 500-character title takes %d lines", got[i].links)
		}
	}
}

func countBookmarks(bms []*Bookmark) int {
	n := len(bms)
	for _, bm := range bms {
		n += countBookmarks(bm.Children)
	}
	return n
}

// TestSectionStartsWithHeading: a section's destination (its entry in the
// table of contents and the outline) is on the page of its first heading,
// also when the heading does not fit at the foot of the page before.
func TestSectionStartsWithHeading(t *testing.T) {
	for n := 8; n <= 24; n++ {
		para := strings.Repeat("Some words to fill a line of text and more. ", 4)
		var ch strings.Builder
		ch.WriteString("# Chapter\n\n")
		for range n {
			ch.WriteString(para + "\n\n")
		}
		m := testenv.WriteBook(t, map[string]string{
			"book.yaml": "title: T\nlanguage: en\nchapters:\n  - file: ch.md\n    sections: [sec.md]\n",
			"ch.md":     ch.String(),
			"sec.md":    "# The section\n\n" + para + "\n",
		})
		_, d := typesetBook(t, m)
		start, head := d.Dests["c1"], d.Dests["c1/the-section"]
		if start.Page != head.Page || head.Y-start.Y > 40 {
			t.Errorf("%d paragraphs: the section starts on page %d at %.1f, its heading is on page %d at %.1f", n, start.Page+1, start.Y, head.Page+1, head.Y)
		}
	}
}

// TestEveryIDIsADestination: an id on any element can be linked to.
func TestEveryIDIsADestination(t *testing.T) {
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: T\nlanguage: en\nchapters: [a.md, b.md]\n",
		"a.md": `# A

<ul id="list"><li id="item">one</li><li>two</li></ul>

<blockquote id="quote"><p>quoted</p></blockquote>

<table id="table"><tr id="row"><td id="cell">x</td></tr></table>

<dl id="dl"><dt id="dt">term</dt><dd id="dd">def</dd></dl>

<p id="para">text <span id="span">span</span> <a name="named"></a></p>

<div id="div"><p>in a div</p></div>

<hr id="hr">

<figure id="figure"><figcaption id="caption">caption</figcaption></figure>

<pre id="pre"><code>code</code></pre>
`,
		"b.md": `# B

[list](a.md#list) [item](a.md#item) [quote](a.md#quote) [table](a.md#table) [row](a.md#row) [cell](a.md#cell)
[dl](a.md#dl) [dt](a.md#dt) [dd](a.md#dd) [para](a.md#para) [span](a.md#span) [named](a.md#named) [div](a.md#div)
[hr](a.md#hr) [figure](a.md#figure) [caption](a.md#caption) [pre](a.md#pre)
`,
	})
	b, d := typesetBook(t, m)
	for _, ch := range b.Chapters {
		for id := range ch.IDs {
			if _, ok := d.Dests[destName(ch.Index, id)]; !ok {
				t.Errorf("%s: no destination for #%s", ch.Path, id)
			}
		}
	}
	links := 0
	for _, p := range d.Pages {
		for _, l := range p.Links {
			if l.Dest == "" {
				continue
			}
			links++
			if _, ok := d.Dests[l.Dest]; !ok {
				t.Errorf("link to %q: no such destination", l.Dest)
			}
		}
	}
	if links < 17 {
		t.Errorf("%d internal links, want at least 17", links)
	}
}

// TestLeadersLineUp: the leaders' dots of every entry sit on one grid
// that ends at the same place, and the page numbers are flush right.
func TestLeadersLineUp(t *testing.T) {
	for _, lang := range []string{"en", "zh-CN"} {
		t.Run(lang, func(t *testing.T) {
			m := testenv.WriteBook(t, map[string]string{
				"book.yaml": "title: T\nlanguage: " + lang + "\nchapters: [a.md]\n",
				"a.md":      "# 第一章 A\n\n## 短\n\n## A longer title\n\n## 中文标题与 English 混排\n\n## i\n",
			})
			b, d := typesetBook(t, m)
			g := newGeometry(b.Manifest)
			p := d.Pages[2] // the title page, its back, the contents
			left := g.left(2)
			ends := map[float64]bool{}
			dots := 0
			for _, it := range p.Items {
				if it.Kind != Glyphs || strings.Trim(it.Text, ".·") != "" {
					continue
				}
				dots++
				step := it.CharSpacing + dotAdvance(it)
				end := it.X + float64(len([]rune(it.Text)))*step
				ends[math.Round((end-left)*100)/100] = true
				if math.Abs(step-0.5*g.bodySize) > 0.01 {
					t.Errorf("dots %.2f apart", step)
				}
				wantDot := "."
				if lang == "zh-CN" {
					wantDot = "·"
				}
				if !strings.HasPrefix(it.Text, wantDot) {
					t.Errorf("leader %q, want %q", it.Text, wantDot)
				}
			}
			if dots != 5 || len(ends) != 1 {
				t.Errorf("%d leaders ending at %v, want 5 ending at one place", dots, ends)
			}
		})
	}
}

// dotAdvance is the advance of one character of a leader item.
func dotAdvance(it Item) float64 {
	r := []rune(it.Text)[0]
	return float64(it.Face.PDFAdvance(r)) * it.Size() / 1000
}
