// Package highlight splits code listings into classed tokens with chroma and
// defines the colours of each class, so that the EPUB (through CSS classes)
// and the PDF (through colours) show the same theme.
package highlight

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/gobook/ebook/pipeline/doc"
)

// Highlighter splits listings into tokens, remembering which lexer each
// language name gives: finding chroma's lexer for a name costs 10 to 14 ms
// when it names none (every lexer's file patterns are tried), which a
// book with hundreds of listings in a language chroma does not know paid
// for each of them. A Highlighter is safe for concurrent use; the loader
// of a book owns one (book.Options, book.Cache).
type Highlighter struct {
	lexers sync.Map // lower-case name → chroma.Lexer, nil for none
}

// New returns a Highlighter with nothing looked up yet.
func New() *Highlighter { return &Highlighter{} }

// Tokens splits code in language lang (as written after the opening fence,
// case-insensitive) into tokens. An unknown or empty language gives the code
// as one plain token.
func (h *Highlighter) Tokens(lang, code string) *doc.Tokens {
	if lang == "" {
		return plain(code)
	}
	name := strings.ToLower(lang)
	if name == "go" || name == "golang" {
		return goTokens(code)
	}
	var lexer chroma.Lexer
	if v, ok := h.lexers.Load(name); ok {
		lexer, _ = v.(chroma.Lexer)
	} else {
		lexer = lexers.Get(name)
		h.lexers.Store(name, lexer)
	}
	return lexerTokens(lexer, code)
}

// Tokens is New().Tokens, for a listing or two: a book's listings go
// through its loader's Highlighter.
func Tokens(lang, code string) *doc.Tokens {
	return New().Tokens(lang, code)
}

// plain returns code as one token of plain text.
func plain(code string) *doc.Tokens {
	return doc.NewTokens(code, []doc.Token{{End: uint32(len(code))}}, classes.names)
}

func lexerTokens(lexer chroma.Lexer, code string) *doc.Tokens {
	if lexer == nil {
		return plain(code)
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return plain(code)
	}
	out := tokens{code: code}
	for t := it(); t != chroma.EOF; t = it() {
		out.add(classes.of(t.Type), t.Value)
	}
	return out.list()
}

// tokens collects the tokens of a listing, those of one class in a row
// joined. The tokens split the listing's code itself, sharing its memory,
// rather than copies: a book's tokens are held for the whole build (every
// writer reads them), and copies of every token, and of every joined pair,
// made them as large as the listings three times over.
type tokens struct {
	code string
	out  []doc.Token
	end  int // where the last token ends
	// changed is the lexer's text once it stopped matching code (a lexer
	// that turns \r\n into \n): the tokens then split it instead.
	changed *strings.Builder
}

func (t *tokens) add(class uint8, text string) {
	if text == "" {
		return
	}
	if t.changed == nil && !strings.HasPrefix(t.code[t.end:], text) {
		// Lexers end the last line with a newline the code may not
		// have: it is not part of the listing.
		if text == t.code[t.end:]+"\n" {
			text = text[:len(text)-1]
			if text == "" {
				return
			}
		} else {
			t.changed = &strings.Builder{}
			t.changed.WriteString(t.code[:t.end])
		}
	}
	if t.changed != nil {
		t.changed.WriteString(text)
	}
	t.end += len(text)
	if n := len(t.out); n > 0 && t.out[n-1].Class == class {
		t.out[n-1].End = uint32(t.end)
	} else {
		t.out = append(t.out, doc.Token{End: uint32(t.end), Class: class})
	}
}

// list returns the tokens, in a slice of their number exactly: held for
// the whole build, a grown slice's spare room would be a third of it.
func (t *tokens) list() *doc.Tokens {
	text := t.code[:t.end]
	if t.changed != nil {
		text = t.changed.String()
		if n := len(t.out); !strings.HasSuffix(t.code, "\n") && strings.HasSuffix(text, "\n") {
			// The newline the lexer added, as above.
			text = text[:len(text)-1]
			t.out[n-1].End--
			start := uint32(0)
			if n > 1 {
				start = t.out[n-2].End
			}
			if t.out[n-1].End == start { // the newline was all of it
				t.out = t.out[:n-1]
			}
		}
		text = strings.Clone(text) // without the builder's spare room
	}
	var list []doc.Token
	if len(t.out) > 0 {
		list = append(make([]doc.Token, 0, len(t.out)), t.out...)
	}
	return doc.NewTokens(text, list, classes.names)
}

// Known reports whether lang names a language the highlighter knows.
func Known(lang string) bool {
	return lang != "" && lexers.Get(strings.ToLower(lang)) != nil
}

// classTable numbers the classes of tokens, as doc.Token's Class does.
type classTable struct {
	names  []string                   // "" (plain text) first, then every class className gives, sorted
	byType map[chroma.TokenType]uint8 // the number of className(tt) for each of chroma's types
}

