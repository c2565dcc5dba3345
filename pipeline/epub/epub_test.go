package epub

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/internal/unique"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
)

var epoch = time.Date(2024, 5, 6, 7, 8, 10, 0, time.UTC)

func loadBook(t testing.TB, manifest string) *book.Book {
	t.Helper()
	var d diag.List
	b := book.Load(manifest, book.Options{}, &d)
	if b == nil {
		t.Fatalf("loading %s: %v", manifest, d.Items())
	}
	return b
}

const svgImage = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="teal"/></svg>`

func sampleBook(t *testing.T) string {
	return testenv.WriteBook(t, map[string]string{
		"book.yaml": `title: 示例 & <Sample>
subtitle: A subtitle
authors: [张三, John Doe]
language: zh-CN
publisher: P
rights: CC BY 4.0
description: D
subjects: [Go, 编程]
date: "2020-01"
cover: img/d.svg
front: [pre.md]
chapters:
  - part: 第一部分
    chapters:
      - file: a.md
        sections: [b.md]
appendices: [c.md]
`,
		"pre.md":    "# 前言\n\n脚注[^1]。\n\n[^1]: 注释，[回到](a.md#第一节)。\n",
		"a.md":      "# 第一章\n\n## 第一节\n\n<svg width=\"10\" height=\"10\"><circle r=\"4\"/></svg>\n\n```go\nfunc main() { fmt.Println(\"你好\") }\n```\n\n- [x] done\n- [ ] todo\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n",
		"b.md":      "## 1.1 小节\n\n![图](img/d.svg \"标题\")\n\n[back](pre.md) [web](https://go.dev/?a=1&b=2)\n",
		"c.md":      "# 附录\n\n<a name=\"x\"></a>[self](#x)\n",
		"img/d.svg": svgImage,
	})
}

