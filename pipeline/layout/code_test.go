package layout

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/highlight"
)

// placedRune is a character of a listing row as the PDF places it.
type placedRune struct {
	r rune
	x float64
}

// rowRunes returns the characters drawn on a code row, left to right, at
// the x where the PDF puts each: a run's characters follow one another by
// their advance (the widths gopdf writes) and the run's character spacing.
// The row's margin (line number, continuation mark) is left out.
func rowRunes(p *Page, row CodeRow) []placedRune {
	var items []Item
	for _, it := range p.Items {
		if it.Kind == Glyphs && math.Abs(it.Y-row.Y) < 0.01 && it.X >= row.X-0.01 {
			items = append(items, it)
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].X < items[j].X })
	var out []placedRune
	for _, it := range items {
		x := it.X
		for _, r := range it.Text {
			out = append(out, placedRune{r, x})
			x += float64(it.Face.PDFAdvance(r))*it.Size()/1000 + it.CharSpacing
		}
	}
	return out
}

// rowText is the text of a row read by position: each character at the
// column its x gives, spaces filling the columns between.
func rowText(p *Page, row CodeRow, cells func(rune) int) string {
	var b strings.Builder
	col := 0
	for _, pr := range rowRunes(p, row) {
		c := int(math.Round((pr.x - row.X) / row.Cell))
		for ; col < c; col++ {
			b.WriteByte(' ')
		}
		b.WriteRune(pr.r)
		col += cells(pr.r)
	}
	return strings.TrimRight(b.String(), " ")
}

// listingText returns the text of every listing of d, read from the page
// model by position, continuations joined to their lines.
func listingText(d *Document, cells func(rune) int) map[*doc.Node][]string {
	out := map[*doc.Node][]string{}
	for _, p := range d.Pages {
		for _, row := range p.Code {
			text := rowText(p, row, cells)
			lines := out[row.Listing]
			if row.Cont && len(lines) > 0 {
				// The continuation goes on from the previous row's
				// last column.
				lines[len(lines)-1] += text
			} else {
				lines = append(lines, text)
			}
			out[row.Listing] = lines
		}
	}
	return out
}

// sourceLines is a listing's text as the reader should get it back.
func sourceLines(n *doc.Node, tab int, cells func(rune) int) []string {
	return testenv.ListingLines(n.Text, tab, cells)
}

const mixedListing = "```go\n" +
	"package main\n" +
	"\n" +
	"// 计数器：统计每个单词出现的次数\n" +
	"type Counter struct {\n" +
	"\tn    map[string]int // 单词 → 次数\n" +
	"\tname string         // 名字，例如“默认”\n" +
	"}\n" +
	"\n" +
	"var 问候 = \"你好，世界\" // a greeting: 中文 and ASCII\n" +
	"var ab = \"abcdefghij\"   // ASCII only, the same columns\n" +
	"```\n"

// In a listing that mixes Chinese and ASCII, characters that share a column
// in the source share an x position on the page: every character sits at
// column 0's x plus its column times the cell width, a Chinese character
// taking two columns.
func TestCodeColumnsAlign(t *testing.T) {
	b, set := loadTestBook(t, "", "a.md", "# 列\n\n"+mixedListing)
	d := typesetT(t, b, set)
	rows := 0
	xs := map[int]float64{} // column → x, from the first character seen there
	for _, p := range d.Pages {
		for _, row := range p.Code {
			rows++
			src := []rune(sourceLines(row.Listing, b.Manifest.Code.Tabs(), set.Cells)[row.Line])
			got := rowRunes(p, row)
			col, k := 0, 0
			for _, r := range src {
				if k >= len(got) || got[k].r != r {
					t.Fatalf("line %d: drawn %q, source %q", row.Line+1, string(runesOf(got)), string(src))
				}
				x := got[k].x
				if want := row.X + float64(col)*row.Cell; math.Abs(x-want) > 0.01 {
					t.Errorf("line %d, column %d (%q): x = %.3f, want %.3f", row.Line+1, col, r, x, want)
				}
				if x0, ok := xs[col]; ok && math.Abs(x0-x) > 0.01 {
					t.Errorf("column %d: %q at x %.3f, another character at %.3f", col, r, x, x0)
				}
				xs[col] = x
				col += set.Cells(r)
				k++
			}
		}
	}
	if rows != 10 {
		t.Fatalf("%d code rows, want 10", rows)
	}
	// The two var lines put their comments in the same column, one
	// through Chinese text, the other through ASCII.
	src := sourceLines(firstListing(b), 4, set.Cells)
	if c1, c2 := columnOf(src[8], "//", set.Cells), columnOf(src[9], "//", set.Cells); c1 != c2 {
		t.Fatalf("test listing: comments at columns %d and %d", c1, c2)
	}
	checkInside(t, d, newGeometry(b.Manifest))
}

func runesOf(p []placedRune) []rune {
	var out []rune
	for _, c := range p {
		out = append(out, c.r)
	}
	return out
}

func columnOf(line, sub string, cells func(rune) int) int {
	col := 0
	for _, r := range line[:strings.Index(line, sub)] {
		col += cells(r)
	}
	return col
}

