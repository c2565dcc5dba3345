package epub

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
)

// fuzzLimit is the largest input FuzzChapter builds: large enough for any
// construct, small enough that each input is quick.
const fuzzLimit = 64 << 10

// FuzzChapter builds a book whose first chapter is arbitrary Markdown (a
// second chapter with anchors and an image are there to link to) into an
// EPUB with its fonts. A book that loads without errors must give an EPUB
// whose every document is well-formed XML with unique, valid ids and links
// that resolve (testenv.VerifyEPUB), and whose chapter holds nothing that
// could run code or fetch content. Seeds: the feature book's chapters and
// the Markdown tests' sources.
func FuzzChapter(f *testing.F) {
	for _, s := range testenv.MarkdownSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > fuzzLimit {
			t.Skip("too large for one fuzzing input")
		}
		defer testenv.Watchdog(20*time.Second, fmt.Sprintf("building an EPUB of %d bytes of Markdown", len(src)))()
		checkChapter(t, src)
	})
}

// TestChapterRegressions runs FuzzChapter's checks on inputs that failed
// them once.
func TestChapterRegressions(t *testing.T) {
	for name, src := range map[string]string{
		// The back link of a note referenced inside a link pointed at
		// an id the reference did not have.
		"note in a link": "[link [^1]](#a).\n\n[^1]: note\n",
	} {
		t.Run(name, func(t *testing.T) { checkChapter(t, src) })
	}
}

// checkChapter is FuzzChapter's test of one input, src.
func checkChapter(t *testing.T, src string) {
	var pngData bytes.Buffer
	if err := png.Encode(&pngData, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	manifest := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: Fuzz\nlanguage: zh-CN\nchapters: [a.md, b.md]\n",
		"a.md":      src,
		"b.md":      "# B\n\n## Sub {#sub}\n\n<a id=\"anchor\"></a>Text ![p](img/p.png).\n",
		"img/p.png": pngData.String(),
	})
	var d diag.List
	b := book.Load(manifest, book.Options{}, &d)
	if b == nil {
		if !d.HasErrors() {
			t.Fatal("no book and no error")
		}
		return
	}
	set := fonts.LoadBook(b, &d)
	if set == nil {
		t.Fatalf("fonts: %v", d.Items())
	}
	data, err := Write(b, Options{Modified: time.Unix(1700000000, 0), Fonts: set})
	if err != nil {
		t.Fatalf("a book that loaded has no EPUB: %v", err)
	}
	files := testenv.VerifyEPUB(t, data)
	checkSafe(t, files["EPUB/xhtml/c0001.xhtml"])
}

// checkSafe fails the test if a chapter document holds an element or
// attribute that could run code or load content from outside the book. An
// inline SVG's style sheet, which the SVG cleaner keeps cleaned
// (sanitize.CleanCSS), may stand inside its <svg> but may fetch nothing.
func checkSafe(t *testing.T, doc []byte) {
	t.Helper()
	if doc == nil {
		t.Fatal("the chapter's document is missing")
	}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	inBody := false // the head links the style sheet
	svgDepth, inStyle := 0, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tk := tok.(type) {
		case xml.EndElement:
			switch strings.ToLower(tk.Name.Local) {
			case "svg":
				svgDepth--
			case "style":
				inStyle = false
			}
		case xml.CharData:
			if css := strings.ToLower(string(tk)); inStyle && (strings.Contains(css, "@import") || fetches(css)) {
				t.Errorf("an SVG style sheet that fetches: %q", tk)
			}
		}
		se, ok := tok.(xml.StartElement)
		if inBody = inBody || ok && se.Name.Local == "body"; !ok || !inBody {
			continue
		}
		switch strings.ToLower(se.Name.Local) {
		case "svg":
			svgDepth++
		case "style":
			if svgDepth == 0 {
				t.Errorf("<%s> in a chapter, outside an SVG drawing", se.Name.Local)
			}
			inStyle = true
		case "script", "iframe", "object", "embed", "form", "input", "link", "meta", "base", "foreignobject", "audio", "video":
			t.Errorf("<%s> in a chapter", se.Name.Local)
		}
		for _, a := range se.Attr {
			name, v := strings.ToLower(a.Name.Local), strings.ToLower(strings.TrimSpace(a.Value))
			if strings.HasPrefix(name, "on") || name == "style" && strings.Contains(v, "url(") {
				t.Errorf("attribute %s=%q on <%s>", a.Name.Local, a.Value, se.Name.Local)
			}
			if name == "href" || name == "src" || name == "xlink:href" || a.Name.Space == "http://www.w3.org/1999/xlink" {
				for _, scheme := range []string{"javascript:", "vbscript:", "data:", "file:"} {
					if strings.HasPrefix(strings.Map(dropSpace, v), scheme) {
						t.Errorf("%s=%q on <%s>", a.Name.Local, a.Value, se.Name.Local)
					}
				}
			}
		}
	}
}

// dropSpace removes the characters browsers ignore inside a URL scheme.
func dropSpace(r rune) rune {
	if r <= ' ' {
		return -1
	}
	return r
}

// fetches reports whether CSS text has a url() that is not a fragment of
// the document (url(#gradient) is).
func fetches(css string) bool {
	for rest := css; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return false
		}
		rest = strings.TrimLeft(rest[i+4:], " \t\n\"'")
		if !strings.HasPrefix(rest, "#") {
			return true
		}
	}
}
