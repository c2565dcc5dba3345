package epub

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/lang"
	"github.com/gobook/ebook/pipeline/render"
)

// finish repairs go-epub's archive and writes it again reproducibly. go-epub
// (v1.2.1) cannot be told to do these right, so we mend its output here
// instead of forking it:
//
//   - it stamps dcterms:modified with the current time and every archive
//     entry with the time of writing: we use Options.Modified;
//   - it orders manifest items by Go map iteration, which changes from run
//     to run: we sort them;
//   - it writes only one author, no subtitle, publisher, rights, subjects or
//     date: we write the package metadata in full;
//   - its toc.ncx puts the identifier into the wrong meta and its nav.xhtml
//     has an English "Table of Contents" heading and one entry per file: we
//     write both navigation documents from the book's table of contents,
//     nested by parts, chapters, sections and headings;
//   - its XHTML documents carry no language: we add lang and xml:lang;
//   - its documents with inline SVG lack the "svg" manifest property;
//   - the navigation document is not in the reading order: we put it after
//     the cover.
//
// It writes the archive to out, each chapter's document as its body is
// rendered (see streamBodies).
func (w *writer) finish(raw []byte, out io.Writer) error {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	pkgFile := files["EPUB/package.opf"]
	if pkgFile == nil {
		return fmt.Errorf("go-epub wrote no EPUB/package.opf")
	}
	pkgData, err := readAll(pkgFile)
	if err != nil {
		return err
	}
	var pkg struct {
		Items []opfItem `xml:"manifest>item"`
		Spine []struct {
			IDRef string `xml:"idref,attr"`
		} `xml:"spine>itemref"`
	}
	if err := xml.Unmarshal(pkgData, &pkg); err != nil {
		return fmt.Errorf("reading go-epub's package document: %w", err)
	}
	// The navigation document goes into the reading order, after the
	// cover: readers of Chinese and Japanese books expect a contents page,
	// and the landmarks link to it.
	var spine []string
	for i, it := range pkg.Spine {
		if i == 0 && w.book.Cover == nil || i == 1 && w.book.Cover != nil {
			spine = append(spine, "nav")
		}
		spine = append(spine, it.IDRef)
	}
	// Every document go-epub was asked for must be there: it logs write
	// errors instead of returning them. It was asked for the first
	// chapter only; the others are made from it, below.
	if len(w.files) == 0 || files["EPUB/xhtml/"+w.files[0]] == nil {
		return fmt.Errorf("go-epub did not write the first chapter")
	}
	for _, f := range w.files[1:] {
		pkg.Items = append(pkg.Items, opfItem{ID: f, Href: "xhtml/" + f, MediaType: "application/xhtml+xml"})
		spine = append(spine, f)
	}

	replaced := map[string][]byte{
		"EPUB/package.opf": w.packageDoc(pkg.Items, spine),
		"EPUB/nav.xhtml":   w.navDoc(),
		"EPUB/toc.ncx":     w.ncxDoc(),
	}
	labels := lang.LabelsFor(w.book.Manifest.Language)
	stored := map[string]bool{}         // files written without compression
	pictures := map[string]*doc.Asset{} // files read as they are written
	var first []byte                    // the first chapter's document, without its body
	for name, f := range files {
		real, standIn := w.content[name]
		if standIn && !real.body {
			replaced[name] = real.data
			if real.asset != nil {
				pictures[name] = real.asset
				replaced[name] = []byte{} // read as it is written
			}
			stored[name] = !real.compress
			continue
		}
		if !strings.HasSuffix(name, ".xhtml") || replaced[name] != nil {
			continue
		}
		data, err := readAll(f)
		if err != nil {
			return err
		}
		if data, err = w.addLanguage(name, data); err != nil {
			return err
		}
		if standIn {
			first = data
			continue
		}
		if strings.HasSuffix(name, "/cover.xhtml") {
			data = bytes.Replace(data, []byte(`alt="Cover Image"`), []byte(`alt="`+attrEscape(labels.Cover)+`"`), 1)
		}
		replaced[name] = data
	}
	docs, err := w.chapterDocs(first)
	if err != nil {
		return err
	}
	chapter := map[string]int{} // a chapter's document → its index
	for i, f := range w.files {
		chapter["EPUB/xhtml/"+f] = i
	}
	for name := range w.content {
		if _, ok := chapter[name]; files[name] == nil && replaced[name] == nil && !ok {
			return fmt.Errorf("go-epub did not write %s", name)
		}
	}

	names := make([]string, 0, len(files)+len(w.files))
	for name := range files {
		if name != "mimetype" {
			names = append(names, name)
		}
	}
	for _, f := range w.files[1:] {
		names = append(names, "EPUB/xhtml/"+f)
	}
	// Apple Books uses a book's own fonts only when told to.
	names = append(names, appleOptionsName)
	replaced[appleOptionsName] = []byte(appleOptions)
	sort.Strings(names)

	zw := zip.NewWriter(out)
	modified := w.opts.Modified.UTC()
	// The mimetype entry comes first, stored, without extra fields, as the
	// OCF specification requires.
	mt, err := zw.CreateHeader(zipHeader("mimetype", zip.Store, modified))
	if err != nil {
		return err
	}
	if _, err := io.WriteString(mt, "application/epub+zip"); err != nil {
		return err
	}
	write := func(name string, data []byte, ok bool) error {
		if !ok {
			// Unchanged (images, style sheet): copy go-epub's
			// compressed bytes rather than inflate and deflate them
			// again. Deflate output depends only on the input, so this
			// stays reproducible.
			return copyRaw(zw, files[name], modified)
		}
		method := zip.Deflate
		if stored[name] {
			method = zip.Store
		}
		fw, err := zw.CreateHeader(zipHeader(name, method, modified))
		if err != nil {
			return err
		}
		if a := pictures[name]; a != nil {
			// Copied from its file, not read whole first.
			_, err = a.WriteTo(fw)
			return err
		}
		_, err = fw.Write(data)
		return err
	}
	// The chapters' documents are written in the order of the names,
	// each as soon as its body is rendered, with the files between them.
	var order []int
	for _, name := range names {
		if i, ok := chapter[name]; ok {
			order = append(order, i)
		}
	}
	k := 0 // names written
	render := func(i int) (string, bool) { return w.body(w.book.Chapters[i]) }
	err = w.streamBodies(order, 0, render, func(i int, body string) error {
		for ; names[k] != "EPUB/xhtml/"+w.files[i]; k++ {
			data, ok := replaced[names[k]]
			if err := write(names[k], data, ok); err != nil {
				return err
			}
		}
		k++
		return write("EPUB/xhtml/"+w.files[i], docs.make(i, body), true)
	})
	if err != nil {
		return err
	}
	for ; k < len(names); k++ {
		data, ok := replaced[names[k]]
		if err := write(names[k], data, ok); err != nil {
			return err
		}
	}
	return zw.Close()
}

