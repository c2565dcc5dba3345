package sfnt

import (
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/gobook/ebook/internal/testenv"
)

// TestWithoutOutlines: the copy without outlines maps every character to
// the glyph number the font does, with the same advance, and draws
// nothing; an independent reader (x/image/font/sfnt) reads it.
func TestWithoutOutlines(t *testing.T) {
	byName := testFaces(t)
	tests := []struct{ face, text string }{
		{"GoRegular", "Hello, World! éß€"},
		{"LXGWWenKai-Regular", "Go语言圣经，“并发”与通道。"},
		{"DejaVuSans", "❯✔☐☑😀😃"}, // a format 12 cmap
		{"GoMono", "func main() {}"},
	}
	for _, tt := range tests {
		t.Run(tt.face, func(t *testing.T) {
			f := byName[tt.face]
			data, err := f.Subset([]rune(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			empty, err := WithoutOutlines(data)
			if err != nil {
				t.Fatal(err)
			}
			full, err := sfnt.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			bare, err := sfnt.Parse(empty)
			if err != nil {
				t.Fatalf("the copy without outlines does not parse: %v", err)
			}
			if full.NumGlyphs() != bare.NumGlyphs() {
				t.Errorf("%d glyphs, want %d", bare.NumGlyphs(), full.NumGlyphs())
			}
			var buf sfnt.Buffer
			upem := fixed.I(f.Metrics().UnitsPerEm)
			for _, r := range tt.text {
				g, _ := full.GlyphIndex(&buf, r)
				h, err := bare.GlyphIndex(&buf, r)
				if err != nil || g != h || g == 0 {
					t.Errorf("%q: glyph %d, want %d (%v)", r, h, g, err)
					continue
				}
				a, _ := full.GlyphAdvance(&buf, g, upem, 0)
				b, err := bare.GlyphAdvance(&buf, h, upem, 0)
				if err != nil || a != b {
					t.Errorf("%q: advance %v, want %v (%v)", r, b, a, err)
				}
				if r == ' ' {
					continue // no outline to lose
				}
				if segs, err := full.LoadGlyph(&buf, g, upem, nil); err != nil || len(segs) == 0 {
					t.Fatalf("%q: the subset has no outline (%v): the test proves nothing", r, err)
				}
				if segs, err := bare.LoadGlyph(&buf, h, upem, nil); err != nil || len(segs) != 0 {
					t.Errorf("%q: %d segments of outline left (%v)", r, len(segs), err)
				}
			}
			if sum := checksum(empty); sum != 0xB1B0AFBA {
				t.Errorf("file checksum %#x", sum)
			}
		})
	}
	for _, bad := range [][]byte{nil, []byte("not a font at all, but long enough"), testenv.BadCFFFont(t)} {
		if _, err := WithoutOutlines(bad); err == nil {
			t.Errorf("%.20q: no error", bad)
		}
	}
}
