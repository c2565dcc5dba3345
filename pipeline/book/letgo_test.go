package book_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/epub"
)

// TestPicturesLetGo: a loaded book does not hold its raster pictures in
// memory (the writers read each again as they write it), keeps its
// drawings (the cleaned markup is not the file), and a picture changed
// after the load fails the write rather than ship what was never checked.
func TestPicturesLetGo(t *testing.T) {
	dir := writeBook(t)
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>`
	for name, content := range map[string]string{
		"img/d.svg": svg,
		"c.md":      "No heading, [back](a.md#usage-1). ![d](img/d.svg)\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	manifest := filepath.Join(dir, "book.yaml")
	pngPath := filepath.Join(dir, "img", "p.png")
	file, err := os.ReadFile(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	write := func(b *book.Book) ([]byte, error) {
		return epub.Write(b, epub.Options{Modified: time.Unix(1700000000, 0).UTC()})
	}
	for _, opts := range []book.Options{{}, {Cache: book.NewCache()}} {
		var d diag.List
		b := book.Load(manifest, opts, &d)
		if b == nil {
			t.Fatalf("cache %v: the book did not load: %v", opts.Cache != nil, d.Items())
		}
		kinds := map[string]bool{}
		for _, a := range b.Images {
			kinds[a.MediaType] = true
			held := a.Data != nil
			if want := a.MediaType == "image/svg+xml"; held != want {
				t.Errorf("cache %v: %s: data held %v, want %v", opts.Cache != nil, a.Path, held, want)
			}
		}
		if !kinds["image/png"] || !kinds["image/svg+xml"] {
			t.Fatalf("the book's images are %v", kinds)
		}
		data, err := write(b)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		// The book has one PNG: the EPUB holds it once, as the file is.
		var pngs []string
		for _, f := range zr.File {
			if !strings.HasSuffix(f.Name, ".png") {
				continue
			}
			pngs = append(pngs, f.Name)
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			if !bytes.Equal(got, file) {
				t.Errorf("cache %v: the EPUB's %s is not the picture's file as it is", opts.Cache != nil, f.Name)
			}
		}
		if len(pngs) != 1 {
			t.Errorf("cache %v: the EPUB holds PNG files %q, want the book's one", opts.Cache != nil, pngs)
		}
	}

	var d diag.List
	b := book.Load(manifest, book.Options{}, &d)
	if err := os.WriteFile(pngPath, append(file, 0), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := write(b); err == nil || !strings.Contains(err.Error(), `"img/p.png" changed while the book was built`) {
		t.Errorf("a picture changed after the load: the EPUB's error is %v", err)
	}
}
