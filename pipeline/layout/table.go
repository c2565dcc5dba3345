package layout

import (
	"sort"
	"unicode"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/linebreak"
	"golang.org/x/text/width"
)

// Tables: column widths come from the content (each column's natural
// width, all on one line, and its minimum, its widest word) within the
// text width; cell text wraps, Chinese anywhere, as in paragraphs; cells
// are aligned as the GFM delimiter row says; the header row is bold. The
// table is a three-line table, as Chinese and Western technical books set
// them: a rule above it, one under its head and one below it, none between
// rows; centred when narrower than the text block; its caption (a
// <caption>, or the caption of the figure that holds it) above it. Each row is a box of its own, so a long table breaks
// between rows, and the header is repeated at the top of every page the
// table continues on (vbox.header). A row taller than a page is cut
// between lines. A table with more columns than fit the text width even
// at their minimum is set as several tables of consecutive columns, one
// under the other, each with its header.

// The rules of a three-line table: the top and bottom rules thicker than
// the one under the head, as booktabs sets them.
const (
	ruleThick = 0.8
	ruleThin  = 0.5
)

// tableStyle holds the sizes of a table.
type tableStyle struct {
	size, pitch, pad float64
}

// table lays out a table.
func (e *engine) table(n *doc.Node, ctx fonts.Context, bx box) {
	body := e.g.bodySize
	st := tableStyle{size: 0.92 * body}
	st.pitch = 1.45 * st.size
	st.pad = 0.45 * st.size
	var rows []*doc.Node
	for _, r := range n.Children {
		if r.Kind == doc.TableRow {
			rows = append(rows, r)
		}
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r.Children))
	}
	if cols == 0 {
		return
	}
	// Widths: each column's natural width (all on one line) and its
	// minimum (its widest unbreakable word), within the text width. A
	// column is never narrower than a Chinese character and its padding.
	natural := make([]float64, cols)
	minimum := make([]float64, cols)
	floor := st.size + 2*st.pad
	for i := range minimum {
		minimum[i] = floor
	}
	for _, r := range rows {
		for i, c := range r.Children {
			nat, mn := e.cellWidths(c, ctx.Enter(r), st.size)
			// A point to spare: the line breaker must not find the
			// natural width a hair too narrow.
			natural[i] = max(natural[i], nat+2*st.pad+1)
			// A long URL must not claim the whole width: the line
			// breaker breaks it anywhere if it must. A short cell
			// is not wrapped at all.
			if nat <= 8*st.size {
				mn = max(mn, nat+1)
			}
			minimum[i] = max(minimum[i], min(mn, 0.3*bx.w)+2*st.pad)
		}
	}
	for i := range natural {
		natural[i] = max(natural[i], minimum[i])
	}

	e.gap(0.7 * body)
	if n.ID != "" {
		e.anchorBox(n.ID)
	}
	for _, c := range n.Children {
		if c.Kind == doc.Caption {
			e.caption(c, ctx, bx, true)
			break
		}
	}
	for gi, g := range columnGroups(minimum, bx.w) {
		if gi > 0 {
			e.gap(0.7 * body)
		}
		widths := distribute(natural[g[0]:g[1]], minimum[g[0]:g[1]], bx.w)
		e.tableColumns(rows, g[0], widths, ctx, bx, st)
	}
	e.gap(0.7 * body)
}

// tableColumns sets columns first to first+len(widths) of the rows.
func (e *engine) tableColumns(rows []*doc.Node, first int, widths []float64, ctx fonts.Context, bx box, st tableStyle) {
	total := 0.0
	for _, w := range widths {
		total += w
	}
	// Centred in the text block when narrower.
	bx = box{bx.x + max(0, bx.w-total)/2, total}
	// The header: the rows of the table head, stacked in one box.
	nh := 0
	for nh < len(rows) && rows[nh].Header {
		nh++
	}
	var header *vbox
	if nh > 0 {
		var hb []*vbox
		for i, r := range rows[:nh] {
			b, _ := e.tableRow(r, first, widths, ctx, bx, st)
			if i == 0 {
				b.items = append(b.items, rule(bx.x, 0, bx.x+total, 0, ruleThick, colorTableRule))
			}
			if i == nh-1 {
				b.items = append(b.items, rule(bx.x, b.h, bx.x+total, b.h, ruleThin, colorTableRule))
			}
			hb = append(hb, b)
		}
		header = stack(hb)
		header.keep = true // with the first row
		e.add(header)
	}
	// A header taller than a third of the page is not repeated: it
	// would crowd out the rows.
	repeat := header
	if header != nil && header.h > e.g.textH/3 {
		repeat = nil
	}
	maxH := 0.9 * e.g.textH
	if repeat != nil {
		maxH -= repeat.h
	}
	for ri, r := range rows[nh:] {
		b, cuts := e.tableRow(r, first, widths, ctx, bx, st)
		if ri == 0 && header == nil {
			b.items = append(b.items, rule(bx.x, 0, bx.x+total, 0, ruleThick, colorTableRule))
		}
		if nh+ri == len(rows)-1 {
			b.items = append(b.items, rule(bx.x, b.h, bx.x+total, b.h, ruleThick, colorTableRule))
		}
		for _, part := range sliceBox(b, cuts, maxH) {
			if repeat != nil {
				part.extra().header = repeat
			}
			e.add(part)
		}
	}
}

