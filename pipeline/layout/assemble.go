package layout

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
)

// assemble puts the pages of every run in order behind the cover, title
// page and table of contents, numbers them (front matter in roman
// numerals, the body from 1), places them on the paper (the text block's
// side margins alternate between right- and left-hand pages) and adds
// running heads, page numbers, footnote areas and the outline. With drop,
// it drops each raw page, in laid too, once it is placed.
func (e *engine) assemble(runs [][]*book.Chapter, laid [][]*rawPage, drop bool) *Document {
	doc := &Document{Width: e.g.pageW, Height: e.g.pageH, Dests: map[string]Dest{}}
	pages, styles := e.withContents(runs, laid)
	if drop {
		clear(laid)
	}
	labels, ranges := number(styles)
	doc.Labels = ranges
	doc.Pages = make([]*Page, 0, len(pages))
	for i, p := range pages {
		page := &Page{Index: i, Label: labels[i]}
		e.place(doc, page, p)
		doc.Pages = append(doc.Pages, page)
		if drop {
			pages[i] = nil
		}
	}
	doc.Outline = e.outline(e.b.TOC)
	return doc
}

// order returns the pages of the book in order, with the style of their
// numbers: the cover and its blank back, the title page, the table of
// contents (toc), then the runs. As in a printed book, the title page, the
// contents and page 1 are right-hand pages (even indexes), and so is every
// chapter's opening when book.yaml asks (recto): a blank page goes before
// one that would fall on a left-hand page, numbered with the pages before
// it (so that the body starts at 1) but showing nothing.
func (e *engine) order(runs [][]*book.Chapter, laid [][]*rawPage, toc []*rawPage) ([]*rawPage, []LabelStyle) {
	var pages []*rawPage
	var styles []LabelStyle
	add := func(p *rawPage, style LabelStyle, recto bool) {
		if recto && len(pages)%2 == 1 {
			prev := style
			if len(styles) > 0 {
				prev = styles[len(styles)-1]
			}
			pages = append(pages, &rawPage{blank: true, noHead: true})
			styles = append(styles, prev)
		}
		pages = append(pages, p)
		styles = append(styles, style)
	}
	if e.b.Cover != nil && e.b.Cover.NoPDF == "" {
		add(&rawPage{noHead: true, end: true, boxes: []*vbox{e.coverBox()}}, NoLabel, false)
	}
	add(&rawPage{noHead: true, noFolio: true, boxes: e.titleBoxes()}, Roman, true)
	for k, p := range toc {
		add(p, Roman, k == 0)
	}
	front := true
	for i, run := range runs {
		first := false
		if front && run[0].Role != book.Front {
			front, first = false, true
		}
		style := Decimal
		if front {
			style = Roman
		}
		for k, p := range laid[i] {
			add(p, style, k == 0 && (p.recto || first))
		}
	}
	return pages, styles
}

// number gives every page its label, and the ranges of page labels: the
// count restarts where the style changes.
func number(styles []LabelStyle) ([]string, []LabelRange) {
	labels := make([]string, len(styles))
	var ranges []LabelRange
	n := 0
	for i, style := range styles {
		if i == 0 || styles[i-1] != style {
			ranges = append(ranges, LabelRange{First: i, Style: style, Start: 1})
			n = 0
		}
		n++
		labels[i] = label(style, n)
	}
	return labels, ranges
}

// label formats page number n in style.
func label(style LabelStyle, n int) string {
	switch style {
	case Roman:
		return roman(n)
	case NoLabel:
		return ""
	}
	return strconv.Itoa(n)
}

