package build

import (
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/layout"
)

// TestPageList builds the feature book and gopl-zh as EPUB and PDF, and
// reads both back: the EPUB's page list has an entry for every numbered
// page of the PDF, labelled as the PDF labels it, and the text after each
// page break marker is the text at the top of that PDF page (read by
// pdftotext). The EPUB built alone has no page list.
func TestPageList(t *testing.T) {
	testenv.SkipShort(t, "builds two books twice and reads their PDFs back")
	if _, err := exec.LookPath("pdftotext"); err != nil {
		testenv.Missing(t, "pdftotext")
	}
	books := testBooks(t, "featurebook", "gopl-zh")
	for _, bk := range books {
		t.Run(bk.name, func(t *testing.T) {
			manifest := bk.manifest(t)
			var diags diag.List
			res, err := Run(Options{Manifest: manifest, OutDir: t.TempDir(), Date: epoch, Formats: []string{"epub", "pdf"}}, &diags)
			if err != nil {
				t.Fatalf("%v\n%v", err, diags.Items())
			}
			epubPath, pdfPath := res[0].Path, res[1].Path
			ep := readPageBreaks(t, epubPath)

			// The PDF's pages, their labels and text blocks, from the
			// layout the build draws.
			b := book.Load(manifest, book.Options{}, &diags)
			set := fonts.LoadBook(b, &diags)
			d, err := layout.Typeset(b, set)
			if err != nil {
				t.Fatal(err)
			}
			words := pdfWords(t, pdfPath)
			if len(words) != len(d.Pages) {
				t.Fatalf("pdftotext reads %d pages, the layout has %d", len(words), len(d.Pages))
			}
			var labels []string
			var pages []int
			for i, p := range d.Pages {
				if p.Label != "" {
					labels = append(labels, p.Label)
					pages = append(pages, i)
				}
			}
			if !slices.Equal(ep.list, labels) {
				t.Fatalf("page list %v\nPDF pages %v", ep.list, labels)
			}
			if len(labels) < len(d.Pages)-2 {
				t.Fatalf("%d numbered pages of %d", len(labels), len(d.Pages))
			}

			// The front pages the chapters do not hold (title page,
			// contents) put their markers with the first page that
			// shows a chapter, as blank pages do with the next page's.
			front := true
			checked, exact := 0, 0
			for k, label := range labels {
				m, ok := ep.marks[label]
				if !ok {
					t.Errorf("page %s: no marker", label)
					continue
				}
				p := d.Pages[pages[k]]
				top := blockText(words[pages[k]], p.Block)
				after := ep.text[m:]
				collapsed := k+1 < len(labels) && ep.marks[labels[k+1]] == m
				switch {
				case top == "":
					// A blank page, or a picture alone.
				case collapsed:
					if !front {
						t.Errorf("page %s (%q) has its marker with the next page's", label, firstRunes(top, 20))
					}
				default:
					front = false
					checked++
					// The PDF's first words may come in another
					// order (table columns, figures side by side) or after
					// a list's bullet, a repeated table header, a
					// listing's line numbers, or a figure that waited
					// for this page (drawn at its top, read before the
					// text of the page before in the EPUB): the EPUB's
					// first characters must come among them, in order or
					// not; most pages start with them.
					want := firstRunes(after, 12)
					window := firstRunes(top, 12+100)
					if strings.HasPrefix(top, want) {
						exact++
					}
					if !subsequence(want, window) && !within(want, window) {
						t.Errorf("page %s: the EPUB reads %q after its marker, the PDF page starts %q", label, firstRunes(after, 30), firstRunes(top, 40))
					}
				}
			}
			t.Logf("%d pages, %d in the page list, %d compared with the PDF, %d of them with the same first characters", len(d.Pages), len(labels), checked, exact)
			if checked < len(labels)*3/4 || exact < checked*3/4 {
				t.Errorf("only %d of %d pages compared, %d starting as the PDF's", checked, len(labels), exact)
			}
			testenv.CleanEPUBCheck(t, epubPath)

			// The EPUB alone has no page list.
			res, err = Run(Options{Manifest: manifest, OutDir: t.TempDir(), Date: epoch, Formats: []string{"epub"}}, &diags)
			if err != nil {
				t.Fatal(err)
			}
			if alone := readPageBreaks(t, res[0].Path); len(alone.list) > 0 || len(alone.marks) > 0 || alone.source {
				t.Errorf("the EPUB built alone has a page list of %d, %d markers, page source %v", len(alone.list), len(alone.marks), alone.source)
			}
		})
	}
}

