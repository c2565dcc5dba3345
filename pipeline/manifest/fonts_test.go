package manifest

import (
	"strings"
	"testing"
)

func TestParseFonts(t *testing.T) {
	src := `title: T
language: zh-CN
chapters: [a.md]
fonts:
  body:
    - fonts/Serif.ttf
    - file: fonts/Serif-Regular.ttf
      bold: fonts/Serif-Bold.ttf
      italic: {file: fonts/Serif.ttc, name: Serif Italic}
    - default
  code:
    - {file: fonts/Mono.ttc, index: 2}
  heading:
    - family: Noto Sans CJK SC
      weight: 700
font_paths: [fonts, /opt/fonts]
`
	m, diags := parseString(t, src)
	if m == nil || len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	body := m.Fonts.Body
	if h := m.Fonts.Heading; len(h) != 1 || h[0].Family != "Noto Sans CJK SC" || h[0].Weight == nil || *h[0].Weight != 700 || h[0].Pos.String() != "book.yaml:14:15" {
		t.Errorf("heading = %+v", m.Fonts.Heading)
	}
	if len(m.FontPaths) != 2 || m.FontPaths[1] != "/opt/fonts" {
		t.Errorf("font_paths = %q", m.FontPaths)
	}
	if len(body) != 3 || len(m.Fonts.Code) != 1 {
		t.Fatalf("fonts = %+v", m.Fonts)
	}
	if body[0].File != "fonts/Serif.ttf" || body[0].Default || body[0].Pos.String() != "book.yaml:6:7" || body[0].Key != "fonts.body[0]" {
		t.Errorf("body[0] = %+v", body[0])
	}
	if f := body[1]; f.File != "fonts/Serif-Regular.ttf" || f.Pos.String() != "book.yaml:7:13" ||
		f.Bold == nil || f.Bold.File != "fonts/Serif-Bold.ttf" || f.Bold.Pos.String() != "book.yaml:8:13" ||
		f.Italic == nil || f.Italic.Name != "Serif Italic" || f.Italic.Pos.String() != "book.yaml:9:22" || f.BoldItalic != nil {
		t.Errorf("body[1] = %+v, bold %+v, italic %+v", f, f.Bold, f.Italic)
	}
	if !body[2].Default || body[2].Pos.String() != "book.yaml:10:7" {
		t.Errorf("body[2] = %+v", body[2])
	}
	if c := m.Fonts.Code[0]; c.Index == nil || *c.Index != 2 || c.Regular().File != "fonts/Mono.ttc" || *c.Regular().Index != 2 {
		t.Errorf("code[0] = %+v", c)
	}
}

