package check

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func lines(d *diag.List) []string {
	var out []string
	for _, x := range d.Items() {
		out = append(out, x.String())
	}
	return out
}

// TestGolden checks a book seeded with one instance of every problem: each
// is reported once, at its position. The golden file is read by eye; the
// list below pins each problem independently of it.
func TestGolden(t *testing.T) {
	var d diag.List
	res := Run("testdata/problems/book.yaml", Options{}, &d)
	if res.Book == nil {
		t.Fatal("the book did not load")
	}
	got := strings.Join(lines(&d), "\n") + "\n"
	p := "testdata/problems.golden"
	if *update {
		os.WriteFile(p, []byte(got), 0o644)
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("report differs from %s:\n%s\nwant:\n%s", p, got, want)
	}

	problems := []struct{ what, line string }{
		{"link to a missing chapter", `testdata/problems/links.md:3:13: warning: link to missing file "missing.md": the link was removed, its text kept`},
		{"link to a missing anchor", `testdata/problems/links.md:5:13: warning: link to "intro.md#no-such-heading": intro.md has no heading or anchor "no-such-heading"; the link goes to the start of the chapter`},
		{"missing image", `testdata/problems/links.md:7:52: warning: image "images/gone.png" not found: its alt text is shown in its place`},
		{"not an image", `testdata/problems/links.md:11:30: error: image "images/fake.png" is not a PNG, JPEG, GIF or SVG image`},
		{"remote image", `testdata/problems/links.md:9:17: warning: remote image https://example.com/logo.png is not fetched`},
		{"unused image", `testdata/problems/images/unused.png: warning: image not used by any chapter`},
		{"unlisted Markdown", `testdata/problems/notes.md: warning: Markdown file not listed in book.yaml`},
		{"Latin-1 mojibake", `testdata/problems/style.md:3:12: warning: "Â·" looks like mojibake, UTF-8 text read as Windows-1252: it should probably read "·"`},
		{"GBK mojibake", `testdata/problems/style.md:5:6: warning: "缂栫爜" looks like mojibake, UTF-8 text read as GBK: it should probably read "编码"`},
		{"skipped heading level", `testdata/problems/style.md:7:1: warning: heading level 3 follows level 1: level 2 is skipped`},
		{"renamed anchor", `testdata/problems/style.md:11:1: warning: heading anchor #install is already used in this chapter`},
		{"empty chapter", `testdata/problems/empty.md:1:1: warning: the chapter is empty`},
	}
	all := lines(&d)
	if len(all) != len(problems) {
		t.Errorf("%d messages for %d problems", len(all), len(problems))
	}
	for _, p := range problems {
		n := 0
		for _, l := range all {
			if strings.HasPrefix(l, p.line) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: reported %d times, want once as %s", p.what, n, p.line)
		}
	}
}

// TestContentBook checks the repository's own book: nothing to report.
func TestContentBook(t *testing.T) {
	manifest := filepath.Join(testenv.Root(t), "book.yaml")
	var d diag.List
	if res := Run(manifest, Options{}, &d); res.Book == nil || d.Len() > 0 {
		t.Errorf("ebook check on the content/ book:\n%s", strings.Join(lines(&d), "\n"))
	}
}

