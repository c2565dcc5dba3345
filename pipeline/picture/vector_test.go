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
		{"linear gradient", `<defs><linearGradient id="g"><stop offset="0" stop-color="#ff0000"/><stop offset="1" stop-color="#0000ff"/></linearGradient></defs><rect x="2" y="2" width="10" height="4" fill="url(#g)" stroke="black"/>`,
			[]string{"W n", "10 0 0 4 2 2 cm", "1 0 0 rg", "0.502 0 0.498 rg", "0 0 1 rg", "Q", "S"}, nil},
		{"radial gradient", `<defs><radialGradient id="r" gradientUnits="userSpaceOnUse" cx="5" cy="5" r="4"><stop offset="0" stop-color="white"/><stop offset="1" stop-color="black" stop-opacity="0.5"/></radialGradient></defs><rect width="10" height="10" fill="url(#r)"/>`,
			[]string{"W n", "/GS[0.5 1] gs", "0 0 0 rg", " c h", "0.998 0.998 0.998 rg", "Q"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := VectorSVG([]byte(`<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10" viewBox="0 0 20 10">` + tt.svg + `</svg>`))
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			d.Content(&b, 100, 50, 40, 20, 800, func(fill, stroke float64) string {
				return "/GS[" + trimNum(fill) + " " + trimNum(stroke) + "]"
			})
			got := b.String()
			// The viewBox scaled by 2 into the rectangle, y up.
			if !strings.HasPrefix(got, "q\n100 730 40 20 re W n\n2 0 0 -2 100 750 cm\n") {
				t.Errorf("placement:\n%s", got)
			}
			at := 0
			for _, w := range tt.want {
				i := strings.Index(got[at:], w)
				if i < 0 {
					t.Fatalf("no %q after offset %d in\n%s", w, at, got)
				}
				at += i + len(w)
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("%q in\n%s", n, got)
				}
			}
		})
	}
}

func trimNum(f float64) string { return strings.TrimSpace(string(appendNums(nil, f))) }

func TestSVGFilters(t *testing.T) {
	tests := map[string]bool{
		`<svg><rect width="1" height="1"/></svg>`:                                  false,
		`<svg><defs><filter id="f"/></defs><rect filter="url(#f)"/></svg>`:         true,
		`<svg><g style="opacity:1; filter: url(#blur)"><rect/></g></svg>`:          true,
		`<svg><rect filter="none"/></svg>`:                                         false,
		`<svg><defs><filter id="f"><feGaussianBlur/></filter></defs><rect/></svg>`: false,
	}
	for svg, want := range tests {
		if got := SVGFilters([]byte(svg)); got != want {
			t.Errorf("SVGFilters(%s) = %v, want %v", svg, got, want)
		}
	}
}
