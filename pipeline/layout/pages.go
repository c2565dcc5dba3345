package layout

import "math"

// rawPage is a page as the page builder fills it, before it is numbered and
// placed on the paper.
type rawPage struct {
	boxes   []*vbox // the text, top to bottom
	notes   []*vbox // footnote lines at the foot
	head    string  // running head of left-hand pages
	subhead string  // running head of right-hand pages
	noHead  bool    // no running head: the number goes at the foot
	noFolio bool    // no page number at all: the title page
	recto   bool    // must be a right-hand page
	blank   bool    // left empty so that the next chapter starts on a right-hand page
	end     bool    // the last page of its flow
}

// pager fills pages with the boxes of a flow.
type pager struct {
	textH  float64
	sepH   float64 // the space and rule above footnotes
	pages  []*rawPage
	cur    *rawPage
	y      float64 // height of cur.boxes
	notes  []*note // footnotes referenced on cur, in order
	noteH  float64 // their height, with the separator
	carry  []*vbox // footnote lines continued from the previous page
	head   string
	sub    string
	queued []*vbox
	// floats are figures that did not fit the rest of their page: they
	// go at the top of the next one, in order, and the boxes after them
	// fill the gap meanwhile. forced are floats being placed from there,
	// which do not float again.
	floats []*vbox
	forced map[*vbox]bool
	// back holds the boxes put back to be placed before queued (after a
	// page break, the boxes after it; floats before the box that found
	// them waiting): at most a page's worth, so putting boxes back costs
	// a page, not the rest of the flow (a 10 MB paragraph, 7,000 pages,
	// allocated 1.5 GB when the whole queue was copied at every page).
	back []*vbox
	// tight is the first page whose spaces shrink whenever that lets the
	// next box in (see paginate); negative for none.
	tight int
}

// paginate stacks the flow on pages. A page breaks at the last place
// before the text block is full where a break is allowed: never between
// boxes joined by keep (a heading and what follows, the first or last two
// lines of a paragraph). Discardable space vanishes at the top of a page.
// Footnotes go at the foot of the page that references them; one too long
// for its page continues on the next.
func (e *engine) paginate() []*rawPage {
	pages := e.stack(-1)
	n := len(pages)
	if n < 2 || !e.shortEnd(pages[n-1]) {
		return pages
	}
	// The last page holds only a line or two: the run is stacked again
	// with the spaces of its last pages shrunk, from the page before the
	// last back, until it takes a page less (the preface of a book ended
	// on a page holding only "谢谢大家！"). At most maxTighten pages are
	// tightened, so that a long chapter is not set tight throughout.
	for from := n - 2; from >= max(0, n-1-maxTighten); from-- {
		if t := e.stack(from); len(t) < n {
			return t
		}
	}
	return pages
}

// maxTighten is how many pages before a chapter's last paginate may
// tighten to save that last page.
const maxTighten = 4

// shortEnd reports whether p, the last page of a run, holds no more than
// two lines of text: no heading, picture, table or footnote, nothing
// taller than a line and a half.
func (e *engine) shortEnd(p *rawPage) bool {
	if len(p.notes) > 0 || p.blank || p.noFolio {
		return false
	}
	lines := 0
	for _, b := range p.boxes {
		if b.glue || b.repeat {
			continue
		}
		if b.role&roleHeading != 0 || b.float || b.newPage || b.h > 1.5*e.g.leading {
			return false
		}
		for _, it := range b.items {
			if it.Kind == Picture {
				return false
			}
		}
		lines++
	}
	return lines > 0 && lines <= 2
}

// stack runs the pager over the flow. From page tight on (none when
// negative), a box that is over the foot goes on the page whenever the
// spaces of the page can shrink to take it.
func (e *engine) stack(tight int) []*rawPage {
	p := &pager{textH: e.g.textH, sepH: 0.9 * e.g.bodySize, tight: tight}
	p.cur = &rawPage{}
	p.queued = e.flow
	for len(p.back) > 0 || len(p.queued) > 0 || len(p.floats) > 0 {
		if len(p.back) == 0 && len(p.queued) == 0 {
			p.back = p.takeFloats()
		}
		var b *vbox
		if len(p.back) > 0 {
			b, p.back = p.back[0], p.back[1:]
		} else {
			b, p.queued = p.queued[0], p.queued[1:]
		}
		p.place(b)
	}
	if p.hasContent() || len(p.carry) > 0 {
		p.finish()
	}
	if n := len(p.pages); n > 0 {
		p.pages[n-1].end = true
	}
	return p.pages
}

func (p *pager) hasContent() bool { return hasText(p.cur.boxes) }

