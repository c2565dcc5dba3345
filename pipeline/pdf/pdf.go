// Package pdf writes a book as a PDF: the layout package typesets it into
// pages, and this package draws them with gopdf, embedding a subset of
// every face used.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/internal/parallel"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/layout"
	"github.com/gobook/ebook/pipeline/picture"
)

// Options tune the PDF.
type Options struct {
	// Modified is the build's date (SOURCE_DATE_EPOCH): the creation and
	// modification dates of the PDF.
	Modified time.Time
	// Version is the book's version, when the build names one.
	Version string
	// Creator is the tool that made the PDF, with its version.
	Creator string
	// Usage, when set, is what the build's scan of the book found
	// (fonts.ScanBook): the faces are subset by it while the book is
	// laid out (see guessFaces).
	Usage *fonts.Usage
	// Laid, when set, is given the typeset document as soon as the book
	// is laid out, before it is drawn: the build makes the EPUB's page
	// list from it. It must not keep the document: WriteTo releases the
	// pages' items once they are drawn.
	Laid func(*layout.Document)

	// Cache, when set, keeps the raster pictures as the PDF embeds
	// them between builds (see picture.Options).
	Cache *filecache.Cache

	// untagged leaves the PDF untagged: for the benchmark that measures
	// what tagging costs.
	untagged bool
}

// Write typesets b with the fonts of set and returns the PDF.
func Write(b *book.Book, set *fonts.Set, opts Options) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := WriteTo(&buf, b, set, opts); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteTo typesets b with the fonts of set and writes the PDF to w, as it
// is made: it is never held whole in memory. It returns the number of
// bytes written. A picture whose data the book's load left unchecked
// (doc.Asset.DataUnchecked) and that turns out damaged is a
// *picture.DamagedError.
func WriteTo(w io.Writer, b *book.Book, set *fonts.Set, opts Options) (int64, error) {
	var guess []*pdfFace
	done := make(chan struct{})
	go func() {
		defer close(done)
		if opts.Usage != nil {
			// A subset that fails here fails again, with its
			// message, in documentFaces.
			guess, _ = guessFaces(b, set, opts.Usage)
		}
	}()
	d, err := layout.Typeset(b, set)
	if err == nil && opts.Laid != nil {
		opts.Laid(d)
	}
	<-done
	if err != nil {
		return 0, err
	}
	return drawBook(w, d, b, opts, guess, true)
}

