package linebreak

import (
	"math"
	"math/rand/v2"
	"testing"
)

// referenceOptimum computes, by dynamic programming over every pair of
// breaks (no active list, no pruning, no early exit), the least total
// demerits of a solution whose lines all have ratios in [-1, maxRatio],
// with the same demerits as KnuthPlass. It returns +Inf if there is none.
func referenceOptimum(items []Item, p Params, maxRatio float64) float64 {
	p = p.withDefaults()
	n := len(items)
	// Legal breaks, and the paragraph start as -1.
	breaks := []int{-1}
	for i := range items {
		it := &items[i]
		if it.Kind == Glue && i > 0 && items[i-1].Kind == Box ||
			it.Kind == Penalty && it.Cost < Infinity && !it.Emergency {
			breaks = append(breaks, i)
		}
	}
	if !items[n-1].forced() {
		breaks = append(breaks, n)
	}
	type state struct {
		ok       bool
		demerits float64
	}
	// best[k][line][fitness]: breaks[k] ends line number line-1.
	lines := len(breaks)
	best := make([][][4]state, len(breaks))
	for k := range best {
		best[k] = make([][4]state, lines+1)
	}
	best[0][0][2] = state{true, 0}
	for k, a := range breaks {
		start := a + 1
		if a >= 0 {
			start = skipDiscardable(items, start, n)
		} else {
			start = 0
		}
		for line := 0; line < lines; line++ {
			for fa := range 4 {
				from := best[k][line][fa]
				if !from.ok {
					continue
				}
				var nat, y, z float64
				fill := false
				j := start
				for kb := k + 1; kb < len(breaks); kb++ {
					b := breaks[kb]
					forcedBetween := false
					for ; j < b && j < n; j++ {
						it := &items[j]
						switch it.Kind {
						case Box:
							nat += it.Width
						case Glue:
							nat += it.Width
							if math.IsInf(it.Stretch, 1) {
								fill = true
							} else {
								y += it.Stretch
							}
							z += it.Shrink
						case Penalty:
							forcedBetween = forcedBetween || it.forced()
						}
					}
					if forcedBetween {
						break
					}
					pw, cost, flagged, forced := 0.0, 0.0, false, b == n
					if b < n && items[b].Kind == Penalty {
						pw, cost, flagged, forced = items[b].Width, items[b].Cost, items[b].Flagged, items[b].forced()
					}
					w := p.width(line)
					L := nat + pw
					r := 0.0
					switch {
					case L < w && !fill:
						r = math.Inf(1)
						if y > 0 {
							r = (w - L) / y
						}
					case L > w:
						r = math.Inf(-1)
						if z > 0 {
							r = (w - L) / z
						}
					}
					if r < -1 {
						break // longer lines only get wider
					}
					if r <= maxRatio {
						d := p.LinePenalty + badness(r, w-L, w)
						d *= d
						switch {
						case cost >= 0:
							d += cost * cost
						case cost > -Infinity:
							d -= cost * cost
						}
						aFlagged := a >= 0 && items[a].Kind == Penalty && items[a].Flagged
						if flagged && aFlagged {
							d += p.FlaggedDemerits
						}
						fit := fitnessClass(r)
						if fit-int8(fa) > 1 || int8(fa)-fit > 1 {
							d += p.FitnessDemerits
						}
						d += from.demerits
						if s := &best[kb][line+1][fit]; !s.ok || d < s.demerits {
							*s = state{true, d}
						}
					}
					if forced {
						break
					}
				}
			}
		}
	}
	least := math.Inf(1)
	for _, byLine := range best[len(breaks)-1] {
		for _, s := range byLine {
			if s.ok {
				least = math.Min(least, s.demerits)
			}
		}
	}
	return least
}

// totalDemerits evaluates the demerits of lines as KnuthPlass counts them.
func totalDemerits(items []Item, p Params, lines []Line) float64 {
	p = p.withDefaults()
	total := 0.0
	prevFit, prevFlagged := int8(2), false
	for _, l := range lines {
		d := p.LinePenalty + badness(l.Ratio, l.Width-l.Natural, l.Width)
		d *= d
		cost := -float64(Infinity)
		if l.End < len(items) && items[l.End].Kind == Penalty {
			cost = items[l.End].Cost
		} else if l.End < len(items) {
			cost = 0
		}
		switch {
		case cost >= 0:
			d += cost * cost
		case cost > -Infinity:
			d -= cost * cost
		}
		if l.Flagged && prevFlagged {
			d += p.FlaggedDemerits
		}
		fit := fitnessClass(l.Ratio)
		if fit-prevFit > 1 || prevFit-fit > 1 {
			d += p.FitnessDemerits
		}
		total += d
		prevFit, prevFlagged = fit, l.Flagged
	}
	return total
}

// TestKnuthPlassIsOptimal compares the first pass of KnuthPlass, with its
// active list, early exit and node filtering, with the exhaustive
// reference on small random paragraphs, with one width and with narrower
// first lines: they must find the same least demerits.
func TestKnuthPlassIsOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	solved := 0
	for trial := range 400 {
		text := kinsokuText(rng)
		if len([]rune(text)) > 120 {
			text = string([]rune(text)[:120])
		}
		w := (8 + rng.Float64()*20) * synthEm
		widths := [][]float64{{w}, {w * 0.8, w * 0.9, w}, {w * 0.8, w, w, w}}[trial%3]
		p := (&Builder{LineWidth: w * 0.8}).Build([]Piece{synthPiece(text)})
		params := Params{Widths: widths}.withDefaults()
		maxRatio := math.Cbrt(params.Tolerance / 100)
		want := referenceOptimum(p.Items, params, maxRatio)

		var kp knuthPlass
		kp.init(p.Items, &params)
		best, ok := kp.run(params.Tolerance, false)
		if math.IsInf(want, 1) {
			if ok {
				t.Errorf("trial %d: KnuthPlass found a first-pass solution where the reference found none", trial)
			}
			continue
		}
		if !ok {
			t.Errorf("trial %d: KnuthPlass found no first-pass solution; the reference found %g", trial, want)
			continue
		}
		solved++
		got := totalDemerits(p.Items, params, kp.lines(best))
		if math.Abs(got-want) > 1e-6*math.Max(1, want) {
			t.Errorf("trial %d (%q at %v): demerits %g, optimum %g", trial, text, widths, got, want)
		}
	}
	if solved < 200 {
		t.Errorf("only %d of 400 trials had a first-pass solution", solved)
	}
}
