package layout

import (
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/doc"
)

// TestMissingImagePlaceholder: a picture that is not in the book (a
// missing file, a remote image) is shown as its alt text on a ground that
// marks where the picture would be, inline and as a figure.
func TestMissingImagePlaceholder(t *testing.T) {
	for _, src := range []string{
		"# A\n\nText ![the alt](img/none.png) more.\n",
		"# A\n\n![the alt](img/none.png \"a figure\")\n",
		"# A\n\nText ![the alt](https://example.com/x.png) more.\n",
	} {
		d, diags := typesetChapter(t, "en", src)
		if d == nil {
			t.Fatalf("%q: no document: %v", src, diags.Items())
		}
		found := false
		for _, p := range d.Pages {
			for _, it := range p.Items {
				if it.Kind != Glyphs || !strings.Contains(it.Text, "alt") {
					continue
				}
				for _, g := range p.Items {
					if g.Kind == Box && g.H <= 1.5*it.H && g.X <= it.X && g.X+g.W >= it.X+it.W && g.Y <= it.Y && g.Y+g.H >= it.Y {
						found = true
					}
				}
			}
		}
		if !found {
			t.Errorf("%q: the alt text has no ground behind it", src)
		}
	}
}

// TestInlineSVGCheckedOnce: inline SVG, a block and an icon in a
// sentence, is made into an image and checked by the book's loader, which
// keeps it on the node; the layout draws that image, the one asset of the
// node, rather than making and checking a new one each time it sets it
// (which the PDF then read again for each).
func TestInlineSVGCheckedOnce(t *testing.T) {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="blue"/></svg>`
	d, b, diags := typesetFiles(t, map[string]string{
		"book.yaml": "title: T\nlanguage: en\nchapters: [a.md]\n",
		"a.md":      "# A\n\n" + svg + "\n\nAn icon " + svg + " in a sentence.\n",
	})
	if d == nil {
		t.Fatalf("no document: %v", diags.Items())
	}
	var nodes []*doc.Node
	doc.Walk(b.Chapters[0].Blocks, func(n *doc.Node) bool {
		if n.Kind == doc.SVG || n.Kind == doc.InlineSVG {
			nodes = append(nodes, n)
		}
		return true
	})
	if len(nodes) != 2 {
		t.Fatalf("%d SVG nodes, want 2", len(nodes))
	}
	var drawn []*doc.Asset
	for _, p := range d.Pages {
		for _, it := range p.Items {
			if it.Kind == Picture {
				drawn = append(drawn, it.Image)
			}
		}
	}
	if len(drawn) != 2 {
		t.Fatalf("%d pictures drawn, want 2", len(drawn))
	}
	for i, n := range nodes {
		if n.Image == nil || n.Image.Width != 40 || n.Image.Height != 20 || n.Image.NoPDF != "" {
			t.Errorf("node %d: the loader's image is %+v, want one of 40×20 the PDF draws", i, n.Image)
		}
		if drawn[i] != n.Image {
			t.Errorf("picture %d is not the image the loader made and checked", i)
		}
	}
}
