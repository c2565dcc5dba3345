package testenv

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
)

// ManyScansJPEG is the frame of a progressive JPEG of w×h pixels with n
// (empty) scans: what the scan budget must refuse before any decoding.
func ManyScansJPEG(w, h, n int) []byte {
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xD8})
	seg := func(m byte, data []byte) {
		b.Write([]byte{0xFF, m})
		binary.Write(&b, binary.BigEndian, uint16(len(data)+2))
		b.Write(data)
	}
	seg(0xC2, []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 1, 1, 0x11, 0})
	for range n {
		seg(0xDA, []byte{1, 1, 0, 0, 0, 0x10})
		b.Write([]byte{0x00, 0xFF, 0x00, 0x12})
	}
	b.Write([]byte{0xFF, 0xD9})
	return b.Bytes()
}

// EmptyIDATPNG is a valid w×h grey PNG whose first IDAT chunk is empty,
// and the same PNG without it.
func EmptyIDATPNG(w, h int) (withEmpty, plain []byte) {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 13)
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	d := b.Bytes()
	i := bytes.Index(d, []byte("IDAT")) - 4
	var empty bytes.Buffer
	binary.Write(&empty, binary.BigEndian, uint32(0))
	empty.WriteString("IDAT")
	binary.Write(&empty, binary.BigEndian, crc32.ChecksumIEEE([]byte("IDAT")))
	return append(append(append([]byte{}, d[:i]...), empty.Bytes()...), d[i:]...), d
}

// PNG is a PNG file of header ihdr (see PNGHeader) and one IDAT chunk of
// image data idat, every chunk's checksum right: for tests that need a PNG
// a real encoder would not write (short data, huge sizes, exact bytes).
func PNG(ihdr, idat []byte) []byte {
	chunk := func(typ string, data []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		b = append(append(b, typ...), data...)
		return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
	}
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	out = append(out, chunk("IDAT", idat)...)
	return append(out, chunk("IEND", nil)...)
}

// PNGHeader is the IHDR data of a w × h PNG of bit depth and colour type
// ct, not interlaced.
func PNGHeader(w, h int, depth, ct byte) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = depth, ct
	return ihdr
}
