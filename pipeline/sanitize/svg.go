package sanitize

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	nsSVG   = "http://www.w3.org/2000/svg"
	nsXLink = "http://www.w3.org/1999/xlink"
	nsXML   = "http://www.w3.org/XML/1998/namespace"
)

// svgElements are the SVG elements kept; everything else is dropped with its
// content. script and foreignObject run code or embed HTML; image and
// feImage would reference files outside the SVG. An a element is
// unwrapped: its content kept, the link dropped.
var svgElements = map[string]bool{
	"svg": true, "g": true, "defs": true, "desc": true, "title": true, "symbol": true,
	"use": true, "switch": true, "path": true, "rect": true, "circle": true,
	"ellipse": true, "line": true, "polyline": true, "polygon": true, "text": true,
	"tspan": true, "textPath": true, "marker": true, "pattern": true, "clipPath": true,
	"mask": true, "linearGradient": true, "radialGradient": true, "stop": true,
	"style": true, "filter": true, "feBlend": true, "feColorMatrix": true,
	"feComponentTransfer": true, "feComposite": true, "feConvolveMatrix": true,
	"feDiffuseLighting": true, "feDisplacementMap": true, "feFlood": true,
	"feGaussianBlur": true, "feMerge": true, "feMergeNode": true, "feMorphology": true,
	"feOffset": true, "feSpecularLighting": true, "feTile": true, "feTurbulence": true,
	"feDistantLight": true, "fePointLight": true, "feSpotLight": true, "feFuncR": true,
	"feFuncG": true, "feFuncB": true, "feFuncA": true, "feDropShadow": true,
}

// SVG is a sanitised SVG document.
type SVG struct {
	Markup        []byte  // well-formed SVG markup, root element first, no XML declaration
	Width, Height float64 // natural size in CSS pixels, from width/height or the viewBox; 0 if unknown
	Dropped       []Drop  // what was removed, for warnings, each kind once, in document order
}

// Drop is one thing the cleaner removed and where it first was.
type Drop struct {
	Line, Col int    // in the SVG source, from 1
	What      string // "<script>", "onload attribute", "url(...) in the style sheet"
}

func (d Drop) String() string {
	return fmt.Sprintf("%s (line %d, column %d of the SVG)", d.What, d.Line, d.Col)
}

// Limits of an SVG drawing, counted with every <use> expanded, so that a
// renderer walking it (the PDF's, a reading system's) does a bounded
// amount of work: a use that refers to an element containing it would
// never end, and uses of uses multiply ("billion laughs").
// The PDF's reader of drawings (pipeline/picture) expands <use> with the
// same limits and reports them with the same errors.
const (
	// MaxSVGDepth bounds element nesting, so hostile input cannot
	// exhaust the stack of a writer that walks the SVG.
	MaxSVGDepth = 256
	// MaxSVGElements bounds the elements of one drawing: ten times a
	// large Graphviz diagram, some 100 MB to draw.
	MaxSVGElements = 100_000
)

// The errors of a drawing over the limits.
var (
	ErrSVGElements = fmt.Errorf("the drawing has more than %d elements with every <use> expanded, the limit of one drawing", MaxSVGElements)
	ErrSVGDepth    = errors.New("SVG elements are nested too deeply with every <use> expanded")
)

// svgElem is what the cleaner remembers of a kept element to check the
// references between them.
type svgElem struct {
	offset   int64
	children []int
	use      string   // the id a <use> refers to
	refs     []string // every other #id it refers to (href, url(#id))
}

