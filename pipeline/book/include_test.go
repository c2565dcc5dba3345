package book

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// paddle is the file of mdBook's guide on anchors, with a line after the
// anchors and numbered lines for ranges.
const paddle = `/* ANCHOR: all */
// ANCHOR: component
struct Paddle {
    hello: f32,
}
// ANCHOR_END: component
////////// ANCHOR: system
impl System for MySystem { ... }
////////// ANCHOR_END: system
/* ANCHOR_END: all */
`

// addOne is the rustdoc_include example of mdBook's guide.
const addOne = `fn main() {
    let x = add_one(2);
    assert_eq!(x, 3);
}

fn add_one(num: i32) -> i32 {
    num + 1
}
`

// TestDirectives loads one chapter, ch/a.md, using mdBook's directives,
// and compares its blocks (doc.Dump) and its diagnostics.
func TestDirectives(t *testing.T) {
	files := map[string]string{
		"ch/src/paddle.rs": paddle,
		"ch/src/add.rs":    addOne,
		"ch/part.md":       "Included *Markdown*, then code from its own folder:\n\n```rust\n{{#include src/add.rs:2}}\n```\n",
		"ch/self.md":       "{{#include self.md}}\n",
		"ch/loop1.md":      "{{#include loop2.md}}\n",
		"ch/loop2.md":      "{{#include loop1.md}}\n",
		"ch/latin1.rs":     "caf\xe9\n",
		"ch/empty.rs":      "",
		"outside.rs":       "fn outside() {}\n",
	}
	for i := 1; i <= MaxIncludeDepth+1; i++ {
		files[fmt.Sprintf("ch/deep/%d.md", i)] = fmt.Sprintf("%d {{#include %d.md}}", i, i+1)
	}
	tests := []struct {
		name, chapter string
		want          string // doc.Dump of the chapter's blocks after its heading
		diags         string // the chapter's diagnostics, one a line
	}{
		{"spaces", "```rust\n{{ #include src/add.rs:2 }}\n```\n",
			`(pre lang=rust "    let x = add_one(2);\n")`, ""},
		{"whole file", "```rust\n{{#include src/add.rs}}\n```\n",
			`(pre lang=rust "fn main() {\n    let x = add_one(2);\n    assert_eq!(x, 3);\n}\n\nfn add_one(num: i32) -> i32 {\n    num + 1\n}\n")`, ""},
		{"anchor", "```rust,no_run,noplayground\n{{#include src/paddle.rs:component}}\n```\n",
			`(pre lang=rust info=no_run,noplayground "struct Paddle {\n    hello: f32,\n}\n")`, ""},
		{"anchor holding anchors", "```\n{{#include src/paddle.rs:all}}\n```\n",
			`(pre "struct Paddle {\n    hello: f32,\n}\nimpl System for MySystem { ... }\n")`, ""},
		{"one line", "```\n{{#include src/add.rs:2}}\n```\n",
			`(pre "    let x = add_one(2);\n")`, ""},
		{"lines from to", "```\n{{#include src/add.rs:6:7}}\n```\n",
			`(pre "fn add_one(num: i32) -> i32 {\n    num + 1\n")`, ""},
		{"lines from", "```\n{{#include src/add.rs:7:}}\n```\n",
			`(pre "    num + 1\n}\n")`, ""},
		{"lines to", "```\n{{#include src/add.rs::2}}\n```\n",
			`(pre "fn main() {\n    let x = add_one(2);\n")`, ""},
		{"rustdoc_include", "```rust\n{{#rustdoc_include src/add.rs:2}}\n```\n",
			`(pre lang=rust "    let x = add_one(2);\n")`, ""},
		{"rustdoc_include anchor", "```rust\n{{#rustdoc_include src/paddle.rs:system}}\n```\n",
			`(pre lang=rust "impl System for MySystem { ... }\n")`, ""},
		{"rustdoc_include outside a rust fence", "```\n{{#rustdoc_include src/add.rs:7}}\n```\n",
			`(pre "# fn main() {\n#     let x = add_one(2);\n#     assert_eq!(x, 3);\n# }\n# \n# fn add_one(num: i32) -> i32 {\n    num + 1\n# }\n")`, ""},
		{"playground", "{{#playground src/add.rs editable}}\n",
			`(pre lang=rust info=editable "fn main() {\n    let x = add_one(2);\n    assert_eq!(x, 3);\n}\n\nfn add_one(num: i32) -> i32 {\n    num + 1\n}\n")`, ""},
		{"recursive", "{{#include part.md}}\n",
			`(p "Included " (em "Markdown") ", then code from its own folder:") (pre lang=rust "    let x = add_one(2);\n")`, ""},
		{"escaped", "```hbs\n\\{{#include src/add.rs}}\n```\n\n\\{{#title x}}\n",
			`(pre lang=hbs "{{#include src/add.rs}}\n") (p "{{#title x}}")`, ""},
		{"other preprocessors' syntax", "{{#toc}}{{/toc}} {{#unknown x}}\n",
			`(p "{{#toc}}{{/toc}} {{#unknown x}}")`, ""},
		{"empty file", "```\n{{#include empty.rs}}\n```\n", `(pre "\n")`, ""},
		// Problems: a warning at the directive, which stays as written;
		// what follows keeps its position (the image's warning).
		{"missing file", "```\n{{#include src/add.rs}}\n{{#include nope.rs}}\n```\n\n![r](https://example.com/r.png)\n",
			`(pre "fn main() {\n    let x = add_one(2);\n    assert_eq!(x, 3);\n}\n\nfn add_one(num: i32) -> i32 {\n    num + 1\n}\n{{#include nope.rs}}\n") (figure (img url=https://example.com/r.png "r"))`,
			"ch/a.md:5:1: warning: {{#include nope.rs}}: file \"ch/nope.rs\" not found; the directive is left as written\n" +
				"ch/a.md:8:1: warning: remote image https://example.com/r.png is not fetched at build time; its alt text is shown instead"},
		{"unknown anchor", "text {{#include src/paddle.rs:nope}}\n",
			`(p "text {{#include src/paddle.rs:nope}}")`,
			`ch/a.md:3:6: warning: {{#include src/paddle.rs:nope}}: no anchor "nope" in the file (a line with "ANCHOR: nope"); the directive is left as written`},
		{"bad range", "{{#include src/add.rs:5:2}} {{#include src/add.rs:20}}\n",
			`(p "{{#include src/add.rs:5:2}} {{#include src/add.rs:20}}")`,
			"ch/a.md:3:1: warning: {{#include src/add.rs:5:2}}: lines 5:2 select nothing of a file of 8 lines; the directive is left as written\n" +
				"ch/a.md:3:29: warning: {{#include src/add.rs:20}}: lines 20 select nothing of a file of 8 lines; the directive is left as written"},
		{"outside the book", "{{#include ../../outside.rs}}\n",
			`(p "{{#include ../../outside.rs}}")`,
			`ch/a.md:3:1: warning: {{#include ../../outside.rs}}: file "../outside.rs" is outside the book's folder; the directive is left as written`},
		{"cycle", "{{#include self.md}}\n",
			`(p "{{#include self.md}}")`,
			`ch/a.md:3:1: warning: {{#include self.md}} (in ch/self.md): "ch/self.md" includes itself (ch/self.md → ch/self.md); the directive is left as written`},
		{"longer cycle", "{{#include loop1.md}}\n",
			`(p "{{#include loop1.md}}")`,
			`ch/a.md:3:1: warning: {{#include loop1.md}} (in ch/loop2.md): "ch/loop1.md" includes itself (ch/loop1.md → ch/loop2.md → ch/loop1.md); the directive is left as written`},
		{"too deep", "{{#include deep/1.md}}\n",
			`(p "1 2 3 4 5 6 7 8 9 10 {{#include 11.md}}")`,
			`ch/a.md:3:1: warning: {{#include 11.md}} (in ch/deep/10.md): included files nest more than 10 levels deep (ch/a.md → ch/deep/1.md → ch/deep/2.md → ch/deep/3.md → ch/deep/4.md → ch/deep/5.md → ch/deep/6.md → ch/deep/7.md → ch/deep/8.md → ch/deep/9.md → ch/deep/10.md → ch/deep/11.md); the directive is left as written`},
		{"not UTF-8", "{{#include latin1.rs}}\n",
			`(p "{{#include latin1.rs}}")`,
			`ch/a.md:3:1: warning: {{#include latin1.rs}}: "ch/latin1.rs" is not UTF-8 (byte 0xe9 at line 1, column 4); the directive is left as written`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			book := map[string]string{
				"book/book.yaml": "title: T\nlanguage: en\nchapters: [ch/a.md]\n",
				"book/ch/a.md":   "# A\n\n" + tt.chapter,
			}
			for name, content := range files {
				if name != "outside.rs" {
					name = "book/" + name
				}
				book[name] = content
			}
			b, m := loadChecked(t, book, tt.diags)
			if got := doc.Dump(b.Chapters[0].Blocks[1:]); got != tt.want {
				t.Errorf("blocks:\n%s\nwant:\n%s", got, tt.want)
			}
			asked := sameIncludedFiles(t, b, m, false)
			for rel, n := range asked {
				if n > 1 || strings.HasPrefix(rel, "../") {
					t.Errorf("IncludedFiles read %q %d times", rel, n)
				}
			}
		})
	}
}

