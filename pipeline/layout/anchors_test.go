package layout

import (
	"testing"

	"github.com/gobook/ebook/pipeline/doc"
)

// TestStandaloneAnchors: any id the EPUB can link to is a destination
// of the PDF, so that a link to it does not abort the PDF. Anchors that
// stand alone (an empty <a id> or <a name> on a line of its own) gave
// none.
func TestStandaloneAnchors(t *testing.T) {
	for _, tc := range []struct{ name, src string }{
		{"a id alone", "# A\n\n<a id=\"x\"></a>\n\n[see](#x)\n"},
		{"a name alone", "# A\n\ntext\n\n<a name=\"x\"></a>\n\n[see](#x)\n"},
		{"a id alone at the end", "# A\n\n[see](#x)\n\n<a id=\"x\"></a>\n"},
		{"a id before a heading", "# A\n\n<a id=\"x\"></a>\n## B\n\n[see](#x)\n"},
		{"a id in a table cell", "# A\n\n| h |\n|---|\n| <a id=\"x\"></a> |\n\n[see](#x)\n"},
		{"a id in a list item", "# A\n\n- <a id=\"x\"></a>\n- two\n\n[see](#x)\n"},
		{"a id in a quote", "# A\n\n> <a id=\"x\"></a>\n\n[see](#x)\n"},
		{"a id before text", "# A\n\n<a id=\"x\"></a>text\n\n[see](#x)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, b, diags := typesetFiles(t, map[string]string{
				"book.yaml": "title: T\nlanguage: en\nchapters: [a.md]\n",
				"a.md":      tc.src,
			})
			if d == nil {
				t.Fatalf("no document: %v", diags.Items())
			}
			n := 0
			for _, ch := range b.Chapters {
				doc.Walk(ch.Blocks, func(nd *doc.Node) bool {
					if nd.ID != "" {
						n++
						if _, ok := d.Dests[destName(ch.Index, nd.ID)]; !ok {
							t.Errorf("%s: id %q of a %v is not a destination of the PDF", ch.Path, nd.ID, nd.Kind)
						}
					}
					return true
				})
			}
			if n < 2 {
				t.Errorf("only %d ids in the chapter", n)
			}
		})
	}
}
