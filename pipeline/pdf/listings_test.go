package pdf

import (
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/layout"
)

// TestListingsAndNotes checks the PDFs of the feature book and gopl-zh
// with the real tools: every listing read back from pdftotext's word
// positions equals its source, and every footnote reference is linked to
// its note and the note back to it, in the PDF's own link annotations.
func TestListingsAndNotes(t *testing.T) {
	tool(t, "qpdf")
	tool(t, "pdftotext")
	for _, name := range []string{"feature", "gopl-zh"} {
		t.Run(name, func(t *testing.T) {
			manifest := "../../cmd/ebook/testdata/featurebook/book.yaml"
			if name == "gopl-zh" {
				if testing.Short() {
					t.Skip("gopl-zh: not in -short")
				}
				manifest = testenv.CorpusManifest(t)
			}
			b := buildPDF(t, name, manifest)
			n := checkListingWords(t, b.book, b.doc, bboxWords(t, b), b.set.Cells)
			if name == "gopl-zh" && n < 800 {
				t.Errorf("only %d listings", n)
			}
			checkFootnoteLinks(t, b.book, b.doc, b.path)
		})
	}
}

// checkListingWords reads every listing back from pdftotext's words, by
// their positions on the rows the page model reports, and compares it with
// the source: tabs expanded, spaces at line ends aside; continuation rows
// carry the mark in the margin, and join their line. It returns the
// number of listings.
func checkListingWords(t *testing.T, b *book.Book, d *layout.Document, words []word, cells func(rune) int) int {
	t.Helper()
	got := map[*doc.Node][]string{}
	pages := make([][]word, len(d.Pages))
	for _, w := range words {
		pages[w.page] = append(pages[w.page], w)
	}
	for i, p := range d.Pages {
		for _, row := range p.Code {
			var ws []word
			mark := false
			for _, w := range pages[i] {
				if w.yMin > row.Y || w.yMax < row.Y {
					continue
				}
				switch {
				case w.xMin >= row.X-row.Cell/2:
					ws = append(ws, w)
				case w.text == "↪" && w.xMin >= p.Block.X-0.5:
					mark = true
				}
			}
			if row.Cont != mark {
				t.Errorf("page %d: row of line %d of the listing at %d: continuation %v, mark %v", i+1, row.Line+1, row.Listing.Pos, row.Cont, mark)
			}
			sort.Slice(ws, func(a, b int) bool { return ws[a].xMin < ws[b].xMin })
			var sb strings.Builder
			col := 0
			for _, w := range ws {
				c := int(math.Round((w.xMin - row.X) / row.Cell))
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
