package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/gobook/ebook/pipeline/doc"
)

// alert reports whether blockquote q is a GitHub-style alert, "> [!NOTE]",
// and which; if it is, it removes the marker from goldmark's tree so that
// the conversion does not print it.
//
// The rules are GitHub's and pulldown-cmark's (mdBook's): the marker is the
// whole first line of the quote's first paragraph (spaces after it
// allowed), one of the five kinds in any case. Text after the marker on
// its line (mdBook has no custom titles either), an unknown kind, or a
// marker with nothing after it leave an ordinary quote, marker and all.
func alert(q *ast.Blockquote, src []byte) doc.Alert {
	p, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return doc.AlertNone
	}
	first := p.Lines().At(0)
	line := bytes.TrimRight(first.Value(src), " \t\r\n")
	if len(line) < 4 || line[0] != '[' || line[1] != '!' || line[len(line)-1] != ']' {
		return doc.AlertNone
	}
	kind := doc.AlertNamed(string(line[2 : len(line)-1]))
	if kind == doc.AlertNone {
		return doc.AlertNone
	}
	if p.Lines().Len() == 1 && p.NextSibling() == nil {
		return doc.AlertNone // nothing to show but the marker
	}
	// The marker's line must be text nodes alone ("[", "!NOTE", "]"): a
	// link reference definition named "!note" makes it a link, which is
	// then no marker.
	var marker []ast.Node
	var written []byte
	for n := p.FirstChild(); n != nil; n = n.NextSibling() {
		t, ok := n.(*ast.Text)
		if !ok || t.Segment.Start >= first.Stop {
			break
		}
		marker = append(marker, n)
		written = append(written, t.Segment.Value(src)...)
	}
	if !bytes.Equal(bytes.TrimRight(written, " \t\r\n"), line) {
		return doc.AlertNone
	}
	for _, n := range marker {
		p.RemoveChild(p, n)
	}
	if p.Lines().Len() == 1 {
		q.RemoveChild(q, p) // the marker was the whole paragraph
	} else {
		// goldmark's paragraph is where its first line is: drop the
		// marker's line so the paragraph starts where its text does.
		rest := text.NewSegments()
		rest.AppendAll(p.Lines().Sliced(1, p.Lines().Len()))
		p.SetLines(rest)
	}
	return kind
}
