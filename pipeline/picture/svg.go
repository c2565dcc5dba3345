package picture

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/fyne-io/oksvg"
)

// MaxPDFShapes bounds the shapes of a drawing the PDF draws, counted with
// every <use> expanded, as the PDF draws them: one of more is not drawn (a
// warning at load, a placeholder in the PDF), so that a pathological
// drawing cannot make the PDF's content streams, and the viewer's work on
// every page turn, grow without bound.
const MaxPDFShapes = 10_000

// CheckSVG returns why the PDF cannot draw SVG markup, or nil. It reads
// the drawing as VectorSVG does, with every <use> expanded, so that what
// it passes VectorSVG draws, and what it refuses VectorSVG refuses with
// the same error.
func CheckSVG(markup []byte) error {
	_, _, err := readDrawing(markup)
	return err
}

// readDrawing reads markup as the PDF draws it (readExpanded), within
// MaxPDFShapes.
func readDrawing(markup []byte) (*oksvg.SvgIcon, *expanded, error) {
	icon, x, err := readExpanded(markup)
	if err != nil {
		return nil, nil, err
	}
	n := 0
	for i := range icon.SVGPaths {
		if _, ok := sentinelIndex(&icon.SVGPaths[i]); !ok {
			n++
		}
	}
	if n > MaxPDFShapes {
		return nil, nil, fmt.Errorf("it has %d shapes, more than the %d the PDF writer draws in one picture (every <use> expanded)", n, MaxPDFShapes)
	}
	return icon, x, nil
}

// readExpanded parses markup with oksvg as expand writes it.
func readExpanded(markup []byte) (*oksvg.SvgIcon, *expanded, error) {
	x, err := expand(markup)
	if err != nil {
		return nil, nil, err
	}
	i := 0
	fixed, err := newProbe().fixTokens(func() (xml.Token, error) {
		if i == len(x.tokens) {
			return nil, io.EOF
		}
		i++
		return x.tokens[i-1], nil
	})
	if err != nil {
		return nil, nil, err
	}
	icon, err := readFixed(fixed)
	return icon, x, err
}

func readFixed(fixed []byte) (icon *oksvg.SvgIcon, err error) {
	if gerr := guard(func() {
		icon, err = oksvg.ReadIconStream(bytes.NewReader(fixed), oksvg.IgnoreErrorMode)
	}); gerr != nil {
		return nil, gerr
	}
	if err != nil {
		return nil, fmt.Errorf("the SVG renderer cannot read it: %w", err)
	}
	return icon, nil
}

// guard runs fn, turning a panic of the renderer into an error: a drawing
// it chokes on is a placeholder in the PDF, not a crash.
func guard(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the SVG renderer failed: %v", r)
		}
	}()
	fn()
	return nil
}

// styleKeys are the properties oksvg reads and fails on when it cannot
// parse their value: one such value anywhere stops it reading the whole
// drawing ("param mismatch"). Other properties it ignores.
var styleKeys = map[string]bool{
	"fill": true, "stroke": true, "stroke-width": true, "stroke-miterlimit": true,
	"stroke-dashoffset": true, "stroke-dasharray": true, "opacity": true,
	"fill-opacity": true, "stroke-opacity": true, "transform": true,
	"stroke-linecap": true, "stroke-linejoin": true,
}

// probe rewrites SVG markup for oksvg, remembering its verdict on each
// declaration.
type probe struct {
	ok map[string]bool
}

func newProbe() *probe { return &probe{ok: map[string]bool{}} }

// reads reports whether oksvg reads a drawing without an error.
func reads(svg []byte) bool {
	return guard(func() {
		if _, err := oksvg.ReadIconStream(bytes.NewReader(svg), oksvg.IgnoreErrorMode); err != nil {
			panic(err)
		}
	}) == nil
}

// accepts reports whether oksvg reads the declaration k: v. It asks oksvg
// itself, on a drawing of one group, so that the rule is oksvg's own.
func (p *probe) accepts(k, v string) bool {
	key := k + ":" + v
	if ok, seen := p.ok[key]; seen {
		return ok
	}
	var b bytes.Buffer
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><g `)
	b.WriteString(k)
	b.WriteString(`="`)
	xml.EscapeText(&b, []byte(v))
	b.WriteString(`"/></svg>`)
	ok := reads(b.Bytes())
	p.ok[key] = ok
	return ok
}

