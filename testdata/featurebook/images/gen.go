//go:build ignore

// gen.go draws the raster images of the feature book: one small file for each
// image format and variant the pipeline must handle, plus a cover, an image
// wider than any page and a tall one. The generated files are committed; run
// this only to change them, from this folder:
//
//	go run gen.go
//
// Go's encoders cover most variants: PNG 8-bit RGBA, 16-bit RGB, palette with
// a transparent entry and greyscale (image/png), baseline colour and greyscale
// JPEG (image/jpeg), animated GIF (image/gif). The rest are made otherwise:
//
//   - png-interlaced.png: image/png cannot write Adam7 interlacing, so
//     writeInterlacedPNG below writes that file itself.
//   - jpeg-progressive.jpg: image/jpeg writes baseline only; the baseline file
//     is converted losslessly by jpegtran (Debian libjpeg-turbo-progs):
//     jpegtran -progressive -copy none -outfile jpeg-progressive.jpg jpeg-baseline.jpg
//   - jpeg-cmyk.jpg: image/jpeg cannot write CMYK; ImageMagick 6 (Debian
//     imagemagick) converts the baseline file, with an Adobe APP14 marker:
//     convert jpeg-baseline.jpg -strip -colorspace CMYK -quality 85 jpeg-cmyk.jpg
//
// gen.go runs both commands and fails if either tool is missing. The SVG files
// (diagram.svg, badge.svg) are written by hand, not by this program.
package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"log"
	"os"
	"os/exec"
	"strings"
)

func main() {
	log.SetFlags(0)
	save("cover.png", encodePNG(cover()))
	save("png-rgba8.png", encodePNG(rgbaImage()))
	save("png-rgb16.png", encodePNG(rgb16Image()))
	save("png-palette.png", encodePNG(paletteImage()))
	save("png-gray.png", encodePNG(grayImage(240, 120, "PNG GRAY")))
	save("png-interlaced.png", writeInterlacedPNG(interlacedImage()))
	save("icon.png", encodePNG(icon()))
	save("wide.png", encodePNG(wideImage()))
	save("tall.png", encodePNG(tallImage()))
	save("jpeg-baseline.jpg", encodeJPEG(photo(), 80))
	save("jpeg-gray.jpg", encodeJPEG(grayImage(240, 150, "JPEG GRAY"), 80))
	save("anim.gif", encodeGIF())
	run("jpegtran", "-progressive", "-copy", "none", "-outfile", "jpeg-progressive.jpg", "jpeg-baseline.jpg")
	run("convert", "jpeg-baseline.jpg", "-strip", "-colorspace", "CMYK", "-quality", "85", "jpeg-cmyk.jpg")
}

func save(name string, data []byte) {
	if err := os.WriteFile(name, data, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%-22s %6d bytes\n", name, len(data))
}

func run(name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s: %v (see the comment at the top of gen.go)", name, err)
	}
	out := args[len(args)-1]
	if name == "jpegtran" {
		out = args[len(args)-2]
	}
	info, err := os.Stat(out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%-22s %6d bytes (%s)\n", out, info.Size(), name)
}

func encodePNG(m image.Image) []byte {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, m); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(m image.Image, quality int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: quality}); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}

// Colours of the book's images: Go's brand blue and friends.
var (
	goBlue   = color.NRGBA{0x00, 0xAD, 0xD8, 0xFF}
	darkBlue = color.NRGBA{0x00, 0x5A, 0x8C, 0xFF}
	paper    = color.NRGBA{0xFA, 0xF7, 0xF0, 0xFF}
	ink      = color.NRGBA{0x20, 0x24, 0x2A, 0xFF}
	red      = color.NRGBA{0xCE, 0x32, 0x62, 0xFF}
	yellow   = color.NRGBA{0xFD, 0xDD, 0x00, 0xFF}
	green    = color.NRGBA{0x3A, 0xA8, 0x5A, 0xFF}
)

func fill(m draw.Image, r image.Rectangle, c color.Color) {
	draw.Draw(m, r, image.NewUniform(c), image.Point{}, draw.Src)
}

func disc(m draw.Image, cx, cy, radius int, c color.Color) {
	for y := cy - radius; y <= cy+radius; y++ {
		for x := cx - radius; x <= cx+radius; x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= radius*radius {
				m.Set(x, y, c)
			}
		}
	}
}

// cover is the book's cover: a gopher-blue page with the title in block
// letters, three "goroutines" and the channel between them.
func cover() image.Image {
	m := image.NewPaletted(image.Rect(0, 0, 600, 900), color.Palette{paper, goBlue, darkBlue, ink, red, yellow, green})
	fill(m, m.Bounds(), paper)
	fill(m, image.Rect(0, 0, 600, 330), goBlue)
	fill(m, image.Rect(0, 330, 600, 342), darkBlue)
	text(m, 48, 70, 8, "FEATURE", paper)
	text(m, 48, 150, 8, "SAMPLER", paper)
	text(m, 48, 250, 4, "GO CONCURRENCY", darkBlue)
	text(m, 48, 290, 4, "AND CGO", darkBlue)
	for i, c := range []color.Color{red, yellow, green} {
		disc(m, 130+i*170, 520, 56, c)
		disc(m, 130+i*170, 520, 40, paper)
	}
	fill(m, image.Rect(186, 514, 244, 526), ink)
	fill(m, image.Rect(356, 514, 414, 526), ink)
	fill(m, image.Rect(0, 820, 600, 900), darkBlue)
	text(m, 48, 846, 4, "ZH-CN 2024", paper)
	return m
}

