package pdf

import (
	"syscall"
	"testing"
	"time"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/layout"
)

// BenchmarkCorpus typesets gopl-zh and draws it: layout alone, drawing
// alone, and both.
func BenchmarkCorpus(b *testing.B) {
	bk, set := corpusBook(b)
	b.Run("layout", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := layout.Typeset(bk, set); err != nil {
				b.Fatal(err)
			}
		}
	})
	doc, err := layout.Typeset(bk, set)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("draw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Draw(doc, bk, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func corpusBook(b *testing.B) (*book.Book, *fonts.Set) {
	var d diag.List
	bk := book.Load(testenv.CorpusManifest(b), book.Options{}, &d)
	set := fonts.LoadBook(bk, &d)
	if bk == nil || set == nil {
		b.Fatal(d.Items())
	}
	return bk, set
}

// BenchmarkTagging measures what tagging costs gopl-zh's PDF: the book
// typeset and drawn tagged and untagged, in turn, in CPU time (the
// machine may be shared, so wall time says little), each b.N times. It
// reports the CPU time of each and their ratio, for the whole PDF
// (layout and drawing, as a build does) and for the drawing alone.
//
//	go test -run - -bench Tagging -benchtime 10x ./pipeline/pdf/
func BenchmarkTagging(b *testing.B) {
	bk, set := corpusBook(b)
	var layoutCPU time.Duration
	var drawCPU [2]time.Duration // untagged, tagged
	for b.Loop() {
		for _, tagged := range []bool{false, true} {
			start := cpuTime()
			d, err := layout.Typeset(bk, set)
			if err != nil {
				b.Fatal(err)
			}
			mid := cpuTime()
			if _, err := Draw(d, bk, Options{untagged: !tagged}); err != nil {
				b.Fatal(err)
			}
			end := cpuTime()
			layoutCPU += mid - start
			k := 0
			if tagged {
				k = 1
			}
			drawCPU[k] += end - mid
		}
	}
	n := float64(b.N)
	lay := layoutCPU.Seconds() / 2 / n
	untagged, tagged := drawCPU[0].Seconds()/n, drawCPU[1].Seconds()/n
	b.ReportMetric(lay*1000, "layout-cpu-ms")
	b.ReportMetric(untagged*1000, "untagged-draw-cpu-ms")
	b.ReportMetric(tagged*1000, "tagged-draw-cpu-ms")
	b.ReportMetric(tagged/untagged, "draw-ratio")
	b.ReportMetric((lay+tagged)/(lay+untagged), "pdf-ratio")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
