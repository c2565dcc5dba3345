package pdf

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/layout"
	"github.com/gobook/ebook/pipeline/markdown"
)

// epoch is the build date of the test PDFs (SOURCE_DATE_EPOCH).
var epoch = time.Unix(1700000000, 0)

// testBooks are the books the tests build: the content/ book, the
// feature book and gopl-zh (TestNavigation adds a book of bad headings).
func testBooks() map[string]func(t *testing.T) string {
	return map[string]func(t *testing.T) string{
		"content": func(t *testing.T) string { return "../../book.yaml" },
		"feature": func(t *testing.T) string { return featureBook },
		"gopl-zh": func(t *testing.T) string { return testenv.CorpusManifest(t) },
	}
}

// badBook writes a book of bad headings: only punctuation, emoji, 500
// characters, repeated, 5,000 in one chapter, with links to them.
func badBook(t *testing.T) string {
	dir := t.TempDir()
	long := strings.Repeat("很长的标题", 50) + strings.Repeat("long title ", 22) + "xxxxxxxx"
	var many strings.Builder
	many.WriteString("# Many\n\n[to the last](#heading-5000) [to the long one](bad.md#" + markdown.Slug(long) + ")\n\n")
	for i := range 5000 {
		fmt.Fprintf(&many, "## Heading %d\n\n", i+1)
	}
	files := map[string]string{
		"book.yaml": "title: Bad\nauthors: [Tester]\nlanguage: zh-CN\nfront: [pre.md]\nchapters: [bad.md, many.md]\n",
		"pre.md":    "# 前言\n\nText.\n",
		"bad.md": "# Bad headings\n\n[same](#same) [same again](#same-1) [punct](#section) [emoji](#section-1)\n\n" +
			"## ！？……\n\ntext\n\n## 🎉🚀\n\ntext\n\n## " + long + "\n\ntext\n\n## Same\n\none\n\n## Same\n\ntwo\n",
		"many.md": many.String(),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "book.yaml")
}

func TestNavigation(t *testing.T) {
	books := testBooks()
	books["bad"] = badBook
	for name, manifest := range books {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bk := buildPDF(t, name, manifest(t))
			bk.checkValidators(t)
			bk.want = bk.expected()
			t.Run("outline", bk.checkOutline)
			t.Run("contents", bk.checkContents)
			t.Run("links", bk.checkLinks)
			t.Run("labels", bk.checkLabels)
			t.Run("metadata", bk.checkMetadata)
		})
	}
}

// checkValidators: qpdf --check finds nothing; mutool lists the outline
// and rewrites the file without a warning.
func (bk *built) checkValidators(t *testing.T) {
	out, stderr, err := runTool(t, "qpdf", "--check", bk.path)
	if err != nil || strings.Contains(out+stderr, "WARNING") || !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check: %v\n%s%s", err, out, stderr)
	}
	out, stderr, err = runTool(t, "mutool", "show", bk.path, "outline")
	if err != nil || stderr != "" {
		t.Errorf("mutool show outline: %v\n%s", err, stderr)
	}
	if n, want := strings.Count(out, "\n"), len(flatTOC(bk.b.TOC)); n != want {
		t.Errorf("mutool lists %d outline items, the book's TOC has %d entries", n, want)
	}
	_, stderr, err = runTool(t, "mutool", "clean", bk.path, filepath.Join(t.TempDir(), "clean.pdf"))
	if err != nil || stderr != "" {
		t.Errorf("mutool clean: %v\n%s", err, stderr)
	}
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

// expected returns, for every destination name a link or bookmark may
// use, the text that must start at that place of the page: a heading's,
// a footnote's number. Characters no font draws are left out.
func (bk *built) expected() map[string]string {
	out := map[string]string{}
	drawable := func(s string, role fonts.Role, style fonts.Style) string {
		return squash(strings.Map(func(r rune) rune {
			if bk.set.Face(role, style, r) == nil {
				return -1
			}
			return r
		}, s))
	}
	for _, ch := range bk.b.Chapters {
		first := true
		doc.Walk(ch.Blocks, func(n *doc.Node) bool {
			if n.Kind == doc.Heading {
				text := drawable(doc.InlineText(n.Children), fonts.Heading, fonts.Bold)
				if first {
					out["c"+strconv.Itoa(ch.Index)] = text
					first = false
				}
				if n.ID != "" {
					out["c"+strconv.Itoa(ch.Index)+"/"+n.ID] = text
				}
				return false
			}
			return n.Kind == doc.Div
		})
		for _, fn := range ch.Footnotes {
			out["c"+strconv.Itoa(ch.Index)+"/"+fn.ID] = strconv.Itoa(fn.Index)
		}
	}
	return out
}

