package picture

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/sanitize"
)

// TestGraphvizSVG draws the SVG Graphviz writes (testdata/*.svg, made by
// dot -Tsvg from the .dot files beside them): transparent strokes and
// fills, records, dashes, links, gradients, colours with alpha. oksvg
// refused the first ("param mismatch"), which failed the whole build.
func TestGraphvizSVG(t *testing.T) {
	files, _ := filepath.Glob("testdata/graphviz-*.svg")
	if len(files) == 0 {
		t.Fatal("no test drawings")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			svg, err := sanitize.CleanSVG(data)
			if err != nil {
				t.Fatal(err)
			}
			if err := CheckSVG(svg.Markup); err != nil {
				t.Fatalf("CheckSVG: %v", err)
			}
			got := vectorContent(t, svg.Markup)
			// Every node and edge is painted: filled, stroked or both.
			if n := strings.Count(got, "\nf\n") + strings.Count(got, "\nS\n") + strings.Count(got, "\nB\n"); n < 10 {
				t.Errorf("only %d shapes painted:\n%s", n, got)
			}
		})
	}
}

// TestSVGValues draws one shape with values oksvg does not read as they
// are, checking the paint the PDF gives it.
func TestSVGValues(t *testing.T) {
	const head = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">`
	tests := []struct {
		name string
		body string
		// want are lines of the content, in order; not, what must not
		// be in it.
		want, not []string
	}{
		{"transparent stroke", `<rect x="5" y="5" width="30" height="30" fill="red" stroke="transparent" stroke-width="4"/>`,
			[]string{"1 0 0 rg", "\nf\n"}, []string{"RG", "gs"}},
		{"transparent fill", `<rect x="5" y="5" width="30" height="30" fill="transparent" stroke="blue" stroke-width="2"/>`,
			[]string{"0 0 1 RG", "\nS\n"}, []string{"rg", "gs"}},
		{"rgba fill", `<rect width="40" height="40" fill="rgba(0, 0, 255, 0.5)"/>`,
			[]string{"0 0 1 rg", "/GS[0.5 1] gs", "\nf\n"}, nil},
		{"#rrggbbaa fill", `<rect width="40" height="40" fill="#00ff0080"/>`,
			[]string{"0 1 0 rg", "/GS[0.502 1] gs", "\nf\n"}, nil},
		{"currentColor", `<g color="#ff0000"><rect width="40" height="40" fill="currentColor"/></g>`,
			[]string{"1 0 0 rg", "\nf\n"}, []string{"0 0 0 rg"}},
		{"style attribute", `<rect width="40" height="40" style="fill: transparent; stroke: none"/><rect width="20" height="40" style="fill:#0000ff"/>`,
			[]string{"0 0 1 rg", "20 0 l", "\nf\n"}, []string{"40 0 l", "RG"}},
		{"polyline of two points", `<polyline points="0,20 40,20 " fill="none" stroke="black" stroke-width="4"/>`,
			[]string{"0 0 0 RG", "4 w", "0 20 m\n40 20 l", "\nS\n"}, []string{"rg"}},
		{"gradient stops in style", `<defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" style="stop-color:red;stop-opacity:1.;"/><stop offset="1" style="stop-color:red;stop-opacity:1.;"/></linearGradient></defs><rect width="40" height="40" fill="url(#g)"/>`,
			[]string{"1 0 0 rg"}, []string{"0 0 0 rg", "gs"}},
		{"unreadable value dropped", `<rect width="40" height="40" fill="green" stroke-width="thick" opacity="50%"/>`,
			[]string{"0 0.502 0 rg", "\nf\n"}, nil},
		{"style sheet it cannot read", `<defs><style>@media print { rect { fill: red } }</style></defs><rect width="40" height="40" fill="blue"/>`,
			[]string{"0 0 1 rg", "\nf\n"}, []string{"1 0 0 rg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := sanitize.CleanSVG([]byte(head + tt.body + `</svg>`))
			if err != nil {
				t.Fatal(err)
			}
			got := vectorContent(t, svg.Markup)
			inOrder(t, got, tt.want, tt.not)
		})
	}
}

// vectorContent reads markup with VectorSVG and returns the operators
// that draw it in a 30 × 30 point square, its graphics states named by
// the opacities they set.
func vectorContent(t *testing.T, markup []byte) string {
	t.Helper()
	d, err := VectorSVG(markup)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	d.Content(&b, 0, 0, 30, 30, 30, func(fill, stroke float64) string {
		return "/GS[" + fmtNum(fill) + " " + fmtNum(stroke) + "]"
	})
	return b.String()
}

