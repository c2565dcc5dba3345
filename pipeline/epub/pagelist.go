package epub

import (
	"bytes"
	"fmt"

	"github.com/gobook/ebook/pipeline/doc"
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

// pageID is the id of the marker of the page labelled label.
func pageID(i int, label string) string {
	return fmt.Sprintf("page-%d-%s", i+1, label)
}

// pageList writes the page list: one entry per page of the PDF, in order.
func (w *writer) pageList(b *bytes.Buffer, title string) {
	b.WriteString(`<nav epub:type="page-list" id="page-list" hidden="hidden">` + "\n<h2>")
	escape(b, title, false)
	b.WriteString("</h2>\n<ol>\n")
	for i, p := range w.opts.PageBreaks {
		fmt.Fprintf(b, `<li><a href="xhtml/%s">`, attrEscape(w.href(-1, p.Chapter, pageID(i, p.Label))))
		escape(b, p.Label, false)
		b.WriteString("</a></li>\n")
	}
	b.WriteString("</ol>\n</nav>\n")
}