// at checks that the text at the top of page (y from the top) begins with
// the text expected at destination name; a chapter's title may follow its
// number label.
func (bk *built) at(page int, y float64, name string) bool {
	want := bk.want[name]
	if want == "" {
		return true
	}
	lines := textFrom(bk.lines(page), y-0.5)
	skip := 0
	if !strings.Contains(name, "/") {
		skip = 1
	}
	for i := 0; i < len(lines) && i <= skip; i++ {
		if strings.HasPrefix(strings.Join(lines[i:], ""), want) {
			return true
		}
	}
	return false
}

// checkOutline: the outline, as qpdf reads it, is the book's table of
// contents: the same titles nested the same way, parts open, and each item
// opens the page where its heading is, at the heading.
func (bk *built) checkOutline(t *testing.T) {
	var walk func(items []*qOutline, entries []*book.TOCEntry, path string)
	walk = func(items []*qOutline, entries []*book.TOCEntry, path string) {
		if len(items) != len(entries) {
			t.Errorf("%s: %d outline items, %d TOC entries", path, len(items), len(entries))
			return
		}
		for i, it := range items {
			e := entries[i]
			if it.Title != e.Title {
				t.Errorf("%s: outline item %q, TOC entry %q", path, it.Title, e.Title)
			}
			if len(it.Kids) > 0 && it.Open != (e.Kind == book.TOCPart) {
				t.Errorf("%q: open %v", it.Title, it.Open)
			}
			name := "c" + strconv.Itoa(e.Chapter)
			if e.Anchor != "" {
				name += "/" + e.Anchor
			}
			if it.DestPage < 1 || len(it.Dest) != 5 || it.Dest[1] != "/XYZ" {
				t.Errorf("%q: destination %v", it.Title, it.Dest)
			} else if y, _ := it.Dest[3].(float64); !bk.at(it.DestPage-1, bk.d.Height-y, name) {
				t.Errorf("%q opens page %d at %.1f, where %q is not", it.Title, it.DestPage, bk.d.Height-y, bk.want[name])
			}
			walk(it.Kids, e.Entries(), path+"/"+e.Title)
		}
	}
	walk(bk.q.Outlines, bk.b.TOC, "")
	bk.checkCounts(t)
}

// checkCounts checks every outline item's /Count against the tree.
func (bk *built) checkCounts(t *testing.T) {
	var visible func(items []*qOutline) int
	visible = func(items []*qOutline) int {
		n := len(items)
		for _, it := range items {
			if it.Open {
				n += visible(it.Kids)
			}
		}
		return n
	}
	var walk func(items []*qOutline)
	walk = func(items []*qOutline) {
		for _, it := range items {
			if len(it.Kids) == 0 {
				continue
			}
			want := visible(it.Kids)
			if !it.Open {
				want = -want
			}
			if got, _ := bk.q.dict(it.Object)["/Count"].(float64); int(got) != want {
				t.Errorf("%q: /Count %v, want %d", it.Title, got, want)
			}
			walk(it.Kids)
		}
	}
	walk(bk.q.Outlines)
	cat := bk.q.dict(bk.q.dict(bk.q.trailer())["/Root"])
	root := bk.q.dict(cat["/Outlines"])
	if got, _ := root["/Count"].(float64); int(got) != visible(bk.q.Outlines) {
		t.Errorf("outline root /Count %v, want %d", got, visible(bk.q.Outlines))
	}
}

// trailer returns the file's trailer dictionary.
func (f *qpdfFile) trailer() map[string]any {
	d, _ := f.objects["trailer"].(map[string]any)
	return d
}

