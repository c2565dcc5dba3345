package linebreak

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// mixedText returns random text mixing Chinese, English, numbers, URLs,
// identifiers and long unbreakable runs.
func mixedText(rng *rand.Rand) string {
	var b strings.Builder
	n := 5 + rng.IntN(60)
	for range n {
		switch k := rng.IntN(10); {
		case k < 4:
			b.WriteString(kinsokuText(rng)[:0])
			for range 1 + rng.IntN(30) {
				b.WriteRune([]rune("汉字排版的一是在不了有和人这中大为上个国我以要他时来用们生到作地，。、“”（）")[rng.IntN(37)])
			}
		case k < 7:
			b.WriteString(" the quick brown fox ")
		case k < 8:
			b.WriteString(" https://github.com/gobook/ebook/blob/main/pipeline/linebreak/knuthplass.go?plain=1#L42 ")
		case k < 9:
			b.WriteString(strings.Repeat("x", rng.IntN(300)))
		default:
			b.WriteString(randomText(rng, 10))
		}
	}
	return b.String()
}

// TestNoLineTooWide sets random mixed text at random widths, some
// differing per line, with both breakers: no line may be wider than its
// width, whatever the text.
func TestNoLineTooWide(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for trial := range 300 {
		text := mixedText(rng)
		widths := []float64{(2 + rng.Float64()*40) * synthEm}
		for range rng.IntN(3) {
			widths = append(widths, (2+rng.Float64()*40)*synthEm)
		}
		narrowest := widths[0]
		for _, w := range widths {
			narrowest = min(narrowest, w)
		}
		pieces := []Piece{synthPiece(text)}
		p := (&Builder{LineWidth: narrowest}).Build(pieces)
		for _, br := range breakers {
			lines := br.f(p.Items, Params{Widths: widths})
			for i := range lines {
				l := &lines[i]
				if w := l.SetWidth(p.Items); w > l.Width+1e-6 || l.Ratio < -1 {
					t.Fatalf("trial %d %s: line %d is %g wide (ratio %g), width %g: %q", trial, br.name, i, w, l.Ratio, l.Width, lineText(&p, pieces, l))
				}
				if want := widths[min(i, len(widths)-1)]; l.Width != want {
					t.Fatalf("trial %d %s: line %d set in %g, want %g", trial, br.name, i, l.Width, want)
				}
			}
		}
	}
}

// TestSpacesVanish checks that no line starts or ends with a word space.
func TestSpacesVanish(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for range 200 {
		text := mixedText(rng)
		width := (5 + rng.Float64()*30) * synthEm
		for _, br := range breakers {
			p, pieces, lines := set(text, width, br.f)
			for i := range lines {
				l := &lines[i]
				for _, j := range []int{l.Start, l.End - 1} {
					if j >= l.Start && j < l.End && p.Items[j].Kind == Glue && p.Items[j].Payload >= 0 {
						t.Fatalf("%s: line %d %q has a word space at item %d (%d-%d)", br.name, i, lineText(&p, pieces, l), j, l.Start, l.End)
					}
				}
				if s := lineText(&p, pieces, l); strings.Trim(s, " ") != s {
					t.Fatalf("%s: line %d %q starts or ends with a space", br.name, i, s)
				}
			}
		}
	}
}

// TestJustifiedAndRagged checks that every line but the last is set to the
// full width and the last one at its natural width. (Narrower than 15 or
// 25 em, there are lines of one long word, which no spacing can justify.)
func TestJustifiedAndRagged(t *testing.T) {
	for _, tt := range []struct {
		text      string
		narrowest float64
	}{{chineseSample, 15}, {englishSample, 25}} {
		text := tt.text
		for w := tt.narrowest; w <= 45; w += 1.7 {
			for _, br := range breakers {
				p, pieces, lines := set(text, w*synthEm, br.f)
				if len(lines) < 2 {
					t.Fatalf("%s at %g em: %d lines", br.name, w, len(lines))
				}
				for i := range lines {
					l := &lines[i]
					set := l.SetWidth(p.Items)
					if i == len(lines)-1 {
						// Ragged: at its natural width, unless that is too
						// wide and it has to shrink.
						if !l.Forced || set > l.Width+1e-9 || l.Natural <= l.Width && (l.Ratio != 0 || set != l.Natural) {
							t.Errorf("%s at %g em: last line %+v set at %g, want ragged", br.name, w, *l, set)
						}
						continue
					}
					if math.Abs(set-l.Width) > 1e-6 {
						t.Errorf("%s at %g em: line %d %q set at %g, want %g", br.name, w, i, lineText(&p, pieces, l), set, l.Width)
					}
				}
			}
		}
	}
}

