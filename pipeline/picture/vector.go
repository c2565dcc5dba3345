package picture

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
)

// Drawing is the shapes of an SVG drawing as PDF path operators, so that
// the PDF draws them as vectors: sharp at any zoom and in print, and far
// cheaper to make than a 300 dpi raster (a Graphviz diagram took 0.9 s
// and 108 MB to rasterise). The drawing is read by oksvg, the same
// reader CheckSVG asks, so that what it accepts is what is drawn; its
// text is set by the layout (see layout/svg.go).
type Drawing struct {
	// ViewBox is the user space shown: x, y, width, height.
	ViewBox [4]float64
	paths   []vectorPath
}

// vectorPath is one shape: its outline in its own user space, with the
// transform to the drawing's and its paint.
type vectorPath struct {
	outline []byte // m l c h operators
	m       rasterx.Matrix2D
	fill    *color.NRGBA
	stroke  *color.NRGBA
	// fillAlpha and strokeAlpha include the colour's own alpha.
	fillAlpha, strokeAlpha float64
	width, miter           float64
	dash                   []float64
	dashOffset             float64
	cap, join              int // PDF's J and j
	// grad is the fill's gradient, nil for a plain colour (fill then
	// holds its first stop's colour, for stroking and the tests).
	grad *gradient
	// evenodd is SVG's fill-rule.
	evenodd bool
	// clips are the outlines it is drawn inside, in the drawing's user
	// space; markers are drawn over it.
	clips   []clipOutline
	markers []markerUse
}

// VectorSVG reads SVG markup into a Drawing; it fails where CheckSVG
// does, with the same error.
func VectorSVG(markup []byte) (*Drawing, error) {
	icon, x, err := readDrawing(markup)
	if err != nil {
		return nil, err
	}
	d := &Drawing{ViewBox: [4]float64{icon.ViewBox.X, icon.ViewBox.Y, icon.ViewBox.W, icon.ViewBox.H}}
	r := newResolver(x)
	for i := range icon.SVGPaths {
		p := &icon.SVGPaths[i]
		info, ok := r.next(p)
		if !ok {
			continue
		}
		fill, stroke := paints(p)
		vp := vectorPath{
			outline:     outline(p.Path, rasterx.Identity),
			m:           pathMatrix(p),
			fill:        fill,
			stroke:      stroke,
			fillAlpha:   clamp01(p.FillOpacity),
			strokeAlpha: clamp01(p.LineOpacity),
			width:       p.LineWidth,
			miter:       max(p.MiterLimit, 1),
			dash:        p.Dash,
			dashOffset:  p.DashOffset,
			cap:         capStyle(p.LineCap),
			join:        joinStyle(p.LineJoin),
			evenodd:     info.evenodd,
		}
		if len(vp.outline) == 0 {
			continue
		}
		if fill == nil && stroke == nil && info.markers == [3]string{} {
			continue
		}
		if fill != nil {
			vp.grad = fillGradient(p)
		}
		if fill != nil {
			vp.fillAlpha *= float64(fill.A) / 255
		}
		if stroke != nil {
			vp.strokeAlpha *= float64(stroke.A) / 255
		}
		if info.kind == kindMarkerChild {
			r.markerPaths[info.owner] = append(r.markerPaths[info.owner], vp)
			continue
		}
		d.paths = append(d.paths, vp)
		r.pending = append(r.pending, pending{len(d.paths) - 1, r.cur, p.Path})
	}
	d.paths = r.resolve(d.paths)
	return d, nil
}

// paints returns the fill and stroke colours of p, nil for none. oksvg
// keeps them in unexported fields (a colour or a gradient) and its getters
// answer black for none, so they are read by reflection; a gradient is
// drawn in its first stop's colour, as oksvg's own getter gives it. A
// test (TestVectorPaints) fails if oksvg renames the fields.
func paints(p *oksvg.SvgPath) (fill, stroke *color.NRGBA) {
	v := reflect.ValueOf(&p.PathStyle).Elem()
	get := func(field string, c color.Color) *color.NRGBA {
		f := v.FieldByName(field)
		if !f.IsValid() || f.IsNil() {
			return nil
		}
		n := color.NRGBAModel.Convert(c).(color.NRGBA)
		return &n
	}
	return get("fillerColor", p.GetFillColor()), get("linerColor", p.GetLineColor())
}

