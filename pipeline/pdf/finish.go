package pdf

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zlib"

	"github.com/gobook/ebook/pipeline/layout"
)

// finish appends to gopdf's file an incremental update (PDF 32000, 7.5.6)
// holding what gopdf cannot write or gets wrong, without forking it:
//
//   - the outline: gopdf v0.33.0 gives top-level items a wrong /Parent,
//     links /Prev wrongly and points every item at the bottom of its page;
//     we write the tree ourselves, each item opening its heading where it
//     is on the page;
//   - page labels (front matter i, ii, iii; the body from 1), so a viewer
//     shows the number printed on the page;
//   - the document information as an indirect object (gopdf writes it
//     inline in the trailer) with keywords, the modification date, the
//     book's version, and the viewer preferences: document title shown,
//     bookmarks pane open, the document's language; the same in XMP
//     metadata (xmp.go);
//   - for a tagged PDF, the structure tree with its parent tree
//     (structtree.go), /StructParents and /Tabs /S on every page, and link
//     annotations tied to their Link elements, with /Contents.
//
// The update redefines the catalog (object 1 in gopdf's files) and, for a
// tagged PDF, the pages and link annotations, and adds new objects, most
// of them packed in compressed object streams with a cross-reference
// stream; the original bytes stay as they are, and a reader takes the
// newest definition of each object.
//
// It is written to w after the file assemble wrote there, f, whose objects
// without a stream assemble kept (f.dicts) so that the file is not read
// back. The update is held in memory until it is written (outline, labels
// and information a few hundred bytes a page; the structure tree some 100
// bytes for each marked-content sequence before compression), its offsets
// counted from the end of the file.
func finish(w *pdfWriter, f *pdfFile, d *layout.Document, tg tagging, meta info) error {
	if len(f.pages) != len(d.Pages) {
		return fmt.Errorf("gopdf wrote %d pages, the layout has %d", len(f.pages), len(d.Pages))
	}
	// The file identifier: a hash of the file before the update, and
	// its length (16 bytes, as is usual).
	sum := binary.BigEndian.AppendUint64(w.sum.Sum(nil), uint64(w.n))
	// Room for the update's packed objects (outline, labels, information:
	// a few hundred bytes a page at most; the structure tree: an element
	// of some 100 bytes, and a reference in the parent tree, for each
	// marked-content sequence at most, compressed to a fraction in the
	// file).
	marks := 0
	for _, p := range tg.pages {
		marks += len(p.marks)
	}
	u := &update{out: &bytes.Buffer{}, base: w.n, next: f.size}
	u.packed.Grow(512*len(d.Pages) + 160*marks)

	outline := u.outline(f, d)
	infoID := u.reserve()
	u.object(infoID, meta.dict())
	structRoot := 0
	if tg.pages != nil {
		var err error
		if structRoot, err = u.structTree(f, tg); err != nil {
			return err
		}
		if err := u.tagPages(f, tg); err != nil {
			return fmt.Errorf("reading gopdf's output: %w", err)
		}
	}
	metadata := u.reserve()
	u.stream(metadata, "/Type /Metadata /Subtype /XML", meta.xmp())

	// The catalog, redefined.
	var c strings.Builder
	fmt.Fprintf(&c, "<< /Type /Catalog /Pages %d 0 R", f.pagesID)
	if outline > 0 {
		fmt.Fprintf(&c, " /Outlines %d 0 R /PageMode /UseOutlines", outline)
	}
	c.WriteString(" /PageLabels << /Nums [")
	for _, r := range d.Labels {
		switch r.Style {
		case layout.Roman:
			fmt.Fprintf(&c, " %d << /S /r /St %d >>", r.First, r.Start)
		case layout.Decimal:
			fmt.Fprintf(&c, " %d << /S /D /St %d >>", r.First, r.Start)
		default:
			fmt.Fprintf(&c, " %d << >>", r.First)
		}
	}
	c.WriteString(" ] >>")
	c.WriteString(" /ViewerPreferences << /DisplayDocTitle true >>")
	fmt.Fprintf(&c, " /Metadata %d 0 R", metadata)
	if structRoot > 0 {
		fmt.Fprintf(&c, " /MarkInfo << /Marked true >> /StructTreeRoot %d 0 R", structRoot)
	}
	if meta.lang != "" {
		fmt.Fprintf(&c, " /Lang %s", literal(meta.lang))
	}
	c.WriteString(" >>")
	u.object(f.rootID, c.String())

	// The cross-reference section of the update and its trailer.
	id := hex.EncodeToString(sum[:16])
	if err := u.close(fmt.Sprintf("/Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]", f.rootID, infoID, id, id), f.startxref); err != nil {
		return err
	}
	w.Write(u.out.Bytes())
	return w.err
}

// info is the document information the update writes.
type info struct {
	title, author, subject, keywords, creator string
	version, lang                             string
	date                                      time.Time
	authors                                   []string // for the XMP metadata, each apart
	ua                                        bool     // the PDF claims PDF/UA-1 (pdfuaid:part in the XMP)
}

