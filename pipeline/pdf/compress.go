package pdf

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"fmt"
	"sort"
	"strconv"
	"sync"

	"github.com/gobook/ebook/internal/parallel"
)

// compressContents takes a file gopdf wrote with compression off and
// returns it with every stream gopdf left uncompressed (the pages' contents
// and the fonts' ToUnicode maps) compressed, concurrently.
//
// Why not let gopdf compress: v0.33.0 makes a new zlib writer for each
// page (about 1.2 MB of tables, allocated and cleared 400 times for a
// 400-page book) and feeds it one small Fprintf at a time; for gopl-zh that
// was 260 ms of a 560 ms draw, all on one core. Here each stream is
// compressed in one write by a pooled writer, and pages are spread over the
// cores. The result does not depend on how many there are: each stream is
// compressed on its own, at one fixed level.
//
// The file is rewritten whole: the same objects in the same order with the
// same numbers, a new cross-reference table, gopdf's trailer dictionary.
func compressContents(src []byte) ([]byte, error) {
	objs, trailer, err := splitObjects(src)
	if err != nil {
		return nil, fmt.Errorf("reading gopdf's output: %w", err)
	}
	out := make([][]byte, len(objs))
	errs := make([]error, len(objs))
	// One compressor per goroutine would do; a pool gives that without
	// knowing which goroutine runs what.
	pool := sync.Pool{New: func() any { return &streamCompressor{} }}
	parallel.Each(len(objs), func(i int) {
		z := pool.Get().(*streamCompressor)
		out[i], errs[i] = z.object(objs[i])
		pool.Put(z)
	})
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", objs[i].id, err)
		}
	}

	size := len(objs[0].head)
	for i := range out {
		size += len(out[i])
	}
	var b bytes.Buffer
	b.Grow(size + 20*len(objs) + len(trailer) + 64)
	b.Write(objs[0].head)
	offsets := make([]int, len(objs))
	for i, o := range out {
		offsets[i] = b.Len()
		b.Write(o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	b.Write(trailer)
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes(), nil
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

// streamCompressor compresses streams, reusing one zlib writer.
type streamCompressor struct {
	zw  *zlib.Writer
	buf bytes.Buffer
}

// contentHead is how gopdf begins a content stream it has not compressed:
// the object's dictionary holds only the length.
var contentHead = []byte("<<\n/Length ")

// object returns o's bytes, with its stream compressed when gopdf left it
// uncompressed (a dictionary of only /Length: page contents, ToUnicode
// maps); other objects are kept as they are (gopdf compresses font files
// and images itself).
func (z *streamCompressor) object(o object) ([]byte, error) {
	body := o.body
	prefix := fmt.Sprintf("%d 0 obj\n", o.id)
	if !bytes.HasPrefix(body, []byte(prefix)) {
		return nil, fmt.Errorf("does not begin with %q", prefix)
	}
	dict := body[len(prefix):]
	if !bytes.HasPrefix(dict, contentHead) {
		return body, nil
	}
	rest := dict[len(contentHead):]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		return body, nil
	}
	length, err := strconv.Atoi(string(rest[:nl]))
	rest = rest[nl+1:]
	const open = ">>\nstream\n"
	if err != nil || !bytes.HasPrefix(rest, []byte(open)) {
		return body, nil
	}
	if length < 0 || len(rest) < len(open)+length {
		return nil, fmt.Errorf("stream of /Length %d runs past its object", length)
	}
	data := rest[len(open) : len(open)+length]
	tail := rest[len(open)+length:]
	if !bytes.HasPrefix(tail, []byte("endstream")) {
		return nil, fmt.Errorf("stream of /Length %d is not followed by endstream", length)
	}
	z.buf.Reset()
	if z.zw == nil {
		// BestSpeed: a book's content streams are most of the writing
		// time at the default level, for a file a tenth smaller.
		z.zw, _ = zlib.NewWriterLevel(&z.buf, flate.BestSpeed)
	} else {
		z.zw.Reset(&z.buf)
	}
	if _, err := z.zw.Write(data); err != nil {
		return nil, err
	}
	if err := z.zw.Close(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Grow(len(prefix) + z.buf.Len() + len(tail) + 64)
	fmt.Fprintf(&b, "%s<<\n/Filter/FlateDecode/Length %d\n>>\nstream\n", prefix, z.buf.Len())
	b.Write(z.buf.Bytes())
	b.WriteByte('\n')
	b.Write(tail)
	return b.Bytes(), nil
}
