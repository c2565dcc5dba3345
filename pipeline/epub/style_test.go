package epub

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
)

// The contrast test reads the book's style sheet as a reading system would,
// with a small cascade of its own (compound selectors, descendant
// combinators, specificity, order, @media and @supports), and computes the
// WCAG contrast of the text of every element the sheet or the book's XHTML
// names, on every page a reader may show it on.

// cssRule is one style rule with the conditions of the at-rules around it.
type cssRule struct {
	selectors []string
	decls     [][2]string // property, value
	conds     []string    // "@media (prefers-color-scheme: dark)", ...
	order     int
}

// parseCSS splits a style sheet into its style rules; @font-face and
// @charset carry no colours and are skipped.
func parseCSS(t *testing.T, css string) []cssRule {
	t.Helper()
	for {
		i := strings.Index(css, "/*")
		if i < 0 {
			break
		}
		j := strings.Index(css[i+2:], "*/")
		if j < 0 {
			t.Fatal("style sheet: unclosed comment")
		}
		css = css[:i] + " " + css[i+2+j+2:]
	}
	var rules []cssRule
	var parse func(s string, conds []string)
	parse = func(s string, conds []string) {
		for {
			s = strings.TrimSpace(s)
			if s == "" {
				return
			}
			if strings.HasPrefix(s, "@charset") {
				s = s[strings.IndexByte(s, ';')+1:]
				continue
			}
			open := strings.IndexByte(s, '{')
			if open < 0 {
				t.Fatalf("style sheet: text after the last rule: %q", s)
			}
			prelude := strings.Join(strings.Fields(s[:open]), " ")
			// Find the matching brace.
			depth, end := 0, -1
			for k := open; k < len(s); k++ {
				if s[k] == '{' {
					depth++
				} else if s[k] == '}' {
					depth--
					if depth == 0 {
						end = k
						break
					}
				}
			}
			if end < 0 {
				t.Fatalf("style sheet: unclosed block after %q", prelude)
			}
			body := s[open+1 : end]
			s = s[end+1:]
			switch {
			case strings.HasPrefix(prelude, "@font-face"):
			case strings.HasPrefix(prelude, "@media"), strings.HasPrefix(prelude, "@supports"):
				parse(body, append(append([]string(nil), conds...), prelude))
			case strings.HasPrefix(prelude, "@"):
				t.Fatalf("style sheet: the test does not know %q", prelude)
			default:
				r := cssRule{conds: conds, order: len(rules)}
				for _, sel := range strings.Split(prelude, ",") {
					r.selectors = append(r.selectors, strings.TrimSpace(sel))
				}
				for _, d := range strings.Split(body, ";") {
					p, v, ok := strings.Cut(d, ":")
					if !ok {
						continue
					}
					v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
					r.decls = append(r.decls, [2]string{strings.ToLower(strings.TrimSpace(p)), v})
				}
				rules = append(rules, r)
			}
		}
	}
	parse(css, nil)
	return rules
}

// compound is one element of a selector or of a document: its tag ("" for
// any) and its other simple selectors (".listing", ":lang(zh)").
type compound struct {
	tag   string
	simps []string
}

func parseCompound(s string) compound {
	var c compound
	k := strings.IndexAny(s, ".#:[")
	if k < 0 {
		k = len(s)
	}
	c.tag = s[:k]
	if c.tag == "*" {
		c.tag = ""
	}
	for rest := s[k:]; rest != ""; {
		n := 1 + strings.IndexAny(rest[1:], ".#:[")
		if n == 0 {
			n = len(rest)
		}
		// Keep ":lang(zh)" and "[a=b]" whole, and "::x" as one.
		if strings.HasPrefix(rest, "::") {
			n = 2 + len(rest[2:])
			if m := strings.IndexAny(rest[2:], ".#:["); m >= 0 {
				n = 2 + m
			}
		}
		if p := strings.IndexByte(rest[:n], '('); p >= 0 {
			n = p + strings.IndexByte(rest[p:], ')') + 1
		}
		c.simps = append(c.simps, rest[:n])
		rest = rest[n:]
	}
	return c
}

// parseSelector reads a selector of compounds joined by descendant or child
// combinators (both are taken as descendant: the test only needs to know
// which rules may apply).
func parseSelector(s string) []compound {
	var out []compound
	for _, f := range strings.Fields(strings.ReplaceAll(s, ">", " ")) {
		out = append(out, parseCompound(f))
	}
	return out
}

