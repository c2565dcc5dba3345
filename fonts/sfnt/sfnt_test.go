package sfnt

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"github.com/gobook/ebook/internal/testenv"
)

func TestParseErrors(t *testing.T) {
	regular := goregular.TTF
	withCFF := func() []byte {
		tables := tablesOf(t, regular)
		tables["CFF "] = []byte{1, 0, 4, 1}
		return writeSFNT(tables)
	}()
	withoutGlyf := func() []byte {
		tables := tablesOf(t, regular)
		delete(tables, "glyf")
		return writeSFNT(tables)
	}()
	restricted := func() []byte {
		tables := tablesOf(t, regular)
		os2 := slices.Clone(tables["OS/2"])
		binary.BigEndian.PutUint16(os2[8:], 0x0002)
		tables["OS/2"] = os2
		return writeSFNT(tables)
	}()
	ttc := goCollection(t)
	tests := []struct {
		name  string
		file  []byte
		index int
		face  string
		want  string // in the error; "" for success
		ps    string // PostScript name of the face on success
	}{
		{"text", []byte("this is not a font, it is a text file\n"), -1, "", "is not an OpenType or TrueType font file", ""},
		{"empty", nil, -1, "", "too short", ""},
		{"OTTO, damaged CFF", testenv.BadCFFFont(t), -1, "", "has PostScript (CFF) outlines that cannot be read to convert them to TrueType outlines", ""},
		{"CFF table beside glyf", withCFF, -1, "", "", "GoRegular"},
		{"no glyf", withoutGlyf, -1, "", "has no outlines (no glyf or CFF table)", ""},
		{"WOFF", append([]byte("wOFF"), make([]byte, 100)...), -1, "", "WOFF web font", ""},
		{"restricted", restricted, -1, "", "may not be embedded", ""},
		{"truncated", regular[:5000], -1, "", "damaged", ""},
		{"single", regular, -1, "", "", "GoRegular"},
		{"single by name", regular, -1, "Go Regular", "", "GoRegular"},
		{"single, wrong name", regular, -1, "Go Bold", `is the face "Go Regular", not "Go Bold"`, ""},
		{"single with index", regular, 1, "", "is a single font, not a collection", ""},
		{"collection index 1", ttc, 1, "", "", "Go-Bold"},
		{"collection index 0", ttc, 0, "", "", "GoRegular"},
		{"collection by PostScript name", ttc, -1, "Go-Bold", "", "Go-Bold"},
		{"collection by full name", ttc, -1, "go regular", "", "GoRegular"},
		{"collection, no index", ttc, -1, "", "is a collection of 2 faces: choose one with index: or name: (index 0: Go Regular (GoRegular), index 1: Go Bold (Go-Bold))", ""},
		{"collection, bad index", ttc, 2, "", "there is no face 2", ""},
		{"collection, bad name", ttc, -1, "Go Mono", `no face named "Go Mono"`, ""},
	}
	for _, tt := range tests {
		f, err := Parse(tt.file, tt.index, tt.face)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want == "" && f.PostScriptName != tt.ps:
			t.Errorf("%s: face %s, want %s", tt.name, f.PostScriptName, tt.ps)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	// A face of a collection is a complete font on its own.
	f, err := Parse(ttc, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	xf, err := sfnt.Parse(f.TrueType())
	if err != nil {
		t.Fatalf("face of a collection as a font: %v", err)
	}
	if name, _ := xf.Name(nil, sfnt.NameIDPostScript); name != "Go-Bold" {
		t.Errorf("face 1 of the collection is %q", name)
	}
}

func TestWriteSFNTChecksums(t *testing.T) {
	out := writeSFNT(tablesOf(t, goregular.TTF))
	if sum := checksum(out); sum != 0xB1B0AFBA {
		t.Errorf("file checksum %#x, want 0xB1B0AFBA", sum)
	}
	n := int(binary.BigEndian.Uint16(out[4:]))
	for i := 0; i < n; i++ {
		rec := out[12+16*i:]
		tag := string(rec[:4])
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		data := slices.Clone(out[off : int(off)+pad4(int(length))])
		if tag == "head" {
			binary.BigEndian.PutUint32(data[8:], 0)
		}
		if checksum(data) != binary.BigEndian.Uint32(rec[4:]) {
			t.Errorf("table %q: bad checksum", tag)
		}
	}
	if !bytes.Equal(out, writeSFNT(tablesOf(t, goregular.TTF))) {
		t.Error("writeSFNT is not deterministic")
	}
}

// hostileFonts are Go Regular changed in one way each that the writers
// cannot take (or, for the cmap, that costs minutes to read), with what
// Parse must say.
func hostileFonts(t testing.TB) []struct {
	name, want string
	file       []byte
} {
	edit := func(fn func(tables map[string][]byte)) []byte {
		tables := tablesOf(t, goregular.TTF)
		fn(tables)
		return writeSFNT(tables)
	}
	return []struct {
		name, want string
		file       []byte
	}{
		{"no OS/2", "has no OS/2 table", edit(func(tb map[string][]byte) { delete(tb, "OS/2") })},
		{"short post", "post table has 10 bytes", edit(func(tb map[string][]byte) { tb["post"] = tb["post"][:10] })},
		{"no PostScript name", "has no PostScript name", edit(func(tb map[string][]byte) { tb["name"] = withoutName(tb["name"], 6) })},
		{"composite past the glyphs", "is built from glyph 65000", edit(func(tb map[string][]byte) { tb["glyf"], tb["loca"] = compositeTo(tb, 65000) })},
		{"cmap of overlapping segments", "segments cover", edit(func(tb map[string][]byte) { tb["cmap"] = overlappingCmap(8000) })},
	}
}

func TestParseForWriters(t *testing.T) {
	for _, tt := range hostileFonts(t) {
		start := time.Now()
		_, err := Parse(tt.file, -1, "")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one saying %q", tt.name, err, tt.want)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: %v to refuse", tt.name, d)
		}
	}
}

