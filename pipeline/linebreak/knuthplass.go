package linebreak

import (
	"math"
	"slices"
)

// KnuthPlass breaks items into lines with the total-fit algorithm of Knuth
// and Plass ("Breaking paragraphs into lines", 1981), the one TeX uses: of
// all ways to break the paragraph it picks the one with the least total
// demerits, where a line's demerits grow with the cube of how far its glue
// is stretched or shrunk, plus costs for penalties, for consecutive flagged
// breaks and for adjacent lines of very different tightness. Looseness is
// 0: the optimum is taken as is.
//
// When no solution keeps every line within Params.Tolerance, it tries
// again with Params.EmergencyTolerance, then a final pass also allows
// emergency breaks (items with Emergency set) and lines looser than any
// tolerance when they are the fullest lines that can be made from a break:
// as with TeX's final pass, a solution always exists. A line overflows only
// when a single unbreakable run of items is wider than it. (Should the
// final pass ever overflow where first fit does not, which only pruning at
// Params.MaxActive could cause, Greedy's lines are returned instead.)
//
// The end of items acts as a forced break; a paragraph's items normally end
// with Finish so that the last line is ragged.
func KnuthPlass(items []Item, p Params) []Line {
	p = p.withDefaults()
	if len(items) == 0 {
		return nil
	}
	var kp knuthPlass
	kp.init(items, &p)
	passes := []struct {
		tolerance float64
		final     bool // emergency breaks and too loose lines allowed
	}{
		{p.Tolerance, false},
		{p.EmergencyTolerance, false},
		{p.EmergencyTolerance, true},
	}
	for i, pass := range passes {
		if i == 1 && p.EmergencyTolerance <= p.Tolerance {
			continue
		}
		if best, ok := kp.run(pass.tolerance, pass.final); ok {
			lines := kp.lines(best)
			if pass.final && overflows(items, lines) {
				if g := Greedy(items, p); !overflows(items, g) {
					return g
				}
			}
			return lines
		}
	}
	return Greedy(items, p) // not reached: the final pass always succeeds
}

// overflows reports whether a line is wider than its width even with its
// glue fully shrunk.
func overflows(items []Item, lines []Line) bool {
	for i := range lines {
		l := &lines[i]
		if l.Ratio <= -1 || l.Natural > l.Width {
			if l.SetWidth(items) > l.Width+epsilon(l.Width) {
				return true
			}
		}
	}
	return false
}

// finalLoose is how many too loose lines from the fullest nodes the final
// pass considers at each break.
const finalLoose = 8

// passive records a feasible break for the walk back from the best final
// node: its item and the passive entry of the break before it. It is all
// that is kept of a node once it is no longer active.
type passive struct {
	pos  int32 // index of the break item; -1 for the paragraph start
	prev int32 // index of the passive entry before; -1 for none
}

// node is an active feasible break: the end of the best way found to set
// the paragraph up to its item with the given number of lines and fitness
// class, from which the next line may start.
type node struct {
	passive  int32 // its entry in knuthPlass.passive
	line     int32 // number of lines before the break (index of the next line)
	fitness  int8
	flagged  bool
	dead     bool // deactivated, not yet swept
	fills    int32
	demerits float64
	// Totals of width, stretch, shrink (and fills, of fill glue) from the
	// paragraph start to the first item after the break that is not
	// discarded.
	w, y, z float64
}

// candidate is the best way found to break at the current item into a
// given line class and fitness class.
type candidate struct {
	ok       bool
	demerits float64
	from     int // index of the active node before
}

// knuthPlass holds the state of one KnuthPlass call.
type knuthPlass struct {
	items []Item
	p     *Params

	passive []passive
	active  []node // in order of position
	// easyLine is the first line index from which all lines have the same
	// width: nodes past it need not be told apart by line number.
	easyLine int32
	// cands[k][f] is the best break at the current item into line class k
	// (the line number, or easyLine) and fitness class f; touched lists the
	// classes used at this item.
	cands   [][4]candidate
	touched []int32

	// totals of width, stretch, shrink and fill glue before the current item
	tw, ty, tz float64
	tf         int32

	// afterEnd and afterW... cache the totals at the first item after the
	// discardables that follow a break, for breaks in the same run.
	afterEnd             int
	afterW, afterY, aftZ float64
	afterF               int32

	nextCompact int
	mark        []int32

	// monotone is set when no item has a negative width or stretch: then,
	// for nodes with the same line width, a later node always gives a
	// shorter, less stretchable line, and once a node's line is too loose
	// so is every later node's (see try).
	monotone bool
	// hard counts the active nodes whose next line is before easyLine and
	// may have a width of its own.
	hard int

	sortBuf []float64
	dead    int    // nodes marked dead in active
	head    int    // active[:head] are all dead
	from    []node // the nodes candidates start from, saved before a forced break clears the list
}

