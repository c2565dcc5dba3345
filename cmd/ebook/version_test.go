package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
)

// TestBookVersion builds the feature book with a version: it ends with a
// colophon in the book's language that shows the version and the build
// date in UTC, listed in the navigation, and the package metadata records
// the version; epubcheck has nothing to say.
func TestBookVersion(t *testing.T) {
	out := t.TempDir()
	// 2023-11-14 22:13:20 UTC: the 15th already east of UTC+2.
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	manifest := filepath.Join("..", "..", "testdata", "featurebook", "book.yaml")
	code, stdout, stderr := ebook(t, env, "build", "--book-version", "v1.2.3-rc.1+exp", "--out", out, manifest)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "21 chapters") {
		t.Errorf("the colophon is not counted as a chapter: %s", stdout)
	}
	p := filepath.Join(out, "feature-book.epub")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	files := testenv.VerifyEPUB(t, data)
	colophon := string(files["EPUB/xhtml/c0021.xhtml"])
	for _, want := range []string{
		`<section class="chapter" epub:type="colophon" role="doc-colophon">`,
		`<h1 id="colophon">版本信息</h1>`,
		`版本：v1.2.3-rc.1+exp<br/>构建日期：2023年11月14日<br/>标识符：urn:uuid:7d4f2b8e-3c1a-5e6f-9a0b-1c2d3e4f5a6b`,
		`由 ebook ` + version + ` 构建。`,
	} {
		if !strings.Contains(colophon, want) {
			t.Errorf("the colophon lacks %s:\n%s", want, colophon)
		}
	}
	opf := string(files["EPUB/package.opf"])
	if !strings.Contains(opf, `<meta property="schema:version">v1.2.3-rc.1+exp</meta>`) ||
		!strings.Contains(opf, `<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>`) {
		t.Errorf("the package metadata lack the version or the build date:\n%s", opf)
	}
	if !strings.HasSuffix(strings.TrimSpace(strings.Split(opf, "<spine")[1]), `<itemref idref="c0021.xhtml"/>
  </spine>
</package>`) {
		t.Errorf("the colophon is not last in the reading order:\n%s", opf)
	}
	if !strings.Contains(string(files["EPUB/nav.xhtml"]), `<li><a href="xhtml/c0021.xhtml">版本信息</a></li>`) {
		t.Error("the colophon is not in the table of contents")
	}
	testenv.CleanEPUBCheck(t, p)
}

// TestBookVersionRejected: a version that is unsafe in a file name is a
// usage error with one clear message, and nothing is written.
func TestBookVersionRejected(t *testing.T) {
	dir := t.TempDir()
	testenv.WriteTree(t, dir, map[string]string{"book.yaml": "title: T\nlanguage: en\nchapters: [a.md]\n", "a.md": "# A\n"})
	for _, v := range []string{"v1/2", "../../etc/x", "-rf", ".hidden", "v1 beta", "v1;rm", "版本1", "v1\n", strings.Repeat("v", 101)} {
		out := filepath.Join(dir, "out")
		code, stdout, stderr := ebook(t, nil, "build", "--book-version", v, "--out", out, filepath.Join(dir, "book.yaml"))
		want := "ebook build: --book-version: version " + `"` + strings.ReplaceAll(v, "\n", `\n`) + `"`
		if code != exitUsage || !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("--book-version %q: exit %d, stderr %q; want exit 2 and one line starting %q", v, code, stderr, want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("--book-version %q: the output folder was created", v)
		}
	}
}