func TestFontsErrors(t *testing.T) {
	const head = "title: T\nlanguage: en\nchapters: [a.md]\n"
	tests := []struct {
		name, src string
		want      string // the one expected diagnostic
	}{
		{"empty chain", head + "fonts:\n  body: []\n", `book.yaml:5:9: error: fonts.body lists no fonts: name font files, or default for the built-in fonts`},
		{"default twice", head + "fonts:\n  code: [default, a.ttf, default]\n", `book.yaml:5:26: error: default appears twice in fonts.code`},
		{"default as a style", head + "fonts:\n  body:\n    - file: a.ttf\n      bold: default\n", `book.yaml:7:13: error: default stands for a whole chain, not for one face`},
		{"no file", head + "fonts:\n  body:\n    - bold: b.ttf\n", `book.yaml:6:7: error: font entry has no file: give the font file's path as file:`},
		{"outside", head + "fonts:\n  heading: [../fonts/a.ttf]\n", `book.yaml:5:13: error: font file "../fonts/a.ttf" is outside the book's folder`},
		{"absolute", head + "fonts:\n  body: [/usr/share/fonts/a.ttf]\n", `book.yaml:5:10: error: font file "/usr/share/fonts/a.ttf" is an absolute path`},
		{"style outside", head + "fonts:\n  body:\n    - file: a.ttf\n      italic: ../b.ttf\n", `book.yaml:7:15: error: italic font file "../b.ttf" is outside the book's folder`},
		{"negative index", head + "fonts:\n  body:\n    - file: a.ttc\n      index: -1\n", `book.yaml:7:14: error: index -1: faces of a collection are numbered from 0`},
		{"index and name", head + "fonts:\n  body:\n    - file: a.ttc\n      index: 1\n      name: A\n", `book.yaml:8:13: error: give the face of the collection by index or by name, not both`},
		{"index not a number", head + "fonts:\n  body:\n    - file: a.ttc\n      index: first\n", `book.yaml:7:14: error: "fonts.body[0].index" must be a whole number, not the text "first"`},
		{"unknown role", head + "fonts:\n  bdy: [a.ttf]\n", `book.yaml:5:3: error: unknown key "bdy" in "fonts" (did you mean "body"?)`},
		{"unknown entry key", head + "fonts:\n  body:\n    - file: a.ttf\n      size: 700\n", `book.yaml:7:7: error: unknown key "size" in "fonts.body[0]"`},
		{"weight of a file", head + "fonts:\n  body:\n    - file: a.ttf\n      weight: 700\n", `book.yaml:7:15: error: style: and weight: go with family:, the name of an installed font family; a font file is one face already`},
		{"family and file", head + "fonts:\n  body:\n    - family: Noto Serif CJK SC\n      file: a.ttf\n", `book.yaml:6:15: error: give a font by family: or by file:, not both`},
		{"family with bold", head + "fonts:\n  body:\n    - family: Noto Serif CJK SC\n      bold: a.ttf\n", `book.yaml:6:15: error: a family entry finds its bold and italic faces itself`},
		{"family style and weight", head + "fonts:\n  body:\n    - {family: Noto Serif CJK SC, style: Bold, weight: 700}\n", `book.yaml:6:56: error: give the face of the family by style or by weight, not both`},
		{"family weight out of range", head + "fonts:\n  body:\n    - {family: Noto Serif CJK SC, weight: 1200}\n", `book.yaml:6:43: error: weight 1200: a font weight is from 1 to 1000`},
		{"empty font path", head + "font_paths: [fonts, \"\"]\n", `book.yaml:4:21: error: font_paths lists an empty folder name`},
		{"chain is a file", head + "fonts:\n  body: a.ttf\n", `book.yaml:5:9: error: "fonts.body" must be a list, not the text "a.ttf"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, diags := parseString(t, tt.src)
			if m != nil {
				t.Errorf("Parse returned a manifest despite errors")
			}
			if len(diags) != 1 {
				t.Fatalf("got %d diagnostics, want 1:\n%v", len(diags), diags)
			}
			if got := diags[0].String(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %s\nwant %s...", got, tt.want)
			}
		})
	}
}

// TestFontsSchema checks that the schema and the decoder agree on fonts:.
func TestFontsSchema(t *testing.T) {
	schemas := compileSchemas(t)
	const head = "title: T\nlanguage: en\nchapters: [a.md]\n"
	cases := []struct {
		name, src string
		valid     bool
	}{
		{"files and default", head + "fonts: {body: [a.ttf, default], heading: [b.ttc], code: [default]}\n", true},
		{"family", head + "fonts:\n  body:\n    - file: a.ttf\n      bold: b.ttf\n      italic: {file: c.ttc, index: 1}\n      bold_italic: {file: d.ttc, name: D}\n", true},
		{"collection by name", head + "fonts: {code: [{file: m.ttc, name: Mono}]}\n", true},
		{"no values", head + "fonts:\n  body:\n", true},
		{"empty chain", head + "fonts: {body: []}\n", false},
		{"unknown role", head + "fonts: {bdy: [a.ttf]}\n", false},
		{"unknown key", head + "fonts: {body: [{file: a.ttf, weight: 7}]}\n", false},
		{"index and name", head + "fonts: {body: [{file: a.ttc, index: 0, name: A}]}\n", false},
		{"negative index", head + "fonts: {body: [{file: a.ttc, index: -2}]}\n", false},
		{"absolute path", head + "fonts: {body: [/a.ttf]}\n", false},
		{"backslash", head + "fonts: {body: ['f\\a.ttf']}\n", false},
		{"no file", head + "fonts: {body: [{bold: a.ttf}]}\n", false},
	}
	for _, c := range cases {
		_, diags := parseString(t, c.src)
		if goOK := len(diags) == 0; goOK != c.valid {
			t.Errorf("%s: the decoder says valid=%v (%v), want %v", c.name, goOK, diags, c.valid)
		}
		if ok, err := validate(t, schemas, c.name, []byte(c.src)); ok != c.valid {
			t.Errorf("%s: the schema says valid=%v (%v), want %v", c.name, ok, err, c.valid)
		}
	}
}