// CleanSVG parses src as XML, checks that its root is an svg element, and
// rewrites it keeping only drawing elements and attributes: no scripts, no
// event handlers, no references outside the document, no foreign elements,
// and CSS (style sheets, style attributes, presentation attributes) that
// fetches nothing (CleanCSS). It refuses a drawing whose references form a
// cycle, or that has more than MaxSVGElements elements or is nested more
// than 256 deep once every <use> is expanded.
func CleanSVG(src []byte) (*SVG, error) {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	out := &SVG{}
	var buf bytes.Buffer
	dropped := map[string]bool{}
	drop := func(off int64, what string) {
		if !dropped[what] {
			dropped[what] = true
			l, c := lineCol(src, off)
			out.Dropped = append(out.Dropped, Drop{l, c, what})
		}
	}
	depth, skip := 0, 0 // skip > 0 while inside a dropped element
	var open []string   // names of the open elements
	var elems []svgElem
	var stack []int // elems of the open kept elements
	ids := map[string]int{}
	root := true
	usesXLink := false
	bareSVG := false // no xmlns on the root, as SVG inside HTML is written
	var sheet strings.Builder
	var sheetOff int64
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("SVG is not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			if root {
				if t.Name.Local != "svg" || (t.Name.Space != nsSVG && t.Name.Space != "") {
					return nil, fmt.Errorf("the root element is <%s>, not <svg>", t.Name.Local)
				}
				out.Width, out.Height = svgSize(t.Attr)
				bareSVG = t.Name.Space == ""
			}
			inSVG := t.Name.Space == nsSVG || (bareSVG && t.Name.Space == "")
			if inSVG && t.Name.Local == "a" && !root {
				// A link (Graphviz wraps a node with a URL or a
				// tooltip in one): its drawing is kept, the link is
				// not.
				drop(off, "link <a>")
				open = append(open, "")
				continue
			}
			if !inSVG || !svgElements[t.Name.Local] || (len(open) > 0 && open[len(open)-1] == "style") {
				drop(off, "<"+t.Name.Local+">")
				skip = 1
				continue
			}
			depth++
			if depth > MaxSVGDepth {
				return nil, errors.New("SVG elements are nested too deeply")
			}
			if len(elems) >= MaxSVGElements {
				return nil, fmt.Errorf("the drawing has more than %d elements, the limit of one drawing", MaxSVGElements)
			}
			e := svgElem{offset: off}
			buf.WriteByte('<')
			buf.WriteString(t.Name.Local)
			if root {
				buf.WriteString(` xmlns="` + nsSVG + `"`)
			}
			for _, a := range t.Attr {
				name, ok := svgAttrName(a, func(what string) { drop(off, what) })
				if !ok {
					continue
				}
				val := a.Value
				switch {
				case name == "id":
					if _, dup := ids[val]; !dup {
						ids[val] = len(elems)
					}
				case name == "href" || name == "xlink:href":
					if t.Name.Local == "use" {
						e.use = strings.TrimSpace(val)[1:]
					} else {
						e.refs = append(e.refs, strings.TrimSpace(val)[1:])
					}
				default:
					if name == "style" || strings.ContainsAny(val, "(\\@") {
						clean, bad := CleanCSS(val)
						for _, d := range bad {
							drop(off, fmt.Sprintf("%s in the %s attribute", d, name))
						}
						if name == "style" || strings.Contains(val, "\\") {
							val = clean
						} else if len(bad) > 0 {
							val = ""
						}
						if strings.TrimSpace(val) == "" {
							continue
						}
						e.refs = append(e.refs, fragmentRefs(val)...)
					}
				}
				if strings.HasPrefix(name, "xlink:") {
					usesXLink = true
				}
				buf.WriteByte(' ')
				buf.WriteString(name)
				buf.WriteString(`="`)
				xmlEscape(&buf, val, true)
				buf.WriteByte('"')
			}
			if root {
				buf.WriteString("\x00XLINK\x00")
			}
			root = false
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				elems[p].children = append(elems[p].children, len(elems))
			}
			stack = append(stack, len(elems))
			elems = append(elems, e)
			open = append(open, t.Name.Local)
			if t.Name.Local == "style" {
				sheet.Reset()
				sheetOff = dec.InputOffset()
			}
			buf.WriteByte('>')
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if open[len(open)-1] == "" { // an <a>, unwrapped
				open = open[:len(open)-1]
				continue
			}
			if open[len(open)-1] == "style" {
				// The whole style sheet at once: a comment or a CDATA
				// section can split a word between XML tokens.
				clean, bad := CleanCSS(sheet.String())
				for _, d := range bad {
					drop(sheetOff, d+" in the style sheet")
				}
				e := &elems[stack[len(stack)-1]]
				e.refs = append(e.refs, fragmentRefs(clean)...)
				xmlEscape(&buf, clean, false)
			}
			depth--
			open = open[:len(open)-1]
			stack = stack[:len(stack)-1]
			buf.WriteString("</")
			buf.WriteString(t.Name.Local)
			buf.WriteByte('>')
		case xml.CharData:
			if skip > 0 || root {
				continue
			}
			if len(open) > 0 && open[len(open)-1] == "style" {
				sheet.Write(t)
				continue
			}
			xmlEscape(&buf, string(t), false)
		}
	}
	if root {
		return nil, errors.New("no <svg> element")
	}
	if err := checkExpansion(src, elems, ids); err != nil {
		return nil, err
	}
	xlink := ""
	if usesXLink {
		xlink = ` xmlns:xlink="` + nsXLink + `"`
	}
	out.Markup = bytes.Replace(buf.Bytes(), []byte("\x00XLINK\x00"), []byte(xlink), 1)
	return out, nil
}

