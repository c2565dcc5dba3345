package book

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/doc"
)

// TestStructure checks that headings take their level from the chapter's
// place in the manifest, that an emphasised paragraph under a chapter's
// title is its epigraph, that captions are recognised unless book.yaml
// turns them off, and the warning for an image without alternative text.
func TestStructure(t *testing.T) {
	files := map[string]string{
		"ch1.md":   "## 第一章\n\n*道可道，非常道。*\n\n*——老子*\n\nText.\n\n### 小节\n",
		"ch1-1.md": "# 1.1 Section\n\n*Not an epigraph: a section.*\n\n## 1.1.1 Sub\n",
		"ch2.md":   "# Two\n\nText first.\n\n*Not an epigraph.*\n\n![](a.png)\n\n*图 2-1 一张图*\n\n![](a.png)\n",
		"a.png":    pngBytes(t, 4, 3),
	}
	for _, captions := range []bool{true, false} {
		yaml := "title: T\nlanguage: zh-CN\nchapters:\n  - file: ch1.md\n    sections: [ch1-1.md]\n  - ch2.md\n"
		if !captions {
			yaml += "markdown: {captions: false}\n"
		}
		files["book.yaml"] = yaml
		m := testenv.WriteBook(t, files)
		b, diags := load(t, m)
		if b == nil {
			t.Fatalf("load failed: %v", diags)
		}
		got := []string{}
		for _, ch := range b.Chapters {
			got = append(got, doc.Dump(ch.Blocks))
		}
		want := []string{
			`(h level=1 id=第一章 "第一章") (epigraph (p "道可道，非常道。") (p "——老子")) (p lang=en "Text.") (h level=2 id=小节 "小节")`,
			`(h level=2 id=11-section "1.1 Section") (p lang=en (em "Not an epigraph: a section.")) (h level=3 id=111-sub "1.1.1 Sub")`,
			`(h level=1 id=two "Two") (p lang=en "Text first.") (p lang=en (em "Not an epigraph.")) (figure (img url=a.png "图 2-1 一张图") (caption "图 2-1 一张图")) (figure (img url=a.png))`,
		}
		if !captions {
			want[2] = `(h level=1 id=two "Two") (p lang=en "Text first.") (p lang=en (em "Not an epigraph.")) (figure (img url=a.png)) (p (em "图 2-1 一张图")) (figure (img url=a.png))`
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("captions %v, chapter %d:\ngot  %s\nwant %s", captions, i, got[i], want[i])
			}
		}
		var warnings []string
		for _, d := range diags {
			warnings = append(warnings, relative(d.String(), filepath.Dir(m)))
		}
		wantW := "ch2.md:11:1: warning: image a.png has no alternative text: describe it in ![...], or give it a caption (图 1-1 …) on the line under it"
		if !captions {
			wantW = "ch2.md:7:1: warning: image a.png has no alternative text: describe it in ![...], or give it a caption (图 1-1 …) on the line under it\n" + wantW
		}
		if g := strings.Join(warnings, "\n"); g != wantW {
			t.Errorf("captions %v: warnings\n%s\nwant\n%s", captions, g, wantW)
		}
		if b.Chapters[0].HeadingShift != -1 || b.Chapters[1].HeadingShift != 1 {
			t.Errorf("shifts %d %d, want -1 1", b.Chapters[0].HeadingShift, b.Chapters[1].HeadingShift)
		}
	}
}

// TestChapterWalk checks that Chapter.Walk visits the chapter's blocks,
// then each footnote's, in order, and skips the children of a node whose
// visit returns false.
func TestChapterWalk(t *testing.T) {
	text := func(s string) *doc.Node { return &doc.Node{Kind: doc.Text, Text: s} }
	para := func(s string) *doc.Node { return &doc.Node{Kind: doc.Paragraph, Children: []*doc.Node{text(s)}} }
	ch := &Chapter{
		Blocks: []*doc.Node{para("a"), {Kind: doc.BlockQuote, Children: []*doc.Node{para("skipped")}}, para("b")},
		Footnotes: []*doc.Footnote{
			{Index: 1, Blocks: []*doc.Node{para("n1")}},
			{Index: 2, Blocks: []*doc.Node{para("n2"), para("n2b")}},
		},
	}
	var got []string
	ch.Walk(func(n *doc.Node) bool {
		if n.Kind == doc.Text {
			got = append(got, n.Text)
		}
		return n.Kind != doc.BlockQuote
	})
	if want := "a b n1 n2 n2b"; strings.Join(got, " ") != want {
		t.Errorf("visited %q, want %q", strings.Join(got, " "), want)
	}
}