// rgbaImage is 8 bits per channel with real transparency: a gradient that
// fades out to the right, with a hole in the middle.
func rgbaImage() image.Image {
	m := image.NewNRGBA(image.Rect(0, 0, 240, 120))
	for y := 0; y < 120; y++ {
		for x := 0; x < 240; x++ {
			m.SetNRGBA(x, y, color.NRGBA{0x00, uint8(0x60 + y), 0xD8, uint8(255 - x)})
		}
	}
	disc(m, 120, 60, 24, color.NRGBA{})
	text(m, 12, 12, 2, "PNG RGBA 8", ink)
	return m
}

// rgb16Image is an opaque 16-bit RGB image: a smooth gradient that needs the
// extra bits.
func rgb16Image() image.Image {
	m := image.NewNRGBA64(image.Rect(0, 0, 240, 120))
	for y := 0; y < 120; y++ {
		for x := 0; x < 240; x++ {
			m.SetNRGBA64(x, y, color.NRGBA64{uint16(x * 273), uint16(y * 546), 0xC000, 0xFFFF})
		}
	}
	text(m, 12, 12, 2, "PNG RGB 16", paper)
	return m
}

// paletteImage has an 8-colour palette whose first entry is transparent.
func paletteImage() image.Image {
	pal := color.Palette{color.NRGBA{}, goBlue, darkBlue, ink, red, yellow, green, paper}
	m := image.NewPaletted(image.Rect(0, 0, 240, 120), pal)
	for i, c := range pal[1:] {
		fill(m, image.Rect(8+i*32, 40, 36+i*32, 110), c)
	}
	text(m, 12, 12, 2, "PNG PALETTE", ink)
	return m
}

func grayImage(w, h int, label string) image.Image {
	m := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.SetGray(x, y, color.Gray{uint8(40 + 200*x/w)})
		}
	}
	disc(m, w-40, h-40, 24, color.Gray{16})
	text(m, 12, 12, 2, label, color.Gray{250})
	return m
}

func interlacedImage() *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, 240, 120))
	fill(m, m.Bounds(), paper)
	for i := 0; i < 12; i++ {
		c := goBlue
		if i%2 == 1 {
			c = darkBlue
		}
		fill(m, image.Rect(i*20, 40+i*5, i*20+16, 116), c)
	}
	text(m, 12, 12, 2, "PNG ADAM7", ink)
	return m
}

// icon is 16×16: small enough that no writer should enlarge it.
func icon() image.Image {
	m := image.NewNRGBA(image.Rect(0, 0, 16, 16))
	disc(m, 8, 8, 7, goBlue)
	disc(m, 5, 6, 2, paper)
	disc(m, 11, 6, 2, paper)
	return m
}

// wideImage is 2400×300, wider than any page: a timeline of three
// processors running goroutines.
func wideImage() image.Image {
	m := image.NewPaletted(image.Rect(0, 0, 2400, 300), color.Palette{paper, goBlue, darkBlue, ink, red, yellow, green})
	fill(m, m.Bounds(), paper)
	colours := []color.Color{goBlue, red, yellow, green, darkBlue}
	for p := 0; p < 3; p++ {
		y := 60 + p*80
		text(m, 16, y+14, 3, fmt.Sprintf("P%d", p), ink)
		for i := 0; i < 22; i++ {
			x := 100 + i*104
			fill(m, image.Rect(x, y, x+96, y+48), colours[(i+p*2)%len(colours)])
		}
	}
	text(m, 100, 16, 3, "GOROUTINE TIMELINE 2400X300", ink)
	return m
}

// tallImage is 240×1800: a goroutine stack growing downwards.
func tallImage() image.Image {
	m := image.NewPaletted(image.Rect(0, 0, 240, 1800), color.Palette{paper, goBlue, darkBlue, ink})
	fill(m, m.Bounds(), paper)
	text(m, 16, 16, 3, "STACK", ink)
	for i := 0; i < 20; i++ {
		c := goBlue
		if i%2 == 1 {
			c = darkBlue
		}
		y := 60 + i*86
		fill(m, image.Rect(20, y, 220, y+78), c)
		text(m, 32, y+30, 2, fmt.Sprintf("FRAME %d", i), paper)
	}
	return m
}

