package build

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
)

// loadSet loads the fonts of the book at manifest as a build does.
func loadSet(t testing.TB, manifest string) *fonts.Set {
	t.Helper()
	var diags diag.List
	b := book.Load(manifest, book.Options{}, &diags)
	if b == nil {
		t.Fatalf("loading %s: %v", manifest, diags.Items())
	}
	set := fonts.LoadBook(b, &diags)
	if set == nil {
		t.Fatalf("loading the fonts of %s: %v", manifest, diags.Items())
	}
	return set
}

// embeddedFont is a font file of an EPUB, parsed.
type embeddedFont struct {
	name string
	ps   string
	font *sfnt.Font
}

// cssFace is an @font-face rule.
type cssFace struct {
	family       string
	bold, italic bool
	font         *embeddedFont
}

var (
	fontFaceRule = regexp.MustCompile(`@font-face\s*\{([^}]*)\}`)
	cssProp      = regexp.MustCompile(`(?m)^\s*([a-z-]+):\s*(.*?);\s*$`)
	cssURL       = regexp.MustCompile(`url\("\.\./fonts/([^"]+)"\)`)
	stackRule    = regexp.MustCompile(`(?m)^(body|h1, h2, h3, h4, h5, h6|code, kbd, pre) \{ font-family: (.*); \}$`)
)

// checkEPUBFonts reads an EPUB the way a reading system chooses fonts, and
// checks every character its documents render: the style sheet's
// font-family stack for the element, then CSS font matching among the
// @font-face rules of each family (style before weight), then the first
// family whose font has a glyph. That font must exist and have the glyph,
// and it must be the face the fonts package chose for the character, so
// that the EPUB shows what the PDF shows. The role and style of each
// element come from the XHTML and the rules of the style sheet, worked out
// here independently of the fonts package.
func checkEPUBFonts(t *testing.T, files map[string][]byte, set *fonts.Set) {
	t.Helper()
	css := string(files["EPUB/css/book.css"])
	embedded := map[string]*embeddedFont{}
	for name, data := range files {
		if !strings.HasPrefix(name, "EPUB/fonts/") {
			continue
		}
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Errorf("%s does not parse: %v", name, err)
			continue
		}
		ps, err := f.Name(nil, sfnt.NameIDPostScript)
		if err != nil {
			t.Errorf("%s has no PostScript name: %v", name, err)
		}
		embedded[path.Base(name)] = &embeddedFont{name: path.Base(name), ps: ps, font: f}
	}
	families := map[string][]cssFace{}
	referenced := map[string]bool{}
	for _, m := range fontFaceRule.FindAllStringSubmatch(css, -1) {
		var face cssFace
		for _, p := range cssProp.FindAllStringSubmatch(m[1], -1) {
			switch p[1] {
			case "font-family":
				face.family = strings.Trim(p[2], `"`)
			case "font-weight":
				face.bold = p[2] == "bold"
			case "font-style":
				face.italic = p[2] == "italic"
			case "src":
				u := cssURL.FindStringSubmatch(p[2])
				if u == nil {
					t.Errorf("@font-face src %s", p[2])
					continue
				}
				face.font = embedded[u[1]]
				referenced[u[1]] = true
				if face.font == nil {
					t.Errorf("@font-face names missing font %s", u[1])
				}
			}
		}
		families[face.family] = append(families[face.family], face)
	}
	for name := range embedded {
		if !referenced[name] {
			t.Errorf("fonts/%s is embedded but no @font-face uses it", name)
		}
	}
	stacks := map[fonts.Role][]string{}
	for _, m := range stackRule.FindAllStringSubmatch(css, -1) {
		role := map[string]fonts.Role{"body": fonts.Body, "h1, h2, h3, h4, h5, h6": fonts.Heading, "code, kbd, pre": fonts.Code}[m[1]]
		var stack []string
		for _, f := range strings.Split(m[2], ", ") {
			stack = append(stack, strings.Trim(f, `"`))
		}
		stacks[role] = stack // the last rule wins, as in the cascade
	}

	var buf sfnt.Buffer
	// render returns the font a reading system draws r with, or nil when
	// it falls back to the generic family (a system font).
	render := func(role fonts.Role, bold, italic bool, r rune) *embeddedFont {
		for _, family := range stacks[role] {
			face := match(families[family], bold, italic)
			if face == nil || face.font == nil {
				continue
			}
			if g, err := face.font.font.GlyphIndex(&buf, r); err == nil && g != 0 {
				return face.font
			}
		}
		return nil
	}
	type key struct {
		r      rune
		role   fonts.Role
		style  fonts.Style
		doc    string
		got    string
		chosen string
	}
	problems := map[key]bool{}
	checked := 0
	docs := make([]string, 0, len(files))
	for name := range files {
		if strings.HasSuffix(name, ".xhtml") {
			docs = append(docs, name)
		}
	}
	sort.Strings(docs)
	for _, name := range docs {
		walkXHTML(t, name, files[name], func(role fonts.Role, bold, italic bool, text string) {
			style := fonts.Regular
			if bold {
				style |= fonts.Bold
			}
			if italic {
				style |= fonts.Italic
			}
			for _, r := range text {
				if !set.NeedsGlyph(r) {
					continue
				}
				checked++
				got := render(role, bold, italic, r)
				chosen := set.Face(role, style, r)
				g, c := "a system font", "no face (a missing character)"
				if got != nil {
					g = got.ps + " (" + got.name + ")"
				}
				if chosen != nil {
					c = chosen.PostScriptName
				}
				if got == nil && chosen == nil || got != nil && chosen != nil && got.ps == chosen.PostScriptName {
					continue
				}
				problems[key{r, role, style, name, g, c}] = true
			}
		})
	}
	if checked == 0 {
		t.Error("no character checked")
	}
	var msgs []string
	for k := range problems {
		msgs = append(msgs, fmt.Sprintf("%s: %q (U+%04X) in %s %s is drawn with %s, but the fonts package chose %s", k.doc, k.r, k.r, k.role, k.style, k.got, k.chosen))
	}
	sort.Strings(msgs)
	if len(msgs) > 20 {
		msgs = append(msgs[:20], fmt.Sprintf("... and %d more", len(msgs)-20))
	}
	for _, m := range msgs {
		t.Error(m)
	}
}

