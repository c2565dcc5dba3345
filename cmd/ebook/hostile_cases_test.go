package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/goregular"

	"github.com/gobook/ebook/internal/testenv"
)

// The cases of the bad-input catalogue that a hostile author writes
// (issue 21): inputs within every limit that crashed the build, fetched
// remote content, read files from outside the repository, or cost minutes
// or gigabytes. Each is generated here, small, at test time.

const svgHead = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20">`

// validated checks a build that succeeded with the validators: epubcheck
// without any message and qpdf --check clean (skipped under -short, and
// where they are missing outside CI).
func validated(also ...func(t *testing.T, c *caseEnv)) func(t *testing.T, c *caseEnv) {
	return func(t *testing.T, c *caseEnv) {
		for _, f := range also {
			f(t, c)
		}
		dir := t.TempDir()
		epub, pdf := filepath.Join(dir, "b.epub"), filepath.Join(dir, "b.pdf")
		mustWrite(t, epub, string(c.epub))
		mustWrite(t, pdf, string(c.pdf))
		testenv.CleanEPUBCheck(t, epub)
		if _, err := exec.LookPath("qpdf"); err != nil {
			testenv.Missing(t, "qpdf")
		}
		if out, err := exec.Command("qpdf", "--check", pdf).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	}
}

// without fails the case if an output holds any of the strings.
func without(bad ...string) func(t *testing.T, c *caseEnv) {
	return func(t *testing.T, c *caseEnv) {
		files := testenv.VerifyEPUB(t, c.epub)
		for name, data := range files {
			for _, b := range bad {
				if strings.Contains(string(data), b) {
					t.Errorf("%s holds %q", name, b)
				}
			}
		}
	}
}

// svgUses is a drawing whose uses of uses multiply: levels of groups, each
// using the one below ten times ("billion laughs").
func svgUses(levels int) string {
	s := svgHead + `<defs><rect id="l0" width="1" height="1"/>`
	for i := 1; i <= levels; i++ {
		s += fmt.Sprintf(`<g id="l%d">`, i) + strings.Repeat(fmt.Sprintf(`<use href="#l%d"/>`, i-1), 10) + `</g>`
	}
	return s + fmt.Sprintf(`</defs><use href="#l%d"/></svg>`, levels)
}

// gfmTable is a GitHub table of cols columns, a header and rows rows.
func gfmTable(cols, rows int) string {
	row := func(cell string) string { return "|" + strings.Repeat(cell+"|", cols) + "\n" }
	s := row("a") + row("-")
	for range rows {
		s += row("x")
	}
	return s
}

// goTables are the tables of Go Regular, to change one at a time.
func goTables() map[string][]byte {
	tables := map[string][]byte{}
	font := goregular.TTF
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := range n {
		rec := font[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		tables[string(rec[:4])] = font[off : off+length]
	}
	return tables
}

func fontWithout(tag string) string {
	tables := goTables()
	delete(tables, tag)
	return string(testenv.Font(tables))
}

func fontWithShortPost() string {
	tables := goTables()
	tables["post"] = tables["post"][:10]
	return string(testenv.Font(tables))
}

// fontCollection60 is a collection of 60 faces of Go Regular whose format
// 4 cmap has 8,000 segments, each spanning the plane: 157 s to load one
// face after the other before the segments were budgeted.
func fontCollection60(t testing.TB) string {
	const segs = 8000
	sub := make([]byte, 16+8*segs)
	binary.BigEndian.PutUint16(sub[0:], 4)
	binary.BigEndian.PutUint16(sub[2:], uint16(len(sub)))
	binary.BigEndian.PutUint16(sub[6:], uint16(2*segs))
	for i := range segs {
		binary.BigEndian.PutUint16(sub[14+2*i:], 0xFFFE)
		binary.BigEndian.PutUint16(sub[16+2*segs+2*i:], 1)
	}
	tables := goTables()
	tables["cmap"] = append([]byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}, sub...)
	face := testenv.Font(tables)
	faces := make([][]byte, 60)
	for i := range faces {
		faces[i] = face
	}
	return string(testenv.FontCollection(t, faces...))
}

