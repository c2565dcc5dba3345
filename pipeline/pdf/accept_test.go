package pdf

import (
	"encoding/json"
	"fmt"
	"html"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/layout"
)

// The PDFs of the feature book and gopl-zh, checked with real tools:
// qpdf --check clean; every word pdftotext -bbox finds inside its page's
// text block (or in the running head and page number areas); every
// listing read back from pdftotext's word positions equal to its source;
// every footnote reference linked to its note and the note back to it.
func TestPDFAcceptance(t *testing.T) {
	for _, tool := range []string{"qpdf", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, tool)
		}
	}
	for _, name := range []string{"feature", "gopl-zh"} {
		t.Run(name, func(t *testing.T) {
			mp := filepath.Join("..", "..", "cmd", "ebook", "testdata", "featurebook", "book.yaml")
			if name == "gopl-zh" {
				mp = testenv.CorpusManifest(t)
			}
			var d diag.List
			b := book.Load(mp, book.Options{}, &d)
			if b == nil || d.HasErrors() {
				t.Fatal(d.Items())
			}
			set := fonts.LoadBook(b, &d)
			if set == nil {
				t.Fatal(d.Items())
			}
			doc, err := layout.Typeset(b, set)
			if err != nil {
				t.Fatal(err)
			}
			data, err := Draw(doc, b, Options{})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "book.pdf")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || strings.Contains(string(out), "WARNING") {
				t.Errorf("qpdf --check: %v\n%s", err, out)
			}
			pages := bboxWords(t, path)
			if len(pages) != len(doc.Pages) {
				t.Fatalf("pdftotext found %d pages, the layout has %d", len(pages), len(doc.Pages))
			}
			checkWordsInside(t, doc, pages)
			n := checkListingWords(t, b, doc, pages, set.Cells)
			if name == "gopl-zh" && n < 800 {
				t.Errorf("only %d listings", n)
			}
			checkFootnoteLinks(t, b, doc, path)
		})
	}
}

// word is a word pdftotext -bbox found.
type word struct {
	x0, y0, x1, y1 float64
	text           string
}

var (
	pageRE = regexp.MustCompile(`<page width="[^"]*" height="[^"]*">`)
	wordRE = regexp.MustCompile(`<word xMin="([^"]*)" yMin="([^"]*)" xMax="([^"]*)" yMax="([^"]*)">([^<]*)</word>`)
)

// bboxWords runs pdftotext -bbox and returns the words of every page.
func bboxWords(t *testing.T, path string) [][]word {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var pages [][]word
	for _, chunk := range pageRE.Split(string(out), -1)[1:] {
		var ws []word
		for _, m := range wordRE.FindAllStringSubmatch(chunk, -1) {
			var w word
			w.x0, _ = strconv.ParseFloat(m[1], 64)
			w.y0, _ = strconv.ParseFloat(m[2], 64)
			w.x1, _ = strconv.ParseFloat(m[3], 64)
			w.y1, _ = strconv.ParseFloat(m[4], 64)
			w.text = html.UnescapeString(m[5])
			ws = append(ws, w)
		}
		pages = append(pages, ws)
	}
	return pages
}

// checkWordsInside fails for every word outside its page's text block,
// except in the margin above the block (the running head) and below it
// (the page number), within the block's width.
func checkWordsInside(t *testing.T, d *layout.Document, pages [][]word) {
	t.Helper()
	const eps = 0.5 // pdftotext rounds
	bad := 0
	for i, ws := range pages {
		b := d.Pages[i].Block
		for _, w := range ws {
			inX := w.x0 >= b.X-eps && w.x1 <= b.X+b.W+eps
			inside := inX && w.y0 >= b.Y-eps && w.y1 <= b.Y+b.H+eps
			margin := inX && (w.y1 <= b.Y+eps || w.y0 >= b.Y+b.H-eps)
			if inside || margin {
				continue
			}
			if bad++; bad <= 20 {
				t.Errorf("page %d: %q at x %.2f–%.2f, y %.2f–%.2f outside the text block %+v", i+1, w.text, w.x0, w.x1, w.y0, w.y1, b)
			}
		}
	}
	if bad > 20 {
		t.Errorf("%d words outside the text block in all", bad)
	}
}

