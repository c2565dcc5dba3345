package pdf

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/layout"
)

// built is a book built to PDF for the acceptance tests.
type built struct {
	name string
	book *book.Book
	doc  *layout.Document
	path string
}

func buildPDF(t *testing.T, name, manifest string) *built {
	t.Helper()
	var d diag.List
	b := book.Load(manifest, book.Options{}, &d)
	if b == nil {
		t.Fatalf("%s: %v", name, d.Items())
	}
	set := fonts.LoadBook(b, &d)
	if set == nil {
		t.Fatalf("%s: %v", name, d.Items())
	}
	ld, err := layout.Typeset(b, set)
	if err != nil {
		t.Fatal(err)
	}
	data, err := Draw(ld, b, Options{Modified: time.Unix(1700000000, 0), Creator: "ebook test"})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name+".pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return &built{name: name, book: b, doc: ld, path: p}
}

func tool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		testenv.Missing(t, name+" (Debian packages qpdf and poppler-utils)")
	}
}

// acceptBooks are the books the acceptance tests build.
func acceptBooks(t *testing.T) map[string]string {
	m := map[string]string{
		"content": "../../book.yaml",
		"feature": "../../cmd/ebook/testdata/featurebook/book.yaml",
	}
	if !testing.Short() {
		m["gopl-zh"] = ""
	}
	return m
}

// TestAccept builds each book and checks the PDF with the real tools: qpdf
// finds nothing; every font is embedded, subset and has a Unicode map;
// pdftotext gives back every paragraph in order; no word lies outside the
// text block; no line of prose starts with a closing mark or ends with an
// opening one.
func TestAccept(t *testing.T) {
	tool(t, "qpdf")
	tool(t, "pdffonts")
	tool(t, "pdftotext")
	for name, manifest := range acceptBooks(t) {
		t.Run(name, func(t *testing.T) {
			if manifest == "" {
				manifest = testenv.CorpusManifest(t)
			}
			b := buildPDF(t, name, manifest)
			if out, err := exec.Command("qpdf", "--check", b.path).CombinedOutput(); err != nil || !bytes.Contains(out, []byte("No syntax or stream encoding errors found")) {
				t.Errorf("qpdf --check: %v\n%s", err, out)
			}
			checkFonts(t, b)
			words := bboxWords(t, b)
			checkWordsInside(t, b, words)
			checkParagraphs(t, b, words)
			checkLineStarts(t, b, words)
		})
	}
}

var subsetName = regexp.MustCompile(`^[A-Z]{6}\+`)

func checkFonts(t *testing.T, b *built) {
	out, err := exec.Command("pdffonts", b.path).Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	n := 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 7 || f[0] == "name" || strings.HasPrefix(f[0], "---") {
			continue
		}
		// name type... emb sub uni object ID: the last five fields.
		emb, sub, uni := f[len(f)-5], f[len(f)-4], f[len(f)-3]
		if emb != "yes" || sub != "yes" || uni != "yes" || !subsetName.MatchString(f[0]) {
			t.Errorf("%s: font %s: embedded %s, subset %s, Unicode map %s", b.name, f[0], emb, sub, uni)
		}
		n++
	}
	if n == 0 {
		t.Errorf("%s: pdffonts lists no font:\n%s", b.name, out)
	}
}

// word is one word pdftotext found, with its box.
type word struct {
	page                   int
	xMin, yMin, xMax, yMax float64
	text                   string
}

func bboxWords(t *testing.T, b *built) []word {
	out, err := exec.Command("pdftotext", "-bbox", b.path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	var words []word
	page := -1
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "page":
			page++
		case "word":
			w := word{page: page}
			for _, a := range se.Attr {
				v, _ := strconv.ParseFloat(a.Value, 64)
				switch a.Name.Local {
				case "xMin":
					w.xMin = v
				case "yMin":
					w.yMin = v
				case "xMax":
					w.xMax = v
				case "yMax":
					w.yMax = v
				}
			}
			var text strings.Builder
			for {
				tok, err := dec.Token()
				if err != nil {
					break
				}
				if cd, ok := tok.(xml.CharData); ok {
					text.Write(cd)
					continue
				}
				break
			}
			w.text = text.String()
			words = append(words, w)
		}
	}
	if page+1 != len(b.doc.Pages) {
		t.Fatalf("%s: pdftotext saw %d pages, the layout made %d", b.name, page+1, len(b.doc.Pages))
	}
	return words
}

