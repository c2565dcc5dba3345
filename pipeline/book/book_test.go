package book

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

func pngBytes(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func load(t *testing.T, manifest string) (*Book, []diag.Diagnostic) {
	t.Helper()
	var d diag.List
	b := Load(manifest, Options{}, &d)
	return b, d.Items()
}

func TestLoadResolves(t *testing.T) {
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": `title: T
language: zh-CN
front: [preface.md]
chapters:
  - part: 第一部分
    chapters:
      - file: ch1/ch1.md
        title: 第一章（清单标题）
        sections: [ch1/ch1-01.md]
  - ch2.md
back: [notitle.md]
output: {toc_depth: 2}
`,
		"preface.md":    "# 前言\n\nSee [chapter 1](ch1/ch1.md), [its section](ch1/ch1-01.md#%E5%B9%B6%E5%8F%91) and [本章](#前言).\n",
		"ch1/ch1.md":    "# 第一章\n\n## 背景\n\n### Deep\n\n![图](../images/a.png?raw=true \"图一\")\n",
		"ch1/ch1-01.md": "## 1.1 小节\n\n## 并发\n\nBack to [the preface](../preface.md#前言) and <a href=\"../ch2.md#anchor\">raw</a>.\n",
		"ch2.md":        "# Two\n\n<a name=\"anchor\"></a>\n\n<img src=\"images/a.png\"> [web](https://go.dev) ![remote](https://example.com/x.png)\n",
		"notitle.md":    "Just text.\n",
		"images/a.png":  pngBytes(t, 4, 3),
	})
	b, diags := load(t, m)
	if b == nil {
		t.Fatalf("load failed: %v", diags)
	}
	var warnings []string
	for _, d := range diags {
		warnings = append(warnings, relative(d.String(), filepath.Dir(m)))
	}
	want := []string{
		"ch2.md:5:1: warning: image images/a.png has no alternative text: describe it in ![...], or give it a caption (图 1-1 …) on the line under it",
		"ch2.md:5:48: warning: remote image https://example.com/x.png is not fetched at build time; its alt text is shown instead",
		"notitle.md: warning: the chapter has no heading and no title in the manifest; its file name \"notitle\" is its title",
	}
	if strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}

	var titles []string
	for _, ch := range b.Chapters {
		titles = append(titles, ch.Title)
	}
	if got := strings.Join(titles, "|"); got != "前言|第一章|1.1 小节|Two|notitle" {
		t.Errorf("titles = %s", got)
	}
	// The heading names the chapter, not the manifest's title, and stays.
	if got := doc.InlineText(b.Chapters[1].Blocks[0].Children); got != "第一章" {
		t.Errorf("body heading changed to %q", got)
	}
	// A chapter without a heading gets one.
	if h := b.Chapters[4].Blocks[0]; h.Kind != doc.Heading || !h.Generated || h.ID != "notitle" {
		t.Errorf("generated heading = %s", doc.Dump(b.Chapters[4].Blocks[:1]))
	}

	links := map[string]*doc.Target{}
	for _, ch := range b.Chapters {
		doc.Walk(ch.Blocks, func(n *doc.Node) bool {
			if n.Kind == doc.Link {
				links[ch.Path+" "+doc.InlineText(n.Children)] = n.Link
			}
			return true
		})
	}
	check := func(key string, want doc.Target) {
		t.Helper()
		if got := links[key]; got == nil || *got != want {
			t.Errorf("link %q -> %+v, want %+v", key, got, want)
		}
	}
	check("preface.md chapter 1", doc.Target{Chapter: 1})
	check("preface.md its section", doc.Target{Chapter: 2, Anchor: "并发"})
	check("preface.md 本章", doc.Target{Chapter: 0, Anchor: "前言"})
	check("ch1/ch1-01.md the preface", doc.Target{Chapter: 0, Anchor: "前言"})
	check("ch1/ch1-01.md raw", doc.Target{Chapter: 3, Anchor: "anchor"})
	check("ch2.md web", doc.Target{URL: "https://go.dev"})

	if len(b.Images) != 1 || b.Images[0].Path != "images/a.png" || b.Images[0].Width != 4 || b.Images[0].MediaType != "image/png" {
		t.Errorf("images = %+v", b.Images)
	}

	var toc []string
	var walk func([]*TOCEntry, string)
	walk = func(es []*TOCEntry, indent string) {
		for _, e := range es {
			toc = append(toc, indent+e.Title)
			walk(e.Entries(), indent+"  ")
		}
	}
	walk(b.TOC, "")
	wantTOC := "前言|第一部分|  第一章|    背景|    1.1 小节|      并发|Two|notitle"
	if got := strings.Join(toc, "|"); got != wantTOC {
		t.Errorf("toc:\n%s\nwant\n%s", got, wantTOC)
	}
	if b.TOC[1].Linked {
		t.Error("a part without an introduction file is linked")
	}
}

func TestLoadErrors(t *testing.T) {
	base := "title: T\nlanguage: en\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"missing chapter", map[string]string{"book.yaml": base + "chapters: [a.md, missing.md]\n", "a.md": "# A\n"},
			`book.yaml:3:18: error: chapter file "missing.md" not found`},
		{"corrupt image", map[string]string{"book.yaml": base + "chapters: [a.md]\n", "a.md": "# A\n\n![x](x.png)\n", "x.png": "\x89PNG\r\n\x1a\nbroken"},
			`a.md:3:1: error: image "x.png" is damaged`},
		{"not an image", map[string]string{"book.yaml": base + "chapters: [a.md]\n", "a.md": "# A\n\n![x](x.png)\n", "x.png": "hello"},
			`a.md:3:1: error: image "x.png" is not a PNG, JPEG, GIF or SVG image`},
		{"empty image", map[string]string{"book.yaml": base + "chapters: [a.md]\n", "a.md": "# A\n\n![x](x.png)\n", "x.png": ""},
			`a.md:3:1: error: image "x.png" is empty`},
		{"invalid UTF-8", map[string]string{"book.yaml": base + "chapters: [a.md]\n", "a.md": "# A\n\nab\xffc\n"},
			`a.md:3:3: error: invalid UTF-8 (byte 0xff): save the file as UTF-8`},
		{"UTF-16", map[string]string{"book.yaml": base + "chapters: [a.md]\n", "a.md": "\xff\xfe#\x00"},
			`a.md: error: the file is UTF-16; save it as UTF-8`},
		{"missing cover", map[string]string{"book.yaml": base + "cover: c.png\nchapters: [a.md]\n", "a.md": "# A\n"},
			`book.yaml:3:8: error: cover "c.png" not found`},
		{"chapter is a folder", map[string]string{"book.yaml": base + "chapters: [d.md]\n", "d.md/x": ""},
			`book.yaml:3:12: error: chapter file "d.md" is not a regular file`},
		{"missing root", map[string]string{"book.yaml": base + "root: nowhere\nchapters: [a.md]\n"},
			`book.yaml:3:7: error: cannot open the book's folder`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testenv.WriteBook(t, tt.files)
			b, diags := load(t, m)
			if b != nil {
				t.Error("Load returned a book despite errors")
			}
			var errs []string
			for _, d := range diags {
				if d.Severity == diag.Error {
					errs = append(errs, relative(d.String(), filepath.Dir(m)))
				}
			}
			if len(errs) != 1 || !strings.HasPrefix(errs[0], tt.want) {
				t.Errorf("errors:\n%s\nwant one starting:\n%s", strings.Join(errs, "\n"), tt.want)
			}
		})
	}
}

