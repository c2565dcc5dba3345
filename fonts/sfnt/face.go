package sfnt

import (
	"fmt"
	"slices"
	"strings"
)

// Face is one font face: an OpenType or TrueType font, or one face of a
// collection, with TrueType (glyf) or PostScript (CFF) outlines. It is parsed once and then only read, so it is safe for
// concurrent use.
type Face struct {
	// Family and Subfamily name the face as its name table does (the
	// typographic names, IDs 16 and 17, where present): "LXGW WenKai",
	// "Bold". FullName and PostScriptName are name IDs 4 and 6.
	Family, Subfamily, FullName, PostScriptName string
	// Version is name ID 5: "Version 2.003;hotconv 1.0.118".
	Version string
	// Bold and Italic are the face's style, from its OS/2 table (or its
	// head table when it has none).
	Bold, Italic bool
	// CJK reports that the face has the common Chinese characters (at least
	// 500 of the CJK Unified Ideographs block): in Chinese and Japanese
	// books it draws the ambiguous-width punctuation (see Set.Face).
	CJK bool

	file       []byte
	collection bool // file is a collection; tables are those of face index
	index      int
	tables     map[string][]byte
	cov        *coverage
	numGlyphs  int
	numHMetric int
	hmtx       []byte
	metrics    Metrics
	cff        *cffFont // the outlines of a face with CFF outlines
}

// Metrics are a face's vertical metrics, in font units.
type Metrics struct {
	UnitsPerEm int
	// Ascent (positive) and Descent (negative) are the hhea ascender and
	// descender, LineGap its line gap: the metrics browsers and gopdf use
	// for line height.
	Ascent, Descent, LineGap int
	// CapHeight and XHeight come from OS/2 version 2 and later; 0 when the
	// face does not give them.
	CapHeight, XHeight int
}

// String names the face for messages: "LXGW WenKai Bold".
func (f *Face) String() string {
	if f.FullName != "" {
		return f.FullName
	}
	return strings.TrimSpace(f.Family + " " + f.Subfamily)
}

// Index returns the face's index in its collection, or -1 when the file is
// a single font.
func (f *Face) Index() int {
	if !f.collection {
		return -1
	}
	return f.index
}

// Glyph returns the glyph that draws r, or 0 when the face has none.
func (f *Face) Glyph(r rune) uint16 { return f.cov.glyph(r) }

// Has reports whether the face has a glyph for r.
func (f *Face) Has(r rune) bool { return f.cov.glyph(r) != 0 }

// NumChars returns how many characters the face maps to glyphs.
func (f *Face) NumChars() int { return f.cov.count }

// NumGlyphs returns the number of glyphs in the face.
func (f *Face) NumGlyphs() int { return f.numGlyphs }

// GlyphAdvance returns the advance width of glyph g in font units.
func (f *Face) GlyphAdvance(g uint16) int {
	i := min(int(g), f.numHMetric-1)
	return int(u16(f.hmtx, 4*i))
}

// Advance returns the advance width of r in font units: the width of the
// glyph that draws it, or of the missing-glyph box (glyph 0) when the face
// has none.
func (f *Face) Advance(r rune) int { return f.GlyphAdvance(f.Glyph(r)) }

// AdvanceAt returns the advance width of r at size (in any unit: points,
// pixels), a size being the length of the em.
func (f *Face) AdvanceAt(r rune, size float64) float64 {
	return float64(f.Advance(r)) * size / float64(f.metrics.UnitsPerEm)
}

// PDFAdvance returns the advance width of r in thousandths of an em,
// truncated, as gopdf writes it into the PDF's /W array and measures it
// (MeasureTextWidth): a PDF viewer places each glyph by this width, so
// layout for the PDF must add up these, not the exact ones.
func (f *Face) PDFAdvance(r rune) int {
	return f.Advance(r) * 1000 / f.metrics.UnitsPerEm
}

// Metrics returns the face's vertical metrics.
func (f *Face) Metrics() Metrics { return f.metrics }

// CFF reports whether the face has PostScript (CFF) outlines, which its
// subsets convert to TrueType outlines.
func (f *Face) CFF() bool { return f.cff != nil }

// TrueType returns the face as a complete font file: the file itself, or
// for a face of a collection a font file made of that face's tables. For a
// face with TrueType outlines it is the form gopdf's AddTTFFontData takes;
// a face with CFF outlines gives an OpenType/CFF file (its subsets are
// TrueType).
func (f *Face) TrueType() []byte {
	if !f.collection {
		return f.file
	}
	return writeSFNT(f.tables)
}

