package epub

import (
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
)

// TestFigures checks the XHTML of captioned figures, tables and listings,
// of an author's HTML figure and of an epigraph: one <figure> with its
// <figcaption>, and no text a screen reader would read twice.
func TestFigures(t *testing.T) {
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: T\nlanguage: zh-CN\nchapters: [a.md]\n",
		"a.md": "# 第一章\n\n*道可道，非常道。*\n\n正文。\n\n![](d.svg)\n\n*图 1-1 一张图*\n\n" +
			"![A teal box](d.svg)\n\n图 1-2 盒子\n\n" +
			"| a |\n|---|\n| 1 |\n\n*表 1-1 数字*\n\n" +
			"<figure>\n<img src=\"d.svg\" alt=\"box\">\n<figcaption>Figure 3: <em>the</em> box</figcaption>\n</figure>\n",
		"d.svg": svgImage,
	})
	data, err := Write(loadBook(t, m), Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	files := testenv.VerifyEPUB(t, data)
	x := string(files["EPUB/xhtml/c0001.xhtml"])
	for _, want := range []string{
		`<blockquote class="epigraph" epub:type="epigraph" role="doc-epigraph"><p>道可道，非常道。</p>`,
		`<figure><img src="../images/d.svg" alt="图 1-1 一张图"/><figcaption aria-hidden="true">图 1-1 一张图</figcaption></figure>`,
		`<figure><img src="../images/d.svg" alt="A teal box"/><figcaption>图 1-2 盒子</figcaption></figure>`,
		`<figure><figcaption>表 1-1 数字</figcaption><table>`,
		`<figure><img src="../images/d.svg" alt="box"/><figcaption>Figure 3: <em>the</em> box</figcaption></figure>`,
	} {
		if !strings.Contains(x, want) {
			t.Errorf("lacks %s\n%s", want, x)
		}
	}
	if strings.Contains(x, `<em class="cjk">`) {
		t.Errorf("an epigraph or caption kept its emphasis:\n%s", x)
	}
}