func (sel compound) matches(el compound) bool {
	if sel.tag != "" && sel.tag != el.tag {
		return false
	}
	for _, s := range sel.simps {
		found := false
		for _, e := range el.simps {
			found = found || s == e
		}
		if !found {
			return false
		}
	}
	return true
}

// matches reports whether sel matches the last element of chain.
func selectorMatches(sel, chain []compound) bool {
	if len(sel) == 0 || !sel[len(sel)-1].matches(chain[len(chain)-1]) {
		return false
	}
	i := len(chain) - 2
	for k := len(sel) - 2; k >= 0; k-- {
		for i >= 0 && !sel[k].matches(chain[i]) {
			i--
		}
		if i < 0 {
			return false
		}
		i--
	}
	return true
}

func specificity(sel []compound) int {
	n := 0
	for _, c := range sel {
		if c.tag != "" {
			n++
		}
		for _, s := range c.simps {
			if strings.HasPrefix(s, "#") {
				n += 10000
			} else {
				n += 100
			}
		}
	}
	return n
}

type rgba struct{ r, g, b, a float64 }

var namedColours = map[string]rgba{
	"transparent": {0, 0, 0, 0},
	"none":        {0, 0, 0, 0},
	"black":       {0, 0, 0, 1},
	"white":       {255, 255, 255, 1},
}

// parseColour reads a CSS colour; ok is false for a value the test does not
// know, which fails it rather than passing something unchecked.
func parseColour(v string) (rgba, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	if c, ok := namedColours[v]; ok {
		return c, true
	}
	if strings.HasPrefix(v, "#") {
		h := v[1:]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		if len(h) != 6 {
			return rgba{}, false
		}
		n, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			return rgba{}, false
		}
		return rgba{float64(n >> 16), float64(n >> 8 & 0xff), float64(n & 0xff), 1}, true
	}
	for _, fn := range []string{"rgba(", "rgb("} {
		if strings.HasPrefix(v, fn) && strings.HasSuffix(v, ")") {
			parts := strings.Split(v[len(fn):len(v)-1], ",")
			if len(parts) < 3 || len(parts) > 4 {
				return rgba{}, false
			}
			var f [4]float64
			f[3] = 1
			for i, p := range parts {
				x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
				if err != nil {
					return rgba{}, false
				}
				f[i] = x
			}
			return rgba{f[0], f[1], f[2], f[3]}, true
		}
	}
	return rgba{}, false
}

// over composites c on an opaque bg.
func over(c, bg rgba) rgba {
	return rgba{c.r*c.a + bg.r*(1-c.a), c.g*c.a + bg.g*(1-c.a), c.b*c.a + bg.b*(1-c.a), 1}
}

func luminance(c rgba) float64 {
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.r) + 0.7152*lin(c.g) + 0.0722*lin(c.b)
}

func contrast(a, b rgba) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func (c rgba) String() string {
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(c.r)), int(math.Round(c.g)), int(math.Round(c.b)))
}

// scene is where a reader shows the book: whether it reports a dark colour
// scheme, whether it applies every rule whatever its condition (calibre's
// conversion to AZW3 does), and the page and text colours it sets itself.
type scene struct {
	name     string
	dark     bool
	flatten  bool
	page, fg rgba
	// noSupports is a reader that knows neither @supports nor what it
	// tests (Adobe's RMSDK); used for the emphasis fallback.
	noSupports bool
}

var (
	white = rgba{255, 255, 255, 1}
	black = rgba{0, 0, 0, 1}
)

var scenes = []scene{
	{name: "light", page: white, fg: black},
	{name: "dark", dark: true, page: black, fg: white},
	{name: "dark scheme on a white page", dark: true, page: white, fg: black},
	{name: "night mode (black page, light scheme)", page: black, fg: white},
	{name: "flattened (calibre), white page", flatten: true, page: white, fg: black},
	{name: "flattened (calibre), black page", flatten: true, page: black, fg: white},
}

// active reports whether a rule's conditions hold in s.
func (s scene) active(t *testing.T, r cssRule) bool {
	if s.flatten {
		return true
	}
	for _, c := range r.conds {
		switch {
		case strings.HasPrefix(c, "@supports"):
			// A modern reading system supports what is asked; an old one
			// (noSupports) skips the block, whatever it asks.
			if s.noSupports || strings.HasPrefix(c, "@supports not") {
				return false
			}
		case c == "@media (prefers-color-scheme: dark)":
			if !s.dark {
				return false
			}
		case c == "@media (prefers-color-scheme: light)":
			if s.dark {
				return false
			}
		default:
			t.Fatalf("style sheet: the test does not know the condition %q", c)
		}
	}
	return true
}

