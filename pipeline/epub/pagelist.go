package epub

import (
	"bytes"
	"fmt"

	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/render"
)

// PageBreak is where a page of the printed edition starts.
type PageBreak struct {
	// Label is the page's number as the PDF shows it (iii, 12).
	Label string
	// Chapter is the index of the chapter the page starts in.
	Chapter int
	// Node is the block the page starts with, or nil for the chapter's
	// start; Offset, when the page starts inside a paragraph, is where,
	// counted in bytes of the paragraph's plain text (doc.InlineText).
	Node   *doc.Node
	Offset int
}

// pageIDs names the marker of each page break "page-" and its label
// ("page-iii", "page-12"), made unique within its chapter's ids (an
// author's heading may be called "page-12").
func (w *writer) pageIDs() []string {
	ids := make([]string, len(w.opts.PageBreaks))
	used := map[string]bool{}
	for i, p := range w.opts.PageBreaks {
		id := "page-" + p.Label
		if p.Label == "" {
			id = fmt.Sprintf("page-%d", i+1)
		}
		ch := w.book.Chapters[p.Chapter]
		for k := 2; used[id] || ch.IDs[id]; k++ {
			id = fmt.Sprintf("page-%s-%d", p.Label, k)
		}
		used[id] = true
		ids[i] = id
	}
	return ids
}

// breaks returns the page break markers of chapter ch, for the renderer.
func (w *writer) breaks(ch int) []render.Break {
	var out []render.Break
	for i, p := range w.opts.PageBreaks {
		if p.Chapter == ch {
			out = append(out, render.Break{Node: p.Node, Offset: p.Offset, ID: w.pageID[i], Label: p.Label})
		}
	}
	return out
}

// pageList writes the page list: one entry per page of the PDF, in order.
func (w *writer) pageList(b *bytes.Buffer, title string) {
	b.WriteString(`<nav epub:type="page-list" id="page-list" hidden="hidden">` + "\n<h2>")
	render.Escape(b, title, false)
	b.WriteString("</h2>\n<ol>\n")
	for i, p := range w.opts.PageBreaks {
		fmt.Fprintf(b, `<li><a href="xhtml/%s">`, attrEscape(w.href(-1, p.Chapter, w.pageID[i])))
		render.Escape(b, p.Label, false)
		b.WriteString("</a></li>\n")
	}
	b.WriteString("</ol>\n</nav>\n")
}