// TestPlace checks positions: items follow each other, and a justified
// line ends at its width.
func TestPlace(t *testing.T) {
	p, _, lines := set(chineseSample, 30*synthEm, KnuthPlass)
	for i := range lines[:len(lines)-1] {
		l := &lines[i]
		next := 0.0
		l.Place(p.Items, func(j int, x, w float64) {
			if math.Abs(x-next) > 1e-9 {
				t.Errorf("line %d item %d at %g, want %g", i, j, x, next)
			}
			next = x + w
		})
		if math.Abs(next-l.Width) > 1e-6 {
			t.Errorf("line %d ends at %g, want %g", i, next, l.Width)
		}
	}
}

// TestWidthsPerLine checks a hanging first line and a paragraph beside a
// float: each line is set in its own width.
func TestWidthsPerLine(t *testing.T) {
	widths := []float64{200, 250, 250, 383}
	pieces := []Piece{synthPiece(chineseSample)}
	p := (&Builder{LineWidth: 200}).Build(pieces)
	for _, br := range breakers {
		lines := br.f(p.Items, Params{Widths: widths})
		for i := range lines[:len(lines)-1] {
			l := &lines[i]
			want := widths[min(i, len(widths)-1)]
			if l.Width != want || math.Abs(l.SetWidth(p.Items)-want) > 1e-6 {
				t.Errorf("%s: line %d width %g set at %g, want %g", br.name, i, l.Width, l.SetWidth(p.Items), want)
			}
		}
	}
}

// TestEmergencyBreaks checks long tokens: a 10,000-character URL, a run of
// letters and one of closing brackets break rather than overflow. A URL
// breaks after / . - _ ? & = (where UAX #14 or emergency breaks allow);
// lines that end inside a token without break opportunities say so.
func TestEmergencyBreaks(t *testing.T) {
	url := ("https://example.com/" + strings.Repeat("path/to-some_file.name?key=value&", 400))[:10000]
	tests := []struct {
		name, text string
		url        bool // a URL: lines end after / . - _ ? & =
	}{
		{"URL alone", url, true},
		{"URL in Chinese", "参见" + url + "中的说明。", true},
		{"URL in English", "See " + url + " for details.", true},
		{"letters", strings.Repeat("abcdefghij", 2000), false},
		{"closing brackets", strings.Repeat("）", 500), false},
		{"identifier", "call " + strings.Repeat("averyLongIdentifierName", 20) + "()", false},
	}
	for _, tt := range tests {
		for _, br := range breakers {
			width := 30 * synthEm
			p, pieces, lines := set(tt.text, width, br.f)
			emergency := 0
			for i := range lines {
				l := &lines[i]
				if l.SetWidth(p.Items) > width+1e-6 {
					t.Fatalf("%s %s: line %d overflows", tt.name, br.name, i)
				}
				if l.Emergency {
					emergency++
				}
				if _, last := boxRunes(&p, pieces, l); tt.url && i > 0 && i < len(lines)-2 && !urlBreakAfter(last) {
					t.Errorf("%s %s: line %d %q ends at a poor break", tt.name, br.name, i, lineText(&p, pieces, l))
				}
			}
			if !tt.url && emergency < len(lines)/2 {
				t.Errorf("%s %s: %d emergency breaks in %d lines", tt.name, br.name, emergency, len(lines))
			}
		}
	}
}

// squaredSlack sums, over all lines but the last, the square of the room
// left at the natural width, relative to the width: what justification has
// to spread.
func squaredSlack(lines []Line) float64 {
	s := 0.0
	for _, l := range lines[:len(lines)-1] {
		d := (l.Width - l.Natural) / l.Width
		s += d * d
	}
	return s
}

// squaredRatios sums, over all lines but the last, the square of the
// adjustment ratio: how far the spaces are from their natural width.
func squaredRatios(lines []Line) float64 {
	s := 0.0
	for _, l := range lines[:len(lines)-1] {
		s += l.Ratio * l.Ratio
	}
	return s
}

// TestTotalFitBeatsGreedy compares the breakers on real paragraphs at
// widths from 25 to 45 ems (narrower English has lines of one word that no
// breaker can fill): total fit leaves less slack to spread, and spreads it
// more evenly, overall and for the English sample at 38.3 em, the
// before/after of the README draft.
func TestTotalFitBeatsGreedy(t *testing.T) {
	for _, text := range []string{chineseSample, englishSample} {
		var kpSlack, grSlack, kpRatio, grRatio float64
		for w := 25.0; w <= 45; w += 0.5 {
			_, _, kl := set(text, w*synthEm, KnuthPlass)
			_, _, gl := set(text, w*synthEm, Greedy)
			kpSlack += squaredSlack(kl)
			grSlack += squaredSlack(gl)
			kpRatio += squaredRatios(kl)
			grRatio += squaredRatios(gl)
		}
		if kpSlack >= grSlack || kpRatio >= grRatio {
			t.Errorf("%.20q…: squared slack total fit %.4f, greedy %.4f; squared ratios %.1f, %.1f", text, kpSlack, grSlack, kpRatio, grRatio)
		}
	}
	_, _, kl := set(englishSample, benchWidth, KnuthPlass)
	_, _, gl := set(englishSample, benchWidth, Greedy)
	if k, g := squaredSlack(kl), squaredSlack(gl); k >= g {
		t.Errorf("English sample at 38.3 em: squared slack total fit %.5f, greedy %.5f", k, g)
	}
	if k, g := squaredRatios(kl), squaredRatios(gl); k >= g {
		t.Errorf("English sample at 38.3 em: squared ratios total fit %.3f, greedy %.3f", k, g)
	}
}

