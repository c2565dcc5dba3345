package linebreak

import (
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// TestRealFont sets the English sample in Go Regular at 10.5 pt across a
// 136 mm text block, with widths from the font (kerning included): every
// line but the last fills the block exactly, none overflows, and total fit
// spreads the spaces more evenly than first fit.
func TestRealFont(t *testing.T) {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	const size = 10.5
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	measure := func(s string) float64 { return float64(font.MeasureString(face, s)) / 64 }
	width := 136 / 25.4 * 72 // points
	pieces := []Piece{{Text: englishSample, Measure: measure, Em: size}}
	p := (&Builder{LineWidth: width}).Build(pieces)
	ratios := map[string]float64{}
	for _, br := range breakers {
		lines := br.f(p.Items, Params{Widths: []float64{width}})
		for i := range lines {
			l := &lines[i]
			w := l.SetWidth(p.Items)
			if w > width+1e-6 || i < len(lines)-1 && w < width-1e-6 {
				t.Errorf("%s: line %d %q set at %.3f pt in %.3f", br.name, i, lineText(&p, pieces, l), w, width)
			}
		}
		ratios[br.name] = squaredRatios(lines)
	}
	if ratios["KnuthPlass"] >= ratios["Greedy"] {
		t.Errorf("squared ratios: total fit %.3f, greedy %.3f", ratios["KnuthPlass"], ratios["Greedy"])
	}
}