// roman returns n in lower-case Roman numerals.
func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// place draws raw page p onto page: boxes in the text block, frames behind
// them, footnotes at the foot, the running head and the page number.
func (e *engine) place(doc *Document, page *Page, p *rawPage) {
	left := e.g.left(page.Index)
	top := e.g.top
	page.Block = Rect{left, top, e.g.textW, e.g.textH}
	page.Blank, page.End = p.blank, p.end || p.noFolio
	page.Bottom = top + contentHeight(p.boxes)
	if len(p.notes) > 0 {
		page.Bottom = top + e.g.textH
	}
	var frames frameSpans
	y := top
	// The page's items, links and code rows each in one allocation of
	// their exact size: the frames, behind the boxes' items, the notes'
	// (below their rule) and the furniture. The page model is most of
	// what a build holds.
	furniture := e.furniture(page, p, left)
	count, links, code := len(furniture), 0, 0
	for _, b := range p.boxes {
		frames.add(b, y)
		y += b.h
		count, links, code = count+len(b.items), links+len(b.rare().links), code+len(b.code)
	}
	if len(p.notes) > 0 {
		count++
	}
	for _, b := range p.notes {
		count, links, code = count+len(b.items), links+len(b.rare().links), code+len(b.code)
	}
	behind := frames.items(left)
	page.Items = append(make([]Item, 0, len(behind)+count), behind...)
	if links > 0 {
		page.Links = make([]Link, 0, links)
	}
	if code > 0 {
		page.Code = make([]CodeRow, 0, code)
	}
	y = top
	for _, b := range p.boxes {
		e.emit(doc, page, &page.Items, b, left, y)
		y += b.h
	}

	// Footnotes, at the foot of the text block.
	if len(p.notes) > 0 {
		h := 0.0
		for _, b := range p.notes {
			h += b.h
		}
		ny := top + e.g.textH - h
		page.NoteTop = ny
		ry := ny - 0.45*e.g.bodySize
		page.Items = append(page.Items, rule(left, ry, left+e.g.textW/4, ry, 0.5, colorRule))
		for _, b := range p.notes {
			e.emit(doc, page, &page.Items, b, left, ny)
			ny += b.h
		}
	}
	for _, it := range furniture {
		it.Furniture = true
		page.Items = append(page.Items, it)
	}
}

// contentHeight is the height of boxes without the space after the last
// that is not space.
func contentHeight(boxes []*vbox) float64 {
	n := len(boxes)
	for n > 0 && boxes[n-1].glue {
		n--
	}
	h := 0.0
	for _, b := range boxes[:n] {
		h += b.h
	}
	return h
}

// emit copies the items, links and destinations of box b to the page, the
// box's top at y.
func (e *engine) emit(doc *Document, page *Page, items *[]Item, b *vbox, left, y float64) {
	for _, it := range b.items {
		*items = append(*items, it.moved(left, y))
	}
	m := b.rare()
	for _, l := range m.links {
		l.X += left
		l.Y += y
		page.Links = append(page.Links, l)
	}
	for _, r := range b.code {
		r.X += left
		r.Y += y
		page.Code = append(page.Code, r)
	}
	for _, d := range m.dests {
		if _, dup := doc.Dests[d]; !dup {
			doc.Dests[d] = Dest{Page: page.Index, Y: y}
		}
	}
}

// furniture returns the running head and the page number: in the head, at
// the outer edge, on ordinary pages; at the foot, centred, on pages that
// open a chapter; none on the title page, as in a printed book.
func (e *engine) furniture(page *Page, p *rawPage, left float64) []Item {
	if p.blank || p.noFolio || page.Label == "" {
		return nil
	}
	page.Folio = true
	size := 0.82 * e.g.bodySize
	right := left + e.g.textW
	verso := page.Index%2 == 1
	if p.noHead {
		y := e.g.top + e.g.textH + 0.55*e.g.bottom
		w := e.textWidth(page.Label, size)
		return e.glyphs(fonts.Body, fonts.Regular, page.Label, left+(e.g.textW-w)/2, y, size, colorMuted)
	}
	page.Header = true
	y := e.g.top - 1.4*e.g.bodySize
	ry := y + 0.45*size
	out := []Item{rule(left, ry, right, ry, 0.4, colorRule)}
	num := page.Label
	head := p.subhead
	if verso {
		head = p.head
	}
	nw := e.textWidth(num, size)
	// The running head may not cross the page number.
	items, hw := e.headLine(head, size, e.g.textW-nw-2*e.g.bodySize)
	x := right - nw - 1.5*e.g.bodySize - hw
	if verso {
		out = append(out, e.glyphs(fonts.Body, fonts.Regular, num, left, y, size, colorMuted)...)
		x = left + nw + 1.5*e.g.bodySize
	} else {
		out = append(out, e.glyphs(fonts.Body, fonts.Regular, num, right-nw, y, size, colorMuted)...)
	}
	for _, it := range items {
		it.X += x
		it.Y = y
		out = append(out, it)
	}
	return out
}