// relative strips the temporary folder from a message's path.
func relative(msg, dir string) string {
	return strings.TrimPrefix(strings.ReplaceAll(msg, dir+string(filepath.Separator), ""), dir)
}

func TestSymlinksOutside(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("# secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "secret.png"), []byte(pngBytes(t, 1, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: T\nlanguage: en\nchapters: [a.md, link.md, loop.md]\n",
		"a.md":      "# A\n\n![s](img.png)\n",
	})
	dir := filepath.Dir(m)
	for name, target := range map[string]string{
		"link.md": filepath.Join(outside, "secret.md"),
		"img.png": filepath.Join(outside, "secret.png"),
		"loop.md": "loop2.md",
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
	if err := os.Symlink("loop.md", filepath.Join(dir, "loop2.md")); err != nil {
		t.Fatal(err)
	}
	_, diags := load(t, m)
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, relative(d.String(), dir))
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{
		`book.yaml:3:18: error: chapter file "link.md" is outside the book's folder (a symbolic link leads to`,
		`book.yaml:3:27: error: chapter file "loop.md" is a loop of symbolic links`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	// The image error comes only once the chapters parse; here the build
	// stops at the chapter errors. Check the image on its own.
	f, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loadImage(f, "img.png", nil, dataChecks{}); err == nil || !strings.Contains(err.Error(), "outside the book's folder") {
		t.Errorf("image through a symlink out of the book: %v", err)
	}
}

