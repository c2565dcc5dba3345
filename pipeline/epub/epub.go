// Package epub writes a book as an EPUB 3 file. go-epub assembles the
// container (one XHTML document per chapter, the images, the style sheet, the
// cover); a finishing step of ours then repairs what go-epub gets wrong for a
// book (see finish.go) and writes the archive reproducibly, so that the
// result passes epubcheck without a message and two builds of the same input
// are byte-identical.
package epub

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"

	goepub "github.com/go-shiori/go-epub"
	"github.com/vincent-petithory/dataurl"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/parallel"
	"github.com/gobook/ebook/internal/unique"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/highlight"
	"github.com/gobook/ebook/pipeline/render"
)

//go:embed style.css
var baseCSS string

// Options tune the EPUB.
type Options struct {
	// Modified is the time recorded as the book's last modification and on
	// every file of the archive: the build's SOURCE_DATE_EPOCH.
	Modified time.Time
	// Version is the book's version, recorded in the package metadata as
	// schema:version; empty for none.
	Version string
	// Fonts are the book's fonts; when set, the EPUB embeds subsets of
	// the faces it uses and names them in its style sheet (fonts.go).
	Fonts *fonts.Set
	// Usage is what the build's scan of the book found (fonts.ScanBook);
	// nil makes the writer scan the book itself.
	Usage *fonts.Usage
	// PageBreaks are where the pages of the PDF made from the same book
	// start, in order: the EPUB then has a page list and page break
	// markers labelled as the PDF's pages (pagelist.go). Nil for none.
	PageBreaks []PageBreak
}

// writer holds the state of writing one EPUB.
type writer struct {
	book  *book.Book
	opts  Options
	files []string // the XHTML file name of each chapter
	// images maps an image's book path to its path in the EPUB folder
	// ("images/ch1-01.png").
	images map[string]string
	// svg marks chapters whose document holds inline SVG.
	svg map[string]bool
	// fonts is what the EPUB embeds; nil without Options.Fonts.
	fonts *fontPlan
	// content holds what go-epub was handed a stand-in for (see
	// standins.go): the real content of each such file of the archive,
	// by its name there ("EPUB/images/ch1-01.png").
	content map[string]realContent
	// pageID is the id of each page break's marker (pagelist.go).
	pageID []string
}

