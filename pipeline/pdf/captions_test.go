package pdf

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/doc"
)

// rect is a rectangle on a page, in points from its top-left.
type rect struct{ x0, y0, x1, y1 float64 }

// readImages returns the raster pictures of every page of the PDF at path,
// where pdftohtml -xml places them (at zoom 1, in points).
func readImages(t *testing.T, path string) map[int][]rect {
	t.Helper()
	dir := t.TempDir()
	if _, stderr, err := runTool(t, "pdftohtml", "-xml", "-zoom", "1", "-q", path, filepath.Join(dir, "out")); err != nil {
		t.Fatalf("pdftohtml: %v\n%s", err, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out.xml"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[int][]rect{}
	for i, page := range strings.Split(string(data), "<page ")[1:] {
		for _, im := range strings.Split(page, "<image ")[1:] {
			attrs, _, _ := strings.Cut(im, ">")
			v := xmlNums(t, attrs, "top", "left", "width", "height")
			out[i] = append(out[i], rect{v[1], v[0], v[1] + v[2], v[0] + v[3]})
		}
	}
	return out
}

// xmlNums reads the numeric attributes names from attrs.
func xmlNums(t *testing.T, attrs string, names ...string) []float64 {
	t.Helper()
	out := make([]float64, len(names))
	for i, name := range names {
		_, a, ok := strings.Cut(attrs, " "+name+`="`)
		if !ok && strings.HasPrefix(attrs, name+`="`) {
			a, ok = strings.CutPrefix(attrs, name+`="`)
		}
		if !ok {
			t.Fatalf("no %s in %q", name, attrs)
		}
		a, _, _ = strings.Cut(a, `"`)
		f, err := strconv.ParseFloat(a, 64)
		if err != nil {
			t.Fatalf("%s=%q: %v", name, a, err)
		}
		out[i] = f
	}
	return out
}

// traced is what mutool trace says a page draws: the rectangles it clips
// to (an SVG drawing is drawn inside one) and its horizontal strokes (the
// rules of tables), in points from the page's top-left.
type traced struct {
	clips []rect
	rules []rect // x0..x1 at y0 = y1
}

// readTrace returns what every page of the PDF at path draws.
func readTrace(t *testing.T, path string) []traced {
	t.Helper()
	out, stderr, err := runTool(t, "mutool", "trace", path)
	if err != nil {
		t.Fatalf("mutool trace: %v\n%s", err, stderr)
	}
	var pages []traced
	for _, page := range strings.Split(out, "<page ")[1:] {
		var tr traced
		for _, kind := range []string{"<clip_path ", "<stroke_path "} {
			for _, el := range strings.Split(page, kind)[1:] {
				head, body, _ := strings.Cut(el, ">")
				body, _, _ = strings.Cut(body, "</")
				_, m, _ := strings.Cut(head, `transform="`)
				m, _, _ = strings.Cut(m, `"`)
				f := strings.Fields(m)
				// Only paths drawn in the page's own space, y up: the
				// rectangle of a drawing, the rules.
				if len(f) != 6 || f[0] != "1" || f[1] != "0" || f[2] != "0" || f[3] != "-1" {
					continue
				}
				h, _ := strconv.ParseFloat(f[5], 64)
				var xs, ys []float64
				for _, pt := range strings.Split(body, "to ")[1:] {
					v := xmlNums(t, pt, "x", "y")
					xs, ys = append(xs, v[0]), append(ys, h-v[1])
				}
				if len(xs) < 2 {
					continue
				}
				r := rect{xs[0], ys[0], xs[0], ys[0]}
				for k := range xs {
					r.x0, r.x1 = min(r.x0, xs[k]), max(r.x1, xs[k])
					r.y0, r.y1 = min(r.y0, ys[k]), max(r.y1, ys[k])
				}
				if kind == "<clip_path " && len(xs) == 4 {
					tr.clips = append(tr.clips, r)
				} else if kind == "<stroke_path " && r.y1-r.y0 < 0.01 && r.x1-r.x0 > 10 {
					tr.rules = append(tr.rules, r)
				}
			}
		}
		pages = append(pages, tr)
	}
	return pages
}

// checkCaptionsPDF checks on the PDF that every recognised caption is on
// the page of its figure, directly under its picture (a raster picture
// where pdftohtml places it, an SVG drawing inside the rectangle it is
// clipped to, as mutool traces it), or directly above its table's top
// rule: no line of text between them, a gap under one and a half body
// sizes. It returns how many captions it checked.
func (bk *built) checkCaptionsPDF(t *testing.T) int {
	t.Helper()
	images := readImages(t, bk.path)
	trace := readTrace(t, bk.path)
	if len(trace) != len(bk.ws) {
		t.Fatalf("%s: mutool traces %d pages, pdftotext reads %d", bk.name, len(trace), len(bk.ws))
	}
	body := bk.b.Manifest.PDF.FontSize
	if body == 0 {
		body = 10
	}
	// find returns the page and line where caption text starts, from
	// page from on (captions come in order).
	find := func(c string, from int) (int, int, bool) {
		key := []rune(squash(c))
		key = key[:min(len(key), 12)]
		for i := from; i < len(bk.ws); i++ {
			for k, l := range bk.lines(i) {
				var b strings.Builder
				for _, w := range l {
					b.WriteString(w.text)
				}
				if strings.HasPrefix(squash(b.String()), string(key)) {
					return i, k, true
				}
			}
		}
		return 0, 0, false
	}
	top := func(l []textWord) (y0, y1 float64) {
		y0, y1 = l[0].y0, l[0].y1
		for _, w := range l {
			y0, y1 = min(y0, w.y0), max(y1, w.y1)
		}
		return y0, y1
	}
	n, page := 0, 0
	for _, ch := range bk.b.Chapters {
		doc.Walk(ch.Blocks, func(f *doc.Node) bool {
			if f.Kind != doc.Figure {
				return true
			}
			caption, img, table := doc.FigureParts(f)
			if caption == nil || (img == nil || img.Image == nil || img.Image.NoPDF != "") && table == nil {
				return false
			}
			text := doc.InlineText(caption.Children)
			pi, li, ok := find(text, page)
			if !ok {
				t.Errorf("%s: %s: caption %q is on no page of the PDF", bk.name, ch.Path, text)
				return false
			}
			page = pi
			n++
			ls := bk.lines(pi)
			capTop, capBottom := top(ls[li])
			if img != nil {
				pics := images[pi]
				if img.Image.MediaType == "image/svg+xml" {
					pics = trace[pi].clips
				}
				// The picture that ends closest above the caption.
				best, bottom := 1e9, 0.0
				for _, r := range pics {
					if r.y1 <= capTop+1 && capTop-r.y1 < best {
						best, bottom = capTop-r.y1, r.y1
					}
				}
				if best > 1.5*body {
					t.Errorf("%s: %s: caption %q on page %d is not directly under its picture (gap %.1f pt)", bk.name, ch.Path, text, pi+1, best)
					return false
				}
				for k := 0; k < li; k++ {
					if y0, y1 := top(ls[k]); y0 >= bottom-0.5 && y1 <= capTop+0.5 {
						t.Errorf("%s: %s: text between caption %q and its picture on page %d", bk.name, ch.Path, text, pi+1)
					}
				}
				return false
			}
			// A table: its top rule just under the caption, before the
			// next line of text.
			next := 1e9
			if li+1 < len(ls) {
				next, _ = top(ls[li+1])
			}
			ruled := false
			for _, r := range trace[pi].rules {
				if r.y0 >= capBottom-0.5 && r.y0 <= next+0.5 && r.y0-capBottom < 1.5*body {
					ruled = true
				}
			}
			if !ruled {
				t.Errorf("%s: %s: caption %q on page %d is not directly above its table", bk.name, ch.Path, text, pi+1)
			}
			return false
		})
	}
	return n
}

// checkCPlus reports every line of the PDF, prose or listing, that ends
// in "C+": "C++" is never split.
func (bk *built) checkCPlus(t *testing.T) (lines int) {
	t.Helper()
	for i := range bk.ws {
		for _, l := range bk.lines(i) {
			lines++
			last := l[len(l)-1].text
			if strings.HasSuffix(last, "C+") && !strings.HasSuffix(last, "C++") {
				t.Errorf("%s: page %d: a line ends in %q", bk.name, i+1, last)
			}
		}
	}
	return lines
}
