package pdf

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/layout"
)

// checkListings reads every listing back from pdftotext's words, by
// their positions on the rows the page model reports, and compares it with
// the source: tabs expanded, spaces at line ends aside; continuation rows
// carry the mark in the margin, and join their line. It returns the
// number of listings.
func (bk *built) checkListings(t *testing.T) int {
	t.Helper()
	b, d, cells := bk.b, bk.d, bk.set.Cells
	got := map[*doc.Node][]string{}
	for i, p := range d.Pages {
		for _, row := range p.Code {
			var ws []textWord
			mark := false
			for _, w := range bk.ws[i] {
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
			want := testenv.ListingLines(c.Text, tab, cells)
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

// checkFootnoteLinks checks, in the PDF's own link annotations, that
// every footnote reference links to its note's page at the note, and the
// note's number back to the reference's page at the reference.
func (bk *built) checkFootnoteLinks(t *testing.T) {
	t.Helper()
	b, d := bk.b, bk.d
	var annots []annot
	for i := range bk.q.Pages {
		annots = append(annots, bk.q.annots(t, i)...)
	}
	links := func(from int, to layout.Dest) bool {
		for _, a := range annots {
			if a.page == from && a.dest == to.Page && math.Abs(a.destY-(d.Height-to.Y)) < 24 {
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