// Write returns the EPUB of b.
func Write(b *book.Book, opts Options) ([]byte, error) {
	var buf bytes.Buffer
	if err := Stream(&buf, b, opts); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Stream writes the EPUB of b to out as it is made: the archive is never
// held whole in memory, nor are the chapters' documents, each rendered
// shortly before it is written (see streamBodies).
func Stream(out io.Writer, b *book.Book, opts Options) error {
	w := &writer{book: b, opts: opts, images: map[string]string{}, svg: map[string]bool{}, content: map[string]realContent{}}
	for i := range b.Chapters {
		w.files = append(w.files, fmt.Sprintf("c%04d.xhtml", i+1))
	}
	for _, p := range opts.PageBreaks {
		if p.Chapter < 0 || p.Chapter >= len(b.Chapters) {
			return fmt.Errorf("page %s: no chapter %d", p.Label, p.Chapter)
		}
	}
	w.pageID = w.pageIDs()
	if opts.Fonts != nil {
		plan, err := w.planFonts()
		if err != nil {
			return fmt.Errorf("embedding fonts: %w", err)
		}
		w.fonts = plan
	}
	raw, err := w.assemble()
	if err != nil {
		return fmt.Errorf("assembling the EPUB: %w", err)
	}
	if err := w.finish(raw, out); err != nil {
		return fmt.Errorf("finishing the EPUB: %w", err)
	}
	return nil
}

// href is the link from chapter from to anchor in chapter to.
func (w *writer) href(from, to int, anchor string) string {
	h := ""
	if from != to || anchor == "" {
		h = w.files[to]
	}
	if anchor != "" {
		h += "#" + render.Fragment(anchor)
	}
	return h
}

// assemble has go-epub build the container.
func (w *writer) assemble() ([]byte, error) {
	b := w.book
	m := b.Manifest
	e, err := goepub.NewEpub(m.Title)
	if err != nil {
		return nil, err
	}
	e.SetIdentifier(b.ID)
	e.SetLang(m.Language)
	e.SetDescription(m.Description)
	if len(m.Authors) > 0 {
		e.SetAuthor(m.Authors[0])
	}
	// go-epub fetches media from URLs or files; data URLs hand it the bytes
	// we already hold, so the writer reads no file and fetches nothing.
	cssPath, err := e.AddCSS(dataurl.New([]byte(w.css()), "text/css").String(), "book.css")
	if err != nil {
		return nil, err
	}
	// Fonts, images and chapters reach go-epub as small stand-ins, and the
	// finishing step puts the real content in the archive (standins.go).
	if w.fonts != nil {
		for _, f := range w.fonts.files {
			// The dataurl package knows only the media types of RFC
			// 2045 (no font/...); the manifest gets font/ttf from the
			// name (package.go).
			if _, err := e.AddFont(dataurl.New(standIn("font/ttf"), "application/octet-stream").String(), f.name); err != nil {
				return nil, fmt.Errorf("%s: %w", f.name, err)
			}
			w.content["EPUB/fonts/"+f.name] = realContent{data: f.data, compress: true}
		}
	}
	used := unique.New(true)
	// One stand-in per media type: encoding a PNG allocates a
	// compressor of a megabyte, which a book of many pictures held once
	// for each until go-epub was done.
	standIns := map[string]string{}
	addImage := func(a *doc.Asset) (string, error) {
		name := mediaName(a.Path, a.MediaType, used)
		s, ok := standIns[a.MediaType]
		if !ok {
			s = dataurl.New(standIn(a.MediaType), a.MediaType).String()
			standIns[a.MediaType] = s
		}
		if _, err := e.AddImage(s, name); err != nil {
			return "", fmt.Errorf("%s: %w", a.Path, err)
		}
		w.content["EPUB/images/"+name] = realContent{asset: a, compress: a.MediaType == "image/svg+xml"}
		return "images/" + name, nil
	}
	for _, a := range b.Images {
		p, err := addImage(a)
		if err != nil {
			return nil, err
		}
		w.images[a.Path] = p
	}
	if b.Cover != nil {
		p, ok := w.images[b.Cover.Path]
		if !ok {
			if p, err = addImage(b.Cover); err != nil {
				return nil, err
			}
			w.images[b.Cover.Path] = p
		}
		if err := e.SetCover("../"+p, ""); err != nil {
			return nil, err
		}
	}

	// go-epub is given the first chapter only: its AddSection lists the
	// file names of every section so far on each call (quadratic: 40,000
	// chapters took 114 s). The finishing step makes the other chapters'
	// documents from the first one's, and adds them to the package
	// document (finish.go).
	for i, ch := range b.Chapters {
		if i == 0 {
			if _, err := e.AddSection(bodyStandIn, ch.Title, w.files[i], cssPath); err != nil {
				return nil, fmt.Errorf("%s: %w", ch.Path, err)
			}
		}
		// The body is rendered when the archive is written (finish).
		w.content["EPUB/xhtml/"+w.files[i]] = realContent{body: true, compress: true, title: ch.Title}
		if hasSVG(ch) {
			w.svg[w.files[i]] = true
		}
	}
	var buf bytes.Buffer
	if err := writeTo(e, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// go-epub stages an EPUB's files in a storage it keeps in a package
// variable: by default a folder under os.TempDir, where creating ~130 small
// files costs ~100 ms on a slow disk, more than writing the EPUB itself. Its
// in-memory storage avoids the disk but is a map without locking, shared by
// every Epub; so we select it once and let one EPUB be staged at a time.
// This is the only process-wide state in the pipeline, and it belongs to
// go-epub.
var (
	goepubOnce sync.Once
	goepubMu   sync.Mutex
)

func writeTo(e *goepub.Epub, w *bytes.Buffer) error {
	goepubOnce.Do(func() { _ = goepub.Use(goepub.MemoryFS) })
	goepubMu.Lock()
	defer goepubMu.Unlock()
	_, err := e.WriteTo(w)
	return err
}

// hasSVG reports whether a chapter's document holds inline SVG, as its
// rendering reports it (the package document, written before the
// chapters, names such documents; streamBodies checks the two agree).
func hasSVG(ch *book.Chapter) bool {
	found := false
	find := func(n *doc.Node) bool {
		if n.Kind == doc.SVG || n.Kind == doc.InlineSVG {
			found = true
		}
		return !found
	}
	ch.Walk(find)
	return found
}

// streamBodies renders the bodies of the chapters order names with render
// (w.body in a build), several at a time, and gives each to emit in that
// order. At most window bodies are rendered and not yet emitted at once,
// so that a book's bodies are never held all together (window is 0 for
// twice the cores; see parallel.Stream). It stops at emit's first error.
func (w *writer) streamBodies(order []int, window int, render func(i int) (string, bool), emit func(i int, body string) error) error {
	type result struct {
		body string
		svg  bool
	}
	next, stop := parallel.Stream(len(order), window, func(k int) result {
		var r result
		r.body, r.svg = render(order[k])
		return r
	})
	defer stop()
	for _, i := range order {
		r := next()
		if r.svg != w.svg[w.files[i]] {
			return fmt.Errorf("%s: inline SVG found %v by the renderer, %v by hasSVG", w.book.Chapters[i].Path, r.svg, !r.svg)
		}
		if err := emit(i, r.body); err != nil {
			return err
		}
	}
	return nil
}

// css is the book's style sheet: the theme and the highlighting colours.
func (w *writer) css() string {
	var b strings.Builder
	b.WriteString(baseCSS)
	b.WriteString(render.ListingCSS(w.book.Manifest.Code.Tabs()))
	_ = highlight.DefaultTheme().WriteCSS(&b, "pre.listing")
	if w.fonts != nil {
		b.WriteString(w.fonts.css)
	}
	return b.String()
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// mediaName gives an image a file name in the EPUB: its book path made into
// one safe name ("images/ch1-01.png" gives "images-ch1-01.png"), unique,
// with the extension of its real format (readers and epubcheck expect them
// to agree).
func mediaName(p, mediaType string, used *unique.Names) string {
	ext := map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg"}[mediaType]
	stem := strings.TrimSuffix(p, path.Ext(p))
	stem = strings.Trim(unsafeName.ReplaceAllString(strings.ReplaceAll(stem, "/", "-"), "_"), "._-")
	if stem == "" {
		stem = "image"
	}
	return used.Unique(stem+ext, 2, func(i int) string { return fmt.Sprintf("%s-%d%s", stem, i, ext) })
}
