package picture

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/pipeline/doc"
)

// cacheCase is a picture Raster converts, drawn w × h points.
type cacheCase struct {
	a    *doc.Asset
	w, h float64
}

// cacheCases are pictures of every conversion Raster keeps in a cache (a
// PNG's data checked, split into colour and alpha, decoded, scaled down)
// and of those it does not: the feature book's pictures at their size,
// and a large screenshot drawn small.
func cacheCases(t *testing.T) []cacheCase {
	t.Helper()
	dir := "../../testdata/featurebook/images"
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var cases []cacheCase
	for _, e := range entries {
		mt := map[string]string{".png": "image/png", ".jpg": "image/jpeg", ".gif": "image/gif"}[filepath.Ext(e.Name())]
		if mt == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		a := &doc.Asset{Path: e.Name(), MediaType: mt, Data: data, Width: cfg.Width, Height: cfg.Height, DataUnchecked: mt == "image/png"}
		cases = append(cases, cacheCase{a, float64(cfg.Width) * 0.75, float64(cfg.Height) * 0.75})
	}
	big := image.NewNRGBA(image.Rect(0, 0, 1200, 800))
	for y := range 800 {
		for x := range 1200 {
			big.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x ^ y), uint8(255 - x%7)})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, big); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, cacheCase{&doc.Asset{Path: "big.png", MediaType: "image/png", Data: b.Bytes(), Width: 1200, Height: 800, DataUnchecked: true}, 120, 80})
	return cases
}

