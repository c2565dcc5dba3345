package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/epub"
	"github.com/gobook/ebook/pipeline/layout"
)

// recipeFonts is the publisher's look of docs/guide/fonts.md: Noto Serif
// CJK SC (Song) for the body, Noto Sans CJK SC (Hei) for headings, by
// family; the quote role left to its default, the built-in WenKai (Kai).
const recipeFonts = `
fonts:
  body:
    - family: Noto Serif CJK SC
    - default
  heading:
    - family: Noto Sans CJK SC
    - default
`

// recipeBook writes the feature book with the recipe's fonts to a
// temporary folder and returns its manifest. It skips the test where
// fonts-noto-cjk is not installed (and fails it under CI).
func recipeBook(t *testing.T) string {
	t.Helper()
	testenv.NotoCJK(t, "NotoSerifCJK-Regular.ttc")
	testenv.NotoCJK(t, "NotoSansCJK-Regular.ttc")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Dir(featureBook))); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "book.yaml")
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(manifest, append(data, recipeFonts...), 0o644); err != nil {
		t.Fatal(err)
	}
	// A longer Chinese emphasis, which the feature book lacks.
	ch := filepath.Join(dir, "part1", "ch01-goroutines.md")
	f, err := os.OpenFile(ch, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("\n\n" + longEmphasisPara + "\n"); err != nil {
		t.Fatal(err)
	}
	return manifest
}

// longEmphasisPara holds an emphasis of more than fonts.KaiMin Chinese
// characters.
const (
	longEmphasisPara = "最后再强调一次：*不要通过共享内存来通信，而要通过通信来共享内存*。"
	longEmphasis     = "不要通过共享内存来通信，而要通过通信来共享内存"
)

// TestRecipe builds the feature book with the publisher's look and checks
// both outputs: the Noto faces embedded as subsets with Unicode maps, every
// paragraph read back, byte-identical rebuilds (buildPDF), a valid EPUB
// embedding subsets of them, and Chinese emphasis as the rule of
// fonts.Context.Emphasis sets it: no caption or epigraph with dots, a
// three-character emphasis with them.
func TestRecipe(t *testing.T) {
	testenv.SkipShort(t, "builds the feature book with system fonts, twice, and runs epubcheck")
	bk := buildPDF(t, "recipe", recipeBook(t))
	bk.checkFonts(t)
	bk.checkParagraphs(t)
	out, _, err := runTool(t, "pdffonts", bk.path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"+NotoSerifCJKsc-Regular", "+NotoSansCJKsc-Bold", "+LXGWWenKai-Regular"} {
		if !strings.Contains(out, name) {
			t.Errorf("pdffonts lists no %s:\n%s", name, out)
		}
	}
	if !bk.set.QuoteContrasts() {
		t.Errorf("the quote face does not contrast with the body's")
	}

	// The emphasis rule on the page model.
	dotted := dottedText(bk.d)
	quoted := 0
	for _, ch := range bk.b.Chapters {
		doc.Walk(ch.Blocks, func(n *doc.Node) bool {
			if n.Kind == doc.Caption || n.Kind == doc.Epigraph {
				quoted++
				text := spaceless(doc.InlineText(n.Children))
				if n.Kind == doc.Epigraph {
					text = spaceless(blockText(n.Children))
				}
				if d, ok := dotted.find(text); !ok {
					t.Errorf("%s: %s %q not found on the pages", ch.Path, n.Kind, text)
				} else if d != "" {
					t.Errorf("%s: %s %q has emphasis dots under %q", ch.Path, n.Kind, text, d)
				}
				return false
			}
			return true
		})
	}
	if quoted < 3 {
		t.Errorf("only %d captions and epigraphs", quoted)
	}
	if d, ok := dotted.find("最清晰"); !ok || d != "最清晰" {
		t.Errorf("the three-character emphasis 最清晰: dots under %q (found %v), want under all of it", d, ok)
	}
	// A longer emphasis is set in the Kai face, without dots; with the
	// built-in faces, where there is no contrast, it has dots.
	if d, ok := dotted.find(longEmphasis); !ok || d != "" {
		t.Errorf("the long emphasis: dots under %q (found %v), want none", d, ok)
	}
	if f := glyphFace(bk.d, "通过共享内存"); f == nil || f.PostScriptName != "LXGWWenKai-Regular" {
		t.Errorf("the long emphasis is set in %v, want WenKai", f)
	}
	builtin, err := layout.Typeset(bk.b, loadBuiltin(t, bk))
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := dottedText(builtin).find(longEmphasis); d != spaceless(longEmphasis) {
		t.Errorf("with the built-in faces, the long emphasis has dots under %q only", d)
	}

	// The EPUB: valid, with subsets of the Noto faces and the quote role's
	// rules in its style sheet.
	data, err := epub.Write(bk.b, epub.Options{Modified: epoch, Fonts: bk.set})
	if err != nil {
		t.Fatal(err)
	}
	var css, xhtml string
	embedded := map[string]int{}
	for name, content := range testenv.Unzip(t, data) {
		switch {
		case strings.HasSuffix(name, ".css"):
			css += string(content)
		case strings.HasSuffix(name, ".xhtml"):
			xhtml += string(content)
		case strings.Contains(name, "fonts/"):
			embedded[filepath.Base(name)] = len(content)
		}
	}
	for _, name := range []string{"NotoSerifCJKsc-Regular.ttf", "NotoSansCJKsc-Bold.ttf"} {
		// A subset: far smaller than the 20 MB collection.
		if size, ok := embedded[name]; !ok || size > 2<<20 {
			t.Errorf("EPUB font %s: %d bytes (embedded %v)", name, size, ok)
		}
	}
	for _, rule := range []string{"blockquote, figcaption, caption, em.kai { font-family: \"LXGW WenKai", "em.kai { font-style: normal; }"} {
		if !strings.Contains(css, rule) {
			t.Errorf("the style sheet has no %q", rule)
		}
	}
	for _, em := range []string{`<em class="kai">` + longEmphasis, `<em class="cjk">最清晰`} {
		if !strings.Contains(xhtml, em) {
			t.Errorf("the EPUB has no %s", em)
		}
	}
	path := filepath.Join(t.TempDir(), "recipe.epub")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	testenv.CleanEPUBCheck(t, path)
}

