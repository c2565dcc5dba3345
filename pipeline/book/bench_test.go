package book_test

import (
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
)

// BenchmarkLoadGoplZH loads the whole book: what ebook build and the
// first build of ebook watch do.
func BenchmarkLoadGoplZH(b *testing.B) {
	manifest := testenv.CorpusManifest(b)
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
	manifest := testenv.CorpusManifest(b)
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
