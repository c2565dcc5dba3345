package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"hash"
	"hash/adler32"
	"io"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"sync"

	"github.com/cespare/xxhash/v2"
	"github.com/klauspost/compress/flate"

	"github.com/gobook/ebook/internal/parallel"
	"github.com/gobook/ebook/pipeline/picture"
)

// assemble writes to w the frame of the book, a file gopdf wrote with
// compression off, with the text of each of its pages, drawn in other
// documents (see Draw), appended to the page's content stream and every
// stream gopdf left uncompressed (the pages' contents, the fonts'
// ToUnicode maps) compressed, concurrently. It returns what finish needs
// to know of the file written.
//
// Why not let gopdf compress: v0.33.0 makes a new zlib writer for each
// page (about 1.2 MB of tables, allocated and cleared 400 times for a
// 400-page book) and feeds it one small Fprintf at a time; for gopl-zh that
// was 260 ms of a 560 ms draw, all on one core. Here each stream is
// compressed in one write by a pooled writer, and pages are spread over the
// cores. The result does not depend on how many there are: each stream is
// compressed on its own, at one fixed level.
//
// The raster pictures, pics, are in gopdf's file as stand-ins, stand (see
// standIn): each is replaced by the picture as picture.Raster makes it
// with popts, made here concurrently with the compression, and its soft
// mask, if any, added as a new object.
//
// The file is rewritten whole: the same objects in the same order with the
// same numbers, the soft masks after them, a new cross-reference table,
// gopdf's trailer dictionary with its /Size corrected. It is written to w
// object by object as the objects are made, a window of them ahead
// (aheadWindow: objects and pictures), never held whole: a picture's data
// is written from the picture itself, and the offsets the table needs are
// counted on the way.
//
// markPage, when not nil, rewrites the frame's content of each page before
// its text is appended: the marked content of a tagged PDF (markFrame).
func assemble(w *pdfWriter, frame []byte, texts []pageAddition, pics []rasterPic, stand standIn, popts picture.Options, markPage func(page int, content []byte) ([]byte, error)) (*pdfFile, error) {
	objs, trailer, err := splitObjects(frame)
	if err != nil {
		return nil, fmt.Errorf("reading gopdf's output: %w", err)
	}
	pagesID, pageIDs, err := pageTree(objs)
	if err != nil {
		return nil, fmt.Errorf("reading gopdf's output: %w", err)
	}
	contents, err := pageContentIDs(objs, pageIDs)
	if err != nil {
		return nil, fmt.Errorf("reading gopdf's output: %w", err)
	}
	if len(contents) != len(texts) {
		return nil, fmt.Errorf("gopdf wrote %d pages, the text has %d", len(contents), len(texts))
	}
	pageOf := make(map[int]int, len(contents))
	for i, id := range contents {
		pageOf[id] = i
		if id == 0 {
			return nil, fmt.Errorf("page %d has no content stream", i+1)
		}
	}
	standIns, err := findStandIns(objs, stand.data, len(pics))
	if err != nil {
		return nil, fmt.Errorf("reading gopdf's output: %w", err)
	}
	imageOf := make(map[int]int, len(pics)) // object index → picture
	for k, i := range standIns {
		imageOf[i] = k
	}
	// The objects are made on the cores and written in order as they
	// come, a window of them ahead of the writer (aheadWindow): a
	// stream compressed, a picture converted (a PNG with alpha is
	// inflated, split and compressed again; one passed through is
	// inflated once to check it, see picture.Raster). Only the windows'
	// pictures are held, not the book's, so memory does not grow with
	// the pictures.
	//
	// One compressor per goroutine would do; a pool gives that without
	// knowing which goroutine runs what.
	pool := sync.Pool{New: func() any { return &streamCompressor{} }}
	type made struct {
		data []byte         // a stream compressed, or the object as it is
		img  *picture.Image // a picture, for a stand-in
		err  error
	}
	// The pictures, the longest pieces, in a stream of their own that
	// runs ahead of the objects: in the objects' window a picture being
	// converted held up the writer while the other cores had nothing
	// left to do (a first build of a picture-heavy book took a fifth
	// longer). Picture k is the k-th stand-in in the file's order.
	nextPicture, stopPictures := parallel.Stream(len(pics), aheadWindow(), func(k int) made {
		img, err := picture.Raster(pics[k].a, pics[k].w, pics[k].h, popts)
		return made{img: img, err: err}
	})
	defer stopPictures()
	next, stop := parallel.Stream(len(objs), aheadWindow(), func(i int) made {
		if _, ok := imageOf[i]; ok {
			return made{} // from nextPicture
		}
		z := pool.Get().(*streamCompressor)
		defer pool.Put(z)
		var edit func([]byte) ([]byte, error)
		var t pageAddition
		if p, ok := pageOf[objs[i].id]; ok {
			if markPage != nil {
				edit = func(b []byte) ([]byte, error) { return markPage(p, b) }
			}
			t = texts[p]
			texts[p] = pageAddition{} // taken: the collector may have it once compressed
		}
		data, err := z.object(objs[i], t, edit)
		return made{data: data, err: err}
	})
	defer stop()
	// Each picture's soft mask, if it has one, is numbered after gopdf's
	// objects and written after them, in the order of the pictures (which
	// is the order of their objects), so that the numbers do not depend
	// on which picture was made first. Masks are the one part of the
	// pictures held to the end: an alpha channel compresses to a
	// fraction of its picture.
	n := len(objs)
	var masks []*picture.Image
	var perrs []error // every picture's error, in order, as a check would list them
	var oerr error    // the first other object's
	offsets := make([]int64, n, n+len(pics))
	w.Write(objs[0].head)
	for i := range objs {
		if w.err != nil {
			return nil, w.err // the file cannot be written: no point making the rest
		}
		m := next()
		offsets[i] = w.n
		if _, ok := imageOf[i]; ok {
			m = nextPicture()
			if m.err != nil {
				perrs = append(perrs, m.err)
				continue
			}
			smask := 0
			if m.img.SMask != nil {
				masks = append(masks, m.img.SMask)
				smask = n + len(masks)
			}
			writeImage(w, objs[i].id, m.img, smask)
			continue
		}
		if m.err != nil && oerr == nil {
			oerr = fmt.Errorf("object %d: %w", objs[i].id, m.err)
		}
		w.Write(m.data)
	}
	if err := errors.Join(perrs...); err != nil {
		return nil, err
	}
	if oerr != nil {
		return nil, oerr
	}
	for k, mask := range masks {
		offsets = append(offsets, w.n)
		writeImage(w, n+1+k, mask, 0)
	}
	n += len(masks)
	if n > len(objs) {
		trailer = reSize.ReplaceAll(trailer, []byte(fmt.Sprintf("/Size %d", n+1)))
	}
	if !reSize.Match(trailer) {
		return nil, fmt.Errorf("reading gopdf's output: no /Size in the trailer")
	}
	xref := w.n
	fmt.Fprintf(w, "xref\n0 %d\n0000000000 65535 f \n", n+1)
	for _, off := range offsets {
		fmt.Fprintf(w, "%010d 00000 n \n", off)
	}
	w.Write(trailer)
	fmt.Fprintf(w, "startxref\n%d\n%%%%EOF\n", xref)
	if w.err != nil {
		return nil, w.err
	}
	// /Size: the table's entries, objects 0 to n.
	f := &pdfFile{pagesID: pagesID, pages: pageIDs, startxref: xref, size: n + 1}
	// The objects without a stream as gopdf wrote them (pages, link
	// annotations, font dictionaries: a few hundred bytes each): finish
	// redefines pages and annotations for a tagged PDF, and the file is
	// not held to read them back.
	f.dicts = make(map[int][]byte, len(objs))
	for _, o := range objs {
		if len(dictOf(o.body)) == len(o.body) {
			f.dicts[o.id] = o.body
		}
	}
	if m := reRoot.FindSubmatch(trailer); m != nil {
		f.rootID, _ = strconv.Atoi(string(m[1]))
	}
	if f.rootID == 0 {
		return nil, fmt.Errorf("reading gopdf's output: no /Root in the trailer")
	}
	return f, nil
}