func firstListing(b *book.Book) *doc.Node {
	for _, ch := range b.Chapters {
		var found *doc.Node
		doc.Walk(ch.Blocks, func(n *doc.Node) bool {
			if found == nil && n.Kind == doc.CodeBlock {
				found = n
			}
			return found == nil
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// A listing that crosses a page break leaves at least two of its rows on
// each page, wherever the break falls; the ground is open at the break (no
// rule along it) and closed at the listing's real ends.
func TestCodeAcrossPages(t *testing.T) {
	var files []string
	for k := range 40 {
		var md strings.Builder
		fmt.Fprintf(&md, "# 第 %d 章\n\n", k+1)
		// Filler that ends at a different height in each chapter.
		for range k {
			md.WriteString("一行填充文字。\n\n")
		}
		md.WriteString("```\n")
		for i := range 30 {
			fmt.Fprintf(&md, "line %d\n", i+1)
		}
		md.WriteString("```\n\n后文。\n")
		files = append(files, fmt.Sprintf("c%02d.md", k), md.String())
	}
	b, set := loadTestBook(t, "", files...)
	d := typesetT(t, b, set)
	type part struct{ page, rows int }
	parts := map[*doc.Node][]part{}
	for _, p := range d.Pages {
		for _, row := range p.Code {
			ps := parts[row.Listing]
			if len(ps) == 0 || ps[len(ps)-1].page != p.Index {
				ps = append(ps, part{page: p.Index})
			}
			ps[len(ps)-1].rows++
			parts[row.Listing] = ps
		}
	}
	breaks := 0
	for n, ps := range parts {
		if len(ps) > 1 {
			breaks++
		}
		for i, pt := range ps {
			if pt.rows < 2 {
				t.Errorf("listing at %d: %d row(s) alone on page %d", n.Pos, pt.rows, pt.page+1)
			}
			// Horizontal rules of the code frame on this page,
			// above its first row there or below its last.
			minY, maxY := math.Inf(1), math.Inf(-1)
			for _, row := range d.Pages[pt.page].Code {
				if row.Listing == n {
					minY, maxY = min(minY, row.Y), max(maxY, row.Y)
				}
			}
			top, bottom := 0, 0
			for _, it := range d.Pages[pt.page].Items {
				if it.Kind != Rule || it.Color != colorCodeFrame || it.Y != it.Y2 {
					continue
				}
				switch {
				case it.Y < minY && it.Y > minY-30:
					top++
				case it.Y > maxY && it.Y < maxY+30:
					bottom++
				}
			}
			wantTop, wantBottom := 0, 0
			if i == 0 {
				wantTop = 1
			}
			if i == len(ps)-1 {
				wantBottom = 1
			}
			if top != wantTop || bottom != wantBottom {
				t.Errorf("listing at %d, page %d (part %d of %d): %d top and %d bottom rules", n.Pos, pt.page+1, i+1, len(ps), top, bottom)
			}
		}
	}
	if breaks < 20 {
		t.Fatalf("only %d of 40 listings cross a page break: the test does not test", breaks)
	}
	checkInside(t, d, newGeometry(b.Manifest))
}

// Long lines wrap inside the listing's box, before a run of spaces or at a
// token boundary when there is one, with a mark on every continuation; the
// rows read back by position give the source.
func TestCodeWraps(t *testing.T) {
	words := strings.Repeat("alpha beta gamma delta ", 12)
	long := strings.Repeat("x", 10000)
	chinese := strings.Repeat("中文注释没有空格", 30)
	tokens := "fmt.Println(" + strings.Repeat("strings.ToUpper(name)+", 10) + "\"end\")"
	md := "# 折行\n\n```go\n" + words + "\n\t" + tokens + "\n" + long + "\n// " + chinese + "\nshort\n```\n"
	b, set := loadTestBook(t, "", "a.md", md)
	d := typesetT(t, b, set)
	checkInside(t, d, newGeometry(b.Manifest))
	n := firstListing(b)
	got := listingText(d, set.Cells)[n]
	want := sourceLines(n, 4, set.Cells)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("listing read back:\n%q\nwant\n%q", got, want)
	}
	marks, conts := 0, 0
	for _, p := range d.Pages {
		for _, row := range p.Code {
			if !row.Cont {
				continue
			}
			conts++
			for _, it := range p.Items {
				if it.Kind == Glyphs && it.Text == wrapMark && math.Abs(it.Y-row.Y) < 0.01 && it.X < row.X {
					marks++
				}
			}
			text := rowText(p, row, set.Cells)
			switch row.Line {
			case 0:
				// Words are whole: the row starts with the space
				// before a word.
				if !strings.HasPrefix(text, " ") || strings.HasPrefix(text, "  ") {
					t.Errorf("continuation %q does not start before a word", text)
				}
			case 1:
				if !strings.HasPrefix(text, "strings.") && !strings.HasPrefix(text, "+") && !strings.HasPrefix(text, "(") &&
					!strings.HasPrefix(text, ".") && !strings.HasPrefix(text, ")") && !strings.HasPrefix(text, "name") && !strings.HasPrefix(text, "ToUpper") && !strings.HasPrefix(text, "\"end") {
					t.Errorf("continuation %q does not start at a token", text)
				}
			}
		}
	}
	if conts < 100 || marks != conts {
		t.Errorf("%d continuation rows, %d marks", conts, marks)
	}
}

// Line numbers: per book, and per listing by a fence attribute, which
// wins over the book's setting.
func TestCodeLineNumbers(t *testing.T) {
	for _, c := range []struct {
		yaml, md string
		want     []bool
	}{
		{"", "```go {linenos=true}\na\n```\n\n```go\nc\n```\n\n```go {.numberLines}\nd\n```\n", []bool{true, false, true}},
		{"code: {line_numbers: true}", "```go\na\n```\n\n```go {linenos=false}\nc\n```\n\n```\nd\n```\n", []bool{true, false, true}},
	} {
		b, set := loadTestBook(t, c.yaml, "a.md", "# 号\n\n"+c.md)
		d := typesetT(t, b, set)
		var got []bool
		seen := map[*doc.Node]bool{}
		for _, p := range d.Pages {
			for _, row := range p.Code {
				if seen[row.Listing] {
					continue
				}
				seen[row.Listing] = true
				numbered := false
				for _, it := range p.Items {
					if it.Kind == Glyphs && it.Text == "1" && math.Abs(it.Y-row.Y) < 0.01 && it.X < row.X {
						numbered = true
					}
				}
				got = append(got, numbered)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("book %q: numbered %v, want %v", c.yaml, got, c.want)
		}
	}
}

// A space draws nothing, so it joins the run of text beside it whatever
// its class: no text object of a listing is spaces alone, there are fewer
// objects than tokens, and every other character keeps its class's colour.
func TestCodeSpacesJoinRuns(t *testing.T) {
	const line = `func main() { x := "s" + 1 } // note`
	b, set := loadTestBook(t, "", "a.md", "# 列\n\n```go\n"+line+"\n```\n")
	d := typesetT(t, b, set)
	tokens := highlight.Tokens("go", line)
	var class []string // of each character of line
	for c, text := range tokens.All() {
		for range text {
			class = append(class, c)
		}
	}
	looks := themeLooks()
	var items []Item
	for _, p := range d.Pages {
		for _, it := range p.Items {
			if it.Kind == Glyphs && it.Code {
				items = append(items, it)
			}
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].X < items[j].X })
	if len(items) == 0 || len(items) >= tokens.Len() {
		t.Fatalf("%d text objects for %d tokens", len(items), tokens.Len())
	}
	i := 0
	for _, it := range items {
		if strings.TrimSpace(it.Text) == "" {
			t.Errorf("a text object of spaces alone at x %.1f", it.X)
		}
		for _, r := range it.Text {
			if i >= len(class) || rune(line[i]) != r {
				t.Fatalf("drawn %q at %d, want line %q", r, i, line)
			}
			want := colorText
			if lk := looks[class[i]]; lk.HasColor {
				want = RGB(lk.Color)
			}
			if r != ' ' && it.Color != want {
				t.Errorf("%q (%s) drawn in %v, want %v", r, class[i], it.Color, want)
			}
			i++
		}
	}
	if i != len(line) {
		t.Errorf("%d characters drawn, want %d", i, len(line))
	}
}

// TestWrapIndentAndMarks: a wrapped line's continuations are indented to
// the line's own indent plus a step, break after ", " rather than inside a
// token, and never start with a closing mark; the listing still reads
// back as its source.
func TestWrapIndentAndMarks(t *testing.T) {
	args := strings.Repeat("alpha, beta, gamma, ", 8)
	md := "# 折行\n\n```go\n\t\tcall(" + args + "omega)\n\tx := f(" + strings.Repeat("aaaaaaaaaa)", 12) + "\n```\n"
	b, set := loadTestBook(t, "", "a.md", md)
	d := typesetT(t, b, set)
	n := firstListing(b)
	if got, want := listingText(d, set.Cells)[n], sourceLines(n, 4, set.Cells); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("listing read back:\n%q\nwant\n%q", got, want)
	}
	conts := 0
	for _, p := range d.Pages {
		var first CodeRow
		for _, row := range p.Code {
			if !row.Cont {
				first = row
				continue
			}
			conts++
			text := rowText(p, row, set.Cells)
			word := strings.TrimLeft(text, " ")
			col := int(math.Round((row.X-first.X)/row.Cell)) + len(text) - len(word)
			indent := map[int]int{0: 8, 1: 4}[row.Line]
			if col != indent+4 {
				t.Errorf("continuation %q of line %d starts at column %d, want %d", text, row.Line+1, col, indent+4)
			}
			if r, _ := utf8.DecodeRuneInString(word); strings.ContainsRune(")]},;", r) {
				t.Errorf("continuation %q starts with a closing mark", text)
			}
			if row.Line == 0 && !strings.HasPrefix(text, " ") {
				t.Errorf("continuation %q of the argument list does not start after \", \"", text)
			}
		}
	}
	if conts < 3 {
		t.Fatalf("%d continuations, want lines that wrap", conts)
	}
}
