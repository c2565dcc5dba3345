package picture

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"slices"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/doc"
)

// testPNG is a w × h PNG of colour type ct (2 RGB, 6 RGBA) whose image
// data holds rows of its h rows, every chunk's checksum right.
func testPNG(w, h, rows int, ct byte) []byte {
	ihdr := testenv.PNGHeader(w, h, 8, ct)
	row := make([]byte, 1+w*map[byte]int{2: 3, 6: 4}[ct])
	var idat bytes.Buffer
	zw := zlib.NewWriter(&idat)
	for range rows {
		zw.Write(row)
	}
	zw.Close()
	return testenv.PNG(ihdr, idat.Bytes())
}

// TestDeferredPNGData: with deferPNG, Verify checks a PNG's chunks only,
// and a short image data passes it; Raster and CheckData then find it, as
// a *DamagedError, for a PNG passed through (RGB) as for one split (RGBA).
// A whole file passes everywhere.
func TestDeferredPNGData(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		damaged bool
	}{
		{"RGB whole", testPNG(40, 30, 30, 2), false},
		{"RGBA whole", testPNG(40, 30, 30, 6), false},
		{"RGB short", testPNG(40, 30, 15, 2), true},
		{"RGBA short", testPNG(40, 30, 15, 6), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Verify("image/png", tt.data, 40*30, true, nil); err != nil {
				t.Errorf("Verify, deferred: %v", err)
			}
			if err := Verify("image/png", tt.data, 40*30, false, nil); (err != nil) != tt.damaged {
				t.Errorf("Verify, whole: %v, want an error: %v", err, tt.damaged)
			}
			a := &doc.Asset{Path: "p.png", MediaType: "image/png", Data: tt.data, Width: 40, Height: 30, DataUnchecked: true}
			var de *DamagedError
			_, err := Raster(a, 40, 30, Options{})
			if tt.damaged != errors.As(err, &de) || !tt.damaged && err != nil {
				t.Errorf("Raster: %v, want a *DamagedError: %v", err, tt.damaged)
			}
			err = CheckData(a)
			if tt.damaged != errors.As(err, &de) || !tt.damaged && err != nil {
				t.Errorf("CheckData: %v, want a *DamagedError: %v", err, tt.damaged)
			}
		})
	}
}

// TestPNGReadings: the two readings of a PNG's chunks, PNGData's for the
// PDF and completePNG's check, differ where they should: only the check
// looks at checksums and wants image data, and a file too short for the
// whole header chunk has no data to read but is checked chunk by chunk.
func TestPNGReadings(t *testing.T) {
	chunk := func(typ string, data []byte, crc uint32) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		b = append(append(b, typ...), data...)
		return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:])^crc)
	}
	sig := "\x89PNG\r\n\x1a\n"
	whole := testPNG(4, 3, 3, 2)
	badCRC := bytes.Clone(whole)
	badCRC[len(badCRC)-13]++ // the IDAT chunk's checksum
	ihdr := chunk("IHDR", testenv.PNGHeader(4, 3, 8, 2), 0)
	const checksum = "png: invalid format: invalid checksum"
	tests := []struct {
		name       string
		data       []byte
		read, full string // PNGData's error, completePNG's
	}{
		{"whole", whole, "", ""},
		{"bad checksum", badCRC, "", checksum},
		{"no IDAT", slices.Concat([]byte(sig), ihdr, chunk("IEND", nil, 0)), "", errNoData.Error()},
		{"no IEND", whole[:len(whole)-12], errNoData.Error(), errNoData.Error()},
		{"28 bytes", whole[:28], errNoData.Error(), errNoData.Error()},
		{"32 bytes", whole[:32], errNoData.Error(), errNoData.Error()},
		{"32 bytes, empty IHDR", slices.Concat([]byte(sig), chunk("IHDR", nil, 0), chunk("IEND", nil, 0)), errNoData.Error(), errNoData.Error()},
		{"32 bytes, empty IHDR, bad checksum", slices.Concat([]byte(sig), chunk("IHDR", nil, 1), chunk("IEND", nil, 0)), errNoData.Error(), checksum},
	}
	msg := func(err error) string {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	for _, tt := range tests {
		if _, err := PNGData(tt.data); msg(err) != tt.read {
			t.Errorf("%s: PNGData: %v, want %q", tt.name, err, tt.read)
		}
		if err := completePNG(tt.data, false, nil); msg(err) != tt.full {
			t.Errorf("%s: completePNG: %v, want %q", tt.name, err, tt.full)
		}
	}
}

