package testenv

import (
	"encoding/binary"
	"sort"
	"testing"
)

// FontCollection returns a TrueType collection (.ttc) holding the given
// TrueType fonts as its faces, in order, for tests of face selection.
func FontCollection(t testing.TB, fonts ...[]byte) []byte {
	t.Helper()
	out := make([]byte, 12+4*len(fonts))
	copy(out, "ttcf")
	binary.BigEndian.PutUint32(out[4:], 0x00010000)
	binary.BigEndian.PutUint32(out[8:], uint32(len(fonts)))
	for i, f := range fonts {
		binary.BigEndian.PutUint32(out[12+4*i:], uint32(len(out)))
		tables := FontTables(t, f)
		tags := make([]string, 0, len(tables))
		for tag := range tables {
			tags = append(tags, tag)
		}
		sort.Strings(tags)
		dir := len(out)
		out = append(out, make([]byte, 12+16*len(tags))...)
		binary.BigEndian.PutUint32(out[dir:], 0x00010000)
		binary.BigEndian.PutUint16(out[dir+4:], uint16(len(tags)))
		for j, tag := range tags {
			at := len(out)
			out = append(out, tables[tag]...)
			for len(out)%4 != 0 {
				out = append(out, 0)
			}
			rec := dir + 12 + 16*j
			copy(out[rec:], tag)
			// Checksums are left 0: no reader of a collection checks them.
			binary.BigEndian.PutUint32(out[rec+8:], uint32(at))
			binary.BigEndian.PutUint32(out[rec+12:], uint32(len(tables[tag])))
		}
	}
	return out
}

// FontTables returns the tables of a TrueType font file by tag.
func FontTables(t testing.TB, font []byte) map[string][]byte {
	t.Helper()
	if len(font) < 12 {
		t.Fatal("not a font file")
	}
	n := int(binary.BigEndian.Uint16(font[4:]))
	tables := map[string][]byte{}
	for i := 0; i < n; i++ {
		rec := font[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if int(off+length) > len(font) {
			t.Fatalf("table %q outside the font file", rec[:4])
		}
		tables[string(rec[:4])] = font[off : off+length]
	}
	return tables
}

// CFFFont returns the start of an OpenType font with PostScript (CFF)
// outlines: enough for a reader to tell what it is.
func CFFFont() []byte {
	b := make([]byte, 12+16)
	copy(b, "OTTO")
	binary.BigEndian.PutUint16(b[4:], 1)
	copy(b[12:], "CFF ")
	binary.BigEndian.PutUint32(b[12+8:], 28)
	return b
}

// Font returns a TrueType font file made of tables (checksums left 0),
// for tests of fonts changed one table at a time.
func Font(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for tag := range tables {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	out := make([]byte, 12+16*len(tags))
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(len(tags)))
	for j, tag := range tags {
		at := len(out)
		out = append(out, tables[tag]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		rec := 12 + 16*j
		copy(out[rec:], tag)
		binary.BigEndian.PutUint32(out[rec+8:], uint32(at))
		binary.BigEndian.PutUint32(out[rec+12:], uint32(len(tables[tag])))
	}
	return out
}
