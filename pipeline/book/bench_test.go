package book_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/highlight"
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

// BenchmarkFenceLanguage loads a one-chapter book of 200 short listings
// whose fences name a language chroma does not know or add attributes to
// one it does, and reports the cost per listing (reading, parsing and
// highlighting it). Each unknown name cost a 10 to 14 ms look-up per
// listing before the Highlighter remembered them; now it costs that once
// per Highlighter (per load, or once for all the loads of ebook watch, as
// here). "rust" beside "rust,ignore" and "sh" beside `sh title="x"` show
// what the attributes cost: nothing beyond the language's own highlighting.
func BenchmarkFenceLanguage(b *testing.B) {
	const blocks = 200
	for _, info := range []string{"nosuchlang", "nosuchlang,ignore", "{.nosuchlang .numberLines}", "rust", "rust,ignore", "sh", `sh title="x"`} {
		b.Run(info, func(b *testing.B) {
			var ch strings.Builder
			ch.WriteString("# Listings\n\n")
			for i := range blocks {
				fmt.Fprintf(&ch, "```%s\nlet x = %d;\n```\n\n", info, i)
			}
			m := testenv.WriteBook(b, map[string]string{
				"book.yaml": "title: T\nlanguage: en\nchapters: [a.md]\n",
				"a.md":      ch.String(),
			})
			opts := book.Options{Highlighter: highlight.New()}
			var d diag.List
			book.Load(m, opts, &d)
			b.ReportAllocs()
			for b.Loop() {
				var d diag.List
				if book.Load(m, opts, &d) == nil {
					b.Fatal(d.Err())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*blocks), "ns/listing")
		})
	}
}
