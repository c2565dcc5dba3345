package sfnt

import (
	"io"
	"strings"
)

// FaceInfo describes a face of a font file from its name and OS/2 tables
// alone, for finding fonts by family name without parsing whole files.
type FaceInfo struct {
	// Index is the face's index in its collection, -1 for a single font.
	Index int
	// Family and Subfamily are the typographic names (name IDs 16 and 17)
	// where present, else the legacy ones (1 and 2); Families holds every
	// family name the face gives (IDs 1 and 16, in every language), which
	// a book may name it by.
	Family, Subfamily string
	Families          []string
	FullName, Version string
	// Weight is the OS/2 usWeightClass (400 regular, 700 bold); Italic
	// the OS/2 or head italic bit.
	Weight int
	Italic bool
}

// maxDescribed bounds the tables Describe reads, so that a damaged file
// cannot make it allocate much.
const maxDescribed = 1 << 20

// Describe reads the faces of the font file r of size bytes: its header,
// table directories, name and OS/2 tables, nothing else. A file that is
// not a font gives an error.
func Describe(r io.ReaderAt, size int64) ([]FaceInfo, error) {
	read := func(off int64, n int) ([]byte, error) {
		if off < 0 || n < 0 || n > maxDescribed || off+int64(n) > size {
			return nil, errorf("is damaged (a table outside the file)")
		}
		b := make([]byte, n)
		if _, err := r.ReadAt(b, off); err != nil {
			return nil, err
		}
		return b, nil
	}
	head, err := read(0, 12)
	if err != nil {
		return nil, err
	}
	coll, err := kind(head)
	if err != nil {
		return nil, err
	}
	offs, indexes := []int64{0}, []int{-1}
	if coll {
		n := int(u32(head, 8))
		if n <= 0 || n > 1024 {
			return nil, errorf("is a damaged font collection (it declares %d faces)", n)
		}
		b, err := read(12, 4*n)
		if err != nil {
			return nil, err
		}
		offs, indexes = nil, nil
		for i := range n {
			offs = append(offs, int64(u32(b, 4*i)))
			indexes = append(indexes, i)
		}
	}
	var out []FaceInfo
	for i, off := range offs {
		dir, err := read(off, 12)
		if err != nil {
			return nil, err
		}
		n := int(u16(dir, 4))
		recs, err := read(off+12, 16*n)
		if err != nil {
			return nil, err
		}
		tables := map[string][]byte{}
		for j := range n {
			rec := recs[16*j:]
			tag := string(rec[:4])
			if tag != "name" && tag != "OS/2" && tag != "head" {
				continue
			}
			if tables[tag], err = read(int64(u32(rec, 8)), int(u32(rec, 12))); err != nil {
				return nil, err
			}
		}
		names := names(tables["name"])
		info := FaceInfo{Index: indexes[i], Family: bestName(names, 16), Subfamily: bestName(names, 17),
			FullName: bestName(names, 4), Version: bestName(names, 5), Weight: 400}
		if info.Family == "" {
			info.Family = bestName(names, 1)
		}
		if info.Subfamily == "" {
			info.Subfamily = bestName(names, 2)
		}
		seen := map[string]bool{}
		for _, rec := range names {
			if v := strings.TrimSpace(rec.value); (rec.id == 1 || rec.id == 16) && v != "" && !seen[v] {
				seen[v] = true
				info.Families = append(info.Families, v)
			}
		}
		if h := tables["head"]; len(h) >= 54 {
			info.Italic = u16(h, 44)&2 != 0
			if u16(h, 44)&1 != 0 {
				info.Weight = 700
			}
		}
		if os2 := tables["OS/2"]; len(os2) >= 64 {
			info.Weight = int(u16(os2, 4))
			info.Italic = u16(os2, 62)&0x01 != 0
		}
		out = append(out, info)
	}
	return out, nil
}
