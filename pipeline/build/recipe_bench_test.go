//go:build unix

package build

import (
	"os"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// BenchmarkRecipe builds gopl-zh (EPUB and PDF) with the built-in faces and
// with the publisher's look of docs/guide/fonts.md (Noto Serif and Sans
// CJK SC by family, WenKai for quotes), the two builds interleaved in each
// iteration so that a machine shared with other work slows both alike. It
// reports the wall and CPU time of each per build and the recipe's extra
// cost (acceptance: at most 0.1 s).
func BenchmarkRecipe(b *testing.B) {
	testenv.NotoCJK(b, "NotoSerifCJK-Regular.ttc")
	testenv.NotoCJK(b, "NotoSansCJK-Regular.ttc")
	builtin := testenv.CorpusManifest(b)
	data, err := os.ReadFile(builtin)
	if err != nil {
		b.Fatal(err)
	}
	recipe := b.TempDir() + "/book.yaml"
	fonts := "fonts:\n  body:\n    - family: Noto Serif CJK SC\n    - default\n  heading:\n    - family: Noto Sans CJK SC\n    - default\n"
	if err := os.WriteFile(recipe, append(data, fonts...), 0o644); err != nil {
		b.Fatal(err)
	}
	date := time.Unix(1700000000, 0)
	build := func(manifest string) (wall, cpu time.Duration) {
		out := b.TempDir()
		c0, w0 := testenv.CPUTime(), time.Now()
		var d diag.List
		if _, err := Run(Options{Manifest: manifest, OutDir: out, Date: date, Formats: []string{"epub", "pdf"}}, &d); err != nil {
			b.Fatal(err, d.Items())
		}
		return time.Since(w0), testenv.CPUTime() - c0
	}
	var wall, cpu [2]time.Duration
	n := 0
	manifests := [2]string{builtin, recipe}
	for b.Loop() {
		for k := range 2 {
			i := k ^ n&1 // alternate which goes first
			w, c := build(manifests[i])
			wall[i] += w
			cpu[i] += c
		}
		n++
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(n) / 1e6 }
	b.ReportMetric(ms(wall[0]), "builtin-wall-ms")
	b.ReportMetric(ms(wall[1]), "recipe-wall-ms")
	b.ReportMetric(ms(cpu[0]), "builtin-cpu-ms")
	b.ReportMetric(ms(cpu[1]), "recipe-cpu-ms")
	b.ReportMetric(ms(wall[1]-wall[0]), "extra-wall-ms")
	b.ReportMetric(ms(cpu[1]-cpu[0]), "extra-cpu-ms")
}
