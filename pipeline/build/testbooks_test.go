package build

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/importer"
)

// testBook is a book the end-to-end tests build: the name of its subtest
// and a function, run in the subtest, that returns its book.yaml (a corpus
// book skips the subtest when the corpus is absent).
type testBook struct {
	name     string
	manifest func(t *testing.T) string
}

// testBooks returns the books named, of: "content" (the repository's own
// book.yaml), "featurebook", "gopl-zh" and "bwag-zh" (imported from the
// corpus into a temporary folder).
func testBooks(t *testing.T, names ...string) []testBook {
	root := testenv.Root(t)
	all := map[string]func(t *testing.T) string{
		"content":     func(*testing.T) string { return filepath.Join(root, "book.yaml") },
		"featurebook": func(*testing.T) string { return filepath.Join(root, "testdata", "featurebook", "book.yaml") },
		"gopl-zh":     func(t *testing.T) string { return testenv.CorpusManifest(t) },
		"bwag-zh": func(t *testing.T) string {
			dir := t.TempDir()
			var dl diag.List
			r := importer.Import(importer.Options{Summary: testenv.CorpusBook(t, "bwag-zh"), ManifestDir: dir}, &dl)
			if r == nil {
				t.Fatalf("import bwag-zh: %v", dl.Items())
			}
			m := filepath.Join(dir, "book.yaml")
			if err := os.WriteFile(m, r.YAML, 0o644); err != nil {
				t.Fatal(err)
			}
			return m
		},
	}
	books := make([]testBook, len(names))
	for i, n := range names {
		if all[n] == nil {
			t.Fatalf("no test book %q", n)
		}
		books[i] = testBook{n, all[n]}
	}
	return books
}
