// Package pdf writes a book as a PDF: the layout package typesets it into
// pages, and this package draws them with gopdf, embedding every face
// used (gopdf subsets them).
package pdf

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/draw"
	_ "image/gif" // decoders for images gopdf cannot embed as they are
	"image/png"
	"sort"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/layout"
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
}

// Write typesets b with the fonts of set and returns the PDF.
func Write(b *book.Book, set *fonts.Set, opts Options) ([]byte, error) {
	d, err := layout.Typeset(b, set)
	if err != nil {
		return nil, err
	}
	return Draw(d, b, opts)
}

// Draw draws typeset document d of book b.
func Draw(d *layout.Document, b *book.Book, opts Options) ([]byte, error) {
	w := &writer{d: d, fonts: map[*fonts.Face]string{}, images: map[*doc.Asset]gopdf.ImageHolder{}}
	w.pdf.Start(gopdf.Config{PageSize: gopdf.Rect{W: d.Width, H: d.Height}, Unit: gopdf.UnitPT})
	// Content streams are compressed afterwards, concurrently: see
	// compressContents.
	w.pdf.SetNoCompression()
	if err := checkLinks(d); err != nil {
		return nil, err
	}
	m := b.Manifest
	w.destsOn = map[int][]string{}
	for name, dst := range d.Dests {
		w.destsOn[dst.Page] = append(w.destsOn[dst.Page], name)
	}
	for _, names := range w.destsOn {
		sort.Strings(names)
	}
	for _, p := range d.Pages {
		if err := w.page(p); err != nil {
			return nil, fmt.Errorf("page %d: %w", p.Index+1, err)
		}
	}
	var out bytes.Buffer
	if _, err := w.pdf.WriteTo(&out); err != nil {
		return nil, err
	}
	src, err := compressContents(out.Bytes())
	if err != nil {
		return nil, err
	}
	return finish(src, d, info{
		title:    m.Title,
		author:   strings.Join(m.Authors, ", "),
		subject:  firstNonEmpty(m.Subtitle, m.Description),
		keywords: strings.Join(m.Subjects, ", "),
		creator:  opts.Creator,
		version:  opts.Version,
		lang:     m.Language,
		date:     opts.Modified,
	})
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// writer holds the state of drawing one document.
type writer struct {
	d      *layout.Document
	pdf    gopdf.GoPdf
	fonts  map[*fonts.Face]string // the family name each face is registered under
	images map[*doc.Asset]gopdf.ImageHolder
	// destsOn lists the destinations of each page, by name.
	destsOn map[int][]string
	// current graphics state, to skip redundant operators
	family string
	size   float64
}

// font registers face with gopdf on first use and selects it.
func (w *writer) font(f *fonts.Face, size float64) error {
	name, ok := w.fonts[f]
	if !ok {
		// gopdf names the font in the PDF after the family it is given,
		// and embeds a subset without saying so: name it as PDF names
		// subsets, a six-letter tag and the PostScript name.
		name = subsetTag(f) + "+" + f.PostScriptName
		if err := w.pdf.AddTTFFontDataWithOption(name, f.TrueType(), gopdf.TtfOption{UseKerning: false}); err != nil {
			return fmt.Errorf("embedding %s: %w", f, err)
		}
		w.fonts[f] = name
	}
	if name != w.family || size != w.size {
		if err := w.pdf.SetFont(name, "", size); err != nil {
			return err
		}
		w.family, w.size = name, size
	}
	return nil
}

func (w *writer) page(p *layout.Page) error {
	w.pdf.AddPage()
	for i := range p.Items {
		it := &p.Items[i]
		switch it.Kind {
		case layout.Glyphs:
			if it.Face == nil || it.Text == "" {
				continue
			}
			if err := w.font(it.Face, it.Size); err != nil {
				return err
			}
			w.pdf.SetTextColor(it.Color.R, it.Color.G, it.Color.B)
			if err := w.pdf.SetCharSpacing(it.CharSpacing); err != nil {
				return err
			}
			w.pdf.SetXY(it.X, it.Y)
			if err := w.pdf.Text(it.Text); err != nil {
				return err
			}
		case layout.Rule:
			w.pdf.SetStrokeColor(it.Color.R, it.Color.G, it.Color.B)
			w.pdf.SetLineWidth(it.LineWidth)
			w.pdf.Line(it.X, it.Y, it.X2, it.Y2)
		case layout.Box:
			w.pdf.SetFillColor(it.Color.R, it.Color.G, it.Color.B)
			w.pdf.RectFromUpperLeftWithStyle(it.X, it.Y, it.W, it.H, "F")
		case layout.Picture:
			if err := w.image(it); err != nil {
				return err
			}
		}
	}
	for _, l := range p.Links {
		if l.URL != "" {
			w.pdf.AddExternalLink(asciiURI(l.URL), l.X, l.Y, l.W, l.H)
		} else {
			w.pdf.AddInternalLink(l.Dest, l.X, l.Y, l.W, l.H)
		}
	}
	// Destinations on this page. gopdf sets an anchor at the current y
	// less the current font size (its text origin is a cell's top):
	// compensate with the size last selected.
	for _, name := range w.destsOn[p.Index] {
		w.pdf.SetY(w.d.Dests[name].Y + w.size)
		w.pdf.SetAnchor(name)
	}
	return nil
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

// embeddable reports whether gopdf can embed an image file as it is: JPEG,
// and PNG of at most 8 bits per sample, not interlaced, in grey, RGB, RGBA
// or a palette without transparency (gopdf keeps only one transparent
// palette entry). Others are decoded and embedded as 8-bit PNG.
func embeddable(a *doc.Asset) bool {
	switch a.MediaType {
	case "image/jpeg":
		return true
	case "image/png":
		d := a.Data
		// IHDR: bit depth at byte 24, colour type 25, interlace 28.
		if len(d) <= 28 || d[24] > 8 || d[28] != 0 {
			return false
		}
		switch d[25] {
		case 0, 2, 6:
			return true
		case 3:
			return !bytes.Contains(d, []byte("tRNS"))
		}
	}
	return false
}

// toNRGBA converts an image to 8-bit non-premultiplied RGBA.
func toNRGBA(img image.Image) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok {
		return n
	}
	b := img.Bounds()
	out := image.NewNRGBA(b)
	draw.Draw(out, b, img, b.Min, draw.Src)
	return out
}

// image draws a picture. JPEG and plain PNG files go in as they are; other
// formats are decoded and embedded as PNG.
func (w *writer) image(it *layout.Item) error {
	a := it.Image
	h, ok := w.images[a]
	if !ok {
		data := a.Data
		if a.MediaType == "image/svg+xml" {
			var err error
			if data, err = rasterSVG(a.Data, it.W, it.H); err != nil {
				return fmt.Errorf("%s: %w", a.Path, err)
			}
		} else if !embeddable(a) {
			img, _, err := image.Decode(bytes.NewReader(a.Data))
			if err != nil {
				return fmt.Errorf("%s: %w", a.Path, err)
			}
			var buf bytes.Buffer
			// Fast compression: the PDF is compressed as a whole
			// anyway, and this runs at every build.
			enc := png.Encoder{CompressionLevel: png.BestSpeed}
			if err := enc.Encode(&buf, toNRGBA(img)); err != nil {
				return fmt.Errorf("%s: %w", a.Path, err)
			}
			data = buf.Bytes()
		}
		var err error
		h, err = gopdf.ImageHolderByBytes(data)
		if err != nil {
			return fmt.Errorf("%s: %w", a.Path, err)
		}
		w.images[a] = h
	}
	return w.pdf.ImageByHolder(h, it.X, it.Y, &gopdf.Rect{W: it.W, H: it.H})
}

// subsetTag is the six capital letters that mark a subset font's name in a
// PDF ("ABCDEF+GoRegular"). It only has to differ between the subsets of
// one file, and it must not change between builds: a hash of the face.
func subsetTag(f *fonts.Face) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%d", f.PostScriptName, f.ID())
	v := h.Sum32()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = byte('A' + v%26)
		v /= 26
	}
	return string(tag)
}