// TestDirectiveTitle checks {{#title}}: the title of a chapter without a
// heading unless the manifest gives one, as SUMMARY.md's entry names
// mdBook's sidebar entry; where there is a heading, the heading's text.
func TestDirectiveTitle(t *testing.T) {
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: T\nlanguage: en\nchapters: [a.md, {file: b.md, title: From the manifest}, c.md, {file: d.md, title: Manifest}]\n",
		"a.md":      "{{#title My Title}}\n# Heading\n",
		"b.md":      "{{#title Other}}\n# Heading\n",
		"c.md":      "{{#title My Title}}\nText.\n",
		"d.md":      "{{#title Other}}\nText.\n",
	})
	b, diags := load(t, m)
	if b == nil {
		t.Fatal(diags)
	}
	var titles []string
	for _, ch := range b.Chapters {
		titles = append(titles, ch.Title)
	}
	if got := strings.Join(titles, "|"); got != "Heading|Heading|My Title|Manifest" {
		t.Errorf("titles = %s", got)
	}
	if got := doc.Dump(b.Chapters[0].Blocks); got != `(h level=1 id=heading "Heading")` {
		t.Errorf("blocks = %s", got)
	}
}

// loadChecked writes files (paths from the folder above book/), loads
// book/book.yaml and checks that its diagnostics, with paths relative to
// the book's folder, are want. It returns the book and the manifest.
func loadChecked(t *testing.T, files map[string]string, want string) (*Book, string) {
	t.Helper()
	m := filepath.Join(filepath.Dir(testenv.WriteBook(t, files)), "book", "book.yaml")
	var d diag.List
	b := Load(m, Options{}, &d)
	var got []string
	for _, x := range d.Items() {
		got = append(got, relative(x.String(), filepath.Dir(m)))
	}
	if strings.Join(got, "\n") != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	if b == nil {
		t.Fatal("no book")
	}
	return b, m
}