func hostileCases(t testing.TB) []badCase {
	emptyIDAT, _ := testenv.EmptyIDATPNG(200, 100)
	var headings strings.Builder
	headings.WriteString("# A\n\n")
	for range 50_000 {
		headings.WriteString("## usage\n")
	}
	var sameImages strings.Builder
	files := map[string]string{}
	sameImages.WriteString("# A\n\n")
	for i := range 20_000 {
		// Names that all make the EPUB name "img-x_.png".
		name := fmt.Sprintf("img/x%c.png", rune(0x4E00+i))
		files[name] = png1
		fmt.Fprintf(&sameImages, "![](%s)\n", name)
	}
	files["a.md"] = sameImages.String()
	remoteCSS := "# A\n\n<svg width=\"40\" height=\"20\">" +
		"<style>@imp<!-- -->ort \"http://tracker.example/a.css\";</style>" +
		"<style><![CDATA[@imp]]><![CDATA[ort \"http://tracker.example/b.css\";]]></style>" +
		"<style>rect{fill:\\75 rl(http://tracker.example/c)} g{background:image-set(\"http://tracker.example/d\" 1x)}</style>" +
		"<rect width=\"4\" height=\"4\" fill=\"url(http://tracker.example/e)\" filter=\"url(http://tracker.example/f#x)\" mask=\"url(http://tracker.example/g)\"/>" +
		"<rect width=\"4\" height=\"4\" stroke=\"url(//tracker.example/h)\" clip-path=\"url(http://tracker.example/i)\" marker-end=\"url(http://tracker.example/j)\"/>" +
		"</svg>\n\n<p style=\"background:\\75 rl(http://tracker.example/k)\">styled</p>\n"
	return []badCase{
		// 1. Drawings whose references never end or multiply: refused
		// by the SVG cleaner, which check and build both run.
		{name: "hostile: SVG use of itself", files: map[string]string{"img/p.png": svgHead + "\n<use id=\"u\" href=\"#u\"/></svg>"}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is damaged: line 2, column 1: the reference to #u makes a cycle`}},
		{name: "hostile: SVG use of its group", files: map[string]string{"a.md": "# A\n\n" + svgHead + `<g id="g"><rect width="1" height="1"/><use xlink:href="#g"/></g></svg>` + "\n"},
			exit: exitOK, want: []string{`BOOK/a.md:3:1: warning: inline SVG dropped: line 1, column 145: the reference to #g makes a cycle`}, check: validated()},
		{name: "hostile: SVG billion laughs", files: map[string]string{"img/p.png": svgUses(9)}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is damaged: the drawing has more than 100000 elements with every <use> expanded`}},
		{name: "hostile: SVG of a million shapes", files: map[string]string{"img/p.png": svgHead + strings.Repeat(`<rect width="1" height="1"/>`, 1_000_000) + "</svg>"}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is damaged: the drawing has more than 100000 elements, the limit of one drawing`}},

		// 2. CSS that fetches, however it is spelt.
		{name: "hostile: SVG and HTML CSS that fetches", files: map[string]string{"a.md": remoteCSS}, exit: exitOK,
			want: []string{
				`BOOK/a.md:3:1: warning: inline SVG: "@import \"http://tracker.example/a.css\"" in the style sheet`,
				`BOOK/a.md:3:1: warning: inline SVG: "url(http://tracker.example/e)" in the fill attribute`,
				`BOOK/a.md:5:1: warning: style "background:url(http://tracker.example/k)" on <p> dropped`,
			}, check: validated(without("tracker.example"))},
		{name: "hostile: SVG file with a remote fill", files: map[string]string{"img/p.png": svgHead + `<rect width="4" height="4" fill="url(http://tracker.example/e)"/></svg>`}, exit: exitOK,
			want:  []string{`BOOK/a.md:3:21: warning: image "img/p.png": "url(http://tracker.example/e)" in the fill attribute (line 1, column 107 of the SVG) dropped`},
			check: validated(without("tracker.example"))},

		// 3. Quadratic work.
		chapterCase("hostile: 50,000 identical headings", headings.String(), exitOK),
		{name: "hostile: 20,000 images of the same EPUB name", files: files, exit: exitOK},

		// 5. book.yaml's size.
		{name: "hostile: book.yaml of 64 GB (sparse)", setup: func(t *testing.T, c *caseEnv) {
			if err := os.Truncate(filepath.Join(c.book, "book.yaml"), 64<<30); err != nil {
				t.Skipf("no sparse file here: %v", err)
			}
		}, exit: exitBuild, want: []string{"BOOK/book.yaml: error: cannot read the manifest: it is 68719476736 bytes, more than the limit of 1048576"}},
		manifestCase("hostile: 2 MB of comments", head+"chapters: [a.md]\n"+strings.Repeat("# a comment of some length, repeated\n", 60_000),
			"BOOK/book.yaml: error: cannot read the manifest: it is 2220039 bytes, more than the limit of 1048576"),

		// 7. Containment.
		{name: "hostile: root outside the repository", files: map[string]string{"book.yaml": head + "root: ../elsewhere\nchapters: [secret.md]\n"}, exit: exitBuild,
			want: []string{`BOOK/book.yaml:3:7: error: root "../elsewhere": the book's folder ELSE is outside the repository BOOK`}},
		{name: "hostile: absolute root", files: map[string]string{"book.yaml": head + "root: ELSEROOT\nchapters: [secret.md]\n"}, exit: exitBuild,
			setup: func(t *testing.T, c *caseEnv) {
				p := filepath.Join(c.book, "book.yaml")
				data, _ := os.ReadFile(p)
				mustWrite(t, p, strings.Replace(string(data), "ELSEROOT", c.elsewhere, 1))
			},
			want: []string{`BOOK/book.yaml:3:7: error: root "ELSE": the book's folder ELSE is outside the repository BOOK`}},
		{name: "hostile: root /", files: map[string]string{"book.yaml": head + "root: /\nchapters: [a.md]\n"}, exit: exitBuild,
			want: []string{`BOOK/book.yaml:3:7: error: root "/": the book's folder / is outside the repository BOOK`}},
		{name: "hostile: root through a symbolic link", files: map[string]string{"book.yaml": head + "root: link\nchapters: [secret.md]\n"}, exit: exitBuild,
			setup: symlink("link", "ELSE"),
			want:  []string{`BOOK/book.yaml:3:7: error: root "link": the book's folder ELSE is outside the repository BOOK`}},
		{name: "hostile: root allowed outside", files: map[string]string{"book.yaml": head + "root: ../elsewhere\nchapters: [secret.md]\n"}, exit: exitOK,
			args: []string{"--allow-outside", "ELSE"}},
		{name: "hostile: output folder a link out of the repository", files: map[string]string{"b.md": "# B\n\nChanged.\n"}, out: "BOOK/dist",
			setup: func(t *testing.T, c *caseEnv) { symlink("dist", "OUT")(t, c) }, exit: exitBuild,
			want: []string{"ebook build: the output folder BOOK/dist leads through the symbolic link BOOK/dist to OUT, outside the repository BOOK"}},
		{name: "hostile: output folder a dangling link", files: map[string]string{"b.md": "# B\n\nChanged.\n"}, out: "BOOK/dist",
			setup: func(t *testing.T, c *caseEnv) { symlink("dist", "ELSE/none")(t, c) }, exit: exitBuild,
			want: []string{"ebook build: the output folder BOOK/dist is a symbolic link to ELSE/none, which does not exist"}},

		// 4. CPU bombs: decode budgets checked before the work.
		{name: "hostile: progressive JPEG of 3,000 scans", files: map[string]string{"img/p.png": string(testenv.ManyScansJPEG(2000, 2000, 3000))}, exit: exitBuild,
			want: []string{`BOOK/a.md:3:21: error: image "img/p.png" is too large: it is a JPEG of 3000 scans of 2000×2000 pixels`}},
		{name: "hostile: font whose cmap segments each span the plane", files: map[string]string{
			"book.yaml": head + "chapters: [a.md, b.md]\nfonts:\n  body: [{file: f.ttc, index: 59}, default]\n", "f.ttc": fontCollection60(t)},
			exit: exitBuild, want: []string{`BOOK/book.yaml:5:17: error: font file "f.ttc" is damaged (its cmap's segments cover`}},

		// 6. Memory: budgets per table and per drawing.
		chapterCase("hostile: table of 1000 × 1000 cells", "# A\n\n"+gfmTable(1000, 1000), exitBuild,
			"BOOK/a.md:3:1: error: this table has 1002000 cells in 1000 columns, more than the limit of 100000 cells or 1000 columns of one table"),
		chapterCase("hostile: table of 100,000 columns", "# A\n\n"+gfmTable(100_000, 1), exitBuild,
			"BOOK/a.md:3:1: error: this table has 300000 cells in 100000 columns, more than the limit"),
		{name: "hostile: SVG of 20,000 shapes", files: map[string]string{"img/p.png": svgHead + strings.Repeat(`<rect width="1" height="1"/>`, 20_000) + "</svg>"}, exit: exitOK,
			want: []string{`BOOK/a.md:3:21: warning: image "img/p.png" cannot be drawn in the PDF: it has 20000 shapes, more than the 10000`}, check: validated()},

		// 3. goldmark's quadratic inputs, refused before it sees them.
		chapterCase("hostile: 500 kB of image openers", "# A\n\n"+strings.Repeat("![x](", 100_000)+"\n", exitBuild,
			`BOOK/a.md:3:1: error: from here on, links or images opened with "](" and not closed would take the Markdown parser minutes`),
		chapterCase("hostile: 800 kB of unterminated titles", "# A\n\n"+strings.Repeat("[a]: <b> '\n", 72_000), exitBuild,
			`BOOK/a.md:66:1: error: from here on, link reference definitions`),

		// 8. Numbers the PDF cannot hold; PNG data gopdf misreads.
		{name: "hostile: SVG text of size 1e308 and scale(1e300)", files: map[string]string{"a.md": "# A\n\n" + svgHead +
			`<text x="1" y="10" font-size="1e308">huge</text><g transform="scale(1e300)"><text x="1" y="1">scaled</text></g><text x="1" y="18">kept</text></svg>` + "\n"},
			exit: exitOK, check: validated()},
		{name: "hostile: PNG with an empty IDAT chunk", files: map[string]string{"img/p.png": string(emptyIDAT)}, exit: exitOK, check: validated()},

		// 9. Fonts that passed check and failed the build late.
		{name: "hostile: font without OS/2", files: map[string]string{
			"book.yaml": head + "chapters: [a.md, b.md]\nfonts:\n  body: [f.ttf, default]\n", "f.ttf": fontWithout("OS/2")},
			exit: exitBuild, want: []string{`BOOK/book.yaml:5:10: error: font file "f.ttf" has no OS/2 table`}},
		{name: "hostile: font with a short post table", files: map[string]string{
			"book.yaml": head + "chapters: [a.md, b.md]\nfonts:\n  body: [f.ttf, default]\n", "f.ttf": fontWithShortPost()},
			exit: exitBuild, want: []string{`BOOK/book.yaml:5:10: error: font file "f.ttf" is damaged (its post table has 10 bytes`}},

		// 10. Percent signs that start no escape.
		chapterCase("hostile: invalid percent-escapes", "# A\n\nSee <https://example.com/100%> and [z](https://example.com/%ZZ).\n", exitOK,
			`BOOK/a.md:3:5: warning: link to "https://example.com/100%": a % not followed by two hexadecimal digits`,
			`BOOK/a.md:3:36: warning: link to "https://example.com/%ZZ"`),

		// 13. A link's message must not tell whether a file outside exists.
		{name: "hostile: link through a link out, to a file that exists", files: map[string]string{"b.md": "# B\n\nsee [s](out/secret.md)\n"},
			setup: symlink("out", "ELSE"), exit: exitBuild,
			want: []string{`BOOK/b.md:3:5: error: link to "out/secret.md" leads outside the book's folder (a symbolic link leads to ELSE/secret.md)`}},
		{name: "hostile: link through a link out, to a file that does not", files: map[string]string{"b.md": "# B\n\nsee [s](out/none.md)\n"},
			setup: symlink("out", "ELSE"), exit: exitBuild,
			want: []string{`BOOK/b.md:3:5: error: link to "out/none.md" leads outside the book's folder (a symbolic link leads to ELSE/none.md)`}},
		{name: "hostile: control characters in the PDF's metadata", files: map[string]string{"book.yaml": "title: \"T\\e[31m\\a\"\nlanguage: en\nchapters: [a.md, b.md]\noutput: {name: t}\n"},
			exit: exitOK, check: validated(func(t *testing.T, c *caseEnv) {
				for _, m := range regexp.MustCompile(`<FEFF([0-9A-F]*)>`).FindAllSubmatch(c.pdf, -1) {
					for i := 0; i+4 <= len(m[1]); i += 4 {
						if u := string(m[1][i : i+4]); u < "0020" {
							t.Errorf("the PDF's text string %s holds U+%s", m[0], u)
						}
					}
				}
			})},

		// 12. Control characters in messages.
		{name: "hostile: control characters in a path", files: map[string]string{"book.yaml": head + "root: \"\\e]0;owned\\a\"\nchapters: [a.md]\n"}, exit: exitBuild,
			want: []string{`BOOK/book.yaml:3:7: error: cannot open the book's folder BOOK/\x1b]0;owned\x07: no such file or directory`}},
	}
}
