package fonts

import "testing"

// TestSVGRuns: SVG text in a generic or well-known family is set in the
// Liberation face with its metrics (Graphviz sizes its boxes to Times'
// widths: "Start" is 1889/1000 em in Times-Roman by its AFM file, 2.5 em
// in Go), and characters that face lacks in the body chain. The PDF's
// widths are truncated to whole thousandths: within one a character.
func TestSVGRuns(t *testing.T) {
	set := Load(Config{Language: "zh"}, nil)
	tests := []struct {
		family, text string
		style        Style
		faces        []string // family of each run
		em           int      // the advance of the Liberation runs, in 1/1000 em; 0 to skip
	}{
		{"Times,serif", "Start", Regular, []string{"Liberation Serif"}, 1889},
		{"Times-Roman", "Start", Bold, []string{"Liberation Serif"}, 2166},
		{`"Helvetica", Arial, sans-serif`, "Start", Regular, []string{"Liberation Sans"}, 2112},
		{"Courier,monospace", "Start", Regular, []string{"Liberation Mono"}, 3000},
		{"serif", "处理 data", Regular, []string{"LXGW WenKai", "Liberation Serif"}, 0},
		{"Fancy Script", "Start", Regular, []string{"Go"}, 0},
		{"", "Start", Regular, []string{"Go"}, 0},
	}
	for _, tt := range tests {
		runs := set.SVGRuns(tt.family, tt.style, tt.text)
		var got []string
		em := 0
		for _, r := range runs {
			got = append(got, r.Face.Family)
			for _, c := range r.Text {
				em += r.Face.PDFAdvance(c)
			}
		}
		if len(got) != len(tt.faces) {
			t.Errorf("%q in %q: faces %q, want %q", tt.text, tt.family, got, tt.faces)
			continue
		}
		for i := range got {
			if got[i] != tt.faces[i] {
				t.Errorf("%q in %q: faces %q, want %q", tt.text, tt.family, got, tt.faces)
			}
		}
		if tt.em != 0 && (em > tt.em || em < tt.em-len(tt.text)) {
			t.Errorf("%q in %q is %d/1000 em wide, want %d", tt.text, tt.family, em, tt.em)
		}
	}
}