// photo is the colour JPEG: soft gradients, as a photograph has.
func photo() image.Image {
	m := image.NewRGBA(image.Rect(0, 0, 240, 150))
	for y := 0; y < 150; y++ {
		for x := 0; x < 240; x++ {
			m.Set(x, y, color.RGBA{uint8(x), uint8(80 + y), uint8(200 - y), 0xFF})
		}
	}
	disc(m, 180, 90, 36, yellow)
	text(m, 12, 12, 2, "JPEG", ink)
	return m
}

// encodeGIF writes an animated GIF of three frames; the first, which a
// printed book shows, reads "FRAME 1" on blue.
func encodeGIF() []byte {
	pal := color.Palette{paper, goBlue, red, green, ink}
	a := &gif.GIF{LoopCount: 0}
	for i, bg := range []color.Color{goBlue, red, green} {
		m := image.NewPaletted(image.Rect(0, 0, 160, 100), pal)
		fill(m, m.Bounds(), bg)
		text(m, 16, 40, 3, fmt.Sprintf("FRAME %d", i+1), paper)
		a.Image = append(a.Image, m)
		a.Delay = append(a.Delay, 80)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, a); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}

// writeInterlacedPNG encodes m as an 8-bit RGBA PNG with Adam7 interlacing,
// which image/png reads but cannot write. Every scan line uses filter 0.
func writeInterlacedPNG(m *image.NRGBA) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		out.WriteString(typ)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, crc.Sum32())
	}
	w, h := m.Bounds().Dx(), m.Bounds().Dy()
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9], ihdr[12] = 8, 6, 1 // bit depth, colour type RGBA, Adam7
	chunk("IHDR", ihdr)

	passes := [7][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
	var raw bytes.Buffer
	for _, p := range passes {
		x0, y0, dx, dy := p[0], p[1], p[2], p[3]
		if x0 >= w || y0 >= h {
			continue // an empty pass has no scan lines at all
		}
		for y := y0; y < h; y += dy {
			raw.WriteByte(0)
			for x := x0; x < w; x += dx {
				c := m.NRGBAAt(x, y)
				raw.Write([]byte{c.R, c.G, c.B, c.A})
			}
		}
	}
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	zw.Write(raw.Bytes())
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)

	// Check the result with Go's decoder, which handles Adam7.
	back, err := png.Decode(bytes.NewReader(out.Bytes()))
	if err != nil {
		log.Fatalf("interlaced PNG: %v", err)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if color.NRGBAModel.Convert(back.At(x, y)) != m.NRGBAAt(x, y) {
				log.Fatalf("interlaced PNG: pixel %d,%d differs after decoding", x, y)
			}
		}
	}
	return out.Bytes()
}

// text draws s in a 5×7 pixel font, each pixel scale×scale, with its top
// left corner at x, y.
func text(m draw.Image, x, y, scale int, s string, c color.Color) {
	for _, r := range strings.ToUpper(s) {
		g, ok := font[r]
		if !ok {
			g = font['?']
		}
		for row, bits := range g {
			for col, b := range bits {
				if b == '#' {
					fill(m, image.Rect(x+col*scale, y+row*scale, x+(col+1)*scale, y+(row+1)*scale), c)
				}
			}
		}
		x += 6 * scale
	}
}

var font = map[rune][7]string{
	' ': {".....", ".....", ".....", ".....", ".....", ".....", "....."},
	'?': {".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#.."},
	'-': {".....", ".....", ".....", "#####", ".....", ".....", "....."},
	'0': {".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."},
	'1': {"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."},
	'2': {".###.", "#...#", "....#", "..##.", ".#...", "#....", "#####"},
	'3': {"####.", "....#", "....#", ".###.", "....#", "....#", "####."},
	'4': {"...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."},
	'5': {"#####", "#....", "####.", "....#", "....#", "#...#", ".###."},
	'6': {".###.", "#....", "#....", "####.", "#...#", "#...#", ".###."},
	'7': {"#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."},
	'8': {".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."},
	'9': {".###.", "#...#", "#...#", ".####", "....#", "....#", ".###."},
	'A': {".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"},
	'B': {"####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."},
	'C': {".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."},
	'D': {"####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."},
	'E': {"#####", "#....", "#....", "####.", "#....", "#....", "#####"},
	'F': {"#####", "#....", "#....", "####.", "#....", "#....", "#...."},
	'G': {".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".###."},
	'H': {"#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"},
	'I': {".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."},
	'J': {"..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."},
	'K': {"#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"},
	'L': {"#....", "#....", "#....", "#....", "#....", "#....", "#####"},
	'M': {"#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"},
	'N': {"#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"},
	'O': {".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."},
	'P': {"####.", "#...#", "#...#", "####.", "#....", "#....", "#...."},
	'Q': {".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"},
	'R': {"####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"},
	'S': {".####", "#....", "#....", ".###.", "....#", "....#", "####."},
	'T': {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."},
	'U': {"#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."},
	'V': {"#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."},
	'W': {"#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."},
	'X': {"#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"},
	'Y': {"#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."},
	'Z': {"#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"},
}
