package pdf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/picture"
)

// svgBook writes a book of n Graphviz drawings, one per chapter, taken in
// turn from pipeline/picture's test drawings, and returns its manifest.
func svgBook(t testing.TB, n int) string {
	t.Helper()
	var svgs [][]byte
	for _, name := range []string{"graphviz-features.svg", "graphviz-records.svg"} {
		data, err := os.ReadFile(filepath.Join("..", "picture", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		svgs = append(svgs, data)
	}
	files := map[string]string{}
	var toc strings.Builder
	for i := range n {
		ch := fmt.Sprintf("ch%02d.md", i)
		files[ch] = fmt.Sprintf("# Chapter %d\n\nA drawing.\n\n![graph %d](g%02d.svg)\n", i, i, i)
		files[fmt.Sprintf("g%02d.svg", i)] = string(svgs[i%len(svgs)])
		fmt.Fprintf(&toc, "  - file: %s\n", ch)
	}
	files["book.yaml"] = "title: Drawings\nlanguage: en\nchapters:\n" + toc.String()
	return testenv.WriteBook(t, files)
}

// buildSVGBook loads the book of manifest and writes its PDF.
func buildSVGBook(t testing.TB, manifest string) []byte {
	t.Helper()
	b, set := loadBook(t, manifest)
	data, err := Write(b, set, Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSVGVector: an SVG drawing is drawn as paths, not embedded as an
// image; its shapes' paint reaches the page (Graphviz's filled nodes,
// its dashed and its coloured edges); its labels are text; the file is
// valid.
func TestSVGVector(t *testing.T) {
	data := buildSVGBook(t, svgBook(t, 2))
	if n := bytes.Count(data, []byte("/Subtype /Image")); n != 0 {
		t.Errorf("the PDF has %d images, want none: SVG drawings are vectors", n)
	}
	path := filepath.Join(t.TempDir(), "svg.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("qpdf"); err != nil {
		testenv.Missing(t, "qpdf")
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	// The content streams, uncompressed.
	plain := filepath.Join(t.TempDir(), "plain.pdf")
	if out, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", path, plain).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --qdf: %v\n%s", err, out)
	}
	qdf, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	content := string(qdf)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^[-\d. ]+ c$`),              // curves
		regexp.MustCompile(`(?m)^\[[\d. ]+\] [\d.]+ d$`),    // a dash
		regexp.MustCompile(`(?m)^[\d.]+ [\d.]+ [\d.]+ rg$`), // a fill colour
		regexp.MustCompile(`(?m)^(f|B)$`),                   // a filled shape
		regexp.MustCompile(`(?m)^S$`),                       // a stroked one
	} {
		if !want.MatchString(content) {
			t.Errorf("no line in the pages' content matches %s", want)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, label := range []string{"left", "mid", "right"} {
			if !bytes.Contains(out, []byte(label)) {
				t.Errorf("label %q of the records drawing is not in the PDF's text", label)
			}
		}
	}
}

// BenchmarkSVGBook builds the PDF of a book of 20 Graphviz drawings, from
// loading to the file: under a second (rasterising them at 300 dpi took
// 13 s).
func BenchmarkSVGBook(b *testing.B) {
	manifest := svgBook(b, 20)
	b.ReportAllocs()
	for b.Loop() {
		buildSVGBook(b, manifest)
	}
}

// TestSVGDrawingKept: a drawing the load read and kept (KeepDrawings) is
// the one drawn, not read again, and the PDF is the same as when the
// writer reads it.
func TestSVGDrawingKept(t *testing.T) {
	manifest := svgBook(t, 2)
	load := func(keep bool) (*book.Book, *fonts.Set) {
		var dl diag.List
		b := book.Load(manifest, book.Options{KeepDrawings: keep}, &dl)
		if b == nil {
			t.Fatalf("%v", dl.Items())
		}
		set := fonts.LoadBook(b, &dl)
		if set == nil {
			t.Fatalf("%v", dl.Items())
		}
		return b, set
	}
	write := func(b *book.Book, set *fonts.Set) []byte {
		data, err := Write(b, set, Options{Modified: epoch})
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	read := write(load(false))
	b, set := load(true)
	var svgs []*doc.Asset
	for _, a := range b.Images {
		if a.MediaType == "image/svg+xml" {
			if _, ok := a.Drawing.(*picture.Drawing); !ok {
				t.Fatalf("%s: the load kept no drawing", a.Path)
			}
			svgs = append(svgs, a)
		}
	}
	if len(svgs) != 2 {
		t.Fatalf("%d SVG images, want 2", len(svgs))
	}
	if !bytes.Equal(write(b, set), read) {
		t.Error("the PDF of the drawings the load kept differs from the one of drawings read by the writer")
	}
	// The second drawing in the first's place is drawn there.
	svgs[0].Drawing = svgs[1].Drawing
	if bytes.Equal(write(b, set), read) {
		t.Error("the writer read the drawing again rather than draw the one kept")
	}
}
