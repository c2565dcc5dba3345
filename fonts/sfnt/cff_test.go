package sfnt

import (
	"image"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"unicode"

	xsfnt "golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/gobook/ebook/internal/testenv"
)

// TestCubicWithinTolerance converts random cubic curves, some long and
// bent, some tiny, and checks every quadratic piece against the cubic it
// replaces, at points along both: none is further from it than the
// tolerance.
func TestCubicWithinTolerance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const upem = 1000
	c := &glyphConverter{upem: upem, tol: tolerance * upem}
	maxPieces := 0
	for round := 0; round < 2000; round++ {
		scale := []float64{2, 50, 1000, 3000}[round%4]
		var p [4][2]float64
		for i := range p {
			p[i] = [2]float64{rng.Float64() * scale, rng.Float64() * scale}
		}
		type pt struct {
			x, y float64
			on   bool
		}
		var got []pt
		c.cubic(p[0], p[1], p[2], p[3], func(x, y float64, on bool) { got = append(got, pt{x, y, on}) })
		n := len(got) / 2
		maxPieces = max(maxPieces, n)
		if len(got) != 2*n || got[len(got)-1].x != p[3][0] || got[len(got)-1].y != p[3][1] {
			t.Fatalf("round %d: pieces %v do not end at the cubic's end %v", round, got, p[3])
		}
		start := p[0]
		for k := 0; k < n; k++ {
			q, end := got[2*k], got[2*k+1]
			if q.on || !end.on {
				t.Fatalf("round %d: piece %d is not off-curve then on-curve", round, k)
			}
			for s := 0; s <= 16; s++ {
				u := float64(s) / 16
				// The quadratic at u against the cubic at the same
				// parameter of the whole curve.
				qx := (1-u)*(1-u)*start[0] + 2*u*(1-u)*q.x + u*u*end.x
				qy := (1-u)*(1-u)*start[1] + 2*u*(1-u)*q.y + u*u*end.y
				tt := (float64(k) + u) / float64(n)
				var cx, cy float64
				w := [4]float64{(1 - tt) * (1 - tt) * (1 - tt), 3 * tt * (1 - tt) * (1 - tt), 3 * tt * tt * (1 - tt), tt * tt * tt}
				for i := range p {
					cx += w[i] * p[i][0]
					cy += w[i] * p[i][1]
				}
				if d := math.Hypot(qx-cx, qy-cy); d > c.tol*1.0001 {
					t.Fatalf("round %d: piece %d of %d is %.4f units from the cubic at %.2f (tolerance %.3f)", round, k, n, d, tt, c.tol)
				}
			}
			start = [2]float64{end.x, end.y}
		}
	}
	if maxPieces < 4 {
		t.Errorf("no cubic needed more than %d pieces: the test does not test splitting", maxPieces)
	}
}

// chineseSample is the text whose characters the raster test subsets,
// besides the first 3,000 ideographs of the face.
const chineseSample = `第一章 入门。本章介绍 Go 语言的基础组件：“并发”与通道（channel）、` +
	`接口、方法、包和工具。图 1-1 展示了 goroutine 之间的通信；表 2-3 列出了关键字——` +
	`break、case、chan……《Go 语言圣经》说：不要通过共享内存来通信，而应通过通信来共享内存！` +
	`ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 ,.;:?!@#$%^&*()[]{}<>/\|~` +
	`，。、；：？！·「」『』〈〉【】〔〕①②③％＋－＝`

// notoSerifSC is Noto Serif CJK SC from Debian's fonts-noto-cjk, a face
// of an OpenType/CFF collection.
func notoSerifSC(t testing.TB) *Face {
	t.Helper()
	data := testenv.NotoCJK(t, "NotoSerifCJK-Regular.ttc")
	f, err := Parse(data, -1, "Noto Serif CJK SC")
	if err != nil {
		t.Fatal(err)
	}
	if !f.CFF() {
		t.Fatal("Noto Serif CJK SC: not read as a face with CFF outlines")
	}
	return f
}

// sampleRunes are chineseSample's characters and the first 3,000
// ideographs f has: about 3,500 characters, a book's worth.
func sampleRunes(f *Face) []rune {
	runes := []rune(chineseSample)
	n := 0
	for r := rune(0x4E00); r <= 0x9FFF && n < 3000; r++ {
		if f.Has(r) {
			runes = append(runes, r)
			n++
		}
	}
	// And every character of gopl-zh's text the face has, when the corpus
	// is beside the checkout (the measure: a subset of a real
	// book's text).
	seen := map[rune]bool{}
	for _, r := range runes {
		seen[r] = true
	}
	for _, text := range corpusText() {
		for _, r := range text {
			if r > 0x7f && !seen[r] && f.Has(r) {
				seen[r] = true
				runes = append(runes, r)
			}
		}
	}
	return runes
}

// corpusText returns the Markdown of the gopl-zh corpus, found in a parent
// folder as testenv finds it, or nothing (under -short too).
func corpusText() []string {
	if testing.Short() {
		return nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	for dir := wd; filepath.Dir(dir) != dir; dir = filepath.Dir(dir) {
		files, _ := filepath.Glob(filepath.Join(dir, "shared", "corpus", "gopl-zh", "*", "*.md"))
		if len(files) == 0 {
			continue
		}
		var out []string
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				out = append(out, string(data))
			}
		}
		return out
	}
	return nil
}

