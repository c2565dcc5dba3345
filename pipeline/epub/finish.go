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
func (w *writer) finish(raw []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	pkgFile := files["EPUB/package.opf"]
	if pkgFile == nil {
		return nil, fmt.Errorf("go-epub wrote no EPUB/package.opf")
	}
	pkgData, err := readAll(pkgFile)
	if err != nil {
		return nil, err
	}
	var pkg struct {
		Items []opfItem `xml:"manifest>item"`
		Spine []struct {
			IDRef string `xml:"idref,attr"`
		} `xml:"spine>itemref"`
	}
	if err := xml.Unmarshal(pkgData, &pkg); err != nil {
		return nil, fmt.Errorf("reading go-epub's package document: %w", err)
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
		return nil, fmt.Errorf("go-epub did not write the first chapter")
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
	lang := labelsFor(w.book.Manifest.Language)
	stored := map[string]bool{} // files written without compression
	for name, f := range files {
		real, standIn := w.content[name]
		if standIn && !real.body {
			replaced[name] = real.data
			stored[name] = !real.compress
			continue
		}
		if !strings.HasSuffix(name, ".xhtml") || replaced[name] != nil {
			continue
		}
		data, err := readAll(f)
		if err != nil {
			return nil, err
		}
		if data, err = w.addLanguage(name, data); err != nil {
			return nil, err
		}
		if standIn {
			i := bytes.Index(data, []byte(bodyStandIn))
			if i < 0 {
				return nil, fmt.Errorf("%s: go-epub did not write the chapter's body where it was given", name)
			}
			data = append(data[:i:i], append(real.data, data[i+len(bodyStandIn):]...)...)
		}
		if strings.HasSuffix(name, "/cover.xhtml") {
			data = bytes.Replace(data, []byte(`alt="Cover Image"`), []byte(`alt="`+attrEscape(lang.Cover)+`"`), 1)
		}
		replaced[name] = data
	}
	if err := w.otherChapters(replaced); err != nil {
		return nil, err
	}
	for name := range w.content {
		if files[name] == nil && replaced[name] == nil {
			return nil, fmt.Errorf("go-epub did not write %s", name)
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

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	modified := w.opts.Modified.UTC()
	// The mimetype entry comes first, stored, without extra fields, as the
	// OCF specification requires.
	mt, err := zw.CreateHeader(zipHeader("mimetype", zip.Store, modified))
	if err != nil {
		return nil, err
	}
	if _, err := io.WriteString(mt, "application/epub+zip"); err != nil {
		return nil, err
	}
	for _, name := range names {
		data, ok := replaced[name]
		if !ok {
			// Unchanged (images, style sheet): copy go-epub's
			// compressed bytes rather than inflate and deflate them
			// again. Deflate output depends only on the input, so this
			// stays reproducible.
			if err := copyRaw(zw, files[name], modified); err != nil {
				return nil, err
			}
			continue
		}
		method := zip.Deflate
		if stored[name] {
			method = zip.Store
		}
		fw, err := zw.CreateHeader(zipHeader(name, method, modified))
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
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

// otherChapters makes the document of every chapter but the first from
// the first one's as finish made it (replaced holds it), as go-epub would
// have: the same head with the chapter's title, the chapter's body.
func (w *writer) otherChapters(replaced map[string][]byte) error {
	first := "EPUB/xhtml/" + w.files[0]
	doc := replaced[first]
	body := w.content[first].data
	const titleStart, titleEnd = `<title dir="auto">`, `</title>`
	t := bytes.Index(doc, []byte(titleStart))
	te := bytes.Index(doc, []byte(titleEnd))
	b := -1
	if t >= 0 && te > t {
		if b = bytes.Index(doc[te:], body); b >= 0 {
			b += te
		}
	}
	if b < 0 {
		return fmt.Errorf("%s: go-epub did not write the chapter's title and body where expected", first)
	}
	head, middle, tail := doc[:t+len(titleStart)], doc[te:b], doc[b+len(body):]
	for _, f := range w.files[1:] {
		name := "EPUB/xhtml/" + f
		real := w.content[name]
		var d bytes.Buffer
		d.Grow(len(head) + len(middle) + len(tail) + len(real.data) + len(real.title))
		d.Write(head)
		if err := xml.EscapeText(&d, []byte(real.title)); err != nil {
			return err
		}
		d.Write(middle)
		d.Write(real.data)
		d.Write(tail)
		replaced[name] = d.Bytes()
	}
	return nil
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
	escape(&b, s, true)
	return b.String()
}
