package sfnt

import (
	"encoding/binary"
	"slices"
)

// Subset returns a TrueType font with only the glyphs that draw runes (and
// the glyphs their composite glyphs are built from), for embedding in a
// book. A face with PostScript (CFF) outlines gives a TrueType subset all
// the same, its outlines converted (cff.go). Runes the face has no glyph for are left out. The same runes give
// the same bytes. An error, like Parse's, is a sentence about the font
// file ("is damaged ..."), for the caller to prefix with the face's name.
//
// The subset keeps the face's names: its name table is copied whole, with
// the copyright notice, licence description and licence URL the OFL and
// the other licences ask every copy to carry.
// Keeping the family name of an OFL font with Reserved Font Names is right
// here: the OFL FAQ (1.11, 1.12) counts a subset embedded in a document as
// embedding, to which the renaming rule does not apply.
func (f *Face) Subset(runes []rune) ([]byte, error) {
	runes = slices.Clone(runes)
	slices.Sort(runes)
	runes = slices.Compact(runes)

	// Glyphs in the order of the characters that use them first, so that
	// consecutive characters get consecutive glyphs and the cmap stays
	// small; glyph 0, the missing-glyph box, comes first as it must.
	glyphs := []uint16{0}
	index := map[uint16]uint16{0: 0}
	var entries []cmapEntry
	for _, r := range runes {
		g := f.Glyph(r)
		if g == 0 {
			continue
		}
		sg, ok := index[g]
		if !ok {
			sg = uint16(len(glyphs))
			index[g] = sg
			glyphs = append(glyphs, g)
		}
		entries = append(entries, cmapEntry{r, sg})
	}

	var tables map[string][]byte
	var err error
	if f.cff != nil {
		tables, err = f.subsetCFF(glyphs)
	} else {
		tables, _, err = f.subsetGlyphs(glyphs)
	}
	if err != nil {
		return nil, err
	}
	// The hinting tables (cvt, fpgm, prep, gasp) do not number glyphs:
	// copied. Tables that number glyphs and are not rewritten (GSUB,
	// GPOS, GDEF, kern, vmtx, hdmx...) are left out, as is DSIG, whose
	// signature a subset breaks; cmap, name and OS/2 are added below.
	for _, tag := range []string{"cvt ", "fpgm", "gasp", "prep"} {
		if t := f.tables[tag]; t != nil {
			tables[tag] = t
		}
	}
	if tables["cmap"], err = writeCmap(entries); err != nil {
		return nil, err
	}
	tables["name"] = f.tables["name"]
	if os2 := f.tables["OS/2"]; len(os2) >= 68 {
		// The original OS/2 table, with the first and last characters
		// of the subset.
		os2 = slices.Clone(os2)
		first, last := uint16(0xFFFF), uint16(0)
		for _, e := range entries {
			first, last = min(first, uint16(min(e.r, 0xFFFF))), max(last, uint16(min(e.r, 0xFFFF)))
		}
		if len(entries) == 0 {
			first = 0
		}
		binary.BigEndian.PutUint16(os2[64:], first)
		binary.BigEndian.PutUint16(os2[66:], last)
		tables["OS/2"] = os2
	}
	return writeSFNT(tables), nil
}
