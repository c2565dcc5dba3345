package linebreak

import "math"

// Params are the settings of a breaker. The zero value of every field but
// Widths means its default.
type Params struct {
	// Widths are the line widths: line i is Widths[i] wide, and the last
	// entry holds for all further lines. A first-line indent is usually a
	// box at the start of the items instead; different widths serve hanging
	// indents and text beside a float. At least one width is required.
	Widths []float64
	// Tolerance is the largest badness (100·|ratio|³) of a line in the first
	// pass; the second pass allows EmergencyTolerance. Default 200 (the
	// loosest line then has its glue stretched 1.26 times its stretch).
	Tolerance float64
	// EmergencyTolerance is the tolerance of the second pass. Default 2000.
	EmergencyTolerance float64
	// LinePenalty is added to the badness of every line, so fewer lines are
	// preferred. Default 10.
	LinePenalty float64
	// FlaggedDemerits are added when two consecutive lines end at flagged
	// breaks (hyphens, emergency breaks). Default 3000.
	FlaggedDemerits float64
	// FitnessDemerits are added when adjacent lines differ by more than
	// one fitness class (tight, decent, loose, very loose). Default 10000.
	FitnessDemerits float64
	// MaxActive caps the number of active nodes of the total-fit breaker;
	// when there are more, those with the highest demerits are dropped.
	// This bounds time and memory on pathological input (a megabyte without
	// a break opportunity); ordinary text never reaches it. Default 128.
	MaxActive int
}

func (p Params) withDefaults() Params {
	if p.Tolerance <= 0 {
		p.Tolerance = 200
	}
	if p.EmergencyTolerance <= 0 {
		p.EmergencyTolerance = 2000
	}
	if p.LinePenalty == 0 {
		p.LinePenalty = 10
	}
	if p.FlaggedDemerits == 0 {
		p.FlaggedDemerits = 3000
	}
	if p.FitnessDemerits == 0 {
		p.FitnessDemerits = 10000
	}
	if p.MaxActive <= 0 {
		p.MaxActive = 128
	}
	if len(p.Widths) == 0 {
		p.Widths = []float64{math.Inf(1)}
	}
	return p
}

// width returns the width of line i (0-based).
func (p *Params) width(i int) float64 {
	if i >= len(p.Widths) {
		return p.Widths[len(p.Widths)-1]
	}
	return p.Widths[i]
}

// Line is one line of a broken paragraph.
type Line struct {
	// Start and End delimit the items set on the line, items[Start:End]:
	// discardable items after the previous break are already left out, and
	// the break item itself (glue or penalty at index End) is not included.
	Start, End int
	// Width is the width the line was broken for.
	Width float64
	// Natural is the natural width of the line, including the width of a
	// penalty it breaks at (a hyphen).
	Natural float64
	// Ratio is the adjustment ratio: glue is set Ratio times its stretch
	// wider (Ratio > 0) or -Ratio times its shrink narrower (Ratio < 0).
	// It is never below -1; it is 0 for lines that end in Fill glue (the
	// last line of a paragraph) and for lines with nothing to stretch.
	Ratio float64
	// BreakWidth is the width of the penalty the line breaks at (a hyphen
	// to draw at its end), 0 otherwise.
	BreakWidth float64
	// Emergency reports that the line ends at an emergency break, inside a
	// token that had no break opportunity (a URL, an identifier).
	Emergency bool
	// Flagged reports that the line ends at a flagged penalty.
	Flagged bool
	// Forced reports that the line ends at a forced break (including the
	// end of the paragraph).
	Forced bool
}

// ItemWidth returns the width item it gets on the line: boxes keep their
// width, glue is stretched or shrunk by the line's ratio, penalties inside
// the line take no room. Fill glue keeps its natural width, so a ragged
// last line is set at its natural width.
func (l *Line) ItemWidth(it *Item) float64 {
	switch it.Kind {
	case Box:
		return it.Width
	case Glue:
		switch {
		case l.Ratio > 0 && !math.IsInf(it.Stretch, 1):
			return it.Width + l.Ratio*it.Stretch
		case l.Ratio < 0:
			return it.Width + l.Ratio*it.Shrink
		}
		return it.Width
	}
	return 0
}

// Place calls visit for every item of the line, in order, with its x offset
// from the start of the line and the width it is set at. A penalty the line
// breaks at with a width (a hyphen) is visited last, at index l.End. To set
// a justified paragraph ragged instead, set Ratio to 0 on a copy of the line.
func (l *Line) Place(items []Item, visit func(i int, x, w float64)) {
	x := 0.0
	for i := l.Start; i < l.End; i++ {
		w := l.ItemWidth(&items[i])
		visit(i, x, w)
		x += w
	}
	if l.BreakWidth != 0 {
		visit(l.End, x, l.BreakWidth)
	}
}

// SetWidth returns the width of the line as set: its natural width adjusted
// by its ratio. It equals Width for a justified line that could be fitted
// exactly.
func (l *Line) SetWidth(items []Item) float64 {
	x := l.BreakWidth
	for i := l.Start; i < l.End; i++ {
		x += l.ItemWidth(&items[i])
	}
	return x
}

// makeLine describes the line from item start to the break at item end,
// computing its ratio the way the breakers do. Discardable items at start
// are skipped unless start is 0: the first line keeps what the paragraph
// begins with.
func makeLine(items []Item, start, end int, width float64) Line {
	if start > 0 {
		start = skipDiscardable(items, start, end)
	}
	l := Line{Start: start, End: end, Width: width}
	var nat, stretch, shrink float64
	fill := false
	for i := start; i < end; i++ {
		it := &items[i]
		switch it.Kind {
		case Box:
			nat += it.Width
		case Glue:
			nat += it.Width
			if math.IsInf(it.Stretch, 1) {
				fill = true
			} else {
				stretch += it.Stretch
			}
			shrink += it.Shrink
		}
	}
	if end < len(items) {
		brk := &items[end]
		if brk.Kind == Penalty {
			l.BreakWidth = brk.Width
			nat += brk.Width
			l.Flagged = brk.Flagged
			l.Emergency = brk.Emergency
		}
		l.Forced = brk.forced()
	} else {
		l.Forced = true
	}
	l.Natural = nat
	switch {
	case nat < width && !fill && stretch > 0:
		l.Ratio = (width - nat) / stretch
	case nat > width && shrink > 0:
		l.Ratio = max((width-nat)/shrink, -1)
	case nat > width:
		l.Ratio = 0 // overfull with nothing to shrink: an unbreakable item wider than the line
	}
	return l
}

// skipDiscardable returns the index of the first item at or after i that is
// not discarded at the start of a line: glue and penalties go up to the next
// box or forced break (or end).
func skipDiscardable(items []Item, i, end int) int {
	for i < end {
		it := &items[i]
		if it.Kind == Box || it.forced() {
			break
		}
		i++
	}
	return i
}
