// Package highlight splits code listings into classed tokens with chroma and
// defines the colours of each class, so that the EPUB (through CSS classes)
// and the PDF (through colours) show the same theme.
package highlight

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/gobook/ebook/pipeline/doc"
)

// Token is a piece of a listing with its highlighting class: chroma's short
// class name ("k" for a keyword, "c1" for a comment), or "" for plain text.
type Token = doc.Token

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
func (h *Highlighter) Tokens(lang, code string) []Token {
	if lang == "" {
		return []Token{{Text: code}}
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
func Tokens(lang, code string) []Token {
	return New().Tokens(lang, code)
}

func lexerTokens(lexer chroma.Lexer, code string) []Token {
	if lexer == nil {
		return []Token{{Text: code}}
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return []Token{{Text: code}}
	}
	var out []Token
	for t := it(); t != chroma.EOF; t = it() {
		if t.Value == "" {
			continue
		}
		class := className(t.Type)
		if n := len(out); n > 0 && out[n-1].Class == class {
			out[n-1].Text += t.Value
			continue
		}
		out = append(out, Token{Class: class, Text: t.Value})
	}
	// Lexers end the last line with a newline the code may not have.
	if n := len(out); n > 0 && !strings.HasSuffix(code, "\n") && strings.HasSuffix(out[n-1].Text, "\n") {
		out[n-1].Text = strings.TrimSuffix(out[n-1].Text, "\n")
		if out[n-1].Text == "" {
			out = out[:n-1]
		}
	}
	return out
}

// Known reports whether lang names a language the highlighter knows.
func Known(lang string) bool {
	return lang != "" && lexers.Get(strings.ToLower(lang)) != nil
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

// Look returns how tokens of class are drawn in the light theme.
func (t Theme) Look(class string) Look {
	tt, ok := typeOf(class)
	if !ok {
		return Look{}
	}
	e := t.Light.Get(tt)
	l := Look{Bold: e.Bold == chroma.Yes, Italic: e.Italic == chroma.Yes}
	if e.Colour.IsSet() {
		l.Color, l.HasColor = RGB{e.Colour.Red(), e.Colour.Green(), e.Colour.Blue()}, true
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

// WriteCSS writes the rules for the token classes under selector, the light
// theme first, then the dark theme for readers in night mode.
func (t Theme) WriteCSS(w io.Writer, selector string) error {
	if err := writeRules(w, t.Light, selector, ""); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "@media (prefers-color-scheme: dark) {\n")
	if err != nil {
		return err
	}
	if err := writeRules(w, t.Dark, selector, "  "); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "}\n")
	return err
}

func writeRules(w io.Writer, s *chroma.Style, selector, indent string) error {
	type rule struct{ class, decls string }
	var rules []rule
	for tt, class := range chroma.StandardTypes {
		if class == "" || className(tt) != class {
			continue
		}
		e := s.Get(tt)
		var decls []string
		if e.Colour.IsSet() {
			decls = append(decls, "color: "+e.Colour.String())
		}
		if e.Bold == chroma.Yes {
			decls = append(decls, "font-weight: bold")
		}
		if e.Italic == chroma.Yes {
			decls = append(decls, "font-style: italic")
		}
		if e.Underline == chroma.Yes {
			decls = append(decls, "text-decoration: underline")
		}
		if len(decls) > 0 {
			rules = append(rules, rule{class, strings.Join(decls, "; ")})
		}
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].class < rules[j].class })
	for _, r := range rules {
		if _, err := fmt.Fprintf(w, "%s%s .%s { %s }\n", indent, selector, r.class, r.decls); err != nil {
			return err
		}
	}
	return nil
}
