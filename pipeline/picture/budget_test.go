package picture

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"reflect"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/doc"
)

// manyScansJPEG is the frame of a progressive JPEG of w×h pixels with n
// (empty) scans: what the scan budget must refuse before any decoding.
func manyScansJPEG(w, h, n int) []byte {
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

func TestJPEGScanBudget(t *testing.T) {
	var baseline bytes.Buffer
	if err := jpeg.Encode(&baseline, image.NewRGBA(image.Rect(0, 0, 64, 48)), nil); err != nil {
		t.Fatal(err)
	}
	if n, w, h := jpegScans(baseline.Bytes()); n != 1 || w != 64 || h != 48 {
		t.Errorf("baseline: %d scans of %d×%d, want 1 of 64×48", n, w, h)
	}
	if err := CheckBudget("image/jpeg", baseline.Bytes()); err != nil {
		t.Error(err)
	}
	for _, tt := range []struct {
		w, h, scans int
		ok          bool
	}{
		{1000, 1000, 10, true},
		{1000, 1000, 1001, false},   // too many scans
		{8000, 8000, 40, false},     // 2.56 billion scan-pixels
		{8000, 8000, 10, true},      // a large photo
		{100, 100, 1000, true},      // many, small
		{65535, 65535, 1000, false}, // both
	} {
		data := manyScansJPEG(tt.w, tt.h, tt.scans)
		if n, _, _ := jpegScans(data); n != tt.scans {
			t.Errorf("%d scans counted as %d", tt.scans, n)
		}
		err := CheckBudget("image/jpeg", data)
		if (err == nil) != tt.ok {
			t.Errorf("%d scans of %d×%d: %v", tt.scans, tt.w, tt.h, err)
		}
		if err != nil && !strings.Contains(err.Error(), "baseline JPEG") {
			t.Errorf("message: %v", err)
		}
	}
}

// emptyIDATPNG is a valid w×h grey PNG whose first IDAT chunk is empty,
// and the same PNG without it.
func emptyIDATPNG(w, h int) (withEmpty, plain []byte) {
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

// TestEmptyIDAT checks that a valid PNG whose image data starts with an
// empty IDAT chunk (gopdf stopped reading at one, the data cut short) is
// embedded as the same PNG without that chunk, its data checked or not.
func TestEmptyIDAT(t *testing.T) {
	data, plain := emptyIDATPNG(200, 100)
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Fatalf("the test PNG is invalid: %v", err)
	}
	for _, unchecked := range []bool{false, true} {
		a := &doc.Asset{Path: "e.png", MediaType: "image/png", Data: data, Width: 200, Height: 100, DataUnchecked: unchecked}
		got, err := Raster(a, 48, 24)
		if err != nil {
			t.Fatalf("unchecked %v: %v", unchecked, err)
		}
		want, err := Raster(&doc.Asset{Path: "p.png", MediaType: "image/png", Data: plain, Width: 200, Height: 100}, 48, 24)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("unchecked %v: the PNG with an empty IDAT chunk is embedded as %+v, without it as %+v", unchecked, got, want)
		}
		if len(got.Data) == 0 {
			t.Errorf("unchecked %v: no image data", unchecked)
		}
	}
}
