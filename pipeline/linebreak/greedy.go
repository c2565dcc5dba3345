package linebreak

import "math"

// Greedy breaks items into lines by first fit, as Knuth and Plass's paper
// defines it: every line takes as much as fits with its glue shrunk at
// most fully, breaking at the last legal break that fits. (Browsers fill
// at natural width instead, which puts fewer words on a line.) Emergency
// breaks are used only when no other break fits on the line. A line
// overflows only if a single unbreakable run of items is wider than it.
// It is kept for comparison with KnuthPlass and for code listings, where
// lines are not justified and a local decision is what a reader expects.
func Greedy(items []Item, p Params) []Line {
	p = p.withDefaults()
	n := len(items)
	if n == 0 {
		return nil
	}
	var lines []Line
	for start := 0; ; {
		s := start
		if start > 0 {
			s = skipDiscardable(items, start, n)
		}
		if s >= n && len(lines) > 0 {
			break // only discardable items after the last break
		}
		w := p.width(len(lines))
		end := greedyLine(items, s, w)
		lines = append(lines, makeLine(items, s, end, w))
		if end >= n {
			break
		}
		start = end + 1
	}
	return lines
}

// greedyLine returns the break that ends the line starting at item start
// (already past discardable items): the last break that fits, a forced
// break, or len(items).
func greedyLine(items []Item, start int, width float64) int {
	var nat, shrink float64
	fits := func(pw float64) bool { return nat+pw-shrink <= width+epsilon(width) }
	lastFit, lastEmergency := -1, -1
	for i := start; i < len(items); i++ {
		it := &items[i]
		breakable := false
		switch it.Kind {
		case Glue:
			breakable = i > start && items[i-1].Kind == Box
		case Penalty:
			breakable = it.Cost < Infinity
		}
		if breakable {
			pw := 0.0
			if it.Kind == Penalty {
				pw = it.Width
			}
			if !fits(pw) {
				switch {
				case lastFit >= 0:
					return lastFit
				case lastEmergency >= 0:
					return lastEmergency
				}
				return i // an unbreakable run wider than the line
			}
			if it.forced() {
				return i
			}
			if it.Kind == Penalty && it.Emergency {
				lastEmergency = i
			} else {
				lastFit = i
			}
		}
		switch it.Kind {
		case Box:
			nat += it.Width
		case Glue:
			nat += it.Width
			if !math.IsInf(it.Shrink, 0) {
				shrink += it.Shrink
			}
		}
	}
	if !fits(0) {
		switch {
		case lastFit >= 0:
			return lastFit
		case lastEmergency >= 0:
			return lastEmergency
		}
	}
	return len(items)
}

// epsilon is the rounding slack allowed when comparing a line's width with
// its target: sums of many float64 widths are not exact.
func epsilon(width float64) float64 {
	return 1e-9 * math.Max(1, math.Abs(width))
}
