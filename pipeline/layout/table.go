package layout

import (
	"unicode"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/doc"
	"golang.org/x/text/width"
)

// table lays out a table: column widths from the content within the text
// width, cell text wrapped, the header row on a tinted ground, rules
// between rows. Each row is one unbreakable box; the header row is kept
// with the first body row.
func (e *engine) table(n *doc.Node, ctx fonts.Context, bx box) {
	body := e.g.bodySize
	size := 0.92 * body
	pitch := 1.45 * size
	pad := 0.45 * size
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
	// minimum (its widest unbreakable word), within the text width.
	natural := make([]float64, cols)
	minimum := make([]float64, cols)
	for _, r := range rows {
		for i, c := range r.Children {
			nat, mn := e.cellWidths(c, ctx.Enter(r), size)
			natural[i] = max(natural[i], nat+2*pad)
			// A long URL must not claim the whole width: the line
			// breaker breaks it anywhere if it must.
			minimum[i] = max(minimum[i], min(mn, 0.3*bx.w)+2*pad)
		}
	}
	widths := distribute(natural, minimum, bx.w)

	e.gap(0.7 * body)
	if n.ID != "" {
		e.anchorBox(n.ID)
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	for ri, r := range rows {
		rctx := ctx.Enter(r)
		var cells [][]*vbox
		h := 0.0
		x := bx.x
		for i := range cols {
			var boxes []*vbox
			if i < len(r.Children) {
				c := r.Children[i]
				sub := &engine{b: e.b, fonts: e.fonts, g: e.g, fallback: e.fallback, codeFace: e.codeFace, looks: e.looks, ch: e.ch}
				align := c.Align
				if align == doc.AlignNone {
					align = doc.AlignLeft
				}
				for _, blk := range c.Children {
					if blk.Kind.HoldsInlines() {
						in := sub.newInline()
						in.nodes(blk.Children, rctx.Enter(c), look{size: size})
						sub.add(sub.setLines(in, setting{width: widths[i] - 2*pad, indent: x + pad, align: align, size: size, pitch: pitch})...)
						continue
					}
					sub.block(blk, rctx.Enter(c), box{x + pad, widths[i] - 2*pad})
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
		h += 2 * pad
		row := &vbox{h: h}
		// The ids of the row and its cells: the row's top.
		for _, c := range append([]*doc.Node{r}, r.Children...) {
			if c.ID != "" {
				row.dests = append(row.dests, destName(e.ch.Index, c.ID))
			}
		}
		if r.Header {
			row.items = append(row.items, Item{Kind: Box, X: bx.x, Y: 0, W: total, H: h, Color: colorTableHead})
			row.keep = true
		}
		for _, boxes := range cells {
			y := pad
			for _, b := range boxes {
				if b.glue {
					if y == pad {
						continue
					}
					y += b.h
					continue
				}
				for _, it := range b.items {
					it.Y += y
					if it.Kind == Rule {
						it.Y2 += y
					}
					row.items = append(row.items, it)
				}
				for _, l := range b.links {
					l.Y += y
					row.links = append(row.links, l)
				}
				row.dests = append(row.dests, b.dests...)
				y += b.h
			}
		}
		// Rules: above the first row, below every row; between columns.
		if ri == 0 {
			row.items = append(row.items, Item{Kind: Rule, X: bx.x, Y: 0, X2: bx.x + total, Y2: 0, LineWidth: 0.8, Color: colorRule})
		}
		width := 0.4
		if r.Header || ri == len(rows)-1 {
			width = 0.8
		}
		row.items = append(row.items, Item{Kind: Rule, X: bx.x, Y: h, X2: bx.x + total, Y2: h, LineWidth: width, Color: colorRule})
		e.add(row)
	}
	e.gap(0.7 * body)
}

// cellWidths returns the natural and minimum widths of a cell's text.
func (e *engine) cellWidths(c *doc.Node, ctx fonts.Context, size float64) (natural, minimum float64) {
	for _, blk := range c.Children {
		in := e.newInline()
		in.nodes(blk.Children, ctx.Enter(c), look{size: size})
		line, word := 0.0, 0.0
		for i, p := range in.pieces {
			s := in.spans[i]
			if s.image != nil {
				line += s.w
				word = max(word, s.w)
				continue
			}
			line += p.Measure(p.Text)
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

// distribute gives columns their widths: natural widths when they fit;
// otherwise every column its minimum and the rest in proportion to what
// each lacks of its natural width; when even the minimums do not fit,
// widths in proportion to the minimums.
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
	case sumMin >= avail:
		for i := range out {
			out[i] = avail * minimum[i] / sumMin
		}
	default:
		extra := avail - sumMin
		for i := range out {
			out[i] = minimum[i] + extra*(natural[i]-minimum[i])/(sumNat-sumMin)
		}
	}
	return out
}
