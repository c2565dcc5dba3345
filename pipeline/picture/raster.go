package picture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif" // decoders for the images the PDF transforms
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"strconv"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zlib"
	xdraw "golang.org/x/image/draw"

	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/pipeline/doc"
)

// MaxPixels is the largest picture, in width × height, that the PDF draws:
// it decodes a picture to scale it down to print resolution, at up to 8
// bytes a pixel (16-bit RGBA), one per core. 64 megapixels, 256 MB
// decoded at 8 bits a sample, is a medium-format camera's photo; a 300 dpi
// picture filling an A4 page has 9. A larger file is valid: the EPUB
// carries it as it is, and the PDF shows a placeholder.
const MaxPixels = 64_000_000

// checkRaster returns why the PDF cannot draw raster image a, or nil.
func checkRaster(a *doc.Asset) error {
	if px := int64(a.Width) * int64(a.Height); px > MaxPixels {
		return fmt.Errorf("it is %d×%d pixels (%d megapixels), more than the %d megapixels the PDF writer decodes: scale it down to print it",
			a.Width, a.Height, (px+500_000)/1_000_000, MaxPixels/1_000_000)
	}
	return nil
}

// Image is a raster picture as the PDF embeds it: the entries of an image
// XObject's dictionary (PDF 32000, 8.9.5) and its stream.
type Image struct {
	Width, Height int
	// ColorSpace is DeviceGray, DeviceRGB or DeviceCMYK, or Indexed
	// (over DeviceRGB, with Palette).
	ColorSpace       string
	Palette          []byte // RGB triples, for Indexed
	BitsPerComponent int
	Filter           string // DCTDecode or FlateDecode
	// Colors, when not 0, is the number of colour components of a
	// stream of PNG-filtered rows: /DecodeParms << /Predictor 15 ... >>.
	Colors int
	// Decode is the /Decode array, "" for the default: Adobe's CMYK
	// JPEGs are stored inverted.
	Decode string
	// ColorKey is the /Mask array of colour-key masking (a PNG's tRNS
	// colour, a palette's one transparent entry): a minimum and a
	// maximum per colour component.
	ColorKey []int
	Data     []byte
	// SMask is the alpha channel, as a DeviceGray image of the same
	// size; nil when there is none.
	SMask *Image
	// Passthrough says that Data is the file's own: a JPEG file, or the
	// image data of a PNG (its IDAT chunks, one after the other).
	Passthrough bool
}

// Raster returns what the PDF embeds for raster image a, drawn w × h
// points. What the PDF can read as it is, it embeds as it is, without
// decoding a pixel: a JPEG (baseline or progressive, grey, colour or
// CMYK) as DCTDecode data, a PNG without alpha and without interlacing as
// its zlib data with the PNG predictor. A PNG with alpha is inflated and
// its filtered rows split into colour and alpha, which PNG's filters allow
// (each predicts a byte from the same byte of the pixel to the left or
// above), and compressed again, without undoing the filters. The rest is
// decoded, once: interlaced PNGs, palettes with partial transparency,
// GIFs, and any picture with more than half as many pixels again as
// opts.DPI needs at its size, which is scaled down to it.
//
// The image data of an asset marked DataUnchecked is checked here, as it
// is read (see Verify): inflated and counted where it is passed through,
// or as it is split or decoded. Its failure is a *DamagedError.
//
// With opts.Cache, what costs more than reading the file (the check, the
// split, the decoding) is done once for a file's content and kept.
func Raster(a *doc.Asset, w, h float64, opts Options) (*Image, error) {
	data, err := a.Bytes()
	if err != nil {
		return nil, err
	}
	img, err := raster(a, data, w, h, opts)
	if err != nil {
		if a.DataUnchecked {
			return nil, &DamagedError{Path: a.Path, Err: err}
		}
		return nil, fmt.Errorf("%s: %w", a.Path, err)
	}
	return img, nil
}

// DamagedError is a picture whose image data Raster found damaged or cut
// short, one the book's load left for it to check.
type DamagedError struct {
	Path string // the image's path in the book
	Err  error
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("image %q is damaged: %v", e.Path, e.Err)
}

