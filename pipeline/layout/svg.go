package layout

import (
	"encoding/xml"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/picture"
)

// SVG drawings are drawn in two layers: the pdf package draws the shapes
// as vector paths (picture.VectorSVG; oksvg, which reads them, skips
// text), and the layout sets the drawing's <text> elements over them as
// real text, so that labels stay sharp, searchable and copyable, Chinese
// included: in the face with the metrics of their font-family where it is
// a generic or well-known one (Times, Arial, Courier: Liberation, see
// fonts.Set.SVGRuns), else in the book's body fonts. Text is placed by its
// x, y, font-size, font-weight, fill and text-anchor, through the viewBox
// and translate/scale/matrix transforms; rotated or skewed text is left
// out (it is rare in a book's diagrams, and a rotated run has no place in
// the page model).

// pictureItems draws image a at x, y, w × h: a picture, and for an SVG
// drawing its text over it.
func (e *engine) pictureItems(a *doc.Asset, x, y, w, h float64) []Item {
	items := []Item{pictureItem(a, x, y, w, h)}
	if a.MediaType == "image/svg+xml" {
		items = append(items, e.svgText(string(a.Data), x, y, w, h)...)
	}
	return items
}

// svgState is what SVG elements inherit.
type svgState struct {
	m      [6]float64 // user space to page: a b c d e f
	size   float64
	family string // the font-family list (see fonts.Set.SVGRuns)
	bold   bool
	fill   RGB
	anchor string
	// anchorX, anchorY: the text's position, in user units
	anchorX, anchorY float64
}

// svgText sets the text of an SVG drawing shown at x, y, w × h.
func (e *engine) svgText(markup string, x, y, w, h float64) []Item {
	root, ok := picture.ReadSVGRoot(markup)
	if !ok {
		return nil
	}
	// The viewBox maps onto the picture, uniformly scaled and centred
	// (preserveAspectRatio's default, xMidYMid meet).
	vb := root.ViewBox
	if vb[2] <= 0 || vb[3] <= 0 {
		vb = [4]float64{0, 0, root.Width, root.Height}
		if vb[2] <= 0 || vb[3] <= 0 {
			return nil
		}
	}
	s := min(w/vb[2], h/vb[3])
	ox := x + (w-vb[2]*s)/2 - vb[0]*s
	oy := y + (h-vb[3]*s)/2 - vb[1]*s
	st := svgState{m: [6]float64{s, 0, 0, s, ox, oy}, size: 16, fill: RGB{}, anchor: "start"}

	var items []Item
	var stack []svgState
	type textRun struct {
		st   svgState
		text strings.Builder
	}
	var cur *textRun
	flush := func() {
		if cur == nil {
			return
		}
		text := strings.Join(strings.Fields(cur.text.String()), " ")
		t := cur.st
		cur = nil
		if text == "" || t.m[1] != 0 || t.m[2] != 0 {
			return // nothing, or rotated or skewed
		}
		size := t.size * t.m[3]
		if size <= 0.5 || !svgFinite(size, t.m[0], t.m[3], t.m[4], t.m[5], t.anchorX, t.anchorY) || size > maxSVGTextSize {
			// A size or a transform of 1e300 made Inf and numbers of
			// hundreds of digits in the PDF, which readers reject.
			return
		}
		style := fonts.Regular
		if t.bold {
			style = fonts.Bold
		}
		runs := e.fonts.SVGRuns(t.family, style, text)
		tw := 0.0
		for _, r := range runs {
			tw += e.measure(r.Face, r.Text, size)
		}
		gx := t.m[0]*t.anchorX + t.m[4]
		switch t.anchor {
		case "middle":
			gx -= tw / 2
		case "end":
			gx -= tw
		}
		gy := t.m[3]*t.anchorY + t.m[5]
		if !svgFinite(gx, gy, tw) || math.Abs(gy) > maxPagePoints || tw > maxPagePoints {
			return
		}
		// Keep the text on the picture: a label at its edge must not
		// reach past the text block.
		gx = max(x, min(gx, x+w-tw))
		for _, r := range runs {
			if r.Face == nil {
				continue
			}
			w := e.measure(r.Face, r.Text, size)
			items = append(items, Item{Kind: Glyphs, X: gx, Y: gy, W: w, H: size, Face: r.Face, Text: r.Text, Color: t.fill})
			gx += w
		}
	}
	dec := xml.NewDecoder(strings.NewReader(markup))
	for {
		tok, err := dec.Token()
		if err == io.EOF || err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, st)
			st.apply(t)
			switch t.Name.Local {
			case "text":
				flush()
				st.anchorX, st.anchorY = picture.SVGLength(svgAttr(t, "x")), picture.SVGLength(svgAttr(t, "y"))
				cur = &textRun{st: st}
			case "tspan":
				if cur != nil {
					if v := svgAttr(t, "x"); v != "" {
						flush()
						cur = &textRun{st: st}
						cur.st.anchorX, cur.st.anchorY = picture.SVGLength(v), picture.SVGLength(svgAttr(t, "y"))
					}
				}
			case "title", "desc", "style", "script", "defs":
				// Not drawn.
				if err := dec.Skip(); err != nil {
					return items
				}
				st = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case xml.EndElement:
			if t.Name.Local == "text" {
				flush()
			}
			if len(stack) > 0 {
				st = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if cur != nil {
				cur.text.Write(t)
			}
		}
	}
	flush()
	return items
}

