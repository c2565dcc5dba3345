package picture

import (
	"bytes"
	"image/color"
	"math"
	"reflect"

	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
)

// gradient is an SVG gradient fill, in the user space of its path.
//
// It is painted as bands of solid colour inside the path's outline (256
// across the gradient, finer than a print shows), not as a PDF shading:
// a shading is a resource of the page, which gopdf has no way to declare
// and which the drawing's operators, appended to the page's content
// stream, cannot carry. Bands are paths too: vector, sharp at any size.
type gradient struct {
	radial bool
	// m maps the gradient's space (where points are given) to the
	// path's user space: the bounding box for objectBoundingBox units,
	// then gradientTransform.
	m rasterx.Matrix2D
	// x1, y1, x2, y2 for a linear gradient; cx, cy, fx, fy, r for a
	// radial one.
	pts   [5]float64
	stops []gradStop
	// bbox is the path's bounding box, where the bands must reach.
	bbox [4]float64
}

type gradStop struct {
	offset  float64
	c       [3]float64
	opacity float64
}

// bands is how many bands of colour a gradient is painted in.
const bands = 256

// fillGradient returns p's fill gradient, or nil when it fills with a
// colour. oksvg keeps it in an unexported field (see paints): it is read
// field by field, which reflection allows where Interface does not.
func fillGradient(p *oksvg.SvgPath) *gradient {
	f := reflect.ValueOf(&p.PathStyle).Elem().FieldByName("fillerColor")
	if !f.IsValid() || f.IsNil() {
		return nil
	}
	v := f.Elem()
	if v.Type() != reflect.TypeOf(rasterx.Gradient{}) {
		return nil
	}
	g := &gradient{radial: v.FieldByName("IsRadial").Bool(), m: rasterx.Identity}
	for i := range g.pts {
		g.pts[i] = v.FieldByName("Points").Index(i).Float()
	}
	gm := v.FieldByName("Matrix")
	m := rasterx.Matrix2D{A: gm.Field(0).Float(), B: gm.Field(1).Float(), C: gm.Field(2).Float(),
		D: gm.Field(3).Float(), E: gm.Field(4).Float(), F: gm.Field(5).Float()}
	stops := v.FieldByName("Stops")
	for i := 0; i < stops.Len(); i++ {
		s := stops.Index(i)
		c, ok := colorOf(s.FieldByName("StopColor"))
		if !ok {
			return nil
		}
		g.stops = append(g.stops, gradStop{offset: s.FieldByName("Offset").Float(), c: c,
			opacity: clamp01(s.FieldByName("Opacity").Float())})
	}
	if len(g.stops) == 0 {
		return nil
	}
	g.bbox = pathBounds(p.Path)
	if rasterx.GradientUnits(v.FieldByName("Units").Uint()) == rasterx.ObjectBoundingBox {
		bb := g.bbox
		g.m = rasterx.Identity.Translate(bb[0], bb[1]).Scale(max(bb[2]-bb[0], 1e-9), max(bb[3]-bb[1], 1e-9)).Mult(m)
	} else {
		g.m = m
	}
	return g
}

// colorOf reads a colour held in an interface value oksvg set: the
// colour types of image/color, read by their fields.
func colorOf(v reflect.Value) ([3]float64, bool) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return [3]float64{}, false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return [3]float64{}, false
	}
	r, g, b, a := v.FieldByName("R"), v.FieldByName("G"), v.FieldByName("B"), v.FieldByName("A")
	if !r.IsValid() || !g.IsValid() || !b.IsValid() {
		return [3]float64{}, false
	}
	scale := 255.0
	if r.Kind() == reflect.Uint16 {
		scale = 65535
	}
	c := [3]float64{float64(r.Uint()) / scale, float64(g.Uint()) / scale, float64(b.Uint()) / scale}
	// color.RGBA is premultiplied.
	if a.IsValid() && (v.Type() == reflect.TypeOf(color.RGBA{}) || v.Type() == reflect.TypeOf(color.RGBA64{})) {
		if al := float64(a.Uint()) / scale; al > 0 {
			c = [3]float64{c[0] / al, c[1] / al, c[2] / al}
		}
	}
	return c, true
}

// pathBounds returns the bounding box of a path's points (control points
// included: enough for the bands to cover it).
func pathBounds(p rasterx.Path) [4]float64 {
	bb := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	add := func(i int) {
		x, y := float64(p[i])/64, float64(p[i+1])/64
		bb = [4]float64{min(bb[0], x), min(bb[1], y), max(bb[2], x), max(bb[3], y)}
	}
	for i := 0; i < len(p); {
		n := 0
		switch rasterx.PathCommand(p[i]) {
		case rasterx.PathMoveTo, rasterx.PathLineTo:
			n = 1
		case rasterx.PathQuadTo:
			n = 2
		case rasterx.PathCubicTo:
			n = 3
		case rasterx.PathClose:
		default:
			i = len(p)
			continue
		}
		if i+2*n >= len(p) {
			break
		}
		for k := 0; k < n; k++ {
			add(i + 1 + 2*k)
		}
		i += 1 + 2*n
	}
	if bb[0] > bb[2] {
		return [4]float64{}
	}
	return bb
}

