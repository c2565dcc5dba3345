package pdf

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// copyFeatureBook copies the feature book into a temporary folder with
// pdf.standard: ua-1 and more lines of book.yaml (extra), each Markdown
// file passed through edit, and returns its manifest.
func copyFeatureBook(t *testing.T, extra string, edit func(string) string) string {
	t.Helper()
	src := filepath.Dir(featureBook)
	dir := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		to := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch {
		case rel == "book.yaml":
			data = append(data, "\npdf:\n  standard: ua-1\n"+extra...)
		case strings.HasSuffix(rel, ".md") && edit != nil:
			data = []byte(edit(string(data)))
		}
		return os.WriteFile(to, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "book.yaml")
}

// TestUA builds the feature book claiming PDF/UA-1: as it is (every image
// has alternative text, its own or its caption's), the PDF claims it and
// passes the checker with the PDF/UA rules; with the alternative text and
// captions taken away, CheckUA reports one error for each image, at the
// image in its Markdown file.
func TestUA(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the feature book")
	}
	t.Run("alt text", func(t *testing.T) {
		t.Parallel()
		manifest := copyFeatureBook(t, "", nil)
		var dl diag.List
		b := book.Load(manifest, book.Options{}, &dl)
		if b == nil || !b.Manifest.PDF.UA() {
			t.Fatalf("%v", dl.Items())
		}
		CheckUA(b, &dl)
		if dl.HasErrors() {
			t.Fatalf("the feature book forbids PDF/UA-1: %v", dl.Items())
		}
		bk := buildPDF(t, "feature-ua", manifest)
		if errs := checkTags(t, bk.path, true); len(errs) > 0 {
			t.Errorf("%d problems, the first: %s", len(errs), strings.Join(errs[:min(len(errs), 10)], "\n"))
		}
	})
	t.Run("no alt text", func(t *testing.T) {
		t.Parallel()
		// Every way the feature book gives an image a description:
		// its alternative text, a title (which becomes its caption), an
		// HTML alt or title, a figcaption, a caption paragraph.
		strip := []struct {
			re   *regexp.Regexp
			with string
		}{
			{regexp.MustCompile(`!\[[^\]]*\]`), "![]"},
			{regexp.MustCompile(`(\]\([^)\s]+)\s+"[^"]*"\)`), "$1)"},
			{regexp.MustCompile(`(?m)^(\[[^\]]+\]:\s*\S+)\s+"[^"]*"`), "$1"},
			{regexp.MustCompile(`\balt="[^"]*"`), `alt=""`},
			{regexp.MustCompile(`\btitle="[^"]*"`), ""},
			{regexp.MustCompile(`<figcaption>[^<]*</figcaption>`), ""},
		}
		manifest := copyFeatureBook(t, "markdown:\n  captions: false\n", func(s string) string {
			for _, r := range strip {
				s = r.re.ReplaceAllString(s, r.with)
			}
			return s
		})
		var dl diag.List
		b := book.Load(manifest, book.Options{}, &dl)
		if b == nil {
			t.Fatalf("%v", dl.Items())
		}
		images := 0
		for _, ch := range b.Chapters {
			doc.Walk(ch.Blocks, func(n *doc.Node) bool {
				if n.Kind == doc.Image {
					images++
				}
				return true
			})
		}
		var ua diag.List
		CheckUA(b, &ua)
		var errs []diag.Diagnostic
		for _, d := range ua.Items() {
			if d.Severity == diag.Error {
				errs = append(errs, d)
			}
		}
		if images < 20 || len(errs) != images {
			t.Fatalf("%d errors for %d images: %v", len(errs), images, errs)
		}
		for _, e := range errs {
			if !strings.Contains(e.Message, "no alternative text") {
				t.Errorf("%s: %s", e.Pos, e.Message)
				continue
			}
			data, err := os.ReadFile(e.Pos.Path)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(data), "\n")
			if e.Pos.Line < 1 || e.Pos.Line > len(lines) {
				t.Errorf("%s: no such line", e.Pos)
				continue
			}
			if at := []rune(lines[e.Pos.Line-1]); e.Pos.Col < 1 || e.Pos.Col > len(at) ||
				!strings.HasPrefix(string(at[e.Pos.Col-1:]), "![") && !strings.HasPrefix(string(at[e.Pos.Col-1:]), "<img") {
				t.Errorf("%s: not at an image: %q", e.Pos, lines[e.Pos.Line-1])
			}
		}
	})
}

// TestUAOneMessage checks that an image without alternative text gets one
// message at its position, as the build reports it (the book's load, then
// CheckUA into the same list): under ua-1 the error alone, not the load's
// warning beside it; otherwise the warning alone.
func TestUAOneMessage(t *testing.T) {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`
	tests := []struct {
		name     string
		pdf      string // the pdf: key of book.yaml
		severity diag.Severity
	}{
		{"ua-1", "pdf:\n  standard: ua-1\n", diag.Error},
		{"no standard", "", diag.Warning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testenv.WriteBook(t, map[string]string{
				"book.yaml": "title: T\nlanguage: en\nmarkdown:\n  captions: false\nchapters: [a.md]\n" + tt.pdf,
				"a.md":      "# A\n\nText ![](pic.svg) and more.\n",
				"pic.svg":   svg,
			})
			var dl diag.List
			b := book.Load(m, book.Options{}, &dl)
			if b == nil {
				t.Fatalf("%v", dl.Items())
			}
			if b.Manifest.PDF.UA() {
				CheckUA(b, &dl)
			}
			var at []diag.Diagnostic
			for _, d := range dl.Items() {
				if d.Pos.Line == 3 && d.Pos.Col == 6 {
					at = append(at, d)
				}
			}
			if len(at) != 1 || at[0].Severity != tt.severity || !strings.Contains(at[0].Message, "no alternative text") {
				t.Errorf("at a.md:3:6, want one %s about the alternative text, got %v (all: %v)", tt.severity, at, dl.Items())
			}
		})
	}
}

// TestSkippedLevel: the message names the levels the author wrote, and
// the #s that fix the skip, where the loader moved the file's headings.
func TestSkippedLevel(t *testing.T) {
	for _, tc := range []struct {
		level, written, prev int
		want                 string
	}{
		{3, 0, 1, "heading level 3 follows level 1: PDF/UA-1 (pdf.standard: ua-1) forbids skipping a level (write ##)"},
		// A section's file: # becomes level 2, ### level 4.
		{4, 3, 2, "heading level 3, moved to level 4 by its place in book.yaml, follows level 2: PDF/UA-1 (pdf.standard: ua-1) forbids skipping a level (write ##)"},
		// The first heading of a section's file, after its chapter's #.
		{3, 2, 1, "heading level 2, moved to level 3 by its place in book.yaml, follows level 1: PDF/UA-1 (pdf.standard: ua-1) forbids skipping a level (write #)"},
	} {
		n := &doc.Node{Kind: doc.Heading, Level: tc.level, WrittenLevel: uint8(tc.written)}
		if got := skippedLevel(n, tc.prev); got != tc.want {
			t.Errorf("level %d written %d after %d:\n got %s\nwant %s", tc.level, tc.written, tc.prev, got, tc.want)
		}
	}
}
