package linebreak

import "math"

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
	// BreakWidth is the width of the penalty the line breaks at, set at its
	// end: a hyphen to draw when Flagged (a soft hyphen of the text), or,
	// when not, the blank half of a fullwidth closing mark, which shows
	// nothing.
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
// breaks at with a width is visited last, at index l.End (see BreakWidth).
// A box's text is drawn at x plus its span's Offset. To set a justified
// paragraph ragged (flush left) instead, set Ratio to 0 on a copy of the
// line; to centre or flush it right, shift x by Width − SetWidth or half
// of it.
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
