package layout

import (
	"math"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/lang"
)

// spreads counts the spreads of d whose two pages both carry text and
// neither ends a chapter (a verso, odd index, and the recto after it),
// and those of them whose text ends at different heights, and those that
// differ by a line or more (lead, the distance between baselines).
func spreads(d *Document, lead float64) (total, uneven, byLine int) {
	for i := 1; i+1 < len(d.Pages); i += 2 {
		v, r := d.Pages[i], d.Pages[i+1]
		if v.Blank || r.Blank || v.End || r.End || v.Bottom <= v.Block.Y || r.Bottom <= r.Block.Y {
			continue
		}
		total++
		if diff := math.Abs(v.Bottom - r.Bottom); diff > 0.5 {
			uneven++
			if diff > 0.9*lead {
				byLine++
			}
		}
	}
	return total, uneven, byLine
}

// TestSpreadsLevel: the text of facing pages ends on the same line, but
// where a chapter ends, on at most a tenth of the spreads of the three
// books together (content, feature book, gopl-zh); before vertical
// justification, 209 of 217 did not.
func TestSpreadsLevel(t *testing.T) {
	all, bad := 0, 0
	bks := books(t)
	for name, manifest := range bks {
		b, set := load(t, manifest)
		d := typesetT(t, b, set)
		total, uneven, byLine := spreads(d, newGeometry(b.Manifest).leading)
		t.Logf("%s: %d of %d spreads end at different heights, %d by a line or more", name, uneven, total, byLine)
		all += total
		bad += uneven
	}
	if _, ok := bks["gopl-zh"]; !ok {
		t.Skip("the measure is over the three books: gopl-zh is not here")
	}
	if bad*10 > all {
		t.Errorf("%d of %d spreads end at different heights, more than a tenth", bad, all)
	}
}

// TestRectos: the title page, the contents and page 1 are right-hand
// pages (odd page numbers, even indexes), with or without a cover, and so
// is every chapter's and appendix's opening unless book.yaml says
// chapter_start: any; a blank page carries nothing, not even its number.
func TestRectos(t *testing.T) {
	const chapters = "front: [pre.md]\nchapters:\n  - file: one.md\n    sections: [one-1.md]\n  - file: two.md\n    sections: [app-a.md]\nappendices: [app-b.md]\n"
	files := map[string]string{
		"pre.md":   "# 前言\n\n短。\n",
		"one.md":   "# One\n\nText.\n",
		"one-1.md": "# One point one\n\nText.\n",
		"two.md":   "# 附录\n\nText.\n",
		"app-a.md": "# 附录A 常见坑\n\nText.\n",
		"app-b.md": "# Appendix B Gems\n\nText.\n",
	}
	for _, tc := range []struct {
		name, pdf string
		anyPage   bool
	}{
		{"default", "", false},
		{"right", "pdf: {chapter_start: right}\n", false},
		{"any", "pdf: {chapter_start: any}\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := map[string]string{"book.yaml": "title: T\nlanguage: zh-CN\n" + chapters + tc.pdf}
			for k, v := range files {
				fs[k] = v
			}
			b, d := typesetBook(t, testenv.WriteBook(t, fs))
			checkRectos(t, b, d, !tc.anyPage)
			// Appendix A, a section in the manifest, opens a page.
			if p := d.Dests[destName(4, "")]; !startsPage(d, p) {
				t.Errorf("appendix A starts mid-page (page %d at %.1f)", p.Page+1, p.Y)
			}
		})
	}
	b, d := typesetBook(t, "../../testdata/featurebook/book.yaml")
	if b.Cover == nil {
		t.Fatal("the feature book has no cover")
	}
	if !d.Pages[1].Blank {
		t.Error("the cover's back is not blank")
	}
	checkRectos(t, b, d, true)
}

// startsPage reports whether dest is the first thing on its page.
func startsPage(d *Document, dest Dest) bool {
	p := d.Pages[dest.Page]
	return dest.Y <= p.Block.Y+0.01
}

// checkRectos checks the right-hand pages of d (see TestRectos).
func checkRectos(t *testing.T, b *book.Book, d *Document, right bool) {
	t.Helper()
	title := 0
	if b.Cover != nil {
		title = 2
	}
	if p := d.Pages[title]; p.Folio || p.Blank || p.Index%2 != 0 {
		t.Errorf("page %d is not the title page", title+1)
	}
	one := -1
	for _, p := range d.Pages {
		if p.Label == "1" {
			one = p.Index
			break
		}
	}
	if one < 0 || one%2 != 0 {
		t.Errorf("page 1 is page %d of the file, a left-hand page", one+1)
	}
	contents := -1
	for _, p := range d.Pages {
		if strings.Contains(pageText(p), lang.LabelsFor(b.Manifest.Language).Contents) {
			contents = p.Index
			break
		}
	}
	if contents%2 != 0 {
		t.Errorf("the contents start on page %d of the file, a left-hand page", contents+1)
	}
	for _, ch := range b.Chapters {
		dest, ok := d.Dests[destName(ch.Index, "")]
		if !ok {
			t.Errorf("%s: no destination", ch.Path)
			continue
		}
		if ch.Depth == 0 && !startsPage(d, dest) {
			t.Errorf("%s starts mid-page", ch.Path)
		}
		if right && ch.Depth == 0 && dest.Page%2 != 0 {
			t.Errorf("%s starts on page %d of the file, a left-hand page", ch.Path, dest.Page+1)
		}
	}
	blanks := 0
	for _, p := range d.Pages {
		if p.Blank {
			blanks++
			if len(p.Items) > 0 || len(p.Links) > 0 || p.Folio || p.Header {
				t.Errorf("blank page %d carries %d items, %d links", p.Index+1, len(p.Items), len(p.Links))
			}
		}
	}
	if right && blanks == 0 {
		t.Error("no blank page: nothing was checked")
	}
}

// TestPageModelCompact checks that the page model, most of the memory a
// build holds, carries no spare capacity: each page's items, links and
// code rows are allocated at their exact size. And that no two rules
// share their ends, which placing them on the page moves.
func TestPageModelCompact(t *testing.T) {
	b, set := load(t, "../../testdata/featurebook/book.yaml")
	d, err := Typeset(b, set)
	if err != nil {
		t.Fatal(err)
	}
	ends := map[*Extra]int{}
	var links, code int
	for _, p := range d.Pages {
		for _, c := range []struct {
			what     string
			len, cap int
		}{{"items", len(p.Items), cap(p.Items)}, {"links", len(p.Links), cap(p.Links)}, {"code rows", len(p.Code), cap(p.Code)}} {
			if c.cap != c.len {
				t.Errorf("page %d: %d %s in room for %d", p.Index+1, c.len, c.what, c.cap)
			}
		}
		links += len(p.Links)
		code += len(p.Code)
		for i := range p.Items {
			if it := &p.Items[i]; it.Kind == Rule {
				if k, ok := ends[it.Extra]; ok {
					t.Errorf("page %d: a rule shares its ends with one of page %d", p.Index+1, k+1)
				}
				ends[it.Extra] = p.Index
			}
		}
	}
	if links == 0 || code == 0 || len(ends) == 0 {
		t.Errorf("the feature book has %d links, %d code rows and %d rules: the test checks nothing", links, code, len(ends))
	}
}
