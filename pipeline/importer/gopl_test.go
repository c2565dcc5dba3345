package importer

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/build"
	"github.com/gobook/ebook/pipeline/diag"
)

var (
	prefixLine = regexp.MustCompile(`^\[(.+)\]\((.+)\)\s*$`)
	listLine   = regexp.MustCompile(`^( *)[*-] \[(.+)\]\((.+)\)\s*$`)
)

// summaryEntries reads gopl-zh's SUMMARY.md line by line, independently of
// the importer: its prefix chapters are plain link lines, its chapters
// list items indented by two spaces a level.
func summaryEntries(t *testing.T, path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if m := prefixLine.FindStringSubmatch(line); m != nil {
			out = append(out, "front "+m[2]+" "+m[1])
		} else if m := listLine.FindStringSubmatch(line); m != nil {
			out = append(out, "chapters "+strings.Repeat("  ", len(m[1])/2)+m[3]+" "+m[2])
		} else if strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "# ") {
			t.Fatalf("SUMMARY.md line not understood by the test: %q", line)
		}
	}
	return out
}

// TestGoplZH imports the real gopl-zh book: the manifest must list the same
// chapters, in the same order and nesting, with the same titles as its
// SUMMARY.md, and the book must build.
func TestGoplZH(t *testing.T) {
	corpus := testenv.Corpus(t)
	dir := t.TempDir()
	summary := filepath.Join(corpus, "SUMMARY.md")
	var d diag.List
	r := Import(Options{Summary: summary, ManifestDir: dir}, &d)
	if r == nil {
		t.Fatalf("import failed:\n%s", messages(&d))
	}
	want := summaryEntries(t, summary)
	if len(want) != 124 {
		t.Fatalf("the test read %d entries in SUMMARY.md, want 124", len(want))
	}
	if got := flat(r.Manifest); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("entries differ from SUMMARY.md:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Chapters != 124 {
		t.Errorf("%d chapters, want 124", r.Chapters)
	}
	// GitBook's cover.jpg at the book's root; the title is README.md's
	// first heading.
	if m := r.Manifest; m.Cover != "cover.jpg" || m.Title != "Go语言圣经（中文版）" {
		t.Errorf("cover %q, title %q; want cover.jpg, Go语言圣经（中文版）", m.Cover, m.Title)
	}
	// The files SUMMARY.md does not list are reported, one by one.
	wantUnlisted := []string{"CONTRIBUTORS.md", "README.md", "appendix/appendix-z-index-good.md", "appendix/appendix-z-index.md", "links.md"}
	if strings.Join(r.Unlisted, " ") != strings.Join(wantUnlisted, " ") {
		t.Errorf("unlisted files %q, want %q", r.Unlisted, wantUnlisted)
	}
	if d.Count(diag.Warning) != len(wantUnlisted) || d.HasErrors() {
		t.Errorf("messages:\n%s", messages(&d))
	}

	manifestPath := filepath.Join(dir, "book.yaml")
	if err := os.WriteFile(manifestPath, r.YAML, 0o644); err != nil {
		t.Fatal(err)
	}
	var bd diag.List
	results, err := build.Run(build.Options{Manifest: manifestPath, OutDir: filepath.Join(dir, "dist"),
		Formats: []string{"epub"}, Date: time.Unix(1700000000, 0).UTC()}, &bd)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, messages(&bd))
	}
	if len(results) != 1 || results[0].Chapters != 124 {
		t.Fatalf("results: %+v", results)
	}
	// epubcheck validates this book in cmd/ebook's TestInitFromGoplZH,
	// which runs the whole path an author takes.
}
