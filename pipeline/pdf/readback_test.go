package pdf

import (
	"bytes"
	"encoding/json"
	"html"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/gobook/ebook/internal/testenv"
)

// What a PDF says about itself, read back with qpdf (objects, page labels,
// the outline as qpdf resolves it) and pdftotext (where the text is), never
// with this package's own data.

// tool runs a validator and returns its standard output and error; a
// missing tool skips the test (fails it under CI).
func runTool(t *testing.T, name string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	path, lerr := exec.LookPath(name)
	if lerr != nil {
		testenv.Missing(t, name)
	}
	var o, e bytes.Buffer
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

// qpdfFile is the part of `qpdf --json` the tests read.
type qpdfFile struct {
	Pages []struct {
		Object string         `json:"object"`
		Label  map[string]any `json:"label"`
	} `json:"pages"`
	Outlines []*qOutline        `json:"outlines"`
	QPDF     [2]json.RawMessage `json:"qpdf"`

	objects map[string]any // by reference, "12 0 R"
	pageOf  map[string]int // page index by page object reference
}

// qOutline is an outline item as qpdf resolves it.
type qOutline struct {
	Title    string      `json:"title"`
	Dest     []any       `json:"dest"`
	DestPage int         `json:"destpageposfrom1"`
	Kids     []*qOutline `json:"kids"`
	Open     bool        `json:"open"`
	Object   string      `json:"object"`
}

func readQPDF(t *testing.T, path string) *qpdfFile {
	t.Helper()
	out, stderr, err := runTool(t, "qpdf", "--json=2", "--json-key=pages", "--json-key=outlines", "--json-key=qpdf", path)
	if err != nil {
		t.Fatalf("qpdf --json: %v\n%s", err, stderr)
	}
	f := &qpdfFile{}
	if err := json.Unmarshal([]byte(out), f); err != nil {
		t.Fatal(err)
	}
	var objs map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal(f.QPDF[1], &objs); err != nil {
		t.Fatal(err)
	}
	f.objects = map[string]any{}
	for k, v := range objs {
		f.objects[strings.TrimPrefix(k, "obj:")] = v.Value
	}
	f.pageOf = map[string]int{}
	for i, p := range f.Pages {
		f.pageOf[p.Object] = i
	}
	return f
}

// dict returns the dictionary object ref, or value itself when it is a
// direct dictionary.
func (f *qpdfFile) dict(v any) map[string]any {
	if ref, ok := v.(string); ok {
		v = f.objects[ref]
	}
	d, _ := v.(map[string]any)
	return d
}

// label formats page i's label as a viewer shows it.
func (f *qpdfFile) label(i int) string {
	l := f.Pages[i].Label
	if l == nil {
		return ""
	}
	prefix, _ := l["/P"].(string)
	prefix = strings.TrimPrefix(prefix, "u:")
	st := 1
	if n, ok := l["/St"].(float64); ok {
		st = int(n)
	}
	switch l["/S"] {
	case "/D":
		return prefix + strconv.Itoa(st)
	case "/r":
		return prefix + romanNumeral(st)
	case "/R":
		return prefix + strings.ToUpper(romanNumeral(st))
	}
	return prefix
}

func romanNumeral(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// annot is a link annotation.
type annot struct {
	page   int
	rect   [4]float64 // normalised: llx, lly, urx, ury
	uri    string     // a URI action's URI
	dest   int        // an explicit destination's page, -1 if none
	destY  float64    // its top
	hasDst bool
}

// annots returns the link annotations of page i, in /Annots order.
func (f *qpdfFile) annots(t *testing.T, i int) []annot {
	t.Helper()
	page := f.dict(f.Pages[i].Object)
	list, _ := page["/Annots"].([]any)
	var out []annot
	for _, ref := range list {
		a := f.dict(ref)
		if a == nil {
			t.Errorf("page %d: annotation %v is not a dictionary", i+1, ref)
			continue
		}
		if a["/Subtype"] != "/Link" {
			continue
		}
		an := annot{page: i, dest: -1}
		r, _ := a["/Rect"].([]any)
		if len(r) != 4 {
			t.Errorf("page %d: annotation %v has rect %v", i+1, ref, a["/Rect"])
			continue
		}
		x1, y1, x2, y2 := r[0].(float64), r[1].(float64), r[2].(float64), r[3].(float64)
		an.rect = [4]float64{min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)}
		if d, ok := a["/Dest"].([]any); ok {
			an.hasDst = true
			if len(d) == 5 && d[1] == "/XYZ" {
				if p, ok := f.pageOf[d[0].(string)]; ok {
					an.dest = p
				}
				an.destY, _ = d[3].(float64)
			}
		}
		if act := f.dict(a["/A"]); act != nil && act["/S"] == "/URI" {
			an.uri = strings.TrimPrefix(act["/URI"].(string), "u:")
		}
		out = append(out, an)
	}
	return out
}

// textWord is a word pdftotext found, in points from the page's top-left.
type textWord struct {
	x0, y0, x1, y1 float64
	text           string
}

// readWords returns the words of every page of the PDF at path.
func readWords(t *testing.T, path string) [][]textWord {
	t.Helper()
	out, stderr, err := runTool(t, "pdftotext", "-bbox", path, "-")
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, stderr)
	}
	// The format is fixed: a <page ...> element per page holding
	// <word xMin="" yMin="" xMax="" yMax="">text</word> elements.
	var pages [][]textWord
	for _, page := range strings.Split(out, "<page ")[1:] {
		var ws []textWord
		for _, w := range strings.Split(page, "<word ")[1:] {
			attrs, rest, _ := strings.Cut(w, ">")
			text, _, _ := strings.Cut(rest, "</word>")
			var v [4]float64
			for i, name := range []string{"xMin", "yMin", "xMax", "yMax"} {
				_, a, _ := strings.Cut(attrs, name+`="`)
				a, _, _ = strings.Cut(a, `"`)
				v[i], err = strconv.ParseFloat(a, 64)
				if err != nil {
					t.Fatalf("pdftotext: %s: %v", name, err)
				}
			}
			ws = append(ws, textWord{v[0], v[1], v[2], v[3], html.UnescapeString(text)})
		}
		pages = append(pages, ws)
	}
	return pages
}