func (e *DamagedError) Unwrap() error { return e.Err }

// CheckData checks the image data of a PNG marked DataUnchecked that the
// PDF does not draw (Raster checks those it draws): it inflates to the
// size its header declares. Its failure is a *DamagedError.
func CheckData(a *doc.Asset) error {
	if !a.DataUnchecked {
		return nil
	}
	data, err := a.Bytes()
	if err != nil {
		return err
	}
	p, err := readPNG(data, false)
	if err == nil {
		err = p.check(data)
	}
	if err != nil {
		return &DamagedError{Path: a.Path, Err: err}
	}
	return nil
}

// raster is Raster of a, whose content is data.
func raster(a *doc.Asset, data []byte, w, h float64, opts Options) (*Image, error) {
	if err := checkRaster(a); err != nil {
		return nil, err
	}
	dpi := opts.DPI
	if dpi <= 0 {
		dpi = PrintDPI
	}
	tw, th := int(math.Ceil(w/72*dpi)), int(math.Ceil(h/72*dpi))
	scale := tw > 0 && th > 0 && (float64(a.Width) > 1.5*float64(tw) || float64(a.Height) > 1.5*float64(th))
	if !scale {
		switch a.MediaType {
		case "image/jpeg":
			return jpegImage(data)
		case "image/png":
			img, err := pngImage(data, a.DataUnchecked, opts)
			if img != nil || err != nil {
				return img, err
			}
		}
	}
	key := func() filecache.Key { return cacheKey("decoded", data, a.MediaType) }
	if scale {
		key = func() filecache.Key {
			return cacheKey("scaled", data, a.MediaType, strconv.Itoa(tw), strconv.Itoa(th))
		}
	}
	return cached(opts.Cache, key, func() (*Image, error) { return decoded(a.MediaType, data, scale, tw, th) })
}

// jpegImage embeds a JPEG file as it is, as DCTDecode data.
func jpegImage(data []byte) (*Image, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	img := &Image{Width: cfg.Width, Height: cfg.Height, BitsPerComponent: 8, Filter: "DCTDecode", Data: data, Passthrough: true}
	switch cfg.ColorModel {
	case color.GrayModel:
		img.ColorSpace = "DeviceGray"
	case color.CMYKModel:
		img.ColorSpace = "DeviceCMYK"
		// Adobe's applications write CMYK JPEGs inverted, and mark
		// them with an APP14 segment; Go's decoder inverts them too.
		if jpegAdobe(data) {
			img.Decode = "[1 0 1 0 1 0 1 0]"
		}
	default:
		img.ColorSpace = "DeviceRGB"
	}
	return img, nil
}

// jpegAdobe reports whether a JPEG file has an Adobe APP14 segment before
// its first scan.
func jpegAdobe(d []byte) bool {
	for s := range jpegSegments(d, false) {
		if s.marker == 0xda {
			return false
		}
		if s.marker == 0xee && len(s.body) >= 5 && string(s.body[:5]) == "Adobe" {
			return true
		}
	}
	return false
}

// pngFile is what a PNG's chunks say: the header, the palette and
// transparency, the image data.
type pngFile struct {
	width, height            int
	depth, ctype, interlaced byte
	plte, trns               []byte
	idat                     [][]byte
}

// readPNG reads PNG file d's chunks up to IEND. With verify (completePNG),
// it checks every chunk's checksum and that there is image data too.
func readPNG(d []byte, verify bool) (*pngFile, error) {
	// The header's fields are where a 13-byte IHDR has them. Reading wants
	// that chunk whole; verifying, its data, a shorter chunk failing on
	// its checksum.
	if len(d) < 8+25 && (!verify || len(d) < 8+8+13) || string(d[12:16]) != "IHDR" {
		return nil, errNoData
	}
	p := &pngFile{
		width: int(binary.BigEndian.Uint32(d[16:])), height: int(binary.BigEndian.Uint32(d[20:])),
		depth: d[24], ctype: d[25], interlaced: d[28],
	}
	for c := range pngChunks(d) {
		if verify && !c.intact() {
			return nil, errors.New("png: invalid format: invalid checksum")
		}
		switch string(c.typ()) {
		case "PLTE":
			p.plte = c.data()
		case "tRNS":
			p.trns = c.data()
		case "IDAT":
			p.idat = append(p.idat, c.data())
		case "IEND":
			if verify && len(p.idat) == 0 {
				return nil, errNoData
			}
			return p, nil
		}
	}
	return nil, errNoData
}

