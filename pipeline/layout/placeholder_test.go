package layout

import (
	"strings"
	"testing"
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
