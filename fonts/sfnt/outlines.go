package sfnt

// WithoutOutlines returns TrueType font file ttf with every glyph made
// empty: the same glyph numbers, character map and metrics, no outlines.
//
// The PDF writer draws a book's text in several gopdf documents at once
// and keeps only their page contents, which name glyphs by number; each
// of those documents embeds its fonts all the same (gopdf compresses every
// font it has drawn with, at its default level, one at a time), so they get
// this empty copy of the font, and only the document whose fonts are kept
// gets the outlines.
func WithoutOutlines(ttf []byte) ([]byte, error) {
	tables, err := directory(ttf, 0)
	if err != nil {
		return nil, err
	}
	head, maxp := tables["head"], tables["maxp"]
	if len(head) < 54 || len(maxp) < 6 || tables["glyf"] == nil || tables["loca"] == nil {
		return nil, errorf("is not a TrueType font with outlines (no head, maxp, glyf or loca table)")
	}
	n := int(u16(maxp, 4))
	// Every glyph starts where the (empty) glyf table ends: offset 0, in
	// the short or long form head.indexToLocFormat names.
	locaSize := 2
	if i16(head, 50) == 1 {
		locaSize = 4
	}
	out := make(map[string][]byte, len(tables))
	for tag, data := range tables {
		out[tag] = data
	}
	out["loca"] = make([]byte, (n+1)*locaSize)
	out["glyf"] = nil
	delete(out, "DSIG") // the signature no longer matches
	return writeSFNT(out), nil
}
