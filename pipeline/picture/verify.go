package picture

import (
	"bytes"
	"errors"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/klauspost/compress/flate"

	"github.com/gobook/ebook/internal/filecache"
)

// Verify checks that raster image data of mediaType (image/png, image/jpeg
// or image/gif) of px pixels is whole, decoding its pixels only where that
// is the cheap way: a PNG's chunks are checked (CRC) and its image data
// inflated and counted, a JPEG's segments followed up to its scan and end
// marker, and neither is decoded, because the PDF embeds both as they are
// (see Raster); a GIF, small as a rule, is decoded. A file that fails the
// cheap check and has at most MaxPixels pixels is decoded, so that the
// message is the decoder's own, as it was when every image was decoded
// on load.
//
// With deferPNG, a PNG's image data is not inflated, only its chunks and
// their checksums checked: the PDF writer inflates it as it embeds the
// picture (Raster, for an asset marked DataUnchecked), and one pass over
// the pixels is enough. A file cut short or altered by accident fails the
// chunks' checks all the same; what passes is data made wrong on purpose,
// with checksums to match, which Raster then reports.
//
// With c, a PNG's image data is inflated once for a file's content: c
// records that it passed, under the key Raster's check records it by, so
// that a build without a PDF (an EPUB, a website) does not inflate the
// pictures again at every build, nor after a build with one.
//
// What the cheap check misses: a JPEG whose entropy-coded data is wrong
// but ends with the end marker. The PDF embeds it as it is and a reader
// shows what it can of it, as an EPUB reader would.
func Verify(mediaType string, data []byte, px int64, deferPNG bool, c *filecache.Cache) error {
	if mediaType == "image/gif" && px <= MaxPixels {
		_, err := gif.Decode(bytes.NewReader(data))
		return err
	}
	var err error
	switch mediaType {
	case "image/png":
		err = completePNG(data, !deferPNG, c)
	case "image/jpeg":
		err = completeJPEG(data)
	case "image/gif":
		err = completeGIF(data)
	}
	if err == nil || px > MaxPixels {
		return err
	}
	switch mediaType {
	case "image/png":
		_, derr := png.Decode(bytes.NewReader(data))
		if derr != nil {
			return derr
		}
	case "image/jpeg":
		_, derr := jpeg.Decode(bytes.NewReader(data))
		if derr != nil {
			return derr
		}
	}
	return err
}

var errNoData = errors.New("its image data is missing or cut short")

// completePNG checks a PNG's chunks and, with inflate, that its image
// data inflates to the size its header declares, unless c records that it
// does.
func completePNG(d []byte, inflate bool, c *filecache.Cache) error {
	p, err := readPNG(d, true)
	if err != nil || !inflate {
		return err
	}
	return checkedOnce(c, pngDataCheck, d, p.inflates)
}

// inflates checks that p's image data (a zlib stream in pieces) inflates
// to the size its header declares: a bomb's header declares far more than
// its data holds. Memory is the inflater's; time, that of reading the
// pixels once.
func (p *pngFile) inflates() error {
	rs := make([]io.Reader, 0, len(p.idat))
	for _, b := range p.idat {
		rs = append(rs, bytes.NewReader(b))
	}
	zr, err := inflater(io.MultiReader(rs...))
	if err != nil {
		return errNoData
	}
	want := p.dataSize()
	if n, _ := io.CopyN(io.Discard, zr, want); n != want {
		return errNoData
	}
	return nil
}

// inflater returns a reader of the inflated content of zlib stream r,
// which it reads with klauspost's inflater, a third faster than the
// standard library's. The checksum at the end of the stream is not
// checked: the readers stop at the size the PNG's header declares, as
// Go's PNG decoder does, and computing it is a sixth of the time.
func inflater(r io.Reader) (io.Reader, error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil, err
	}
	// RFC 1950: deflate, a header that checks, no preset dictionary.
	if h[0]&0x0f != 8 || (uint(h[0])<<8|uint(h[1]))%31 != 0 || h[1]&0x20 != 0 {
		return nil, errors.New("zlib: invalid header")
	}
	return flate.NewReader(r), nil
}

// dataSize is the size of the filtered image data that p's header
// declares.
func (p *pngFile) dataSize() int64 {
	w, h := int64(p.width), int64(p.height)
	bits := int64(p.depth) * map[byte]int64{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[p.ctype]
	rows := func(w, h int64) int64 {
		if w <= 0 || h <= 0 {
			return 0
		}
		return h * (1 + (w*bits+7)/8)
	}
	if p.interlaced == 0 {
		return rows(w, h)
	}
	// Adam7: seven passes, each a smaller image.
	n := int64(0)
	for _, a := range [7][4]int64{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}} {
		n += rows((w-a[0]+a[2]-1)/a[2], (h-a[1]+a[3]-1)/a[3])
	}
	return n
}

func completeJPEG(d []byte) error {
	scan := false
	for s := range jpegSegments(d, true) {
		if s.marker == 0xda {
			scan = true
			break
		}
	}
	if !scan || !bytes.HasSuffix(bytes.TrimRight(d, "\x00"), []byte{0xff, 0xd9}) {
		return errNoData
	}
	return nil
}

func completeGIF(d []byte) error {
	n, err := GIFFrames(d)
	if err == nil && n == 0 {
		return errNoData
	}
	return err
}

// GIFFrames counts the images (frames) of a GIF file by walking its
// blocks, without decoding any: more than one is an animation. It fails
// on a file cut short or with a block it does not know.
func GIFFrames(d []byte) (int, error) {
	if len(d) < 13 {
		return 0, errNoData
	}
	i := 13
	if d[10]&0x80 != 0 { // global colour table
		i += 3 << (d[10]&7 + 1)
	}
	// subBlocks skips data sub-blocks, the last empty.
	subBlocks := func() bool {
		for i < len(d) {
			n := int(d[i])
			i += 1 + n
			if n == 0 {
				return i <= len(d)
			}
		}
		return false
	}
	frames := 0
	for i < len(d) {
		switch d[i] {
		case 0x21: // extension
			i += 2
			if !subBlocks() {
				return 0, errNoData
			}
		case 0x2c: // image
			if i+10 > len(d) {
				return 0, errNoData
			}
			flags := d[i+9]
			i += 10
			if flags&0x80 != 0 {
				i += 3 << (flags&7 + 1)
			}
			i++ // LZW minimum code size
			if !subBlocks() {
				return 0, errNoData
			}
			frames++
		case 0x3b: // trailer
			return frames, nil
		default:
			return 0, errors.New("gif: unknown block")
		}
	}
	return 0, errNoData
}
