package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// pictureCount is how many screenshots the image-heavy book has, and how
// many diagrams the drawing-heavy one has.
const pictureCount = 80

// picturesBook writes the image-heavy book: gopl-zh's text with
// pictureCount screenshots of 0.4 to 2.5 megapixels, a third each RGB PNG,
// RGBA PNG and JPEG, one after every few chapters in turn. The pictures
// are drawn from a seeded generator, so every run builds the same book:
// flat windows with lines of "text", as screenshots have, and a photo-like
// area of gradients and noise, so that they compress as real ones do. It
// returns the manifest's path and the pictures' total size in bytes.
func picturesBook(corpus string, b *corpusBook, work string) (string, int64, error) {
	return figuresBook(corpus, b, filepath.Join(work, "pictures"), "gopl-zh-pictures", "Screenshot", screenshot)
}

// drawingsBook writes the drawing-heavy book: gopl-zh's text with
// pictureCount SVG diagrams as Graphviz writes them (diagram), placed as
// the image-heavy book's screenshots are.
func drawingsBook(corpus string, b *corpusBook, work string) (string, int64, error) {
	return figuresBook(corpus, b, filepath.Join(work, "drawings"), "gopl-zh-drawings", "Diagram", diagram)
}

// figuresBook writes, in root, gopl-zh's text with pictureCount figures
// that figure makes, spread over the book, and returns its manifest's
// path and the figures' total size in bytes.
func figuresBook(corpus string, b *corpusBook, root, name, alt string, figure func(i int) (string, []byte, error)) (string, int64, error) {
	dst := filepath.Join(root, "book")
	if err := copyTree(corpus, dst); err != nil {
		return "", 0, err
	}
	if err := os.MkdirAll(filepath.Join(dst, "shots"), 0o755); err != nil {
		return "", 0, err
	}
	var total int64
	for i := range pictureCount {
		file, data, err := figure(i)
		if err != nil {
			return "", 0, err
		}
		total += int64(len(data))
		if err := os.WriteFile(filepath.Join(dst, "shots", file), data, 0o644); err != nil {
			return "", 0, err
		}
		// Into a chapter, spread over the book.
		ch := b.files[i*len(b.files)/pictureCount]
		up := strings.Repeat("../", strings.Count(ch, "/"))
		f, err := os.OpenFile(filepath.Join(dst, filepath.FromSlash(ch)), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return "", 0, err
		}
		_, err = fmt.Fprintf(f, "\n\n![%s %d](%sshots/%s)\n", alt, i+1, up, file)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", 0, err
		}
	}
	doc := map[string]any{
		"title":    b.m.Title,
		"language": b.m.Language,
		"authors":  []string{"The authors"},
		"output":   map[string]any{"name": name},
	}
	chapters := 0
	for _, s := range b.m.Sections() {
		var entries []any
		for _, e := range s.Entries {
			entries = append(entries, entryYAML(e, "book/", &chapters))
		}
		if len(entries) > 0 {
			doc[s.Key] = entries
		}
	}
	data, err := yaml.Marshal(doc)
	if err != nil {
		return "", 0, err
	}
	p := filepath.Join(root, "book.yaml")
	return p, total, os.WriteFile(p, data, 0o644)
}

// screenshot draws picture i and returns its file name and content.
func screenshot(i int) (string, []byte, error) {
	r := rand.New(rand.NewPCG(19, uint64(i)))
	px := 400_000 + r.IntN(2_100_001)
	w := 800 + r.IntN(1201)
	h := px / w
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	bg := color.NRGBA{uint8(200 + r.IntN(56)), uint8(200 + r.IntN(56)), uint8(200 + r.IntN(56)), 255}
	fill(img, img.Bounds(), bg)
	// Windows with a title bar and lines of text.
	for range 2 + r.IntN(4) {
		x0, y0 := r.IntN(w*2/3), r.IntN(h*2/3)
		win := image.Rect(x0, y0, x0+w/4+r.IntN(w/2), y0+h/4+r.IntN(h/2)).Intersect(img.Bounds())
		fill(img, win, color.NRGBA{250, 250, 250, 255})
		fill(img, image.Rect(win.Min.X, win.Min.Y, win.Max.X, win.Min.Y+24), color.NRGBA{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), 255})
		for y := win.Min.Y + 36; y+10 < win.Max.Y; y += 18 {
			x := win.Min.X + 12
			for x < win.Max.X-40 {
				wd := 8 + r.IntN(60)
				fill(img, image.Rect(x, y, min(x+wd, win.Max.X-12), y+10), color.NRGBA{40, 40, 40, 255})
				x += wd + 6
			}
		}
	}
	// A photo: smooth gradients under noise.
	pw, ph := w/3+r.IntN(w/3), h/3+r.IntN(h/3)
	px0, py0 := r.IntN(w-pw), r.IntN(h-ph)
	for y := py0; y < py0+ph; y++ {
		for x := px0; x < px0+pw; x++ {
			n := r.IntN(13) - 6
			c := func(v int) uint8 { return uint8(max(0, min(255, v+n))) }
			o := img.PixOffset(x, y)
			img.Pix[o], img.Pix[o+1], img.Pix[o+2] = c(255*(x-px0)/pw), c(255*(y-py0)/ph), c(128+64*((x+y)%97)/97)
		}
	}
	var b bytes.Buffer
	switch i % 3 {
	case 0:
		rgb := image.NewRGBA(img.Bounds()) // opaque: the encoder writes RGB
		copy(rgb.Pix, img.Pix)
		return fmt.Sprintf("shot%02d.png", i+1), encodePNG(&b, rgb), nil
	case 1:
		// A drop shadow: the edges fade out.
		for y := range h {
			for x := range w {
				if d := min(x, y, w-1-x, h-1-y); d < 16 {
					img.Pix[img.PixOffset(x, y)+3] = uint8(d * 16)
				}
			}
		}
		return fmt.Sprintf("shot%02d.png", i+1), encodePNG(&b, img), nil
	default:
		err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
		return fmt.Sprintf("shot%02d.jpg", i+1), b.Bytes(), err
	}
}

