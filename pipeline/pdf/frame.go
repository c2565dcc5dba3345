package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"sort"
	"strconv"

	"github.com/signintech/gopdf"

	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/layout"
	"github.com/gobook/ebook/pipeline/picture"
)

// drawFrame draws everything of d but its glyph runs, with all the faces
// the runs use (and the characters they set in each), and returns the
// file gopdf writes, uncompressed; the operators that draw each page's
// SVG drawings, for assemble to append to the page's content (gopdf draws
// no compound path and no Bézier path of more than one curve); and the
// raster pictures it holds stand-ins for, in the order of their objects
// (see standIn, of which stand is the one of this Draw). drawn, when not nil, is called with each page's index
// once the frame of the page is drawn.
func drawFrame(d *layout.Document, faces []*pdfFace, tags []pageTags, stand standIn, drawn func(page int)) ([]byte, [][]byte, []rasterPic, error) {
	w := &writer{d: d, tags: tags, images: map[*doc.Asset]gopdf.ImageHolder{}, placedAt: map[*doc.Asset]int{},
		standIn: stand.png, drawings: map[*doc.Asset]*picture.Drawing{}, vectors: make([][]byte, len(d.Pages))}
	w.pdf.Start(gopdf.Config{PageSize: gopdf.Rect{W: d.Width, H: d.Height}, Unit: gopdf.UnitPT})
	// Content streams are compressed afterwards, concurrently: see
	// assemble.
	w.pdf.SetNoCompression()
	if err := register(&w.pdf, faces, true); err != nil {
		return nil, nil, nil, err
	}
	// gopdf embeds the glyphs of the characters a document has drawn or
	// measured in a font: the text documents draw them, this one
	// measures them.
	for _, f := range faces {
		if err := w.pdf.SetFont(f.name, "", fontSize); err != nil {
			return nil, nil, nil, err
		}
		w.size = fontSize
		if _, err := w.pdf.MeasureTextWidth(f.text); err != nil {
			return nil, nil, nil, fmt.Errorf("embedding %s: %w", f.face, err)
		}
	}
	w.destsOn = map[int][]string{}
	for name, dst := range d.Dests {
		w.destsOn[dst.Page] = append(w.destsOn[dst.Page], name)
	}
	for _, names := range w.destsOn {
		sort.Strings(names)
	}
	for i, p := range d.Pages {
		if err := w.page(p); err != nil {
			return nil, nil, nil, fmt.Errorf("page %d: %w", p.Index+1, err)
		}
		if drawn != nil {
			drawn(i)
		}
	}
	var out bytes.Buffer
	// Mostly the fonts, compressed to about two thirds, and SVG
	// drawings.
	size := 256 << 10
	for _, f := range faces {
		size += len(f.data) * 3 / 4
	}
	out.Grow(size)
	if _, err := w.pdf.WriteTo(&out); err != nil {
		return nil, nil, nil, err
	}
	return out.Bytes(), w.vectors, w.placed, nil
}

// rasterPic is a raster picture of the frame: an asset, and the largest size
// it is drawn at, in points.
type rasterPic struct {
	a    *doc.Asset
	w, h float64
}

// standIn is the picture gopdf is given for each raster picture: one
// grey pixel. gopdf decodes every PNG it is given at least once (its
// getRect), parses it again (parsePng), refuses 16-bit samples and
// interlacing and copies the data several times; so it places a stand-in,
// whose object assemble replaces with the picture as picture.Raster makes
// it, mostly the file's own data (see assemble and findStandIns).
type standIn struct {
	png []byte // the file gopdf is given
	// data is the PNG's image data, which gopdf writes as the stream of
	// the stand-in's image object.
	data []byte
}

// newStandIn makes the stand-in, once per Draw.
func newStandIn() standIn {
	var b bytes.Buffer
	g := image.NewGray(image.Rect(0, 0, 1, 1))
	g.Pix[0] = 0xeb
	if err := png.Encode(&b, g); err != nil {
		panic(err) // cannot fail: writing to memory
	}
	p := b.Bytes()
	data, err := picture.PNGData(p)
	if err != nil {
		panic(err) // cannot happen: image/png wrote it
	}
	return standIn{png: p, data: data}
}

// holder is a stand-in picture for gopdf, named for the asset it stands
// in for, so that gopdf gives each asset an object of its own.
type holder struct {
	id string
	*bytes.Reader
}

func (h holder) ID() string { return h.id }

// fontSize is the size the frame selects its fonts at.
const fontSize = 10

