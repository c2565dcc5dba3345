//go:build ignore

// Linebreak-demo draws the before/after picture of the line breaker's
// design note (docs/design/linebreaking.md): the same paragraphs set by
// first fit (pipeline/linebreak Greedy) and by total fit (KnuthPlass),
// justified, with each line's adjustment ratio in the margin, and prints
// the lines as text. Chinese is set in LXGW WenKai, Latin in Go Regular,
// at 10.5 pt on a 136 mm measure
// (a 186 × 240 mm page with 25 mm margins).
//
// Run it from the repository root:
//
//	go run docs/linebreak-demo.go [-cjk LXGWWenKai-Regular.ttf] [-o docs/design/linebreak-before-after.png]
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log"
	"math"
	"os"
	"strings"

	"github.com/gobook/ebook/pipeline/linebreak"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The paragraphs, written for this demo in the style of a Go book.
var paragraphs = []string{
	"Go 语言的并发模型建立在 goroutine 和 channel 之上。每个 goroutine 都是一个轻量级的执行单元，由运行时调度到操作系统线程上运行；创建它的开销很小，一个程序同时运行成千上万个 goroutine 也很常见。channel 则是 goroutine 之间传递值的管道：发送方把值放进去，接收方从另一端取出来。使用go关键字启动一个新的 goroutine，例如 go f(x)，函数 f 就会在新的 goroutine 中执行，而调用方继续往下运行。为了避免数据竞争，我们通常不直接共享内存，而是通过通信来共享内存（这句话出自 Rob Pike 的一次演讲）。本章将介绍 sync 包、select 语句以及 context 包的基本用法，并用几个完整的例子说明如何编写正确、高效的并发程序。",
	"A line breaker decides where the lines of a paragraph end. The simplest way, used by most word processors and web browsers, is to fill each line with as many words as fit and then move on: it is fast, and it never looks back. The trouble is that a decision that looks harmless on one line can leave the next line with a single long word and wide gaps between the others. Donald Knuth and Michael Plass described in 1981 a better way, which TeX has used ever since: consider every way of breaking the whole paragraph, give each line a measure of how far its spaces must stretch or shrink, and choose the breaks that make the sum over all lines as small as possible.",
}

const (
	size  = 10.5 // points
	scale = 2.0  // pixels per point in the picture
)

func main() {
	cjkPath := flag.String("cjk", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", "CJK font (TrueType)")
	out := flag.String("o", "docs/design/linebreak-before-after.png", "output PNG")
	measureMM := flag.Float64("width", 136, "text width in millimetres")
	flag.Parse()
	cjkData, err := os.ReadFile(*cjkPath)
	if err != nil {
		log.Fatalf("%v (install fonts-lxgw-wenkai or pass -cjk)", err)
	}
	latin := newFont(goregular.TTF)
	cjk := newFont(cjkData)
	width := *measureMM / 25.4 * 72

	type block struct {
		title string
		para  linebreak.Paragraph
		runs  []run
		lines []linebreak.Line
	}
	var blocks []block
	for _, text := range paragraphs {
		runs := split(text, latin, cjk)
		pieces := make([]linebreak.Piece, len(runs))
		for i, r := range runs {
			pieces[i] = linebreak.Piece{Text: r.text, Measure: r.font.measure, Em: size}
		}
		para := (&linebreak.Builder{LineWidth: width}).Build(pieces)
		params := linebreak.Params{Widths: []float64{width}}
		for _, alg := range []struct {
			name string
			f    func([]linebreak.Item, linebreak.Params) []linebreak.Line
		}{{"First fit (Greedy)", linebreak.Greedy}, {"Total fit (KnuthPlass)", linebreak.KnuthPlass}} {
			lines := alg.f(para.Items, params)
			blocks = append(blocks, block{alg.name, para, runs, lines})
			fmt.Printf("%s, %.1f pt measure:\n", alg.name, width)
			fmt.Printf("  ratio  natural  line\n")
			sum, worst := 0.0, 0.0
			for i, l := range lines {
				if i < len(lines)-1 {
					sum += l.Ratio * l.Ratio
					worst = math.Max(worst, math.Abs(l.Ratio))
				}
				fmt.Printf("  %+5.2f  %6.1f   %s\n", l.Ratio, l.Natural, lineText(para, runs, l))
			}
			fmt.Printf("  sum of squared ratios %.2f, worst |ratio| %.2f, demerits %.0f\n\n", sum, worst, demerits(lines))
		}
	}

	// Picture: each block has a title, then its lines inside a frame that
	// marks the text block, with the ratio of each line on the right.
	lead := size * 1.7
	margin := 24.0
	ratioColumn := 60.0
	h := margin
	for _, b := range blocks {
		h += lead*1.6 + float64(len(b.lines))*lead + margin
	}
	W := int((margin*2 + width + ratioColumn) * scale)
	H := int(h * scale)
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	gray := color.RGBA{150, 150, 150, 255}
	y := margin
	for _, b := range blocks {
		label(img, latin, b.title, margin, y+size, color.Black, 1)
		y += lead * 1.6
		top := y
		for i, l := range b.lines {
			base := y + size
			l.Place(b.para.Items, func(j int, x, w float64) {
				it := b.para.Items[j]
				if it.Kind != linebreak.Box {
					return
				}
				sp := b.para.Spans[it.Payload]
				r := b.runs[sp.Piece]
				r.font.draw(img, r.text[sp.Start:sp.End], margin+x+sp.Offset, base, color.Black)
			})
			if i < len(b.lines)-1 || l.Ratio != 0 {
				c := gray
				if math.Abs(l.Ratio) > 1 {
					c = color.RGBA{200, 40, 40, 255}
				} else if math.Abs(l.Ratio) > 0.5 {
					c = color.RGBA{220, 130, 0, 255}
				}
				label(img, latin, fmt.Sprintf("%+.2f", l.Ratio), margin+width+12, base, c, 0.8)
			}
			y += lead
		}
		frame(img, margin, top-size*0.3, width, y-top, color.RGBA{120, 160, 220, 255})
		y += margin
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, paletted(img)); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// demerits totals the demerits of lines as TeX (and KnuthPlass, with its
// default parameters) counts them for breaks at glue: (10 + badness)² a
// line, plus 10000 where adjacent lines differ by more than one fitness
// class. It is what total fit minimises.
func demerits(lines []linebreak.Line) float64 {
	class := func(r float64) int {
		switch {
		case r > 1:
			return 0
		case r > 0.5:
			return 1
		case r >= -0.5:
			return 2
		}
		return 3
	}
	total, prev := 0.0, 2
	for _, l := range lines {
		b := 100 * math.Abs(l.Ratio*l.Ratio*l.Ratio)
		total += (10 + b) * (10 + b)
		if c := class(l.Ratio); c-prev > 1 || prev-c > 1 {
			total += 10000
		}
		prev = class(l.Ratio)
	}
	return total
}

// face is a font at the demo's size, for measuring (in points) and drawing
// (at scale).
type face struct {
	font    *opentype.Font
	measure func(string) float64
	big     font.Face
}

func newFont(data []byte) *face {
	f, err := opentype.Parse(data)
	if err != nil {
		log.Fatal(err)
	}
	at := func(dpi float64) font.Face {
		fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: dpi, Hinting: font.HintingNone})
		if err != nil {
			log.Fatal(err)
		}
		return fc
	}
	small := at(72)
	return &face{
		font:    f,
		measure: func(s string) float64 { return float64(font.MeasureString(small, s)) / 64 },
		big:     at(72 * scale),
	}
}