// headLine sets a running head on one line as body text is set (the
// quarter em between Chinese and Latin, the fonts of each character),
// shortened with an ellipsis to fit width, and returns its items, from
// x = 0, and its width.
func (e *engine) headLine(text string, size, width float64) ([]Item, float64) {
	set := func(text string) ([]Item, float64) {
		in := e.newInline()
		in.text(e.root(), look{size: size, color: colorMuted}, text)
		lines := e.setLines(in, setting{width: 1e5, align: doc.AlignLeft, size: size, pitch: size})
		e.release(in)
		var items []Item
		w := 0.0
		for _, l := range lines {
			for _, it := range l.items {
				if it.Kind == Glyphs {
					items = append(items, it)
					w = max(w, it.X+it.W)
				}
			}
		}
		return items, w
	}
	items, w := set(text)
	if w <= width {
		return items, w
	}
	// The longest start that fits, by bisection: a title may be long.
	r := []rune(text)
	short := func(k int) string { return strings.TrimRightFunc(string(r[:k]), unicode.IsSpace) + "…" }
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if _, w := set(short(mid)); w <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return set(short(lo))
}

// textWidth measures text in the body chain.
func (e *engine) textWidth(text string, size float64) float64 {
	w := 0.0
	for _, r := range e.fonts.Runs(fonts.Body, fonts.Regular, text) {
		w += e.measure(r.Face, r.Text, size)
	}
	return w
}

// outline turns the table of contents into bookmarks.
func (e *engine) outline(entries []*book.TOCEntry) []*Bookmark {
	var out []*Bookmark
	for _, t := range entries {
		bm := &Bookmark{Title: e.entryTitle(t), Dest: destName(t.Chapter, t.Anchor), Open: t.Kind == book.TOCPart}
		bm.Children = e.outline(t.Entries())
		out = append(out, bm)
	}
	return out
}

// coverBox is the cover image, filling the page's text block.
func (e *engine) coverBox() *vbox {
	a := e.b.Cover
	w, h := float64(a.Width), float64(a.Height)
	if w <= 0 || h <= 0 {
		w, h = 1, 1
	}
	maxW, maxH := e.g.textW, e.g.textH
	scale := min(maxW/w, maxH/h)
	w, h = w*scale, h*scale
	return &vbox{h: maxH, items: []Item{pictureItem(a, (maxW-w)/2, (maxH-h)/2, w, h)}}
}

// titleBoxes is the title page: title, subtitle and authors, a little
// above the middle of the page, smaller when they would not fit it.
func (e *engine) titleBoxes() []*vbox {
	top := 0.28 * e.g.textH
	for scale := 1.0; ; scale *= 0.8 {
		out, h := e.titleAt(scale)
		if h+top <= e.g.textH {
			return append([]*vbox{{h: top}}, out...)
		}
		if 2.4*scale <= 1 {
			// Even with the title at the size of the text it takes
			// more than the page: what fits is shown (the metadata
			// have the whole title).
			used := 0.0
			for i, b := range out {
				if used += b.h; used > e.g.textH {
					return out[:i]
				}
			}
			return out
		}
	}
}

// titleAt sets the title page's text at scale times its normal sizes and
// returns its boxes and their height.
func (e *engine) titleAt(scale float64) ([]*vbox, float64) {
	m := e.b.Manifest
	body := e.g.bodySize
	var out []*vbox
	// Set by the line breaker, centred: a long title wraps instead of
	// running off the page, and Chinese next to Latin gets its quarter
	// em as in the text.
	line := func(text string, size float64, style fonts.Style, color RGB, after float64) {
		if text == "" {
			return
		}
		size *= scale
		in := e.newInline()
		ctx := e.root()
		ctx.Role, ctx.Style = fonts.Heading, style
		in.text(ctx, look{size: size, color: color}, text)
		lines := e.setLines(in, setting{width: e.g.textW, align: doc.AlignCenter, size: size, pitch: 1.3 * size})
		tagBoxes(lines, &doc.Node{Kind: doc.Paragraph}, RoleTitle)
		for _, l := range lines {
			l.keep = true
		}
		out = append(out, lines...)
		out = append(out, &vbox{h: after})
	}
	line(m.Title, 2.4*body, fonts.Bold, colorText, body)
	line(m.Subtitle, 1.4*body, fonts.Regular, colorMuted, body)
	out = append(out, &vbox{h: 2 * body})
	line(strings.Join(m.Authors, "　"), 1.2*body, fonts.Regular, colorText, 0)
	h := 0.0
	for _, b := range out {
		h += b.h
	}
	return out, h
}
