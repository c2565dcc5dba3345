package book

import (
	"bytes"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/picture"
	"github.com/gobook/ebook/pipeline/sanitize"
)

// MaxImageBytes is the largest image file accepted: with the limit on
// pixels the PDF decodes (picture.MaxPixels), it bounds the memory an image
// costs.
const MaxImageBytes = 50 << 20

// MaxImagePixels is the largest width × height accepted at all, four times
// what the PDF draws (picture.MaxPixels): 256 megapixels, a poster of 1.4
// × 1.4 m at 300 dpi. Checking that a file that large is whole takes
// reading its pixels once (see picture.Verify), which a bomb's header could
// otherwise make last minutes.
const MaxImagePixels = 4 * picture.MaxPixels

// limitError is an image over MaxImagePixels: not damaged, too large.
type limitError struct{ msg string }

func (e limitError) Error() string { return e.msg }

// dataChecks says how the load checks the image data of pictures.
type dataChecks struct {
	// deferPNG leaves the image data of PNGs unchecked (see
	// Options.DeferImageData).
	deferPNG bool
	// disk records the PNGs whose image data passed (see
	// Options.DiskCache).
	disk *filecache.Cache
	// keepDrawings keeps each SVG drawing as the PDF draws it (see
	// Options.KeepDrawings).
	keepDrawings bool
}

// loadImage reads and checks the image at rel: its format must be one EPUB
// readers must support (PNG, JPEG, GIF, SVG), and it must be whole (see
// picture.Verify).
func loadImage(f *folder, rel string, cache *Cache, checks dataChecks) (*doc.Asset, error) {
	real, err := f.resolve(rel, "image")
	if err != nil {
		return nil, err
	}
	data, err := f.readReal(real, rel, "image", MaxImageBytes)
	if err != nil {
		return nil, err
	}
	if cache != nil {
		return cache.image(rel, real, data, checks.disk)
	}
	return checkImage(rel, real, data, checks)
}

// checkImage checks data, the content of the image file rel, at real, as
// checks say: with deferPNG, a PNG's image data is left to the PDF writer
// (see Options.DeferImageData). A raster picture's content is let go once
// checked (doc.Asset.LetGo): the writers read it again, one at a time.
func checkImage(rel, real string, data []byte, checks dataChecks) (a *doc.Asset, err error) {
	a = &doc.Asset{Path: rel, Data: data}
	defer func() {
		if err == nil && a.MediaType != "image/svg+xml" {
			a.LetGo(real)
		}
	}()
	if len(data) == 0 {
		return nil, fmt.Errorf("image %q is empty", rel)
	}
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		a.MediaType = "image/png"
		a.DataUnchecked = checks.deferPNG
		err = checkRaster(a, png.DecodeConfig, checks.disk)
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		a.MediaType = "image/jpeg"
		err = checkRaster(a, jpeg.DecodeConfig, checks.disk)
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		a.MediaType = "image/gif"
		err = checkRaster(a, gif.DecodeConfig, checks.disk)
	case looksLikeSVG(data):
		a.MediaType = "image/svg+xml"
		var svg *sanitize.SVG
		svg, err = sanitize.CleanSVG(data)
		if err == nil {
			// Keep the cleaned markup: an SVG file could carry scripts
			// as well as inline SVG could.
			a.Data = append([]byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n"), svg.Markup...)
			a.Width, a.Height = int(svg.Width+0.5), int(svg.Height+0.5)
			for _, d := range svg.Dropped {
				// A link in a picture shown as an image never
				// worked: nothing is lost (Graphviz makes them).
				if d.What != "link <a>" {
					a.Dropped = append(a.Dropped, d.String())
				}
			}
		}
	case bytes.HasPrefix(data, []byte("RIFF")) && len(data) > 12 && string(data[8:12]) == "WEBP":
		return nil, fmt.Errorf("image %q is WebP, which EPUB 3.2 readers need not support: convert it to PNG or JPEG", rel)
	default:
		return nil, fmt.Errorf("image %q is not a PNG, JPEG, GIF or SVG image", rel)
	}
	if _, ok := err.(limitError); ok {
		return nil, fmt.Errorf("image %q is too large: %v", rel, err)
	}
	if err != nil {
		return nil, fmt.Errorf("image %q is damaged: %v", rel, err)
	}
	if err := picture.Check(a, checks.keepDrawings); err != nil {
		a.NoPDF = err.Error()
	}
	return a, nil
}

func checkRaster(a *doc.Asset, config func(r io.Reader) (image.Config, error), disk *filecache.Cache) error {
	cfg, err := config(bytes.NewReader(a.Data))
	if err != nil {
		return err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("it declares a size of %d×%d pixels", cfg.Width, cfg.Height)
	}
	a.Width, a.Height = cfg.Width, cfg.Height
	px := int64(cfg.Width) * int64(cfg.Height)
	if px > MaxImagePixels {
		return limitError{fmt.Sprintf("it declares %d×%d pixels, more than the limit of %d megapixels", cfg.Width, cfg.Height, MaxImagePixels/1_000_000)}
	}
	// A progressive JPEG is decoded whole for every scan it has, by
	// the PDF writer when it scales one and by readers: refused before
	// anything decodes it (one too large to decode gets a placeholder).
	if px <= picture.MaxPixels {
		if err := picture.CheckBudget(a.MediaType, a.Data); err != nil {
			return limitError{err.Error()}
		}
	}
	// A truncated file has a valid header: check that its data is all
	// there, without decoding it where the PDF need not (picture.Verify),
	// so that a picture is decoded once at most, by the PDF writer. One
	// over picture.MaxPixels is never decoded (the PDF shows a
	// placeholder), but it may well be valid.
	if a.DataUnchecked && px > picture.MaxPixels {
		// The PDF never decodes it (it draws a placeholder): checked
		// here or nowhere.
		a.DataUnchecked = false
	}
	return picture.Verify(a.MediaType, a.Data, px, a.DataUnchecked, disk)
}

// looksLikeSVG reports whether data starts like an XML or SVG document.
func looksLikeSVG(data []byte) bool {
	head := data[:min(len(data), 1024)]
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	return (bytes.HasPrefix(head, []byte("<?xml")) || bytes.HasPrefix(head, []byte("<svg")) || bytes.HasPrefix(head, []byte("<!--")) || bytes.HasPrefix(head, []byte("<!DOCTYPE svg"))) &&
		bytes.Contains(data, []byte("<svg"))
}