// pathMatrix returns the transform of p's user space, which oksvg keeps in
// an unexported field (see paints).
func pathMatrix(p *oksvg.SvgPath) rasterx.Matrix2D {
	f := reflect.ValueOf(&p.PathStyle).Elem().FieldByName("mAdder")
	if !f.IsValid() {
		return rasterx.Identity
	}
	m := f.FieldByName("M")
	if !m.IsValid() || m.NumField() != 6 {
		return rasterx.Identity
	}
	var out [6]float64
	for i := range out {
		out[i] = m.Field(i).Float()
	}
	return rasterx.Matrix2D{A: out[0], B: out[1], C: out[2], D: out[3], E: out[4], F: out[5]}
}

// capStyle returns PDF's line cap for one of rasterx's (functions, told
// apart by their address).
func capStyle(c rasterx.CapFunc) int {
	if c == nil {
		return 0
	}
	switch reflect.ValueOf(c).Pointer() {
	case reflect.ValueOf(rasterx.RoundCap).Pointer():
		return 1
	case reflect.ValueOf(rasterx.SquareCap).Pointer():
		return 2
	}
	return 0
}

// joinStyle returns PDF's line join for one of rasterx's.
func joinStyle(j rasterx.JoinMode) int {
	switch j {
	case rasterx.Round, rasterx.Arc, rasterx.ArcClip:
		return 1
	case rasterx.Bevel:
		return 2
	}
	return 0
}

func clamp01(f float64) float64 {
	if math.IsNaN(f) {
		return 1
	}
	return max(0, min(f, 1))
}

// outline writes a rasterx path, transformed by m, as PDF path
// construction operators. PDF has no quadratic curve: one is written as
// the cubic it is.
func outline(p rasterx.Path, m rasterx.Matrix2D) []byte {
	var b []byte
	pt := func(i int) (float64, float64) { return float64(p[i]) / 64, float64(p[i+1]) / 64 }
	if m != rasterx.Identity {
		pt = func(i int) (float64, float64) { return m.Transform(float64(p[i])/64, float64(p[i+1])/64) }
	}
	var cx, cy, sx, sy float64
	open := false
	for i := 0; i < len(p); {
		switch rasterx.PathCommand(p[i]) {
		case rasterx.PathMoveTo:
			if i+2 >= len(p) {
				return b
			}
			cx, cy = pt(i + 1)
			sx, sy = cx, cy
			b = appendNums(b, cx, cy)
			b = append(b, "m\n"...)
			open = true
			i += 3
		case rasterx.PathLineTo:
			if i+2 >= len(p) || !open {
				return b
			}
			cx, cy = pt(i + 1)
			b = appendNums(b, cx, cy)
			b = append(b, "l\n"...)
			i += 3
		case rasterx.PathQuadTo:
			if i+4 >= len(p) || !open {
				return b
			}
			qx, qy := pt(i + 1)
			x, y := pt(i + 3)
			b = appendNums(b, cx+2*(qx-cx)/3, cy+2*(qy-cy)/3, x+2*(qx-x)/3, y+2*(qy-y)/3, x, y)
			b = append(b, "c\n"...)
			cx, cy = x, y
			i += 5
		case rasterx.PathCubicTo:
			if i+6 >= len(p) || !open {
				return b
			}
			x1, y1 := pt(i + 1)
			x2, y2 := pt(i + 3)
			cx, cy = pt(i + 5)
			b = appendNums(b, x1, y1, x2, y2, cx, cy)
			b = append(b, "c\n"...)
			i += 7
		case rasterx.PathClose:
			if open {
				b = append(b, "h\n"...)
			}
			cx, cy = sx, sy
			i++
		default:
			return b // not a path rasterx writes
		}
	}
	return b
}

