package epub

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/gobook/ebook/pipeline/render"
)

// opfItem is a manifest item as go-epub wrote it.
type opfItem struct {
	ID         string `xml:"id,attr"`
	Href       string `xml:"href,attr"`
	MediaType  string `xml:"media-type,attr"`
	Properties string `xml:"properties,attr"`
}

// packageDoc writes the package document: the full metadata, the manifest
// sorted by path, and go-epub's spine.
func (w *writer) packageDoc(items []opfItem, spine []string) []byte {
	m := w.book.Manifest
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="%s">`+"\n", attrEscape(m.Language))
	b.WriteString(`  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n")
	el := func(tag, id, value string) {
		if value == "" {
			return
		}
		b.WriteString("    <" + tag)
		if id != "" {
			b.WriteString(` id="` + id + `"`)
		}
		b.WriteString(">")
		render.Escape(&b, value, false)
		b.WriteString("</" + tag + ">\n")
	}
	meta := func(refines, property, scheme, value string) {
		b.WriteString(`    <meta`)
		if refines != "" {
			b.WriteString(` refines="#` + refines + `"`)
		}
		b.WriteString(` property="` + property + `"`)
		if scheme != "" {
			b.WriteString(` scheme="` + scheme + `"`)
		}
		b.WriteString(">")
		render.Escape(&b, value, false)
		b.WriteString("</meta>\n")
	}
	el("dc:identifier", "pub-id", w.book.ID)
	el("dc:title", "title", m.Title)
	if m.Subtitle != "" {
		meta("title", "title-type", "", "main")
		el("dc:title", "subtitle", m.Subtitle)
		meta("subtitle", "title-type", "", "subtitle")
	}
	for i, a := range m.Authors {
		id := fmt.Sprintf("creator%d", i+1)
		el("dc:creator", id, a)
		meta(id, "role", "marc:relators", "aut")
		meta(id, "display-seq", "", fmt.Sprint(i+1))
	}
	el("dc:language", "", m.Language)
	el("dc:publisher", "", m.Publisher)
	el("dc:rights", "", m.Rights)
	el("dc:description", "", m.Description)
	for _, s := range m.Subjects {
		el("dc:subject", "", s)
	}
	el("dc:date", "", m.Date)
	meta("", "dcterms:modified", "", w.opts.Modified.UTC().Format("2006-01-02T15:04:05Z"))
	if w.opts.Version != "" {
		// EPUB reserves the schema: prefix for schema.org, whose version
		// property is this edition's version (dcterms has no such term).
		meta("", "schema:version", "", w.opts.Version)
	}
	if len(w.opts.PageBreaks) > 0 {
		// The page list's source, the PDF edition, named by the
		// identifier both share. EPUB 3.3's pageBreakSource is the newer
		// form; epubcheck 4.2 knows only EPUB 3.2's, dc:source refined
		// by source-of pagination, which Ace accepts too.
		el("dc:source", "page-source", w.book.ID)
		meta("page-source", "source-of", "", "pagination")
	}
	w.a11yMeta(func(id, refines, property, value string) {
		b.WriteString(`    <meta`)
		if id != "" {
			b.WriteString(` id="` + id + `"`)
		}
		if refines != "" {
			b.WriteString(` refines="#` + refines + `"`)
		}
		b.WriteString(` property="` + property + `">`)
		render.Escape(&b, value, false)
		b.WriteString("</meta>\n")
	})
	for _, it := range items {
		if strings.Contains(it.Properties, "cover-image") {
			// For EPUB 2 reading systems, which do not know the
			// cover-image property.
			fmt.Fprintf(&b, `    <meta name="cover" content="%s"/>`+"\n", attrEscape(it.ID))
		}
	}
	b.WriteString("  </metadata>\n  <manifest>\n")
	sort.Slice(items, func(i, j int) bool { return items[i].Href < items[j].Href })
	for _, it := range items {
		props := strings.Fields(it.Properties)
		if w.svg[strings.TrimPrefix(it.Href, "xhtml/")] {
			props = append(props, "svg")
		}
		fmt.Fprintf(&b, `    <item id="%s" href="%s" media-type="%s"`, attrEscape(it.ID), attrEscape(it.Href), attrEscape(mediaType(it)))
		if len(props) > 0 {
			fmt.Fprintf(&b, ` properties="%s"`, attrEscape(strings.Join(props, " ")))
		}
		b.WriteString("/>\n")
	}
	b.WriteString("  </manifest>\n")
	b.WriteString(`  <spine toc="ncx">` + "\n")
	for _, id := range spine {
		fmt.Fprintf(&b, `    <itemref idref="%s"/>`+"\n", attrEscape(id))
	}
	b.WriteString("  </spine>\n</package>\n")
	return b.Bytes()
}

// mediaType corrects the media types go-epub guesses from content for the
// formats EPUB names its own.
func mediaType(it opfItem) string {
	switch {
	case strings.HasSuffix(it.Href, ".css"):
		return "text/css"
	case strings.HasSuffix(it.Href, ".svg"):
		return "image/svg+xml"
	case strings.HasSuffix(it.Href, ".ttf"):
		return "font/ttf"
	}
	return it.MediaType
}