// PNGData returns the image data of PNG file d, its IDAT chunks one after
// the other (a zlib stream), or an error when it has no IEND chunk after
// them or is cut short.
func PNGData(d []byte) ([]byte, error) {
	p, err := readPNG(d, false)
	if err != nil {
		return nil, err
	}
	return p.data(), nil
}

// data returns the image data, the IDAT chunks one after the other: a
// zlib stream. One chunk is not copied.
func (p *pngFile) data() []byte {
	if len(p.idat) == 1 {
		return p.idat[0]
	}
	return bytes.Join(p.idat, nil)
}

// check checks that p's image data, that of file d, inflates to the size
// its header declares; where it does not, the message is the decoder's.
func (p *pngFile) check(d []byte) error {
	if err := p.inflates(); err != nil {
		if _, derr := png.Decode(bytes.NewReader(d)); derr != nil {
			return derr
		}
		return err
	}
	return nil
}

// pngImage embeds a PNG without decoding it, or returns nil when it must
// be decoded (interlaced, or a palette with partial transparency). With
// check, the image data it passes through is checked first (see Raster).
func pngImage(data []byte, check bool, opts Options) (*Image, error) {
	p, err := readPNG(data, false)
	if err != nil {
		return nil, err
	}
	if p.interlaced != 0 {
		return nil, nil
	}
	img := &Image{Width: p.width, Height: p.height, BitsPerComponent: int(p.depth), Filter: "FlateDecode", Passthrough: true}
	key := func(n int) []int {
		// tRNS of grey or RGB: one 16-bit sample per component.
		if len(p.trns) < 2*n {
			return nil
		}
		k := make([]int, 0, 2*n)
		for i := range n {
			v := int(binary.BigEndian.Uint16(p.trns[2*i:]))
			k = append(k, v, v)
		}
		return k
	}
	switch p.ctype {
	case 0:
		img.ColorSpace, img.Colors, img.ColorKey = "DeviceGray", 1, key(1)
	case 2:
		img.ColorSpace, img.Colors, img.ColorKey = "DeviceRGB", 3, key(3)
	case 3:
		img.ColorSpace, img.Colors, img.Palette = "Indexed", 1, p.plte
		if len(p.plte) < 3 {
			return nil, errors.New("png: palette missing")
		}
		if p.trns != nil {
			// One fully transparent entry, the others opaque, is a
			// colour key; anything else needs an SMask, from the
			// decoded picture.
			clear := -1
			for i, a := range p.trns {
				switch {
				case a == 0 && clear < 0:
					clear = i
				case a != 255:
					return nil, nil
				}
			}
			if clear >= 0 {
				img.ColorKey = []int{clear, clear}
			}
		}
	case 4, 6:
		return cached(opts.Cache, func() filecache.Key { return cacheKey("split", data) },
			func() (*Image, error) { return splitAlpha(p, img) })
	default:
		return nil, fmt.Errorf("png: colour type %d", p.ctype)
	}
	if check {
		if err := checkedOnce(opts.Cache, pngDataCheck, data, func() error { return p.check(data) }); err != nil {
			return nil, err
		}
	}
	img.Data = p.data()
	return img, nil
}

