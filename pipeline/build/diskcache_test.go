package build

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// TestDiskCacheSameOutput: the feature book (pictures of every kind the
// PDF converts) makes the same PDF without a cache, with an empty one and
// with the one that build filled, which it reads.
func TestDiskCacheSameOutput(t *testing.T) {
	testenv.SkipShort(t, "builds the feature book three times")
	manifest := filepath.Join(testenv.Root(t), "testdata", "featurebook", "book.yaml")
	dir := t.TempDir()
	cache, err := filecache.Open(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	pdf := func(name string, c *filecache.Cache) []byte {
		t.Helper()
		out := filepath.Join(dir, name)
		var d diag.List
		res, err := Run(Options{Manifest: manifest, OutDir: out, Date: epoch, Formats: []string{"pdf"}, DiskCache: c}, &d)
		if err != nil {
			t.Fatalf("%s: %v %v", name, err, d.Items())
		}
		b, err := os.ReadFile(res[0].Path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	want := pdf("none", nil)
	cold := pdf("cold", cache)
	entries, _ := filepath.Glob(filepath.Join(dir, "cache", "*", "*"))
	warm := pdf("warm", cache)
	if !bytes.Equal(cold, want) || !bytes.Equal(warm, want) {
		t.Errorf("the PDF differs with a cache: empty %v, filled %v", bytes.Equal(cold, want), bytes.Equal(warm, want))
	}
	if len(entries) == 0 {
		t.Error("the build kept nothing in the cache")
	}
}
