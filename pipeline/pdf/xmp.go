package pdf

import (
	"encoding/xml"
	"strings"
)

// xmp returns the document's XMP metadata (PDF 32000, 14.3.2), which
// PDF/UA requires and assistive software reads: the title, creators and
// language (Dublin Core), the dates, the producer, and the PDF/UA part when
// the build claims it (ua).
func (m info) xmp() []byte {
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s)) //nolint:errcheck // a Builder does not fail
		return b.String()
	}
	date := m.date.UTC().Format("2006-01-02T15:04:05Z")
	var b strings.Builder
	b.WriteString(`<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"`)
	if m.ua {
		b.WriteString(` xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"`)
	}
	b.WriteString(">\n")
	if m.title != "" {
		b.WriteString(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(m.title) + "</rdf:li></rdf:Alt></dc:title>\n")
	}
	if len(m.authors) > 0 {
		b.WriteString("<dc:creator><rdf:Seq>")
		for _, a := range m.authors {
			b.WriteString("<rdf:li>" + esc(a) + "</rdf:li>")
		}
		b.WriteString("</rdf:Seq></dc:creator>\n")
	}
	if m.subject != "" {
		b.WriteString(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(m.subject) + "</rdf:li></rdf:Alt></dc:description>\n")
	}
	if m.lang != "" {
		b.WriteString("<dc:language><rdf:Bag><rdf:li>" + esc(m.lang) + "</rdf:li></rdf:Bag></dc:language>\n")
	}
	b.WriteString("<xmp:CreateDate>" + date + "</xmp:CreateDate>\n<xmp:ModifyDate>" + date + "</xmp:ModifyDate>\n")
	if m.creator != "" {
		b.WriteString("<xmp:CreatorTool>" + esc(m.creator) + "</xmp:CreatorTool>\n<pdf:Producer>" + esc(m.creator) + "</pdf:Producer>\n")
	}
	if m.keywords != "" {
		b.WriteString("<pdf:Keywords>" + esc(m.keywords) + "</pdf:Keywords>\n")
	}
	if m.ua {
		b.WriteString("<pdfuaid:part>1</pdfuaid:part>\n")
	}
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return []byte(b.String())
}
