package layout

import (
	"strings"
	"testing"
	"unicode"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
)

// squeeze drops the spaces of s: the contents, the bookmarks and the pages
// space Chinese and Latin by position, not with characters.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestOneTitle: a chapter's entry in the contents, its bookmark, its
// running head and the heading on its opening page say the same, with its
// number when chapters are numbered, even where the manifest gives another
// title; the running head spaces Chinese and Latin as the body does.
func TestOneTitle(t *testing.T) {
	long := strings.Repeat("Go语言的历史很长。", 400)
	files := map[string]string{
		"pre.md": "# 序言\n\n谢谢。\n",
		"one.md": "# Go语言创世纪\n\n" + long + "\n",
		"two.md": "Text without a heading.\n",
	}
	for _, tc := range []struct{ name, extra string }{
		{"plain", ""},
		{"numbered", "pdf: {numbering: chapters}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := map[string]string{"book.yaml": "title: T\nlanguage: zh-CN\nfront: [{file: pre.md, title: 前言}]\n" +
				"chapters: [{file: one.md, title: 创世纪}, {file: two.md, title: 第二章}]\n" + tc.extra}
			for k, v := range files {
				fs[k] = v
			}
			b, d := typesetBook(t, testenv.WriteBook(t, fs))
			want := []string{"序言", "Go语言创世纪", "第二章"}
			if tc.name == "numbered" {
				want[1], want[2] = "第1章　Go语言创世纪", "第2章　第二章"
			}
			checkTitles(t, b, d, want)
			// The running head of the long chapter: "Go", a quarter em,
			// "语言创世纪".
			spaced := 0
			for _, p := range d.Pages {
				var prev *Item
				for i := range p.Items {
					it := &p.Items[i]
					if !it.Furniture || it.Kind != Glyphs {
						continue
					}
					if prev != nil && strings.HasSuffix(prev.Text, "Go") && strings.HasPrefix(it.Text, "语言") {
						if gap := it.X - (prev.X + prev.W); gap < 0.2*it.Size() {
							t.Errorf("page %d: running head %q|%q, %.2f pt apart", p.Index+1, prev.Text, it.Text, gap)
						}
						spaced++
					}
					prev = it
				}
			}
			if spaced == 0 {
				t.Error("no running head of the long chapter checked")
			}
		})
	}
	b, d := typesetBook(t, "../../testdata/featurebook/book.yaml")
	var want []string
	for _, ch := range b.Chapters {
		want = append(want, ch.Title)
	}
	checkTitles(t, b, d, want)
}

// checkTitles checks that every chapter of b is called want[i] in the
// contents, the bookmarks, the running heads of its pages and on its
// opening page.
func checkTitles(t *testing.T, b *book.Book, d *Document, want []string) {
	t.Helper()
	marks := map[string]string{}
	var walk func([]*Bookmark)
	walk = func(bms []*Bookmark) {
		for _, bm := range bms {
			if _, dup := marks[bm.Dest]; !dup {
				marks[bm.Dest] = bm.Title
			}
			walk(bm.Children)
		}
	}
	walk(d.Outline)
	contents := map[string]string{}
	for _, e := range contentsPages(t, b, d) {
		if _, dup := contents[e.dest]; !dup {
			contents[e.dest] = strings.Join(e.runs, "")
		}
	}
	parts := map[int]bool{}
	for _, e := range flatTOC(b.TOC) {
		if e.Kind == book.TOCPart {
			parts[e.Chapter] = true
		}
	}
	for i, ch := range b.Chapters {
		name := destName(ch.Index, "")
		w := want[i]
		if !strings.HasSuffix(w, ch.Title) {
			t.Errorf("%s: title %q, want %q", ch.Path, ch.Title, w)
		}
		if parts[ch.Index] {
			continue // a part's entry shows the part's title
		}
		if got := marks[name]; got != w {
			t.Errorf("%s: bookmark %q, want %q", ch.Path, got, w)
		}
		if got := contents[name]; !strings.HasPrefix(squeeze(got), squeeze(w)) {
			t.Errorf("%s: contents entry %q, want %q", ch.Path, got, w)
		}
		dest := d.Dests[name]
		var opening strings.Builder
		for _, it := range d.Pages[dest.Page].Items {
			if it.Kind == Glyphs && !it.Furniture && it.Y > dest.Y {
				opening.WriteString(it.Text)
			}
		}
		if got := squeeze(opening.String()); !strings.Contains(got, squeeze(ch.Title)) || !strings.HasPrefix(got, squeeze(strings.TrimSuffix(w, ch.Title))) {
			t.Errorf("%s: its opening page reads %.40q, want %q", ch.Path, got, w)
		}
		if ch.Depth > 0 {
			continue
		}
		// The running heads of its left-hand pages.
		for _, p := range d.Pages[dest.Page+1:] {
			if !p.Header {
				break
			}
			if p.Index%2 == 0 {
				continue
			}
			var head strings.Builder
			for _, it := range p.Items {
				if it.Furniture && it.Kind == Glyphs && it.Text != p.Label {
					head.WriteString(it.Text)
				}
			}
			if got := squeeze(head.String()); got != squeeze(w) && !(strings.HasSuffix(got, "…") && strings.HasPrefix(squeeze(w), strings.TrimSuffix(got, "…"))) {
				t.Errorf("%s: page %d: running head %q, want %q", ch.Path, p.Index+1, got, w)
			}
		}
	}
}
