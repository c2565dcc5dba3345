package layout

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
)

// checkListings compares every listing of b, read back from d, with its
// source, and returns how many there are.
func checkListings(t *testing.T, b *book.Book, d *Document, cells func(rune) int) int {
	t.Helper()
	got := listingText(d, cells)
	n := 0
	for _, ch := range b.Chapters {
		blocks := append([]*doc.Node(nil), ch.Blocks...)
		for _, fn := range ch.Footnotes {
			blocks = append(blocks, fn.Blocks...)
		}
		doc.Walk(blocks, func(c *doc.Node) bool {
			if c.Kind != doc.CodeBlock {
				return true
			}
			n++
			want := sourceLines(c, b.Manifest.Code.Tabs(), cells)
			if g := got[c]; strings.Join(g, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s: the listing at byte %d reads back differently:\n got %q\nwant %q", ch.Path, c.Pos, g, want)
			}
			return false
		})
	}
	return n
}

// checkImages checks that every image of b is drawn, inside the text
// block, with the aspect ratio of its file.
func checkImages(t *testing.T, b *book.Book, d *Document) {
	t.Helper()
	drawn := map[*doc.Asset]int{}
	for _, p := range d.Pages {
		tb := blockOf(newGeometry(b.Manifest), p.Index)
		for _, it := range p.Items {
			if it.Kind != Picture {
				continue
			}
			drawn[it.Image]++
			if it.X < tb.x0-0.01 || it.X+it.W > tb.x1+0.01 || it.Y < tb.y0-0.01 || it.Y+it.H > tb.y1+0.01 {
				t.Errorf("page %d: %s outside the text block", p.Index+1, it.Image.Path)
			}
			a := it.Image
			if a.Width > 0 && a.Height > 0 {
				want := float64(a.Width) / float64(a.Height)
				if got := it.W / it.H; math.Abs(got-want)/want > 0.01 {
					t.Errorf("page %d: %s drawn %.1f × %.1f, aspect %.3f, its file's %.3f", p.Index+1, a.Path, it.W, it.H, got, want)
				}
			}
		}
	}
	images := 0
	for _, ch := range b.Chapters {
		doc.Walk(ch.Blocks, func(n *doc.Node) bool {
			if n.Kind == doc.Image && n.Image != nil && n.Width == 0 && n.Height == 0 {
				images++
				if drawn[n.Image] == 0 {
					t.Errorf("%s: image %s is on no page", ch.Path, n.Image.Path)
				}
			}
			return true
		})
	}
	if images == 0 && len(b.Images) > 0 {
		t.Errorf("the book has %d images, none checked", len(b.Images))
	}
}

// Tables: a table longer than a page breaks between rows and repeats its
// header on every page it continues on; cells are aligned as the delimiter
// row says; inline code, links and emphasis work in cells; a cell too long
// for a page is cut between lines; 200 columns are set in groups.
func TestTables(t *testing.T) {
	var md strings.Builder
	md.WriteString("# 表\n\n| 序号 | 名称 | 说明 |\n|:---|:---:|---:|\n")
	for i := range 120 {
		fmt.Fprintf(&md, "| %d | `name%d` | **粗体** 与 [链接](https://go.dev/) 和 *强调* |\n", i+1, i)
	}
	md.WriteString("\n段落。\n\n| 长单元格 | 另一列 |\n|---|---|\n| " + strings.Repeat("很长的单元格文字，需要跨过一页。", 400) + " | 短 |\n\n")
	md.WriteString("|" + strings.Repeat(" 列 |", 200) + "\n|" + strings.Repeat("---|", 200) + "\n|" + strings.Repeat(" 值value |", 200) + "\n")
	b, set := loadTestBook(t, "", "a.md", md.String())
	d := typesetT(t, b, set)
	g := newGeometry(b.Manifest)
	checkInside(t, d, g)

	headers, pagesWithRows := 0, 0
	var xs [3][]float64
	for _, p := range d.Pages {
		left := g.left(p.Index)
		hasRow, hasHeader := false, false
		for _, it := range p.Items {
			if it.Kind != Glyphs {
				continue
			}
			switch {
			case it.Text == "序号":
				hasHeader = true
			case strings.HasPrefix(it.Text, "name"):
				hasRow = true
				xs[1] = append(xs[1], it.X-left+it.W/2)
			case it.Text == "粗体":
				xs[2] = append(xs[2], it.X-left)
			}
		}
		if hasRow {
			pagesWithRows++
			if hasHeader {
				headers++
			}
		}
	}
	if pagesWithRows < 3 || headers != pagesWithRows {
		t.Errorf("the long table spans %d pages, %d with its header", pagesWithRows, headers)
	}
	// The centred column: names of different lengths share a centre.
	for _, x := range xs[1] {
		if math.Abs(x-xs[1][0]) > 0.01 {
			t.Errorf("centred column: centres %.2f and %.2f", x, xs[1][0])
			break
		}
	}
	// Links in cells are clickable.
	links := 0
	for _, p := range d.Pages {
		for _, l := range p.Links {
			if l.URL == "https://go.dev/" {
				links++
			}
		}
	}
	if links != 120 {
		t.Errorf("%d links in cells, want 120", links)
	}
	// The 200 columns: every value is drawn.
	values := 0
	for _, p := range d.Pages {
		for _, it := range p.Items {
			if it.Kind == Glyphs && strings.Contains(it.Text, "value") {
				values += strings.Count(it.Text, "value")
			}
		}
	}
	if values != 200 {
		t.Errorf("%d of 200 columns drawn", values)
	}
}

