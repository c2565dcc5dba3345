package epub

import (
	"bytes"
	"fmt"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/lang"
	"github.com/gobook/ebook/pipeline/render"
)

// navDoc writes the EPUB 3 navigation document: the table of contents,
// nested like the book's, and landmarks.
func (w *writer) navDoc() []byte {
	m := w.book.Manifest
	l := lang.LabelsFor(m.Language)
	var b bytes.Buffer
	lang := attrEscape(m.Language)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE html>\n")
	fmt.Fprintf(&b, `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="%s" xml:lang="%s">`+"\n", lang, lang)
	b.WriteString("<head>\n<title>")
	render.Escape(&b, l.Contents, false)
	b.WriteString("</title>\n" + `<link rel="stylesheet" type="text/css" href="css/book.css"/>` + "\n</head>\n<body>\n")
	b.WriteString(`<nav epub:type="toc" id="toc" role="doc-toc">` + "\n<h1>")
	render.Escape(&b, l.Contents, false)
	b.WriteString("</h1>\n")
	w.navList(&b, w.book.TOC)
	b.WriteString("</nav>\n")

	if len(w.opts.PageBreaks) > 0 {
		w.pageList(&b, l.Pages)
	}
	b.WriteString(`<nav epub:type="landmarks" id="landmarks" hidden="hidden">` + "\n<h2>")
	render.Escape(&b, l.Landmarks, false)
	b.WriteString("</h2>\n<ol>\n")
	if w.book.Cover != nil {
		b.WriteString(`<li><a epub:type="cover" href="xhtml/cover.xhtml">`)
		render.Escape(&b, l.Cover, false)
		b.WriteString("</a></li>\n")
	}
	b.WriteString(`<li><a epub:type="toc" href="#toc">`)
	render.Escape(&b, l.Contents, false)
	b.WriteString("</a></li>\n")
	if start := w.firstBody(); start >= 0 {
		fmt.Fprintf(&b, `<li><a epub:type="bodymatter" href="xhtml/%s">`, w.files[start])
		render.Escape(&b, l.Start, false)
		b.WriteString("</a></li>\n")
	}
	if len(w.opts.PageBreaks) > 0 {
		b.WriteString(`<li><a epub:type="page-list" href="#page-list">`)
		render.Escape(&b, l.Pages, false)
		b.WriteString("</a></li>\n")
	}
	b.WriteString("</ol>\n</nav>\n</body>\n</html>\n")
	return b.Bytes()
}

// firstBody returns the first chapter after the front matter.
func (w *writer) firstBody() int {
	for _, ch := range w.book.Chapters {
		if ch.Role != book.Front {
			return ch.Index
		}
	}
	if len(w.book.Chapters) > 0 {
		return 0
	}
	return -1
}

func (w *writer) navList(b *bytes.Buffer, entries []*book.TOCEntry) {
	b.WriteString("<ol>\n")
	for _, e := range entries {
		b.WriteString("<li>")
		if e.Linked {
			fmt.Fprintf(b, `<a href="xhtml/%s">`, attrEscape(w.href(-1, e.Chapter, e.Anchor)))
			render.Escape(b, e.Title, false)
			b.WriteString("</a>")
		} else {
			// A part without a page of its own: a heading over its
			// chapters.
			b.WriteString("<span>")
			render.Escape(b, e.Title, false)
			b.WriteString("</span>")
		}
		if kids := e.Entries(); len(kids) > 0 {
			b.WriteByte('\n')
			w.navList(b, kids)
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ol>\n")
}

// ncxDoc writes the EPUB 2 table of contents, for older reading systems.
func (w *writer) ncxDoc() []byte {
	m := w.book.Manifest
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="%s">`+"\n", attrEscape(m.Language))
	b.WriteString("<head>\n")
	fmt.Fprintf(&b, `<meta name="dtb:uid" content="%s"/>`+"\n", attrEscape(w.book.ID))
	fmt.Fprintf(&b, `<meta name="dtb:depth" content="%d"/>`+"\n", max(depth(w.book.TOC), 1))
	b.WriteString(`<meta name="dtb:totalPageCount" content="0"/>` + "\n")
	b.WriteString(`<meta name="dtb:maxPageNumber" content="0"/>` + "\n</head>\n")
	b.WriteString("<docTitle><text>")
	render.Escape(&b, m.Title, false)
	b.WriteString("</text></docTitle>\n")
	for _, a := range m.Authors {
		b.WriteString("<docAuthor><text>")
		render.Escape(&b, a, false)
		b.WriteString("</text></docAuthor>\n")
	}
	b.WriteString("<navMap>\n")
	n := &ncxCounter{order: map[string]int{}}
	w.navPoints(&b, w.book.TOC, n)
	b.WriteString("</navMap>\n</ncx>\n")
	return b.Bytes()
}

// ncxCounter numbers navPoints: ids in document order, and play orders that
// are the same for entries pointing at the same place, as the NCX requires.
type ncxCounter struct {
	id    int
	order map[string]int
}

func (w *writer) navPoints(b *bytes.Buffer, entries []*book.TOCEntry, n *ncxCounter) {
	for _, e := range entries {
		n.id++
		src := "xhtml/" + w.href(-1, e.Chapter, e.Anchor)
		order, ok := n.order[src]
		if !ok {
			order = len(n.order) + 1
			n.order[src] = order
		}
		fmt.Fprintf(b, `<navPoint id="np%d" playOrder="%d"><navLabel><text>`, n.id, order)
		render.Escape(b, e.Title, false)
		fmt.Fprintf(b, `</text></navLabel><content src="%s"/>`+"\n", attrEscape(src))
		w.navPoints(b, e.Entries(), n)
		b.WriteString("</navPoint>\n")
	}
}

func depth(entries []*book.TOCEntry) int {
	d := 0
	for _, e := range entries {
		d = max(d, 1+depth(e.Entries()))
	}
	return d
}