// sameIncludedFiles checks that the importer's view of the files the
// first chapter includes (IncludedFiles) is the loader's, and returns how
// often it asked for each file.
func sameIncludedFiles(t *testing.T, b *Book, manifest string, templates bool) map[string]int {
	t.Helper()
	asked := map[string]int{}
	read := func(rel string) ([]byte, error) {
		asked[rel]++
		return os.ReadFile(filepath.Join(filepath.Dir(manifest), filepath.FromSlash(rel)))
	}
	got := IncludedFiles([]string{"ch/a.md"}, templates, read)
	if strings.Join(got, " ") != strings.Join(b.IncludePaths, " ") {
		t.Errorf("IncludedFiles: %q; the book's IncludePaths: %q", got, b.IncludePaths)
	}
	return asked
}

// TestIncludeRoot checks markdown.include_root: mdBook books include
// listings kept beside src/ ("../listings/x.rs"), which mdBook reads; with
// include_root: .., ebook reads them too, and still nothing outside that
// folder.
func TestIncludeRoot(t *testing.T) {
	tests := []struct {
		name, root, chapter string
		want                string // doc.Dump of the chapter's blocks after its heading
		diags               string
	}{
		{"beside src", "..", "```rust\n{{#include ../../listings/add.rs:2}}\n```\n",
			`(pre lang=rust "    let x = add_one(2);\n")`, ""},
		{"playground beside src", "..", "{{#playground ../../listings/add.rs editable}}\n",
			`(pre lang=rust info=editable "fn main() {\n    let x = add_one(2);\n    assert_eq!(x, 3);\n}\n\nfn add_one(num: i32) -> i32 {\n    num + 1\n}\n")`, ""},
		{"nested include beside src", "..", "{{#include ../../listings/part.md}}\n",
			`(pre lang=rust "    num + 1\n")`, ""},
		{"inside the book still", "..", "```\n{{#include local.rs}}\n```\n", `(pre "fn local() {}\n")`, ""},
		{"above include_root", "..", "{{#include ../../../outside.rs}}\n",
			`(p "{{#include ../../../outside.rs}}")`,
			`src/ch/a.md:3:1: warning: {{#include ../../../outside.rs}}: file "../../outside.rs" is outside the folder include_root names; the directive is left as written`},
		{"missing beside src", "..", "{{#include ../../listings/nope.rs}}\n",
			`(p "{{#include ../../listings/nope.rs}}")`,
			`src/ch/a.md:3:1: warning: {{#include ../../listings/nope.rs}}: file "listings/nope.rs" not found; the directive is left as written`},
		{"without include_root", "", "{{#include ../../listings/add.rs}}\n",
			`(p "{{#include ../../listings/add.rs}}")`,
			`src/ch/a.md:3:1: warning: {{#include ../../listings/add.rs}}: file "../listings/add.rs" is outside the book's folder; the directive is left as written`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yaml := "title: T\nlanguage: en\nroot: src\nchapters: [ch/a.md]\n"
			if tt.root != "" {
				yaml += "markdown: {include_root: " + tt.root + "}\n"
			}
			files := map[string]string{
				"proj/book.yaml":        yaml,
				"proj/src/ch/a.md":      "# A\n\n" + tt.chapter,
				"proj/src/ch/local.rs":  "fn local() {}\n",
				"proj/listings/add.rs":  addOne,
				"proj/listings/part.md": "```rust\n{{#include add.rs:7}}\n```\n",
				"outside.rs":            "fn outside() {}\n",
			}
			dir := filepath.Dir(testenv.WriteBook(t, files))
			m := filepath.Join(dir, "proj", "book.yaml")
			var d diag.List
			b := Load(m, Options{}, &d)
			var got []string
			for _, x := range d.Items() {
				got = append(got, relative(x.String(), filepath.Dir(m)))
			}
			if strings.Join(got, "\n") != tt.diags {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.diags)
			}
			if b == nil {
				t.Fatal("no book")
			}
			if got := doc.Dump(b.Chapters[0].Blocks[1:]); got != tt.want {
				t.Errorf("blocks:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
