package layout

import (
	"math"
	"testing"

	"github.com/gobook/ebook/pipeline/doc"
)

// TestImageSize: an image is shown at its CSS size (96 pixels to the inch,
// as an EPUB reader shows it, or its width and height attributes), scaled
// down to the space it has, never up, its aspect ratio kept.
func TestImageSize(t *testing.T) {
	png := func(w, h int) *doc.Asset { return &doc.Asset{MediaType: "image/png", Width: w, Height: h} }
	svg := func(w, h int) *doc.Asset { return &doc.Asset{MediaType: "image/svg+xml", Width: w, Height: h} }
	tests := []struct {
		name       string
		n          doc.Node
		maxW, maxH float64
		w, h       float64
	}{
		{"natural size, a CSS pixel is 0.75 pt", doc.Node{Image: png(96, 48)}, 400, 600, 72, 36},
		{"never enlarged", doc.Node{Image: png(10, 10)}, 400, 600, 7.5, 7.5},
		{"scaled to the width", doc.Node{Image: png(1600, 800)}, 400, 600, 400, 200},
		{"scaled to the height", doc.Node{Image: png(100, 2000)}, 400, 600, 30, 600},
		{"both limits", doc.Node{Image: png(4000, 8000)}, 400, 600, 300, 600},
		{"no limit", doc.Node{Image: png(4000, 2000)}, 0, 0, 3000, 1500},
		{"width attribute", doc.Node{Image: png(1000, 500), Width: 200}, 400, 600, 150, 75},
		{"height attribute", doc.Node{Image: png(1000, 500), Height: 100}, 400, 600, 150, 75},
		{"both attributes, aspect as given", doc.Node{Image: png(1000, 500), Width: 100, Height: 100}, 400, 600, 75, 75},
		{"attribute beyond the width", doc.Node{Image: png(100, 100), Width: 1000}, 400, 600, 400, 400},
		{"SVG in CSS pixels", doc.Node{Image: svg(300, 150)}, 400, 600, 225, 112.5},
		{"no size known", doc.Node{Image: png(0, 0)}, 400, 600, 75, 75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h := imageSize(&tt.n, tt.maxW, tt.maxH)
			if math.Abs(w-tt.w) > 1e-9 || math.Abs(h-tt.h) > 1e-9 {
				t.Errorf("%v × %v pt, want %v × %v", w, h, tt.w, tt.h)
			}
		})
	}
}
