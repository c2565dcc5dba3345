package picture

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"

	"github.com/gobook/ebook/pipeline/doc"
)

// InlineSVG returns the image of SVG markup written in a chapter (inline
// SVG is already sanitised and well-formed), sized by its width and
// height, or its viewBox, in CSS pixels, and checked as an SVG file is
// (Check): the book's loader makes it once, keeps it on the node
// (doc.Node.Image) and warns where the PDF cannot draw it, and the layout
// draws it or its placeholder. Nil when the markup has no <svg> root.
func InlineSVG(markup string) *doc.Asset {
	root, ok := ReadSVGRoot(markup)
	if !ok {
		return nil
	}
	w, h := root.Width, root.Height
	if w <= 0 || h <= 0 {
		if root.ViewBox[2] > 0 && root.ViewBox[3] > 0 {
			w, h = root.ViewBox[2], root.ViewBox[3]
		} else {
			w, h = 300, 150 // CSS's default object size
		}
	}
	a := &doc.Asset{Path: "inline.svg", MediaType: "image/svg+xml", Data: []byte(markup), Width: int(w + 0.5), Height: int(h + 0.5)}
	if err := CheckSVG(a.Data); err != nil {
		a.NoPDF = err.Error()
	}
	return a
}

// SVGRoot is what the <svg> element says of a drawing's size.
type SVGRoot struct {
	Width, Height float64    // 0 when not given (or a percentage)
	ViewBox       [4]float64 // x, y, width, height; zero if none
}

// ReadSVGRoot reads the attributes of the <svg> element; false when the
// markup's first element is not one.
func ReadSVGRoot(markup string) (SVGRoot, bool) {
	dec := xml.NewDecoder(strings.NewReader(markup))
	for {
		tok, err := dec.Token()
		if err != nil {
			return SVGRoot{}, false
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != "svg" {
				return SVGRoot{}, false
			}
			var r SVGRoot
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "width":
					r.Width = SVGLength(a.Value)
				case "height":
					r.Height = SVGLength(a.Value)
				case "viewBox":
					if f := strings.FieldsFunc(a.Value, func(r rune) bool { return r == ' ' || r == ',' }); len(f) == 4 {
						for i := range f {
							r.ViewBox[i], _ = strconv.ParseFloat(f[i], 64)
						}
					}
				}
			}
			return r, true
		}
	}
}

// SVGLength reads a length in user units (px and pt are taken as such; a
// percentage or an em is not supported and gives 0).
func SVGLength(v string) float64 {
	v = strings.TrimSpace(v)
	if f := strings.Fields(strings.ReplaceAll(v, ",", " ")); len(f) > 0 {
		v = f[0] // a list of positions: the first
	}
	v = strings.TrimSuffix(strings.TrimSuffix(v, "px"), "pt")
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}
