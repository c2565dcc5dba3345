package pdf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif"
	_ "image/jpeg"
	"image/png"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/layout"
)

// idat returns the image data of a PNG file: its IDAT chunks, one after
// the other.
func idat(t *testing.T, d []byte) []byte {
	t.Helper()
	var out []byte
	for d = d[8:]; len(d) >= 12; {
		n := binary.BigEndian.Uint32(d)
		if string(d[4:8]) == "IDAT" {
			out = append(out, d[8:8+n]...)
		}
		d = d[12+n:]
	}
	return out
}

// TestPicturesPassThrough: the pictures the PDF can read as they are are
// in it byte for byte, as image streams: every JPEG, the image data of
// PNGs without alpha or interlacing (grey, 16-bit RGB, a palette with one
// transparent entry).
func TestPicturesPassThrough(t *testing.T) {
	bk, _, d := typesetBook(t, featureBook)
	out, err := Draw(d, bk, Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(featureBook)
	for _, name := range []string{"jpeg-baseline.jpg", "jpeg-progressive.jpg", "jpeg-gray.jpg", "jpeg-cmyk.jpg",
		"png-gray.png", "png-rgb16.png", "png-palette.png"} {
		data, err := os.ReadFile(filepath.Join(dir, "images", name))
		if err != nil {
			t.Fatal(err)
		}
		want := data
		if strings.HasSuffix(name, ".png") {
			want = idat(t, data)
		}
		stream := append(append([]byte("stream\n"), want...), "\nendstream"...)
		if !bytes.Contains(out, stream) {
			t.Errorf("%s: no image stream of the PDF is its data (%d bytes)", name, len(want))
		}
	}
}

// TestPicturesLookTheSame: every kind of picture looks the same whether
// the PDF embeds the file's own data or the pixels Go's decoders read
// from it (each picture replaced by an 8-bit RGBA PNG of them, which is
// split into colour and soft mask): the pages are rendered by mutool and
// compared within each picture's frame.
func TestPicturesLookTheSame(t *testing.T) {
	testenv.SkipShort(t, "renders pages with mutool")
	bk, _, d := typesetBook(t, featureBook)
	dir := t.TempDir()
	orig := filepath.Join(dir, "orig.pdf")
	ref := filepath.Join(dir, "decoded.pdf")
	drawTo := func(name string) {
		out, err := Draw(d, bk, Options{Modified: epoch})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	drawTo(orig)

	type spot struct {
		page int
		r    image.Rectangle
	}
	where := map[string]spot{}
	decoded := map[*doc.Asset]*doc.Asset{}
	for _, p := range d.Pages {
		for i := range p.Items {
			it := &p.Items[i]
			if it.Kind != layout.Picture || it.Image.MediaType == "image/svg+xml" || it.Image.NoPDF != "" {
				continue
			}
			a := it.Image
			if _, ok := where[a.Path]; !ok {
				// At 72 dpi a pixel is a point; one in from the edges,
				// where rounding differs.
				where[a.Path] = spot{p.Index, image.Rect(int(it.X)+1, int(it.Y)+1, int(it.X+it.W)-1, int(it.Y+it.H)-1)}
			}
			if decoded[a] == nil {
				data, err := a.Bytes()
				if err != nil {
					t.Fatal(err)
				}
				img, _, err := image.Decode(bytes.NewReader(data))
				if err != nil {
					t.Fatalf("%s: %v", a.Path, err)
				}
				n := image.NewNRGBA(img.Bounds())
				draw.Draw(n, n.Bounds(), img, img.Bounds().Min, draw.Src)
				var b bytes.Buffer
				if err := png.Encode(&b, n); err != nil {
					t.Fatal(err)
				}
				decoded[a] = &doc.Asset{Path: a.Path, MediaType: "image/png", Data: b.Bytes(), Width: a.Width, Height: a.Height}
			}
			it.Extra = &layout.Extra{Image: decoded[a]}
		}
	}
	drawTo(ref)

	kinds := []string{"png-rgba8.png", "png-rgb16.png", "png-palette.png", "png-gray.png", "png-interlaced.png",
		"jpeg-baseline.jpg", "jpeg-progressive.jpg", "jpeg-gray.jpg", "jpeg-cmyk.jpg", "anim.gif", "cover.png"}
	for _, k := range kinds {
		s, ok := where["images/"+k]
		if !ok {
			t.Errorf("%s: not drawn in the feature book", k)
			continue
		}
		render := func(pdf string) image.Image {
			png := filepath.Join(dir, fmt.Sprintf("%s-%d.png", path.Base(pdf), s.page+1))
			if _, err := os.Stat(png); err != nil {
				if _, stderr, err := runTool(t, "mutool", "draw", "-q", "-r", "72", "-o", png, pdf, fmt.Sprint(s.page+1)); err != nil {
					t.Fatalf("mutool: %v: %s", err, stderr)
				}
			}
			f, err := os.ReadFile(png)
			if err != nil {
				t.Fatal(err)
			}
			img, _, err := image.Decode(bytes.NewReader(f))
			if err != nil {
				t.Fatal(err)
			}
			return img
		}
		a, b := render(orig), render(ref)
		var sum, n, far int
		for y := s.r.Min.Y; y < s.r.Max.Y; y++ {
			for x := s.r.Min.X; x < s.r.Max.X; x++ {
				r1, g1, b1, _ := a.At(x, y).RGBA()
				r2, g2, b2, _ := b.At(x, y).RGBA()
				for _, v := range [3][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}} {
					diff := int(v[0]>>8) - int(v[1]>>8)
					diff = max(diff, -diff)
					sum += diff
					n++
					if diff > 48 {
						far++
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: an empty frame %v", k, s.r)
			continue
		}
		mean := float64(sum) / float64(n)
		t.Logf("%s: page %d, %v: mean difference %.2f, %d of %d samples off by more than 48", k, s.page+1, s.r, mean, far, n)
		// Colour-key masks have hard edges where soft masks are
		// smoothed. CMYK is converted to RGB by mutool in one, by Go in
		// the other, which differ by some 15 levels; a CMYK picture
		// without its Decode array, inverted, differs by over 100.
		limit, farLimit := 3.0, 0.02
		if k == "jpeg-cmyk.jpg" {
			limit, farLimit = 25, 0.05
		}
		if mean > limit || float64(far) > farLimit*float64(n) {
			t.Errorf("%s: the picture as embedded differs from its decoded pixels: mean difference %.2f, %d of %d samples off by more than 48", k, mean, far, n)
		}
	}
}

// TestPlacedLargestSize draws one raster picture at several sizes, the
// largest neither first nor last, and another once: each is placed once,
// in the order of its first drawing, at the largest width and height it
// is drawn at (which picture.Raster scales it for).
func TestPlacedLargestSize(t *testing.T) {
	a := &doc.Asset{Path: "a.png", MediaType: "image/png"}
	b := &doc.Asset{Path: "b.png", MediaType: "image/png"}
	pic := func(a *doc.Asset, w, h float64) layout.Item {
		return layout.Item{Kind: layout.Picture, W: w, H: h, Extra: &layout.Extra{Image: a}}
	}
	d := &layout.Document{Width: 200, Height: 200, Pages: []*layout.Page{
		{Items: []layout.Item{pic(a, 10, 40), pic(b, 5, 5)}},
		{Index: 1, Items: []layout.Item{pic(a, 30, 20), pic(a, 20, 10)}},
	}}
	_, _, pics, err := drawFrame(d, nil, nil, newStandIn(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []rasterPic{{a, 30, 40}, {b, 5, 5}}
	if !reflect.DeepEqual(pics, want) {
		t.Errorf("placed %+v, want %+v", pics, want)
	}
}