const (
	appleOptionsName = "META-INF/com.apple.ibooks.display-options.xml"
	appleOptions     = `<?xml version="1.0" encoding="UTF-8"?>
<display_options>
  <platform name="*">
    <option name="specified-fonts">true</option>
  </platform>
</display_options>
`
)

// chapterParts are the parts of a chapter's document around its title
// and body, from the first chapter's document as go-epub wrote it (with
// the body stand-in), from which the others are made as go-epub would
// have: the same head with the chapter's title, the chapter's body.
type chapterParts struct {
	w *writer
	// first is the first chapter's document up to its body; tail what
	// follows the body.
	first, tail []byte
	// head is the document up to the title, middle what lies between
	// the title and the body.
	head, middle []byte
}

func (w *writer) chapterDocs(first []byte) (*chapterParts, error) {
	name := "EPUB/xhtml/" + w.files[0]
	if first == nil {
		return nil, fmt.Errorf("go-epub did not write %s", name)
	}
	const titleStart, titleEnd = `<title dir="auto">`, `</title>`
	t := bytes.Index(first, []byte(titleStart))
	te := bytes.Index(first, []byte(titleEnd))
	b := -1
	if t >= 0 && te > t {
		if b = bytes.Index(first[te:], []byte(bodyStandIn)); b >= 0 {
			b += te
		}
	}
	if b < 0 {
		return nil, fmt.Errorf("%s: go-epub did not write the chapter's title and body where expected", name)
	}
	return &chapterParts{w: w, first: first[:b], tail: first[b+len(bodyStandIn):],
		head: first[:t+len(titleStart)], middle: first[te:b]}, nil
}

// make returns the document of chapter i, of body body.
func (p *chapterParts) make(i int, body string) []byte {
	var d bytes.Buffer
	if i == 0 {
		d.Grow(len(p.first) + len(body) + len(p.tail))
		d.Write(p.first)
	} else {
		title := p.w.content["EPUB/xhtml/"+p.w.files[i]].title
		d.Grow(len(p.head) + len(p.middle) + len(p.tail) + len(body) + len(title))
		d.Write(p.head)
		_ = xml.EscapeText(&d, []byte(title)) // into a bytes.Buffer: never fails
		d.Write(p.middle)
	}
	d.WriteString(body)
	d.Write(p.tail)
	return d.Bytes()
}

// zipHeader makes an entry header that depends only on its arguments. The
// time goes in the MS-DOS fields alone: archive/zip adds an extended
// timestamp field when FileHeader.Modified is set, and the OCF forbids extra
// fields on the mimetype entry.
func zipHeader(name string, method uint16, t time.Time) *zip.FileHeader {
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	h := &zip.FileHeader{Name: name, Method: method}
	//lint:ignore SA1019 the MS-DOS fields, deprecated for Modified, which would add an extra field (see above)
	h.ModifiedDate = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	//lint:ignore SA1019 as ModifiedDate
	h.ModifiedTime = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return h
}

// copyRaw copies entry f, still compressed, with our header.
func copyRaw(zw *zip.Writer, f *zip.File, t time.Time) error {
	h := zipHeader(f.Name, f.Method, t)
	h.CRC32 = f.CRC32
	h.CompressedSize64 = f.CompressedSize64
	h.UncompressedSize64 = f.UncompressedSize64
	r, err := f.OpenRaw()
	if err != nil {
		return err
	}
	w, err := zw.CreateRaw(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

func readAll(f *zip.File) ([]byte, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

var htmlOpen = []byte(`<html xmlns="http://www.w3.org/1999/xhtml"`)

// addLanguage puts the book's language on a document's root element.
func (w *writer) addLanguage(name string, data []byte) ([]byte, error) {
	i := bytes.Index(data, htmlOpen)
	if i < 0 {
		return nil, fmt.Errorf("%s: no <html> element where go-epub writes it", name)
	}
	lang := attrEscape(w.book.Manifest.Language)
	at := i + len(htmlOpen)
	out := make([]byte, 0, len(data)+40)
	out = append(out, data[:at]...)
	out = append(out, ` lang="`+lang+`" xml:lang="`+lang+`"`...)
	return append(out, data[at:]...), nil
}

func attrEscape(s string) string {
	var b bytes.Buffer
	render.Escape(&b, s, true)
	return b.String()
}