// Footnotes go at the foot of the page that references them, under a
// rule; each reference links to its note and the note's number back to
// the reference; a note too long for its page continues on the next.
func TestFootnotes(t *testing.T) {
	var md strings.Builder
	md.WriteString("# 注\n\n")
	for i := range 30 {
		fmt.Fprintf(&md, "第 %d 段正文，带一个脚注。[^n%d]\n\n", i+1, i)
	}
	md.WriteString("这一段引用一个很长的脚注。[^long]\n\n")
	for i := range 30 {
		fmt.Fprintf(&md, "[^n%d]: 第 %d 个脚注的内容。\n\n", i, i+1)
	}
	md.WriteString("[^long]: " + strings.Repeat("很长的脚注文字，一页放不下。", 300) + "\n")
	b, set := loadTestBook(t, "", "a.md", md.String())
	d := typesetT(t, b, set)
	g := newGeometry(b.Manifest)
	checkInside(t, d, g)
	ch := b.Chapters[0]
	for _, fn := range ch.Footnotes {
		note, ok := d.Dests[destName(ch.Index, fn.ID)]
		if !ok {
			t.Errorf("footnote %d has no destination", fn.Index)
			continue
		}
		ref, ok := d.Dests[destName(ch.Index, fn.RefIDs[0])]
		if !ok {
			t.Errorf("the reference to footnote %d has no destination", fn.Index)
			continue
		}
		if fn.Label != "long" && note.Page != ref.Page {
			t.Errorf("footnote %d on page %d, its reference on page %d", fn.Index, note.Page+1, ref.Page+1)
		}
		if note.Y < ref.Y {
			t.Errorf("footnote %d above its reference", fn.Index)
		}
		// Links both ways.
		toNote, back := false, false
		for _, l := range d.Pages[ref.Page].Links {
			if l.Dest == destName(ch.Index, fn.ID) {
				toNote = true
			}
		}
		for _, l := range d.Pages[note.Page].Links {
			if l.Dest == destName(ch.Index, fn.RefIDs[0]) && l.Y > ref.Y {
				back = true
			}
		}
		if !toNote || !back {
			t.Errorf("footnote %d: link to the note %v, back %v", fn.Index, toNote, back)
		}
	}
	// The long note continues: its text is on two pages or more, at the
	// foot, under the rule.
	pages := 0
	for _, p := range d.Pages {
		for _, it := range p.Items {
			if it.Kind == Glyphs && strings.Contains(it.Text, "一页放不下") {
				pages++
				break
			}
		}
	}
	if pages < 2 {
		t.Errorf("the long footnote is on %d page(s)", pages)
	}
}

// Bad input lays out, without overflow: a listing of 100,000 lines, a
// code line of 10,000 characters.
func TestHugeListings(t *testing.T) {
	if testing.Short() {
		t.Skip("a book of some 2,000 pages")
	}
	var md strings.Builder
	md.WriteString("# 大\n\n```\n")
	for i := range 100000 {
		fmt.Fprintf(&md, "line %d\n", i)
	}
	md.WriteString("```\n\n```go\n" + strings.Repeat("x = 1; ", 1430) + "\n```\n")
	b, set := loadTestBook(t, "", "a.md", md.String())
	d := typesetT(t, b, set)
	checkInside(t, d, newGeometry(b.Manifest))
	rows := 0
	for _, p := range d.Pages {
		rows += len(p.Code)
	}
	if rows < 100000+10000/80 {
		t.Errorf("%d rows", rows)
	}
}
