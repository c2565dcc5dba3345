package epub

import (
	"runtime"
	"testing"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// BenchmarkFonts measures what fonts add to a build of gopl-zh: parsing the
// built-in faces (load), finding which characters each face draws and
// which no face has (scan: the coverage report), and making the EPUB's
// subsets and style sheet rules (subset), then all three together. The
// book itself is loaded once, outside the timing.
//
//	go test -run '^$' -bench Fonts -benchmem ./pipeline/epub
func BenchmarkFonts(b *testing.B) {
	bk := loadBook(b, testenv.CorpusManifest(b))
	load := func() *fonts.Set {
		var d diag.List
		s := fonts.Load(fonts.Config{Language: bk.Manifest.Language}, &d)
		if s == nil {
			b.Fatal(d.Items())
		}
		return s
	}
	set := load()
	usage := fonts.ScanBook(bk, set)
	plan := func(set *fonts.Set, u *fonts.Usage) *fontPlan {
		w := &writer{book: bk, opts: Options{Fonts: set, Usage: u}}
		p, err := w.planFonts()
		if err != nil {
			b.Fatal(err)
		}
		return p
	}
	b.Run("load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			load()
		}
	})
	b.Run("scan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			fonts.ScanBook(bk, set)
		}
	})
	b.Run("subset", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			plan(set, usage)
		}
	})
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		var size int
		for b.Loop() {
			s := load()
			p := plan(s, fonts.ScanBook(bk, s))
			size = 0
			for _, f := range p.files {
				size += len(f.data)
			}
		}
		b.ReportMetric(float64(size), "font-bytes")
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		b.ReportMetric(float64(m.HeapSys)/(1<<20), "MB-heap-sys")
	})
}