// acceptsStyleSheet reports whether oksvg reads a <style> element's
// content (it reads class rules only, and fails on anything else).
func acceptsStyleSheet(css string) bool {
	var b bytes.Buffer
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><defs><style>`)
	xml.EscapeText(&b, []byte(css))
	b.WriteString(`</style></defs></svg>`)
	return reads(b.Bytes())
}

// fixTokens rewrites the drawing next returns, token by token, so that
// oksvg reads all of it: colours of CSS and
// SVG 2 it does not know are written as ones it does (transparent is
// none, rgba() and #rrggbbaa an rgb() colour with an opacity,
// currentColor the color property's value), and a declaration it still
// cannot read is dropped, as CSS ignores an invalid declaration. The
// presentation attributes and style declarations oksvg reads are written
// as one style attribute per element, in CSS's order (the style attribute
// wins). Two gaps of oksvg are worked around: a gradient's stop colour is
// read from attributes only, and a polyline of two points is not drawn.
func (p *probe) fixTokens(next func() (xml.Token, error)) ([]byte, error) {
	var out bytes.Buffer
	colors := []string{"black"} // the color property, inherited
	var names []string          // of the open elements, as written
	var styleText *strings.Builder
	for {
		tok, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("the SVG is not well-formed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			color := colors[len(colors)-1]
			var attrs []xml.Attr
			var decls [][2]string
			for _, a := range t.Attr {
				k := a.Name.Local
				switch {
				case a.Name.Space == "" && k == "style":
					for _, d := range strings.Split(a.Value, ";") {
						if dk, dv, ok := strings.Cut(d, ":"); ok {
							decls = append(decls, [2]string{strings.ToLower(strings.TrimSpace(dk)), strings.TrimSpace(dv)})
						}
					}
				case a.Name.Space == "" && styleKeys[k]:
					// Before the style attribute's, which win.
					decls = append([][2]string{{k, strings.TrimSpace(a.Value)}}, decls...)
				case a.Name.Space == "" && k == "color":
					color = a.Value
				default:
					attrs = append(attrs, a)
				}
			}
			if len(names) == 0 {
				// SVG's initial values where oksvg's differ (a stroke 2
				// wide, bevel joins); the drawing's own win.
				decls = append([][2]string{{"stroke-width", "1"}, {"stroke-linejoin", "miter"}}, decls...)
			}
			for _, d := range decls {
				if d[0] == "color" {
					color = d[1]
				}
			}
			if c, ok := p.color(color, "black"); ok {
				color = c.value
			} else {
				color = colors[len(colors)-1]
			}
			colors = append(colors, color)
			var style strings.Builder
			for _, d := range decls {
				k, v := d[0], d[1]
				if !styleKeys[k] {
					continue
				}
				var extra string
				if k == "fill" || k == "stroke" {
					c, ok := p.color(v, color)
					if !ok {
						continue
					}
					v = c.value
					if c.alpha < 1 {
						extra = k + "-opacity:" + strconv.FormatFloat(c.alpha, 'g', 4, 64)
					}
				}
				if k == "transform" {
					v = fixScale(v)
				}
				if strings.ContainsAny(v, ":;") || !p.accepts(k, v) {
					continue
				}
				style.WriteString(k + ":" + v + ";")
				if extra != "" {
					style.WriteString(extra + ";")
				}
			}
			if style.Len() > 0 {
				attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "style"}, Value: style.String()})
			}
			name := t.Name.Local
			switch name {
			case "stop":
				attrs = p.fixStop(attrs, decls, color)
			case "polyline":
				// oksvg skips a polyline of two points (a record's
				// divider in Graphviz): the same path draws.
				name = "path"
				attrs = polylinePath(attrs)
			case "rect":
				attrs = rectRadii(attrs)
			case "style":
				styleText = &strings.Builder{}
			}
			names = append(names, name)
			writeStart(&out, name, attrs)
		case xml.EndElement:
			colors = colors[:len(colors)-1]
			if styleText != nil {
				if css := styleText.String(); acceptsStyleSheet(css) {
					xml.EscapeText(&out, []byte(css))
				}
				styleText = nil
			}
			out.WriteString("</" + names[len(names)-1] + ">")
			names = names[:len(names)-1]
		case xml.CharData:
			if styleText != nil {
				styleText.Write(t)
				continue
			}
			xml.EscapeText(&out, t)
		}
	}
	return out.Bytes(), nil
}

// fixStop returns the attributes of a gradient's <stop>, whose colour and
// opacity oksvg reads from attributes only (Graphviz writes them in its
// style).
func (p *probe) fixStop(attrs []xml.Attr, decls [][2]string, current string) []xml.Attr {
	color, opacity := "", ""
	var out []xml.Attr
	for _, a := range attrs {
		switch {
		case a.Name.Space == "" && a.Name.Local == "stop-color":
			color = a.Value
		case a.Name.Space == "" && a.Name.Local == "stop-opacity":
			opacity = a.Value
		default:
			out = append(out, a)
		}
	}
	for _, d := range decls {
		switch d[0] {
		case "stop-color":
			color = d[1]
		case "stop-opacity":
			opacity = d[1]
		}
	}
	alpha := 1.0
	if opacity != "" {
		if a, err := alphaValue(strings.TrimSpace(opacity)); err == nil {
			alpha = a
		}
	}
	if color != "" {
		if c, ok := p.color(color, current); ok && c.value != "none" {
			out = append(out, xml.Attr{Name: xml.Name{Local: "stop-color"}, Value: c.value})
			alpha *= c.alpha
		} else if ok {
			alpha = 0 // transparent
		}
	}
	return append(out, xml.Attr{Name: xml.Name{Local: "stop-opacity"}, Value: strconv.FormatFloat(alpha, 'g', 4, 64)})
}

// rectRadii gives a rect with only rx or ry the other too: SVG rounds
// its corners by the one given, where oksvg draws square corners.
func rectRadii(attrs []xml.Attr) []xml.Attr {
	var rx, ry string
	for _, a := range attrs {
		switch a.Name.Local {
		case "rx":
			rx = a.Value
		case "ry":
			ry = a.Value
		}
	}
	switch {
	case rx != "" && ry == "":
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "ry"}, Value: rx})
	case ry != "" && rx == "":
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "rx"}, Value: ry})
	}
	return attrs
}

// polylinePath returns the attributes of a polyline as those of the same
// path.
func polylinePath(attrs []xml.Attr) []xml.Attr {
	var out []xml.Attr
	for _, a := range attrs {
		if a.Name.Space == "" && a.Name.Local == "points" {
			f := strings.FieldsFunc(a.Value, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
			var d strings.Builder
			for i := 0; i+1 < len(f); i += 2 {
				if i == 0 {
					d.WriteString("M")
				} else {
					d.WriteString(" L")
				}
				d.WriteString(f[i] + "," + f[i+1])
			}
			a = xml.Attr{Name: xml.Name{Local: "d"}, Value: d.String()}
		}
		out = append(out, a)
	}
	return out
}

// writeStart writes a start tag, its attributes named by their usual
// prefixes (encoding/xml's encoder would declare a namespace on every
// element instead).
func writeStart(out *bytes.Buffer, name string, attrs []xml.Attr) {
	out.WriteString("<" + name)
	for _, a := range attrs {
		n := a.Name.Local
		switch a.Name.Space {
		case "":
		case "xmlns":
			n = "xmlns:" + n
		case "http://www.w3.org/1999/xlink":
			n = "xlink:" + n
		case "http://www.w3.org/XML/1998/namespace":
			n = "xml:" + n
		default:
			continue
		}
		out.WriteString(" " + n + `="`)
		xml.EscapeText(out, []byte(a.Value))
		out.WriteString(`"`)
	}
	out.WriteString(">")
}