// pdfWriter is where the PDF is written: it counts the bytes (the offsets
// of the cross-reference tables) and hashes them (the file identifier, see
// finish), and keeps the first error, so that writes need no checks of
// their own.
type pdfWriter struct {
	w   io.Writer
	n   int64
	sum hash.Hash
	err error
}

func newPDFWriter(w io.Writer) *pdfWriter {
	// xxHash, not a cryptographic hash: the identifier is to tell files
	// apart, not to resist forgery, and a picture-heavy book's PDF is
	// tens of megabytes, which SHA-256 took 4% of the build to hash.
	return &pdfWriter{w: w, sum: xxhash.New()}
}

func (p *pdfWriter) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	p.sum.Write(b)
	n, err := p.w.Write(b)
	p.n += int64(n)
	p.err = err
	return n, err
}

// pageContents returns the content stream of each page of a file gopdf
// wrote with compression off, in page order: nil for a page it gave none
// (gopdf makes one on the first drawing on a page).
func pageContents(src []byte) ([][]byte, error) {
	objs, _, err := splitObjects(src)
	if err != nil {
		return nil, err
	}
	_, pages, err := pageTree(objs)
	if err != nil {
		return nil, err
	}
	ids, err := pageContentIDs(objs, pages)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(ids))
	for i, id := range ids {
		if id == 0 {
			continue
		}
		s, err := plainStream(objs[id-1])
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", id, err)
		}
		if s == nil {
			return nil, fmt.Errorf("object %d: the content of page %d is not an uncompressed stream", id, i+1)
		}
		out[i] = s.data
	}
	return out, nil
}