// checkExpansion refuses references that form a cycle (a <use> of an
// element that contains it, directly or through other uses, gradients or
// patterns) and a drawing that, with every <use> expanded, has more than
// MaxSVGElements elements or is nested more than MaxSVGDepth deep. Each
// element is visited once: its expanded size and depth are remembered.
func checkExpansion(src []byte, elems []svgElem, ids map[string]int) error {
	const (
		unvisited = iota
		visiting
		done
	)
	state := make([]uint8, len(elems))
	size := make([]int, len(elems))
	height := make([]int, len(elems))
	var visit func(i int) error
	follow := func(i int, id string) (int, bool, error) {
		j, ok := ids[id]
		if !ok {
			return 0, false, nil // a reference to nothing draws nothing
		}
		switch state[j] {
		case visiting:
			l, c := lineCol(src, elems[i].offset)
			return 0, false, fmt.Errorf("line %d, column %d: the reference to #%s makes a cycle (the element refers to itself, or to an element that contains it): the drawing would never end", l, c, id)
		case unvisited:
			if err := visit(j); err != nil {
				return 0, false, err
			}
		}
		return j, true, nil
	}
	visit = func(i int) error {
		state[i] = visiting
		n, h := 1, 0
		for _, id := range elems[i].refs {
			if _, _, err := follow(i, id); err != nil {
				return err
			}
		}
		if elems[i].use != "" {
			j, ok, err := follow(i, elems[i].use)
			if err != nil {
				return err
			}
			if ok {
				n += size[j]
				h = max(h, height[j])
			}
		}
		for _, c := range elems[i].children {
			if state[c] == unvisited {
				if err := visit(c); err != nil {
					return err
				}
			}
			n += size[c]
			h = max(h, height[c])
		}
		size[i], height[i] = min(n, MaxSVGElements+1), h+1
		if size[i] > MaxSVGElements {
			return ErrSVGElements
		}
		if height[i] > MaxSVGDepth {
			return ErrSVGDepth
		}
		state[i] = done
		return nil
	}
	for i := range elems {
		if state[i] == unvisited {
			if err := visit(i); err != nil {
				return err
			}
		}
	}
	return nil
}

// fragmentRefs returns the ids that the url(#id) of CSS text name.
func fragmentRefs(css string) []string {
	var ids []string
	for rest := css; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return ids
		}
		rest = strings.TrimLeft(rest[i+4:], " \t\"'")
		if id, ok := strings.CutPrefix(rest, "#"); ok {
			end := strings.IndexAny(id, " \t\"')")
			if end < 0 {
				end = len(id)
			}
			ids = append(ids, id[:end])
		}
	}
}

