package fonts

import (
	"runtime"
	"sync"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
)

// ScanBook records the text of the whole book as the writers set it: every
// chapter with its footnotes, in reading order, and the titles of the table
// of contents, which the EPUB's navigation and the PDF's bookmarks show in
// the body face.
//
// The chapters are scanned in parallel, each worker taking a run of
// consecutive chapters, and the results merged in reading order, so that a
// missing character is reported where it first occurs in the book.
func ScanBook(b *book.Book, set *Set) *Usage {
	chs := b.Chapters
	total := 0
	for _, ch := range chs {
		total += len(ch.File.Source())
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), len(chs)))
	parts := make([]*Usage, workers)
	var wg sync.WaitGroup
	first, size := 0, 0
	for w := range workers {
		// The chapters up to about (w+1)/workers of the book's text.
		last := first
		for last < len(chs) && (w == workers-1 || size < total*(w+1)/workers) {
			size += len(chs[last].File.Source())
			last++
		}
		part := NewUsage(set)
		parts[w] = part
		wg.Add(1)
		go func(chs []*book.Chapter) {
			defer wg.Done()
			for _, ch := range chs {
				part.AddBlocks(ch.Blocks, ch.File)
				for _, fn := range ch.Footnotes {
					part.AddBlocks(fn.Blocks, ch.File)
				}
			}
		}(chs[first:last])
		first = last
	}
	wg.Wait()
	u := parts[0]
	for _, p := range parts[1:] {
		u.Merge(p)
	}
	// The titles of the table of contents repeat headings (in the body
	// face rather than the heading face) and titles from book.yaml: a
	// character they lack a glyph for is reported, but one the chapters
	// already lack is not counted again.
	titles := NewUsage(set)
	root := Root(b.Manifest.Language)
	var toc func(entries []*book.TOCEntry)
	toc = func(entries []*book.TOCEntry) {
		for _, e := range entries {
			ctx, at := root, diag.Pos{Path: b.Manifest.Path}
			if e.Kind != book.TOCPart {
				at = diag.Pos{Path: b.Chapters[e.Chapter].File.Path}
			}
			if !e.Linked {
				ctx.Style = Bold // a part without a page: a heading in the contents
			}
			titles.AddText(ctx, e.Title, at)
			toc(e.Entries())
		}
	}
	toc(b.TOC)
	u.merge(titles, false)
	return u
}
