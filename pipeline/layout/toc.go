package layout

import (
	"strings"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/lang"
)

// The table of contents goes right after the title page, before the
// preface and the other front chapters, as in the Chicago Manual of Style's
// order of the front matter (1.4) and in most printed technical books
// (Addison-Wesley's The Go Programming Language among them): the reader
// finds it where the bookmarks pane starts, and it lists the front
// chapters too. It lists the entries of book.TOC, the same as the outline:
// parts, chapters, their sections and their headings down to
// output.toc_depth, indented by level, each with dot leaders and the
// number printed on the page its heading is on, and each a link there.

// withContents returns the pages of the book in order, with the style of
// their numbers, the table of contents included. The contents' own length
// moves the pages behind it, and so the front matter's numbers it prints.
// The chapters are laid out first; the contents are set assuming they take
// n pages (one at first), with the numbers the pages get behind n pages;
// when they take more, they are set again assuming that many. Contents
// shorter than assumed (narrower numbers may shorten them) are padded with
// blank pages, so that the numbers stay right. The body is numbered from 1
// whatever the length of the front matter.
func (e *engine) withContents(runs [][]*book.Chapter, laid [][]*rawPage) ([]*rawPage, []LabelStyle) {
	entries := e.tocLines(e.b.TOC, 0, nil)
	if len(entries) == 0 {
		return e.order(runs, laid, nil)
	}
	at := destPages(laid)
	for i := range entries {
		entries[i].linked = at[entries[i].dest] != nil
	}
	assumed := 1
	for {
		stand := make([]*rawPage, assumed)
		for i := range stand {
			stand[i] = &rawPage{}
		}
		pages, styles := e.order(runs, laid, stand)
		labels, _ := number(styles)
		index := make(map[*rawPage]int, len(pages))
		for i, p := range pages {
			index[p] = i
		}
		numbers := make([]string, len(entries))
		for i, t := range entries {
			if p := at[t.dest]; p != nil && t.numbered {
				numbers[i] = labels[index[p]]
			}
		}
		toc := e.contents(entries, numbers)
		if len(toc) <= assumed {
			for len(toc) < assumed {
				toc = append(toc, &rawPage{blank: true, noHead: true})
			}
			return e.order(runs, laid, toc)
		}
		assumed = len(toc)
	}
}

// tocLine is an entry of the table of contents with its level.
type tocLine struct {
	title    string
	dest     string
	level    int  // nesting depth, 0 at the top
	part     bool // a part: set larger, kept with its first chapter
	chapter  bool // a chapter that starts on a new page: set bold
	numbered bool // it has a page of its own (not a part without introduction)
	parent   bool // entries nested under it follow
	linked   bool // its destination exists: it is a link
}

// tocLines flattens the table of contents in reading order. A part with no
// introduction links to its first chapter, as the outline does.
func (e *engine) tocLines(entries []*book.TOCEntry, level int, out []tocLine) []tocLine {
	for _, t := range entries {
		kids := t.Entries()
		chapter := t.Kind == book.TOCChapter && t.Chapter < len(e.b.Chapters) && e.b.Chapters[t.Chapter].Depth == 0
		out = append(out, tocLine{
			title:    e.entryTitle(t),
			dest:     destName(t.Chapter, t.Anchor),
			level:    level,
			part:     t.Kind == book.TOCPart,
			chapter:  chapter,
			numbered: t.Linked,
			parent:   len(kids) > 0,
		})
		out = e.tocLines(kids, level+1, out)
	}
	return out
}

// entryTitle is the title an entry shows: a chapter's as its opening
// shows it (see chapterTitle).
func (e *engine) entryTitle(t *book.TOCEntry) string {
	if t.Kind == book.TOCChapter && t.Anchor == "" && t.Chapter < len(e.b.Chapters) {
		return e.chapterTitle(t.Chapter)
	}
	return t.Title
}

// destPages maps every destination of the laid-out runs to its page, the
// first one when a name occurs twice, as assemble records them.
func destPages(laid [][]*rawPage) map[string]*rawPage {
	out := map[string]*rawPage{}
	for _, run := range laid {
		for _, p := range run {
			for _, boxes := range [][]*vbox{p.boxes, p.notes} {
				for _, b := range boxes {
					for _, d := range b.rare().dests {
						if _, dup := out[d]; !dup {
							out[d] = p
						}
					}
				}
			}
		}
	}
	return out
}

// contents sets the table of contents, numbers[i] the page number of
// entries[i] ("" for none), and returns its pages.
func (e *engine) contents(entries []tocLine, numbers []string) []*rawPage {
	te := *e
	te.flow, te.frames, te.ch, te.notes = nil, nil, nil, nil
	body := e.g.bodySize
	title := lang.LabelsFor(e.b.Manifest.Language).Contents
	te.add(&vbox{newPage: true, more: &boxMore{noHead: true, head: title}})
	size := headingScale[1] * body
	te.add(&vbox{h: 1.3 * size, items: te.glyphs(fonts.Heading, fonts.Bold, title, 0, 1.03*size, size, colorText)})
	te.gap(1.2 * body)

	// The page numbers' column: as wide as the widest number, so that
	// the leaders of every line end at the same place.
	numW := 0.0
	for i, n := range numbers {
		numW = max(numW, te.tocWidth(n, entries[i].style(), body))
	}
	l := leaders{e: &te, size: body}
	l.init()
	l.end = e.g.textW - numW - 0.4*body
	for i, t := range entries {
		te.tocEntry(t, numbers[i], &l, i == 0)
	}
	// As a chapter's: the pager may squeeze a page, which justify then
	// shrinks to fit, and facing pages end on the same line.
	pages := te.paginate()
	te.justify(pages)
	return pages
}

