package fonts

import (
	"encoding/binary"
	"fmt"
	"slices"

	tdfont "github.com/tdewolff/font"
)

// Subset returns a TrueType font with only the glyphs that draw runes (and
// the glyphs their composite glyphs are built from), for embedding in a
// book. Runes the face has no glyph for are left out. The same runes give
// the same bytes.
//
// The subset keeps the face's names: its name table is copied whole, with
// the copyright notice, licence description and licence URL the OFL and
// the other licences ask every copy to carry (tdewolff/font empties it).
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

	// tdewolff/font's Subset changes the head, hhea and maxp values of the
	// font it is given (it copies those structs by pointer), so each
	// subset parses the face afresh: it takes a few milliseconds.
	//
	// tdewolff/font rejects the last face of every collection (its bounds
	// check counts the header twice), so a face of a collection is handed
	// to it as a font file of its own.
	file, face := f.file, f.index
	if f.collection {
		file, face = f.TrueType(), 0
	}
	src, err := tdfont.ParseSFNT(file, face)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f, err)
	}
	// The subset keeps, when the face has them, the outlines and metrics
	// that tdewolff/font rewrites for the kept glyphs, and the hinting
	// tables (cvt, fpgm, prep, gasp), which do not number glyphs and are
	// copied. Tables that number glyphs and that it does not rewrite
	// (GSUB, GPOS, GDEF, kern, vmtx, hdmx...) are left out, as is DSIG,
	// whose signature a subset breaks; cmap, name and OS/2 are added below.
	var keep []string
	for _, tag := range []string{"cvt ", "fpgm", "gasp", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "post", "prep"} {
		if f.tables[tag] != nil {
			keep = append(keep, tag)
		}
	}
	sub, err := src.Subset(glyphs, tdfont.SubsetOptions{Tables: keep})
	if err != nil {
		return nil, fmt.Errorf("subsetting %s: %w", f, err)
	}
	if int(sub.Maxp.NumGlyphs) > 0xFFFF {
		return nil, fmt.Errorf("subsetting %s: too many glyphs", f)
	}

	tables := make(map[string][]byte, len(sub.Tables)+3)
	for tag, data := range sub.Tables {
		tables[tag] = data
	}
	if tables["cmap"], err = writeCmap(entries); err != nil {
		return nil, fmt.Errorf("subsetting %s: %w", f, err)
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