// colourProps are the properties that decide what text looks like on what.
var colourProps = map[string]bool{"color": true, "background": true, "background-color": true, "opacity": true}

// look is what an element's text is drawn in and on.
type look struct {
	fg, bg rgba
	why    string // the rules that gave the colours
}

// decl is the declaration that won the cascade for a property.
type decl struct {
	spec, order int
	sel, v      string
}

// cascade returns the declarations that apply to the last element of chain
// in s, by property.
func cascade(t *testing.T, rules []cssRule, s scene, chain []compound) map[string]decl {
	won := map[string]decl{}
	for _, r := range rules {
		if !s.active(t, r) {
			continue
		}
		for _, sel := range r.selectors {
			ps := parseSelector(sel)
			if !selectorMatches(ps, chain) {
				continue
			}
			h := decl{spec: specificity(ps), order: r.order, sel: sel}
			for _, d := range r.decls {
				p := d[0]
				if p == "background" {
					p = "background-color"
				}
				h.v = d[1]
				if old, ok := won[p]; !ok || old.spec < h.spec || old.spec == h.spec && old.order <= h.order {
					won[p] = h
				}
			}
		}
	}
	return won
}

// inherited returns the value of an inherited property for the last
// element of chain (html and body first), and "" when no rule sets it.
func inherited(t *testing.T, rules []cssRule, s scene, chain []compound, prop string) string {
	chain = append([]compound{{tag: "html"}, {tag: "body"}}, chain...)
	v := ""
	for i := range chain {
		if h, ok := cascade(t, rules, s, chain[:i+1])[prop]; ok && h.v != "inherit" {
			v = h.v
		}
	}
	return v
}

// compute runs the cascade down chain (html and body first) and returns
// the colour of the last element's text and of what is behind it.
func compute(t *testing.T, rules []cssRule, s scene, chain []compound) look {
	chain = append([]compound{{tag: "html"}, {tag: "body"}}, chain...)
	fg, bg, opacity := s.fg, s.page, 1.0
	var why []string
	for i := range chain {
		won := cascade(t, rules, s, chain[:i+1])
		if h, ok := won["background-color"]; ok {
			v := h.v
			if f := strings.Fields(v); len(f) > 0 && !strings.HasPrefix(v, "rgb") {
				v = f[0] // "background: none", "background: #fff url(x)"
			}
			c, ok := parseColour(v)
			if !ok {
				t.Errorf("%s: background %q: the test cannot read it", h.sel, h.v)
			}
			bg = over(c, bg)
			why = append(why, "background "+h.v+" from "+h.sel)
		}
		if h, ok := won["color"]; ok {
			switch strings.ToLower(h.v) {
			case "inherit", "currentcolor":
			default:
				c, ok := parseColour(h.v)
				if !ok {
					t.Errorf("%s: color %q: the test cannot read it", h.sel, h.v)
				}
				fg = c
				why = append(why, "color "+h.v+" from "+h.sel)
			}
		}
		if h, ok := won["opacity"]; ok {
			x, err := strconv.ParseFloat(h.v, 64)
			if err != nil {
				t.Errorf("%s: opacity %q: %v", h.sel, h.v, err)
			}
			opacity *= x
		}
	}
	fg = over(rgba{fg.r, fg.g, fg.b, fg.a * opacity}, bg)
	return look{fg: fg, bg: bg, why: strings.Join(why, "; ")}
}

// documentChains lists the element chains of XHTML documents: each
// element's tag and classes, from the body down.
func documentChains(t *testing.T, docs map[string][]byte) map[string][]compound {
	out := map[string][]compound{}
	for name, data := range docs {
		d := xml.NewDecoder(bytes.NewReader(data))
		d.Strict = false
		d.Entity = xml.HTMLEntity
		var stack []compound
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			switch e := tok.(type) {
			case xml.StartElement:
				c := compound{tag: e.Name.Local}
				for _, a := range e.Attr {
					if a.Name.Local == "class" {
						for _, cl := range strings.Fields(a.Value) {
							c.simps = append(c.simps, "."+cl)
						}
					}
				}
				stack = append(stack, c)
				if len(stack) > 2 { // below html and body
					chain := append([]compound(nil), stack[2:]...)
					out[chainKey(chain)] = chain
				}
			case xml.EndElement:
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			}
		}
		_ = name
	}
	return out
}