// checkContents: the printed table of contents has one entry per TOC
// entry, each a link to the same place as its bookmark, reading its title
// and the label of that page.
func (bk *built) checkContents(t *testing.T) {
	entries := flatTOC(bk.b.TOC)
	var bookmarks []*qOutline
	var flat func(items []*qOutline)
	flat = func(items []*qOutline) {
		for _, it := range items {
			bookmarks = append(bookmarks, it)
			flat(it.Kids)
		}
	}
	flat(bk.q.Outlines)
	if len(bookmarks) == 0 {
		t.Fatal("no outline")
	}
	// The contents are the links of the pages before the first bookmark's.
	type entry struct {
		page  int
		rects [][4]float64
		a     annot
	}
	var got []*entry
	for p := 0; p < bookmarks[0].DestPage-1; p++ {
		for _, a := range bk.q.annots(t, p) {
			if n := len(got); n > 0 {
				last := got[n-1]
				prev := last.rects[len(last.rects)-1]
				if last.page == p && a.dest == last.a.dest && a.destY == last.a.destY && math.Abs(prev[1]-a.rect[3]) < 0.01 {
					last.rects = append(last.rects, a.rect)
					continue
				}
			}
			got = append(got, &entry{page: p, rects: [][4]float64{a.rect}, a: a})
		}
	}
	if len(got) != len(entries) {
		t.Fatalf("the printed contents have %d entries, the book's TOC %d", len(got), len(entries))
	}
	for i, e := range entries {
		g, bm := got[i], bookmarks[i]
		bmY, _ := bm.Dest[3].(float64)
		if g.a.dest != bm.DestPage-1 || math.Abs(g.a.destY-bmY) > 0.01 {
			t.Errorf("contents entry %q goes to page %d at %.2f, its bookmark to page %d at %.2f", e.Title, g.a.dest+1, g.a.destY, bm.DestPage, bmY)
		}
		var text strings.Builder
		for _, l := range bk.lines(g.page) {
			for _, w := range l {
				if inRects(w, g.rects, bk.d.Height) {
					text.WriteString(w.text)
				}
			}
		}
		want := squash(strings.Map(func(r rune) rune {
			if bk.set.Face(fonts.Body, fonts.Regular, r) == nil {
				return -1
			}
			return r
		}, e.Title))
		if e.Linked {
			want += bk.q.label(g.a.dest)
		}
		if got := squash(text.String()); got != want {
			t.Errorf("contents entry %d reads %q, want %q (title and the label of page %d)", i, got, want, g.a.dest+1)
		}
	}
}

// inRects reports whether the middle of w is in one of rects (PDF
// coordinates, y up, on a page of height h).
func inRects(w textWord, rects [][4]float64, h float64) bool {
	x, y := (w.x0+w.x1)/2, h-(w.y0+w.y1)/2
	for _, r := range rects {
		if x >= r[0] && x <= r[2] && y >= r[1] && y <= r[3] {
			return true
		}
	}
	return false
}

// checkLinks: every link annotation is where the layout put the link, an
// internal one opens its target (the page and place where the target's
// text is), an external one its URL, and the rectangle covers text.
func (bk *built) checkLinks(t *testing.T) {
	internal, external := 0, 0
	for i, p := range bk.d.Pages {
		as := bk.q.annots(t, i)
		if len(as) != len(p.Links) {
			t.Errorf("page %d: %d link annotations, the layout has %d links", i+1, len(as), len(p.Links))
			continue
		}
		for k, l := range p.Links {
			a := as[k]
			r := [4]float64{l.X, bk.d.Height - l.Y - l.H, l.X + l.W, bk.d.Height - l.Y}
			for j := range r {
				if math.Abs(r[j]-a.rect[j]) > 0.011 {
					t.Errorf("page %d: link %d at %v, the layout put it at %v", i+1, k, a.rect, r)
					break
				}
			}
			if !bk.coversText(i, a.rect) && !bk.coversPicture(p, l) {
				t.Errorf("page %d: link %d at %v covers no text", i+1, k, a.rect)
			}
			if l.URL != "" {
				external++
				if a.uri != l.URL || a.hasDst {
					t.Errorf("page %d: link to %q has URI %q", i+1, l.URL, a.uri)
				}
				continue
			}
			internal++
			dst, ok := bk.d.Dests[l.Dest]
			switch {
			case !ok || !a.hasDst || a.dest < 0:
				t.Errorf("page %d: link to %q: no destination (%v)", i+1, l.Dest, a)
			case a.dest != dst.Page || math.Abs(a.destY-(bk.d.Height-dst.Y)) > 0.011:
				t.Errorf("page %d: link to %q opens page %d at %.2f, the target is on page %d at %.2f", i+1, l.Dest, a.dest+1, a.destY, dst.Page+1, bk.d.Height-dst.Y)
			case !bk.at(a.dest, bk.d.Height-a.destY, l.Dest):
				t.Errorf("page %d: link to %q opens page %d at %.1f, where %q is not", i+1, l.Dest, a.dest+1, bk.d.Height-a.destY, bk.want[l.Dest])
			}
		}
	}
	t.Logf("%d internal and %d external links", internal, external)
}

// coversText reports whether a rectangle overlaps a word pdftotext found:
// across, and by half the height of the smaller.
func (bk *built) coversText(page int, r [4]float64) bool {
	for _, w := range bk.ws[page] {
		y0, y1 := bk.d.Height-w.y1, bk.d.Height-w.y0
		across := min(r[2], w.x1) - max(r[0], w.x0)
		down := min(r[3], y1) - max(r[1], y0)
		if across > 0 && down >= 0.5*min(r[3]-r[1], y1-y0) {
			return true
		}
	}
	return false
}

