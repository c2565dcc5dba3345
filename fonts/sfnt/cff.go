package sfnt

import (
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"sync"

	xsfnt "golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// OpenType fonts with PostScript (CFF) outlines are converted to TrueType
// outlines when a subset is made, because gopdf embeds only TrueType
// (glyf) outlines. x/image/font/sfnt reads the CFF charstrings (it gives
// each glyph as move, line and cubic segments); this file turns the
// cubics into quadratics, as fontTools' cu2qu does, and writes glyf data.

// cffFont is the x/image reader of a face with CFF outlines; it is safe
// for concurrent use, each caller with its own xsfnt.Buffer.
type cffFont struct {
	font *xsfnt.Font
}

// parseCFF reads the CFF outlines of face index of file (a single font
// when index is negative) and checks that the outlines of a few glyphs
// load, so that a font x/image cannot read is refused when the book names
// it, not when the book is written.
func parseCFF(file []byte, index, numGlyphs int) (*cffFont, error) {
	var xf *xsfnt.Font
	var err error
	if index < 0 {
		xf, err = xsfnt.Parse(file)
	} else {
		var c *xsfnt.Collection
		if c, err = xsfnt.ParseCollection(file); err == nil {
			xf, err = c.Font(index)
		}
	}
	if err == nil && xf.NumGlyphs() != numGlyphs {
		err = fmt.Errorf("%d glyphs in the CFF table, %d in maxp", xf.NumGlyphs(), numGlyphs)
	}
	if err == nil {
		var b xsfnt.Buffer
		for _, g := range []int{0, 1, numGlyphs / 2, numGlyphs - 1} {
			if g < numGlyphs {
				if _, err = xf.LoadGlyph(&b, xsfnt.GlyphIndex(g), fixed.I(1000), nil); err != nil {
					err = fmt.Errorf("glyph %d: %w", g, err)
					break
				}
			}
		}
	}
	if err != nil {
		return nil, errCFFConvert(err)
	}
	return &cffFont{font: xf}, nil
}

func errCFFConvert(err error) error {
	return errorf("has PostScript (CFF) outlines that cannot be read to convert them to TrueType outlines (%v): use the TrueType (.ttf) version of the font", err)
}

// tolerance is how far, in ems, a converted outline may be from the
// original: 1/1000 em, a tenth of a pixel at 100 pixels per em.
const tolerance = 1.0 / 1000

// point is a point of a TrueType outline, in font units, y up.
type point struct {
	x, y int32
	on   bool
}

// glyphConverter converts glyphs of one face; it reuses its buffers from
// glyph to glyph.
type glyphConverter struct {
	f      *cffFont
	upem   int
	tol    float64 // in font units
	buf    xsfnt.Buffer
	pts    []point
	ends   []int
	out    []byte
	flags  []byte
	xs, ys []byte
}

// glyphStats are what maxp says of a subset's glyphs.
type glyphStats struct {
	maxPoints, maxContours int
}

// convert returns glyph g as TrueType glyf data (nil for an empty glyph)
// and its left side bearing (its xMin).
func (c *glyphConverter) convert(g uint16, st *glyphStats) ([]byte, int16, error) {
	// At ppem = units per em, x/image gives coordinates in font units in
	// 26.6 fixed point, y down.
	segs, err := c.f.font.LoadGlyph(&c.buf, xsfnt.GlyphIndex(g), fixed.I(c.upem), nil)
	if err != nil {
		return nil, 0, errCFFConvert(fmt.Errorf("glyph %d: %w", g, err))
	}
	c.pts, c.ends = c.pts[:0], c.ends[:0]
	start := 0 // first point of the current contour
	var cur [2]float64
	add := func(x, y float64, on bool) {
		p := point{int32(math.Round(x)), int32(math.Round(-y)), on}
		// A point on the curve where the previous one already is adds
		// nothing (rounding or a zero-length line made it).
		if n := len(c.pts); on && n > start && c.pts[n-1] == p {
			return
		}
		c.pts = append(c.pts, p)
	}
	closeContour := func() {
		n := len(c.pts)
		// The closing line of a CFF contour is implicit in TrueType; a
		// last point on the first one is dropped.
		if n-start > 1 && c.pts[n-1] == c.pts[start] {
			c.pts = c.pts[:n-1]
			n--
		}
		if n-start < 2 {
			c.pts = c.pts[:start] // a lone point draws nothing
			return
		}
		// TrueType's outer contours run clockwise, CFF's counterclockwise:
		// reversed, so that renderers that care see the usual direction.
		for i, j := start+1, n-1; i < j; i, j = i+1, j-1 {
			c.pts[i], c.pts[j] = c.pts[j], c.pts[i]
		}
		c.ends = append(c.ends, n-1)
		start = n
	}
	fx := func(v fixed.Int26_6) float64 { return float64(v) / 64 }
	for _, s := range segs {
		switch s.Op {
		case xsfnt.SegmentOpMoveTo:
			if len(c.pts) > start {
				closeContour()
			}
			cur = [2]float64{fx(s.Args[0].X), fx(s.Args[0].Y)}
			add(cur[0], cur[1], true)
		case xsfnt.SegmentOpLineTo:
			cur = [2]float64{fx(s.Args[0].X), fx(s.Args[0].Y)}
			add(cur[0], cur[1], true)
		case xsfnt.SegmentOpQuadTo:
			add(fx(s.Args[0].X), fx(s.Args[0].Y), false)
			cur = [2]float64{fx(s.Args[1].X), fx(s.Args[1].Y)}
			add(cur[0], cur[1], true)
		case xsfnt.SegmentOpCubeTo:
			c0 := cur
			c1 := [2]float64{fx(s.Args[0].X), fx(s.Args[0].Y)}
			c2 := [2]float64{fx(s.Args[1].X), fx(s.Args[1].Y)}
			c3 := [2]float64{fx(s.Args[2].X), fx(s.Args[2].Y)}
			c.cubic(c0, c1, c2, c3, add)
			cur = c3
		}
	}
	if len(c.pts) > start {
		closeContour()
	}
	if len(c.ends) == 0 {
		return nil, 0, nil
	}
	if len(c.pts) > 0xFFFF || len(c.ends) > 0x7FFF {
		return nil, 0, errCFFConvert(fmt.Errorf("glyph %d has too many points for TrueType", g))
	}
	st.maxPoints = max(st.maxPoints, len(c.pts))
	st.maxContours = max(st.maxContours, len(c.ends))
	data := c.encode()
	return data, int16(binary.BigEndian.Uint16(data[2:])), nil
}

// cubic adds the quadratic curves that approximate the cubic Bézier curve
// c0 c1 c2 c3 within the tolerance (c0 is already added).
//
// It is the cu2qu method in closed form. The quadratic with control point
// q = (3(c1+c2) - c0 - c3)/4 differs from the cubic by
// 3t(1-t)(1-2t)·d/6 with d = c3 - 3c2 + 3c1 - c0, at most √3/36·|d|; cut
// into n pieces of equal parameter length, each piece's d is d/n³. So n is
// the smallest number of pieces that brings √3/36·|d|/n³ within the
// tolerance, and each piece is replaced by its quadratic.
func (c *glyphConverter) cubic(c0, c1, c2, c3 [2]float64, add func(x, y float64, on bool)) {
	dx := c3[0] - 3*c2[0] + 3*c1[0] - c0[0]
	dy := c3[1] - 3*c2[1] + 3*c1[1] - c0[1]
	errMax := math.Sqrt(3) / 36 * math.Sqrt(dx*dx+dy*dy)
	n := 1
	if errMax > c.tol {
		n = int(math.Ceil(math.Cbrt(errMax / c.tol)))
	}
	// The cubic in power form, evaluated at the ends of the pieces with
	// their derivatives, from which each piece's control points follow.
	var a, b, cc [2]float64
	for i := range 2 {
		cc[i] = 3 * (c1[i] - c0[i])
		b[i] = 3*(c2[i]-c1[i]) - cc[i]
		a[i] = c3[i] - c0[i] - cc[i] - b[i]
	}
	at := func(t float64) (p, d [2]float64) {
		for i := range 2 {
			p[i] = ((a[i]*t+b[i])*t+cc[i])*t + c0[i]
			d[i] = (3*a[i]*t+2*b[i])*t + cc[i]
		}
		return
	}
	h := 1 / float64(n)
	p0, d0 := at(0)
	for k := 1; k <= n; k++ {
		t := float64(k) * h
		p3, d3 := at(t)
		if k == n {
			p3 = c3
		}
		// The piece's cubic control points are p0 + d0·h/3 and
		// p3 - d3·h/3; its quadratic's control point as above.
		var q [2]float64
		for i := range 2 {
			q1 := p0[i] + d0[i]*h/3
			q2 := p3[i] - d3[i]*h/3
			q[i] = (3*(q1+q2) - p0[i] - p3[i]) / 4
		}
		add(q[0], q[1], false)
		add(p3[0], p3[1], true)
		p0, d0 = p3, d3
	}
}

// encode writes the points and contour ends as a simple glyph of the glyf
// table, its coordinates as deltas in the shortest form, runs of equal
// flags repeated.
func (c *glyphConverter) encode() []byte {
	const (
		onCurve  = 0x01
		xShort   = 0x02
		yShort   = 0x04
		repeat   = 0x08
		xSameOrP = 0x10
		ySameOrP = 0x20
	)
	xMin, yMin, xMax, yMax := c.pts[0].x, c.pts[0].y, c.pts[0].x, c.pts[0].y
	for _, p := range c.pts {
		xMin, xMax = min(xMin, p.x), max(xMax, p.x)
		yMin, yMax = min(yMin, p.y), max(yMax, p.y)
	}
	c.flags, c.xs, c.ys = c.flags[:0], c.xs[:0], c.ys[:0]
	var px, py int32
	rep := false // the last flag has a repeat count after it
	coord := func(d int32, short, same byte, buf []byte) (byte, []byte) {
		switch {
		case d == 0:
			return same, buf
		case d > -256 && d < 256:
			if d > 0 {
				return short | same, append(buf, byte(d))
			}
			return short, append(buf, byte(-d))
		}
		return 0, binary.BigEndian.AppendUint16(buf, uint16(int16(d)))
	}
	for _, p := range c.pts {
		var flag, fl byte
		if p.on {
			flag = onCurve
		}
		fl, c.xs = coord(p.x-px, xShort, xSameOrP, c.xs)
		flag |= fl
		fl, c.ys = coord(p.y-py, yShort, ySameOrP, c.ys)
		flag |= fl
		px, py = p.x, p.y
		// A flag equal to the previous one becomes a repeat count.
		switch n := len(c.flags); {
		case rep && c.flags[n-2]&^repeat == flag && c.flags[n-1] < 255:
			c.flags[n-1]++
		case !rep && n >= 1 && c.flags[n-1] == flag:
			c.flags[n-1] |= repeat
			c.flags = append(c.flags, 1)
			rep = true
		default:
			c.flags = append(c.flags, flag)
			rep = false
		}
	}
	out := c.out[:0]
	out = binary.BigEndian.AppendUint16(out, uint16(len(c.ends)))
	for _, v := range []int32{xMin, yMin, xMax, yMax} {
		out = binary.BigEndian.AppendUint16(out, uint16(int16(v)))
	}
	for _, e := range c.ends {
		out = binary.BigEndian.AppendUint16(out, uint16(e))
	}
	out = binary.BigEndian.AppendUint16(out, 0) // no instructions
	out = append(out, c.flags...)
	out = append(out, c.xs...)
	out = append(out, c.ys...)
	c.out = out
	return out
}

// subsetCFF returns the glyph tables of a subset of a face with CFF
// outlines (see glyphTables), its glyphs converted to TrueType outlines.
// Runs of glyphs are converted concurrently, one per core, each into its
// own slot, so the bytes do not depend on the number of cores.
func (f *Face) subsetCFF(glyphs []uint16) (map[string][]byte, error) {
	upem := f.metrics.UnitsPerEm
	type part struct {
		glyf    []byte
		offsets []int // end of each glyph in glyf
		lsb     []int16
		st      glyphStats
		err     error
	}
	n := max(1, min(runtime.GOMAXPROCS(0), len(glyphs)/256))
	parts := make([]part, n)
	var wg sync.WaitGroup
	for k := range parts {
		lo, hi := len(glyphs)*k/n, len(glyphs)*(k+1)/n
		wg.Go(func() {
			p := &parts[k]
			c := &glyphConverter{f: f.cff, upem: upem, tol: tolerance * float64(upem)}
			p.glyf = make([]byte, 0, 384*(hi-lo))
			for _, g := range glyphs[lo:hi] {
				data, l, err := c.convert(g, &p.st)
				if err != nil {
					p.err = err
					return
				}
				p.glyf = append(p.glyf, data...)
				for len(p.glyf)%4 != 0 {
					p.glyf = append(p.glyf, 0)
				}
				p.offsets = append(p.offsets, len(p.glyf))
				p.lsb = append(p.lsb, l)
			}
		})
	}
	wg.Wait()
	offsets := make([]int, 1, len(glyphs)+1)
	lsb := make([]int16, 0, len(glyphs))
	size := 0
	var st glyphStats
	for _, p := range parts {
		if p.err != nil {
			return nil, p.err
		}
		size += len(p.glyf)
		st.maxPoints, st.maxContours = max(st.maxPoints, p.st.maxPoints), max(st.maxContours, p.st.maxContours)
	}
	glyf := make([]byte, 0, size)
	for _, p := range parts {
		base := len(glyf)
		glyf = append(glyf, p.glyf...)
		for _, o := range p.offsets {
			offsets = append(offsets, base+o)
		}
		lsb = append(lsb, p.lsb...)
	}
	// maxp version 1.0, which TrueType outlines need (a CFF font has
	// version 0.5): the largest glyph, no instructions, no composites.
	maxp := make([]byte, 32)
	binary.BigEndian.PutUint32(maxp, 0x00010000)
	binary.BigEndian.PutUint16(maxp[6:], uint16(st.maxPoints))
	binary.BigEndian.PutUint16(maxp[8:], uint16(st.maxContours))
	binary.BigEndian.PutUint16(maxp[14:], 2) // maxZones
	return f.glyphTables(glyphs, glyf, offsets, lsb, maxp), nil
}
