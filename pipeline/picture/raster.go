package picture

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif" // decoders for the images the PDF re-encodes
	"image/jpeg"
	"image/png"
	"math"

	xdraw "golang.org/x/image/draw"

	"github.com/gobook/ebook/pipeline/doc"
)

// MaxPixels is the largest picture, in width × height, that the PDF draws:
// it decodes a picture to scale it down to print resolution, at up to 8
// bytes a pixel (16-bit RGBA), and the book's loader decodes one per core
// to check it. 64 megapixels, 256 MB decoded at 8 bits a sample, is a
// medium-format camera's photo; a 300 dpi picture filling an A4 page has
// 9. A larger file is valid: the EPUB carries it as it is, and the PDF
// shows a placeholder.
const MaxPixels = 64_000_000

// checkRaster returns why the PDF cannot draw raster image a, or nil.
func checkRaster(a *doc.Asset) error {
	if px := int64(a.Width) * int64(a.Height); px > MaxPixels {
		return fmt.Errorf("it is %d×%d pixels (%d megapixels), more than the %d megapixels the PDF writer decodes: scale it down to print it",
			a.Width, a.Height, (px+500_000)/1_000_000, MaxPixels/1_000_000)
	}
	return nil
}

// rasterForPDF returns the file the PDF embeds for raster image a, drawn w
// × h points: scaled down to PrintDPI when it has more than half as many
// pixels again, else the file as it is when gopdf can embed it, else
// re-encoded as PNG.
func rasterForPDF(a *doc.Asset, w, h float64) ([]byte, error) {
	if err := checkRaster(a); err != nil {
		return nil, err
	}
	tw, th := int(math.Ceil(w/72*PrintDPI)), int(math.Ceil(h/72*PrintDPI))
	scale := tw > 0 && th > 0 && (float64(a.Width) > 1.5*float64(tw) || float64(a.Height) > 1.5*float64(th))
	if !scale && embeddable(a) {
		return a.Data, nil
	}
	if err := CheckBudget(a.MediaType, a.Data); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(bytes.NewReader(a.Data))
	if err != nil {
		return nil, err
	}
	if scale {
		dst := image.NewNRGBA(image.Rect(0, 0, tw, th))
		// x/image's kernels widen as they scale down, so every source
		// pixel counts (no aliasing); bilinear is the cheapest of them.
		xdraw.BiLinear.Scale(dst, dst.Bounds(), img, img.Bounds(), xdraw.Src, nil)
		img = dst
	}
	var buf bytes.Buffer
	if a.MediaType == "image/jpeg" {
		// A photo stays a JPEG: as PNG it would be several times larger.
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	} else {
		// Fast compression: the PDF is compressed as a whole anyway,
		// and this runs at every build.
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		err = enc.Encode(&buf, toNRGBA(img))
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// embeddable reports whether gopdf can embed an image file as it is: JPEG,
// and PNG of at most 8 bits per sample, not interlaced, in grey, RGB, RGBA
// or a palette without transparency (gopdf keeps only one transparent
// palette entry). Others are decoded and embedded as 8-bit PNG.
func embeddable(a *doc.Asset) bool {
	switch a.MediaType {
	case "image/jpeg":
		return true
	case "image/png":
		d := a.Data
		// IHDR: bit depth at byte 24, colour type 25, interlace 28.
		if len(d) <= 28 || d[24] > 8 || d[28] != 0 || pngPlain(d) != nil {
			return false
		}
		switch d[25] {
		case 0, 2, 6:
			return true
		case 3:
			return !bytes.Contains(d, []byte("tRNS"))
		}
	}
	return false
}

// toNRGBA converts an image to 8-bit non-premultiplied RGBA.
func toNRGBA(img image.Image) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok {
		return n
	}
	b := img.Bounds()
	out := image.NewNRGBA(b)
	draw.Draw(out, b, img, b.Min, draw.Src)
	return out
}