// TestEveryStage checks that problems of every stage of loading are
// reported together: a chapter file that cannot be read does not hide the
// broken links and unused images of the others.
func TestEveryStage(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("book.yaml", "title: T\nlanguage: en\nchapters:\n  - content/a.md\n  - content/gone.md\n  - content/b.md\n")
	write("content/a.md", "# A\n\n[x](b.md#nowhere)\n")
	write("content/b.md", "# B\n\n#### Deep\n\nText.\n")
	write("content/c.md", "# C\n")
	write("README.md", "# The repository\n")
	write("other/d.md", "# Not in a content folder\n")
	var d diag.List
	Run(filepath.Join(dir, "book.yaml"), Options{}, &d)
	var got []string
	for _, l := range lines(&d) {
		got = append(got, strings.TrimPrefix(l, dir+"/"))
	}
	want := []string{
		`book.yaml:5:5: error: chapter file "content/gone.md" not found`,
		`content/a.md:3:1: warning: link to "b.md#nowhere": content/b.md has no heading or anchor "nowhere"; the link goes to the start of the chapter`,
		`content/b.md:3:1: warning: heading level 4 follows level 1: level 2 is skipped (write ##)`,
		`content/c.md: warning: Markdown file not listed in book.yaml: it is not part of the book`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestIncludedMarkdown checks that a Markdown file a chapter includes
// ({{#include}}) is not reported as a file the manifest does not list.
func TestIncludedMarkdown(t *testing.T) {
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml":          "title: T\nlanguage: en\nchapters: [cli/a.md]\n",
		"cli/a.md":           "# A\n\n{{#include arg-watcher.md}}\n",
		"cli/arg-watcher.md": "Shared text.\n",
		"cli/other.md":       "# Other\n",
	})
	var d diag.List
	Run(m, Options{}, &d)
	var got []string
	for _, l := range lines(&d) {
		got = append(got, strings.TrimPrefix(l, filepath.Dir(m)+"/"))
	}
	want := `cli/other.md: warning: Markdown file not listed in book.yaml: it is not part of the book`
	if strings.Join(got, "\n") != want {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

func TestTopmost(t *testing.T) {
	tests := []struct{ in, want string }{
		{"content content/a content/a/b images", "content images"},
		{"b a a/x ab", "a ab b"},
		{"x . y", "."},
		{"", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(topmost(strings.Fields(tt.in)), " "); got != tt.want {
			t.Errorf("topmost(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNotBookFolders checks that Markdown files and images in folders that
// are not part of the book are not reported: vendored packages, and
// folders of example code beside the chapters that hold nothing the book
// uses. The same files beside the chapters are.
func TestNotBookFolders(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			// Guards the rule that was already there: vendor/ is skipped.
			name:  "vendor",
			files: map[string]string{"websockets/vendor/github.com/gorilla/websocket/CHANGELOG.md": "# Changes\n"},
		},
		{
			name: "code folder",
			files: map[string]string{
				"hello/v1/main.go":  "package main\n",
				"hello/v1/NOTES.md": "# How to run it\n",
				"hello/v1/out.png":  "",
				"ws/v2/go.mod":      "module example.com/ws\n",
				"ws/v2/DESIGN.md":   "# Design\n",
			},
		},
		{
			// A folder that holds a chapter is the book's, code or not.
			name: "code beside a chapter",
			files: map[string]string{
				"server/main.go":  "package main\n",
				"server/notes.md": "# Notes\n",
			},
			want: []string{"server/notes.md: warning: Markdown file not listed in book.yaml: it is not part of the book"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"book.yaml":        "title: T\nlanguage: en\nchapters:\n  - intro.md\n  - server/README.md\n",
				"intro.md":         "# Intro\n\nText.\n",
				"server/README.md": "# Server\n\nText.\n",
			}
			for k, v := range tt.files {
				files[k] = v
			}
			for name, content := range files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var d diag.List
			Run(filepath.Join(dir, "book.yaml"), Options{}, &d)
			var got []string
			for _, l := range lines(&d) {
				got = append(got, strings.TrimPrefix(l, dir+"/"))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestCheckRecordsPictures: with a disk cache, the check records the PNG
// whose compressed data it inflated, as a build does, so that the next
// check or build does not inflate it again.
func TestCheckRecordsPictures(t *testing.T) {
	_, png := testenv.EmptyIDATPNG(8, 8)
	m := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: T\nlanguage: en\nchapters: [a.md]\n",
		"a.md":      "# A\n\n![a picture](p.png)\n",
		"p.png":     string(png),
	})
	entries := func(dir string) int {
		n := 0
		filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return nil
		})
		return n
	}
	c, err := filecache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var d diag.List
	Run(m, Options{DiskCache: c}, &d)
	if d.HasErrors() {
		t.Fatal(lines(&d))
	}
	if n := entries(c.Dir()); n != 1 {
		t.Errorf("the cache holds %d entries after the check, want 1: the PNG's", n)
	}
}
