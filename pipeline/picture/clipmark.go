package picture

import (
	"math"
	"strconv"
	"strings"

	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
)

// clipOutline is a clip path in the drawing's user space.
type clipOutline struct {
	outline []byte
	evenodd bool // clip-rule
}

// markerUse is a marker drawn at a vertex: its shapes, the transform of
// their space to the drawing's, and the rectangle they are clipped to
// in their space (nil when the marker's overflow is visible).
type markerUse struct {
	m     rasterx.Matrix2D
	paths []vectorPath
	clip  *[4]float64
}

// clipShape is a shape of a clip path, in the clip path's space.
type clipShape struct {
	path    rasterx.Path
	m       rasterx.Matrix2D
	evenodd bool
}

type pending struct {
	path, elem int
	outline    rasterx.Path
}

// resolver ties oksvg's paths to the elements expand recorded (see the
// sentinels in expand.go) and, once all are read, gives the shapes their
// clip paths and markers.
type resolver struct {
	x           *expanded
	cur         int
	groupM      map[int]rasterx.Matrix2D
	clipShapes  map[string][]clipShape
	markerPaths map[string][]vectorPath
	pending     []pending
}

func newResolver(x *expanded) *resolver {
	return &resolver{x: x, cur: -1, groupM: map[int]rasterx.Matrix2D{},
		clipShapes: map[string][]clipShape{}, markerPaths: map[string][]vectorPath{}}
}

// next reads one of oksvg's paths: a sentinel (false), a shape of a
// clip path (kept, false), or a path to draw with what is known of its
// element.
func (r *resolver) next(p *oksvg.SvgPath) (elemInfo, bool) {
	if k, ok := sentinelIndex(p); ok && k < len(r.x.elems) {
		r.cur = k
		if r.x.elems[k].kind == kindGroup {
			r.groupM[k] = pathMatrix(p)
		}
		return elemInfo{}, false
	}
	if r.cur < 0 || r.x.elems[r.cur].kind == kindGroup {
		return elemInfo{}, true
	}
	info := r.x.elems[r.cur]
	if info.kind == kindClipChild {
		r.clipShapes[info.owner] = append(r.clipShapes[info.owner], clipShape{p.Path, pathMatrix(p), info.evenodd})
		return elemInfo{}, false
	}
	return info, true
}

// sentinelIndex returns the element index a sentinel path holds.
func sentinelIndex(p *oksvg.SvgPath) (int, bool) {
	if len(p.Path) != 3 || rasterx.PathCommand(p.Path[0]) != rasterx.PathMoveTo || p.Path[2] != sentinelY*64 {
		return 0, false
	}
	if f, s := paints(p); f != nil || s != nil {
		return 0, false
	}
	k := int(p.Path[1]) / 64
	return k, int(p.Path[1])%64 == 0 && k >= 0
}

// resolve gives the paths their clips and markers, and drops those
// clipped by an empty clip path.
func (r *resolver) resolve(paths []vectorPath) []vectorPath {
	drop := map[int]bool{}
	for _, pd := range r.pending {
		vp := &paths[pd.path]
		info := r.x.elems[pd.elem]
		for _, c := range info.clips {
			m := vp.m
			if c.elem != pd.elem {
				gm, ok := r.groupM[c.elem]
				if !ok {
					continue
				}
				m = gm
			}
			if r.x.clips[c.id].bbox {
				if c.elem != pd.elem {
					continue // a group's bounding box: not drawn clipped
				}
				bb := pathBounds(pd.outline)
				m = m.Translate(bb[0], bb[1]).Scale(bb[2]-bb[0], bb[3]-bb[1])
			}
			kids := r.clipShapes[c.id]
			if len(kids) == 0 {
				drop[pd.path] = true
				break
			}
			co := clipOutline{evenodd: true}
			for _, k := range kids {
				co.outline = append(co.outline, outline(k.path, m.Mult(k.m))...)
				co.evenodd = co.evenodd && k.evenodd
			}
			vp.clips = append(vp.clips, co)
		}
		if info.markers != [3]string{} {
			vp.markers = r.markers(info.markers, pd.outline, vp)
		}
	}
	if len(drop) == 0 {
		return paths
	}
	out := paths[:0]
	for i := range paths {
		if !drop[i] {
			out = append(out, paths[i])
		}
	}
	return out
}

// markers returns the markers drawn on path, whose marker-start, -mid
// and -end are ids.
func (r *resolver) markers(ids [3]string, path rasterx.Path, vp *vectorPath) []markerUse {
	vs := vertices(path)
	if len(vs) == 0 {
		return nil
	}
	var out []markerUse
	for i, id := range ids {
		def, ok := r.x.markers[id]
		paths := r.markerPaths[id]
		if id == "" || !ok || len(paths) == 0 {
			continue
		}
		var at []vertex
		switch i {
		case 0:
			at = vs[:1]
		case 1:
			if len(vs) > 2 {
				at = vs[1 : len(vs)-1]
			}
		case 2:
			at = vs[len(vs)-1:]
		}
		for _, v := range at {
			mu := def.place(v, i == 0, vp)
			mu.paths = paths
			out = append(out, mu)
		}
	}
	return out
}

