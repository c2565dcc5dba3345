package layout

// frameSpans collects, for one page, the extent of every frame its boxes
// hold: a frame is drawn from the top of its first box on the page to the
// bottom of its last.
type frameSpans struct {
	order []*frame
	spans map[*frame]*frameSpan
}

type frameSpan struct {
	top, bottom float64
	first, last *vbox // the frame's first and last boxes on this page
}

// add records box b, placed with its top at y.
func (fs *frameSpans) add(b *vbox, y float64) {
	for _, f := range b.frames {
		if fs.spans == nil {
			fs.spans = map[*frame]*frameSpan{}
		}
		s, ok := fs.spans[f]
		if !ok {
			s = &frameSpan{top: y, first: b}
			fs.spans[f] = s
			fs.order = append(fs.order, f)
		}
		s.bottom, s.last = y+b.h, b
	}
}

// items draws the frames, behind the page's content. A frame that a page
// break cuts is left open at the break: its box has no rule along the
// bottom of the page that continues it, nor along the top of the page that
// takes it up, so the eye reads one box going on (as the padding inside
// the box's first and last rows stays at the frame's real ends).
func (fs *frameSpans) items(left float64) []Item {
	var out []Item
	for _, f := range fs.order {
		s := fs.spans[f]
		switch f.kind {
		case frameGround:
			openTop := f.first != nil && s.first != f.first
			openBottom := f.last != nil && s.last != f.last
			t, h := s.top, s.bottom-s.top
			if !openTop {
				t -= f.padTop
				h += f.padTop
			}
			if !openBottom {
				h += f.padBottom
			}
			x := left + f.x
			out = append(out, Item{Kind: Box, X: x, Y: t, W: f.w, H: h, Color: f.color})
			if f.lineWidth > 0 {
				lw, c := f.lineWidth, f.lineColor
				if !openTop {
					out = append(out, rule(x, t, x+f.w, t, lw, c))
				}
				if !openBottom {
					out = append(out, rule(x, t+h, x+f.w, t+h, lw, c))
				}
				out = append(out,
					rule(x, t, x, t+h, lw, c),
					rule(x+f.w, t, x+f.w, t+h, lw, c))
			}
		case frameRule:
			out = append(out, rule(left+f.x, s.top, left+f.x, s.bottom, f.lineWidth, f.lineColor))
		}
	}
	return out
}
