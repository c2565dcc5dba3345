package fonts

import (
	"encoding/binary"
	"sort"
	"testing"

	"github.com/gobook/ebook/pipeline/diag"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// loadDefault loads the built-in chains for a book in lang.
func loadDefault(t testing.TB, lang string) *Set {
	t.Helper()
	var d diag.List
	s := Load(Config{Language: lang}, &d)
	if s == nil || d.Len() > 0 {
		t.Fatalf("loading the built-in fonts: %v", d.Items())
	}
	return s
}

// tablesOf returns the tables of a single font file.
func tablesOf(t testing.TB, file []byte) map[string][]byte {
	t.Helper()
	tables, err := directory(file, 0)
	if err != nil {
		t.Fatal(err)
	}
	return tables
}

// collection writes a TrueType collection of the given fonts: a ttcf
// header, then each font's table directory and tables.
func collection(t testing.TB, files ...[]byte) []byte {
	t.Helper()
	out := make([]byte, 12+4*len(files))
	copy(out, "ttcf")
	binary.BigEndian.PutUint32(out[4:], 0x00010000)
	binary.BigEndian.PutUint32(out[8:], uint32(len(files)))
	for i, f := range files {
		binary.BigEndian.PutUint32(out[12+4*i:], uint32(len(out)))
		tables := tablesOf(t, f)
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
			data := tables[tag]
			at := len(out)
			out = append(out, data...)
			for len(out)%4 != 0 {
				out = append(out, 0)
			}
			rec := dir + 12 + 16*j
			copy(out[rec:], tag)
			binary.BigEndian.PutUint32(out[rec+4:], checksum(out[at:at+pad4(len(data))]))
			binary.BigEndian.PutUint32(out[rec+8:], uint32(at))
			binary.BigEndian.PutUint32(out[rec+12:], uint32(len(data)))
		}
	}
	return out
}

// goCollection is a collection of Go Regular (face 0) and Go Bold (face 1).
func goCollection(t testing.TB) []byte {
	return collection(t, goregular.TTF, gobold.TTF)
}
