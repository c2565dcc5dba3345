package testenv

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
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

// BadCFFFont returns an OpenType/CFF font (.otf) whose CFF table cannot
// be read: Go Regular's tables with its TrueType outlines (glyf, loca)
// replaced by a CFF table of junk.
func BadCFFFont(t testing.TB) []byte {
	t.Helper()
	tables := FontTables(t, goregular.TTF)
	delete(tables, "glyf")
	delete(tables, "loca")
	tables["CFF "] = []byte("\x01\x00\x04\x04 this is not a CFF table")
	maxp := append([]byte{0, 0, 0x50, 0}, tables["maxp"][4:6]...) // version 0.5, for CFF
	tables["maxp"] = maxp
	return fontFile("OTTO", tables)
}

// NotoCJKDir is where Debian's fonts-noto-cjk package installs the Noto
// CJK collections.
const NotoCJKDir = "/usr/share/fonts/opentype/noto"

// NotoCJK returns the contents of file (NotoSerifCJK-Regular.ttc, ...) of
// Debian's fonts-noto-cjk, which tools/validators.sh installs: a missing
// file skips the test locally and fails it under CI.
func NotoCJK(t testing.TB, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(NotoCJKDir, file))
	if err != nil {
		Missing(t, "the font "+file+" (Debian package fonts-noto-cjk)")
	}
	return data
}

// Font returns a TrueType font file made of tables (checksums left 0),
// for tests of fonts changed one table at a time.
func Font(tables map[string][]byte) []byte {
	return fontFile("\x00\x01\x00\x00", tables)
}

// fontFile writes an sfnt file of tables, in tag order, behind the
// version tag magic ("OTTO" for CFF outlines), checksums left 0.
func fontFile(magic string, tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for tag := range tables {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	out := make([]byte, 12+16*len(tags))
	copy(out, magic)
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