// tableRow sets one row's cells in columns first on, and returns the row's
// box and the heights at which it may be cut: below a line of every cell.
func (e *engine) tableRow(r *doc.Node, first int, widths []float64, ctx fonts.Context, bx box, st tableStyle) (*vbox, []float64) {
	rctx := ctx.Enter(r)
	var cells [][]*vbox
	h := 0.0
	x := bx.x
	for i := range widths {
		var boxes []*vbox
		if k := first + i; k < len(r.Children) {
			c := r.Children[k]
			sub := &engine{b: e.b, fonts: e.fonts, g: e.g, fallback: e.fallback, codeFace: e.codeFace, looks: e.looks, ch: e.ch, notes: e.notes}
			align := c.Align
			if align == doc.AlignNone {
				align = doc.AlignLeft
			}
			inner := widths[i] - 2*st.pad
			for _, blk := range c.Children {
				if blk.Kind.HoldsInlines() {
					in := sub.newInline()
					in.nodes(blk.Children, rctx.Enter(c).Enter(blk), look{size: st.size})
					lines := sub.setLines(in, setting{width: inner, indent: x + st.pad, align: align, size: st.size, pitch: st.pitch})
					tagBoxes(lines, blk, RoleText)
					sub.add(lines...)
					continue
				}
				sub.block(blk, rctx.Enter(c), box{x + st.pad, inner})
			}
			boxes = sub.flow
		}
		ch := 0.0
		for _, b := range boxes {
			ch += b.h
		}
		h = max(h, ch)
		cells = append(cells, boxes)
		x += widths[i]
	}
	h += 2 * st.pad
	row := &vbox{h: h}
	// The ids of the row and its cells: the row's top.
	for _, c := range append([]*doc.Node{r}, r.Children...) {
		if c.ID != "" {
			m := row.extra()
			m.dests = append(m.dests, destName(e.ch.Index, c.ID))
		}
	}
	// Where the row may be cut: at a height where no cell has a line
	// across it.
	var ends []float64
	for _, boxes := range cells {
		y := st.pad
		for _, b := range boxes {
			if b.glue {
				if y > st.pad {
					y += b.h
				}
				continue
			}
			row.addAt(b, y)
			y += b.h
			ends = append(ends, y)
		}
	}
	// A cut must fall at a line's end in one cell and cross no line of
	// another.
	var cuts []float64
	seen := map[float64]bool{}
	for _, c := range ends {
		ok := true
		for _, boxes := range cells {
			y := st.pad
			for _, b := range boxes {
				if b.glue && y == st.pad {
					continue
				}
				if !b.glue && c > y+0.01 && c < y+b.h-0.01 {
					ok = false
				}
				y += b.h
			}
		}
		if ok && !seen[c] {
			seen[c] = true
			cuts = append(cuts, c)
		}
	}
	return row, cuts
}

// sliceBox cuts box b, taller than maxH, into boxes at most maxH high
// where it can, at the heights cuts allows (unsorted): the parts follow
// one another on a page or across a break. Items belong to the part their
// top (a glyph run's baseline) falls in; rules at the bottom go with the
// last part. A box that fits, or cannot be cut, is returned as it is.
func sliceBox(b *vbox, cuts []float64, maxH float64) []*vbox {
	if b.h <= maxH || len(cuts) == 0 {
		return []*vbox{b}
	}
	sort.Float64s(cuts)
	var parts []*vbox
	start := 0.0
	for start < b.h {
		end := b.h
		if b.h-start > maxH {
			end = -1.0
			for _, c := range cuts {
				if c > start+0.01 && c-start <= maxH {
					end = c
				}
			}
			if end < 0 {
				// No cut in reach: the first one after, or the end.
				end = b.h
				for _, c := range cuts {
					if c > start+0.01 {
						end = c
						break
					}
				}
			}
		}
		part := &vbox{h: end - start, frames: b.frames}
		last := end >= b.h
		in := func(y float64) bool { return y >= start && (y < end || last) }
		for _, it := range b.items {
			y := it.Y
			if it.Kind == Rule && it.Y == it.Y2 && it.Y >= b.h-0.01 {
				y = b.h // the bottom rule
			}
			if in(y) {
				part.items = append(part.items, it.lowered(-start))
			}
		}
		m := b.rare()
		var links []Link
		for _, l := range m.links {
			if in(l.Y) {
				l.Y -= start
				links = append(links, l)
			}
		}
		for _, c := range b.code {
			if in(c.Y) {
				c.Y -= start
				part.code = append(part.code, c)
			}
		}
		if start > 0 {
			m.dests, m.notes = nil, nil
		}
		if len(links)+len(m.dests)+len(m.notes) > 0 {
			part.more = &boxMore{links: links, dests: m.dests, notes: m.notes}
		}
		parts = append(parts, part)
		start = end
	}
	return parts
}