// pageTree returns the number of the one /Pages object of objects
// numbered 1 to n and its pages, in order.
func pageTree(objs []object) (int, []int, error) {
	for _, o := range objs {
		if m := reKids.FindSubmatch(dictOf(o.body)); m != nil {
			var pages []int
			for _, r := range reRef.FindAllSubmatch(m[1], -1) {
				id, _ := strconv.Atoi(string(r[1]))
				pages = append(pages, id)
			}
			return o.id, pages, nil
		}
	}
	return 0, nil, fmt.Errorf("no page tree")
}

// pageContentIDs returns the number of each page's content stream, in page
// order, 0 for a page without one, from objects numbered 1 to n and the
// pages' objects, in order (see pageTree).
func pageContentIDs(objs []object, pages []int) ([]int, error) {
	ids := make([]int, len(pages))
	for i, page := range pages {
		if page < 1 || page > len(objs) {
			return nil, fmt.Errorf("page %d is object %d, which does not exist", i+1, page)
		}
		var refs [][][]byte
		if m := reContents.FindSubmatch(dictOf(objs[page-1].body)); m != nil {
			refs = reRef.FindAllSubmatch(m[1], -1)
		}
		switch len(refs) {
		case 0:
		case 1:
			ids[i], _ = strconv.Atoi(string(refs[0][1]))
			if ids[i] < 1 || ids[i] > len(objs) {
				return nil, fmt.Errorf("page %d: contents in object %d, which does not exist", i+1, ids[i])
			}
		default:
			return nil, fmt.Errorf("page %d has %d content streams", i+1, len(refs))
		}
	}
	return ids, nil
}

// reContents finds the content streams of a page object as gopdf writes
// it: "/Contents  5 0 R ".
var reContents = regexp.MustCompile(`/Contents((?: +\d+ 0 R)*)`)

// dictOf returns the part of an object's body before its stream, if any.
func dictOf(body []byte) []byte {
	if i := bytes.Index(body, []byte("stream\n")); i >= 0 {
		return body[:i]
	}
	return body
}

// object is one indirect object of gopdf's file, from "N 0 obj" to the
// next object or the cross-reference table.
type object struct {
	id   int
	body []byte
	head []byte // what precedes the first object (the header); nil for the others
}