func (kp *knuthPlass) init(items []Item, p *Params) {
	kp.items = items
	kp.p = p
	// Lines from easyLine on all have the last width.
	kp.easyLine = int32(len(p.Widths) - 1)
	for kp.easyLine > 0 && p.Widths[kp.easyLine-1] == p.Widths[kp.easyLine] {
		kp.easyLine--
	}
	kp.cands = make([][4]candidate, kp.easyLine+1)
	kp.monotone = true
	for i := range items {
		if items[i].Width < 0 || items[i].Stretch < 0 {
			kp.monotone = false
			break
		}
	}
}

// run makes one pass over the items. The final pass also uses emergency
// breaks and too loose lines. It returns the passive entry of the best node
// at the end, or false when no feasible solution exists.
func (kp *knuthPlass) run(tolerance float64, final bool) (int32, bool) {
	items := kp.items
	// A line is feasible when its badness, 100|r|³, is within tolerance:
	// compare ratios instead.
	maxRatio := math.Cbrt(tolerance / 100)
	kp.passive = append(kp.passive[:0], passive{pos: -1, prev: -1})
	kp.active = append(kp.active[:0], node{passive: 0, fitness: 2})
	kp.tw, kp.ty, kp.tz, kp.tf = 0, 0, 0, 0
	kp.afterEnd = -1
	kp.dead = 0
	kp.head = 0
	kp.nextCompact = 1 << 14
	kp.hard = 0
	if kp.easyLine > 0 {
		kp.hard = 1
	}

	n := len(items)
	for i := 0; i < n; i++ {
		it := &items[i]
		switch it.Kind {
		case Box:
			kp.tw += it.Width
		case Glue:
			if i > 0 && items[i-1].Kind == Box {
				kp.try(i, 0, 0, false, false, maxRatio, final)
			}
			kp.tw += it.Width
			if math.IsInf(it.Stretch, 1) {
				kp.tf++
			} else {
				kp.ty += it.Stretch
			}
			kp.tz += it.Shrink
		case Penalty:
			if it.Cost < Infinity && (final || !it.Emergency) {
				forced := it.Cost <= -Infinity
				kp.try(i, it.Width, it.Cost, it.Flagged, forced, maxRatio, final)
			}
		}
		if len(kp.active) == kp.dead {
			return -1, false
		}
		if len(kp.passive) >= kp.nextCompact {
			kp.compact()
		}
	}
	if last := &items[n-1]; !last.forced() {
		kp.try(n, 0, -Infinity, false, true, maxRatio, final)
		if len(kp.active) == kp.dead {
			return -1, false
		}
	}
	// Every node left is at the final break; take the best (looseness 0).
	best := -1
	for i := range kp.active {
		if !kp.active[i].dead && (best < 0 || kp.active[i].demerits < kp.active[best].demerits) {
			best = i
		}
	}
	if best < 0 {
		return -1, false
	}
	return kp.active[best].passive, true
}