// coversPicture reports whether a link is on an image (a linked badge).
func (bk *built) coversPicture(p *layout.Page, l layout.Link) bool {
	for _, it := range p.Items {
		if it.Kind == layout.Picture && it.X < l.X+l.W && it.X+it.W > l.X && it.Y < l.Y+l.H && it.Y+it.H > l.Y {
			return true
		}
	}
	return false
}

// pagesWithText counts the pages pdftotext reads words on.
func (bk *built) pagesWithText() int {
	n := 0
	for i := range bk.d.Pages {
		if len(bk.lines(i)) > 0 {
			n++
		}
	}
	return n
}

// checkLabels: the page labels qpdf reads are the numbers printed on the
// pages (at the head or the foot; the title page has none), the first
// page of the body is 1, a right-hand page (odd in the file), as every
// chapter's opening is; blank pages hold no text at all.
func (bk *built) checkLabels(t *testing.T) {
	folios := 0
	for i, p := range bk.d.Pages {
		label := bk.q.label(i)
		if label != p.Label {
			t.Errorf("page %d: label %q, the layout numbered it %q", i+1, label, p.Label)
		}
		if label == "1" && i%2 != 0 {
			t.Errorf("page 1 is page %d of the file, a left-hand page", i+1)
		}
		ls := bk.lines(i)
		if p.Blank && len(ls) > 0 {
			t.Errorf("blank page %d holds text: %q", i+1, ls[0][0].text)
		}
		if !p.Folio || len(ls) == 0 {
			continue
		}
		folios++
		printed := false
		for _, l := range [][]textWord{ls[0], ls[len(ls)-1]} {
			for _, w := range l {
				printed = printed || w.text == label
			}
		}
		if !printed {
			t.Errorf("page %d: label %q is not printed at its head or foot", i+1, label)
		}
	}
	// Every page with text but the title page shows its number.
	if withText := bk.pagesWithText(); folios != withText-1 {
		t.Errorf("%d pages show their number, want all %d with text but the title page", folios, withText)
	}
	for _, ch := range bk.b.Chapters {
		if ch.Depth > 0 {
			continue
		}
		if d, ok := bk.d.Dests["c"+strconv.Itoa(ch.Index)]; !ok || d.Page%2 != 0 {
			t.Errorf("%s opens page %d of the file, a left-hand page", ch.Path, d.Page+1)
		}
	}
	for _, e := range flatTOC(bk.b.TOC) {
		if e.Chapter < len(bk.b.Chapters) && bk.b.Chapters[e.Chapter].Role == book.Body {
			name := "c" + strconv.Itoa(e.Chapter)
			if bk.want[name] == "" {
				t.Fatalf("the first chapter of the body, %q, has no heading", e.Title)
			}
			for i := range bk.ws {
				if !bk.at(i, 0, name) {
					continue
				}
				if label := bk.q.label(i); label != "1" {
					t.Errorf("the first chapter of the body, %q, is on page %d labelled %q", e.Title, i+1, label)
				}
				return
			}
			t.Errorf("the first chapter of the body, %q, is on no page", e.Title)
			return
		}
	}
}

// checkMetadata: pdfinfo shows the title, authors, subject, keywords,
// creator, producer and the dates of the epoch; the catalog opens the
// bookmarks pane, shows the title and names the language.
func (bk *built) checkMetadata(t *testing.T) {
	out, stderr, err := runTool(t, "pdfinfo", "-isodates", bk.path)
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, stderr)
	}
	m := bk.b.Manifest
	info := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	date := epoch.UTC().Format("2006-01-02T15:04:05Z")
	wants := map[string]string{
		"Title": m.Title, "Author": strings.Join(m.Authors, ", "),
		"Subject": firstNonEmpty(m.Subtitle, m.Description), "Keywords": strings.Join(m.Subjects, ", "),
		"Creator": "ebook test", "Producer": "ebook test", "CreationDate": date, "ModDate": date,
	}
	for k, want := range wants {
		if info[k] != want {
			t.Errorf("pdfinfo %s: %q, want %q", k, info[k], want)
		}
	}
	cat := bk.q.dict(bk.q.dict(bk.q.trailer())["/Root"])
	prefs := bk.q.dict(cat["/ViewerPreferences"])
	if cat["/PageMode"] != "/UseOutlines" || prefs["/DisplayDocTitle"] != true || cat["/Lang"] != "u:"+m.Language {
		t.Errorf("catalog: /PageMode %v, /DisplayDocTitle %v, /Lang %v", cat["/PageMode"], prefs["/DisplayDocTitle"], cat["/Lang"])
	}
	if v := bk.q.dict(bk.q.trailer()["/Info"])["/Version"]; v != "u:1.2.3" {
		t.Errorf("document information /Version %v", v)
	}
}