func TestWriteStructure(t *testing.T) {
	b := loadBook(t, sampleBook(t))
	data, err := Write(b, Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	files := testenv.VerifyEPUB(t, data)

	opf := string(files["EPUB/package.opf"])
	for _, want := range []string{
		`<dc:title id="title">示例 &amp; &lt;Sample&gt;</dc:title>`,
		`<dc:title id="subtitle">A subtitle</dc:title>`,
		`<dc:creator id="creator1">张三</dc:creator>`,
		`<dc:creator id="creator2">John Doe</dc:creator>`,
		`<dc:language>zh-CN</dc:language>`,
		`<dc:subject>编程</dc:subject>`,
		`<dc:date>2020-01</dc:date>`,
		`<meta property="dcterms:modified">2024-05-06T07:08:10Z</meta>`,
		`<dc:identifier id="pub-id">` + b.ID + `</dc:identifier>`,
		`href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"`,
		`href="xhtml/c0002.xhtml" media-type="application/xhtml+xml" properties="svg"`,
		`media-type="image/svg+xml" properties="cover-image"`,
	} {
		if !strings.Contains(opf, want) {
			t.Errorf("package.opf lacks %s\n%s", want, opf)
		}
	}
	ncx := string(files["EPUB/toc.ncx"])
	if !strings.Contains(ncx, `<meta name="dtb:uid" content="`+b.ID+`"/>`) {
		t.Errorf("toc.ncx does not carry the identifier in dtb:uid:\n%s", ncx)
	}
	nav := string(files["EPUB/nav.xhtml"])
	wantNav := []string{
		`<h1>目录</h1>`,
		`<li><a href="xhtml/c0001.xhtml">前言</a></li>`,
		`<li><span>第一部分</span>`,
		`<li><a href="xhtml/c0002.xhtml">第一章</a>`,
		`<li><a href="xhtml/c0002.xhtml#%E7%AC%AC%E4%B8%80%E8%8A%82">第一节</a></li>`,
		`<li><a href="xhtml/c0003.xhtml">1.1 小节</a></li>`,
		`<li><a href="xhtml/c0004.xhtml">附录</a></li>`,
	}
	last := -1
	for _, w := range wantNav {
		i := strings.Index(nav, w)
		if i < 0 || i < last {
			t.Errorf("nav.xhtml lacks %s (or out of order)\n%s", w, nav)
		}
		last = i
	}
	a := string(files["EPUB/xhtml/c0002.xhtml"])
	for _, want := range []string{
		`<section class="chapter" epub:type="chapter" role="doc-chapter">`,
		`<span class="kd">func</span>`,
		`<span class="task" role="img" aria-label="done">☑</span>`,
		`<th lang="en" xml:lang="en" class="align-center">a</th>`,
		`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"></circle></svg>`,
	} {
		if !strings.Contains(a, want) {
			t.Errorf("c0002.xhtml lacks %s\n%s", want, a)
		}
	}
	pre := string(files["EPUB/xhtml/c0001.xhtml"])
	for _, want := range []string{
		`<a epub:type="noteref" role="doc-noteref" id="fnref-1" href="#fn-1">1</a>`,
		`<aside class="footnote" epub:type="footnote" role="doc-footnote" id="fn-1"><p><span class="backlinks"><a role="doc-backlink" href="#fnref-1">1</a> </span>注释，<a href="c0002.xhtml#%E7%AC%AC%E4%B8%80%E8%8A%82">回到</a>。</p>`,
	} {
		if !strings.Contains(pre, want) {
			t.Errorf("c0001.xhtml lacks %s\n%s", want, pre)
		}
	}
	if !strings.Contains(string(files["EPUB/xhtml/c0003.xhtml"]), `<figure><img src="../images/img-d.svg" alt="图"/><figcaption>标题</figcaption></figure>`) {
		t.Errorf("figure missing:\n%s", files["EPUB/xhtml/c0003.xhtml"])
	}
}

// TestReproducible writes the same book twice, with different numbers of
// threads, and expects the same bytes; a different date changes them.
func TestReproducible(t *testing.T) {
	b := loadBook(t, sampleBook(t))
	one, err := Write(b, Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	two, err := Write(loadBook(t, sampleBook(t)), Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one, two) {
		t.Error("two builds of the same book differ")
	}
	three, _ := Write(b, Options{Modified: epoch.Add(time.Hour)})
	if bytes.Equal(one, three) {
		t.Error("the date does not reach the EPUB")
	}
}

func TestEPUBCheck(t *testing.T) {
	b := loadBook(t, sampleBook(t))
	data, err := Write(b, Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "sample.epub")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	testenv.CleanEPUBCheck(t, p)
}

func TestMediaName(t *testing.T) {
	used := unique.New(true)
	for _, tt := range []struct{ path, mt, want string }{
		{"images/ch1-01.png", "image/png", "images-ch1-01.png"},
		{"images/ch1-01.png.bak", "image/png", "images-ch1-01.png.png"},
		{"images/图 1.jpeg", "image/jpeg", "images-_1.jpg"},
		{"images/CH1-01.png", "image/png", "images-CH1-01-2.png"},
		{"测试.gif", "image/gif", "image.gif"},
	} {
		if got := mediaName(tt.path, tt.mt, used); got != tt.want {
			t.Errorf("mediaName(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestManyChapters writes a book of 20,000 chapters in linear time (go-epub
// alone took minutes: its AddSection lists every section so far) with
// every chapter in the manifest, the spine and the archive, titled.
func TestManyChapters(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 20,000 chapters")
	}
	const n = 20_000
	files := map[string]string{}
	var m strings.Builder
	m.WriteString("title: T\nlanguage: en\nchapters:\n")
	for i := range n {
		fmt.Fprintf(&m, "  - c%d.md\n", i)
		files[fmt.Sprintf("c%d.md", i)] = fmt.Sprintf("# Chapter <%d> & more\n\nx\n", i)
	}
	files["book.yaml"] = m.String()
	b := loadBook(t, testenv.WriteBook(t, files))
	start := time.Now()
	data, err := Write(b, Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("writing %d chapters took %v", n, d)
	}
	docs := testenv.VerifyEPUB(t, data)
	last := string(docs[fmt.Sprintf("EPUB/xhtml/c%05d.xhtml", n)])
	if !strings.Contains(last, fmt.Sprintf("<title dir=\"auto\">Chapter &lt;%d&gt; &amp; more</title>", n-1)) {
		t.Errorf("the last chapter's document:\n%s", last)
	}
	opf := string(docs["EPUB/package.opf"])
	if c := strings.Count(opf, "<itemref "); c != n+1 {
		t.Errorf("the spine has %d entries, want %d", c, n+1)
	}
}
