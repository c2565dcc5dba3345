package picture

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"iter"
)

// The one walker of each raster format's structure, which the check on
// load (Verify), the decode budget (CheckBudget) and the PDF's pass-through
// (Raster) all read files with, so that they agree on where a file ends.

// jpegSegment is a marker segment of a JPEG file.
type jpegSegment struct {
	marker byte   // the marker's second byte: 0xDA a scan, 0xC0 a frame...
	body   []byte // what follows the segment's length, whole
}

// jpegSegments walks the marker segments of JPEG file d, from the one
// after its start of image (which it does not check), and past each scan's
// entropy-coded data. It ends at the end of the image or at the first
// segment cut short or with an impossible length, in time linear in the
// file. Fill bytes (more 0xFF) may come before a marker. Restart and TEM
// markers, which have no segment, are skipped; the other markers must
// start with their 0xFF.
//
// With loose, it reads d as the check on load (completeJPEG) always has,
// which only reads up to the first scan: a marker's 0xFF may be missing,
// and restart and TEM markers are read with a length like the others.
// (Go's decoder skips a restart marker there and fails on a TEM marker;
// the check has always refused both.)
func jpegSegments(d []byte, loose bool) iter.Seq[jpegSegment] {
	return func(yield func(jpegSegment) bool) {
		for i := 2; ; {
			if !loose && (i >= len(d) || d[i] != 0xff) {
				return
			}
			for i < len(d) && d[i] == 0xff {
				i++
			}
			if i >= len(d) {
				return
			}
			m := d[i]
			switch {
			case m == 0xd9: // end of image
				return
			case !loose && (m == 0x01 || 0xd0 <= m && m <= 0xd7): // no segment
				i++
				continue
			}
			if i+3 > len(d) {
				return
			}
			n := int(binary.BigEndian.Uint16(d[i+1:]))
			if n < 2 || i+1+n > len(d) {
				return
			}
			if !yield(jpegSegment{marker: m, body: d[i+3 : i+1+n]}) {
				return
			}
			i += 1 + n
			if m == 0xda {
				i = entropyEnd(d, i)
			}
		}
	}
}

// entropyEnd returns where the entropy-coded data of a scan that starts
// at i ends: at the next marker that is not a stuffed 0xFF00 or a restart
// marker, from 0xFF to 0xFF, which IndexByte finds many bytes at a time (a
// byte at a time, this was a quarter of the time the load spent on a
// book's JPEGs).
func entropyEnd(d []byte, i int) int {
	for i+1 < len(d) {
		j := bytes.IndexByte(d[i:], 0xff)
		if j < 0 {
			return len(d)
		}
		i += j
		if i+1 < len(d) && d[i+1] != 0 && !(0xd0 <= d[i+1] && d[i+1] <= 0xd7) {
			return i
		}
		i++
	}
	return i
}

// pngChunk is a chunk of a PNG file.
type pngChunk struct {
	raw []byte // its type and data, which its CRC covers
	crc uint32 // the CRC written after it
}

// typ is the chunk's type, "IHDR", "IDAT"...
func (c pngChunk) typ() []byte { return c.raw[:4] }

// data is the chunk's data.
func (c pngChunk) data() []byte { return c.raw[4:] }

// intact reports whether the chunk's CRC is that of its type and data.
func (c pngChunk) intact() bool { return crc32.ChecksumIEEE(c.raw) == c.crc }

// pngChunks walks the chunks of PNG file d, after its signature (which it
// does not check). It ends where the file does or at the first chunk cut
// short; the caller stops at IEND.
func pngChunks(d []byte) iter.Seq[pngChunk] {
	return func(yield func(pngChunk) bool) {
		rest := d[min(8, len(d)):]
		for len(rest) >= 12 {
			n := binary.BigEndian.Uint32(rest)
			if uint64(n) > uint64(len(rest)-12) {
				return
			}
			if !yield(pngChunk{raw: rest[4 : 8+n], crc: binary.BigEndian.Uint32(rest[8+n:])}) {
				return
			}
			rest = rest[12+n:]
		}
	}
}
