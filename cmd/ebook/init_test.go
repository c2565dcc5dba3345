package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
)

// execCLI runs the command line args as the ebook command would, with
// NO_COLOR unset and a fixed SOURCE_DATE_EPOCH.
func execCLI(args ...string) (code int, stdout, stderr string) {
	var out, errs bytes.Buffer
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	code = run(args, &out, &errs, func(k string) string { return env[k] })
	return code, out.String(), errs.String()
}

// TestInitNewBook creates a book, builds and checks it, and checks that a
// second init overwrites nothing.
func TestInitNewBook(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mybook")
	code, out, errs := execCLI("init", dir)
	if code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	for _, f := range []string{"book.yaml", "content/introduction.md", ".gitignore", "Makefile"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("init did not write %s", f)
		}
	}
	manifest := filepath.Join(dir, "book.yaml")
	if code, out, errs := execCLI("check", "--strict", manifest); code != 0 || !strings.Contains(out, "no problems in 1 chapter") {
		t.Errorf("check of the new book: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := execCLI("build", "--out", filepath.Join(dir, "dist"), manifest); code != 0 || errs != "" {
		t.Errorf("build of the new book: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "dist", "my-book.epub")); err != nil {
		t.Errorf("no EPUB: %v", err)
	}

	// Again: book.yaml exists, so nothing is written.
	os.WriteFile(filepath.Join(dir, "content/introduction.md"), []byte("# Mine\n"), 0o644)
	code, _, errs = execCLI("init", dir)
	if code != 1 || !strings.Contains(errs, "book.yaml already exists; nothing was written") {
		t.Errorf("second init: exit %d, %s", code, errs)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "content/introduction.md")); string(data) != "# Mine\n" {
		t.Error("a second init overwrote a chapter")
	}
}

// TestInitKeepsFiles checks that init in a folder with a Makefile and a
// .gitignore of its own leaves them as they are.
func TestInitKeepsFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Makefile"), []byte("all:\n\techo mine\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("*.o\n"), 0o644)
	code, out, errs := execCLI("init", dir)
	if code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "kept "+filepath.Join(dir, "Makefile")+": it exists already") {
		t.Errorf("init does not say it kept the Makefile:\n%s", out)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "Makefile")); string(data) != "all:\n\techo mine\n" {
		t.Error("init overwrote the Makefile")
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); string(data) != "*.o\n" {
		t.Error("init overwrote .gitignore")
	}
}

// TestInitFromBadInput checks that a SUMMARY.md that cannot become a book
// gives its messages, exit status 1, and no book.yaml.
func TestInitFromBadInput(t *testing.T) {
	bad := filepath.Join("..", "..", "pipeline", "importer", "testdata", "bad")
	tests := []struct{ name, want string }{
		{"outside/book", `SUMMARY.md:4:3: error: chapter file "../secret.md" is outside the folder of SUMMARY.md`},
		{"twice", `SUMMARY.md:4:5: error: chapter file "./one.md" is listed twice (first at line 3)`},
		{"empty", `SUMMARY.md: error: the table of contents is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			code, out, errs := execCLI("init", "--from", filepath.Join(bad, tt.name, "SUMMARY.md"), dir)
			if code != 1 || !strings.Contains(errs, tt.want) || !strings.Contains(errs, "nothing was written") {
				t.Errorf("exit %d\nstdout: %s\nstderr: %s\nwant %q", code, out, errs, tt.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("files written: %v", entries)
			}
		})
	}
}

// TestInitFromGoplZH runs what the issue asks for, from the repository's
// root: ebook init --from ../shared/corpus/gopl-zh/SUMMARY.md, then builds
// the book and validates it with epubcheck, which must report nothing.
func TestInitFromGoplZH(t *testing.T) {
	corpus := testenv.Corpus(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	from := filepath.Join(corpus, "SUMMARY.md")
	if rel, err := filepath.Rel(root, from); err == nil {
		from = rel // ../shared/corpus/gopl-zh/SUMMARY.md where the corpus is beside the repository
	}
	dir := t.TempDir()
	code, out, errs := execCLI("init", "--from", from, dir)
	if code != 0 || !strings.Contains(out, "124 chapters") {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	manifest := filepath.Join(dir, "book.yaml")
	code, out, errs = execCLI("build", "--allow-outside", corpus, "--out", filepath.Join(dir, "dist"), manifest)
	if code != 0 || !strings.Contains(out, "124 chapters") {
		t.Fatalf("build: exit %d\n%s%s", code, out, errs)
	}
	report, err := testenv.EPUBCheck(t, filepath.Join(dir, "dist", "gopl-zh.epub"))
	clean := err == nil && testenv.EPUBCheckClean(report)
	if !clean {
		t.Errorf("epubcheck:\n%s", report)
	}
}