func chainKey(chain []compound) string {
	var parts []string
	for _, c := range chain {
		parts = append(parts, c.tag+strings.Join(c.simps, ""))
	}
	return strings.Join(parts, " ")
}

// TestStyleContrast computes, in every scene, the contrast of the text of
// every element a rule of the style sheet gives a colour, a background or
// an opacity, and of every element of a book with a listing, and fails
// under WCAG AA's 4.5:1.
func TestStyleContrast(t *testing.T) {
	b := loadBook(t, sampleBook(t))
	data, err := Write(b, Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	files := testenv.VerifyEPUB(t, data)
	rules := parseCSS(t, string(files["EPUB/css/book.css"]))

	chains := map[string][]compound{}
	for _, r := range rules {
		colours := false
		for _, d := range r.decls {
			colours = colours || colourProps[d[0]]
		}
		if !colours {
			continue
		}
		for _, sel := range r.selectors {
			if c := parseSelector(sel); len(c) > 0 && c[0].tag != "html" && c[0].tag != "body" {
				chains[chainKey(c)] = c
			}
		}
	}
	docs := map[string][]byte{}
	for name, data := range files {
		if strings.HasPrefix(name, "EPUB/xhtml/") {
			docs[name] = data
		}
	}
	for k, c := range documentChains(t, docs) {
		chains[k] = c
	}
	keys := make([]string, 0, len(chains))
	for k := range chains {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	const min = 4.5
	for _, s := range scenes {
		type bad struct {
			key string
			c   float64
			l   look
		}
		var bads []bad
		for _, k := range keys {
			l := compute(t, rules, s, chains[k])
			if c := contrast(l.fg, l.bg); c < min {
				bads = append(bads, bad{k, c, l})
			}
		}
		sort.SliceStable(bads, func(i, j int) bool { return bads[i].c < bads[j].c })
		for i, x := range bads {
			if i == 10 {
				t.Errorf("%s: and %d more under %.1f:1", s.name, len(bads)-i, min)
				break
			}
			t.Errorf("%s: %s: %s on %s is %.2f:1 (%s)", s.name, x.key, x.l.fg, x.l.bg, x.c, x.l.why)
		}
	}
}

// TestContrastArithmetic pins the cascade and the WCAG formula to known
// figures, so that a passing TestStyleContrast means something.
func TestContrastArithmetic(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"#000", "#fff", 21},
		{"#777", "#fff", 4.48},
		{"#e6edf3", "#ffffff", 1.18},
		{"#0a3069", "#000000", 1.64},
	} {
		a, _ := parseColour(tc.a)
		b, _ := parseColour(tc.b)
		if got := contrast(a, b); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
	rules := parseCSS(t, `p { color: #777 } @media (prefers-color-scheme: dark) { div p { color: #eee; background: none } }
		.x p.y { background-color: rgba(0, 0, 0, 0.5) } p.y { background-color: #fff }`)
	chain := parseSelector(".x p.y")
	for _, tc := range []struct {
		s      scene
		fg, bg string
	}{
		{scenes[0], "#777777", "#808080"},
		{scenes[1], "#777777", "#000000"}, // "div p" does not match: no div
		{scenes[4], "#777777", "#808080"},
	} {
		l := compute(t, rules, tc.s, chain)
		if l.fg.String() != tc.fg || l.bg.String() != tc.bg {
			t.Errorf("%s: got %s on %s, want %s on %s (%s)", tc.s.name, l.fg, l.bg, tc.fg, tc.bg, l.why)
		}
	}
}

// zh parses sel as a chain of elements in a Chinese book: :lang(zh)
// matches every one of them.
func zh(sel string) []compound {
	c := parseSelector(sel)
	for i := range c {
		c[i].simps = append(c[i].simps, ":lang(zh)")
	}
	return c
}

// TestStyleReading checks the rest of what the style sheet promises a
// reader, through the same cascade: links shown otherwise than by colour,
// long words broken at any width, only prose justified, and emphasis in
// Chinese visible where text-emphasis is not drawn.
func TestStyleReading(t *testing.T) {
	b := loadBook(t, sampleBook(t))
	data, err := Write(b, Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	rules := parseCSS(t, string(testenv.VerifyEPUB(t, data)["EPUB/css/book.css"]))
	modern, old := scenes[0], scenes[0]
	old.name, old.noSupports = "no @supports", true

	// own returns a property that is not inherited.
	own := func(s scene, chain []compound, prop string) string {
		return cascade(t, rules, s, append([]compound{{tag: "html"}, {tag: "body"}}, chain...))[prop].v
	}
	for _, tc := range []struct {
		name  string
		s     scene
		chain []compound
		prop  string
		get   func(scene, []compound, string) string
		ok    func(string) bool
	}{
		{"prose is justified", modern, zh("section p"), "text-align", nil, is("justify")},
		{"a table cell is not", modern, zh("section table tr td"), "text-align", nil, not("justify")},
		{"a table header is not", modern, zh("section table tr th"), "text-align", nil, not("justify")},
		{"a caption is not", modern, zh("section table caption"), "text-align", nil, not("justify")},
		{"a figure caption is not", modern, zh("section figure figcaption"), "text-align", nil, not("justify")},
		{"a listing is not", modern, zh("section pre.listing"), "text-align", nil, not("justify")},
		{"a heading is not", modern, zh("section h2"), "text-align", nil, not("justify")},
		{"inline code's spaces are not stretched", modern, zh("section p code"), "text-justify", nil, is("none")},
		{"a link is underlined", modern, zh("section p a"), "text-decoration", own, contains("underline")},
		{"an external link is underlined", modern, zh("section p a.external"), "text-decoration", own, contains("underline")},
		{"a long URL breaks anywhere", modern, zh("section p a.external"), "overflow-wrap", nil, is("anywhere")},
		{"long inline code breaks anywhere", modern, zh("section p code"), "overflow-wrap", nil, is("anywhere")},
		{"a table cell gives up long words", modern, zh("section table tr td"), "overflow-wrap", nil, is("anywhere")},
		{"any long word breaks", modern, zh("section p"), "overflow-wrap", nil, not("")},
		{"a listing wraps its lines", modern, zh("section pre.listing"), "white-space", nil, is("pre-wrap")},
		{"a listing breaks long tokens", modern, zh("section pre.listing code span.s"), "overflow-wrap", nil, is("anywhere")},
		{"a listing scrolls inside itself", modern, zh("section pre.listing"), "overflow-x", own, is("auto")},
		{"emphasis has dots", modern, zh("section p em.cjk"), "text-emphasis", nil, is("dot")},
		{"emphasis with dots is not bold", modern, zh("section p em.cjk"), "font-weight", own, not("bold")},
		{"emphasis without dots is bold", old, zh("section p em.cjk"), "font-weight", own, is("bold")},
	} {
		get := tc.get
		if get == nil {
			get = func(s scene, c []compound, p string) string { return inherited(t, rules, s, c, p) }
		}
		if v := get(tc.s, tc.chain, tc.prop); !tc.ok(v) {
			t.Errorf("%s (%s): %s is %q", tc.name, tc.s.name, tc.prop, v)
		}
	}
}

func is(want string) func(string) bool { return func(v string) bool { return v == want } }
func not(bad string) func(string) bool { return func(v string) bool { return v != bad } }
func contains(s string) func(string) bool {
	return func(v string) bool { return strings.Contains(v, s) }
}

// TestCalloutRuleContrast checks the callouts' rules, which are not text:
// each kind's colour at least 3:1 (WCAG's contrast for what is not text)
// on a white page and on a black one, as an e-reader may show either.
func TestCalloutRuleContrast(t *testing.T) {
	kinds := 0
	for _, r := range parseCSS(t, baseCSS) {
		for _, sel := range r.selectors {
			if !strings.HasPrefix(sel, "div.callout-") {
				continue
			}
			for _, d := range r.decls {
				if d[0] != "border-left-color" {
					continue
				}
				kinds++
				c, ok := parseColour(d[1])
				if !ok {
					t.Fatalf("%s: colour %q", sel, d[1])
				}
				for _, page := range []rgba{{255, 255, 255, 1}, {0, 0, 0, 1}} {
					if got := contrast(c, page); got < 3 {
						t.Errorf("%s: %s is %.2f:1 on %v, under 3:1", sel, d[1], got, page)
					}
				}
			}
		}
	}
	if kinds != 5 {
		t.Errorf("%d callout colours in the style sheet, want 5", kinds)
	}
}
