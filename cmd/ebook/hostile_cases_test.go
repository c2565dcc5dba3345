package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

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

func hostileCases() []badCase {
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

		// 12. Control characters in messages.
		{name: "hostile: control characters in a path", files: map[string]string{"book.yaml": head + "root: \"\\e]0;owned\\a\"\nchapters: [a.md]\n"}, exit: exitBuild,
			want: []string{`BOOK/book.yaml:3:7: error: cannot open the book's folder BOOK/\x1b]0;owned\x07: no such file or directory`}},
	}
}
