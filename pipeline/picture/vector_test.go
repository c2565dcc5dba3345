package picture

import (
	"bytes"
	"strings"
	"testing"
)

// TestVectorPaints reads drawings into PDF operators: paint, none, strokes
// with their width, caps, joins and dashes, transforms, opacity (which
// names a graphics state), SVG's initial values where oksvg's differ, and
// the viewBox placed and clipped. It also fails if oksvg renames the
// unexported fields VectorSVG reads (see paints).
func TestVectorPaints(t *testing.T) {
	tests := []struct {
		name string
		svg  string
		want []string // lines of the content, in order
		not  []string
	}{
		{"fill only", `<rect x="1" y="2" width="3" height="4" fill="#ff0000"/>`,
			[]string{"1 0 0 rg", "1 2 m", "4 2 l", "f"}, []string{"RG", " S", "gs"}},
		{"none", `<rect width="3" height="4" fill="none" stroke="blue" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>`,
			[]string{"0 0 1 RG", "2 w 1 J 1 j 4 M", "S"}, []string{"rg\n"}},
		{"initial stroke", `<line x1="0" y1="0" x2="5" y2="0" stroke="black"/>`,
			[]string{"1 w 0 J 0 j 4 M", "B"}, nil},
		{"dash odd", `<line x1="0" y1="0" x2="5" y2="0" stroke="black" stroke-dasharray="5,2,1" stroke-dashoffset="1"/>`,
			[]string{"[5 2 1 5 2 1 ] 1 d", "B"}, nil},
		{"transform", `<g transform="translate(10 20) scale(2)"><rect width="1" height="1"/></g>`,
			[]string{"2 0 0 2 10 20 cm", "f"}, nil},
		{"opacity", `<rect width="1" height="1" fill="rgba(0,0,255,0.5)" stroke="red" stroke-opacity="0.25"/>`,
			[]string{"/GS[0.5 0.25] gs", "B"}, nil},
		{"curve", `<circle cx="5" cy="5" r="5"/>`, []string{" c", "f"}, nil},
		// rx alone rounds the corners by rx both ways (they were square).
		{"rounded rect", `<rect x="0" y="0" width="10" height="6" rx="2"/>`, []string{"2 0 m", " c", "f"}, nil},
		// A gradient is painted in bands inside its path, from its
		// first stop's colour through the middle to its last's; it
		// was drawn flat in its first stop's colour.
		// A pattern is not drawn: what it paints is painted with the
		// paint's fallback colour, or not at all; oksvg painted it
		// black.
		{"pattern fill", `<defs><pattern id="p" width="4" height="4"><circle r="1" fill="red"/></pattern></defs><rect width="3" height="4" fill="url(#p)" stroke="blue"/>`,
			[]string{"0 0 1 RG", "S"}, []string{"rg\n", " f\n", " B\n"}},
		{"pattern fill in style, with a fallback", `<defs><pattern id="p" width="4" height="4"/></defs><rect width="3" height="4" style="fill: url(#p) #00ff00"/>`,
			[]string{"0 1 0 rg", "f"}, []string{"0 0 0 rg"}},
		{"linear gradient", `<defs><linearGradient id="g"><stop offset="0" stop-color="#ff0000"/><stop offset="1" stop-color="#0000ff"/></linearGradient></defs><rect x="2" y="2" width="10" height="4" fill="url(#g)" stroke="black"/>`,
			[]string{"W n", "10 0 0 4 2 2 cm", "1 0 0 rg", "0.502 0 0.498 rg", "0 0 1 rg", "Q", "S"}, nil},
		{"radial gradient", `<defs><radialGradient id="r" gradientUnits="userSpaceOnUse" cx="5" cy="5" r="4"><stop offset="0" stop-color="white"/><stop offset="1" stop-color="black" stop-opacity="0.5"/></radialGradient></defs><rect width="10" height="10" fill="url(#r)"/>`,
			[]string{"W n", "/GS[0.5 1] gs", "0 0 0 rg", " c h", "0.998 0.998 0.998 rg", "Q"}, nil},
		// fill-rule, inherited, and clip-rule were not read: a ring
		// drawn with evenodd came out as a disc.
		{"evenodd", `<path d="M0 0H10V10H0z M2 2H8V8H2z" fill-rule="evenodd"/>`, []string{"f*"}, []string{"f\n"}},
		{"evenodd inherited", `<g style="fill-rule: evenodd"><rect width="2" height="2" stroke="red"/></g>`, []string{"B*"}, nil},
		{"nonzero", `<g fill-rule="evenodd"><rect width="2" height="2" fill-rule="nonzero"/></g>`, []string{"f\n"}, []string{"f*"}},
		// A clip path's shapes clip what refers to it (they were drawn
		// in black instead, and nothing was clipped).
		{"clip", `<clipPath id="c"><rect width="5" height="5" fill="green"/></clipPath><rect width="10" height="10" fill="red" clip-path="url(#c)"/>`,
			[]string{"q\n0 0 m\n5 0 l\n5 5 l\n0 5 l\nh\nW n\n", "1 0 0 rg", "10 0 l", "f\nQ\nQ\n"}, []string{"0 0 0 rg", "0 0.502 0 rg"}},
		{"clip-rule", `<defs><clipPath id="c" clip-rule="evenodd"><path d="M0 0H5V5z"/></clipPath></defs><rect width="10" height="10" clip-path="url(#c)"/>`,
			[]string{"W* n", "f"}, nil},
		// In the user space of the group that refers to it.
		{"clip group", `<defs><clipPath id="c"><rect width="5" height="5"/></clipPath></defs><g transform="translate(2 1)" clip-path="url(#c)"><rect x="1" width="10" height="10" transform="scale(2)"/></g>`,
			[]string{"2 1 m\n7 1 l", "W n", "2 0 0 2 2 1 cm", "1 0 m"}, nil},
		{"clip bbox", `<defs><clipPath id="c" clipPathUnits="objectBoundingBox"><rect width="0.5" height="1"/></clipPath></defs><rect x="2" y="2" width="4" height="4" clip-path="url(#c)"/>`,
			[]string{"2 2 m\n4 2 l\n4 6 l", "W n", "6 2 l"}, nil},
		{"clip empty", `<defs><clipPath id="c"/></defs><rect width="4" height="4" fill="red" clip-path="url(#c)"/><rect width="1" height="1" fill="blue"/>`,
			[]string{"0 0 1 rg"}, []string{"1 0 0 rg"}},
		// <use> of a symbol, fitted to the use's size by its viewBox;
		// of a shape in <defs> (a use of itself is refused: TestExpandLimits).
		{"use symbol", `<defs><symbol id="s" viewBox="0 0 1 1"><rect width="1" height="1" fill="blue"/></symbol></defs><use href="#s" x="3" y="4" width="2" height="2"/>`,
			[]string{"2 0 0 2 3 4 cm", "0 0 1 rg", "1 0 l", "f"}, nil},
		{"use defs", `<defs><rect id="r" width="1" height="1" fill="lime"/><circle id="o" r="1"/></defs><use xlink:href="#r" xmlns:xlink="http://www.w3.org/1999/xlink" y="5"/>`,
			[]string{"1 0 0 1 0 5 cm", "0 1 0 rg", "f"}, []string{" c\n"}},
		// Markers: an arrowhead at the end of a line going down,
		// turned to it (orient=auto), its ref point on the vertex,
		// scaled by markerWidth over the viewBox and the stroke width.
		{"marker end", `<defs><marker id="m" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="4" markerHeight="4" orient="auto"><path d="M0 0L10 5L0 10z" fill="red"/></marker></defs><line x1="0" y1="0" x2="0" y2="10" stroke="black" marker-end="url(#m)"/>`,
			[]string{"0 10 l\nB\nQ\n", "q\n0 0.4 -0.4 0 2 6 cm\n0 0 10 10 re W n\n", "1 0 0 rg", "10 5 l", "f\nQ\nQ\n"}, nil},
		{"marker stroke width", `<defs><marker id="m" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="4" markerHeight="4" orient="auto"><path d="M0 0L10 5L0 10z"/></marker></defs><line x1="0" y1="0" x2="0" y2="10" stroke="black" stroke-width="2" marker-end="url(#m)"/>`,
			[]string{"0 0.8 -0.8 0 4 2 cm"}, nil},
		{"marker user space", `<defs><marker id="m" refX="1" refY="1" markerWidth="2" markerHeight="2" markerUnits="userSpaceOnUse" overflow="visible"><circle cx="1" cy="1" r="1"/></marker></defs><line x1="3" y1="2" x2="8" y2="2" stroke="black" stroke-width="5" marker-start="url(#m)"/>`,
			[]string{"q\n1 0 0 1 2 1 cm\nq\n", " c\n"}, []string{"re W n\nq\n0 0 0 rg\n2 1"}},
		// auto-start-reverse turns the start marker back; mid markers
		// stand on the bisector of the turn.
		{"marker start reverse", `<defs><marker id="m" orient="auto-start-reverse" markerWidth="1" markerHeight="1"><rect width="1" height="1"/></marker></defs><line x1="0" y1="0" x2="5" y2="0" stroke="black" marker-start="url(#m)"/>`,
			[]string{"-1 0 0 -1 0 0 cm"}, nil},
		{"marker mid", `<defs><marker id="m" orient="auto" markerUnits="userSpaceOnUse"><rect width="1" height="1"/></marker></defs><polyline points="0 0 5 0 5 5" fill="none" stroke="black" marker-mid="url(#m)"/>`,
			[]string{"0.7071 0.7071 -0.7071 0.7071 5 0 cm"}, []string{"0 0 cm", "5 5 cm"}},
		// A path of no paint still has its markers.
		{"marker unpainted", `<defs><marker id="m" orient="90"><rect width="1" height="1" fill="blue"/></marker></defs><path d="M1 1L4 4" stroke="none" fill="none" marker-end="url(#m)"/>`,
			[]string{"n\nQ\n", "0 1 -1 0 4 4 cm", "0 0 1 rg"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := VectorSVG([]byte(`<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10" viewBox="0 0 20 10">` + tt.svg + `</svg>`))
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			d.Content(&b, 100, 50, 40, 20, 800, func(fill, stroke float64) string {
				return "/GS[" + fmtNum(fill) + " " + fmtNum(stroke) + "]"
			})
			got := b.String()
			// The viewBox scaled by 2 into the rectangle, y up.
			if !strings.HasPrefix(got, "q\n100 730 40 20 re W n\n2 0 0 -2 100 750 cm\n") {
				t.Errorf("placement:\n%s", got)
			}
			inOrder(t, got, tt.want, tt.not)
		})
	}
}