// try considers a break at item b from every active node.
func (kp *knuthPlass) try(b int, pw, cost float64, flagged, forced bool, maxRatio float64, final bool) {
	p := kp.p
	kp.touched = kp.touched[:0]
	// Active nodes are in order of position. When they all share one line
	// width, a node whose line is too loose (ratio above maxRatio) is
	// followed only by nodes whose lines are looser still (monotone), so
	// the scan can stop there: most breaks in the middle of a line are
	// dismissed after looking at one or two nodes. The final pass accepts
	// too loose lines, but only from the first finalLoose such nodes, the
	// fullest lines: that always leaves a way forward (as first-fit would
	// take) and keeps the pass linear on a megabyte with no break
	// opportunity, where every break is too loose from every node.
	early := kp.monotone && kp.hard == 0 && !forced
	loose := 0
	live := len(kp.active) - kp.dead
	// Nodes die mostly in order, oldest first: skip the dead at the front
	// once rather than at every break.
	for kp.head < len(kp.active) && kp.active[kp.head].dead {
		kp.head++
	}
	for k := kp.head; k < len(kp.active); k++ {
		a := &kp.active[k]
		if a.dead {
			continue
		}
		live--
		w := p.width(int(a.line))
		L := kp.tw - a.w + pw
		var r float64
		switch {
		case L < w:
			if kp.tf > a.fills {
				r = 0
			} else if y := kp.ty - a.y; y > 0 {
				r = (w - L) / y
			} else {
				r = math.Inf(1)
			}
		case L > w:
			if z := kp.tz - a.z; z > 0 {
				r = (w - L) / z
			} else {
				r = math.Inf(-1)
			}
		}
		if r > maxRatio {
			loose++
			if early && (!final || loose > finalLoose) {
				break
			}
		}
		switch {
		case r >= -1 && (r <= maxRatio || final && loose <= finalLoose):
			kp.consider(k, r, w-L, w, cost, flagged)
		case final && r < -1 && live == 0 && len(kp.touched) == 0 && kp.dead == len(kp.active)-1:
			// The last active node would go and nothing can break here:
			// an unbreakable run is wider than the line. Break with an
			// overfull line rather than fail, as TeX's final pass does.
			kp.consider(k, -1, 0, w, cost, flagged)
		}
		if r < -1 {
			kp.kill(a)
		}
	}
	if len(kp.touched) > 0 {
		// Save the nodes the candidates start from: the list changes.
		kp.from = kp.from[:0]
		for _, k := range kp.touched {
			for _, cd := range kp.cands[k] {
				if cd.ok {
					kp.from = append(kp.from, kp.active[cd.from])
				}
			}
		}
	}
	if forced {
		// No line goes past a forced break.
		kp.active = kp.active[:0]
		kp.dead = 0
		kp.head = 0
		kp.hard = 0
	}
	if len(kp.touched) > 0 {
		kp.addNodes(b)
	}
	if kp.dead > 64 && 2*kp.dead > len(kp.active) {
		kp.sweep()
	}
}

// kill deactivates an active node. It stays in the list, marked, until the
// next sweep, so that the nodes after it need not move at every break.
func (kp *knuthPlass) kill(a *node) {
	a.dead = true
	kp.dead++
	if a.line < kp.easyLine {
		kp.hard--
	}
}

// sweep removes the nodes marked dead from the active list.
func (kp *knuthPlass) sweep() {
	keep := kp.active[:0]
	for _, a := range kp.active {
		if !a.dead {
			keep = append(keep, a)
		}
	}
	kp.active = keep
	kp.dead = 0
	kp.head = 0
}

// badness returns 100|r|³, TeX's badness of a line whose glue is set at
// ratio r. Past 10000 (Infinity, r about 4.64, which only the final pass
// lets through) every line is as bad as can be, as in TeX, but fuller ones
// are still preferred: the badness grows with the shortfall, the room left
// at the natural width, so a nearly empty line is never chosen over a
// loose one (nor a line with nothing to stretch over one with glue).
func badness(r, shortfall, width float64) float64 {
	if r < 0 {
		return -100 * r * r * r
	}
	if r > 4.6 {
		if b := 100 * r * r * r; b >= Infinity {
			return Infinity * (1 + 10*shortfall/max(width, 1))
		}
	}
	return 100 * r * r * r
}

func fitnessClass(r float64) int8 {
	switch {
	case r > 1:
		return 0 // very loose
	case r > 0.5:
		return 1 // loose
	case r >= -0.5:
		return 2 // decent
	}
	return 3 // tight
}

// consider records the break from node a at the current item as a
// candidate if it is the best so far for its classes.
func (kp *knuthPlass) consider(k int, r, shortfall, width, cost float64, flagged bool) {
	p := kp.p
	a := &kp.active[k]
	bad := badness(r, shortfall, width)
	d := p.LinePenalty + bad
	d *= d
	switch {
	case cost >= 0:
		d += cost * cost
	case cost > -Infinity:
		d -= cost * cost
	}
	if flagged && a.flagged {
		d += p.FlaggedDemerits
	}
	fit := fitnessClass(r)
	if fit-a.fitness > 1 || a.fitness-fit > 1 {
		d += p.FitnessDemerits
	}
	d += a.demerits
	class := min(a.line+1, kp.easyLine)
	c := &kp.cands[class]
	if !c[0].ok && !c[1].ok && !c[2].ok && !c[3].ok {
		kp.touched = append(kp.touched, class)
	}
	if !c[fit].ok || d < c[fit].demerits {
		c[fit] = candidate{ok: true, demerits: d, from: k}
	}
}