// splitAlpha makes img, a PNG with alpha, into its colour and an SMask:
// the filtered rows are split by sample, each keeping its filter byte.
// PNG's filters predict each byte from the same byte of the pixel to the
// left, above and above left, so the colour samples alone and the alpha
// samples alone are rows filtered the same way, which the PDF's PNG
// predictor undoes.
func splitAlpha(p *pngFile, img *Image) (*Image, error) {
	colors := 3
	img.ColorSpace = "DeviceRGB"
	if p.ctype == 4 {
		colors, img.ColorSpace = 1, "DeviceGray"
	}
	bps := int(p.depth) / 8 // bytes a sample: 1 or 2
	pix := (colors + 1) * bps
	row := 1 + p.width*pix
	zr, err := inflater(bytes.NewReader(p.data()))
	if err != nil {
		return nil, err
	}
	in := make([]byte, row)
	crow, arow := make([]byte, 1+p.width*colors*bps), make([]byte, 1+p.width*bps)
	cz, az := newDeflater(len(crow)*p.height), newDeflater(len(arow)*p.height)
	opaque := opaqueRows{bpp: bps, prev: make([]byte, p.width*bps), cur: make([]byte, p.width*bps), all: true}
	for range p.height {
		if _, err := io.ReadFull(zr, in); err != nil {
			return nil, fmt.Errorf("png: %w", err)
		}
		crow[0], arow[0] = in[0], in[0]
		c, a := crow[1:], arow[1:]
		if bps == 1 && colors == 3 {
			for x, s := 0, in[1:]; x < p.width; x, s = x+1, s[4:] {
				c[3*x], c[3*x+1], c[3*x+2], a[x] = s[0], s[1], s[2], s[3]
			}
		} else {
			cw := colors * bps
			for x, s := 0, in[1:]; x < p.width; x, s = x+1, s[pix:] {
				copy(c[x*cw:], s[:cw])
				copy(a[x*bps:], s[cw:pix])
			}
		}
		cz.Write(crow)
		az.Write(arow)
		opaque.row(arow)
	}
	img.Colors = colors
	img.Passthrough = false
	if img.Data, err = cz.bytes(); err != nil {
		return nil, err
	}
	if opaque.all {
		// An alpha channel of opaque pixels (as many screenshots
		// have) needs no soft mask: without one, the page has no
		// transparency for a printer's workflow to flatten, and
		// viewers draw the picture alone.
		return img, nil
	}
	alpha := &Image{Width: p.width, Height: p.height, ColorSpace: "DeviceGray", BitsPerComponent: int(p.depth), Filter: "FlateDecode", Colors: 1}
	if alpha.Data, err = az.bytes(); err != nil {
		return nil, err
	}
	img.SMask = alpha
	return img, nil
}

// opaqueRows finds whether the alpha samples of a PNG, given a row at a
// time as PNG-filtered bytes (each row's filter type first; samples of
// bpp bytes, each predicted from the same sample of its neighbours, as
// splitAlpha splits them), are all opaque: it undoes the filters of the
// alpha alone, until a sample is not.
type opaqueRows struct {
	bpp       int
	prev, cur []byte // the previous row and this one, unfiltered
	all       bool
}

func (o *opaqueRows) row(filtered []byte) {
	if !o.all {
		return
	}
	f, raw := filtered[0], filtered[1:]
	prev, cur, bpp := o.prev, o.cur, o.bpp
	for x, r := range raw {
		var a, c byte // left, and above left
		if x >= bpp {
			a, c = cur[x-bpp], prev[x-bpp]
		}
		b := prev[x]
		switch f {
		case 0:
			cur[x] = r
		case 1:
			cur[x] = r + a
		case 2:
			cur[x] = r + b
		case 3:
			cur[x] = r + byte((int(a)+int(b))/2)
		case 4:
			cur[x] = r + paeth(a, b, c)
		default:
			o.all = false // not PNG: the PDF's reader says so
			return
		}
		if cur[x] != 0xff {
			o.all = false
			return
		}
	}
	o.prev, o.cur = cur, prev
}

// paeth is PNG's Paeth predictor.
func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// deflater compresses a stream into memory.
type deflater struct {
	buf bytes.Buffer
	zw  *zlib.Writer
}

func newDeflater(size int) *deflater {
	d := &deflater{}
	// Compressed data of pictures is a fraction of their size.
	d.buf.Grow(size / 4)
	// The fastest level: this runs at every build, and the PDF's
	// pictures are seldom a large part of its size after it. Huffman
	// coding alone (flate.HuffmanOnly) is no faster in Go and makes
	// screenshots twice as large, even their alpha; klauspost's
	// compressor takes a quarter less time than the standard library's
	// at this level, for the same size.
	d.zw, _ = zlib.NewWriterLevel(&d.buf, flate.BestSpeed)
	return d
}