// classes is the table of every listing's tokens, built once, read-only.
var classes = newClassTable()

func newClassTable() classTable {
	seen := map[string]bool{"": true}
	names := []string{""}
	for tt := range chroma.StandardTypes {
		if c := className(tt); !seen[c] {
			seen[c] = true
			names = append(names, c)
		}
	}
	sort.Strings(names[1:])
	if len(names) > math.MaxUint8+1 {
		panic(fmt.Sprintf("highlight: %d classes do not fit in doc.Token's Class", len(names)))
	}
	number := make(map[string]uint8, len(names))
	for i, c := range names {
		number[c] = uint8(i)
	}
	byType := make(map[chroma.TokenType]uint8, len(chroma.StandardTypes))
	for tt := range chroma.StandardTypes {
		byType[tt] = number[className(tt)]
	}
	return classTable{names: names, byType: byType}
}

// of returns the number of a token type's class.
func (c classTable) of(tt chroma.TokenType) uint8 {
	if n, ok := c.byType[tt]; ok {
		return n
	}
	// A type chroma does not name: its category's class, found by name.
	name := className(tt)
	for i, c := range c.names {
		if c == name {
			return uint8(i)
		}
	}
	return 0
}

// className returns the CSS class of a token type: its own, or its
// category's when it has none; plain text has none.
func className(tt chroma.TokenType) string {
	switch tt {
	case chroma.Text, chroma.Whitespace, chroma.Other, chroma.Background:
		return ""
	}
	if c, ok := chroma.StandardTypes[tt]; ok {
		return c
	}
	if c, ok := chroma.StandardTypes[tt.SubCategory()]; ok {
		return c
	}
	return chroma.StandardTypes[tt.Category()]
}

// Theme is the colour scheme of listings: a light one for print and day
// reading, a dark one for night mode.
type Theme struct {
	Light, Dark *chroma.Style
}

// DefaultTheme is GitHub's: readers of a Go book know it from the web.
func DefaultTheme() Theme {
	return Theme{Light: styles.Get("github"), Dark: styles.Get("github-dark")}
}

// RGB is a colour.
type RGB struct{ R, G, B uint8 }

// Look is how a class is drawn.
type Look struct {
	Color        RGB
	HasColor     bool
	Bold, Italic bool
}

// Look returns how tokens of class are drawn in the light theme by the
// PDF, which paints no token backgrounds. A class with a background of its
// own (GitHub's errors: near-white on dark red) is drawn in the colour of
// that background, made legible on the box: its own colour, chosen for its
// background, would not show on the box at all (the quotes of a C
// multi-character constant, 'hell', vanished from the page).
func (t Theme) Look(class string) Look {
	tt, ok := typeOf(class)
	if !ok {
		return Look{}
	}
	e := t.Light.Get(tt)
	l := Look{Bold: e.Bold == chroma.Yes, Italic: e.Italic == chroma.Yes}
	c := e.Colour
	if _, bg := box(t.Light); e.Background.IsSet() && e.Background != bg {
		c = legible(e.Background, bg)
	}
	if c.IsSet() {
		l.Color, l.HasColor = rgbOf(c), true
	}
	return l
}

func typeOf(class string) (chroma.TokenType, bool) {
	for tt, c := range chroma.StandardTypes {
		if c == class && class != "" {
			return tt, true
		}
	}
	return 0, false
}

// WriteCSS writes the listing box and its token classes under selector:
// the light scheme, then the dark scheme for readers in night mode.
//
// Each scheme sets the box's background and text colour together with every
// class's colour, background, weight, slant and underline, so that no token
// colour depends on a background the reader chooses: a reader that paints
// its page black but keeps the light scheme shows a light box, one that
// reports a dark scheme on a white page shows a dark box, and a converter
// that drops the media query's condition (calibre, for AZW3) applies the
// whole dark block over the light one and gets light on dark throughout.
func (t Theme) WriteCSS(w io.Writer, selector string) error {
	light, dark := t.Light, t.Dark
	classes := cssClasses()
	if err := writeScheme(w, light, dark, classes, selector, ""); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "@media (prefers-color-scheme: dark) {\n"); err != nil {
		return err
	}
	if err := writeScheme(w, dark, light, classes, selector, "  "); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "}\n")
	return err
}

// WriteScheme writes the box and token classes of one scheme (the dark one
// when dark is set) under selector, each line after indent, with the same
// properties WriteCSS sets: for pages that choose the scheme themselves
// (the website's theme toggle).
func (t Theme) WriteScheme(w io.Writer, selector string, dark bool, indent string) error {
	s, other := t.Light, t.Dark
	if dark {
		s, other = other, s
	}
	return writeScheme(w, s, other, cssClasses(), selector, indent)
}

// minContrast is WCAG 2 AA's for text.
const minContrast = 4.5