func TestSymlinkInsideAllowed(t *testing.T) {
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml":    "title: T\nlanguage: en\nchapters: [alias.md]\n",
		"real/real.md": "# Real\n",
	})
	if err := os.Symlink(filepath.Join(filepath.Dir(m), "real", "real.md"), filepath.Join(filepath.Dir(m), "alias.md")); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	if b, diags := load(t, m); b == nil {
		t.Errorf("a symbolic link inside the book was refused: %v", diags)
	}
}

func TestBOMAndCRLF(t *testing.T) {
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: T\nlanguage: en\nchapters: [a.md]\n",
		"a.md":      "\xef\xbb\xbf# Title\r\n\r\nline one\r\nline two\rthree\n",
	})
	b, diags := load(t, m)
	if b == nil {
		t.Fatal(diags)
	}
	if got := doc.Dump(b.Chapters[0].Blocks); got != `(h level=1 id=title "Title") (p "line one line two three")` {
		t.Errorf("got %s", got)
	}
}

// TestDanglingSymlink checks that a chapter, image or link that is a
// symbolic link to nothing says so, naming the link's target, at the
// reference's position, rather than calling the file missing; and that a
// link to nothing outside the book's folder is outside, as one to
// something is: a message must not tell whether a file outside exists.
func TestDanglingSymlink(t *testing.T) {
	const base = "title: T\nlanguage: en\n"
	tests := []struct {
		name  string
		files map[string]string
		links map[string]string // name: target; OUT/ is a folder outside the book
		want  string
	}{
		{
			name:  "chapter",
			files: map[string]string{"book.yaml": base + "chapters: [a.md, s.md]\n", "a.md": "# A\n"},
			links: map[string]string{"s.md": "gone.md"},
			want:  `book.yaml:3:18: error: chapter file "s.md" is a symbolic link to "gone.md", which does not exist`,
		},
		{
			name:  "image",
			files: map[string]string{"book.yaml": base + "chapters: [a.md]\n", "a.md": "# A\n\nText ![pic](img/s.png).\n"},
			links: map[string]string{"img/s.png": "../pics/gone.png"},
			want:  `a.md:3:6: warning: image "img/s.png" is a symbolic link to "../pics/gone.png", which does not exist: its alt text is shown in its place`,
		},
		{
			name:  "folder on the image's path",
			files: map[string]string{"book.yaml": base + "chapters: [a.md]\n", "a.md": "# A\n\nText ![pic](img/x.png).\n"},
			links: map[string]string{"img": "pictures"},
			want:  `a.md:3:6: warning: image "img/x.png": img is a symbolic link to "pictures", which does not exist: its alt text is shown in its place`,
		},
		{
			name:  "link",
			files: map[string]string{"book.yaml": base + "chapters: [a.md]\n", "a.md": "# A\n\nSee [b](b.md).\n"},
			links: map[string]string{"b.md": "old/b.md"},
			want:  `a.md:3:5: warning: link to "b.md": b.md is a symbolic link to "old/b.md", which does not exist: the link was removed, its text kept`,
		},
		{
			name:  "image to nothing outside",
			files: map[string]string{"book.yaml": base + "chapters: [a.md]\n", "a.md": "# A\n\nText ![pic](s.png).\n"},
			links: map[string]string{"s.png": "OUT/gone.png"},
			want:  `a.md:3:6: error: image "s.png" is outside the book's folder (a symbolic link leads to OUT/gone.png)`,
		},
		{
			name:  "link to nothing outside",
			files: map[string]string{"book.yaml": base + "chapters: [a.md]\n", "a.md": "# A\n\nSee [b](b.md).\n"},
			links: map[string]string{"b.md": "OUT/gone.md"},
			want:  `a.md:3:5: error: link to "b.md" leads outside the book's folder (a symbolic link leads to OUT/gone.md)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := filepath.EvalSymlinks(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			m := testenv.WriteBook(t, tt.files)
			dir := filepath.Dir(m)
			for name, target := range tt.links {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				target = strings.Replace(target, "OUT", out, 1)
				if err := os.Symlink(filepath.FromSlash(target), p); err != nil {
					t.Skipf("cannot make symbolic links here: %v", err)
				}
			}
			_, diags := load(t, m)
			var got []string
			for _, d := range diags {
				got = append(got, strings.ReplaceAll(relative(d.String(), dir), out, "OUT"))
			}
			if strings.Join(got, "\n") != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}

// TestHasCallouts checks that a callout is found wherever a chapter holds
// one: among its blocks, nested in a list, or in a footnote.
func TestHasCallouts(t *testing.T) {
	callout := func() *doc.Node {
		return &doc.Node{Kind: doc.Callout, Children: []*doc.Node{{Kind: doc.Paragraph}}}
	}
	for _, tt := range []struct {
		name string
		ch   *Chapter
		want bool
	}{
		{"none", &Chapter{Blocks: []*doc.Node{{Kind: doc.Paragraph}},
			Footnotes: []*doc.Footnote{{Blocks: []*doc.Node{{Kind: doc.Paragraph}}}}}, false},
		{"block", &Chapter{Blocks: []*doc.Node{{Kind: doc.Paragraph}, callout()}}, true},
		{"nested", &Chapter{Blocks: []*doc.Node{{Kind: doc.List, Children: []*doc.Node{
			{Kind: doc.ListItem, Children: []*doc.Node{callout()}}}}}}, true},
		{"footnote", &Chapter{Blocks: []*doc.Node{{Kind: doc.Paragraph}},
			Footnotes: []*doc.Footnote{{Blocks: []*doc.Node{callout()}}}}, true},
	} {
		b := &Book{Chapters: []*Chapter{{Blocks: []*doc.Node{{Kind: doc.Paragraph}}}, tt.ch}}
		if got := b.HasCallouts(); got != tt.want {
			t.Errorf("%s: HasCallouts() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestSVGUndrawnWarnings: an SVG picture or inline SVG that uses what the
// PDF does not draw (filters, masks, patterns) is a warning at each use,
// naming what, and none when it uses nothing of the kind.
func TestSVGUndrawnWarnings(t *testing.T) {
	const pat = `<defs><pattern id="p" width="4" height="4"><circle r="1"/></pattern><mask id="m"/></defs>`
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: T\nlanguage: en\nchapters: [a.md]\n",
		"a.md": "# A\n\n![f](f.svg)\n\n![mp](mp.svg)\n\n![plain](plain.svg)\n\n" +
			`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">` + pat + `<rect width="4" height="4" fill="url(#p)"/></svg>` + "\n",
		"f.svg":     `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" filter="url(#b)"/></svg>`,
		"mp.svg":    `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">` + pat + `<rect width="4" height="4" fill="url(#p)" mask="url(#m)"/></svg>`,
		"plain.svg": `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>`,
	})
	b, diags := load(t, m)
	if b == nil {
		t.Fatalf("load failed: %v", diags)
	}
	var got []string
	for _, d := range diags {
		got = append(got, relative(d.String(), filepath.Dir(m)))
	}
	want := []string{
		`a.md:3:1: warning: image "f.svg" uses an SVG filter, which the PDF cannot draw: the PDF draws its shapes without it, the EPUB the drawing`,
		`a.md:5:1: warning: image "mp.svg" uses an SVG mask and pattern, which the PDF cannot draw: the PDF draws its shapes without them, the EPUB the drawing`,
		`a.md:9:1: warning: inline SVG uses a pattern, which the PDF cannot draw: the PDF draws its shapes without it, the EPUB the drawing`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