// epubPages is what an EPUB says of its print pages.
type epubPages struct {
	list   []string       // the page list's labels, in order
	marks  map[string]int // each marker's place in text, by its label
	text   string         // the chapters' text, without white space
	source bool           // the package names a pagination source
}

// readPageBreaks reads the page list, the markers and the text of the
// chapters, in spine order, of the EPUB at path.
func readPageBreaks(t *testing.T, path string) epubPages {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	files := testenv.Unzip(t, data)
	out := epubPages{marks: map[string]int{}}
	opf := string(files["EPUB/package.opf"])
	out.source = strings.Contains(opf, `property="source-of"`)
	nav := string(files["EPUB/nav.xhtml"])
	if i := strings.Index(nav, `epub:type="page-list"`); i >= 0 {
		list := nav[i:]
		list = list[:strings.Index(list, "</nav>")]
		for _, m := range regexp.MustCompile(`<li><a href="[^"]*">([^<]*)</a></li>`).FindAllStringSubmatch(list, -1) {
			out.list = append(out.list, html.UnescapeString(m[1]))
		}
	}
	var spine []string
	for _, m := range regexp.MustCompile(`<itemref idref="([^"]*)"`).FindAllStringSubmatch(opf, -1) {
		href := regexp.MustCompile(`<item id="` + regexp.QuoteMeta(m[1]) + `" href="([^"]*)"`).FindStringSubmatch(opf)
		if href != nil {
			spine = append(spine, "EPUB/"+href[1])
		}
	}
	var text strings.Builder
	for _, name := range spine {
		dec := xml.NewDecoder(bytes.NewReader(files[name]))
		dec.Strict = true
		inBody := false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				if tok.Name.Local == "body" {
					inBody = true
				}
				var typ, label string
				for _, a := range tok.Attr {
					switch {
					case a.Name.Local == "type" && a.Name.Space == "http://www.idpf.org/2007/ops":
						typ = a.Value
					case a.Name.Local == "aria-label":
						label = a.Value
					}
				}
				if typ == "pagebreak" {
					if _, dup := out.marks[label]; dup {
						t.Errorf("two markers of page %s", label)
					}
					out.marks[label] = len(text.String())
				}
			case xml.CharData:
				if inBody {
					text.WriteString(squeeze(string(tok)))
				}
			}
		}
	}
	out.text = text.String()
	return out
}

// pdfWords reads the words of each page of the PDF at path, with their
// boxes, in pdftotext's reading order.
func pdfWords(t *testing.T, path string) [][]pdfWord {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var pages [][]pdfWord
	word := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]*)</word>`)
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "<page "):
			pages = append(pages, nil)
		case strings.HasPrefix(line, "<word "):
			m := word.FindStringSubmatch(line)
			if m == nil || len(pages) == 0 {
				continue
			}
			y0, _ := strconv.ParseFloat(m[2], 64)
			y1, _ := strconv.ParseFloat(m[3], 64)
			pages[len(pages)-1] = append(pages[len(pages)-1], pdfWord{y0: y0, y1: y1, text: html.UnescapeString(m[4])})
		}
	}
	return pages
}

type pdfWord struct {
	y0, y1 float64
	text   string
}

// blockText is the text of the words inside the text block, without
// white space: not the running head or the page number.
func blockText(words []pdfWord, block layout.Rect) string {
	var b strings.Builder
	for _, w := range words {
		mid := (w.y0 + w.y1) / 2
		if mid >= block.Y && mid <= block.Y+block.H {
			b.WriteString(squeeze(w.text))
		}
	}
	return b.String()
}

// squeeze drops white space.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00ad' {
			return -1
		}
		return r
	}, s)
}

// subsequence reports whether the characters of s occur in t in order.
func subsequence(s, t string) bool {
	r := []rune(t)
	for _, c := range s {
		k := slices.Index(r, c)
		if k < 0 {
			return false
		}
		r = r[k+1:]
	}
	return true
}

// within reports whether every character of s, counted, is in t: words
// pdftotext reads in another order (figures side by side).
func within(s, t string) bool {
	r := []rune(t)
	for _, c := range s {
		k := slices.Index(r, c)
		if k < 0 {
			return false
		}
		r = slices.Delete(r, k, k+1)
	}
	return true
}

// firstRunes is the first n characters of s.
func firstRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}