// splitObjects cuts a file gopdf wrote into its objects, by its one
// cross-reference table whose objects are numbered 1 to n, and returns
// them with the trailer ("trailer" up to "startxref").
func splitObjects(src []byte) ([]object, []byte, error) {
	f, err := scanXref(src)
	if err != nil {
		return nil, nil, err
	}
	objs := make([]object, len(f.offsets))
	order := make([]int, len(f.offsets))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return f.offsets[order[a]] < f.offsets[order[b]] })
	for k, i := range order {
		end := f.xref
		if k+1 < len(order) {
			end = f.offsets[order[k+1]]
		}
		start := f.offsets[i]
		if start <= 0 || start > end {
			return nil, nil, fmt.Errorf("object %d at %d is out of order", i+1, start)
		}
		objs[i] = object{id: i + 1, body: src[start:end]}
	}
	if k := order[0]; k != 0 || f.offsets[0] <= 0 {
		return nil, nil, fmt.Errorf("object 1 does not come first")
	}
	objs[0].head = src[:f.offsets[0]]
	return objs, f.trailer, nil
}

// xrefTable is gopdf's cross-reference table, read.
type xrefTable struct {
	offsets []int // of objects 1 to n
	xref    int   // where the table starts
	trailer []byte
}

func scanXref(src []byte) (*xrefTable, error) {
	m := reStartxref.FindSubmatch(src)
	if m == nil {
		return nil, fmt.Errorf("no startxref")
	}
	t := &xrefTable{}
	t.xref, _ = strconv.Atoi(string(m[1]))
	if t.xref <= 0 || t.xref >= len(src) {
		return nil, fmt.Errorf("startxref %d out of the file", t.xref)
	}
	rest := src[t.xref:]
	line := func() []byte {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			l := rest
			rest = nil
			return l
		}
		l := rest[:i]
		rest = rest[i+1:]
		return l
	}
	if string(line()) != "xref" {
		return nil, fmt.Errorf("no cross-reference table at %d", t.xref)
	}
	var first, n int
	if _, err := fmt.Sscanf(string(line()), "%d %d", &first, &n); err != nil || first != 0 || n < 2 {
		return nil, fmt.Errorf("cross-reference table: want one section from object 0")
	}
	line() // object 0, free
	for range n - 1 {
		l := line()
		if len(l) < 18 || l[17] != 'n' {
			return nil, fmt.Errorf("cross-reference table: entry %q", l)
		}
		off, err := strconv.Atoi(string(l[:10]))
		if err != nil {
			return nil, fmt.Errorf("cross-reference table: entry %q", l)
		}
		t.offsets = append(t.offsets, off)
	}
	end := bytes.LastIndex(rest, []byte("startxref"))
	if !bytes.HasPrefix(rest, []byte("trailer")) || end < 0 {
		return nil, fmt.Errorf("no trailer")
	}
	t.trailer = rest[:end]
	return t, nil
}

// contentHead is how gopdf begins a stream it has not compressed: the
// object's dictionary holds only the length.
var contentHead = []byte("<<\n/Length ")

// stream is the uncompressed stream of an object as gopdf writes one.
type stream struct {
	prefix string // "N 0 obj\n"
	data   []byte
	tail   []byte // from "endstream"
}

// plainStream returns o's stream when gopdf left it uncompressed (a
// dictionary of only /Length: page contents, ToUnicode maps), nil for
// another object.
func plainStream(o object) (*stream, error) {
	body := o.body
	prefix := fmt.Sprintf("%d 0 obj\n", o.id)
	if !bytes.HasPrefix(body, []byte(prefix)) {
		return nil, fmt.Errorf("does not begin with %q", prefix)
	}
	dict := body[len(prefix):]
	if !bytes.HasPrefix(dict, contentHead) {
		return nil, nil
	}
	rest := dict[len(contentHead):]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		return nil, nil
	}
	length, err := strconv.Atoi(string(rest[:nl]))
	rest = rest[nl+1:]
	const open = ">>\nstream\n"
	if err != nil || !bytes.HasPrefix(rest, []byte(open)) {
		return nil, nil
	}
	if length < 0 || len(rest) < len(open)+length {
		return nil, fmt.Errorf("stream of /Length %d runs past its object", length)
	}
	s := &stream{prefix: prefix, data: rest[len(open) : len(open)+length], tail: rest[len(open)+length:]}
	if !bytes.HasPrefix(s.tail, []byte("endstream")) {
		return nil, fmt.Errorf("stream of /Length %d is not followed by endstream", length)
	}
	return s, nil
}