// lines groups words into lines, top to bottom, each left to right: words
// whose heights overlap by half share a line (faces of one line differ in
// ascent).
func lines(ws []textWord) [][]textWord {
	sorted := append([]textWord(nil), ws...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].y0 < sorted[j].y0 })
	var out [][]textWord
	var top, bottom float64
	for _, w := range sorted {
		if n := len(out); n > 0 {
			overlap := min(bottom, w.y1) - max(top, w.y0)
			if overlap >= 0.5*min(bottom-top, w.y1-w.y0) {
				out[n-1] = append(out[n-1], w)
				top, bottom = min(top, w.y0), max(bottom, w.y1)
				continue
			}
		}
		out = append(out, []textWord{w})
		top, bottom = w.y0, w.y1
	}
	for _, l := range out {
		sort.SliceStable(l, func(i, j int) bool { return l[i].x0 < l[j].x0 })
	}
	return out
}

// squash removes white space, and the leader dots of tables of contents.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '.' || r == '·' {
			return -1
		}
		return r
	}, s)
}

// textFrom returns the text of lines from y down (their middle below y),
// each line squashed.
func textFrom(ls [][]textWord, y float64) []string {
	var out []string
	for _, l := range ls {
		mid := (l[0].y0 + l[0].y1) / 2
		if mid < y {
			continue
		}
		var b strings.Builder
		for _, w := range l {
			b.WriteString(w.text)
		}
		out = append(out, squash(b.String()))
	}
	return out
}
