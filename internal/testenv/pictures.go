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