// putBack makes boxes the next to be placed, in order.
func (p *pager) putBack(boxes ...*vbox) {
	p.back = append(boxes, p.back...)
}

// takeFloats returns the waiting floats, to be placed next, where they stay.
func (p *pager) takeFloats() []*vbox {
	fl := p.floats
	p.floats = nil
	if p.forced == nil {
		p.forced = map[*vbox]bool{}
	}
	for _, f := range fl {
		p.forced[f] = true
	}
	return fl
}

func (p *pager) place(b *vbox) {
	// Floats waiting from the previous page go first on a new one, and
	// before a chapter's new page.
	if len(p.floats) > 0 && (b.newPage || !p.hasContent() && !b.float) {
		p.putBack(append(p.takeFloats(), b)...)
		return
	}
	if b.newPage && p.hasContent() {
		p.finish()
	}
	m := b.rare()
	if m.head != "" {
		p.head, p.sub = m.head, ""
	}
	if m.subhead != "" {
		p.sub = m.subhead
	}
	if len(p.cur.boxes) == 0 {
		p.cur.head = p.head
		if m.noHead {
			p.cur.noHead = true
		}
		if m.recto {
			p.cur.recto = true
		}
	}
	if b.glue && !p.hasContent() {
		return
	}
	// A table row first on a page after a break inside its table: the
	// table's header again above it.
	if m.header != nil && !p.hasContent() && !b.repeat {
		rep := *m.header
		rep.repeat, rep.keep = true, true
		if rep.more != nil {
			hm := *rep.more
			hm.dests, hm.notes = nil, nil
			rep.more = &hm
		}
		rep.items = artifacts(rep.items)
		p.cur.boxes = append(p.cur.boxes, &rep)
		p.y += rep.h
	}
	extra := 0.0
	var added []*note
	for _, n := range withNested(m.notes) {
		if !containsNote(p.notes, n) && !containsNote(added, n) {
			added = append(added, n)
			extra += n.h
		}
	}
	if extra > 0 && len(p.notes) == 0 && len(p.carry) == 0 {
		extra += p.sepH
	}
	if over := p.y + b.h + p.noteH + extra - p.textH; over > 0.01 && p.hasContent() && !p.squeeze(b, over, extra) {
		if b.float && !p.forced[b] {
			// It waits for the next page; what follows fills this one.
			p.floats = append(p.floats, b)
			return
		}
		p.breakBefore(b)
		return
	}
	if b.float && len(p.floats) > 0 && !p.forced[b] {
		// Floats keep their order.
		p.floats = append(p.floats, b)
		return
	}
	p.cur.boxes = append(p.cur.boxes, b)
	p.y += b.h
	p.notes = append(p.notes, added...)
	p.noteH += extra
}

// squeeze reports whether b goes on the current page although it is over
// too tall for it, by shrinking the spaces between its blocks (justify
// does): only when breaking before it would leave the page with more room
// at its foot than stretching its spaces could fill, so that it would end
// short of its facing page. Pages with footnotes are not squeezed.
func (p *pager) squeeze(b *vbox, over, extra float64) bool {
	if b.float || b.newPage || extra > 0 || len(p.notes) > 0 || len(p.carry) > 0 || over > shrinkRoom(p.cur.boxes) {
		return false
	}
	if p.tight >= 0 && len(p.pages) >= p.tight {
		return true
	}
	kept := p.cur.boxes[:p.breakPoint()]
	return p.textH-contentHeight(kept) > stretchRoom(kept)
}

// stretchRoom and shrinkRoom are how much the spaces between the blocks
// of a page may grow or shrink in all (see justify): by at most
// maxStretch of each plus 4 pt, by at most maxShrink of each.
const (
	maxStretch = 1.0
	maxShrink  = 0.5
)

func stretchRoom(boxes []*vbox) float64 {
	room := 0.0
	for _, g := range innerGlue(boxes) {
		room += maxStretch*g.h + 4
	}
	return room
}

func shrinkRoom(boxes []*vbox) float64 {
	room := 0.0
	for _, g := range innerGlue(boxes) {
		room += maxShrink * g.h
	}
	return room
}