// style is the font style of an entry: parts and chapters bold.
func (t tocLine) style() fonts.Style {
	if t.part || t.chapter {
		return fonts.Bold
	}
	return fonts.Regular
}

// tocWidth measures text in the body chain, in style.
func (e *engine) tocWidth(text string, style fonts.Style, size float64) float64 {
	w := 0.0
	for _, r := range e.fonts.Runs(fonts.Body, style, text) {
		w += e.measure(r.Face, r.Text, size)
	}
	return w
}

// tocEntry sets one entry: its title from its level's indent, broken into
// lines with a hanging indent when it is long, then dot leaders and its
// page number, right-aligned, on the last line. Every line of it is a link
// to the entry's destination, from its indent to the page number.
func (e *engine) tocEntry(t tocLine, number string, l *leaders, first bool) {
	body := e.g.bodySize
	size := body
	switch {
	case t.part:
		size = 1.1 * body
		if !first {
			e.gap(1.1 * body)
		}
	case t.chapter && !first:
		e.gap(0.5 * body)
	}
	pitch := e.g.leading * size / body
	indent := min(float64(t.level)*1.5*body, 0.4*e.g.textW)
	hang := body
	// Titles stop short of the leaders' end, leaving room for a few dots.
	width := max(l.end-indent-2*body, 4*body)

	in := &inline{e: e}
	ctx := fonts.Root(e.b.Manifest.Language)
	ctx.Style = t.style()
	in.text(ctx, look{size: size}, t.title)
	lines := e.setLines(in, setting{width: width - hang, indent: indent + hang, first: -hang, align: doc.AlignLeft, size: size, pitch: pitch})
	if len(lines) == 0 {
		lines = []*vbox{{h: pitch}}
	}
	entry := &doc.Node{Kind: doc.Paragraph}
	tagBoxes(lines, entry, RoleContents)
	for _, ln := range lines {
		ln.keep = true
		if t.linked {
			m := ln.extra()
			m.links = append(m.links, Link{X: indent, Y: 0, W: e.g.textW - indent, H: ln.h, Dest: t.dest})
		}
	}
	last := lines[len(lines)-1]
	// A part or a chapter stays with the first entry under it.
	last.keep = t.parent && (t.part || t.chapter)
	if number != "" {
		baseline := pitch/2 + 0.38*size
		end := indent
		lastText := -1
		for i, it := range last.items {
			if it.Kind == Glyphs {
				baseline = it.Y
				end = max(end, it.X+it.W)
				lastText = i
			}
		}
		if lastText >= 0 {
			// The leaders are not read: the title and its number
			// read apart ("前言 vii").
			last.items[lastText].SpaceAfter = true
		}
		last.items = append(last.items, l.dots(end+0.5*body, baseline)...)
		w := e.tocWidth(number, t.style(), size)
		num := e.glyphs(fonts.Body, t.style(), number, e.g.textW-w, baseline, size, colorText)
		for k := range num {
			num[k].Node, num[k].Role = entry, RoleContents
		}
		last.items = append(last.items, num...)
	}
	e.add(lines...)
}

// leaders draws the dots between a title and its page number: dots on a
// grid that ends at the same place on every line, so that they line up
// down the page whatever the length of the titles. Chinese and Japanese
// books use the middle dot of their CJK face, centred on the line, as
// Chinese tables of contents do; others the full stop of the body face.
type leaders struct {
	e     *engine
	size  float64
	face  *fonts.Face
	dot   string
	adv   float64 // the dot's advance
	pitch float64 // from one dot to the next
	end   float64 // the grid's right end
}

func (l *leaders) init() {
	l.dot = "."
	if fonts.IsCJKLanguage(l.e.b.Manifest.Language) {
		if f := l.e.fonts.Face(fonts.Body, fonts.Regular, '·'); f != nil && f.CJK {
			l.dot = "·"
		}
	}
	l.face = l.e.fonts.Face(fonts.Body, fonts.Regular, []rune(l.dot)[0])
	if l.face == nil {
		l.face = l.e.fallback
	}
	l.adv = l.e.measure(l.face, l.dot, l.size)
	l.pitch = 0.5 * l.size
}

// dots returns the leader from x on, on baseline y: as many dots as fit
// between x and the grid's end, one glyph run spaced by the PDF's
// character spacing.
func (l *leaders) dots(x, y float64) []Item {
	n := int((l.end - x) / l.pitch)
	if n <= 0 || l.face == nil || !l.face.Has([]rune(l.dot)[0]) {
		return nil
	}
	start := l.end - float64(n)*l.pitch + (l.pitch-l.adv)/2
	return []Item{{Kind: Glyphs, X: start, Y: y, W: float64(n) * l.pitch, H: l.size, Face: l.face,
		Text: strings.Repeat(l.dot, n), CharSpacing: l.pitch - l.adv, Color: colorMuted}}
}