// TestSVGUndrawn: filters, masks and pattern paints are found, written
// as attributes or in style, each once; none, a definition nobody uses
// and a gradient paint are not.
func TestSVGUndrawn(t *testing.T) {
	const pat = `<defs><pattern id="p" width="4" height="4"><circle r="1"/></pattern><linearGradient id="g"/></defs>`
	tests := []struct {
		svg  string
		want string
	}{
		{`<svg><rect width="1" height="1"/></svg>`, ""},
		{`<svg><defs><filter id="f"/></defs><rect filter="url(#f)"/></svg>`, "filter"},
		{`<svg><g style="opacity:1; filter: url(#blur)"><rect/></g></svg>`, "filter"},
		{`<svg><rect filter="none"/></svg>`, ""},
		{`<svg><defs><filter id="f"><feGaussianBlur/></filter></defs><rect/></svg>`, ""},
		{`<svg><defs><mask id="m"/></defs><rect mask="url(#m)"/><rect style="mask:url(#m)"/></svg>`, "mask"},
		{`<svg><rect mask="none"/></svg>`, ""},
		{`<svg>` + pat + `<rect fill="url(#p)"/></svg>`, "pattern"},
		{`<svg><rect stroke="url('#p') red"/>` + pat + `</svg>`, "pattern"},
		{`<svg>` + pat + `<rect style="fill: url(#p)"/></svg>`, "pattern"},
		{`<svg>` + pat + `<rect fill="url(#g)"/><rect fill="red"/></svg>`, ""},
		{`<svg>` + pat + `<rect filter="url(#f)" mask="url(#m)" fill="url(#p)"/></svg>`, "filter mask pattern"},
	}
	for _, tt := range tests {
		if got := strings.Join(SVGUndrawn([]byte(tt.svg)), " "); got != tt.want {
			t.Errorf("SVGUndrawn(%s) = %q, want %q", tt.svg, got, tt.want)
		}
	}
}

// inOrder checks that got holds every string of want, in that order, and
// none of not.
func inOrder(t *testing.T, got string, want, not []string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(got[at:], w)
		if i < 0 {
			t.Fatalf("no %q after offset %d in\n%s", w, at, got)
		}
		at += i + len(w)
	}
	for _, n := range not {
		if strings.Contains(got, n) {
			t.Errorf("%q in\n%s", n, got)
		}
	}
}
