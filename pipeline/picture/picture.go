// Package picture decides what the PDF draws for an image: whether it can
// draw it at all, and the bytes it embeds. The question is asked when the
// book is loaded (Check), so that `ebook check` reports what a build would
// and a picture the PDF cannot draw is a warning at the place that shows
// it, with a placeholder in the PDF, never a failed build; the PDF writer
// then asks for what it embeds: for SVG, the vector drawing (VectorSVG);
// for raster pictures, image objects (Raster), their files' own data where
// the PDF can read it, decoded once where it cannot, scaled down to the
// resolution they are printed at when they are much larger. The EPUB
// always carries the original file.
package picture

import (
	"github.com/gobook/ebook/pipeline/doc"
)

// PrintDPI is the resolution the PDF's raster pictures are made for:
// larger ones are scaled down to it.
const PrintDPI = 300

// Check returns why the PDF cannot draw image a, or nil. a has passed the
// book's checks: a PNG, JPEG or GIF that decodes, or cleaned SVG markup.
// With keep, an SVG drawing is read as VectorSVG reads it, and kept in
// a.Drawing for the PDF, which then does not read it again.
func Check(a *doc.Asset, keep bool) error {
	if a.MediaType != "image/svg+xml" {
		return checkRaster(a)
	}
	if !keep {
		return CheckSVG(a.Data)
	}
	d, err := VectorSVG(a.Data)
	if err == nil {
		a.Drawing = d
	}
	return err
}