// raster draws glyph g of f at 64 pixels per em on a 96×96 canvas, the
// origin 16 pixels from the left and 72 from the top.
func raster(t *testing.T, f *xsfnt.Font, g xsfnt.GlyphIndex, buf *xsfnt.Buffer) *image.Alpha {
	t.Helper()
	segs, err := f.LoadGlyph(buf, g, fixed.I(64), nil)
	if err != nil {
		t.Fatal(err)
	}
	const ox, oy = 16, 72
	r := vector.NewRasterizer(96, 96)
	p := func(v fixed.Point26_6) (float32, float32) {
		return ox + float32(v.X)/64, oy + float32(v.Y)/64
	}
	for _, s := range segs {
		x0, y0 := p(s.Args[0])
		x1, y1 := p(s.Args[1])
		x2, y2 := p(s.Args[2])
		switch s.Op {
		case xsfnt.SegmentOpMoveTo:
			r.ClosePath()
			r.MoveTo(x0, y0)
		case xsfnt.SegmentOpLineTo:
			r.LineTo(x0, y0)
		case xsfnt.SegmentOpQuadTo:
			r.QuadTo(x0, y0, x1, y1)
		case xsfnt.SegmentOpCubeTo:
			r.CubeTo(x0, y0, x1, y1, x2, y2)
		}
	}
	r.ClosePath()
	dst := image.NewAlpha(image.Rect(0, 0, 96, 96))
	r.Draw(dst, dst.Bounds(), image.Opaque, image.Point{})
	return dst
}

// TestCFFSubsetRaster subsets Noto Serif CJK SC (CFF outlines) to about
// 3,500 characters of Chinese text and draws every glyph of the subset
// (TrueType outlines, converted) and of the original at 64 pixels per em:
// a pixel differs when its coverage differs by 1/8 or more (the
// tolerance, 1/1000 em, moves an edge by 0.064 pixels: 1/16 of a pixel's
// coverage at most), and no
// glyph may have more differing pixels than 1% of the em square's 4,096.
func TestCFFSubsetRaster(t *testing.T) {
	f := notoSerifSC(t)
	runes := sampleRunes(f)
	data, err := f.Subset(runes)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := xsfnt.Parse(data)
	if err != nil {
		t.Fatalf("the converted subset does not parse: %v", err)
	}
	if tables := tablesOf(t, data); tables["glyf"] == nil || tables["CFF "] != nil {
		t.Fatal("the subset has no glyf table, or still a CFF table")
	}
	var b1, b2 xsfnt.Buffer
	worst, worstRune, tested, inked, sumDiff, maxDiff := 0, rune(0), 0, 0, 0, 0
	for _, r := range runes {
		if unicode.IsSpace(r) {
			continue
		}
		og, _ := f.cff.font.GlyphIndex(&b1, r)
		sg, _ := sub.GlyphIndex(&b2, r)
		if og == 0 || sg == 0 {
			t.Errorf("%q: glyph %d in the original, %d in the subset", r, og, sg)
			continue
		}
		a, b := raster(t, f.cff.font, og, &b1), raster(t, sub, sg, &b2)
		diff, ink := 0, 0
		for i := range a.Pix {
			d := int(a.Pix[i]) - int(b.Pix[i])
			maxDiff = max(maxDiff, abs(d))
			if d >= 32 || d <= -32 {
				diff++
			}
			sumDiff += abs(d)
			if a.Pix[i] >= 128 {
				ink++
			}
		}
		if ink > 0 {
			inked++
		}
		tested++
		if diff > worst {
			worst, worstRune = diff, r
		}
		if diff > 64*64/100 {
			t.Errorf("%q (U+%04X): %d of the em square's pixels differ", r, r, diff)
		}
	}
	if tested < 3200 || inked < tested-10 {
		t.Fatalf("%d glyphs compared, %d of them with ink", tested, inked)
	}
	t.Logf("%d glyphs compared; at most %d pixels differ (%q); largest coverage difference %d/255, mean %.5f", tested, worst, worstRune, maxDiff, float64(sumDiff)/255/float64(tested*96*96))
	// Advances, names, the cmap (the outlines are compared above).
	seen := map[rune]bool{}
	var want []rune
	for _, r := range runes {
		if !seen[r] && f.Has(r) {
			seen[r] = true
			want = append(want, r)
		}
	}
	checkSubset(t, f, data, want, []rune("\U00013000"))
}

// BenchmarkCFFSubset subsets about 3,500 characters of Noto Serif CJK SC,
// converting their outlines (the acceptance: under 50 ms of CPU time,
// reported as cpu-ms/op beside the wall time, which a busy machine
// stretches).
func BenchmarkCFFSubset(b *testing.B) {
	f := notoSerifSC(b)
	runes := sampleRunes(f)
	b.ResetTimer()
	c0 := testenv.CPUTime()
	for b.Loop() {
		if _, err := f.Subset(runes); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(testenv.CPUTime()-c0)/float64(b.N)/1e6, "cpu-ms/op")
}

func abs(d int) int {
	if d < 0 {
		return -d
	}
	return d
}