func (f *face) has(r rune) bool {
	var buf sfnt.Buffer
	i, err := f.font.GlyphIndex(&buf, r)
	return err == nil && i != 0
}

func (f *face) draw(img draw.Image, s string, x, y float64, c color.Color) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f.big,
		Dot: fixed.Point26_6{X: fixed.Int26_6(x * scale * 64), Y: fixed.Int26_6(y * scale * 64)}}
	d.DrawString(s)
}

// run is a piece of text in one font: the per-character font fallback of
// the demo sets ASCII and Latin letters in Go Regular, the rest (Chinese,
// fullwidth and general punctuation, curly quotes) in the CJK font.
type run struct {
	text string
	font *face
}

func split(text string, latin, cjk *face) []run {
	var runs []run
	for _, r := range text {
		f := cjk
		if r < 0x2000 && latin.has(r) {
			f = latin
		}
		if n := len(runs); n > 0 && runs[n-1].font == f {
			runs[n-1].text += string(r)
		} else {
			runs = append(runs, run{string(r), f})
		}
	}
	return runs
}

func lineText(p linebreak.Paragraph, runs []run, l linebreak.Line) string {
	var b strings.Builder
	for i := l.Start; i < l.End; i++ {
		it := p.Items[i]
		if it.Payload < 0 {
			continue
		}
		sp := p.Spans[it.Payload]
		if it.Kind == linebreak.Box {
			b.WriteString(runs[sp.Piece].text[sp.Start:sp.End])
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func label(img draw.Image, f *face, s string, x, y float64, c color.Color, rel float64) {
	fc, err := opentype.NewFace(f.font, &opentype.FaceOptions{Size: size * rel, DPI: 72 * scale, Hinting: font.HintingNone})
	if err != nil {
		log.Fatal(err)
	}
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: fc,
		Dot: fixed.Point26_6{X: fixed.Int26_6(x * scale * 64), Y: fixed.Int26_6(y * scale * 64)}}
	d.DrawString(s)
}

// paletted maps the picture to a small palette (greys, and tints of the
// few colours used), which keeps the PNG small.
func paletted(img *image.RGBA) *image.Paletted {
	var pal color.Palette
	for i := 0; i < 64; i++ {
		v := uint8(i * 255 / 63)
		pal = append(pal, color.RGBA{v, v, v, 255})
	}
	for _, c := range []color.RGBA{{200, 40, 40, 255}, {220, 130, 0, 255}, {120, 160, 220, 255}} {
		for i := 1; i < 16; i++ {
			t := float64(i) / 15
			mix := func(a uint8) uint8 { return uint8(float64(a)*t + 255*(1-t)) }
			pal = append(pal, color.RGBA{mix(c.R), mix(c.G), mix(c.B), 255})
		}
	}
	out := image.NewPaletted(img.Bounds(), pal)
	draw.Draw(out, out.Bounds(), img, image.Point{}, draw.Src)
	return out
}

func frame(img *image.RGBA, x, y, w, h float64, c color.Color) {
	x0, y0 := int(x*scale), int(y*scale)
	x1, y1 := int((x+w)*scale), int((y+h)*scale)
	for X := x0; X <= x1; X++ {
		img.Set(X, y0, c)
		img.Set(X, y1, c)
	}
	for Y := y0; Y <= y1; Y++ {
		img.Set(x0, Y, c)
		img.Set(x1, Y, c)
	}
}