// Parse reads a face from a font file. For a collection, index (when not
// negative) or name (a full or PostScript name) selects the face; a single
// font ignores a negative index and must match name when one is given. The
// error says, for an author, why the file cannot be used; it is a sentence
// about "the file" ("is not a TrueType font file"), to be prefixed with the
// file's name.
func Parse(file []byte, index int, name string) (*Face, error) {
	coll, err := kind(file)
	if err != nil {
		return nil, err
	}
	if !coll {
		if index > 0 {
			return nil, errorf("is a single font, not a collection: it has no face %d", index)
		}
		f, err := parseAt(file, 0, -1)
		if err != nil {
			return nil, err
		}
		if name != "" && !hasName(names(f.tables["name"]), name, 4, 6) {
			return nil, errorf("is the face %q, not %q", f.FullName, name)
		}
		return f, nil
	}
	offs, err := collectionOffsets(file)
	if err != nil {
		return nil, err
	}
	switch {
	case index >= 0:
		if index >= len(offs) {
			return nil, errorf("is a collection of %d faces: there is no face %d (%s)", len(offs), index, listFaces(file, offs))
		}
		return parseAt(file, offs[index], index)
	case name != "":
		for i, off := range offs {
			tables, err := directory(file, off)
			if err == nil && hasName(names(tables["name"]), name, 4, 6) {
				return parseAt(file, off, i)
			}
		}
		return nil, errorf("is a collection with no face named %q (%s)", name, listFaces(file, offs))
	case len(offs) == 1:
		return parseAt(file, offs[0], 0)
	}
	return nil, errorf("is a collection of %d faces: choose one with index: or name: (%s)", len(offs), listFaces(file, offs))
}

// listFaces describes the faces of a collection for a message: "index 0:
// Noto Sans CJK SC (NotoSansCJKsc-Regular), index 1: ...".
func listFaces(file []byte, offs []int) string {
	var b strings.Builder
	for i, off := range offs {
		if i > 0 {
			b.WriteString(", ")
		}
		full, ps := "?", "?"
		if tables, err := directory(file, off); err == nil {
			recs := names(tables["name"])
			full, ps = bestName(recs, 4), bestName(recs, 6)
		}
		fmt.Fprintf(&b, "index %d: %s (%s)", i, full, ps)
	}
	return b.String()
}