func (m info) dict() string {
	var b strings.Builder
	b.WriteString("<<")
	entry := func(key, value string) {
		if value != "" {
			fmt.Fprintf(&b, " /%s %s", key, text(value))
		}
	}
	entry("Title", m.title)
	entry("Author", m.author)
	entry("Subject", m.subject)
	entry("Keywords", m.keywords)
	entry("Creator", m.creator)
	entry("Producer", m.creator)
	// Not a standard key: the book's version, for whoever reads the
	// document information (the colophon prints it too).
	entry("Version", m.version)
	date := "D:" + m.date.UTC().Format("20060102150405") + "Z"
	fmt.Fprintf(&b, " /CreationDate %s /ModDate %s", literal(date), literal(date))
	b.WriteString(" >>")
	return b.String()
}

// update collects the objects of an incremental update. Its objects but
// streams go, compressed, into object streams (PDF 32000, 7.5.7), for a
// tagged book's structure tree is some 10⁴ small objects, 1.6 MB written
// out for gopl-zh; the update's cross-reference section is then a stream
// (7.5.8), which may follow gopdf's table (its /Prev).
type update struct {
	out     *bytes.Buffer
	base    int64         // the offset in the file of out's first byte
	next    int           // the next free object number
	offsets map[int]int64 // of the objects written out: streams
	// packed holds the bodies of the other objects, one after another;
	// packedIDs their numbers and ends.
	packed    bytes.Buffer
	packedIDs []packedObj
}

// packedObj is an object of the update kept for an object stream: its
// number and where its body ends in update.packed.
type packedObj struct{ id, end int }

func (u *update) reserve() int {
	u.next++
	return u.next - 1
}

func (u *update) object(id int, body string) {
	u.end(append(u.begin(id), body...))
}

// begin starts object id and returns the buffer to append its body to,
// for end: the free space of the buffer of packed objects, so that an
// object is written without a copy.
func (u *update) begin(id int) []byte {
	u.packedIDs = append(u.packedIDs, packedObj{id: id})
	return u.packed.AvailableBuffer()
}

// end keeps the object begin started, b.
func (u *update) end(b []byte) {
	u.packed.Write(append(b, '\n'))
	u.packedIDs[len(u.packedIDs)-1].end = u.packed.Len()
}

// stream writes object id, a stream of data with dictionary entries dict.
func (u *update) stream(id int, dict string, data []byte) {
	if u.offsets == nil {
		u.offsets = map[int]int64{}
	}
	u.offsets[id] = u.base + int64(u.out.Len())
	fmt.Fprintf(u.out, "%d 0 obj\n<< %s /Length %d >>\nstream\n", id, dict, len(data))
	u.out.Write(data)
	u.out.WriteString("\nendstream\nendobj\n")
}

// objStmSize is how many objects an object stream holds at most.
const objStmSize = 500

