package highlight_test

import (
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/highlight"
)

// BenchmarkCorpusListings tokenises every listing of gopl-zh, on one core.
func BenchmarkCorpusListings(b *testing.B) {
	var d diag.List
	bk := book.Load(testenv.CorpusManifest(b), book.Options{}, &d)
	if bk == nil {
		b.Fatal(d.Items())
	}
	var code []*doc.Node
	size := 0
	for _, ch := range bk.Chapters {
		doc.Walk(ch.Blocks, func(n *doc.Node) bool {
			if n.Kind == doc.CodeBlock {
				code = append(code, n)
				size += len(n.Text)
			}
			return true
		})
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range code {
			highlight.Tokens(n.Lang, strings.TrimSuffix(n.Text, "\n"))
		}
	}
}

// BenchmarkUnknownLanguage tokenises a short listing in a language chroma
// does not know, with one Highlighter: after the first block, the failed
// look-up is remembered (it costs 10 to 14 ms each time).
func BenchmarkUnknownLanguage(b *testing.B) {
	h := highlight.New()
	b.ReportAllocs()
	for b.Loop() {
		h.Tokens("nosuchlang", "some code\nmore code")
	}
}

// BenchmarkRustListing tokenises a short Rust listing, the language of a
// fence written "rust,ignore".
func BenchmarkRustListing(b *testing.B) {
	h := highlight.New()
	b.ReportAllocs()
	for b.Loop() {
		h.Tokens("rust", "fn main() {\n    let x = 5;\n}")
	}
}

// BenchmarkFirstLookUp is what a Highlighter pays once for each language
// name chroma does not know: its look-up tries every lexer's file
// patterns.
func BenchmarkFirstLookUp(b *testing.B) {
	for b.Loop() {
		highlight.New().Tokens("nosuchlang", "x")
	}
}