// svgColor is a colour as oksvg reads it, with the alpha it cannot say.
type svgColor struct {
	value string
	alpha float64
}

// color writes colour value v (current: the color property) as oksvg
// reads it; false when it is no colour.
func (p *probe) color(v, current string) (svgColor, bool) {
	v = strings.TrimSpace(v)
	l := strings.ToLower(v)
	switch {
	case l == "transparent":
		return svgColor{"none", 1}, true // CSS and SVG 2: rgba(0,0,0,0)
	case l == "currentcolor":
		return p.color(current, "black")
	case strings.HasPrefix(l, "url("):
		return svgColor{v, 1}, true
	case strings.HasPrefix(l, "#") && (len(l) == 9 || len(l) == 5):
		// #rrggbbaa, #rgba (CSS Color 4)
		rgb, a := l[:7], l[7:]
		if len(l) == 5 {
			rgb, a = l[:4], l[4:5]+l[4:5]
		}
		n, err := strconv.ParseUint(a, 16, 8)
		if err != nil || !p.accepts("fill", rgb) {
			return svgColor{}, false
		}
		return svgColor{rgb, float64(n) / 255}, true
	case (strings.HasPrefix(l, "rgba(") || strings.HasPrefix(l, "rgb(")) && strings.HasSuffix(l, ")"):
		args := strings.FieldsFunc(l[strings.IndexByte(l, '(')+1:len(l)-1], func(r rune) bool { return r == ',' || r == ' ' || r == '/' })
		if len(args) != 3 && len(args) != 4 {
			return svgColor{}, false
		}
		c := svgColor{"rgb(" + strings.Join(args[:3], ",") + ")", 1}
		if len(args) == 4 {
			a, err := alphaValue(args[3])
			if err != nil {
				return svgColor{}, false
			}
			c.alpha = a
		}
		return c, p.accepts("fill", c.value)
	}
	return svgColor{v, 1}, p.accepts("fill", v)
}

// alphaValue reads an alpha: a number or a percentage, clamped to 0..1.
func alphaValue(s string) (float64, error) {
	d := 1.0
	if strings.HasSuffix(s, "%") {
		s, d = strings.TrimSuffix(s, "%"), 100
	}
	a, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(a) {
		return 0, fmt.Errorf("bad alpha %q", s)
	}
	return max(0, min(a/d, 1)), nil
}

// fixScale writes each scale(s) of a transform list as scale(s s): oksvg
// reads scale(s) as scale(s, 0), which flattens the drawing.
func fixScale(v string) string {
	var b strings.Builder
	for {
		i := strings.Index(v, "scale(")
		if i < 0 {
			b.WriteString(v)
			return b.String()
		}
		end := strings.IndexByte(v[i:], ')')
		if end < 0 {
			b.WriteString(v)
			return b.String()
		}
		end += i
		args := strings.FieldsFunc(v[i+len("scale("):end], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
		b.WriteString(v[:i])
		if len(args) == 1 {
			b.WriteString("scale(" + args[0] + " " + args[0] + ")")
		} else {
			b.WriteString(v[i : end+1])
		}
		v = v[end+1:]
	}
}