// parseAt reads the face whose table directory is at off: face index of a
// collection, or the single font when index is negative.
func parseAt(file []byte, off int, index int) (*Face, error) {
	tables, err := directory(file, off)
	if err != nil {
		return nil, err
	}
	cff := tables["glyf"] == nil && tables["CFF "] != nil
	switch {
	case tables["glyf"] == nil && tables["CFF2"] != nil:
		return nil, errCFF2
	case tables["glyf"] == nil && !cff:
		return nil, errorf("has no outlines (no glyf or CFF table)")
	}
	required := []string{"head", "hhea", "maxp", "hmtx", "cmap", "loca", "name", "post"}
	if cff {
		required = slices.DeleteFunc(required, func(s string) bool { return s == "loca" })
	}
	for _, tag := range required {
		if tables[tag] == nil {
			return nil, errorf("is damaged or incomplete: it has no %q table", strings.TrimSpace(tag))
		}
	}
	f := &Face{file: file, collection: index >= 0, index: max(index, 0), tables: tables}

	head := tables["head"]
	if len(head) < 54 || u32(head, 12) != 0x5F0F3CF5 {
		return nil, errorf("is damaged (bad head table)")
	}
	f.metrics.UnitsPerEm = int(u16(head, 18))
	if f.metrics.UnitsPerEm < 16 || f.metrics.UnitsPerEm > 16384 {
		return nil, errorf("is damaged (units per em %d)", f.metrics.UnitsPerEm)
	}
	macStyle := u16(head, 44)

	maxp := tables["maxp"]
	if len(maxp) < 6 {
		return nil, errorf("is damaged (bad maxp table)")
	}
	f.numGlyphs = int(u16(maxp, 4))

	hhea := tables["hhea"]
	if len(hhea) < 36 {
		return nil, errorf("is damaged (bad hhea table)")
	}
	f.metrics.Ascent, f.metrics.Descent, f.metrics.LineGap = int(i16(hhea, 4)), int(i16(hhea, 6)), int(i16(hhea, 8))
	f.numHMetric = int(u16(hhea, 34))
	f.hmtx = tables["hmtx"]
	if f.numGlyphs == 0 || f.numHMetric == 0 || f.numHMetric > f.numGlyphs || len(f.hmtx) < 4*f.numHMetric {
		return nil, errorf("is damaged (bad hmtx table)")
	}

	f.Bold, f.Italic = macStyle&1 != 0, macStyle&2 != 0
	if os2 := tables["OS/2"]; len(os2) >= 78 {
		fsType := u16(os2, 8)
		switch {
		case fsType&0x000F == 0x0002:
			return nil, errorf("may not be embedded: its OS/2 fsType says \"restricted licence embedding\"")
		case fsType&0x0100 != 0:
			return nil, errorf("may not be subset (OS/2 fsType bit 8), and a book embeds only the characters it uses")
		case fsType&0x0200 != 0:
			return nil, errorf("may embed only bitmaps (OS/2 fsType bit 9), not outlines")
		}
		sel := u16(os2, 62)
		f.Bold, f.Italic = sel&0x20 != 0, sel&0x01 != 0
		if u16(os2, 0) >= 2 && len(os2) >= 90 {
			f.metrics.XHeight, f.metrics.CapHeight = int(i16(os2, 86)), int(i16(os2, 88))
		}
	}

	recs := names(tables["name"])
	f.Family, f.Subfamily = bestName(recs, 16), bestName(recs, 17)
	if f.Family == "" {
		f.Family = bestName(recs, 1)
	}
	if f.Subfamily == "" {
		f.Subfamily = bestName(recs, 2)
	}
	f.FullName, f.PostScriptName, f.Version = bestName(recs, 4), bestName(recs, 6), bestName(recs, 5)

	if err := f.checkForWriters(cff); err != nil {
		return nil, err
	}
	if f.cov, err = parseCmap(tables["cmap"], f.numGlyphs); err != nil {
		return nil, err
	}
	f.CJK = f.cov.countRange(0x4E00, 0x9FFF) >= 500
	if cff {
		if f.cff, err = parseCFF(file, index, f.numGlyphs); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// checkForWriters checks, when the face is loaded, what the writers read
// of it later (gopdf's embedding, the subsetter, the EPUB's font names),
// so that ebook check and the build agree and a font that cannot be
// embedded fails at its place in book.yaml, not late without one: an OS/2
// table and a post header, a PostScript name, and glyph data that the
// index to locations (loca) points inside with composite glyphs built
// from glyphs the font has (for TrueType outlines: CFF ones are checked as
// parseCFF reads them). It reads each glyph's header once: linear in the
// number of glyphs.
func (f *Face) checkForWriters(cff bool) error {
	if len(f.tables["OS/2"]) < 78 {
		return errorf("has no OS/2 table (or a short one), which the PDF needs for the font's metrics and embedding rights")
	}
	if n := len(f.tables["post"]); n < 32 {
		return errorf("is damaged (its post table has %d bytes, fewer than its 32-byte header)", n)
	}
	if strings.TrimSpace(f.PostScriptName) == "" {
		return errorf("has no PostScript name (name ID 6), which the PDF and the EPUB name the font by")
	}
	if cff {
		return nil
	}
	head, loca, glyf := f.tables["head"], f.tables["loca"], f.tables["glyf"]
	long := i16(head, 50) == 1
	size := 2
	if long {
		size = 4
	}
	if len(loca) < size*(f.numGlyphs+1) {
		return errorf("is damaged (loca table too short for %d glyphs)", f.numGlyphs)
	}
	at := func(i int) int {
		if long {
			return int(u32(loca, 4*i))
		}
		return 2 * int(u16(loca, 2*i))
	}
	for i := 0; i < f.numGlyphs; i++ {
		start, end := at(i), at(i+1)
		if start > end || end > len(glyf) {
			return errorf("is damaged (glyph %d outside the glyf table)", i)
		}
		if end-start < 10 {
			continue
		}
		data := glyf[start:end]
		bad := -1
		err := components(data, func(off int) {
			if c := int(u16(data, off)); c >= f.numGlyphs && bad < 0 {
				bad = c
			}
		})
		if err != nil {
			return err
		}
		if bad >= 0 {
			return errorf("is damaged (composite glyph %d is built from glyph %d, and the font has %d)", i, bad, f.numGlyphs)
		}
	}
	return nil
}
