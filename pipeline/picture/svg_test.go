package picture

import (
	"bytes"
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
