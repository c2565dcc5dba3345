package sanitize

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
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
	Markup        []byte   // well-formed SVG markup, root element first, no XML declaration
	Width, Height float64  // natural size in CSS pixels, from width/height or the viewBox; 0 if unknown
	Dropped       []string // what was removed, for warnings ("<script>", "onload attribute")
}

// maxSVGDepth bounds element nesting, so hostile input cannot exhaust the stack
// of a writer that walks the SVG.
const maxSVGDepth = 256

// CleanSVG parses src as XML, checks that its root is an svg element, and
// rewrites it keeping only drawing elements and attributes: no scripts, no
// event handlers, no references outside the document, no foreign elements.
func CleanSVG(src []byte) (*SVG, error) {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	out := &SVG{}
	var buf bytes.Buffer
	dropped := map[string]bool{}
	depth, skip := 0, 0 // skip > 0 while inside a dropped element
	var open []string   // names of the open elements
	root := true
	usesXLink := false
	bareSVG := false // no xmlns on the root, as SVG inside HTML is written
	for {
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
				dropped["link <a>"] = true
				open = append(open, "")
				continue
			}
			if !inSVG || !svgElements[t.Name.Local] {
				dropped["<"+t.Name.Local+">"] = true
				skip = 1
				continue
			}
			depth++
			if depth > maxSVGDepth {
				return nil, errors.New("SVG elements are nested too deeply")
			}
			buf.WriteByte('<')
			buf.WriteString(t.Name.Local)
			if root {
				buf.WriteString(` xmlns="` + nsSVG + `"`)
			}
			for _, a := range t.Attr {
				name, ok := svgAttrName(a, dropped)
				if !ok {
					continue
				}
				if strings.HasPrefix(name, "xlink:") {
					usesXLink = true
				}
				buf.WriteByte(' ')
				buf.WriteString(name)
				buf.WriteString(`="`)
				xmlEscape(&buf, a.Value, true)
				buf.WriteByte('"')
			}
			if root {
				buf.WriteString("\x00XLINK\x00")
			}
			root = false
			open = append(open, t.Name.Local)
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
			depth--
			open = open[:len(open)-1]
			buf.WriteString("</")
			buf.WriteString(t.Name.Local)
			buf.WriteByte('>')
		case xml.CharData:
			if skip > 0 || root {
				continue
			}
			if len(open) > 0 && open[len(open)-1] == "style" && unsafeCSS(string(t)) {
				dropped["style sheet referring to outside resources"] = true
				continue
			}
			xmlEscape(&buf, string(t), false)
		}
	}
	if root {
		return nil, errors.New("no <svg> element")
	}
	xlink := ""
	if usesXLink {
		xlink = ` xmlns:xlink="` + nsXLink + `"`
	}
	out.Markup = bytes.Replace(buf.Bytes(), []byte("\x00XLINK\x00"), []byte(xlink), 1)
	for d := range dropped {
		out.Dropped = append(out.Dropped, d)
	}
	sort.Strings(out.Dropped)
	return out, nil
}

// svgAttrName returns the name to write for attribute a, or false when the
// attribute is dropped.
func svgAttrName(a xml.Attr, dropped map[string]bool) (string, bool) {
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
		dropped[a.Name.Local+" attribute"] = true
		return "", false
	case lower == "href":
		if !strings.HasPrefix(strings.TrimSpace(a.Value), "#") {
			dropped["reference to "+a.Value] = true
			return "", false
		}
	case lower == "style" && unsafeCSS(a.Value):
		dropped["style referring to outside resources"] = true
		return "", false
	}
	if a.Name.Space == "" && strings.Contains(local, ":") {
		return "", false
	}
	return local, true
}

// unsafeCSS reports CSS that fetches something outside the document.
func unsafeCSS(css string) bool {
	l := strings.ToLower(css)
	if strings.Contains(l, "@import") || strings.Contains(l, "expression(") {
		return true
	}
	for rest := l; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return false
		}
		rest = strings.TrimLeft(rest[i+4:], " \t\"'")
		if !strings.HasPrefix(rest, "#") {
			return true
		}
	}
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
		if err1 == nil && err2 == nil && vw > 0 && vh > 0 {
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
	if err != nil || v <= 0 {
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
