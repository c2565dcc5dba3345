package fonts

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/signintech/gopdf"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// The PDF writer embeds faces through gopdf, which parses the TrueType data
// it is given and writes a subset of the glyphs a document uses. These
// tests check that gopdf takes what this package gives it (full faces and
// subsets), and measure what a 15 MB face costs it.

// sampleText is set in every face of the body chain.
const sampleText = "Go语言圣经 “并发” ❯ go run —— 中文与 English 混排。"

// pdfWithRuns draws text in a new PDF, run by run, each in the face Runs
// chose, embedding each face as data(face).
func pdfWithRuns(t testing.TB, s *Set, text string, data func(*Face) []byte) []byte {
	t.Helper()
	var pdf gopdf.GoPdf
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA5})
	pdf.AddPage()
	added := map[*Face]bool{}
	x := 20.0
	for _, run := range s.Runs(Body, Regular, text) {
		if run.Face == nil {
			t.Fatalf("no face for %q", run.Text)
		}
		family := run.Face.PostScriptName
		if !added[run.Face] {
			if err := pdf.AddTTFFontData(family, data(run.Face)); err != nil {
				t.Fatalf("gopdf rejects %s: %v", run.Face, err)
			}
			added[run.Face] = true
		}
		if err := pdf.SetFont(family, "", 12); err != nil {
			t.Fatal(err)
		}
		pdf.SetXY(x, 40)
		if err := pdf.Text(run.Text); err != nil {
			t.Fatalf("gopdf cannot draw %q in %s: %v", run.Text, run.Face, err)
		}
		// gopdf measures as PDFWidth does, to the last digit.
		w, err := pdf.MeasureTextWidth(run.Text)
		if err != nil {
			t.Fatal(err)
		}
		if ours := s.PDFWidth(Body, Regular, run.Text, 12); ours-w > 1e-9 || w-ours > 1e-9 {
			t.Errorf("width of %q in %s: gopdf %v, fonts %v", run.Text, run.Face, w, ours)
		}
		x += w
	}
	var buf bytes.Buffer
	if _, err := pdf.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGopdfEmbedsFacesAndSubsets(t *testing.T) {
	s := loadDefault(t, "zh-CN")
	full := pdfWithRuns(t, s, sampleText, (*Face).TrueType)
	sub := pdfWithRuns(t, s, sampleText, func(f *Face) []byte {
		data, err := f.Subset([]rune(sampleText))
		if err != nil {
			t.Fatal(err)
		}
		return data
	})
	for name, pdf := range map[string][]byte{"full faces": full, "subsets": sub} {
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("/FontFile2")) {
			t.Errorf("%s: no embedded TrueType font in the PDF", name)
		}
		// gopdf subsets itself: the 15 MB face does not end up whole.
		if len(pdf) > 200_000 {
			t.Errorf("%s: the PDF is %d bytes", name, len(pdf))
		}
	}
}

// BenchmarkGopdfFullFace measures gopdf taking the whole 15.7 MB WenKai face
// and writing a page: what a PDF writer that hands gopdf full faces pays
// per build for each CJK face.
func BenchmarkGopdfFullFace(b *testing.B) {
	s := loadDefault(b, "zh-CN")
	b.ReportAllocs()
	for b.Loop() {
		pdfWithRuns(b, s, sampleText, (*Face).TrueType)
	}
	reportHeap(b)
}

// BenchmarkGopdfSubset measures the same with the faces first subset to the
// text (the subsetting included).
func BenchmarkGopdfSubset(b *testing.B) {
	s := loadDefault(b, "zh-CN")
	b.ReportAllocs()
	for b.Loop() {
		pdfWithRuns(b, s, sampleText, func(f *Face) []byte {
			data, err := f.Subset([]rune(sampleText))
			if err != nil {
				b.Fatal(err)
			}
			return data
		})
	}
	reportHeap(b)
}

// reportHeap reports the heap in use after a collection, in MB.
func reportHeap(b *testing.B) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapSys)/(1<<20), "MB-heap-sys")
}

// TestGopdfEmbedsConvertedCFF sets the sample in Noto Serif CJK SC, a face
// with PostScript (CFF) outlines in a collection: gopdf takes its subset,
// whose outlines are converted to TrueType ones, and measures it as
// PDFWidth does.
func TestGopdfEmbedsConvertedCFF(t *testing.T) {
	ttc := testenv.NotoCJK(t, "NotoSerifCJK-Regular.ttc")
	var diags diag.List
	cfg := Config{Language: "zh-CN"}
	cfg.Roles[Body] = []FamilySpec{
		{Faces: [NumStyles]*FaceSpec{Regular: {Path: "NotoSerifCJK-Regular.ttc", Data: ttc, Index: -1, Name: "Noto Serif CJK SC"}}},
		{Default: true},
	}
	s := Load(cfg, &diags)
	if s == nil {
		t.Fatal(diags.Items())
	}
	if f := s.Chain(Body, Regular)[0]; !f.CFF() || f.Family != "Noto Serif CJK SC" {
		t.Fatalf("first face of the body chain is %s", f)
	}
	pdf := pdfWithRuns(t, s, sampleText, func(f *Face) []byte {
		data, err := f.Subset([]rune(sampleText))
		if err != nil {
			t.Fatal(err)
		}
		return data
	})
	if !bytes.Contains(pdf, []byte("/FontFile2")) || !bytes.Contains(pdf, []byte("NotoSerifCJKsc-Regular")) {
		t.Error("no embedded TrueType Noto Serif CJK SC in the PDF")
	}
}