// box returns the colours of a style's listing box: its background, white
// when the style has none, and its text colour, black or white, whichever
// reads better, when the style has none.
func box(s *chroma.Style) (fg, bg chroma.Colour) {
	e := s.Get(chroma.Background)
	bg = e.Background
	if !bg.IsSet() {
		bg = chroma.NewColour(0xff, 0xff, 0xff)
	}
	fg = e.Colour
	if !fg.IsSet() {
		fg = chroma.NewColour(0, 0, 0)
		if Contrast(rgbOf(fg), rgbOf(bg)) < Contrast(RGB{0xff, 0xff, 0xff}, rgbOf(bg)) {
			fg = chroma.NewColour(0xff, 0xff, 0xff)
		}
	}
	return fg, bg
}

// cssClasses returns the classes written, sorted: every class of a token
// type a lexer emits (not chroma's formatter-only types such as line
// numbers, which listings do not have).
func cssClasses() []chroma.TokenType {
	var out []chroma.TokenType
	for tt, class := range chroma.StandardTypes {
		if class == "" || className(tt) != class || tt < 0 && tt != chroma.Error {
			continue
		}
		out = append(out, tt)
	}
	sort.Slice(out, func(i, j int) bool { return chroma.StandardTypes[out[i]] < chroma.StandardTypes[out[j]] })
	return out
}

// writeScheme writes the box and the classes of style s. other is the other
// scheme: a property either sets is written in both, so that applying both
// blocks in order (as a converter that ignores media queries does) gives the
// second scheme whole, never a mixture.
func writeScheme(w io.Writer, s, other *chroma.Style, classes []chroma.TokenType, selector, indent string) error {
	fg, bg := box(s)
	ofg, obg := box(other)
	if _, err := fmt.Fprintf(w, "%s%s { color: %s; background-color: %s }\n", indent, selector, fg, bg); err != nil {
		return err
	}
	for _, tt := range classes {
		e, o := s.Get(tt), other.Get(tt)
		ownFg := e.Colour.IsSet() && e.Colour != fg
		ownBg := e.Background.IsSet() && e.Background != bg
		otherFg := o.Colour.IsSet() && o.Colour != ofg
		otherBg := o.Background.IsSet() && o.Background != obg
		var decls []string
		if ownFg || otherFg || ownBg || otherBg {
			c, under := fg, bg
			if ownBg {
				under = e.Background
			}
			if ownFg {
				c = e.Colour
			}
			decls = append(decls, "color: "+legible(c, under).String())
		}
		if ownBg || otherBg {
			v := "transparent"
			if ownBg {
				v = e.Background.String()
			}
			decls = append(decls, "background-color: "+v)
		}
		for _, p := range []struct {
			own, oth      chroma.Trilean
			prop, on, off string
		}{
			{e.Bold, o.Bold, "font-weight", "bold", "normal"},
			{e.Italic, o.Italic, "font-style", "italic", "normal"},
			{e.Underline, o.Underline, "text-decoration", "underline", "none"},
		} {
			switch {
			case p.own == chroma.Yes:
				decls = append(decls, p.prop+": "+p.on)
			case p.oth == chroma.Yes:
				decls = append(decls, p.prop+": "+p.off)
			}
		}
		if len(decls) > 0 {
			if _, err := fmt.Fprintf(w, "%s%s .%s { %s }\n", indent, selector, chroma.StandardTypes[tt], strings.Join(decls, "; ")); err != nil {
				return err
			}
		}
	}
	return nil
}

// legible returns c, or when it reads at less than WCAG AA's contrast on
// bg, c moved towards black (on a light bg) or white (on a dark one) just
// far enough. GitHub's own palettes have a few such colours (a builtin's
// grey on the light box).
func legible(c, bg chroma.Colour) chroma.Colour {
	b := rgbOf(bg)
	target := RGB{}
	if Contrast(RGB{0xff, 0xff, 0xff}, b) > Contrast(RGB{}, b) {
		target = RGB{0xff, 0xff, 0xff}
	}
	from := rgbOf(c)
	for step := 0; step <= 100; step++ {
		f := float64(step) / 100
		mix := func(a, z uint8) uint8 { return uint8(float64(a) + (float64(z)-float64(a))*f + 0.5) }
		m := RGB{mix(from.R, target.R), mix(from.G, target.G), mix(from.B, target.B)}
		if Contrast(m, b) >= minContrast {
			return chroma.NewColour(m.R, m.G, m.B)
		}
	}
	return chroma.NewColour(target.R, target.G, target.B)
}

func rgbOf(c chroma.Colour) RGB { return RGB{c.Red(), c.Green(), c.Blue()} }

// Contrast is WCAG 2's contrast ratio of two colours, from 1 to 21.
func Contrast(a, b RGB) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is WCAG 2's relative luminance.
func luminance(c RGB) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}
