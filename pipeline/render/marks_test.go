package render

import (
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
)

// TestBreaks checks that page break markers go where their offset says,
// inside text, inline code and highlighted listings, without changing
// the text around them.
func TestBreaks(t *testing.T) {
	para := func() *doc.Node {
		return &doc.Node{Kind: doc.Paragraph, ID: "p1", Children: []*doc.Node{
			{Kind: doc.Text, Text: "hello "},
			{Kind: doc.Emph, Children: []*doc.Node{{Kind: doc.Text, Text: "wide"}}},
			{Kind: doc.Code, Text: "a<b"},
		}}
	}
	code := func() *doc.Node {
		return &doc.Node{Kind: doc.CodeBlock, Lang: "go", Text: "x := 1\ny := 2\n"}
	}
	mark := `<span epub:type="pagebreak" role="doc-pagebreak" id="page-7" aria-label="7"/>`
	tests := []struct {
		name   string
		node   func() *doc.Node
		offset int
		html   bool
		want   string
	}{
		{"start", para, 0, false, mark + `<p id="p1">hello <em>`},
		{"inside a word", para, 8, false, `<em>wi` + mark + `de</em>`},
		{"at an element", para, 6, false, `hello <em>` + mark + `wide</em>`},
		{"inside inline code", para, 11, false, `<code>a` + mark + `&lt;b</code>`},
		{"past the end", para, 99, false, `<code>a&lt;b</code>` + mark + `</p>`},
		{"listing line", code, 7, false, "\n" + mark + `<span class="nx">y</span>`},
		{"web page", para, 0, true, `<span role="doc-pagebreak" id="page-7" aria-label="7"/><p id="p1">hello`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.node()
			ch := &book.Chapter{Blocks: []*doc.Node{n}}
			opts := Options{HTML: tt.html, Breaks: []Break{{Node: n, Offset: tt.offset, ID: "page-7", Label: "7"}}}
			got, _ := Body(ch, opts)
			if !strings.Contains(got, tt.want) {
				t.Errorf("want %s in\n%s", tt.want, got)
			}
			if strings.Count(got, "doc-pagebreak") != 1 {
				t.Errorf("%d markers in\n%s", strings.Count(got, "doc-pagebreak"), got)
			}
			plain, _ := Body(ch, Options{HTML: tt.html})
			marker := mark
			if tt.html {
				marker = `<span role="doc-pagebreak" id="page-7" aria-label="7"/>`
			}
			if strings.Replace(got, marker, "", 1) != plain {
				t.Errorf("the marker changed the text:\n%s\n%s", got, plain)
			}
		})
	}
}
