package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
)

// TestSameBytesWhateverGOMAXPROCS builds the feature book and gopl-zh in a
// child process with GOMAXPROCS=1, 2 and 4: chapters are parsed, the EPUB
// and the PDF made, chapter runs laid out and pages drawn concurrently,
// and none of it may change a byte of either output.
func TestSameBytesWhateverGOMAXPROCS(t *testing.T) {
	testenv.SkipShort(t, "runs the command as a child process")
	books := []struct {
		name     string
		manifest func(t *testing.T) string
	}{
		{"feature book", func(*testing.T) string { return filepath.Join("..", "..", "testdata", "featurebook", "book.yaml") }},
		{"gopl-zh", func(t *testing.T) string { return testenv.CorpusManifest(t) }}, // skips without the corpus
	}
	for _, bk := range books {
		t.Run(bk.name, func(t *testing.T) {
			manifest := bk.manifest(t)
			var first map[string][]byte
			for _, procs := range []string{"1", "2", "4"} {
				out := t.TempDir()
				// The corpus is outside the repository of its
				// manifest, a temporary folder.
				cmd := exec.Command(os.Args[0], "build", "-q", "--allow-outside", "/", "--book-version", "v1.0.0", "--out", out, manifest)
				cmd.Env = append(os.Environ(), "EBOOK_TEST_MAIN=1", "GOMAXPROCS="+procs, "SOURCE_DATE_EPOCH=1700000000")
				if msg, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("GOMAXPROCS=%s: %v\n%s", procs, err, msg)
				}
				files := map[string][]byte{}
				entries, err := os.ReadDir(out)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range entries {
					if files[e.Name()], err = os.ReadFile(filepath.Join(out, e.Name())); err != nil {
						t.Fatal(err)
					}
				}
				if len(files) != 2 {
					t.Fatalf("GOMAXPROCS=%s wrote %d files, want an EPUB and a PDF", procs, len(files))
				}
				if first == nil {
					first = files
					continue
				}
				for f, data := range files {
					if !bytes.Equal(data, first[f]) {
						t.Errorf("GOMAXPROCS=%s: %s differs from the build with GOMAXPROCS=1", procs, f)
					}
				}
			}
		})
	}
}