// appendNums writes numbers separated and followed by a space, with at
// most four decimals.
func appendNums(b []byte, v ...float64) []byte {
	for _, f := range v {
		f = math.Round(f*1e4) / 1e4
		if f == 0 {
			f = 0 // no "-0"
		}
		b = strconv.AppendFloat(b, f, 'f', -1, 64)
		b = append(b, ' ')
	}
	return b
}

// Content writes the operators that draw d into the rectangle at x, y
// (from the page's top left), w × h points, of a page ph points high: the
// viewBox scaled uniformly and centred (preserveAspectRatio's default, as
// layout/svg.go places the drawing's text), clipped to the rectangle. gs
// names the graphics state that sets the fill and stroke opacities given,
// for shapes that are not opaque.
func (d *Drawing) Content(b *bytes.Buffer, x, y, w, h, ph float64, gs func(fill, stroke float64) string) {
	vb := d.ViewBox
	if vb[2] <= 0 || vb[3] <= 0 || len(d.paths) == 0 {
		return
	}
	s := min(w/vb[2], h/vb[3])
	ox := x + (w-vb[2]*s)/2 - vb[0]*s
	oy := y + (h-vb[3]*s)/2 - vb[1]*s
	var n []byte
	n = append(n, "q\n"...)
	n = appendNums(n, x, ph-y-h, w, h)
	n = append(n, "re W n\n"...)
	// User space, y down, to PDF's, y up.
	n = appendNums(n, s, 0, 0, -s, ox, ph-oy)
	n = append(n, "cm\n"...)
	b.Write(n)
	for i := range d.paths {
		d.paths[i].draw(b, gs)
	}
	b.WriteString("Q\n")
}

// draw writes p inside its clip paths, with its markers.
func (p *vectorPath) draw(b *bytes.Buffer, gs func(fill, stroke float64) string) {
	if len(p.clips) > 0 {
		b.WriteString("q\n")
		for _, c := range p.clips {
			b.Write(c.outline)
			if c.evenodd {
				b.WriteString("W* n\n")
			} else {
				b.WriteString("W n\n")
			}
		}
	}
	p.content(b, gs)
	for _, mu := range p.markers {
		n := append([]byte("q\n"), appendNums(nil, mu.m.A, mu.m.B, mu.m.C, mu.m.D, mu.m.E, mu.m.F)...)
		n = append(n, "cm\n"...)
		if mu.clip != nil {
			n = appendNums(n, mu.clip[0], mu.clip[1], mu.clip[2], mu.clip[3])
			n = append(n, "re W n\n"...)
		}
		b.Write(n)
		for i := range mu.paths {
			mu.paths[i].content(b, gs)
		}
		b.WriteString("Q\n")
	}
	if len(p.clips) > 0 {
		b.WriteString("Q\n")
	}
}