// checkWordsInside: every word lies in its page's text block, or, for the
// running head and page number, inside the page.
func checkWordsInside(t *testing.T, b *built, words []word) {
	const eps = 1.0 // pdftotext's boxes come from the fonts' ascent and descent
	bad := 0
	for _, w := range words {
		p := b.doc.Pages[w.page]
		r := p.Text
		if w.yMax < r.Y || w.yMin > r.Y+r.H {
			r = layout.Rect{W: b.doc.Width, H: b.doc.Height} // the head or foot
		}
		if w.xMin < r.X-eps || w.xMax > r.X+r.W+eps || w.yMin < r.Y-eps-2 || w.yMax > r.Y+r.H+eps+2 {
			if bad < 10 {
				t.Errorf("%s: page %d: %q at [%.1f,%.1f]-[%.1f,%.1f] is outside [%.1f,%.1f]-[%.1f,%.1f]",
					b.name, w.page+1, w.text, w.xMin, w.yMin, w.xMax, w.yMax, r.X, r.Y, r.X+r.W, r.Y+r.H)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d words outside the text block", b.name, bad)
	}
}

// baselines returns the baselines of the page model's text on each page,
// sorted, and which of them are lines of code listings.
func baselines(d *layout.Document) ([][]float64, []map[float64]bool) {
	bases := make([][]float64, len(d.Pages))
	code := make([]map[float64]bool, len(d.Pages))
	for i, p := range d.Pages {
		code[i] = map[float64]bool{}
		seen := map[float64]bool{}
		for _, it := range p.Items {
			if it.Kind != layout.Glyphs {
				continue
			}
			y := it.Y + it.Rise // superscripts belong to their line
			if !seen[y] {
				seen[y] = true
				bases[i] = append(bases[i], y)
			}
			if it.Code {
				code[i][y] = true
			}
		}
		sort.Float64s(bases[i])
	}
	return bases, code
}

// baselineOf finds the baseline of the page model that word w sits on: the
// one inside its box, nearest to where a baseline is in a box (a fifth of
// the height above the bottom). Fonts give boxes of different heights, so
// words of one line have different boxes but one baseline.
func baselineOf(bases []float64, w word) (float64, bool) {
	want := w.yMax - 0.2*(w.yMax-w.yMin)
	best, found := 0.0, false
	for _, b := range bases {
		if b < w.yMin-1 || b > w.yMax+0.6*(w.yMax-w.yMin)+1 {
			continue
		}
		if !found || abs(b-want) < abs(best-want) {
			best, found = b, true
		}
	}
	return best, found
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// placed is a word with the baseline it sits on.
type placed struct {
	word
	base float64
}

// bodyLines returns the words of the text blocks, above the footnotes, in
// reading order: by page, line, then left to right. The layout has one
// column, so this is the order of the text.
func bodyLines(b *built, words []word) []placed {
	bases, _ := baselines(b.doc)
	var out []placed
	for _, w := range words {
		p := b.doc.Pages[w.page]
		bottom := p.Text.Y + p.Text.H
		if p.NoteTop > 0 {
			bottom = p.NoteTop - 2
		}
		if w.yMax < p.Text.Y || w.yMin > bottom {
			continue
		}
		base, ok := baselineOf(bases[w.page], w)
		if !ok {
			base = w.yMax
		}
		out = append(out, placed{w, base})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, c := out[i], out[j]
		if a.page != c.page {
			return a.page < c.page
		}
		if a.base != c.base {
			return a.base < c.base
		}
		return a.xMin < c.xMin
	})
	return out
}

// bodyText is the text of the text blocks in reading order, white space
// removed.
func bodyText(b *built, words []word) string {
	var s strings.Builder
	for _, w := range bodyLines(b, words) {
		s.WriteString(strip(w.text))
	}
	return s.String()
}

func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// checkParagraphs finds every paragraph, heading and list item of the
// source, in order, in the text pdftotext extracts. Tables and listings
// are checked by their own tests; footnotes are at the foot of pages.
func checkParagraphs(t *testing.T, b *built, words []word) {
	text := bodyText(b, words)
	at := 0
	n := 0
	for _, ch := range b.book.Chapters {
		for _, para := range paragraphs(ch.Blocks) {
			want := strip(para)
			if want == "" {
				continue
			}
			i := strings.Index(text[at:], want)
			if i < 0 {
				near := text[at:min(len(text), at+300)]
				t.Errorf("%s: %s: paragraph not found in order:\n%q\nafter:\n%q", b.name, ch.Path, want, near)
				return
			}
			at += i + len(want)
			n++
		}
	}
	t.Logf("%s: %d paragraphs found in order", b.name, n)
}

// paragraphs returns the text of each paragraph of blocks as the PDF draws
// it (footnote references as their numbers).
func paragraphs(blocks []*doc.Node) []string {
	var out []string
	var walk func([]*doc.Node)
	walk = func(ns []*doc.Node) {
		for _, n := range ns {
			switch {
			case n.Kind == doc.Table || n.Kind == doc.CodeBlock || n.Kind == doc.SVG:
			case n.Kind == doc.Figure:
				for _, c := range n.Children {
					if c.Kind == doc.Caption {
						out = append(out, drawnText(c.Children))
					}
				}
			case n.Kind.HoldsInlines():
				out = append(out, drawnText(n.Children))
			default:
				walk(n.Children)
			}
		}
	}
	walk(blocks)
	return out
}

func drawnText(nodes []*doc.Node) string {
	var b strings.Builder
	doc.Walk(nodes, func(n *doc.Node) bool {
		switch n.Kind {
		case doc.Text, doc.Code, doc.Kbd:
			b.WriteString(n.Text)
		case doc.FootnoteRef:
			b.WriteString(strconv.Itoa(n.Index))
		case doc.Image:
			if n.Image == nil {
				alt := n.Text
				if alt == "" {
					alt = n.URL
				}
				b.WriteString("[" + alt + "]")
			}
			return false
		case doc.InlineSVG:
			b.WriteString("[SVG]")
		}
		return true
	})
	return b.String()
}

// checkLineStarts groups the words of prose into lines and checks the
// first and last characters of each against the Chinese rules. Lines of
// listings are left out: code may start with anything.
func checkLineStarts(t *testing.T, b *built, words []word) {
	_, code := baselines(b.doc)
	type key struct {
		page int
		base float64
	}
	var lines [][]placed
	var last key
	for _, w := range bodyLines(b, words) {
		if code[w.page][w.base] {
			continue
		}
		k := key{w.page, w.base}
		if len(lines) == 0 || k != last {
			lines = append(lines, nil)
			last = k
		}
		lines[len(lines)-1] = append(lines[len(lines)-1], w)
	}
	bad := 0
	for _, l := range lines {
		first, end := l[0], l[len(l)-1]
		r, _ := utf8.DecodeRuneInString(first.text)
		e, _ := utf8.DecodeLastRuneInString(end.text)
		if strings.ContainsRune("、。，．：；？！）」』】〉》〕”’…‥％", r) || strings.ContainsRune("（「『【〈《〔“‘", e) {
			if bad < 10 {
				t.Errorf("%s: page %d: a line runs %q … %q", b.name, first.page+1, first.text, end.text)
			}
			bad++
		}
	}
	t.Logf("%s: %d lines checked", b.name, len(lines))
	if bad > 0 {
		t.Errorf("%s: %d lines break the Chinese rules", b.name, bad)
	}
}

// TestReproducible draws the same book twice: the same bytes.
func TestReproducible(t *testing.T) {
	a := buildPDF(t, "a", "../../cmd/ebook/testdata/featurebook/book.yaml")
	b := buildPDF(t, "b", "../../cmd/ebook/testdata/featurebook/book.yaml")
	da, _ := os.ReadFile(a.path)
	db, _ := os.ReadFile(b.path)
	if !bytes.Equal(da, db) {
		t.Error("two builds of the feature book differ")
	}
}
