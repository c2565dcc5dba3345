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
	"testing"

	"github.com/gobook/ebook/pipeline/doc"
)

// testPNG is a w × h PNG of colour type ct (2 RGB, 6 RGBA) whose image
// data holds rows of its h rows, every chunk's checksum right.
func testPNG(w, h, rows int, ct byte) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, ct
	row := make([]byte, 1+w*map[byte]int{2: 3, 6: 4}[ct])
	var idat bytes.Buffer
	zw := zlib.NewWriter(&idat)
	for range rows {
		zw.Write(row)
	}
	zw.Close()
	chunk := func(typ string, data []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		b = append(append(b, typ...), data...)
		return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
	}
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	out = append(out, chunk("IDAT", idat.Bytes())...)
	return append(out, chunk("IEND", nil)...)
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
			if err := Verify("image/png", tt.data, 40*30, true); err != nil {
				t.Errorf("Verify, deferred: %v", err)
			}
			if err := Verify("image/png", tt.data, 40*30, false); (err != nil) != tt.damaged {
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
