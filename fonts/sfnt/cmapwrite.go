package sfnt

import (
	"encoding/binary"
	"errors"
	"sort"
)

// cmapEntry maps a character to a glyph of a subset.
type cmapEntry struct {
	r rune
	g uint16
}

// writeCmap writes a cmap table for a subset: a format 4 subtable for the
// characters of the Basic Multilingual Plane and, when there are characters
// beyond it, a format 12 subtable for all of them, each under its Unicode
// and Windows platform records.
//
// It is written from the characters, not from a glyph-to-character map
// (as tdewolff/font's Subset writes it), which keeps one character per
// glyph: a face that draws two characters with one glyph (U+0020 and
// U+00A0, a compatibility ideograph and its unified twin) would lose one of
// them.
func writeCmap(entries []cmapEntry) ([]byte, error) {
	sort.Slice(entries, func(i, j int) bool { return entries[i].r < entries[j].r })
	var bmp []cmapEntry
	supplementary := false
	for _, e := range entries {
		if e.r <= 0xFFFF {
			bmp = append(bmp, e)
		} else {
			supplementary = true
		}
	}
	f4, err := format4(bmp)
	if err != nil {
		return nil, err
	}
	var f12 []byte
	if supplementary {
		f12 = format12(entries)
	}

	// The subtables follow the encoding records: format 4 first, then
	// format 12 when there is one.
	type record struct{ platform, encoding, format uint16 }
	recs := []record{{0, 3, 4}, {3, 1, 4}}
	if f12 != nil {
		recs = []record{{0, 3, 4}, {0, 4, 12}, {3, 1, 4}, {3, 10, 12}}
	}
	head := 4 + 8*len(recs)
	out := make([]byte, head, head+len(f4)+len(f12))
	binary.BigEndian.PutUint16(out[2:], uint16(len(recs)))
	out = append(out, f4...)
	out = append(out, f12...)
	for i, r := range recs {
		at := head
		if r.format == 12 {
			at += len(f4)
		}
		binary.BigEndian.PutUint16(out[4+8*i:], r.platform)
		binary.BigEndian.PutUint16(out[6+8*i:], r.encoding)
		binary.BigEndian.PutUint32(out[8+8*i:], uint32(at))
	}
	return out, nil
}

// segment4 is one segment of a format 4 subtable: characters start to end,
// mapped either by delta (glyphs empty) or through glyphs.
type segment4 struct {
	start, end uint16
	delta      uint16
	glyphs     []uint16
}

// format4 writes the BMP subtable. Within each block of 256 characters it
// uses whichever is smaller: one delta segment per run of consecutive
// characters with consecutive glyphs, or one segment with a glyph array
// spanning the block's characters.
func format4(entries []cmapEntry) ([]byte, error) {
	var segs []segment4
	for i := 0; i < len(entries); {
		j := i
		for j < len(entries) && entries[j].r>>8 == entries[i].r>>8 {
			j++
		}
		block := entries[i:j]
		var runs []segment4
		for k := 0; k < len(block); {
			m := k + 1
			for m < len(block) && block[m].r == block[m-1].r+1 && block[m].g == block[m-1].g+1 {
				m++
			}
			runs = append(runs, segment4{start: uint16(block[k].r), end: uint16(block[m-1].r), delta: block[k].g - uint16(block[k].r)})
			k = m
		}
		span := int(block[len(block)-1].r-block[0].r) + 1
		if 8*len(runs) <= 8+2*span {
			segs = append(segs, runs...)
		} else {
			s := segment4{start: uint16(block[0].r), end: uint16(block[len(block)-1].r), glyphs: make([]uint16, span)}
			for _, e := range block {
				s.glyphs[e.r-block[0].r] = e.g
			}
			segs = append(segs, s)
		}
		i = j
	}
	if n := len(segs); n == 0 || segs[n-1].end != 0xFFFF {
		segs = append(segs, segment4{start: 0xFFFF, end: 0xFFFF, delta: 1})
	}
	n := len(segs)
	arrayLen := 0
	for _, s := range segs {
		arrayLen += len(s.glyphs)
	}
	size := 16 + 8*n + 2*arrayLen
	if size > 0xFFFF {
		return nil, errors.New("too many characters for one font subset")
	}
	b := make([]byte, size)
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := 2 << entrySelector
	put := func(at int, v uint16) { binary.BigEndian.PutUint16(b[at:], v) }
	put(0, 4)
	put(2, uint16(size))
	put(6, uint16(2*n))
	put(8, uint16(searchRange))
	put(10, uint16(entrySelector))
	put(12, uint16(2*n-searchRange))
	ends, starts, deltas, ranges, array := 14, 16+2*n, 16+4*n, 16+6*n, 16+8*n
	next := 0
	for i, s := range segs {
		put(ends+2*i, s.end)
		put(starts+2*i, s.start)
		if s.glyphs == nil {
			put(deltas+2*i, s.delta)
			continue
		}
		// idRangeOffset counts bytes from its own position to the
		// segment's first glyph in the array.
		put(ranges+2*i, uint16(array+2*next-(ranges+2*i)))
		for k, g := range s.glyphs {
			put(array+2*(next+k), g)
		}
		next += len(s.glyphs)
	}
	return b, nil
}

// format12 writes a subtable of sequential groups for all entries.
func format12(entries []cmapEntry) []byte {
	type group struct {
		start, end rune
		glyph      uint16
	}
	var groups []group
	for _, e := range entries {
		if n := len(groups); n > 0 && groups[n-1].end+1 == e.r && groups[n-1].glyph+uint16(e.r-groups[n-1].start) == e.g {
			groups[n-1].end = e.r
			continue
		}
		groups = append(groups, group{e.r, e.r, e.g})
	}
	b := make([]byte, 16+12*len(groups))
	binary.BigEndian.PutUint16(b, 12)
	binary.BigEndian.PutUint32(b[4:], uint32(len(b)))
	binary.BigEndian.PutUint32(b[12:], uint32(len(groups)))
	for i, g := range groups {
		at := 16 + 12*i
		binary.BigEndian.PutUint32(b[at:], uint32(g.start))
		binary.BigEndian.PutUint32(b[at+4:], uint32(g.end))
		binary.BigEndian.PutUint32(b[at+8:], uint32(g.glyph))
	}
	return b
}