// place returns the marker drawn at v.
func (def markerDef) place(v vertex, start bool, vp *vectorPath) markerUse {
	angle := 0.0
	switch o := strings.TrimSpace(def.orient); o {
	case "auto", "auto-start-reverse":
		angle = v.angle()
		if start && o == "auto-start-reverse" {
			angle += math.Pi
		}
	default:
		deg, err := strconv.ParseFloat(strings.TrimSuffix(o, "deg"), 64)
		if err == nil && !math.IsNaN(deg) {
			angle = deg * math.Pi / 180
		}
	}
	m := vp.m.Translate(v.x, v.y).Rotate(angle)
	if !def.userSpace {
		m = m.Scale(vp.width, vp.width)
	}
	sx, sy := 1.0, 1.0
	clip := [4]float64{0, 0, def.width, def.height}
	if vb := def.viewBox; vb != nil {
		sx, sy = def.width/vb[2], def.height/vb[3]
		if !def.stretch {
			sx = min(sx, sy)
			sy = sx
		}
		// The viewport, in the viewBox's units, centred on it.
		w, h := def.width/sx, def.height/sy
		clip = [4]float64{vb[0] - (w-vb[2])/2, vb[1] - (h-vb[3])/2, w, h}
	}
	m = m.Scale(sx, sy).Translate(-def.refX, -def.refY)
	mu := markerUse{m: m}
	if !def.visible {
		mu.clip = &clip
	}
	return mu
}

// vertex is a point of a path where a marker can stand, with the
// directions (radians) of the segments into and out of it.
type vertex struct {
	x, y          float64
	in, out       float64
	hasIn, hasOut bool
}

// angle is the direction a marker with orient="auto" points to: the
// bisector of the segments in and out.
func (v vertex) angle() float64 {
	switch {
	case v.hasIn && v.hasOut:
		return math.Atan2(math.Sin(v.in)+math.Sin(v.out), math.Cos(v.in)+math.Cos(v.out))
	case v.hasIn:
		return v.in
	case v.hasOut:
		return v.out
	}
	return 0
}

// vertices returns the vertices of a rasterx path, in order.
func vertices(p rasterx.Path) []vertex {
	var vs []vertex
	pt := func(i int) (float64, float64) { return float64(p[i]) / 64, float64(p[i+1]) / 64 }
	// dir returns the direction from (x0, y0) to the first of the
	// points given that differs from it.
	dir := func(x0, y0 float64, pts ...float64) (float64, bool) {
		for i := 0; i+1 < len(pts); i += 2 {
			if dx, dy := pts[i]-x0, pts[i+1]-y0; dx != 0 || dy != 0 {
				return math.Atan2(dy, dx), true
			}
		}
		return 0, false
	}
	start := -1 // index in vs of the subpath's first vertex
	// to ends a segment from the last vertex at (x, y), leaving it in
	// direction out and arriving in direction in.
	to := func(x, y, out, in float64, ok bool) {
		last := &vs[len(vs)-1]
		if ok {
			last.out, last.hasOut = out, true
		}
		vs = append(vs, vertex{x: x, y: y, in: in, hasIn: ok})
	}
	for i := 0; i < len(p); {
		switch rasterx.PathCommand(p[i]) {
		case rasterx.PathMoveTo:
			if i+2 >= len(p) {
				return vs
			}
			x, y := pt(i + 1)
			start = len(vs)
			vs = append(vs, vertex{x: x, y: y})
			i += 3
		case rasterx.PathLineTo:
			if i+2 >= len(p) || start < 0 {
				return vs
			}
			l := vs[len(vs)-1]
			x, y := pt(i + 1)
			d, ok := dir(l.x, l.y, x, y)
			to(x, y, d, d, ok)
			i += 3
		case rasterx.PathQuadTo:
			if i+4 >= len(p) || start < 0 {
				return vs
			}
			l := vs[len(vs)-1]
			qx, qy := pt(i + 1)
			x, y := pt(i + 3)
			out, ok := dir(l.x, l.y, qx, qy, x, y)
			in, _ := dir(x, y, qx, qy, l.x, l.y)
			to(x, y, out, in+math.Pi, ok)
			i += 5
		case rasterx.PathCubicTo:
			if i+6 >= len(p) || start < 0 {
				return vs
			}
			l := vs[len(vs)-1]
			x1, y1 := pt(i + 1)
			x2, y2 := pt(i + 3)
			x, y := pt(i + 5)
			out, ok := dir(l.x, l.y, x1, y1, x2, y2, x, y)
			in, _ := dir(x, y, x2, y2, x1, y1, l.x, l.y)
			to(x, y, out, in+math.Pi, ok)
			i += 7
		case rasterx.PathClose:
			if start < 0 {
				return vs
			}
			l, s := vs[len(vs)-1], vs[start]
			if d, ok := dir(l.x, l.y, s.x, s.y); ok {
				to(s.x, s.y, d, d, true)
			}
			// The closing vertex turns into the subpath's first
			// segment; so does its start.
			first := &vs[start]
			last := &vs[len(vs)-1]
			if first.hasOut && len(vs)-1 != start {
				last.out, last.hasOut = first.out, true
				first.in, first.hasIn = last.in, last.hasIn
			}
			i++
		default:
			return vs
		}
	}
	return vs
}
