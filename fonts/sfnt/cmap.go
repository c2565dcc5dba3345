package sfnt

// coverage maps characters to glyph IDs for one face, built once from the
// face's cmap so that the hot path, looking a character up while splitting
// text into runs, is two slice reads and no allocation. The code space is cut
// into pages of 256 characters; index holds, for each page, 0 when the face
// has none of its characters, or 1 + the page's position in pages.
type coverage struct {
	index []uint16
	pages [][256]uint16
	count int // characters mapped
}

const maxRune = 0x10FFFF

func (c *coverage) glyph(r rune) uint16 {
	if r < 0 || r > maxRune {
		return 0
	}
	p := c.index[r>>8]
	if p == 0 {
		return 0
	}
	return c.pages[p-1][r&0xFF]
}

func (c *coverage) set(r rune, g uint16) {
	if r < 0 || r > maxRune || g == 0 {
		return
	}
	p := c.index[r>>8]
	if p == 0 {
		c.pages = append(c.pages, [256]uint16{})
		p = uint16(len(c.pages))
		c.index[r>>8] = p
	}
	if c.pages[p-1][r&0xFF] == 0 {
		c.count++
	}
	c.pages[p-1][r&0xFF] = g
}

// countRange returns how many characters of [lo, hi] the face maps.
func (c *coverage) countRange(lo, hi rune) int {
	n := 0
	for r := lo; r <= hi; r++ {
		if c.glyph(r) != 0 {
			n++
		}
	}
	return n
}

// parseCmap builds the coverage of a cmap table, reading its best Unicode
// subtable: a full-repertoire one (format 12 or 13) if the font has one,
// else a BMP one (format 4, or the rare 0 and 6). Glyph IDs at or beyond
// numGlyphs are ignored: they would point outside the glyf table.
func parseCmap(b []byte, numGlyphs int) (*coverage, error) {
	if len(b) < 4 {
		return nil, errorf("is damaged (cmap table too short)")
	}
	n := int(u16(b, 2))
	best, bestScore := -1, 0
	for i := 0; i < n && 4+8*i+8 <= len(b); i++ {
		rec := 4 + 8*i
		platform, encoding, off := u16(b, rec), u16(b, rec+2), int(u32(b, rec+4))
		if off+2 > len(b) {
			continue
		}
		format := u16(b, off)
		unicode := platform == 0 || platform == 3 && (encoding == 1 || encoding == 10)
		if !unicode {
			continue
		}
		score := 0
		switch format {
		case 12, 13:
			score = 3
		case 4:
			score = 2
		case 0, 6:
			score = 1
		}
		if score > bestScore {
			best, bestScore = off, score
		}
	}
	if best < 0 {
		return nil, errorf("has no Unicode character map (cmap), so no text can be set in it")
	}
	c := &coverage{index: make([]uint16, (maxRune>>8)+1)}
	sub := b[best:]
	g := func(v uint32) uint16 {
		if v == 0 || int(v) >= numGlyphs {
			return 0
		}
		return uint16(v)
	}
	damaged := errorf("is damaged (bad cmap subtable)")
	switch u16(sub, 0) {
	case 0:
		if len(sub) < 6+256 {
			return nil, damaged
		}
		for r := 0; r < 256; r++ {
			c.set(rune(r), g(uint32(sub[6+r])))
		}
	case 6:
		if len(sub) < 10 {
			return nil, damaged
		}
		first, count := int(u16(sub, 6)), int(u16(sub, 8))
		if len(sub) < 10+2*count {
			return nil, damaged
		}
		for i := 0; i < count; i++ {
			c.set(rune(first+i), g(uint32(u16(sub, 10+2*i))))
		}
	case 4:
		if len(sub) < 14 {
			return nil, damaged
		}
		segs := int(u16(sub, 6)) / 2
		ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
		if len(sub) < ranges+2*segs {
			return nil, damaged
		}
		// A hostile font could declare thousands of overlapping
		// segments that each span the whole plane (60 faces of a
		// collection with such a table took minutes); a real one maps
		// each character once. The spans are added up before any is
		// read.
		span := 0
		for i := 0; i < segs; i++ {
			if end, start := int(u16(sub, ends+2*i)), int(u16(sub, starts+2*i)); start <= end {
				span += end - start + 1
			}
		}
		if span > 2*0x10000 {
			return nil, errorf("is damaged (its cmap's segments cover %d characters, more than twice the %d it can map)", span, 0x10000)
		}
		for i := 0; i < segs; i++ {
			end, start := int(u16(sub, ends+2*i)), int(u16(sub, starts+2*i))
			delta, ro := u16(sub, deltas+2*i), int(u16(sub, ranges+2*i))
			if start > end || start == 0xFFFF {
				continue
			}
			for r := start; r <= end; r++ {
				if ro == 0 {
					c.set(rune(r), g(uint32(uint16(r)+delta)))
					continue
				}
				at := ranges + 2*i + ro + 2*(r-start)
				if at+2 > len(sub) {
					break
				}
				if v := u16(sub, at); v != 0 {
					c.set(rune(r), g(uint32(v+delta)))
				}
			}
		}
	case 12, 13:
		if len(sub) < 16 {
			return nil, damaged
		}
		constant := u16(sub, 0) == 13
		groups := int(u32(sub, 12))
		if groups < 0 || 16+12*groups > len(sub) || groups > len(sub) {
			return nil, damaged
		}
		// A hostile font could declare overlapping groups that each span
		// the whole code space; a real one maps each character once.
		// The spans are added up before any is read.
		budget := 2 * (maxRune + 1)
		for i := 0; i < groups; i++ {
			at := 16 + 12*i
			if start, end := u32(sub, at), min(u32(sub, at+4), maxRune); start <= end {
				if budget -= int(end-start) + 1; budget < 0 {
					return nil, damaged
				}
			}
		}
		budget = 2 * (maxRune + 1)
		for i := 0; i < groups; i++ {
			at := 16 + 12*i
			start, end, first := u32(sub, at), u32(sub, at+4), u32(sub, at+8)
			if start > end || start > maxRune {
				continue
			}
			end = min(end, maxRune)
			if budget -= int(end-start) + 1; budget < 0 {
				return nil, damaged
			}
			for r := start; r <= end; r++ {
				id := first
				if !constant {
					id += r - start
				}
				c.set(rune(r), g(id))
			}
		}
	default:
		return nil, errorf("has no Unicode character map (cmap) this program reads")
	}
	return c, nil
}
