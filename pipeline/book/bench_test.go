package book_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gobook/ebook/internal/testtool"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/importer"
)

// goplManifest imports gopl-zh into a temporary manifest.
func goplManifest(b *testing.B) string {
	b.Helper()
	corpus := testtool.Corpus(b, "gopl-zh")
	dir := b.TempDir()
	var d diag.List
	r := importer.Import(importer.Options{Summary: filepath.Join(corpus, "SUMMARY.md"), ManifestDir: dir}, &d)
	if r == nil {
		b.Fatalf("import: %v", d.Err())
	}
	p := filepath.Join(dir, "book.yaml")
	if err := os.WriteFile(p, r.YAML, 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkLoadGoplZH loads the whole book: what ebook build and the
// first build of ebook watch do.
func BenchmarkLoadGoplZH(b *testing.B) {
	manifest := goplManifest(b)
	b.ReportAllocs()
	for b.Loop() {
		var d diag.List
		if book.Load(manifest, book.Options{}, &d) == nil {
			b.Fatal(d.Err())
		}
	}
}

// BenchmarkReloadGoplZHCached loads the book again with a warm cache:
// what ebook watch does after a save that changed no chapter's content
// (every file is still read and hashed).
func BenchmarkReloadGoplZHCached(b *testing.B) {
	manifest := goplManifest(b)
	cache := book.NewCache()
	var d diag.List
	book.Load(manifest, book.Options{Cache: cache}, &d)
	b.ReportAllocs()
	for b.Loop() {
		var d diag.List
		if book.Load(manifest, book.Options{Cache: cache}, &d) == nil {
			b.Fatal(d.Err())
		}
	}
}