// withoutName returns a name table with the records of id given blanked
// out (their length set to 0).
func withoutName(name []byte, id uint16) []byte {
	name = slices.Clone(name)
	n := int(binary.BigEndian.Uint16(name[2:]))
	for i := range n {
		rec := 6 + 12*i
		if binary.BigEndian.Uint16(name[rec+6:]) == id {
			binary.BigEndian.PutUint16(name[rec+8:], 0)
		}
	}
	return name
}

// compositeTo appends a composite glyph built from glyph c to the last
// glyph's data, and returns the glyf and loca tables.
func compositeTo(tb map[string][]byte, c uint16) (glyf, loca []byte) {
	long := binary.BigEndian.Uint16(tb["head"][50:]) == 1
	n := int(binary.BigEndian.Uint16(tb["maxp"][4:]))
	glyf, loca = slices.Clone(tb["glyf"]), slices.Clone(tb["loca"])
	start := len(glyf)
	comp := []byte{0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, byte(c >> 8), byte(c), 0, 0, 0, 0}
	glyf = append(glyf, comp...)
	// The last glyph becomes the composite one.
	if long {
		binary.BigEndian.PutUint32(loca[4*(n-1):], uint32(start))
		binary.BigEndian.PutUint32(loca[4*n:], uint32(len(glyf)))
	} else {
		binary.BigEndian.PutUint16(loca[2*(n-1):], uint16(start/2))
		binary.BigEndian.PutUint16(loca[2*n:], uint16(len(glyf)/2))
	}
	return glyf, loca
}

// overlappingCmap is a cmap whose format 4 subtable has segs segments,
// each mapping the whole plane.
func overlappingCmap(segs int) []byte {
	sub := make([]byte, 16+8*segs)
	binary.BigEndian.PutUint16(sub[0:], 4)
	binary.BigEndian.PutUint16(sub[2:], uint16(len(sub)))
	binary.BigEndian.PutUint16(sub[6:], uint16(2*segs))
	for i := range segs {
		binary.BigEndian.PutUint16(sub[14+2*i:], 0xFFFE)   // end
		binary.BigEndian.PutUint16(sub[16+2*segs+2*i:], 1) // start
	}
	cmap := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}
	return append(cmap, sub...)
}
