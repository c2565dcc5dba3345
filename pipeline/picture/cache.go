package picture

import (
	"encoding/binary"
	"errors"

	"github.com/gobook/ebook/internal/filecache"
)

// cacheVersion names the output of this package's raster conversions in
// the keys of the entries they are kept in (see Options.Cache): change it
// whenever Raster makes other bytes of the same input (a new compressor or
// level, another filter, another scaler), or a build with a cache made by
// the previous version would write another PDF than a build without one.
// TestCacheVersion fails until it is changed.
const cacheVersion = "2"

// Options say how Raster makes a picture.
type Options struct {
	// Cache, when set, keeps what Raster computes from a file (the
	// check of a PNG's image data, a PNG split into colour and alpha, a
	// picture decoded or scaled down) between builds, keyed by the
	// file's content: a picture costs its conversion once, not at every
	// build. A JPEG or a PNG passed through unchecked costs nothing and
	// is not kept.
	Cache *filecache.Cache
	// DPI is the resolution pictures are printed at (book.yaml's
	// pdf.image_dpi); 0 is PrintDPI. A picture with more than half as
	// many pixels again at its printed size is scaled down to it.
	DPI float64
}

// cacheKey is the key of what an operation of kind (with its
// parameters) makes of a file's content, data.
func cacheKey(kind string, data []byte, params ...string) filecache.Key {
	parts := [][]byte{[]byte("picture-" + kind + "-" + cacheVersion), data}
	for _, p := range params {
		parts = append(parts, []byte(p))
	}
	return filecache.NewKey(parts...)
}

// cached returns what compute returns, from c when it holds entry k, and
// keeps it there otherwise. Failures are not kept: a damaged file is found
// damaged at every build, with its message.
func cached(c *filecache.Cache, k func() filecache.Key, compute func() (*Image, error)) (*Image, error) {
	if c == nil {
		return compute()
	}
	key := k()
	if b, ok := c.Get(key); ok {
		if img, rest, err := readImage(b); err == nil && len(rest) == 0 {
			return img, nil
		}
	}
	img, err := compute()
	if err == nil {
		// Not kept is only slower: the build goes on.
		_ = c.Put(key, img.appendBinary(nil))
	}
	return img, err
}

// pngDataCheck is the kind of checkedOnce's record that a PNG's image data
// inflates to the size its header declares: the book's load (Verify) and
// the PDF's drawing (Raster) record and find it alike.
const pngDataCheck = "png-data"

// checkedOnce runs check, a check of a file's data that has no result but
// its error, unless c records that it passed for the same data, and
// records that it did.
func checkedOnce(c *filecache.Cache, kind string, data []byte, check func() error) error {
	if c == nil {
		return check()
	}
	key := cacheKey(kind, data)
	if _, ok := c.Get(key); ok {
		return nil
	}
	err := check()
	if err == nil {
		_ = c.Put(key, nil)
	}
	return err
}

// appendBinary appends img, with its soft mask, to b: the form it is kept
// in the cache (readImage reads it).
func (img *Image) appendBinary(b []byte) []byte {
	num := func(v int) { b = binary.AppendUvarint(b, uint64(v)) }
	str := func(s []byte) { num(len(s)); b = append(b, s...) }
	num(img.Width)
	num(img.Height)
	str([]byte(img.ColorSpace))
	str(img.Palette)
	num(img.BitsPerComponent)
	str([]byte(img.Filter))
	num(img.Colors)
	str([]byte(img.Decode))
	num(len(img.ColorKey))
	for _, v := range img.ColorKey {
		num(v)
	}
	str(img.Data)
	flags := 0
	if img.Passthrough {
		flags |= 1
	}
	if img.SMask != nil {
		flags |= 2
	}
	num(flags)
	if img.SMask != nil {
		b = img.SMask.appendBinary(b)
	}
	return b
}

var errEntry = errors.New("a picture entry of the cache that does not read")

// readImage reads an image appendBinary wrote at the start of b and
// returns it and the rest of b. The image's slices are b's.
func readImage(b []byte) (*Image, []byte, error) {
	bad := false
	num := func() int {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > 1<<40 {
			bad = true
			return 0
		}
		b = b[n:]
		return int(v)
	}
	str := func() []byte {
		n := num()
		if bad || n > len(b) {
			bad = true
			return nil
		}
		s := b[:n:n]
		b = b[n:]
		if n == 0 {
			return nil
		}
		return s
	}
	img := &Image{}
	img.Width = num()
	img.Height = num()
	img.ColorSpace = string(str())
	img.Palette = str()
	img.BitsPerComponent = num()
	img.Filter = string(str())
	img.Colors = num()
	img.Decode = string(str())
	if n := num(); n > 0 && n <= 8 {
		img.ColorKey = make([]int, n)
		for i := range img.ColorKey {
			img.ColorKey[i] = num()
		}
	} else if n > 8 {
		bad = true
	}
	img.Data = str()
	flags := num()
	if bad {
		return nil, nil, errEntry
	}
	img.Passthrough = flags&1 != 0
	if flags&2 != 0 {
		var err error
		if img.SMask, b, err = readImage(b); err != nil {
			return nil, nil, err
		}
	}
	return img, b, nil
}