// writer holds the state of drawing the frame.
type writer struct {
	d      *layout.Document
	pdf    gopdf.GoPdf
	images map[*doc.Asset]gopdf.ImageHolder
	// destsOn lists the destinations of each page, by name.
	destsOn map[int][]string
	// size is the font size selected, by which gopdf places a
	// destination (see page): 0 until a font is.
	size float64
	// drawings are the SVG drawings read, vectors the operators that
	// draw those of each page.
	drawings map[*doc.Asset]*picture.Drawing
	vectors  [][]byte
	// standIn is the PNG gopdf draws for a raster picture (see
	// standIn); placed lists those pictures in the order gopdf makes
	// their objects, that of their first drawing, each with the largest
	// size it is drawn at; placedAt is each one's index in placed.
	standIn  []byte
	placed   []rasterPic
	placedAt map[*doc.Asset]int
	// tags are the pages' marked content (see planTags), nil for none.
	tags []pageTags
}

func (w *writer) page(p *layout.Page) error {
	w.pdf.AddPage()
	// The page's text is appended to its content stream, which gopdf
	// makes on the first drawing on the page: draw something on every
	// page, the fill colour a page starts with.
	w.pdf.SetFillColor(0, 0, 0)
	for i := range p.Items {
		it := &p.Items[i]
		switch it.Kind {
		case layout.Rule:
			w.pdf.SetStrokeColor(it.Color.R, it.Color.G, it.Color.B)
			w.pdf.SetLineWidth(it.LineWidth)
			w.pdf.Line(it.X, it.Y, it.X2, it.Y2)
		case layout.Box:
			w.pdf.SetFillColor(it.Color.R, it.Color.G, it.Color.B)
			w.pdf.RectFromUpperLeftWithStyle(it.X, it.Y, it.W, it.H, "F")
		case layout.Picture:
			if it.Image.MediaType == "image/svg+xml" {
				if err := w.drawing(p, i); err != nil {
					return err
				}
				continue
			}
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
	// compensate.
	for _, name := range w.destsOn[p.Index] {
		w.pdf.SetY(w.d.Dests[name].Y + w.size)
		w.pdf.SetAnchor(name)
	}
	return nil
}

// image draws a raster picture as a stand-in (see standIn), and makes
// the picture's size in placed the largest it is drawn at so far; SVG
// drawings are drawn as vectors (see drawing).
func (w *writer) image(it *layout.Item) error {
	a := it.Image
	h, ok := w.images[a]
	if !ok {
		h = holder{id: fmt.Sprintf("ebook:picture:%d", len(w.placed)), Reader: bytes.NewReader(w.standIn)}
		w.placedAt[a] = len(w.placed)
		w.placed = append(w.placed, rasterPic{a: a})
		w.images[a] = h
	}
	pic := &w.placed[w.placedAt[a]]
	pic.w, pic.h = max(pic.w, it.W), max(pic.h, it.H)
	return w.pdf.ImageByHolder(h, it.X, it.Y, &gopdf.Rect{W: it.W, H: it.H})
}

// drawing draws an SVG picture as vectors, after the rest of the page's
// frame and under its text.
func (w *writer) drawing(p *layout.Page, i int) error {
	it := &p.Items[i]
	a := it.Image
	dr, ok := a.Drawing.(*picture.Drawing) // read by the load (picture.Check)
	if !ok {
		if dr, ok = w.drawings[a]; !ok {
			var err error
			if dr, err = picture.VectorSVG(a.Data); err != nil {
				return fmt.Errorf("%s: %w", a.Path, err)
			}
			w.drawings[a] = dr
		}
	}
	var b bytes.Buffer
	b.Write(w.vectors[p.Index])
	if w.tags != nil {
		openMarked(&b, w.tags[p.Index].mcid[i], nil)
		defer func() {
			b.WriteString("\nEMC\n")
			w.vectors[p.Index] = b.Bytes()
		}()
	}
	var err error
	dr.Content(&b, it.X, it.Y, it.W, it.H, w.d.Height, func(fill, stroke float64) string {
		// gopdf names the graphics states it keeps in the shared
		// resources /GS followed by their object number.
		fill, stroke = math.Round(fill*1000)/1000, math.Round(stroke*1000)/1000
		gs, gerr := gopdf.GetCachedExtGState(gopdf.ExtGStateOptions{NonStrokingCa: &fill, StrokingCA: &stroke}, &w.pdf)
		if gerr != nil && err == nil {
			err = gerr
		}
		return "/GS" + strconv.Itoa(gs.Index+1)
	})
	w.vectors[p.Index] = b.Bytes()
	return err
}