// TestCacheGivesTheSameImage: Raster makes the same image without a cache,
// with an empty one and with one it filled, and keeps an entry for every
// conversion that costs more than reading the file.
func TestCacheGivesTheSameImage(t *testing.T) {
	dir := t.TempDir()
	c, err := filecache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cacheCases(t) {
		want, err := Raster(tc.a, tc.w, tc.h, Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.a.Path, err)
		}
		for _, pass := range []string{"empty cache", "filled cache"} {
			got, err := Raster(tc.a, tc.w, tc.h, Options{Cache: c})
			if err != nil {
				t.Fatalf("%s, %s: %v", tc.a.Path, pass, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %s: another image than without a cache", tc.a.Path, pass)
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	// The feature book has RGBA, interlaced, palette-with-alpha and
	// animated pictures and PNGs passed through; with the scaled one,
	// there is something to keep for most of them.
	if len(files) < 8 {
		t.Errorf("%d entries kept, want one for each PNG and decoded picture", len(files))
	}
}

// TestCacheIsRead: what the cache holds for a file is what Raster returns,
// without converting it again; an entry that does not read is converted
// again.
func TestCacheIsRead(t *testing.T) {
	c, err := filecache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a := &doc.Asset{Path: "p.png", MediaType: "image/png", Data: testPNG(40, 30, 30, 6), Width: 40, Height: 30}
	want, err := Raster(a, 40, 30, Options{})
	if err != nil {
		t.Fatal(err)
	}
	k := cacheKey("split", a.Data)
	marked := *want
	marked.Data = []byte("from the cache")
	if err := c.Put(k, marked.appendBinary(nil)); err != nil {
		t.Fatal(err)
	}
	got, err := Raster(a, 40, 30, Options{Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Data) != "from the cache" {
		t.Fatal("the picture was converted again, not read from the cache")
	}
	if err := c.Put(k, []byte{0xff, 0xff}); err != nil {
		t.Fatal(err)
	}
	if got, err = Raster(a, 40, 30, Options{Cache: c}); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("a damaged entry: %v, and another image than converted", err)
	}
}

// TestCacheKeepsNoFailure: a damaged PNG is damaged at every build, with a
// cache as without.
func TestCacheKeepsNoFailure(t *testing.T) {
	c, err := filecache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range []byte{2, 6} {
		a := &doc.Asset{Path: "p.png", MediaType: "image/png", Data: testPNG(40, 30, 15, ct), Width: 40, Height: 30, DataUnchecked: true}
		for pass := range 2 {
			if _, err := Raster(a, 40, 30, Options{Cache: c}); err == nil {
				t.Errorf("colour type %d, build %d: a damaged PNG passed", ct, pass+1)
			}
		}
	}
}

// TestPNGCheckShared: the load (Verify) and the PDF (Raster) record that a
// PNG's image data inflates under one key, each finding what the other
// recorded, so that a build with or without a PDF does not inflate it
// again; a failure is not recorded. A PNG cut short inside checksummed
// image data stands for one whose data was checked: it passes where the
// record is found, and only there.
func TestPNGCheckShared(t *testing.T) {
	c, err := filecache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	short := testPNG(40, 30, 15, 2)
	raster := func(data []byte, c *filecache.Cache) error {
		a := &doc.Asset{Path: "p.png", MediaType: "image/png", Data: data, Width: 40, Height: 30, DataUnchecked: true}
		_, err := Raster(a, 40, 30, Options{Cache: c})
		return err
	}
	if Verify("image/png", short, 40*30, false, c) == nil || raster(short, c) == nil {
		t.Fatal("a PNG cut short passed")
	}
	if err := c.Put(cacheKey(pngDataCheck, short), nil); err != nil {
		t.Fatal(err)
	}
	if err1, err2 := Verify("image/png", short, 40*30, false, c), raster(short, c); err1 != nil || err2 != nil {
		t.Errorf("with the record, the data was checked again: %v; %v", err1, err2)
	}
	if Verify("image/png", short, 40*30, false, nil) == nil || raster(short, nil) == nil {
		t.Error("without a cache, a PNG cut short passed")
	}
	for name, check := range map[string]func([]byte) error{
		"Verify": func(d []byte) error { return Verify("image/png", d, 40*30, false, c) },
		"Raster": func(d []byte) error { return raster(d, c) },
	} {
		whole := testPNG(40, 30, 30, 2)
		whole = append(whole, name...) // another file: bytes after IEND
		if err := check(whole); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, ok := c.Get(cacheKey(pngDataCheck, whole)); !ok {
			t.Errorf("%s did not record the PNG it checked", name)
		}
	}
}

// TestCacheVersion: the entries of a cache made by this code are named by
// cacheVersion, so the images Raster makes must be the same for as long as
// it is: this digest of them changes when they do. When it fails, change
// cacheVersion, then the digest here.
func TestCacheVersion(t *testing.T) {
	const want = "2 a022257312dff85947d92fc29493cbb21c7e227fd08d0a0ecd3f63f38e86f679"
	h := sha256.New()
	cases := cacheCases(t)
	slices.SortFunc(cases, func(a, b cacheCase) int { return bytes.Compare([]byte(a.a.Path), []byte(b.a.Path)) })
	for _, tc := range cases {
		img, err := Raster(tc.a, tc.w, tc.h, Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.a.Path, err)
		}
		fmt.Fprintf(h, "%s\n", tc.a.Path)
		h.Write(img.appendBinary(nil))
	}
	if got := cacheVersion + " " + hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("Raster's images are now %q, were %q: change cacheVersion, then the digest in this test", got, want)
	}
}

// TestImageDPI: a picture is scaled down to the resolution it is printed
// at (pdf.image_dpi) when it has more than half as many pixels again, and
// kept as it is otherwise.
func TestImageDPI(t *testing.T) {
	big := cacheCases(t)
	a := big[len(big)-1].a // 1200 × 800, drawn 120 × 80 points
	for _, tc := range []struct {
		dpi  float64
		w, h int
	}{
		{0, 500, 334}, // PrintDPI: 120/72 × 300 = 500
		{300, 500, 334},
		{150, 250, 167},
		{400, 667, 445},
		{600, 1200, 800},  // 1000 wanted: not half as many again
		{1200, 1200, 800}, // 2000 wanted: not scaled up
	} {
		img, err := Raster(a, 120, 80, Options{DPI: tc.dpi})
		if err != nil {
			t.Fatal(err)
		}
		if img.Width != tc.w || img.Height != tc.h {
			t.Errorf("at %g dpi: %d×%d pixels, want %d×%d", tc.dpi, img.Width, img.Height, tc.w, tc.h)
		}
	}
}
