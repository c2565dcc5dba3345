// Package colophon makes the colophon: a page at the end of a book that
// says which edition the reader holds (title, authors, version, build date,
// identifier, publisher, rights, and the tool that built it). It is a
// chapter of the document model, appended to the loaded book, so every
// writer renders it like any other chapter and no writer needs code of its
// own for it.
package colophon

import (
	"strings"
	"time"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// Info is what the colophon says beyond the manifest's metadata.
type Info struct {
	Version string    // the book's version ("v1.2.0")
	Date    time.Time // the build date: SOURCE_DATE_EPOCH; shown as a date in UTC
	Tool    string    // the version of the ebook tool ("v0.3.0")
}

// ID is the id of the colophon's heading.
const ID = "colophon"

// Add appends the colophon to b as its last chapter, in the back matter,
// with an entry at the end of the table of contents. The words it adds are
// in the book's language (English, or Chinese in simplified or traditional
// characters).
func Add(b *book.Book, info Info) *book.Chapter {
	l := labelsFor(b.Manifest.Language)
	if info.Tool == "" {
		info.Tool = "devel"
	}
	ch := &book.Chapter{
		Index:    len(b.Chapters),
		Path:     ID,
		File:     diag.NewFile(ID, nil),
		Title:    l.title,
		Role:     book.Back,
		Colophon: true,
		IDs:      map[string]bool{ID: true},
		Blocks:   blocks(b, info, l),
	}
	b.Chapters = append(b.Chapters, ch)
	b.TOC = append(b.TOC, &book.TOCEntry{Title: ch.Title, Kind: book.TOCChapter, Chapter: ch.Index, Linked: true})
	return ch
}

// blocks lays out the page: the heading; the title and subtitle; the
// authors; version, build date, identifier, publisher and publication date,
// one a line; the rights statement; the tool.
func blocks(b *book.Book, info Info, l labels) []*doc.Node {
	m := b.Manifest
	out := []*doc.Node{{Kind: doc.Heading, Level: 1, ID: ID, Pos: -1, Generated: true, Children: []*doc.Node{text(l.title)}}}
	para := func(lines ...[]*doc.Node) {
		p := &doc.Node{Kind: doc.Paragraph, Pos: -1}
		for _, line := range lines {
			if line == nil {
				continue
			}
			if len(p.Children) > 0 {
				p.Children = append(p.Children, &doc.Node{Kind: doc.LineBreak, Pos: -1})
			}
			p.Children = append(p.Children, line...)
		}
		if len(p.Children) > 0 {
			out = append(out, p)
		}
	}
	field := func(label, value string) []*doc.Node {
		if strings.TrimSpace(value) == "" {
			return nil
		}
		return []*doc.Node{text(label + l.colon + value)}
	}
	var subtitle []*doc.Node
	if m.Subtitle != "" {
		subtitle = []*doc.Node{text(m.Subtitle)}
	}
	para([]*doc.Node{{Kind: doc.Strong, Pos: -1, Children: []*doc.Node{text(m.Title)}}}, subtitle)
	authors := l.authors
	if len(m.Authors) == 1 {
		authors = l.author
	}
	para(field(authors, strings.Join(m.Authors, l.listSep)))
	para(
		field(l.version, info.Version),
		field(l.built, l.date(info.Date.UTC())),
		field(l.identifier, b.ID),
		field(l.publisher, m.Publisher),
		field(l.published, m.Date),
	)
	if r := strings.TrimSpace(m.Rights); r != "" {
		para([]*doc.Node{text(r)})
	}
	para([]*doc.Node{text(l.builtWith(info.Tool))})
	return out
}

func text(s string) *doc.Node { return &doc.Node{Kind: doc.Text, Text: s, Pos: -1} }