func (p *vectorPath) content(b *bytes.Buffer, gs func(fill, stroke float64) string) {
	var n []byte
	n = append(n, "q\n"...)
	m := p.m
	if m != rasterx.Identity {
		n = appendNums(n, m.A, m.B, m.C, m.D, m.E, m.F)
		n = append(n, "cm\n"...)
	}
	fa, sa := 1.0, 1.0
	if p.fill != nil {
		fa = p.fillAlpha
		n = appendNums(n, float64(p.fill.R)/255, float64(p.fill.G)/255, float64(p.fill.B)/255)
		n = append(n, "rg\n"...)
	}
	if p.stroke != nil {
		sa = p.strokeAlpha
		n = appendNums(n, float64(p.stroke.R)/255, float64(p.stroke.G)/255, float64(p.stroke.B)/255)
		n = append(n, "RG\n"...)
		n = appendNums(n, p.width)
		n = append(n, fmt.Sprintf("w %d J %d j ", p.cap, p.join)...)
		n = appendNums(n, p.miter)
		n = append(n, "M\n"...)
		if dash := p.dashes(); dash != nil {
			n = append(n, '[')
			n = appendNums(n, dash...)
			n = append(n, ']', ' ')
			n = appendNums(n, p.dashOffset)
			n = append(n, "d\n"...)
		}
	}
	if fa < 1 || sa < 1 {
		n = append(n, gs(fa, sa)...)
		n = append(n, " gs\n"...)
	}
	if p.grad != nil {
		// The gradient is painted inside the outline, which is then
		// stroked on its own.
		n = append(n, "q\n"...)
		n = append(n, p.outline...)
		n = append(n, p.op("W n", "W* n")...)
		b.Write(n)
		p.grad.content(b, p.fillAlpha, sa, gs)
		n = append(n[:0], "Q\n"...)
		if p.stroke != nil && p.width > 0 {
			n = append(n, p.outline...)
			n = append(n, "S\n"...)
		}
		n = append(n, "Q\n"...)
		b.Write(n)
		return
	}
	n = append(n, p.outline...)
	switch {
	case p.fill != nil && p.stroke != nil && p.width > 0:
		n = append(n, p.op("B", "B*")...)
	case p.fill != nil:
		n = append(n, p.op("f", "f*")...)
	case p.stroke != nil && p.width > 0:
		n = append(n, "S\n"...)
	default:
		n = append(n, "n\n"...)
	}
	n = append(n, "Q\n"...)
	b.Write(n)
}

// op returns the operator that fills by nonzero, or by evenodd when the
// path's fill-rule says so, and a newline.
func (p *vectorPath) op(nonzero, evenodd string) string {
	if p.evenodd {
		return evenodd + "\n"
	}
	return nonzero + "\n"
}

// dashes returns the dash array PDF is given: SVG repeats a list of odd
// length twice, and a list that is all zeros, or has a negative value,
// draws a solid line.
func (p *vectorPath) dashes() []float64 {
	if len(p.dash) == 0 {
		return nil
	}
	sum := 0.0
	for _, v := range p.dash {
		if v < 0 || math.IsNaN(v) {
			return nil
		}
		sum += v
	}
	if sum == 0 {
		return nil
	}
	if len(p.dash)%2 == 1 {
		return append(append([]float64(nil), p.dash...), p.dash...)
	}
	return p.dash
}

// SVGUndrawn returns what SVG markup uses that the PDF does not draw,
// each once: "filter" (a blur, a drop shadow: PDF paths cannot express
// one, and oksvg, which reads the drawing, ignores it), "mask", and
// "pattern" (a fill or stroke painted by a <pattern>, which the PDF paints
// with the paint's fallback colour or not at all, see withoutPatterns).
// The PDF draws the shapes without them, and the book's loader warns.
func SVGUndrawn(markup []byte) []string {
	var filter, mask bool
	patterns := map[string]bool{}
	var paints []string // the ids fills and strokes refer to
	paint := func(k, v string) {
		if k = strings.ToLower(strings.TrimSpace(k)); k == "fill" || k == "stroke" {
			if id, _ := paintURL(v); id != "" {
				paints = append(paints, id)
			}
		}
	}
	used := func(v string) bool { v = strings.TrimSpace(v); return v != "" && v != "none" }
	dec := xml.NewDecoder(bytes.NewReader(markup))
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "filter":
				filter = filter || used(a.Value)
			case "mask":
				mask = mask || used(a.Value)
			case "id":
				if se.Name.Local == "pattern" {
					patterns[strings.TrimSpace(a.Value)] = true
				}
			case "style":
				for _, d := range strings.Split(a.Value, ";") {
					k, v, _ := strings.Cut(d, ":")
					switch strings.ToLower(strings.TrimSpace(k)) {
					case "filter":
						filter = filter || used(v)
					case "mask":
						mask = mask || used(v)
					}
					paint(k, v)
				}
			default:
				paint(a.Name.Local, a.Value)
			}
		}
	}
	var out []string
	if filter {
		out = append(out, "filter")
	}
	if mask {
		out = append(out, "mask")
	}
	for _, id := range paints {
		if patterns[id] {
			out = append(out, "pattern")
			break
		}
	}
	return out
}