// addAt adds the content of box b to dst, b's top y below dst's: its
// items, links and code rows moved down by y, its destinations and notes.
func (dst *vbox) addAt(b *vbox, y float64) {
	for _, it := range b.items {
		dst.items = append(dst.items, it.lowered(y))
	}
	for _, c := range b.code {
		c.Y += y
		dst.code = append(dst.code, c)
	}
	src := b.rare()
	if len(src.links)+len(src.dests)+len(src.notes) == 0 {
		return
	}
	m := dst.extra()
	for _, l := range src.links {
		l.Y += y
		m.links = append(m.links, l)
	}
	m.dests = append(m.dests, src.dests...)
	for _, n := range src.notes {
		if !containsNote(m.notes, n) {
			m.notes = append(m.notes, n)
		}
	}
}

// stack puts boxes one under the other in one box.
func stack(boxes []*vbox) *vbox {
	out := &vbox{}
	for _, b := range boxes {
		out.addAt(b, out.h)
		out.h += b.h
	}
	return out
}

// columnGroups splits columns into runs whose minimum widths fit avail:
// one run, the whole table, when they all fit.
func columnGroups(minimum []float64, avail float64) [][2]int {
	var out [][2]int
	start, sum := 0, 0.0
	for i, w := range minimum {
		if i > start && sum+w > avail {
			out = append(out, [2]int{start, i})
			start, sum = i, 0
		}
		sum += w
	}
	return append(out, [2]int{start, len(minimum)})
}

// cellWidths returns the natural and minimum widths of a cell's text.
func (e *engine) cellWidths(c *doc.Node, ctx fonts.Context, size float64) (natural, minimum float64) {
	for _, blk := range c.Children {
		if !blk.Kind.HoldsInlines() {
			// A block in a cell (a list, a listing): as wide as the
			// text around it allows.
			minimum = max(minimum, 6*size)
			natural = max(natural, 20*size)
			continue
		}
		in := e.newInline()
		in.nodes(blk.Children, ctx.Enter(c).Enter(blk), look{size: size})
		if len(in.pieces) == 0 {
			continue
		}
		// The natural width as the line breaker sets the text on one
		// line: with the space between Han and Latin it adds.
		para := (&linebreak.Builder{}).Build(in.pieces)
		line := 0.0
		for _, it := range para.Items {
			if it.Kind != linebreak.Penalty {
				line += it.Width
			}
		}
		word := 0.0
		for i, p := range in.pieces {
			s := in.spans[i]
			if s.image != nil {
				word = max(word, s.w)
				continue
			}
			word = max(word, longestWord(p.Text, p.Measure))
		}
		natural = max(natural, line)
		minimum = max(minimum, word)
	}
	return natural, minimum
}

// longestWord is the width of the widest run of text without a space:
// Chinese text can break between any two characters, so its words are one
// character wide.
func longestWord(text string, measure func(string) float64) float64 {
	best, start := 0.0, -1
	flush := func(end int) {
		if start >= 0 {
			best = max(best, measure(text[start:end]))
			start = -1
		}
	}
	for i, r := range text {
		switch {
		case unicode.IsSpace(r):
			flush(i)
		case width.LookupRune(r).Kind() == width.EastAsianWide || width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			flush(i)
			best = max(best, measure(string(r)))
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush(len(text))
	return best
}

// distribute gives columns their widths within avail: natural widths when
// they fit. Otherwise, as browsers do, columns narrower than a fair share
// of the width left keep their natural width (short cells do not wrap),
// and the others share the rest in proportion to their natural widths,
// none below its minimum. When even the minimums do not fit (a single
// column group wider than the page), widths go in proportion to them.
func distribute(natural, minimum []float64, avail float64) []float64 {
	sumNat, sumMin := 0.0, 0.0
	for i := range natural {
		sumNat += natural[i]
		sumMin += minimum[i]
	}
	out := make([]float64, len(natural))
	switch {
	case sumNat <= avail:
		copy(out, natural)
		return out
	case sumMin >= avail:
		for i := range out {
			out[i] = avail * minimum[i] / sumMin
		}
		return out
	}
	fixed := make([]bool, len(natural))
	left, flex := avail, len(natural)
	for moved := true; moved && flex > 0; {
		moved = false
		fair := left / float64(flex)
		for i := range natural {
			if !fixed[i] && natural[i] <= fair {
				out[i], fixed[i] = natural[i], true
				left -= natural[i]
				flex--
				moved = true
			}
		}
	}
	// The rest in proportion to natural widths, raising any below its
	// minimum to it and sharing again.
	for moved := true; moved; {
		moved = false
		nat := 0.0
		for i := range natural {
			if !fixed[i] {
				nat += natural[i]
			}
		}
		for i := range natural {
			if fixed[i] {
				continue
			}
			out[i] = left * natural[i] / nat
			if out[i] < minimum[i] {
				out[i], fixed[i] = minimum[i], true
				left -= minimum[i]
				moved = true
				break
			}
		}
	}
	return out
}
