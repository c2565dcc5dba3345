package pdf

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/layout"
)

// built is a book built to PDF and read back: its layout, and what qpdf
// and pdftotext say about the file.
type built struct {
	name string
	b    *book.Book
	set  *fonts.Set
	d    *layout.Document
	path string
	q    *qpdfFile
	ws   [][]textWord         // pdftotext's words, by page
	want map[string]string    // see expected
	ls   map[int][][]textWord // lines of pages, once grouped
}

// buildPDF builds the book of manifest, checks that building it again
// gives the same bytes, and reads the file back.
func buildPDF(t *testing.T, name, manifest string) *built {
	t.Helper()
	b, set := loadBook(t, manifest)
	opts := Options{Modified: epoch, Creator: "ebook test", Version: "1.2.3"}
	data, err := Write(b, set, opts)
	if err != nil {
		t.Fatal(err)
	}
	// Two builds are byte-identical.
	again, err := Write(b, set, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Error("two builds of the same book differ")
	}
	// The layout the tests compare with is the one drawn.
	d, err := layout.Typeset(b, set)
	if err != nil {
		t.Fatal(err)
	}
	if redrawn, err := Draw(d, b, opts); err != nil || !bytes.Equal(redrawn, data) {
		t.Fatalf("drawing the layout again gives another file (%v)", err)
	}
	path := filepath.Join(t.TempDir(), name+".pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	bk := &built{name: name, b: b, set: set, d: d, path: path}
	bk.q = readQPDF(t, path)
	bk.ws = readWords(t, path)
	if len(bk.q.Pages) != len(bk.ws) || len(bk.ws) != len(d.Pages) {
		t.Fatalf("%s: qpdf reads %d pages, pdftotext %d, the layout has %d", name, len(bk.q.Pages), len(bk.ws), len(d.Pages))
	}
	return bk
}

// lines returns the lines of page i.
func (bk *built) lines(i int) [][]textWord {
	if bk.ls == nil {
		bk.ls = map[int][][]textWord{}
	}
	l, ok := bk.ls[i]
	if !ok {
		l = lines(bk.ws[i])
		bk.ls[i] = l
	}
	return l
}

// TestAccept builds each book and checks the PDF with the real tools:
// every font is embedded, subset and has a Unicode map; no word lies
// outside the text block; pdftotext gives back every paragraph in order;
// no line of prose starts with a closing mark or ends with an opening one;
// every listing reads back as its source; footnotes are linked both ways;
// no line ends in "C+"; every caption is under its figure or above its
// table, on its page.
// TestNavigation checks the rest with the same books.
func TestAccept(t *testing.T) {
	for name, manifest := range testBooks() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bk := buildPDF(t, name, manifest(t))
			bk.checkFonts(t)
			bk.checkWordsInside(t)
			bk.checkParagraphs(t)
			bk.checkLineStarts(t)
			n := bk.checkListings(t)
			if name == "gopl-zh" && n < 800 {
				t.Errorf("only %d listings", n)
			}
			bk.checkFootnoteLinks(t)
			bk.checkCPlus(t)
			c := bk.checkCaptionsPDF(t)
			t.Logf("%s: %d captions checked on the PDF", name, c)
			if name == "feature" && c < 4 {
				t.Errorf("only %d captions checked", c)
			}
		})
	}
}

var subsetName = regexp.MustCompile(`^[A-Z]{6}\+`)

func (bk *built) checkFonts(t *testing.T) {
	out, _, err := runTool(t, "pdffonts", bk.path)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	n := 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 7 || f[0] == "name" || strings.HasPrefix(f[0], "---") {
			continue
		}
		// name type... emb sub uni object ID: the last five fields.
		emb, sub, uni := f[len(f)-5], f[len(f)-4], f[len(f)-3]
		if emb != "yes" || sub != "yes" || uni != "yes" || !subsetName.MatchString(f[0]) {
			t.Errorf("%s: font %s: embedded %s, subset %s, Unicode map %s", bk.name, f[0], emb, sub, uni)
		}
		n++
	}
	if n == 0 {
		t.Errorf("%s: pdffonts lists no font:\n%s", bk.name, out)
	}
}

