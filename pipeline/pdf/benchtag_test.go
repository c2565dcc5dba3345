//go:build unix

package pdf

import (
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/layout"
)

// BenchmarkTagging measures what tagging costs gopl-zh's PDF: the book
// typeset and drawn tagged and untagged, in turn (each first in every other round), in CPU time (the
// machine may be shared, so wall time says little), each b.N times. It
// reports the CPU time of each and their ratio, for the whole PDF
// (layout and drawing, as a build does) and for the drawing alone.
//
//	go test -run - -bench Tagging -benchtime 10x ./pipeline/pdf/
func BenchmarkTagging(b *testing.B) {
	bk, set := corpusBook(b)
	var layoutCPU time.Duration
	var drawCPU [2]time.Duration // untagged, tagged
	order := []bool{false, true}
	for b.Loop() {
		// Each first in turn: the collection of one's garbage may fall
		// in the other's time.
		order[0], order[1] = order[1], order[0]
		for _, tagged := range order {
			start := testenv.CPUTime()
			d, err := layout.Typeset(bk, set)
			if err != nil {
				b.Fatal(err)
			}
			mid := testenv.CPUTime()
			if _, err := Draw(d, bk, Options{untagged: !tagged}); err != nil {
				b.Fatal(err)
			}
			end := testenv.CPUTime()
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