// streamCompressor compresses streams, reusing one deflate writer.
type streamCompressor struct {
	fw  *flate.Writer
	buf bytes.Buffer
}

// deflater returns z's deflate writer, reset to write to z.buf, emptied.
func (z *streamCompressor) deflater() *flate.Writer {
	z.buf.Reset()
	if z.fw == nil {
		// BestSpeed: a book's content streams are most of the writing
		// time at the default level, for a file a tenth smaller.
		// klauspost's compressor, not the standard library's: a
		// quarter less time at this level.
		z.fw, _ = flate.NewWriter(&z.buf, flate.BestSpeed)
	} else {
		z.fw.Reset(&z.buf)
	}
	return z.fw
}

// textPiece is a page's text, compressed on its own as soon as it is
// drawn (see compressText), so that the book's text is never held whole
// uncompressed: a raw deflate stream ended by a final block, which
// assemble appends to the page's content stream as it is (see object).
type textPiece struct {
	deflate []byte
	adler   uint32 // the Adler-32 checksum of the text
	n       int64  // the length of the text
}

// compressText compresses a page's text, content, for assemble.
func (z *streamCompressor) compressText(content []byte) (textPiece, error) {
	if len(content) == 0 {
		return textPiece{}, nil
	}
	fw := z.deflater()
	if _, err := fw.Write(content); err != nil {
		return textPiece{}, err
	}
	if err := fw.Close(); err != nil {
		return textPiece{}, err
	}
	return textPiece{deflate: bytes.Clone(z.buf.Bytes()), adler: adler32.Checksum(content), n: int64(len(content))}, nil
}

// pageAddition is what assemble appends to the frame's content stream of a
// page: its drawings, under the text (uncompressed, they are few), and its
// text, compressed.
type pageAddition struct {
	vectors []byte
	text    textPiece
}

// object returns o's bytes, its stream rewritten by edit if not nil, with
// more appended to its stream (on a line of its own) and the stream
// compressed, when gopdf left it uncompressed; other objects are kept as
// they are (gopdf compresses font files and images itself).
//
// The stream is one zlib stream: the frame's content and the drawings
// compressed here, ended by a sync flush (which ends on a byte boundary
// and leaves the stream open), then the text's deflate blocks as
// compressText made them (a fresh compressor's, which refer to nothing
// before them), then the checksum of the whole, combined from the
// checksums of the parts. What it inflates to is the frame's content and
// the text as one stream, as before the text was compressed apart.
func (z *streamCompressor) object(o object, more pageAddition, edit func([]byte) ([]byte, error)) ([]byte, error) {
	s, err := plainStream(o)
	if err != nil {
		return nil, err
	}
	if s != nil && edit != nil {
		if s.data, err = edit(s.data); err != nil {
			return nil, err
		}
	}
	if s == nil {
		if len(more.vectors) > 0 || more.text.n > 0 {
			return nil, fmt.Errorf("page text for an object that is not an uncompressed stream")
		}
		return o.body, nil
	}
	fw := z.deflater()
	// The zlib header of the fastest level (RFC 1950: deflate, 32 KiB
	// window, FLEVEL 0, check bits).
	z.buf.Write([]byte{0x78, 0x01})
	sum := adler32.New()
	write := func(b []byte) {
		fw.Write(b) // into a bytes.Buffer: never fails
		sum.Write(b)
	}
	write(s.data)
	if len(more.vectors) > 0 || more.text.n > 0 {
		if len(s.data) > 0 && s.data[len(s.data)-1] != '\n' {
			write([]byte{'\n'})
		}
		write(more.vectors)
	}
	check := sum.Sum32()
	if more.text.n > 0 {
		if err := fw.Flush(); err != nil {
			return nil, err
		}
		z.buf.Write(more.text.deflate)
		check = adler32Combine(check, more.text.adler, more.text.n)
	} else if err := fw.Close(); err != nil {
		return nil, err
	}
	z.buf.Write([]byte{byte(check >> 24), byte(check >> 16), byte(check >> 8), byte(check)})
	var b bytes.Buffer
	b.Grow(len(s.prefix) + z.buf.Len() + len(s.tail) + 64)
	fmt.Fprintf(&b, "%s<<\n/Filter/FlateDecode/Length %d\n>>\nstream\n", s.prefix, z.buf.Len())
	b.Write(z.buf.Bytes())
	b.WriteByte('\n')
	b.Write(s.tail)
	return b.Bytes(), nil
}