// addNodes turns the candidates at break b into active nodes: for every
// line class, the best of each fitness class whose demerits are within
// FitnessDemerits of the best of all (others could never win).
func (kp *knuthPlass) addNodes(b int) {
	w, y, z, f := kp.totalsAfter(b)
	flagged := b < len(kp.items) && kp.items[b].Kind == Penalty && kp.items[b].Flagged
	i := 0
	for _, k := range kp.touched {
		c := &kp.cands[k]
		least := math.Inf(1)
		for f := range c {
			if c[f].ok && c[f].demerits < least {
				least = c[f].demerits
			}
		}
		for fit := range c {
			cd := c[fit]
			c[fit] = candidate{}
			if !cd.ok {
				continue
			}
			from := kp.from[i]
			i++
			if cd.demerits > least+kp.p.FitnessDemerits {
				continue
			}
			kp.passive = append(kp.passive, passive{pos: int32(b), prev: from.passive})
			kp.active = append(kp.active, node{
				passive:  int32(len(kp.passive) - 1),
				line:     from.line + 1,
				fitness:  int8(fit),
				flagged:  flagged,
				demerits: cd.demerits,
				w:        w, y: y, z: z, fills: f,
			})
			if from.line+1 < kp.easyLine {
				kp.hard++
			}
		}
	}
	if len(kp.active)-kp.dead > kp.p.MaxActive {
		kp.prune()
	}
}

// prune keeps the MaxActive/2 active nodes with the least demerits, in
// position order. Halving leaves room for the next nodes, so pruning runs
// once per many breaks rather than at every one.
func (kp *knuthPlass) prune() {
	kp.sweep()
	if len(kp.active) <= kp.p.MaxActive/2 {
		return
	}
	ds := kp.sortBuf[:0]
	for i := range kp.active {
		ds = append(ds, kp.active[i].demerits)
	}
	slices.Sort(ds)
	kp.sortBuf = ds
	limit := ds[max(kp.p.MaxActive/2, 1)-1]
	keep := kp.active[:0]
	n := 0
	for _, a := range kp.active {
		if a.demerits < limit || a.demerits == limit && n < kp.p.MaxActive/2 {
			keep = append(keep, a)
			n++
		} else if a.line < kp.easyLine {
			kp.hard--
		}
	}
	kp.active = keep
}

// totalsAfter returns the totals at the first item after break b that is
// not discarded at the start of a line: the totals a line starting at b
// begins with. Breaks in one run of discardable items share the result, so
// the scan stays linear.
func (kp *knuthPlass) totalsAfter(b int) (w, y, z float64, f int32) {
	if b < kp.afterEnd {
		return kp.afterW, kp.afterY, kp.aftZ, kp.afterF
	}
	items := kp.items
	w, y, z, f = kp.tw, kp.ty, kp.tz, kp.tf
	i := b
	for i < len(items) {
		it := &items[i]
		if it.Kind == Box || it.forced() && i > b {
			break
		}
		if it.Kind == Glue {
			w += it.Width
			if math.IsInf(it.Stretch, 1) {
				f++
			} else {
				y += it.Stretch
			}
			z += it.Shrink
		}
		i++
	}
	kp.afterEnd, kp.afterW, kp.afterY, kp.aftZ, kp.afterF = i, w, y, z, f
	return w, y, z, f
}

// compact drops the passive entries no active node leads back to, so
// memory stays proportional to the live paths rather than to every
// feasible break seen.
func (kp *knuthPlass) compact() {
	n := len(kp.passive)
	if cap(kp.mark) < n {
		kp.mark = make([]int32, n)
	}
	mark := kp.mark[:n]
	for i := range mark {
		mark[i] = -1
	}
	for _, a := range kp.active {
		if a.dead {
			continue
		}
		for i := a.passive; i >= 0 && mark[i] < 0; i = kp.passive[i].prev {
			mark[i] = 0
		}
	}
	next := int32(0)
	for i := range kp.passive {
		if mark[i] < 0 {
			continue
		}
		mark[i] = next
		pe := kp.passive[i]
		if pe.prev >= 0 {
			pe.prev = mark[pe.prev]
		}
		kp.passive[next] = pe
		next++
	}
	kp.passive = kp.passive[:next]
	for i := range kp.active {
		if kp.active[i].dead {
			kp.active[i].passive = 0 // unreachable; any valid index
			continue
		}
		kp.active[i].passive = mark[kp.active[i].passive]
	}
	kp.nextCompact = max(2*int(next), 1<<14)
}

// lines walks back from the best final break and describes each line.
func (kp *knuthPlass) lines(best int32) []Line {
	var breaks []int
	for i := best; i >= 0 && kp.passive[i].pos >= 0; i = kp.passive[i].prev {
		breaks = append(breaks, int(kp.passive[i].pos))
	}
	slices.Reverse(breaks)
	lines := make([]Line, 0, len(breaks))
	start := 0
	for _, b := range breaks {
		lines = append(lines, makeLine(kp.items, start, b, kp.p.width(len(lines))))
		start = b + 1
	}
	return lines
}