// at returns the colour and opacity at t along the stops (SVG's pad:
// the end stops' colours beyond them).
func (g *gradient) at(t float64) ([3]float64, float64) {
	s := g.stops
	if t <= s[0].offset {
		return s[0].c, s[0].opacity
	}
	for i := 1; i < len(s); i++ {
		if t <= s[i].offset {
			a, b := s[i-1], s[i]
			f := 0.0
			if b.offset > a.offset {
				f = (t - a.offset) / (b.offset - a.offset)
			}
			var c [3]float64
			for k := range c {
				c[k] = a.c[k] + f*(b.c[k]-a.c[k])
			}
			return c, a.opacity + f*(b.opacity-a.opacity)
		}
	}
	last := s[len(s)-1]
	return last.c, last.opacity
}

// content paints the gradient over the current clip (the path's outline),
// in the path's user space; alpha is the fill's opacity, strokeAlpha the
// stroke's (kept in the graphics states set).
func (g *gradient) content(b *bytes.Buffer, alpha, strokeAlpha float64, gs func(fill, stroke float64) string) {
	var n []byte
	n = append(n, "q\n"...)
	n = appendNums(n, g.m.A, g.m.B, g.m.C, g.m.D, g.m.E, g.m.F)
	n = append(n, "cm\n"...)
	// Far enough, in the gradient's space, to cover the path: its
	// bounding box's diagonal brought back through the inverse map.
	inv := g.m.Invert()
	reach := 1.0
	for _, c := range [][2]float64{{g.bbox[0], g.bbox[1]}, {g.bbox[2], g.bbox[1]}, {g.bbox[0], g.bbox[3]}, {g.bbox[2], g.bbox[3]}} {
		x, y := inv.Transform(c[0], c[1])
		reach = max(reach, math.Abs(x), math.Abs(y))
	}
	reach = 4*reach + 1
	lastA := -1.0
	paint := func(t float64) {
		c, op := g.at(t)
		if a := math.Round(alpha*op*1000) / 1000; a != lastA {
			if a < 1 || lastA >= 0 && lastA < 1 || strokeAlpha < 1 {
				n = append(n, gs(a, strokeAlpha)...)
				n = append(n, " gs\n"...)
			}
			lastA = a
		}
		n = appendNums(n, c[0], c[1], c[2])
		n = append(n, "rg\n"...)
	}
	if !g.radial {
		x1, y1, x2, y2 := g.pts[0], g.pts[1], g.pts[2], g.pts[3]
		dx, dy := x2-x1, y2-y1
		if math.Hypot(dx, dy) < 1e-9 {
			paint(1)
			n = appendNums(n, -reach, -reach, 2*reach, 2*reach)
			n = append(n, "re f\n"...)
		} else {
			// Along the axis: t from 0 to 1 is x1, y1 to x2, y2.
			n = appendNums(n, dx, dy, -dy, dx, x1, y1)
			n = append(n, "cm\n"...)
			l := math.Hypot(dx, dy)
			far := reach / l * 2
			paint(0)
			n = appendNums(n, -far, -far, far, 2*far)
			n = append(n, "re f\n"...)
			for i := 0; i < bands; i++ {
				t0, t1 := float64(i)/bands, float64(i+1)/bands
				paint((t0 + t1) / 2)
				// A hair wider than its band: no seam between two.
				n = appendNums(n, t0, -far, t1-t0+0.5/bands, 2*far)
				n = append(n, "re f\n"...)
			}
			paint(1)
			n = appendNums(n, 1, -far, far, 2*far)
			n = append(n, "re f\n"...)
		}
	} else {
		cx, cy, fx, fy, r := g.pts[0], g.pts[1], g.pts[2], g.pts[3], g.pts[4]
		paint(1)
		n = appendNums(n, -reach, -reach, 2*reach, 2*reach)
		n = append(n, "re f\n"...)
		// Circles from the outside in, each over the last: the
		// centre moves from the circle's to the focus as t goes to 0.
		for i := bands; i > 0; i-- {
			t := float64(i) / bands
			paint(t - 0.5/bands)
			x, y := fx+t*(cx-fx), fy+t*(cy-fy)
			n = appendCircle(n, x, y, t*r)
			n = append(n, "f\n"...)
		}
	}
	n = append(n, "Q\n"...)
	b.Write(n)
}

// appendCircle writes a circle as four Bézier curves.
func appendCircle(n []byte, x, y, r float64) []byte {
	const k = 0.5522847498
	n = appendNums(n, x+r, y)
	n = append(n, "m\n"...)
	n = appendNums(n, x+r, y+k*r, x+k*r, y+r, x, y+r)
	n = append(n, "c\n"...)
	n = appendNums(n, x-k*r, y+r, x-r, y+k*r, x-r, y)
	n = append(n, "c\n"...)
	n = appendNums(n, x-r, y-k*r, x-k*r, y-r, x, y-r)
	n = append(n, "c\n"...)
	n = appendNums(n, x+k*r, y-r, x+r, y-k*r, x+r, y)
	n = append(n, "c h\n"...)
	return n
}