// adler32Combine returns the Adler-32 checksum of the concatenation of
// two byte strings from their checksums and the length of the second (as
// zlib's adler32_combine; the standard library has none).
func adler32Combine(a1, a2 uint32, len2 int64) uint32 {
	const base = 65521
	rem := uint32(len2 % base)
	sum1 := a1 & 0xffff
	sum2 := rem * sum1 % base
	sum1 += a2&0xffff + base - 1
	sum2 += a1>>16 + a2>>16 + base - rem
	if sum1 >= base {
		sum1 -= base
	}
	if sum1 >= base {
		sum1 -= base
	}
	if sum2 >= base<<1 {
		sum2 -= base << 1
	}
	if sum2 >= base {
		sum2 -= base
	}
	return sum2<<16 | sum1
}

// findStandIns returns the indexes in objs of the n stand-in pictures
// (image objects of one grey pixel whose data is data, the stand-in's:
// see standIn), in order.
func findStandIns(objs []object, data []byte, n int) ([]int, error) {
	if n == 0 {
		return nil, nil
	}
	stream := append([]byte("stream\n"), data...)
	stream = append(stream, "\nendstream"...)
	var found []int
	for i, o := range objs {
		if bytes.Contains(o.body, []byte("/Subtype /Image")) && bytes.Contains(o.body, []byte("/Width 1\n")) &&
			bytes.Contains(o.body, []byte("/Height 1\n")) && bytes.Contains(o.body, stream) {
			found = append(found, i)
		}
	}
	if len(found) != n {
		return nil, fmt.Errorf("%d stand-in pictures for %d pictures", len(found), n)
	}
	return found, nil
}

// writeImage writes object id, picture img, with soft mask object smask
// (0 for none): the picture's data straight from it, not copied.
func writeImage(w io.Writer, id int, img *picture.Image, smask int) {
	var b bytes.Buffer
	b.Grow(len(img.Palette)*2 + 512)
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace ", id, img.Width, img.Height)
	if img.ColorSpace == "Indexed" {
		fmt.Fprintf(&b, "[/Indexed /DeviceRGB %d <%x>]", len(img.Palette)/3-1, img.Palette)
	} else {
		b.WriteString("/" + img.ColorSpace)
	}
	fmt.Fprintf(&b, " /BitsPerComponent %d /Filter /%s", img.BitsPerComponent, img.Filter)
	if img.Colors > 0 {
		fmt.Fprintf(&b, " /DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent %d /Columns %d >>", img.Colors, img.BitsPerComponent, img.Width)
	}
	if img.Decode != "" {
		b.WriteString(" /Decode " + img.Decode)
	}
	if len(img.ColorKey) > 0 {
		b.WriteString(" /Mask [")
		for _, v := range img.ColorKey {
			fmt.Fprintf(&b, " %d", v)
		}
		b.WriteString(" ]")
	}
	if smask > 0 {
		fmt.Fprintf(&b, " /SMask %d 0 R", smask)
	}
	fmt.Fprintf(&b, " /Length %d >>\nstream\n", len(img.Data))
	w.Write(b.Bytes())
	w.Write(img.Data)
	io.WriteString(w, "\nendstream\nendobj\n")
}

// aheadWindow is how many objects, and how many pictures, assemble makes
// ahead of the one it writes. Conversions differ a hundredfold (a JPEG
// passed through, a PNG with alpha split and compressed again), so the
// cores stay busy only well ahead of the writer: on the bench's book of 80
// screenshots built with an empty cache, 2 pictures a core made the build
// a third longer than converting them all first, 4 a core 7% longer, 16 a
// core no longer. A book of hundreds of pictures still never holds them
// all (the soft masks excepted, which are written last).
func aheadWindow() int {
	return 16 * runtime.GOMAXPROCS(0)
}