// Bounds on SVG text set in the PDF: a label larger than a page, or placed
// beyond any page, is not drawn (see flush), and every number written is
// finite.
const (
	maxSVGTextSize = 1000    // points
	maxPagePoints  = 100_000 // points from the origin
)

// svgFinite reports whether every value is a finite number.
func svgFinite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e12 {
			return false
		}
	}
	return true
}

// apply takes the presentation attributes and style of element se.
func (st *svgState) apply(se xml.StartElement) {
	set := func(k, v string) {
		v = strings.TrimSpace(v)
		switch k {
		case "font-size":
			if f := picture.SVGLength(v); f > 0 {
				st.size = f
			}
		case "font-family":
			st.family = v
		case "font-weight":
			st.bold = v == "bold" || v == "bolder" || v >= "600" && v <= "999"
		case "fill":
			if c, ok := svgColor(v); ok {
				st.fill = c
			}
		case "text-anchor":
			st.anchor = v
		case "transform":
			st.m = mulMatrix(st.m, svgTransform(v))
		}
	}
	for _, a := range se.Attr {
		set(a.Name.Local, a.Value)
	}
	for _, decl := range strings.Split(svgAttr(se, "style"), ";") {
		if k, v, ok := strings.Cut(decl, ":"); ok {
			set(strings.TrimSpace(k), v)
		}
	}
}

func svgAttr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// svgTransform reads a transform list as a matrix.
func svgTransform(v string) [6]float64 {
	m := [6]float64{1, 0, 0, 1, 0, 0}
	for {
		open := strings.IndexByte(v, '(')
		end := strings.IndexByte(v, ')')
		if open < 0 || end < open {
			return m
		}
		name := strings.TrimSpace(strings.Trim(v[:open], ", "))
		var args []float64
		for _, f := range strings.FieldsFunc(v[open+1:end], func(r rune) bool { return r == ' ' || r == ',' }) {
			x, _ := strconv.ParseFloat(f, 64)
			args = append(args, x)
		}
		t := [6]float64{1, 0, 0, 1, 0, 0}
		switch {
		case name == "translate" && len(args) >= 1:
			t[4] = args[0]
			if len(args) > 1 {
				t[5] = args[1]
			}
		case name == "scale" && len(args) >= 1:
			t[0], t[3] = args[0], args[0]
			if len(args) > 1 {
				t[3] = args[1]
			}
		case name == "matrix" && len(args) == 6:
			copy(t[:], args)
		case name == "rotate" && len(args) >= 1 && args[0] != 0:
			a := args[0] * math.Pi / 180
			t = [6]float64{math.Cos(a), math.Sin(a), -math.Sin(a), math.Cos(a), 0, 0}
		}
		m = mulMatrix(m, t)
		v = v[end+1:]
	}
}

// mulMatrix returns m × t: t applied first.
func mulMatrix(m, t [6]float64) [6]float64 {
	return [6]float64{
		m[0]*t[0] + m[2]*t[1], m[1]*t[0] + m[3]*t[1],
		m[0]*t[2] + m[2]*t[3], m[1]*t[2] + m[3]*t[3],
		m[0]*t[4] + m[2]*t[5] + m[4], m[1]*t[4] + m[3]*t[5] + m[5],
	}
}

// svgColor reads a colour: #rgb, #rrggbb, rgb(r, g, b) or a few names.
func svgColor(v string) (RGB, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	hex := func(s string) (uint8, bool) {
		n, err := strconv.ParseUint(s, 16, 8)
		return uint8(n), err == nil
	}
	switch {
	case strings.HasPrefix(v, "#") && len(v) == 7:
		r, ok1 := hex(v[1:3])
		g, ok2 := hex(v[3:5])
		b, ok3 := hex(v[5:7])
		return RGB{r, g, b}, ok1 && ok2 && ok3
	case strings.HasPrefix(v, "#") && len(v) == 4:
		r, ok1 := hex(v[1:2] + v[1:2])
		g, ok2 := hex(v[2:3] + v[2:3])
		b, ok3 := hex(v[3:4] + v[3:4])
		return RGB{r, g, b}, ok1 && ok2 && ok3
	case strings.HasPrefix(v, "rgb(") && strings.HasSuffix(v, ")"):
		f := strings.Split(v[4:len(v)-1], ",")
		if len(f) != 3 {
			return RGB{}, false
		}
		var c [3]uint8
		for i := range f {
			n, err := strconv.Atoi(strings.TrimSpace(f[i]))
			if err != nil {
				return RGB{}, false
			}
			c[i] = uint8(max(0, min(n, 255)))
		}
		return RGB{c[0], c[1], c[2]}, true
	}
	named := map[string]RGB{"black": {}, "white": {255, 255, 255}, "red": {255, 0, 0}, "green": {0, 128, 0},
		"blue": {0, 0, 255}, "gray": {128, 128, 128}, "grey": {128, 128, 128}, "orange": {255, 165, 0}}
	c, ok := named[v]
	return c, ok
}
