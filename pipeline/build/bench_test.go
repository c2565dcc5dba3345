package build

import (
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/epub"
)

// BenchmarkCorpus builds the gopl-zh book (124 chapters, ~800 kB of
// Markdown, 38 images) to EPUB: loading (read, parse, resolve, check
// images), writing, and both together as `ebook build --format epub` does.
func BenchmarkCorpus(b *testing.B) {
	manifest := testenv.CorpusManifest(b)
	date := time.Unix(1700000000, 0)
	load := func(b *testing.B) *book.Book {
		var d diag.List
		bk := book.Load(manifest, book.Options{}, &d)
		if bk == nil {
			b.Fatal(d.Items())
		}
		return bk
	}
	b.Run("load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			load(b)
		}
	})
	b.Run("epub", func(b *testing.B) {
		bk := load(b)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := epub.Write(bk, epub.Options{Modified: date}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load+epub", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := epub.Write(load(b), epub.Options{Modified: date}); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A whole build, as ebook build runs it: both formats, written.
	b.Run("build", func(b *testing.B) {
		out := b.TempDir()
		b.ReportAllocs()
		for b.Loop() {
			var d diag.List
			if _, err := Run(Options{Manifest: manifest, OutDir: out, Date: date}, &d); err != nil {
				b.Fatal(err)
			}
		}
	})
}