// Draw draws typeset document d of book b.
//
// gopdf draws on one core, and slowly where a book has most to draw: it
// keeps every run of text as an object and writes it, at the end, with a
// few fmt.Fprintf calls for the run and one per glyph. So the text is
// drawn apart: the glyph runs of a window of pages in a gopdf document of
// their own, a few documents concurrently (see textWindows), while the frame
// (everything else: rules, boxes, pictures, links, destinations, and the
// fonts) is drawn in another. gopdf numbers glyphs as the font it is given
// does and names fonts in the order they are added, so every document is
// given the same subset fonts (see documentFaces) in the same order, and
// each page's text from the text documents, compressed as soon as its
// window is drawn, is appended to the frame page's content stream (see
// assemble). Text is drawn over the rest of its
// page, as it is in the page model: the layout puts nothing over text but
// text.
func Draw(d *layout.Document, b *book.Book, opts Options) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := drawBook(&buf, d, b, opts, nil, false); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// drawBook is Draw, writing to w, with the faces subset already, those of
// guess (see documentFaces). With release, each page's items are dropped
// as soon as the page is drawn: the page model is the largest part of the
// memory a build holds, and what the rest needs of it (the structure
// tree's links, see planTags) is taken before. Otherwise d is only read.
func drawBook(out io.Writer, d *layout.Document, b *book.Book, opts Options, guess []*pdfFace, release bool) (int64, error) {
	if err := checkLinks(d); err != nil {
		return 0, err
	}
	faces, err := documentFaces(d, guess)
	if err != nil {
		return 0, err
	}
	var tags []pageTags
	if !opts.untagged {
		tags = planTags(d)
	}
	windows := textWindows(len(d.Pages))
	stand := newStandIn()
	var frame []byte
	var vectors [][]byte
	var pics []rasterPic
	texts := make([]pageAddition, len(d.Pages))
	errs := make([]error, 1+len(windows))
	// The frame first: it is the longest single task (it compresses the
	// fonts, at gopdf's default level). The text a window of pages at a
	// time, each page's compressed as soon as it is drawn: only as many
	// windows as there are cores are held uncompressed at once.
	pool := sync.Pool{New: func() any { return &streamCompressor{} }}
	// With release, a page's items are dropped as soon as both the frame
	// and its text are drawn, so that the page model shrinks as the
	// documents that draw it grow.
	var drawn func(page int)
	if release {
		left := make([]atomic.Int32, len(d.Pages))
		for i := range left {
			left[i].Store(2)
		}
		drawn = func(page int) {
			if left[page].Add(-1) == 0 {
				d.Pages[page].Items, d.Pages[page].Code = nil, nil
			}
		}
	}
	parallel.Each(1+len(windows), func(i int) {
		if i == 0 {
			frame, vectors, pics, errs[0] = drawFrame(d, faces, tags, stand, drawn)
			return
		}
		lo, hi := windows[i-1][0], windows[i-1][1]
		t, err := drawText(d, faces, d.Pages[lo:hi], tags)
		if err != nil {
			errs[i] = err
			return
		}
		if drawn != nil {
			for page := lo; page < hi; page++ {
				drawn(page)
			}
		}
		z := pool.Get().(*streamCompressor)
		defer pool.Put(z)
		for k, c := range t {
			if texts[lo+k].text, err = z.compressText(c); err != nil {
				errs[i] = err
				return
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	if err := checkUndrawn(b, pics); err != nil {
		return 0, err
	}
	if release {
		for i := range tags {
			tags[i].mcid = nil
		}
	}
	for i, v := range vectors {
		// Drawings under the text: an SVG's labels are set over it.
		texts[i].vectors = v
	}
	var mark func(page int, content []byte) ([]byte, error)
	if tags != nil {
		mark = func(page int, content []byte) ([]byte, error) {
			out, err := markFrame(content, &tags[page])
			if err != nil {
				return nil, fmt.Errorf("page %d: %w", page+1, err)
			}
			return out, nil
		}
	}
	w := newPDFWriter(out)
	f, err := assemble(w, frame, texts, pics, stand, picture.Options{Cache: opts.Cache, DPI: b.Manifest.PDF.DPI()}, mark)
	if err != nil {
		return w.n, err
	}
	frame, texts = nil, nil // written: the collector may have them
	m := b.Manifest
	err = finish(w, f, d, tagging{book: b, pages: tags}, info{
		title:    m.Title,
		author:   strings.Join(m.Authors, ", "),
		authors:  m.Authors,
		subject:  firstNonEmpty(m.Subtitle, m.Description),
		keywords: strings.Join(m.Subjects, ", "),
		creator:  opts.Creator,
		version:  opts.Version,
		lang:     m.Language,
		date:     opts.Modified,
		ua:       m.PDF.UA(),
	})
	return w.n, err
}

// checkUndrawn checks the image data of the PNGs the book's load left for
// the PDF to check and that it does not draw (see picture.CheckData): a
// picture only the EPUB shows. There are seldom any.
func checkUndrawn(b *book.Book, pics []rasterPic) error {
	drawn := make(map[*doc.Asset]bool, len(pics))
	for _, p := range pics {
		drawn[p.a] = true
	}
	var left []*doc.Asset
	for _, a := range append(b.Images[:len(b.Images):len(b.Images)], b.Cover) {
		if a != nil && a.DataUnchecked && !drawn[a] {
			left = append(left, a)
		}
	}
	errs := make([]error, len(left))
	parallel.Each(len(left), func(i int) { errs[i] = picture.CheckData(left[i]) })
	return errors.Join(errs...)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// checkLinks makes sure every link of d goes somewhere: gopdf writes an
// internal link only when it knows its anchor (and an empty object when
// it does not), and every destination must be on a page of d.
func checkLinks(d *layout.Document) error {
	for name, dst := range d.Dests {
		if dst.Page < 0 || dst.Page >= len(d.Pages) {
			return fmt.Errorf("destination %q on page %d of %d", name, dst.Page+1, len(d.Pages))
		}
	}
	for _, p := range d.Pages {
		for _, l := range p.Links {
			if l.URL == "" && l.Dest == "" {
				return fmt.Errorf("page %d: a link to nowhere", p.Index+1)
			}
			if _, ok := d.Dests[l.Dest]; l.URL == "" && !ok {
				return fmt.Errorf("page %d: link to %q, which is not a destination of the document", p.Index+1, l.Dest)
			}
		}
	}
	return nil
}

// asciiURI percent-encodes the bytes of a URL that a PDF's URI may not
// hold: a URI action's URI is 7-bit ASCII (PDF 32000, 12.6.4.7), and
// gopdf writes the string as it is given.
func asciiURI(u string) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c >= 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
