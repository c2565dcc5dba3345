package sfnt

import (
	"encoding/binary"
	"slices"
)

// subsetGlyphs returns the glyf, loca, hmtx, hhea, maxp, head and post
// tables of the face cut down to glyphs (glyph numbers of the face, 0
// first), renumbered in that order, and the glyphs the composite ones are
// built from appended after them; and the full list.
//
// The glyph data is copied as it is, with the glyph numbers inside
// composite glyphs changed. (tdewolff/font, which did this before, decodes
// and re-encodes every outline: a 3,500-glyph subset of LXGW WenKai took
// 35 ms, and a build makes four.) The post table keeps no glyph names
// (version 3), as subsets usually do.
func (f *Face) subsetGlyphs(glyphs []uint16) (map[string][]byte, []uint16, error) {
	head, loca, glyf := f.tables["head"], f.tables["loca"], f.tables["glyf"]
	long := i16(head, 50) == 1
	// glyph returns the data of glyph g, nil for an empty one.
	glyph := func(g uint16) ([]byte, error) {
		i := int(g)
		var start, end int
		switch {
		case i >= f.numGlyphs:
			return nil, errorf("is damaged (glyph %d of %d)", i, f.numGlyphs)
		case long && 4*i+8 <= len(loca):
			start, end = int(u32(loca, 4*i)), int(u32(loca, 4*i+4))
		case !long && 2*i+4 <= len(loca):
			start, end = 2*int(u16(loca, 2*i)), 2*int(u16(loca, 2*i+2))
		default:
			return nil, errorf("is damaged (loca table too short)")
		}
		if start > end || end > len(glyf) {
			return nil, errorf("is damaged (glyph %d outside the glyf table)", i)
		}
		if end-start < 10 {
			return nil, nil // empty (or no room for a header: nothing to draw)
		}
		return glyf[start:end], nil
	}

	index := make(map[uint16]uint16, len(glyphs))
	list := slices.Clone(glyphs)
	for i, g := range list {
		index[g] = uint16(i)
	}
	// The glyphs composite glyphs use, and theirs, after the others.
	for i := 0; i < len(list); i++ {
		data, err := glyph(list[i])
		if err != nil {
			return nil, nil, err
		}
		err = components(data, func(off int) {
			c := binary.BigEndian.Uint16(data[off:])
			if _, ok := index[c]; !ok {
				index[c] = uint16(len(list))
				list = append(list, c)
			}
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if len(list) > 0xFFFF {
		return nil, nil, errorf("has too many glyphs for one subset")
	}

	// glyf and loca; each glyph padded to 4 bytes.
	offsets := make([]int, len(list)+1)
	for i, g := range list {
		data, _ := glyph(g) // read once already
		offsets[i+1] = offsets[i] + pad4(len(data))
	}
	out := make([]byte, offsets[len(list)])
	for i, g := range list {
		data, _ := glyph(g)
		at := offsets[i]
		copy(out[at:], data)
		components(data, func(off int) {
			c := binary.BigEndian.Uint16(data[off:])
			binary.BigEndian.PutUint16(out[at+off:], index[c])
		})
	}
	lsb := make([]int16, len(list))
	for i, g := range list {
		switch gi := int(g); {
		case gi < f.numHMetric:
			lsb[i] = i16(f.hmtx, 4*gi+2)
		case 4*f.numHMetric+2*(gi-f.numHMetric)+2 <= len(f.hmtx):
			lsb[i] = i16(f.hmtx, 4*f.numHMetric+2*(gi-f.numHMetric))
		}
	}
	return f.glyphTables(list, out, offsets, lsb, slices.Clone(f.tables["maxp"])), list, nil
}

// glyphTables returns the glyf, loca, hmtx, hhea, maxp, head and post
// tables of a subset: glyphs list (glyph numbers of the face), whose data
// glyf holds, glyph i from offsets[i] to offsets[i+1], with left side
// bearings lsb. maxp is the subset's maxp table, to which the number of
// glyphs is written.
func (f *Face) glyphTables(list []uint16, glyf []byte, offsets []int, lsb []int16, maxp []byte) map[string][]byte {
	head := f.tables["head"]
	newLong := len(glyf) > 0x1FFFE
	var newLoca []byte
	if newLong {
		newLoca = make([]byte, 4*len(offsets))
		for i, o := range offsets {
			binary.BigEndian.PutUint32(newLoca[4*i:], uint32(o))
		}
	} else {
		newLoca = make([]byte, 2*len(offsets))
		for i, o := range offsets {
			binary.BigEndian.PutUint16(newLoca[2*i:], uint16(o/2))
		}
	}

	// hmtx: an advance and a left side bearing for each glyph, the
	// advances shared by the last glyphs stated once.
	adv := make([]uint16, len(list))
	for i, g := range list {
		adv[i] = uint16(f.GlyphAdvance(g))
	}
	metrics := len(list)
	for metrics > 1 && adv[metrics-2] == adv[len(list)-1] {
		metrics--
	}
	hmtx := make([]byte, 0, 4*metrics+2*(len(list)-metrics))
	for i := range list {
		if i < metrics {
			hmtx = binary.BigEndian.AppendUint16(hmtx, adv[i])
		}
		hmtx = binary.BigEndian.AppendUint16(hmtx, uint16(lsb[i]))
	}

	newHead := slices.Clone(head)
	binary.BigEndian.PutUint16(newHead[50:], 0)
	if newLong {
		binary.BigEndian.PutUint16(newHead[50:], 1)
	}
	binary.BigEndian.PutUint16(newHead[52:], 0) // glyphDataFormat
	hhea := slices.Clone(f.tables["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(metrics))
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(list)))
	tables := map[string][]byte{"glyf": glyf, "loca": newLoca, "hmtx": hmtx, "head": newHead, "hhea": hhea, "maxp": maxp}
	if post := f.tables["post"]; len(post) >= 32 {
		p := slices.Clone(post[:32])
		binary.BigEndian.PutUint32(p, 0x00030000)
		tables["post"] = p
	}
	return tables
}

// components calls fn with the offset in data of the glyph number of each
// component of a composite glyph (none for a simple or empty one), and
// says whether the components run past the data.
func components(data []byte, fn func(off int)) error {
	if len(data) < 10 || i16(data, 0) >= 0 {
		return nil
	}
	const (
		argsAreWords = 0x0001
		haveScale    = 0x0008
		moreComps    = 0x0020
		haveXYScale  = 0x0040
		have2x2      = 0x0080
	)
	off := 10
	for {
		if off+4 > len(data) {
			return errorf("is damaged (a composite glyph runs past its data)")
		}
		flags := u16(data, off)
		fn(off + 2)
		off += 4
		if flags&argsAreWords != 0 {
			off += 4
		} else {
			off += 2
		}
		switch {
		case flags&haveScale != 0:
			off += 2
		case flags&haveXYScale != 0:
			off += 4
		case flags&have2x2 != 0:
			off += 8
		}
		if flags&moreComps == 0 {
			return nil
		}
	}
}
