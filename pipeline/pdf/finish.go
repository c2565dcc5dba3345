package pdf

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf16"

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
//     bookmarks pane open, the document's language.
//
// The update redefines the catalog (object 1 in gopdf's files) and adds new
// objects; the original bytes stay as they are, and a reader takes the
// newest definition of each object.
//
// It is written to w after the file assemble wrote there, f: the update
// alone is held in memory (a few hundred bytes a page), its offsets counted
// from the end of the file.
func finish(w *pdfWriter, f *pdfFile, d *layout.Document, tg tagging, meta info) error {
	if len(f.pages) != len(d.Pages) {
		return fmt.Errorf("gopdf wrote %d pages, the layout has %d", len(f.pages), len(d.Pages))
	}
	// The file identifier: a hash of the file before the update.
	sum := w.sum.Sum(nil)
	u := &update{out: &bytes.Buffer{}, base: w.n, next: f.size}

	outline := u.outline(f, d)
	infoID := u.reserve()
	u.object(infoID, meta.dict())
	structRoot, err := u.structTree(f, tg)
	if err != nil {
		return err
	}
	if err := u.tagPages(f, tg); err != nil {
		return fmt.Errorf("reading gopdf's output: %w", err)
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
	xref := u.base + int64(u.out.Len())
	u.out.WriteString("xref\n")
	ids := u.sortedIDs()
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		fmt.Fprintf(u.out, "%d %d\n", ids[i], j-i+1)
		for k := i; k <= j; k++ {
			fmt.Fprintf(u.out, "%010d 00000 n \n", u.offsets[ids[k]])
		}
		i = j + 1
	}
	id := hex.EncodeToString(sum[:16])
	fmt.Fprintf(u.out, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %d /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n",
		u.next, f.rootID, infoID, f.startxref, id, id, xref)
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

// update collects the objects of an incremental update.
type update struct {
	out     *bytes.Buffer
	base    int64 // the offset in the file of out's first byte
	next    int   // the next free object number
	offsets map[int]int64
}

func (u *update) reserve() int {
	u.next++
	return u.next - 1
}

func (u *update) object(id int, body string) {
	if u.offsets == nil {
		u.offsets = map[int]int64{}
	}
	u.offsets[id] = u.base + int64(u.out.Len())
	fmt.Fprintf(u.out, "%d 0 obj\n%s\nendobj\n", id, body)
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

func (u *update) sortedIDs() []int {
	ids := make([]int, 0, len(u.offsets))
	for id := range u.offsets {
		ids = append(ids, id)
	}
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	return ids
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
	pageObjs        [][]byte // the pages' objects, "N 0 obj ... endobj", in order
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
	var b strings.Builder
	b.WriteString("<FEFF")
	// Control characters from book.yaml or headings (the EPUB's metadata
	// has none) are dropped; line ends and tabs become spaces.
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20 || 0x7f <= r && r <= 0x9f:
			return -1
		}
		return r
	}, s)
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// literal writes an ASCII string as a PDF literal string.
func literal(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return "(" + r.Replace(s) + ")"
}
