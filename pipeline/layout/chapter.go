package layout

import (
	"strconv"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/lang"
)

// run lays out a run of chapters that starts on a new page: a chapter and
// the sections nested under it, which follow on.
func (e *engine) run(chs []*book.Chapter) {
	for k, ch := range chs {
		e.ch = ch
		e.notes = map[int]*note{}
		e.setNotes(ch)
		start := &vbox{more: &boxMore{dests: []string{destName(ch.Index, "")}}}
		if k == 0 {
			start.newPage = true
			start.more.recto = e.g.rectoStart
			start.more.noHead = true
			start.more.head = e.chapterTitle(ch.Index)
			e.add(start)
			if ch.Role != book.Front || ch.PartIntro {
				e.gap(0.12 * e.g.textH)
				e.flow[len(e.flow)-1].sink = true
			}
			if n, ok := e.numbers[ch.Index]; ok {
				e.chapterLabel(chapterNumber(e.b.Manifest.Language, n))
			}
		} else {
			start.more.subhead = ch.Title
			e.add(start)
		}
		at := len(e.flow) - 1
		e.blocks(ch.Blocks, e.root(), box{0, e.g.textW})
		if k > 0 {
			// A section's start goes with its first line: past the
			// space above its heading, and kept with it, so that a
			// heading moved to the next page takes the section's
			// destination and running head along.
			start.keep = true
			for at+1 < len(e.flow) && e.flow[at+1].glue {
				e.flow[at], e.flow[at+1] = e.flow[at+1], e.flow[at]
				at++
			}
		}
	}
}

// chapterLabel sets the "Chapter 1" label above a chapter's title.
func (e *engine) chapterLabel(label string) {
	size := 1.1 * e.g.bodySize
	b := &vbox{h: 2 * size, keep: true}
	b.items = e.glyphs(fonts.Heading, fonts.Bold, label, 0, 1.2*size, size, colorMuted)
	e.add(b)
}

// chapterNumber returns the label numbering gives chapter n of the body.
func chapterNumber(tag string, n int) string {
	label, _ := lang.VarietyOf(tag).Chapter(n)
	return label
}

// setNotes sets the current chapter's footnotes, to be placed at the foot
// of the pages that reference them.
func (e *engine) setNotes(ch *book.Chapter) {
	size := 0.82 * e.g.bodySize
	pitch := 1.45 * size
	// Every note exists before any is set, so that a note's text may
	// refer to another: that one then goes on the same page.
	for _, fn := range ch.Footnotes {
		e.notes[fn.Index] = &note{}
	}
	for _, fn := range ch.Footnotes {
		sub := &engine{b: e.b, fonts: e.fonts, g: e.g, fallback: e.fallback, codeFace: e.codeFace, looks: e.looks, ch: ch, notes: e.notes}
		sub.g.bodySize, sub.g.leading = size, pitch
		indent := 1.6 * size
		for i, blk := range fn.Blocks {
			if i > 0 {
				sub.gap(0.3 * size)
			}
			sub.block(blk, e.root(), box{indent, e.g.textW - indent})
		}
		// Drop the spacing blocks add around themselves.
		boxes := sub.flow
		for len(boxes) > 0 && boxes[0].glue {
			boxes = boxes[1:]
		}
		for len(boxes) > 0 && boxes[len(boxes)-1].glue {
			boxes = boxes[:len(boxes)-1]
		}
		if len(boxes) == 0 {
			boxes = []*vbox{{h: pitch}}
		}
		first := boxes[0]
		m := first.extra()
		m.dests = append(m.dests, destName(ch.Index, fn.ID))
		// The number, linking back to the first reference.
		label := strconv.Itoa(fn.Index)
		y := 0.5*pitch + 0.38*size
		for _, it := range first.items {
			if it.Kind == Glyphs {
				y = it.Y
				break
			}
		}
		num := e.glyphs(fonts.Body, fonts.Regular, label, 0, y, size, colorLink)
		if len(fn.Blocks) > 0 {
			for k := range num {
				num[k].Node, num[k].Role = fn.Blocks[0], RoleLabel
			}
		}
		first.items = append(first.items, num...)
		if len(fn.RefIDs) > 0 {
			m.links = append(m.links, Link{X: 0, Y: y - size, W: indent, H: 1.3 * size, Dest: destName(ch.Index, fn.RefIDs[0])})
		}
		n := e.notes[fn.Index]
		n.boxes = boxes
		for _, b := range boxes {
			n.h += b.h
		}
	}
}