// close writes the packed objects in object streams, then the update's
// cross-reference stream with the trailer's entries (trailer, the
// dictionary's entries but /Size and /Prev), pointing at gopdf's
// cross-reference table (prev).
func (u *update) close(trailer string, prev int64) error {
	type entry struct {
		id   int
		kind byte  // 1: at an offset in the file; 2: in an object stream
		at   int64 // offset, or object stream
		in   int   // index in the object stream
	}
	var entries []entry
	for id, off := range u.offsets {
		entries = append(entries, entry{id: id, kind: 1, at: off})
	}
	body := u.packed.Bytes()
	var zbuf bytes.Buffer
	// One writer, reset for each stream: a zlib writer allocates some
	// 600 KB.
	zw, _ := zlib.NewWriterLevel(&zbuf, flate.BestSpeed)
	var head []byte
	for lo := 0; lo < len(u.packedIDs); lo += objStmSize {
		objs := u.packedIDs[lo:min(lo+objStmSize, len(u.packedIDs))]
		stm := u.reserve()
		start := 0
		if lo > 0 {
			start = u.packedIDs[lo-1].end
		}
		head = head[:0]
		for k, o := range objs {
			from := start
			if k > 0 {
				from = objs[k-1].end
			}
			head = strconv.AppendInt(head, int64(o.id), 10)
			head = append(head, ' ')
			head = strconv.AppendInt(head, int64(from-start), 10)
			head = append(head, ' ')
			entries = append(entries, entry{id: o.id, kind: 2, at: int64(stm), in: k})
		}
		head = append(head, '\n')
		zbuf.Reset()
		zw.Reset(&zbuf)
		zw.Write(head)                              //nolint:errcheck // writes to memory
		zw.Write(body[start:objs[len(objs)-1].end]) //nolint:errcheck // writes to memory
		if err := zw.Close(); err != nil {
			return err
		}
		entries = append(entries, entry{id: stm, kind: 1, at: u.base + int64(u.out.Len())})
		fmt.Fprintf(u.out, "%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n", stm, len(objs), len(head), zbuf.Len())
		u.out.Write(zbuf.Bytes())
		u.out.WriteString("\nendstream\nendobj\n")
	}
	xref := u.reserve()
	entries = append(entries, entry{id: xref, kind: 1, at: u.base + int64(u.out.Len())})
	slices.SortFunc(entries, func(a, b entry) int { return a.id - b.id })
	// Each entry: its kind, an offset or object stream of 4 bytes, an
	// index of 2.
	var index []byte
	var data []byte
	for i := 0; i < len(entries); {
		j := i
		for j+1 < len(entries) && entries[j+1].id == entries[j].id+1 {
			j++
		}
		index = strconv.AppendInt(append(index, ' '), int64(entries[i].id), 10)
		index = strconv.AppendInt(append(index, ' '), int64(j-i+1), 10)
		for _, e := range entries[i : j+1] {
			data = append(data, e.kind, byte(e.at>>24), byte(e.at>>16), byte(e.at>>8), byte(e.at), byte(e.in>>8), byte(e.in))
		}
		i = j + 1
	}
	zbuf.Reset()
	zw.Reset(&zbuf)
	zw.Write(data) //nolint:errcheck // writes to memory
	if err := zw.Close(); err != nil {
		return err
	}
	at := u.base + int64(u.out.Len())
	fmt.Fprintf(u.out, "%d 0 obj\n<< /Type /XRef /Size %d /Index [%s ] /W [1 4 2] /Prev %d %s /Filter /FlateDecode /Length %d >>\nstream\n",
		xref, u.next, index, prev, trailer, zbuf.Len())
	u.out.Write(zbuf.Bytes())
	fmt.Fprintf(u.out, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", at)
	return nil
}

// outline writes the bookmarks and returns the outline dictionary's
// number, or 0 when there are none.
func (u *update) outline(f *pdfFile, d *layout.Document) int {
	if len(d.Outline) == 0 {
		return 0
	}
	root := u.reserve()
	first, last, count := u.items(f, d, d.Outline, root)
	u.object(root, fmt.Sprintf("<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>", first, last, count))
	return root
}

// items writes one level of bookmarks under parent and returns the first
// and last items and how many are visible when the level is: the items and
// the descendants of open ones. Parts are open, so that the bookmarks pane
// shows parts and chapters; other items are closed.
func (u *update) items(f *pdfFile, d *layout.Document, bms []*layout.Bookmark, parent int) (first, last, visible int) {
	ids := make([]int, len(bms))
	for i := range bms {
		ids[i] = u.reserve()
	}
	for i, bm := range bms {
		var b strings.Builder
		fmt.Fprintf(&b, "<< /Title %s /Parent %d 0 R", text(bm.Title), parent)
		if i > 0 {
			fmt.Fprintf(&b, " /Prev %d 0 R", ids[i-1])
		}
		if i+1 < len(bms) {
			fmt.Fprintf(&b, " /Next %d 0 R", ids[i+1])
		}
		visible++
		if len(bm.Children) > 0 {
			cf, cl, cv := u.items(f, d, bm.Children, ids[i])
			// /Count: positive, the visible descendants of an open
			// item; negative, those a closed one would show.
			count := -cv
			if bm.Open {
				count = cv
				visible += cv
			}
			fmt.Fprintf(&b, " /First %d 0 R /Last %d 0 R /Count %d", cf, cl, count)
		}
		if dst, ok := d.Dests[bm.Dest]; ok {
			fmt.Fprintf(&b, " /Dest [%d 0 R /XYZ 0 %.2f null]", f.pages[dst.Page], d.Height-dst.Y)
		}
		b.WriteString(" >>")
		u.object(ids[i], b.String())
	}
	return ids[0], ids[len(ids)-1], visible
}

// pdfFile is what the update needs to know of gopdf's file.
type pdfFile struct {
	rootID, pagesID int
	pages           []int // the page objects, in order
	size            int   // the trailer's /Size
	startxref       int64
	dicts           map[int][]byte // the objects without a stream, "N 0 obj ... endobj", by number
}

var (
	reStartxref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	reSize      = regexp.MustCompile(`/Size (\d+)`)
	reRoot      = regexp.MustCompile(`/Root (\d+) 0 R`)
	reKids      = regexp.MustCompile(`/Type /Pages[^>]*?/Kids \[([^\]]*)\]`)
	reRef       = regexp.MustCompile(`(\d+) 0 R`)
)

// text encodes s as a PDF text string: UTF-16BE with a byte order mark, in
// hexadecimal, so every character survives.
func text(s string) string {
	return string(appendText(nil, s))
}

// appendText appends text(s) to b. Control characters from book.yaml or
// headings (the EPUB's metadata has none) are dropped; line ends and tabs
// become spaces.
func appendText(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	b = append(b, "<FEFF"...)
	var pair [2]uint16
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			r = ' '
		case r < 0x20 || 0x7f <= r && r <= 0x9f:
			continue
		}
		units := utf16.AppendRune(pair[:0], r)
		for _, u := range units {
			b = append(b, hex[u>>12], hex[u>>8&15], hex[u>>4&15], hex[u&15])
		}
	}
	return append(b, '>')
}

// literal writes an ASCII string as a PDF literal string.
func literal(s string) string {
	return string(appendLiteral(nil, s))
}

// appendLiteral appends literal(s) to b.
func appendLiteral(b []byte, s string) []byte {
	b = append(b, '(')
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c == '(' || c == ')' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return append(b, ')')
}
