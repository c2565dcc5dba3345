package fonts

import (
	"strings"

	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifregular"
)

// The text of SVG drawings names its faces by CSS family lists, and the
// program that drew the picture measured its boxes with them: Graphviz
// writes "Times,serif" and sizes a node to Times' widths. Set in the
// book's body face, which is wider, labels overran their boxes. The
// Liberation faces have the metrics of Times New Roman, Arial and Courier
// New, each character as wide: a generic or well-known family is set in
// the one that matches (SVGRuns), characters they lack (Chinese) in the
// book's body chain. They are parsed with the set, and a PDF embeds them
// only when a drawing sets text in them.

// svgGeneric is a CSS generic family a Liberation face stands for.
type svgGeneric int

const (
	svgNone svgGeneric = iota
	svgSerif
	svgSans
	svgMono
)

// svgFamilies maps family names, lower case, to the generic whose
// Liberation face has their metrics.
var svgFamilies = map[string]svgGeneric{
	"serif": svgSerif, "times": svgSerif, "times new roman": svgSerif, "times-roman": svgSerif, "liberation serif": svgSerif,
	"sans-serif": svgSans, "arial": svgSans, "helvetica": svgSans, "liberation sans": svgSans,
	"monospace": svgMono, "courier": svgMono, "courier new": svgMono, "liberation mono": svgMono,
}

// svgGenericOf returns the generic of a CSS font-family list: that of the
// first family it knows, in order.
func svgGenericOf(list string) svgGeneric {
	for _, f := range strings.Split(list, ",") {
		f = strings.ToLower(strings.Trim(strings.TrimSpace(f), `"'`))
		if g, ok := svgFamilies[f]; ok {
			return g
		}
	}
	return svgNone
}

// loadSVGFaces parses the Liberation faces, after the book's: their ids
// come last, whatever the book's fonts.
func (l *loader) loadSVGFaces() {
	fams := [...]builtinFamily{
		svgSerif: {"Liberation Serif", [NumStyles][]byte{Regular: liberationserifregular.TTF, Bold: liberationserifbold.TTF}},
		svgSans:  {"Liberation Sans", [NumStyles][]byte{Regular: liberationsansregular.TTF, Bold: liberationsansbold.TTF}},
		svgMono:  {"Liberation Mono", [NumStyles][]byte{Regular: liberationmonoregular.TTF, Bold: liberationmonobold.TTF}},
	}
	for g := svgSerif; g <= svgMono; g++ {
		l.set.svg[g] = l.builtin(fams[g])
	}
}

// SVGRuns splits text of an SVG drawing, in CSS font-family list family
// and style, into runs: in the Liberation face that has the family's
// metrics where it has the characters, else as the body role's chain sets
// them.
func (s *Set) SVGRuns(family string, style Style, text string) []Run {
	runs := s.Runs(Body, style, text)
	g := svgGenericOf(family)
	if g == svgNone || s.svg[g] == nil {
		return runs
	}
	lib := s.svg[g].Face(style)
	var out []Run
	add := func(f *Face, start, end int) {
		if n := len(out); n > 0 && out[n-1].Face == f && out[n-1].End == start {
			out[n-1].End = end
			out[n-1].Text = text[out[n-1].Start:end]
			return
		}
		out = append(out, Run{Face: f, Start: start, End: end, Text: text[start:end]})
	}
	for _, r := range runs {
		for i, c := range r.Text {
			f := r.Face
			if lib.Has(c) && s.class(c) == plain {
				f = lib
			}
			start := r.Start + i
			add(f, start, start+len(string(c)))
		}
	}
	return out
}