// loadBuiltin loads the built-in faces for bk's book.
func loadBuiltin(t *testing.T, bk *built) *fonts.Set {
	t.Helper()
	var d diag.List
	set := fonts.Load(fonts.Config{Language: bk.b.Manifest.Language}, &d)
	if set == nil {
		t.Fatalf("loading the built-in fonts: %v", d.Items())
	}
	return set
}

// pageText is the text of a document's glyph runs, page by page, without
// white space, and which of its characters have an emphasis dot under
// them.
type pageText struct {
	text [][]rune
	dots [][]bool
}

// dottedText reads the text of d's pages and finds the emphasis dots: the
// small square boxes the layout puts under each emphasised character.
func dottedText(d *layout.Document) *pageText {
	pt := &pageText{}
	for _, p := range d.Pages {
		var text []rune
		var dots []bool
		for _, it := range p.Items {
			if it.Kind != layout.Glyphs || it.Furniture {
				continue
			}
			dotted := false
			for _, b := range p.Items {
				if b.Kind == layout.Box && b.W == b.H && abs(b.W-0.12*it.Size()) < 0.01 &&
					b.X+b.W/2 >= it.X && b.X+b.W/2 <= it.X+it.W && b.Y > it.Y && b.Y < it.Y+0.4*it.Size() {
					dotted = true
				}
			}
			for _, r := range it.Text {
				if !unicode.IsSpace(r) {
					text = append(text, r)
					dots = append(dots, dotted)
				}
			}
		}
		pt.text = append(pt.text, text)
		pt.dots = append(pt.dots, dots)
	}
	return pt
}

// find looks for text on the pages and returns the characters of its
// first occurrence that have dots.
func (pt *pageText) find(text string) (dotted string, found bool) {
	want := []rune(text)
	for i, page := range pt.text {
		for at := 0; at+len(want) <= len(page); at++ {
			if string(page[at:at+len(want)]) != text {
				continue
			}
			var d []rune
			for k := range want {
				if pt.dots[i][at+k] {
					d = append(d, want[k])
				}
			}
			return string(d), true
		}
	}
	return "", false
}

// glyphFace returns the face of the first glyph run holding text.
func glyphFace(d *layout.Document, text string) *fonts.Face {
	for _, p := range d.Pages {
		for _, it := range p.Items {
			if it.Kind == layout.Glyphs && strings.Contains(it.Text, text) {
				return it.Face
			}
		}
	}
	return nil
}

func spaceless(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// blockText is the inline text of blocks, one after another.
func blockText(blocks []*doc.Node) string {
	var b strings.Builder
	doc.Walk(blocks, func(n *doc.Node) bool {
		if n.Kind.HoldsInlines() && n.Kind.IsBlock() {
			b.WriteString(doc.InlineText(n.Children))
			return false
		}
		return true
	})
	return b.String()
}