// match is CSS font matching within a family (CSS Fonts 4, 5.2): the style
// first (italic faces for italic text, else normal ones; normal text falls
// back to italic faces), then the weight (bold wants 700, else the closest,
// and normal wants 400, else 700).
func match(faces []cssFace, bold, italic bool) *cssFace {
	var styled []cssFace
	for _, wantItalic := range []bool{italic, !italic} {
		for _, f := range faces {
			if f.italic == wantItalic {
				styled = append(styled, f)
			}
		}
		if len(styled) > 0 {
			break
		}
	}
	for _, wantBold := range []bool{bold, !bold} {
		for i := range styled {
			if styled[i].bold == wantBold {
				return &styled[i]
			}
		}
	}
	return nil
}

// walkXHTML calls fn for each piece of text an XHTML document of the EPUB
// renders, with the role and style the style sheet gives it: headings are
// the heading role and bold; code, kbd and pre the code role; strong, b,
// th, dt and the part titles of the contents bold; em and i italic, except
// em.cjk, upright and marked with dots (the dot, U+2022, drawn in the
// element's font); the image-missing span italic;
// the task box upright and regular. Hidden elements, the head and, in SVG,
// everything but text elements are not rendered.
func walkXHTML(t *testing.T, name string, data []byte, fn func(role fonts.Role, bold, italic bool, text string)) {
	t.Helper()
	type state struct {
		role         fonts.Role
		bold, italic bool
		lang         string
		hidden       bool
		svg, svgText bool
		toc          bool
		em           bool // em.cjk: emphasis dots
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	stack := []state{{role: fonts.Body}}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			s := stack[len(stack)-1]
			s.em = false
			attr := map[string]string{}
			for _, a := range tok.Attr {
				attr[a.Name.Local] = a.Value
			}
			if l := attr["lang"]; l != "" {
				s.lang = l
			}
			class := " " + attr["class"] + " "
			switch el := tok.Name.Local; {
			case el == "head" || attr["hidden"] != "":
				s.hidden = true
			case el == "svg":
				s.svg = true
			case s.svg && el == "text":
				s.svgText = true
			case len(el) == 2 && el[0] == 'h' && el[1] >= '1' && el[1] <= '6':
				s.role, s.bold = fonts.Heading, true
			case el == "code" || el == "kbd" || el == "pre":
				s.role = fonts.Code
			case el == "strong" || el == "b" || el == "th" || el == "dt":
				s.bold = true
			case el == "em" && strings.Contains(class, " cjk "):
				s.em = true // upright, with dots (em.cjk)
			case el == "em" || el == "i":
				s.italic = true
			case el == "nav" && attr["id"] == "toc":
				s.toc = true
			case el == "span" && strings.Contains(class, " task "):
				s.bold, s.italic = false, false
			case el == "span" && strings.Contains(class, " image-missing "):
				s.italic = true
			case el == "span" && s.toc:
				s.bold = true
			}
			stack = append(stack, s)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			s := stack[len(stack)-1]
			if s.hidden || s.svg && !s.svgText {
				continue
			}
			text := string(tok)
			if s.em && strings.TrimSpace(text) != "" {
				text += "•"
			}
			fn(s.role, s.bold, s.italic, text)
		}
	}
}
