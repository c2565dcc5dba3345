package layout

import (
	"testing"
)

// TestHeadingsKeepWithText: no heading ends a page, not even with the
// space below it: the text it heads follows it on its page.
func TestHeadingsKeepWithText(t *testing.T) {
	b, d := typeset(t, "../../cmd/ebook/testdata/featurebook/book.yaml")
	g := newGeometry(b.Manifest)
	for _, e := range flatTOC(b.TOC) {
		if e.Anchor == "" {
			continue
		}
		dst := d.Dests[destName(e.Chapter, e.Anchor)]
		p := d.Pages[dst.Page]
		below := false
		for _, it := range p.Items {
			if it.Kind == Glyphs && it.Y > dst.Y+2.5*g.bodySize && it.Y < g.top+g.textH {
				below = true
			}
		}
		if !below {
			t.Errorf("heading %q ends page %s", e.Title, p.Label)
		}
	}
}