// TestGIFFrames: GIFFrames counts a GIF's frames as the decoder finds
// them, and fails on a file cut short.
func TestGIFFrames(t *testing.T) {
	frame := func() *image.Paletted {
		return image.NewPaletted(image.Rect(0, 0, 4, 3), color.Palette{color.Black, color.White})
	}
	for _, n := range []int{1, 2, 5} {
		g := &gif.GIF{}
		for range n {
			g.Image = append(g.Image, frame())
			g.Delay = append(g.Delay, 10)
		}
		var b bytes.Buffer
		if err := gif.EncodeAll(&b, g); err != nil {
			t.Fatal(err)
		}
		got, err := GIFFrames(b.Bytes())
		if err != nil || got != n {
			t.Errorf("%d frames: GIFFrames = %d, %v", n, got, err)
		}
		if _, err := GIFFrames(b.Bytes()[:b.Len()-3]); err == nil {
			t.Errorf("%d frames, cut short: no error", n)
		}
	}
}

// TestOpaqueAlpha: a PNG with an alpha channel whose every sample is
// opaque is embedded without a soft mask, 8-bit or 16-bit, whatever the
// rows' filters (each of the five in turn); one sample short of opaque,
// the last, keeps it.
func TestOpaqueAlpha(t *testing.T) {
	const w, h = 64, 48
	for _, depth := range []int{8, 16} {
		for _, lastAlpha := range []int{255, 254} {
			data := filteredRGBA(w, h, depth, func(x, y int) [4]int {
				a := 255
				if x == w-1 && y == h-1 {
					a = lastAlpha
				}
				return [4]int{x * 4, y*5 + x%3, (x * y) % 251, a}
			})
			// The test's filters (and paeth) agree with Go's decoder.
			dec, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("the test PNG: %v", err)
			}
			for y := range h {
				for x := range w {
					c := color.NRGBA64Model.Convert(dec.At(x, y)).(color.NRGBA64)
					want := [4]int{x * 4 % 256, (y*5 + x%3) % 256, (x * y) % 251, 255}
					if x == w-1 && y == h-1 {
						want[3] = lastAlpha
					}
					if got := [4]int{int(c.R >> 8), int(c.G >> 8), int(c.B >> 8), int(c.A >> 8)}; got != want {
						t.Fatalf("%d-bit: the test PNG decodes to %v at %d,%d, want %v", depth, got, x, y, want)
					}
				}
			}
			a := &doc.Asset{Path: "a.png", MediaType: "image/png", Data: data, Width: w, Height: h}
			got, err := Raster(a, w, h, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if opaque := lastAlpha == 255; (got.SMask == nil) != opaque {
				t.Errorf("%d-bit, last alpha %d: a soft mask %v, want one %v", depth, lastAlpha, got.SMask != nil, !opaque)
			}
		}
	}
}

// filteredRGBA is a w × h RGBA PNG of depth 8 or 16 whose samples px
// gives (0 to 255; a 16-bit sample is the byte twice), row y filtered
// with PNG's filter y mod 5.
func filteredRGBA(w, h, depth int, px func(x, y int) [4]int) []byte {
	bpp := 4 * depth / 8
	prev := make([]byte, w*bpp)
	var raw bytes.Buffer
	for y := range h {
		cur := make([]byte, 0, w*bpp)
		for x := range w {
			for _, v := range px(x, y) {
				cur = append(cur, byte(v))
				if depth == 16 {
					cur = append(cur, byte(v))
				}
			}
		}
		f := byte(y % 5)
		raw.WriteByte(f)
		for i, v := range cur {
			var a, c byte
			if i >= bpp {
				a, c = cur[i-bpp], prev[i-bpp]
			}
			b := prev[i]
			switch f {
			case 0:
				raw.WriteByte(v)
			case 1:
				raw.WriteByte(v - a)
			case 2:
				raw.WriteByte(v - b)
			case 3:
				raw.WriteByte(v - byte((int(a)+int(b))/2))
			case 4:
				raw.WriteByte(v - paeth(a, b, c))
			}
		}
		prev = cur
	}
	var idat bytes.Buffer
	zw := zlib.NewWriter(&idat)
	zw.Write(raw.Bytes())
	zw.Close()
	return testenv.PNG(testenv.PNGHeader(w, h, byte(depth), 6), idat.Bytes())
}
