package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"

	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
)

// svgDPI is the resolution SVG drawings are rasterised at: print
// resolution.
const svgDPI = 300

// maxSVGPixels bounds a rasterised drawing (24 megapixels, 96 MB): a page
// of 186 × 240 mm at 300 dpi has 6.2.
const maxSVGPixels = 24_000_000

// rasterSVG draws the shapes of SVG markup, shown w × h points, at print
// resolution and returns them as a PNG with transparency. oksvg (fyne's
// maintained fork) is a pure-Go SVG renderer made for icons and
// diagrams: paths, basic shapes, strokes, gradients. It draws no text: the
// layout sets an SVG's text over the picture in the book's fonts (see
// layout/svg.go), so labels stay sharp and searchable. Elements it does
// not know (markers among them) are skipped rather than failing the book.
func rasterSVG(markup []byte, w, h float64) ([]byte, error) {
	icon, err := oksvg.ReadIconStream(bytes.NewReader(markup), oksvg.IgnoreErrorMode)
	if err != nil {
		return nil, fmt.Errorf("reading the SVG drawing: %w", err)
	}
	pw, ph := math.Ceil(w/72*svgDPI), math.Ceil(h/72*svgDPI)
	if pw*ph > maxSVGPixels {
		s := math.Sqrt(maxSVGPixels / (pw * ph))
		pw, ph = math.Floor(pw*s), math.Floor(ph*s)
	}
	iw, ih := max(int(pw), 1), max(int(ph), 1)
	icon.SetTarget(0, 0, float64(iw), float64(ih))
	img := image.NewRGBA(image.Rect(0, 0, iw, ih))
	scanner := rasterx.NewScannerGV(iw, ih, img, img.Bounds())
	icon.Draw(rasterx.NewDasher(iw, ih, scanner), 1)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, toNRGBA(img)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