func encodePNG(b *bytes.Buffer, img image.Image) []byte {
	if err := png.Encode(b, img); err != nil {
		panic(err) // cannot fail: writing to memory
	}
	return b.Bytes()
}

func fill(img *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			o := img.PixOffset(x, y)
			img.Pix[o], img.Pix[o+1], img.Pix[o+2], img.Pix[o+3] = c.R, c.G, c.B, c.A
		}
	}
}

// diagram draws diagram i, an SVG file as Graphviz's dot writes one: a
// graph of 8 to 24 nodes (boxes and ellipses with labels, some Chinese)
// in ranks, edges as cubic curves with arrowheads, and a cluster, each in
// a group with a title, under a translate transform.
func diagram(i int) (string, []byte, error) {
	r := rand.New(rand.NewPCG(23, uint64(i)))
	n := 8 + r.IntN(17)
	labels := []string{"main", "parse", "处理 data", "Reader", "io.Writer", "缓冲区", "http.Handler", "goroutine", "channel", "select"}
	type node struct{ x, y float64 }
	nodes := make([]node, n)
	const perRank = 3
	w, h := float64(perRank)*140+60, float64((n+perRank-1)/perRank)*90+40
	for k := range nodes {
		// Ranks from the top; dot's y is negative, under translate.
		nodes[k] = node{x: 60 + float64(k%perRank)*140 + float64(r.IntN(30)), y: -h + 40 + float64(k/perRank)*90}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- Generated by graphviz version 2.43.0 (0) -->
<svg width="%.0fpt" height="%.0fpt" viewBox="0.00 0.00 %.2f %.2f" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 %.0f)">
<title>G%d</title>
<polygon fill="white" stroke="transparent" points="-4,4 -4,%.0f %.0f,%.0f %.0f,4 -4,4"/>
<g id="clust1" class="cluster"><title>cluster_0</title>
<polygon fill="lightgrey" stroke="lightgrey" points="10,-8 10,-%.0f 150,-%.0f 150,-8 10,-8"/>
<text text-anchor="middle" x="80" y="-%.0f" font-family="Times,serif" font-size="14.00">cluster</text>
</g>
`, w, h, w, h, h-4, i, -h, w, -h, w, h-20, h-20, h-34)
	for k, nd := range nodes {
		label := labels[r.IntN(len(labels))]
		fmt.Fprintf(&b, "<g id=\"node%d\" class=\"node\"><title>n%d</title>\n", k+1, k)
		if k%2 == 0 {
			fmt.Fprintf(&b, `<ellipse fill="none" stroke="black" cx="%.2f" cy="%.2f" rx="54" ry="18"/>`+"\n", nd.x, nd.y)
		} else {
			fmt.Fprintf(&b, `<polygon fill="#eeeeff" stroke="black" points="%.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f"/>`+"\n",
				nd.x+54, nd.y-18, nd.x-54, nd.y-18, nd.x-54, nd.y+18, nd.x+54, nd.y+18, nd.x+54, nd.y-18)
		}
		fmt.Fprintf(&b, `<text text-anchor="middle" x="%.2f" y="%.2f" font-family="Times,serif" font-size="14.00">%s</text>`+"\n</g>\n", nd.x, nd.y+4, label)
	}
	for k := 1; k < n; k++ {
		from, to := nodes[r.IntN(k)], nodes[k]
		x0, y0, x1, y1 := from.x, from.y+18, to.x, to.y-28
		fmt.Fprintf(&b, "<g id=\"edge%d\" class=\"edge\"><title>e%d</title>\n", k, k)
		fmt.Fprintf(&b, `<path fill="none" stroke="black" d="M%.2f,%.2fC%.2f,%.2f %.2f,%.2f %.2f,%.2f"/>`+"\n", x0, y0, x0, (y0+y1)/2, x1, (y0+y1)/2, x1, y1)
		fmt.Fprintf(&b, `<polygon fill="black" stroke="black" points="%.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f"/>`+"\n</g>\n",
			x1-3.5, y1, x1, y1+10, x1+3.5, y1, x1-3.5, y1)
	}
	b.WriteString("</g>\n</svg>\n")
	return fmt.Sprintf("diagram%02d.svg", i+1), []byte(b.String()), nil
}