// checkWordsInside: every word lies in its page's text block, or, for the
// running head and page number, inside the page.
func (bk *built) checkWordsInside(t *testing.T) {
	const eps = 1.0 // pdftotext's boxes come from the fonts' ascent and descent
	bad := 0
	for _, w := range bk.words() {
		p := bk.d.Pages[w.page]
		r := p.Block
		if w.y1 < r.Y || w.y0 > r.Y+r.H {
			// The running head or the page number: in the margin,
			// within the text block's width.
			r = layout.Rect{X: r.X, W: r.W, H: bk.d.Height}
		}
		if w.x0 < r.X-eps || w.x1 > r.X+r.W+eps || w.y0 < r.Y-eps-2 || w.y1 > r.Y+r.H+eps+2 {
			if bad < 10 {
				t.Errorf("%s: page %d: %q at [%.1f,%.1f]-[%.1f,%.1f] is outside [%.1f,%.1f]-[%.1f,%.1f]",
					bk.name, w.page+1, w.text, w.x0, w.y0, w.x1, w.y1, r.X, r.Y, r.X+r.W, r.Y+r.H)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d words outside the text block", bk.name, bad)
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
			y := it.Y + it.Rise() // superscripts belong to their line
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
func baselineOf(bases []float64, w textWord) (float64, bool) {
	want := w.y1 - 0.2*(w.y1-w.y0)
	best, found := 0.0, false
	for _, b := range bases {
		if b < w.y0-1 || b > w.y1+0.6*(w.y1-w.y0)+1 {
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

// placed is a word with its page and the baseline it sits on.
type placed struct {
	textWord
	page int
	base float64
}

// words returns every word with its page.
func (bk *built) words() []placed {
	var out []placed
	for i, ws := range bk.ws {
		for _, w := range ws {
			out = append(out, placed{textWord: w, page: i})
		}
	}
	return out
}

// bodyLines returns the words of the text blocks, above the footnotes, in
// reading order: by page, line, then left to right. The layout has one
// column, so this is the order of the text.
func (bk *built) bodyLines() []placed {
	bases, _ := baselines(bk.d)
	var out []placed
	for _, w := range bk.words() {
		p := bk.d.Pages[w.page]
		bottom := p.Block.Y + p.Block.H
		if p.NoteTop > 0 {
			bottom = p.NoteTop - 2
		}
		if w.y1 < p.Block.Y || w.y0 > bottom {
			continue
		}
		base, ok := baselineOf(bases[w.page], w.textWord)
		if !ok {
			base = w.y1
		}
		w.base = base
		out = append(out, w)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, c := out[i], out[j]
		if a.page != c.page {
			return a.page < c.page
		}
		if a.base != c.base {
			return a.base < c.base
		}
		return a.x0 < c.x0
	})
	return out
}

// bodyText is the text of the text blocks in reading order, white space
// removed.
func (bk *built) bodyText() string {
	var s strings.Builder
	for _, w := range bk.bodyLines() {
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
// are checked by their own tests; footnotes are at the foot of pages;
// figures float.
func (bk *built) checkParagraphs(t *testing.T) {
	text := bk.bodyText()
	at := 0
	n := 0
	for _, ch := range bk.b.Chapters {
		for _, para := range paragraphs(ch.Blocks) {
			want := strip(para)
			if want == "" {
				continue
			}
			i := strings.Index(text[at:], want)
			if i < 0 {
				near := text[at:min(len(text), at+300)]
				t.Errorf("%s: %s: paragraph not found in order:\n%q\nafter:\n%q", bk.name, ch.Path, want, near)
				return
			}
			at += i + len(want)
			n++
		}
	}
	t.Logf("%s: %d paragraphs found in order", bk.name, n)
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
				// A figure floats to the next page when it does not
				// fit, the text after it filling the gap: its caption
				// is not in the order of the source.
			case n.Kind.HoldsInlines():
				out = append(out, drawnText(n.Children)...)
			default:
				walk(n.Children)
			}
		}
	}
	walk(blocks)
	return out
}

// drawnText returns the text of inline nodes as the PDF draws it: in
// pieces, split where an inline SVG draws its own labels.
func drawnText(nodes []*doc.Node) []string {
	var out []string
	var b strings.Builder
	doc.Walk(nodes, func(n *doc.Node) bool {
		switch n.Kind {
		case doc.Text, doc.Code, doc.Kbd:
			b.WriteString(n.Text)
		case doc.FootnoteRef:
			b.WriteString(strconv.Itoa(int(n.Index)))
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
			out = append(out, b.String())
			b.Reset()
		}
		return true
	})
	return append(out, b.String())
}

// checkLineStarts groups the words of prose into lines and checks the
// first and last characters of each against the Chinese rules. Lines of
// listings are left out: code may start with anything.
func (bk *built) checkLineStarts(t *testing.T) {
	_, code := baselines(bk.d)
	type key struct {
		page int
		base float64
	}
	var lines [][]placed
	var last key
	for _, w := range bk.bodyLines() {
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
				t.Errorf("%s: page %d: a line runs %q … %q", bk.name, first.page+1, first.text, end.text)
			}
			bad++
		}
	}
	t.Logf("%s: %d lines checked", bk.name, len(lines))
	if bad > 0 {
		t.Errorf("%s: %d lines break the Chinese rules", bk.name, bad)
	}
}
