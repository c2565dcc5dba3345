//go:build ignore

// This program draws docs/images/fonts-sample.png: lines of a Chinese Go book set
// with the built-in font chains, each run in the face the fonts package
// chooses, underlined in that face's colour. Run it from the repository
// root:
//
//	go run docs/fonts-sample.go
package main

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/diag"
)

type line struct {
	role  fonts.Role
	style fonts.Style
	size  float64
	text  string
}

var lines = []line{
	{fonts.Heading, fonts.Bold, 30, "第八章 Goroutines 和 Channels"},
	{fonts.Body, fonts.Regular, 20, "Go 语言中的并发程序可以用两种手段来实现：goroutine 和 channel。"},
	{fonts.Body, fonts.Regular, 20, "“不要通过共享内存来通信……而应该通过通信来共享内存。”——Go 谚语"},
	{fonts.Body, fonts.Bold, 20, "粗体：select 语句与 sync.Mutex 互斥锁"},
	{fonts.Body, fonts.Italic, 20, "Italic: concurrency is not parallelism (并发不是并行)"},
	{fonts.Body, fonts.Regular, 20, "Symbols: → ⇒ ≤ ≥ ∑ √ ∞ ❯ ✓ ✔ ☐ ☑ ① ② — ·"},
	{fonts.Code, fonts.Regular, 19, `ch := make(chan string) // 无缓冲的 channel`},
	{fonts.Code, fonts.Regular, 19, `fmt.Println("你好，世界")    // 每个汉字占两格`},
	{fonts.Code, fonts.Bold, 19, `func main() { go spinner(100 * time.Millisecond) }`},
	{fonts.Code, fonts.Regular, 19, `├── main.go  ❯ go run .  ✓ ok`},
}

// The colour of each family's underline, in the order of the legend.
var families = []struct {
	name   string
	colour color.RGBA
}{
	{"Go", color.RGBA{0x1f, 0x6f, 0xd0, 0xff}},
	{"Go Mono", color.RGBA{0x8e, 0x44, 0xad, 0xff}},
	{"LXGW WenKai", color.RGBA{0xc0, 0x39, 0x2b, 0xff}},
	{"DejaVu Sans", color.RGBA{0x27, 0xae, 0x60, 0xff}},
	{"DejaVu Sans Mono", color.RGBA{0xe6, 0x7e, 0x22, 0xff}},
}

func main() {
	var diags diag.List
	set := fonts.Load(fonts.Config{Language: "zh-CN"}, &diags)
	if set == nil {
		log.Fatal(diags.Items())
	}
	const width, margin = 860, 40
	height := margin * 2
	for _, l := range lines {
		height += int(l.size * 1.9)
	}
	height += 40 // the legend
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)

	faces := map[*fonts.Face]map[float64]font.Face{}
	face := func(f *fonts.Face, size float64) font.Face {
		if faces[f] == nil {
			faces[f] = map[float64]font.Face{}
		}
		if ff := faces[f][size]; ff != nil {
			return ff
		}
		otf, err := opentype.Parse(f.TrueType())
		if err != nil {
			log.Fatal(err)
		}
		ff, err := opentype.NewFace(otf, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			log.Fatal(err)
		}
		faces[f][size] = ff
		return ff
	}
	colourOf := func(f *fonts.Face) color.RGBA {
		for _, fam := range families {
			if fam.name == f.Family {
				return fam.colour
			}
		}
		log.Fatalf("no colour for %s", f.Family)
		return color.RGBA{}
	}

	y := margin
	for _, l := range lines {
		y += int(l.size * 1.5)
		x := fixed.I(margin)
		// In code every character takes one cell of Go Mono, a Chinese
		// character two: the PDF sets listings this way.
		var cell fixed.Int26_6
		if l.role == fonts.Code {
			mono := set.Chain(fonts.Code, l.style)[0]
			cell = fixed.Int26_6(mono.AdvanceAt('0', l.size) * 64)
		}
		for _, run := range set.Runs(l.role, l.style, l.text) {
			if run.Face == nil {
				continue
			}
			ff := face(run.Face, l.size)
			start := x
			for _, r := range run.Text {
				adv, _ := ff.GlyphAdvance(r)
				dx := fixed.Int26_6(0)
				if cell > 0 {
					slot := cell * fixed.Int26_6(set.Cells(r))
					dx = (slot - adv) / 2
					adv = slot
				}
				d := font.Drawer{Dst: img, Src: image.Black, Face: ff, Dot: fixed.Point26_6{X: x + dx, Y: fixed.I(y)}}
				d.DrawString(string(r))
				x += adv
			}
			c := colourOf(run.Face)
			for px := start.Round(); px < x.Round(); px++ {
				for dy := 5; dy < 8; dy++ {
					img.Set(px, y+dy, c)
				}
			}
		}
		y += int(l.size * 0.4)
	}

	// The legend: one colour per family.
	y += 30
	x := fixed.I(margin)
	label := face(set.Chain(fonts.Body, fonts.Regular)[0], 16)
	for _, fam := range families {
		draw.Draw(img, image.Rect(x.Round(), y-10, x.Round()+28, y-4), image.NewUniform(fam.colour), image.Point{}, draw.Src)
		d := font.Drawer{Dst: img, Src: image.Black, Face: label, Dot: fixed.Point26_6{X: x + fixed.I(36), Y: fixed.I(y)}}
		d.DrawString(fam.name)
		x = d.Dot.X + fixed.I(30)
	}

	out, err := os.Create("docs/images/fonts-sample.png")
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(out, img); err != nil {
		log.Fatal(err)
	}
	if err := out.Close(); err != nil {
		log.Fatal(err)
	}
}