// checkListingWords reads every listing back from pdftotext's words, by
// their positions on the rows the page model reports, and compares it with
// the source: tabs expanded, spaces at line ends aside; continuation rows
// carry the mark in the margin, and join their line. It returns the
// number of listings.
func checkListingWords(t *testing.T, b *book.Book, d *layout.Document, pages [][]word, cells func(rune) int) int {
	t.Helper()
	got := map[*doc.Node][]string{}
	for i, p := range d.Pages {
		for _, row := range p.Code {
			var ws []word
			mark := false
			for _, w := range pages[i] {
				if w.y0 > row.Y || w.y1 < row.Y {
					continue
				}
				switch {
				case w.x0 >= row.X-row.Cell/2:
					ws = append(ws, w)
				case w.text == "↪" && w.x0 >= p.Block.X-0.5:
					mark = true
				}
			}
			if row.Cont != mark {
				t.Errorf("page %d: row of line %d of the listing at %d: continuation %v, mark %v", i+1, row.Line+1, row.Listing.Pos, row.Cont, mark)
			}
			sort.Slice(ws, func(a, b int) bool { return ws[a].x0 < ws[b].x0 })
			var sb strings.Builder
			col := 0
			for _, w := range ws {
				c := int(math.Round((w.x0 - row.X) / row.Cell))
				for ; col < c; col++ {
					sb.WriteByte(' ')
				}
				for _, r := range w.text {
					sb.WriteRune(r)
					col += cells(r)
				}
			}
			text := sb.String()
			lines := got[row.Listing]
			if row.Cont && len(lines) > 0 {
				lines[len(lines)-1] += text
			} else {
				lines = append(lines, text)
			}
			got[row.Listing] = lines
		}
	}
	n := 0
	tab := b.Manifest.Code.Tabs()
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
			var want []string
			for _, l := range strings.Split(strings.TrimSuffix(c.Text, "\n"), "\n") {
				want = append(want, strings.TrimRight(expandTabs(strings.TrimSuffix(l, "\r"), tab, cells), " "))
			}
			g := got[c]
			for i := range g {
				g[i] = strings.TrimRight(g[i], " ")
			}
			if strings.Join(g, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s: listing at byte %d, as pdftotext reads it:\n%s\nthe source:\n%s", ch.Path, c.Pos, strings.Join(g, "\n"), strings.Join(want, "\n"))
			}
			return false
		})
	}
	return n
}

func expandTabs(line string, width int, cells func(rune) int) string {
	var b strings.Builder
	col := 0
	for _, r := range line {
		if r == '\t' {
			n := width - col%width
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col += cells(r)
	}
	return b.String()
}

// annot is a link annotation of the PDF.
type annot struct {
	page     int
	rect     [4]float64 // x0 y0 x1 y1, PDF coordinates (y up)
	destPage int        // -1 for a URI link
	destY    float64
}

// checkFootnoteLinks checks, in the PDF's own link annotations, that
// every footnote reference links to its note's page at the note, and the
// note's number back to the reference's page at the reference.
func checkFootnoteLinks(t *testing.T, b *book.Book, d *layout.Document, path string) {
	t.Helper()
	annots := readAnnots(t, path)
	links := func(from int, to layout.Dest) bool {
		for _, a := range annots {
			if a.page == from && a.destPage == to.Page && math.Abs(a.destY-(d.Height-to.Y)) < 24 {
				return true
			}
		}
		return false
	}
	count := 0
	for _, ch := range b.Chapters {
		for _, fn := range ch.Footnotes {
			note, ok1 := d.Dests[fmt.Sprintf("c%d/%s", ch.Index, fn.ID)]
			for _, id := range fn.RefIDs {
				ref, ok2 := d.Dests[fmt.Sprintf("c%d/%s", ch.Index, id)]
				if !ok1 || !ok2 {
					t.Errorf("%s: footnote %d: no destination for the note (%v) or the reference %s (%v)", ch.Path, fn.Index, ok1, id, ok2)
					continue
				}
				count++
				if !links(ref.Page, note) {
					t.Errorf("%s: the reference %s on page %d does not link to footnote %d on page %d", ch.Path, id, ref.Page+1, fn.Index, note.Page+1)
				}
			}
			if len(fn.RefIDs) > 0 {
				ref := d.Dests[fmt.Sprintf("c%d/%s", ch.Index, fn.RefIDs[0])]
				if !links(note.Page, ref) {
					t.Errorf("%s: footnote %d on page %d does not link back to its reference on page %d", ch.Path, fn.Index, note.Page+1, ref.Page+1)
				}
			}
		}
	}
	t.Logf("%d footnote references checked both ways in %d link annotations", count, len(annots))
}

// readAnnots reads the link annotations of every page with qpdf --json.
func readAnnots(t *testing.T, path string) []annot {
	t.Helper()
	out, err := exec.Command("qpdf", "--json", "--json-key=pages", "--json-key=qpdf", path).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var j struct {
		Pages []struct {
			Object string `json:"object"`
		} `json:"pages"`
		QPDF []map[string]json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal(out, &j); err != nil {
		t.Fatal(err)
	}
	if len(j.QPDF) < 2 {
		t.Fatal("qpdf --json: no objects")
	}
	objects := j.QPDF[1]
	dict := func(ref string) map[string]any {
		var o struct {
			Value map[string]any `json:"value"`
		}
		json.Unmarshal(objects["obj:"+ref], &o)
		return o.Value
	}
	pageNo := map[string]int{}
	for i, p := range j.Pages {
		pageNo[p.Object] = i
	}
	var out2 []annot
	for i, p := range j.Pages {
		refs, _ := dict(p.Object)["/Annots"].([]any)
		for _, r := range refs {
			ref, _ := r.(string)
			a := dict(ref)
			if a["/Subtype"] != "/Link" {
				continue
			}
			an := annot{page: i, destPage: -1}
			if rect, ok := a["/Rect"].([]any); ok && len(rect) == 4 {
				for k := range rect {
					an.rect[k], _ = rect[k].(float64)
				}
			}
			if dest, ok := a["/Dest"].([]any); ok && len(dest) >= 4 {
				pg, _ := dest[0].(string)
				an.destPage = pageNo[pg]
				an.destY, _ = dest[3].(float64)
			}
			out2 = append(out2, an)
		}
	}
	return out2
}