// TestEdgeCases checks inputs with nothing to set, and boxes wider than
// the line (which only the caller can make): no panic, no hang, every item
// on some line.
func TestEdgeCases(t *testing.T) {
	wide := []Item{BoxItem(10, 0), GlueItem(3, 1, 1), BoxItem(500, 1), GlueItem(3, 1, 1), BoxItem(10, 2)}
	tests := []struct {
		name  string
		items []Item
		lines int
	}{
		{"no items", nil, 0},
		{"empty paragraph", (&Builder{}).Build(nil).Items, 1},
		{"only spaces", (&Builder{}).Build([]Piece{synthPiece("   ")}).Items, 1},
		{"one character", (&Builder{}).Build([]Piece{synthPiece("字")}).Items, 1},
		{"box wider than the line", Finish(wide), 3},
		{"no finish", wide, 3},
	}
	for _, tt := range tests {
		for _, br := range breakers {
			lines := br.f(tt.items, Params{Widths: []float64{100}})
			if len(lines) != tt.lines {
				t.Errorf("%s %s: %d lines, want %d: %+v", tt.name, br.name, len(lines), tt.lines, lines)
			}
		}
	}
}

// checkLines verifies that lines follow each other through all the items
// and that none is wider than its width.
func checkLines(t *testing.T, name string, items []Item, lines []Line) {
	t.Helper()
	prev := -1
	for i := range lines {
		l := &lines[i]
		if l.Start <= prev || l.End < l.Start || l.End > len(items) {
			t.Fatalf("%s: line %d covers items %d-%d after a break at %d", name, i, l.Start, l.End, prev)
		}
		if w := l.SetWidth(items); w > l.Width+1e-6 {
			t.Fatalf("%s: line %d is %g wide in %g", name, i, w, l.Width)
		}
		prev = l.End
	}
	if prev < len(items)-1 {
		t.Fatalf("%s: the last line ends at item %d of %d", name, prev, len(items))
	}
}

// TestLongParagraph sets paragraphs long enough for the total-fit breaker
// to compact its record of breaks, and with an active list capped so low
// that it must prune: the lines are still whole and within their width.
func TestLongParagraph(t *testing.T) {
	long := strings.Repeat(chineseSample+englishSample, 60)
	p := (&Builder{LineWidth: benchWidth}).Build([]Piece{synthPiece(long)})
	lines := KnuthPlass(p.Items, Params{Widths: []float64{benchWidth}})
	checkLines(t, "long", p.Items, lines)
	for i := range lines[:len(lines)-1] {
		if w := lines[i].SetWidth(p.Items); math.Abs(w-benchWidth) > 1e-6 {
			t.Fatalf("long: line %d set at %g", i, w)
		}
	}
	rng := rand.New(rand.NewPCG(15, 16))
	for range 50 {
		text := mixedText(rng)
		p := (&Builder{LineWidth: 200}).Build([]Piece{synthPiece(text)})
		checkLines(t, "pruned", p.Items, KnuthPlass(p.Items, Params{Widths: []float64{200}, MaxActive: 2}))
	}
}

// TestDegenerateWidths sets text in widths no text fits in (a list nested
// a hundred deep leaves nothing): no panic, no hang, every item on a line.
func TestDegenerateWidths(t *testing.T) {
	for _, w := range []float64{0, -5, 0.1, math.NaN(), math.Inf(1)} {
		pieces := []Piece{synthPiece(chineseSample + englishSample)}
		p := (&Builder{LineWidth: w}).Build(pieces)
		for _, br := range breakers {
			lines := br.f(p.Items, Params{Widths: []float64{w}})
			if len(lines) == 0 || lines[len(lines)-1].End < len(p.Items)-1 {
				t.Errorf("%s width %g: %d lines", br.name, w, len(lines))
			}
			for i := 1; i < len(lines); i++ {
				if lines[i].Start <= lines[i-1].End-1 {
					t.Fatalf("%s width %g: lines overlap", br.name, w)
				}
			}
		}
	}
}