// lineCol returns the line and column (in characters, from 1) of byte
// offset off of src.
func lineCol(src []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(src)))
	before := src[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, utf8.RuneCount(before) + 1
}

// svgAttrName returns the name to write for attribute a, or false when the
// attribute is dropped (and reported to drop when that is worth a warning).
func svgAttrName(a xml.Attr, drop func(string)) (string, bool) {
	local := a.Name.Local
	switch a.Name.Space {
	case "":
		if a.Name.Local == "xmlns" {
			return "", false // written by us
		}
	case "xmlns":
		return "", false // namespace declarations are rewritten
	case nsXML:
		if local == "space" || local == "lang" {
			return "xml:" + local, true
		}
		return "", false
	case nsXLink:
		if local != "href" && local != "title" {
			return "", false
		}
		local = "xlink:" + local
	default:
		return "", false // attributes of editors such as Inkscape
	}
	lower := strings.ToLower(a.Name.Local)
	switch {
	case strings.HasPrefix(lower, "on"):
		drop(a.Name.Local + " attribute")
		return "", false
	case lower == "href":
		if v := strings.TrimSpace(a.Value); !strings.HasPrefix(v, "#") || len(v) == 1 {
			drop("reference to " + a.Value)
			return "", false
		}
	}
	if a.Name.Space == "" && strings.Contains(local, ":") {
		return "", false
	}
	return local, true
}

// svgSize reads the natural size of an SVG from its root attributes.
func svgSize(attrs []xml.Attr) (w, h float64) {
	var vb string
	for _, a := range attrs {
		switch a.Name.Local {
		case "width":
			w = cssLength(a.Value)
		case "height":
			h = cssLength(a.Value)
		case "viewBox":
			vb = a.Value
		}
	}
	if f := strings.FieldsFunc(vb, func(r rune) bool { return r == ' ' || r == ',' }); len(f) == 4 {
		vw, err1 := strconv.ParseFloat(f[2], 64)
		vh, err2 := strconv.ParseFloat(f[3], 64)
		if err1 == nil && err2 == nil && vw > 0 && vh > 0 && vw <= 1e6 && vh <= 1e6 && vw/vh < 1e6 && vh/vw < 1e6 {
			switch {
			case w == 0 && h == 0:
				w, h = vw, vh
			case w == 0:
				w = h * vw / vh
			case h == 0:
				h = w * vh / vw
			}
		}
	}
	return w, h
}

// cssLength converts an SVG length to CSS pixels; percentages and unknown
// units give 0.
func cssLength(s string) float64 {
	s = strings.TrimSpace(s)
	scale := 1.0
	for _, u := range cssUnits {
		if strings.HasSuffix(s, u.name) {
			s, scale = strings.TrimSuffix(s, u.name), u.px
			break
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	// A size past any page (width="1e308in" is Inf pixels) is taken as
	// unknown: writers multiply it.
	if err != nil || v <= 0 || v*scale > 1e6 {
		return 0
	}
	return v * scale
}

var cssUnits = [...]struct {
	name string
	px   float64
}{{"px", 1}, {"pt", 96.0 / 72}, {"pc", 16}, {"mm", 96 / 25.4}, {"cm", 96 / 2.54}, {"in", 96}}

// xmlEscape writes s escaped for XML text or, when attr is set, for a
// double-quoted attribute value.
func xmlEscape(b *bytes.Buffer, s string, attr bool) {
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"' && attr:
			b.WriteString("&quot;")
		case (r == '\n' || r == '\t' || r == '\r') && attr:
			fmt.Fprintf(b, "&#%d;", r)
		case r < 0x20 && r != '\n' && r != '\t' && r != '\r', r == 0xFFFE, r == 0xFFFF:
			// not allowed in XML 1.0: dropped
		default:
			b.WriteRune(r)
		}
	}
}
