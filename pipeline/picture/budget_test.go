package picture

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"reflect"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/doc"
)

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
		data := testenv.ManyScansJPEG(tt.w, tt.h, tt.scans)
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

// TestEmptyIDAT checks that a valid PNG whose image data starts with an
// empty IDAT chunk (gopdf stopped reading at one, the data cut short) is
// embedded as the same PNG without that chunk, its data checked or not.
func TestEmptyIDAT(t *testing.T) {
	data, plain := testenv.EmptyIDATPNG(200, 100)
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Fatalf("the test PNG is invalid: %v", err)
	}
	for _, unchecked := range []bool{false, true} {
		a := &doc.Asset{Path: "e.png", MediaType: "image/png", Data: data, Width: 200, Height: 100, DataUnchecked: unchecked}
		got, err := Raster(a, 48, 24, Options{})
		if err != nil {
			t.Fatalf("unchecked %v: %v", unchecked, err)
		}
		want, err := Raster(&doc.Asset{Path: "p.png", MediaType: "image/png", Data: plain, Width: 200, Height: 100}, 48, 24, Options{})
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
