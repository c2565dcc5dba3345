package sfnt

import (
	"encoding/binary"
	"math/bits"
	"sort"
)

// writeSFNT writes a TrueType font file holding tables, in tag order, with
// the table checksums and the head table's checksum adjustment computed as
// the OpenType specification says. It keeps head.modified as the face has
// it (tdewolff/font's SFNT.Write stamps the current time): a build must give
// the same bytes for the same input.
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12
	for tag, data := range tables {
		tags = append(tags, tag)
		size += 16 + pad4(len(data))
	}
	sort.Strings(tags)
	out := make([]byte, size)
	n := len(tags)
	magic := uint32(tagTrueType)
	if tables["CFF "] != nil {
		magic = tagOTTO // a face of an OpenType/CFF collection on its own
	}
	binary.BigEndian.PutUint32(out, magic)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	entrySelector := bits.Len(uint(n)) - 1
	searchRange := (1 << entrySelector) * 16
	binary.BigEndian.PutUint16(out[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(out[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(out[10:], uint16(n*16-searchRange))
	off := 12 + 16*n
	headAt := -1
	for i, tag := range tags {
		data := tables[tag]
		copy(out[off:], data)
		if tag == "head" && len(data) >= 12 {
			headAt = off
			binary.BigEndian.PutUint32(out[off+8:], 0) // checksum adjustment, set below
		}
		rec := out[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(out[off:off+pad4(len(data))]))
		binary.BigEndian.PutUint32(rec[8:], uint32(off))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(data)))
		off += pad4(len(data))
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

func pad4(n int) int { return (n + 3) &^ 3 }

// checksum is the OpenType table checksum: the sum of the big-endian
// 32-bit words of b, whose length is a multiple of 4.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i+4 <= len(b); i += 4 {
		sum += binary.BigEndian.Uint32(b[i:])
	}
	return sum
}
