package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// TestBooksEmbedFonts builds real books with their fonts embedded and
// checks each EPUB: every character is drawn by the face the fonts package
// chose, from an embedded subset that has its glyph (checkEPUBFonts), and
// epubcheck reports nothing (cmd/ebook's tests run it on the content/ book
// and the feature book, built with their fonts). For gopl-zh the embedded
// fonts together must stay within 1.5 MB (each full WenKai face is 15.7 MB).
func TestBooksEmbedFonts(t *testing.T) {
	root := testenv.Root(t)
	books := []struct {
		name      string
		manifest  func(t *testing.T) string
		maxFonts  int // bytes; 0 for no limit
		epubcheck bool
		missing   int // characters the coverage report names
	}{
		{"content", func(*testing.T) string { return filepath.Join(root, "book.yaml") }, 0, false, 0},
		{"featurebook", func(*testing.T) string {
			return filepath.Join(root, "testdata", "featurebook", "book.yaml")
		}, 0, false, 0},
		{"coverage", func(*testing.T) string { return filepath.Join("testdata", "coverage", "book.yaml") }, 0, true, 7},
		{"gopl-zh", func(t *testing.T) string { return testenv.CorpusManifest(t) }, 1_500_000, true, 0},
	}
	for _, bk := range books {
		t.Run(bk.name, func(t *testing.T) {
			manifest := bk.manifest(t)
			if _, err := os.Stat(manifest); err != nil {
				t.Skipf("%s: %v", manifest, err)
			}
			out := t.TempDir()
			var diags diag.List
			// With a version, so that the generated colophon page, in
			// the book's language, is checked too.
			res, err := Run(Options{Manifest: manifest, OutDir: out, Date: epoch, Version: "1.2.3"}, &diags)
			if err != nil {
				t.Fatalf("%v\n%v", err, diags.Items())
			}
			// The built-in fonts have every character of these books
			// but those the coverage book is made of.
			missing := 0
			for _, d := range diags.Items() {
				if strings.Contains(d.Message, "is in no font of its chain") {
					missing++
					if bk.missing == 0 {
						t.Error(d)
					}
				}
			}
			if missing != bk.missing {
				t.Errorf("the coverage report names %d characters, want %d", missing, bk.missing)
			}
			data, err := os.ReadFile(res[0].Path)
			if err != nil {
				t.Fatal(err)
			}
			files := testenv.VerifyEPUB(t, data)
			total, n := 0, 0
			var sizes []string
			for name, f := range files {
				if strings.HasPrefix(name, "EPUB/fonts/") {
					total += len(f)
					n++
					sizes = append(sizes, filepath.Base(name)+" "+itoa(len(f)))
				}
			}
			if n == 0 {
				t.Fatal("no font embedded")
			}
			t.Logf("%d fonts, %d bytes: %s", n, total, strings.Join(sizes, ", "))
			if bk.maxFonts > 0 && total > bk.maxFonts {
				t.Errorf("the embedded fonts take %d bytes, more than %d", total, bk.maxFonts)
			}
			checkEPUBFonts(t, files, loadSet(t, manifest))
			if bk.epubcheck {
				testenv.CleanEPUBCheck(t, res[0].Path)
			}
		})
	}
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}
