package sfnt

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// sfnt reads the tables of a font file that this package needs: the table
// directory (of a single font or of one face of a collection), head, hhea,
// maxp, OS/2, hmtx, cmap and name. It is a reader for one purpose, not a
// general font parser: x/image/font/sfnt hides the cmap and the table list,
// and general parsers read every table of a 15 MB face up front, while a
// build only needs the character coverage and the advance widths, read
// straight from the file's bytes.

// fontError is a problem with a font file, worded for an author; the caller
// adds where the file was named.
type fontError struct{ msg string }

func (e *fontError) Error() string { return e.msg }

func errorf(format string, args ...any) error {
	return &fontError{fmt.Sprintf(format, args...)}
}

func u16(b []byte, off int) uint16 { return binary.BigEndian.Uint16(b[off:]) }
func u32(b []byte, off int) uint32 { return binary.BigEndian.Uint32(b[off:]) }
func i16(b []byte, off int) int16  { return int16(binary.BigEndian.Uint16(b[off:])) }

// Magic numbers at the start of font files.
const (
	tagTrueType   = 0x00010000
	tagTrue       = 0x74727565 // "true": old Apple TrueType
	tagOTTO       = 0x4F54544F // "OTTO": OpenType with CFF outlines
	tagCollection = 0x74746366 // "ttcf"
	tagWOFF       = 0x774F4646 // "wOFF"
	tagWOFF2      = 0x774F4632 // "wOF2"
	tagType1      = 0x74797031 // "typ1"
)

// kind checks the magic number of file and returns whether it is a
// collection, or an error saying what the file is instead.
func kind(file []byte) (collection bool, err error) {
	if len(file) < 12 {
		return false, errorf("is not a font file (it is too short to be one)")
	}
	switch u32(file, 0) {
	case tagTrueType, tagTrue:
		return false, nil
	case tagCollection:
		return true, nil
	case tagOTTO:
		return false, nil
	case tagWOFF, tagWOFF2:
		return false, errorf("is a WOFF web font: use the OpenType (.otf) or TrueType (.ttf) file it was made from")
	case tagType1:
		return false, errorf("is a PostScript Type 1 font: only OpenType and TrueType fonts (.ttf, .otf, .ttc, .otc) can be embedded")
	}
	return false, errorf("is not an OpenType or TrueType font file (.ttf, .otf, .ttc or .otc)")
}

// errCFF2 rejects fonts with variable PostScript outlines, which
// x/image/font/sfnt does not read.
var errCFF2 = errorf("has variable PostScript outlines (a CFF2 table), which cannot be converted to TrueType outlines: use a static (non-variable) .otf or .ttf version of the font")

// collectionOffsets returns the offsets of the table directories of the
// faces of a TrueType collection.
func collectionOffsets(file []byte) ([]int, error) {
	if len(file) < 12 {
		return nil, errorf("is a damaged font collection (truncated header)")
	}
	n := int(u32(file, 8))
	if n == 0 || n > (len(file)-12)/4 {
		return nil, errorf("is a damaged font collection (it declares %d faces)", n)
	}
	offs := make([]int, n)
	for i := range offs {
		offs[i] = int(u32(file, 12+4*i))
	}
	return offs, nil
}

// directory reads the table directory at offset off of file.
func directory(file []byte, off int) (map[string][]byte, error) {
	if off < 0 || off > len(file)-12 {
		return nil, errorf("is damaged (table directory outside the file)")
	}
	switch u32(file, off) {
	case tagTrueType, tagTrue, tagOTTO:
	default:
		return nil, errorf("is damaged (unknown font format in its table directory)")
	}
	n := int(u16(file, off+4))
	if off+12+16*n > len(file) {
		return nil, errorf("is damaged (truncated table directory)")
	}
	tables := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := off + 12 + 16*i
		tag := string(file[rec : rec+4])
		start, length := int64(u32(file, rec+8)), int64(u32(file, rec+12))
		if start+length > int64(len(file)) {
			return nil, errorf("is damaged (table %q runs past the end of the file)", strings.TrimSpace(tag))
		}
		tables[tag] = file[start : start+length : start+length]
	}
	return tables, nil
}

// nameRecord is one decoded string of a name table.
type nameRecord struct {
	platform, encoding, language, id uint16
	value                            string
}

// names decodes the strings of a name table that are Unicode (platform 0,
// platform 3 encodings 1 and 10) or Mac Roman (platform 1, encoding 0).
func names(b []byte) []nameRecord {
	if len(b) < 6 {
		return nil
	}
	count, storage := int(u16(b, 2)), int(u16(b, 4))
	var out []nameRecord
	for i := 0; i < count && 6+12*i+12 <= len(b); i++ {
		r := 6 + 12*i
		rec := nameRecord{platform: u16(b, r), encoding: u16(b, r+2), language: u16(b, r+4), id: u16(b, r+6)}
		length, off := int(u16(b, r+8)), storage+int(u16(b, r+10))
		if off+length > len(b) {
			continue
		}
		raw := b[off : off+length]
		switch {
		case rec.platform == 0, rec.platform == 3 && (rec.encoding == 1 || rec.encoding == 10):
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = u16(raw, 2*j)
			}
			rec.value = string(utf16.Decode(u))
		case rec.platform == 1 && rec.encoding == 0:
			s, err := charmap.Macintosh.NewDecoder().Bytes(raw)
			if err != nil {
				continue
			}
			rec.value = string(s)
		default:
			continue
		}
		out = append(out, rec)
	}
	return out
}

// bestName returns the English name with the given ID, preferring Windows
// US English, then any Windows or Unicode record, then Mac Roman.
func bestName(recs []nameRecord, id uint16) string {
	best, score := "", 0
	for _, r := range recs {
		if r.id != id || strings.TrimSpace(r.value) == "" {
			continue
		}
		s := 1
		switch {
		case r.platform == 3 && r.language == 0x409:
			s = 4
		case r.platform == 3 || r.platform == 0:
			s = 3
		case r.platform == 1 && r.language == 0:
			s = 2
		}
		if s > score {
			best, score = r.value, s
		}
	}
	return strings.TrimSpace(best)
}

// hasName reports whether any record with one of ids equals name, ignoring
// case: a collection's face is chosen by its full or PostScript name, in
// any language the font gives it.
func hasName(recs []nameRecord, name string, ids ...uint16) bool {
	for _, r := range recs {
		for _, id := range ids {
			if r.id == id && strings.EqualFold(strings.TrimSpace(r.value), strings.TrimSpace(name)) {
				return true
			}
		}
	}
	return false
}
