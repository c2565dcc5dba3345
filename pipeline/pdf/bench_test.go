package pdf

import (
	"testing"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/layout"
)

// BenchmarkCorpus typesets gopl-zh and draws it: layout alone, drawing
// alone, and both.
func BenchmarkCorpus(b *testing.B) {
	bk, set := corpusBook(b)
	b.Run("layout", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := layout.Typeset(bk, set); err != nil {
				b.Fatal(err)
			}
		}
	})
	doc, err := layout.Typeset(bk, set)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("draw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Draw(doc, bk, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func corpusBook(b *testing.B) (*book.Book, *fonts.Set) {
	return loadBook(b, testenv.CorpusManifest(b))
}
