package picture

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/gobook/ebook/pipeline/sanitize"
)

// TestGraphvizSVG draws the SVG Graphviz writes (testdata/*.svg, made by
// dot -Tsvg from the .dot files beside them): transparent strokes and
// fills, records, dashes, links, gradients, colours with alpha. oksvg
// refused the first ("param mismatch"), which failed the whole build.
func TestGraphvizSVG(t *testing.T) {
	files, _ := filepath.Glob("testdata/graphviz-*.svg")
	if len(files) == 0 {
		t.Fatal("no test drawings")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			svg, err := sanitize.CleanSVG(data)
			if err != nil {
				t.Fatal(err)
			}
			if err := CheckSVG(svg.Markup); err != nil {
				t.Fatalf("CheckSVG: %v", err)
			}
			// At a quarter of print resolution: the test is about what is drawn.
			out, err := RasterSVG(svg.Markup, svg.Width*0.75/4, svg.Height*0.75/4)
			if err != nil {
				t.Fatal(err)
			}
			img := decode(t, out)
			if n := opaque(img, img.Bounds()); n < img.Bounds().Dx()*img.Bounds().Dy()/100 {
				t.Errorf("only %d pixels drawn of %v", n, img.Bounds().Size())
			}
		})
	}
}

// TestSVGValues draws one shape with values oksvg does not read as they
// are, checking the pixels where it should (or should not) be.
func TestSVGValues(t *testing.T) {
	const head = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">`
	tests := []struct {
		name string
		body string
		// at is a point in user units; want the colour there, alpha
		// included, within 40 per channel.
		at   image.Point
		want [4]uint8
	}{
		{"transparent stroke", `<rect x="5" y="5" width="30" height="30" fill="red" stroke="transparent" stroke-width="4"/>`, image.Pt(20, 20), [4]uint8{255, 0, 0, 255}},
		{"transparent stroke not drawn", `<rect x="5" y="5" width="30" height="30" fill="red" stroke="transparent" stroke-width="4"/>`, image.Pt(4, 20), [4]uint8{}},
		{"transparent fill", `<rect x="5" y="5" width="30" height="30" fill="transparent" stroke="blue" stroke-width="2"/>`, image.Pt(20, 20), [4]uint8{}},
		{"rgba fill", `<rect width="40" height="40" fill="rgba(0, 0, 255, 0.5)"/>`, image.Pt(20, 20), [4]uint8{0, 0, 255, 128}},
		{"#rrggbbaa fill", `<rect width="40" height="40" fill="#00ff0080"/>`, image.Pt(20, 20), [4]uint8{0, 255, 0, 128}},
		{"currentColor", `<g color="#ff0000"><rect width="40" height="40" fill="currentColor"/></g>`, image.Pt(20, 20), [4]uint8{255, 0, 0, 255}},
		{"style attribute", `<rect width="40" height="40" style="fill: transparent; stroke: none"/><rect width="20" height="40" style="fill:#0000ff"/>`, image.Pt(10, 20), [4]uint8{0, 0, 255, 255}},
		{"polyline of two points", `<polyline points="0,20 40,20 " fill="none" stroke="black" stroke-width="4"/>`, image.Pt(20, 20), [4]uint8{0, 0, 0, 255}},
		{"gradient stops in style", `<defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" style="stop-color:red;stop-opacity:1.;"/><stop offset="1" style="stop-color:red;stop-opacity:1.;"/></linearGradient></defs><rect width="40" height="40" fill="url(#g)"/>`, image.Pt(20, 20), [4]uint8{255, 0, 0, 255}},
		{"unreadable value dropped", `<rect width="40" height="40" fill="green" stroke-width="thick" opacity="50%"/>`, image.Pt(20, 20), [4]uint8{0, 128, 0, 255}},
		{"style sheet it cannot read", `<defs><style>@media print { rect { fill: red } }</style></defs><rect width="40" height="40" fill="blue"/>`, image.Pt(20, 20), [4]uint8{0, 0, 255, 255}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := sanitize.CleanSVG([]byte(head + tt.body + `</svg>`))
			if err != nil {
				t.Fatal(err)
			}
			out, err := RasterSVG(svg.Markup, 30, 30) // 40 user units: 125 pixels
			if err != nil {
				t.Fatal(err)
			}
			img := decode(t, out)
			s := float64(img.Bounds().Dx()) / 40
			c := img.At(int(float64(tt.at.X)*s), int(float64(tt.at.Y)*s))
			n := image.NewNRGBA(image.Rect(0, 0, 1, 1))
			n.Set(0, 0, c)
			got := n.Pix
			for i := range 4 {
				if d := int(got[i]) - int(tt.want[i]); (tt.want[3] != 0 || i == 3) && (d > 40 || d < -40) {
					t.Fatalf("pixel at %v is %v, want %v", tt.at, got, tt.want)
				}
			}
		})
	}
}

func decode(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// opaque counts the pixels of img in r that are drawn.
func opaque(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a > 0x8000 {
				n++
			}
		}
	}
	return n
}