// TestCheckSVGExpanded checks drawings whose problem only <use> expansion
// shows: CheckSVG counted the shapes oksvg read of the drawing as written,
// while VectorSVG drew the expanded drawing, so these passed the check and
// were drawn past MaxPDFShapes, or, uses nested deeper than the expansion
// went, silently drawn empty. Now both refuse them, with one error.
func TestCheckSVGExpanded(t *testing.T) {
	// group returns a drawing whose <g id="a"> of n rects is used by uses.
	group := func(n int, container, uses string) string {
		var b strings.Builder
		b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">`)
		switch container {
		case "defs":
			b.WriteString(`<defs><g id="a">`)
		case "symbol":
			b.WriteString(`<defs><symbol id="a" viewBox="0 0 100 10">`)
		default:
			b.WriteString(`<g id="a">`)
		}
		for i := range n {
			fmt.Fprintf(&b, `<rect x="%d" y="1" width="1" height="1" fill="red"/>`, i%100)
		}
		switch container {
		case "defs":
			b.WriteString(`</g></defs>`)
		case "symbol":
			b.WriteString(`</symbol></defs>`)
		default:
			b.WriteString(`</g>`)
		}
		b.WriteString(uses)
		b.WriteString(`</svg>`)
		return b.String()
	}
	uses := func(id string, n int) string { return strings.Repeat(`<use href="#`+id+`"/>`, n) }
	// chain returns a drawing whose rect is reached through n nested uses.
	chain := func(n int) string {
		var b strings.Builder
		b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs><g id="g0"><rect width="3" height="3" fill="red"/></g>`)
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, `<g id="g%d"><use href="#g%d"/></g>`, i, i-1)
		}
		fmt.Fprintf(&b, `</defs><use href="#g%d"/></svg>`, n-1)
		return b.String()
	}
	tests := []struct {
		name, svg string
		want      string // the error; "" when it is drawn
		shapes    int    // shapes drawn when it is
	}{
		{"uses of a visible group", group(200, "", uses("a", 60)), "it has 12200 shapes, more than the 10000 the PDF writer draws in one picture (every <use> expanded)", 0},
		{"uses of a symbol", group(200, "symbol", uses("a", 60)), "it has 12000 shapes, more than the 10000 the PDF writer draws in one picture (every <use> expanded)", 0},
		{"uses of uses", group(200, "defs", `<defs><g id="b">`+uses("a", 8)+`</g></defs>`+uses("b", 8)), "it has 12800 shapes, more than the 10000 the PDF writer draws in one picture (every <use> expanded)", 0},
		{"within the limit", group(200, "defs", uses("a", 50)), "", 10_000},
		{"uses nested 20 deep", chain(20), "", 1},
		{"uses nested 100 deep", chain(100), "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := sanitize.CleanSVG([]byte(tt.svg))
			if err != nil {
				t.Fatalf("the cleaner refuses it: %v", err)
			}
			cerr := CheckSVG(svg.Markup)
			d, verr := VectorSVG(svg.Markup)
			if tt.want == "" {
				if cerr != nil || verr != nil {
					t.Fatalf("CheckSVG: %v; VectorSVG: %v", cerr, verr)
				}
				if len(d.paths) != tt.shapes {
					t.Errorf("%d shapes drawn, want %d", len(d.paths), tt.shapes)
				}
				return
			}
			if cerr == nil || !strings.Contains(cerr.Error(), tt.want) {
				t.Fatalf("CheckSVG: %v, want %q", cerr, tt.want)
			}
			if verr == nil || verr.Error() != cerr.Error() {
				t.Errorf("VectorSVG: %v, want CheckSVG's error %q", verr, cerr)
			}
		})
	}
}

// TestExpandLimits checks that expansion refuses what the cleaner
// refuses, with the cleaner's error, rather than stopping silently at a
// limit of its own (it drew the first 50,000 elements of a drawing the
// cleaner passed, and nothing past 16 nested uses).
func TestExpandLimits(t *testing.T) {
	const head = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">`
	// Within the cleaner's limits: 60,300 elements with the uses
	// expanded.
	var big strings.Builder
	big.WriteString(head + `<defs><g id="a">` + strings.Repeat(`<rect width="1" height="1"/>`, 1000) + `</g></defs>`)
	big.WriteString(strings.Repeat(`<use href="#a"/>`, 60) + `</svg>`)
	tests := []struct {
		name, svg string
		want      error // nil: expanded whole
		wantText  string
		rects     int // written when it is expanded whole
	}{
		{"60,000 elements", big.String(), nil, "", 61_000}, // the defs' own too
		{"over the cleaner's elements", head + `<defs><g id="a">` + strings.Repeat(`<rect/>`, 1000) + `</g><g id="b">` +
			strings.Repeat(`<use href="#a"/>`, 101) + `</g></defs><use href="#b"/></svg>`, sanitize.ErrSVGElements, "", 0},
		{"over the cleaner's depth", head + strings.Repeat(`<g>`, sanitize.MaxSVGDepth+1) + strings.Repeat(`</g>`, sanitize.MaxSVGDepth+1) + `</svg>`, sanitize.ErrSVGDepth, "", 0},
		{"a use of its own group", head + `<g id="g"><rect/><use href="#g"/></g></svg>`, nil, "the reference to #g makes a cycle", 0},
		{"a use of nothing", head + `<use href="#none"/><rect/></svg>`, nil, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := expand([]byte(tt.svg))
			switch {
			case tt.want != nil:
				if !errors.Is(err, tt.want) {
					t.Fatalf("got %v, want %v", err, tt.want)
				}
			case tt.wantText != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantText) {
					t.Fatalf("got %v, want %q", err, tt.wantText)
				}
			case err != nil:
				t.Fatal(err)
			default:
				// Every element is written, with each use's copy.
				n := 0
				for _, tok := range x.tokens {
					if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "rect" {
						n++
					}
				}
				if n != tt.rects {
					t.Errorf("%d rects written, want %d", n, tt.rects)
				}
			}
		})
	}
}