// innerGlue returns the spaces between the first and the last box of
// boxes that are not spaces, but for the sink above a chapter's title,
// whose height is the design's (it is taller than any other space).
func innerGlue(boxes []*vbox) []*vbox {
	first, last := -1, -1
	for i, b := range boxes {
		if !b.glue {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	var out []*vbox
	for i := first + 1; i < last; i++ {
		if boxes[i].glue && !boxes[i].sink {
			out = append(out, boxes[i])
		}
	}
	return out
}

// breakPoint returns where the current page would end if it broke now:
// after its last box that does not keep with the next.
func (p *pager) breakPoint() int {
	boxes := p.cur.boxes
	j := len(boxes)
	// Space after a kept box is kept too: a heading, then the space
	// below it, then its first line must not break at the space.
	for j > 0 && (boxes[j-1].keep || boxes[j-1].glue && j > 1 && boxes[j-2].keep) {
		j--
	}
	if j == 0 || !hasText(boxes[:j]) {
		j = len(boxes) // nowhere allowed: break here anyway
	}
	return j
}

// breakBefore ends the page at its last allowed break and puts the boxes
// after it, and b, back in the queue.
func (p *pager) breakBefore(b *vbox) {
	boxes := p.cur.boxes
	j := p.breakPoint()
	tail := append(append([]*vbox(nil), boxes[j:]...), b)
	p.cur.boxes = boxes[:j]
	// The notes of the boxes that move go with them.
	p.notes, p.noteH = nil, 0
	if len(p.carry) > 0 {
		p.noteH = p.sepH
		for _, l := range p.carry {
			p.noteH += l.h
		}
	}
	for _, bx := range p.cur.boxes {
		for _, n := range withNested(bx.rare().notes) {
			if !containsNote(p.notes, n) {
				if len(p.notes) == 0 && len(p.carry) == 0 {
					p.noteH += p.sepH
				}
				p.notes = append(p.notes, n)
				p.noteH += n.h
			}
		}
	}
	p.finish()
	p.putBack(tail...)
}

// hasText reports whether boxes hold content: not only space, or a table
// header repeated at the top of a page.
func hasText(boxes []*vbox) bool {
	for _, b := range boxes {
		if !b.glue && !b.repeat {
			return true
		}
	}
	return false
}

// finish closes the current page: its footnote lines go at its foot, as
// many as fit; the rest continue on the next page.
func (p *pager) finish() {
	lines := p.carry
	for _, n := range p.notes {
		lines = append(lines, n.boxes...)
	}
	room := p.textH - p.y - p.sepH
	taken := 0
	h := 0.0
	for taken < len(lines) && h+lines[taken].h <= room+0.01 {
		h += lines[taken].h
		taken++
	}
	p.cur.notes = lines[:taken]
	p.carry = lines[taken:]
	p.cur.subhead = p.sub
	if p.cur.subhead == "" {
		p.cur.subhead = p.cur.head
	}
	p.pages = append(p.pages, p.cur)
	p.cur = &rawPage{head: p.head}
	p.y, p.notes, p.noteH = 0, nil, 0
	if len(p.carry) > 0 {
		p.noteH = p.sepH
		for _, l := range p.carry {
			p.noteH += l.h
		}
	}
}

// withNested returns notes and the notes their text refers to, and so on,
// each once, in order: a note referenced only from another note goes on
// the same page.
func withNested(notes []*note) []*note {
	if len(notes) == 0 {
		return nil
	}
	var out []*note
	var add func(n *note)
	add = func(n *note) {
		if containsNote(out, n) {
			return
		}
		out = append(out, n)
		for _, b := range n.boxes {
			for _, m := range b.rare().notes {
				add(m)
			}
		}
	}
	for _, n := range notes {
		add(n)
	}
	return out
}

func containsNote(notes []*note, n *note) bool {
	for _, m := range notes {
		if m == n {
			return true
		}
	}
	return false
}

// justify brings the foot of every page of a chapter but its last to the
// foot of the text block, so that facing pages end on the same line: the
// space a page break left at the foot is shared between the spaces
// between its blocks (between paragraphs, around headings, listings and
// figures), each in proportion to its height and within stretchRoom; a
// page the pager squeezed shrinks them within shrinkRoom. A page whose
// spaces cannot take it all keeps its slack, rather than open gaps a
// reader would notice.
func (e *engine) justify(pages []*rawPage) {
	sepH := 0.9 * e.g.bodySize
	for _, p := range pages {
		used := contentHeight(p.boxes)
		if len(p.notes) > 0 {
			used += sepH
			for _, n := range p.notes {
				used += n.h
			}
		}
		slack := e.g.textH - used
		if p.blank || p.end && slack >= 0 || math.Abs(slack) <= 0.01 {
			continue
		}
		gaps := innerGlue(p.boxes)
		if slack > stretchRoom(p.boxes) || -slack > shrinkRoom(p.boxes)+0.01 {
			continue
		}
		total := 0.0
		for _, g := range gaps {
			total += g.h
		}
		if total <= 0 {
			continue
		}
		for _, g := range gaps {
			g.h += slack * g.h / total
		}
	}
}