func (d *deflater) Write(p []byte) { d.zw.Write(p) }

func (d *deflater) bytes() ([]byte, error) {
	if err := d.zw.Close(); err != nil {
		return nil, err
	}
	return d.buf.Bytes(), nil
}

// decoded decodes a picture the PDF cannot embed as it is, data of
// mediaType, scaled down to tw × th pixels when scale is set.
func decoded(mediaType string, data []byte, scale bool, tw, th int) (*Image, error) {
	if err := CheckBudget(mediaType, data); err != nil {
		return nil, err
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if pal, ok := src.(*image.Paletted); ok && !scale {
		if img := indexed(pal); img != nil {
			return img, nil
		}
	}
	if scale {
		dst := image.NewNRGBA(image.Rect(0, 0, tw, th))
		// x/image's kernels widen as they scale down, so every source
		// pixel counts (no aliasing); bilinear is the cheapest of them.
		xdraw.BiLinear.Scale(dst, dst.Bounds(), src, src.Bounds(), xdraw.Src, nil)
		src = dst
		if mediaType == "image/jpeg" {
			// A photo stays a JPEG: compressed losslessly it would
			// be several times larger.
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 90}); err != nil {
				return nil, err
			}
			return jpegImage(buf.Bytes())
		}
	}
	return flatImage(toNRGBA(src))
}

// indexed embeds a decoded palette picture (a GIF's frame) as an Indexed
// image, or returns nil when its transparency needs an SMask.
func indexed(p *image.Paletted) *Image {
	b := p.Bounds()
	img := &Image{Width: b.Dx(), Height: b.Dy(), ColorSpace: "Indexed", BitsPerComponent: 8, Filter: "FlateDecode"}
	for i, c := range p.Palette {
		n := color.NRGBAModel.Convert(c).(color.NRGBA)
		switch {
		case n.A == 0 && img.ColorKey == nil:
			img.ColorKey = []int{i, i}
		case n.A != 255:
			return nil
		}
		img.Palette = append(img.Palette, n.R, n.G, n.B)
	}
	if len(img.Palette) == 0 {
		return nil
	}
	z := newDeflater(b.Dx() * b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		i := p.PixOffset(b.Min.X, y)
		z.Write(p.Pix[i : i+b.Dx()])
	}
	var err error
	if img.Data, err = z.bytes(); err != nil {
		return nil
	}
	return img
}

// flatImage embeds decoded pixels as RGB with the PNG predictor (each row
// filtered by Sub, cheap and good for photos and flat colour alike) and,
// unless every pixel is opaque, an SMask.
func flatImage(n *image.NRGBA) (*Image, error) {
	b := n.Bounds()
	w, h := b.Dx(), b.Dy()
	opaque := n.Opaque()
	crow, arow := make([]byte, 1+3*w), make([]byte, 1+w)
	crow[0], arow[0] = 1, 1 // Sub
	cz := newDeflater(len(crow) * h)
	var az *deflater
	if !opaque {
		az = newDeflater(len(arow) * h)
	}
	for y := range h {
		s := n.Pix[n.PixOffset(b.Min.X, b.Min.Y+y):]
		c, a := crow[1:], arow[1:]
		var pr, pg, pb, pa byte
		for x := range w {
			r, g, bl, al := s[4*x], s[4*x+1], s[4*x+2], s[4*x+3]
			c[3*x], c[3*x+1], c[3*x+2], a[x] = r-pr, g-pg, bl-pb, al-pa
			pr, pg, pb, pa = r, g, bl, al
		}
		cz.Write(crow)
		if az != nil {
			az.Write(arow)
		}
	}
	img := &Image{Width: w, Height: h, ColorSpace: "DeviceRGB", BitsPerComponent: 8, Filter: "FlateDecode", Colors: 3}
	var err error
	if img.Data, err = cz.bytes(); err != nil {
		return nil, err
	}
	if az != nil {
		img.SMask = &Image{Width: w, Height: h, ColorSpace: "DeviceGray", BitsPerComponent: 8, Filter: "FlateDecode", Colors: 1}
		if img.SMask.Data, err = az.bytes(); err != nil {
			return nil, err
		}
	}
	return img, nil
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
