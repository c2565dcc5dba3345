package build

import (
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/epub"
	"github.com/gobook/ebook/pipeline/site"
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
	// The website alone, and every format, as ebook build --format
	// html and --format html,epub,pdf run them.
	for _, formats := range [][]string{{"html"}, {"html", "epub", "pdf"}} {
		b.Run("build-"+strings.Join(formats, "+"), func(b *testing.B) {
			out := b.TempDir()
			b.ReportAllocs()
			cpu0 := testenv.CPUTime()
			for b.Loop() {
				var d diag.List
				if _, err := Run(Options{Manifest: manifest, OutDir: out, Date: date, Formats: formats}, &d); err != nil {
					b.Fatal(err)
				}
			}
			// The machine may be shared: the CPU time the process
			// spent tells what the wall time would be alone.
			b.ReportMetric(float64(testenv.CPUTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
	b.Run("site", func(b *testing.B) {
		bk := load(b)
		b.ReportAllocs()
		for b.Loop() {
			site.Write(bk, site.Options{})
		}
	})
}
