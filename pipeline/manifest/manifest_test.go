package manifest

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/diag"
)

func parseString(t *testing.T, src string) (*Manifest, []diag.Diagnostic) {
	t.Helper()
	var d diag.List
	m := Parse("book.yaml", []byte(src), &d)
	return m, d.Items()
}

func TestParseValid(t *testing.T) {
	src := `title: Advanced Go Programming
subtitle: CGO, assembly and RPC
authors: [chai2010, Cao Chunhui]
language: zh-CN
publisher: Example Press
rights: CC BY-NC-SA 4.0
description: A book about Go.
subjects: [Go, programming]
date: 2018-08-01
cover: images/cover.png
front:
  - preface.md
chapters:
  - part: 第一部分
    file: part1.md
    chapters:
      - file: ch1.md
        title: Chapter One
        sections:
          - ch1/s1.md
          - file: ch1/s2.md
            sections: [ch1/s2a.md]
  - ch2.md
appendices: [appendix.md]
back:
  - file: colophon.md
output:
  name: advanced-go
  toc_depth: 3
`
	m, diags := parseString(t, src)
	if len(diags) != 0 || m == nil {
		t.Fatalf("diagnostics: %v", diags)
	}
	if m.Title != "Advanced Go Programming" || m.Subtitle != "CGO, assembly and RPC" || m.Language != "zh-CN" {
		t.Errorf("metadata: %+v", m)
	}
	if got := strings.Join(m.Authors, "|"); got != "chai2010|Cao Chunhui" {
		t.Errorf("authors = %q", got)
	}
	if m.Date != "2018-08-01" {
		t.Errorf("date = %q (a YAML timestamp must stay as written)", m.Date)
	}
	if m.TOCDepth() != 3 || m.Output.Name != "advanced-go" {
		t.Errorf("output = %+v", m.Output)
	}
	part := m.Chapters[0]
	if !part.IsPart() || part.Part != "第一部分" || part.File != "part1.md" || len(part.Chapters) != 1 {
		t.Fatalf("part = %+v", part)
	}
	ch1 := part.Chapters[0]
	if ch1.Title != "Chapter One" || len(ch1.Sections) != 2 || ch1.Sections[0].File != "ch1/s1.md" {
		t.Errorf("chapter = %+v", ch1)
	}
	if got := ch1.Sections[1].Sections[0].File; got != "ch1/s2a.md" {
		t.Errorf("nested section = %q", got)
	}
	if ch1.Key != "chapters[0].chapters[0]" || ch1.Pos.Line != 17 {
		t.Errorf("key %q at %v", ch1.Key, ch1.Pos)
	}
	if m.Chapters[1].File != "ch2.md" || m.Chapters[1].Pos.Line != 23 || m.Chapters[1].Pos.Col != 5 {
		t.Errorf("shorthand entry = %+v", m.Chapters[1])
	}
	if p := m.Pos("output.toc_depth"); p.Line != 29 || p.Col != 14 {
		t.Errorf("position of output.toc_depth = %v", p)
	}
}

// TestVariables checks variables: (the values of {{ book.NAME }}): every
// scalar as written, and the position of each value.
func TestVariables(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // name=value, sorted
		pos       string // the position of variables.version
	}{
		{"none", "", "", ""},
		{"empty", "variables:\n", "", ""},
		{"scalars", "variables:\n  version: 1.20\n  draft: true\n  name: 'Go 语言'\n  year: 2024\n  nothing:\n",
			"draft=true name=Go 语言 nothing= version=1.20 year=2024", "book.yaml:5:12"},
		{"flow", "variables: {version: '1.2'}\n", "version=1.2", "book.yaml:4:22"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, diags := parseString(t, "title: T\nlanguage: en\nchapters: [a.md]\n"+tt.src)
			if len(diags) != 0 || m == nil {
				t.Fatalf("diagnostics: %v", diags)
			}
			var got []string
			for k, v := range m.Variables {
				got = append(got, k+"="+v)
			}
			sort.Strings(got)
			if strings.Join(got, " ") != tt.want {
				t.Errorf("variables = %q, want %q", strings.Join(got, " "), tt.want)
			}
			p := m.Pos("variables.version")
			if s := p.String(); p.Line != 0 && s != tt.pos || p.Line == 0 && tt.pos != "" {
				t.Errorf("position of variables.version = %s, want %s", s, tt.pos)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	m, diags := parseString(t, "title: T\nlanguage: en\nchapters: [a.md]\n")
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if m.TOCDepth() != DefaultTOCDepth {
		t.Errorf("toc depth %d", m.TOCDepth())
	}
	m0, _ := parseString(t, "title: T\nlanguage: en\nchapters: [a.md]\noutput: {toc_depth: 0}\n")
	if m0.TOCDepth() != 0 {
		t.Errorf("toc_depth: 0 gave %d", m0.TOCDepth())
	}
}

func TestBookID(t *testing.T) {
	a, _ := parseString(t, "title: T\nauthors: [x]\nlanguage: en\nchapters: [a.md]\n")
	b, _ := parseString(t, "# another file, same book\ntitle: T\nauthors: [x]\nlanguage: en\nchapters: [b.md]\n")
	c, _ := parseString(t, "title: T\nauthors: [y]\nlanguage: en\nchapters: [a.md]\n")
	d, _ := parseString(t, "title: T\nlanguage: en\nidentifier: isbn:9787115493491\nchapters: [a.md]\n")
	if !strings.HasPrefix(a.BookID(), "urn:uuid:") || a.BookID() != b.BookID() {
		t.Errorf("derived ids differ for the same title and authors: %s %s", a.BookID(), b.BookID())
	}
	if a.BookID() == c.BookID() {
		t.Errorf("different authors, same id %s", a.BookID())
	}
	if d.BookID() != "isbn:9787115493491" {
		t.Errorf("given identifier not used: %s", d.BookID())
	}
	// The UUID is version 5 (name-based), never random.
	if v := a.BookID()[len("urn:uuid:")+14]; v != '5' {
		t.Errorf("UUID version %c in %s", v, a.BookID())
	}
}

func TestParseErrors(t *testing.T) {
	const head = "title: T\nlanguage: en\n"
	tests := []struct {
		name, src string
		want      string // the one expected diagnostic
	}{
		{"empty file", "", "book.yaml: error: the manifest is empty"},
		{"only comments", "# nothing\n", "book.yaml: error: the manifest is empty"},
		{"invalid YAML", "title: T\n  language: en\n", "book.yaml:2: error: invalid YAML: mapping values are not allowed"},
		{"unknown key", head + "titel: x\nchapters: [a.md]\n", `book.yaml:3:1: error: unknown key "titel" in the manifest (did you mean "title"?)`},
		{"unknown nested key", head + "chapters:\n  - file: a.md\n    sectons: [b.md]\n", `book.yaml:5:5: error: unknown key "sectons" in "chapters[0]" (did you mean "sections"?)`},
		{"wrong type list", "title: T\nlanguage: en\nauthors: chai2010\nchapters: [a.md]\n", `book.yaml:3:10: error: "authors" must be a list, not the text "chai2010"`},
		{"wrong type scalar", "title: [a, b]\nlanguage: en\nchapters: [a.md]\n", `book.yaml:1:8: error: "title" must be a text value, not a list`},
		{"wrong type int", head + "chapters: [a.md]\noutput: {toc_depth: deep}\n", `book.yaml:4:21: error: "output.toc_depth" must be a whole number, not the text "deep"`},
		{"duplicate key", head + "title: U\nchapters: [a.md]\n", `book.yaml:3:1: error: key "title" appears twice in the manifest (first at line 1)`},
		{"same file twice", head + "chapters:\n  - a.md\n  - file: b.md\n    sections: [./a.md]\n", `book.yaml:6:16: error: chapter file "./a.md" is listed twice (first at line 4)`},
		{"missing title", "language: en\nchapters: [a.md]\n", "book.yaml: error: the book has no title"},
		{"missing language", "title: T\nchapters: [a.md]\n", "book.yaml: error: the book has no language"},
		{"bad language", "title: T\nlanguage: chinese simplified\nchapters: [a.md]\n", `book.yaml:2:11: error: language "chinese simplified" is not a BCP 47 language tag`},
		{"no chapters", head, "book.yaml: error: the book has no chapters"},
		{"variables not a mapping", head + "chapters: [a.md]\nvariables: 1.2\n", `book.yaml:4:12: error: "variables" must be a mapping of names to values, not the number 1.2`},
		{"variable is a list", head + "chapters: [a.md]\nvariables:\n  v: [1]\n", `book.yaml:5:6: error: "variables.v" must be a text value, not a list`},
		{"variable twice", head + "chapters: [a.md]\nvariables:\n  v: 1\n  v: 2\n", `book.yaml:6:3: error: key "v" appears twice in "variables" (first at line 5)`},
		{"empty chapter list", head + "chapters: []\n", "book.yaml: error: the book has no chapters"},
		{"parent path", head + "chapters: [../outside.md]\n", `book.yaml:3:12: error: chapter file "../outside.md" is outside the book's folder`},
		{"absolute path", head + "chapters: [/etc/passwd.md]\n", `book.yaml:3:12: error: chapter file "/etc/passwd.md" is an absolute path`},
		{"not markdown", head + "chapters: [a.txt]\n", `book.yaml:3:12: error: chapter file "a.txt" is not a Markdown file`},
		{"entry without file", head + "chapters:\n  - title: T\n", `book.yaml:4:5: error: entry has no file`},
		{"part nested", head + "chapters:\n  - file: a.md\n    sections:\n      - part: P\n        chapters: [b.md]\n", `book.yaml:6:15: error: a part may appear only in the top level of chapters:`},
		{"part in front", head + "front:\n  - part: P\n    chapters: [b.md]\n", `book.yaml:4:11: error: a part may appear only in the top level of chapters:`},
		{"part without chapters", head + "chapters:\n  - part: P\n", `book.yaml:4:11: error: part "P" has no chapters`},
		{"chapter with chapters", head + "chapters:\n  - file: a.md\n    chapters: [b.md]\n", `book.yaml:5:15: error: a chapter lists its children under sections:`},
		{"impossible date", head + "date: 2016-13\nchapters: [a.md]\n", `book.yaml:3:7: error: date "2016-13" must be YYYY`},
		{"underscore language", "title: T\nlanguage: zh_CN\nchapters: [a.md]\n", `book.yaml:2:11: error: language "zh_CN" is not a BCP 47 language tag`},
		{"bad date", head + "date: 18/08/2018\nchapters: [a.md]\n", `book.yaml:3:7: error: date "18/08/2018" must be YYYY`},
		{"bad output name", head + "chapters: [a.md]\noutput: {name: ../x}\n", `book.yaml:4:16: error: output name "../x" may hold only`},
		{"toc depth range", head + "chapters: [a.md]\noutput: {toc_depth: 9}\n", `book.yaml:4:21: error: toc_depth 9 must be between 0`},
		{"page size", head + "chapters: [a.md]\npdf: {page_size: A3}\n", `book.yaml:4:18: error: page_size "A3" must be A4, A5, B5, Letter, 16K or WIDTHxHEIGHT`},
		{"page size range", head + "chapters: [a.md]\npdf: {page_size: 20x3000}\n", `book.yaml:4:18: error: page_size "20x3000": width and height must be between 50 and 1000 mm`},
		{"margins too wide", head + "chapters: [a.md]\npdf: {page_size: A5, margins: {inner: 60, outer: 60}}\n", `book.yaml:4:31: error: the margins leave a text block of 28×168 mm`},
		{"font size", head + "chapters: [a.md]\npdf: {font_size: 50}\n", `book.yaml:4:18: error: font_size 50 must be between 5 and 30 points`},
		{"font size type", head + "chapters: [a.md]\npdf: {font_size: big}\n", `book.yaml:4:18: error: "pdf.font_size" must be a number, not the text "big"`},
		{"image dpi", head + "chapters: [a.md]\npdf: {image_dpi: 2400}\n", `book.yaml:4:18: error: image_dpi 2400 must be between 72 and 1200 (dots per inch)`},
		{"numbering", head + "chapters: [a.md]\npdf: {numbering: roman}\n", `book.yaml:4:18: error: numbering "roman" must be none or chapters`},
		{"standard", head + "chapters: [a.md]\npdf: {standard: ua-2}\n", `book.yaml:4:17: error: standard "ua-2" must be none or ua-1`},
		{"tab width", head + "chapters: [a.md]\ncode: {tab_width: 0}\n", `book.yaml:4:19: error: tab_width 0 must be between 1 and 16`},
		{"include root below", head + "chapters: [a.md]\nmarkdown: {include_root: examples}\n", `book.yaml:4:26: error: include_root "examples" must be a folder holding the book's folder`},
		{"include root mixed", head + "chapters: [a.md]\nmarkdown: {include_root: ../x}\n", `book.yaml:4:26: error: include_root "../x" must be a folder holding the book's folder`},
		{"backslash path", head + "chapters: ['ch1\\a.md']\n", `book.yaml:3:12: error: chapter file "ch1\\a.md": use forward slashes`},
		// Found by FuzzParse: an empty item has no mapping to hold a
		// position; the message had none.
		{"empty entry", head + "chapters:\n  - \n", `book.yaml:4:4: error: entry has no file`},
		{"null entry", head + "chapters: [~]\n", `book.yaml:3:12: error: entry has no file`},
		// Aliases nested 30 deep stand for 2^30 chapters: the decoder
		// followed them for ever ("billion laughs").
		{"alias bomb", aliasBomb(head, 30), `book.yaml:9:50: error: the manifest's aliases (*name) stand for too many values`},
		{"deep YAML", head + "chapters: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n", `book.yaml:3: error: invalid YAML: exceeded max depth of 10000`},
		{"UTF-16", "\xff\xfet\x00i\x00t\x00l\x00e\x00:\x00", "book.yaml: error: the file is UTF-16; save it as UTF-8"},
		{"UTF-16 after a BOM", "\xef\xbb\xbf\xfe\xff\x00t", "book.yaml: error: the file is UTF-16; save it as UTF-8"},
		{"invalid UTF-8", head + "subtitle: Caf\xe9\nchapters: [a.md]\n", "book.yaml:3:14: error: invalid UTF-8 (byte 0xe9): save the file as UTF-8"},
		// Found by FuzzParse: yaml.v3 breaks lines at U+2028, U+2029
		// and U+0085, and the message after one was a line off.
		{"line separator", head + "subtitle: a\u2028b\nchapters: [a.md]\n", "book.yaml:3:12: error: U+2028, a line break to YAML but not to editors"},
		{"paragraph separator", "\u2029" + head, "book.yaml:1:1: error: U+2029, a line break to YAML but not to editors"},
		{"next line", head + "# a comment\u0085\nchapters: [a.md]\n", "book.yaml:3:12: error: U+0085, a line break to YAML but not to editors"},
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

// aliasBomb is a manifest whose aliases, nested levels deep, stand for
// 2^levels chapters.
func aliasBomb(head string, levels int) string {
	s := head + "chapters:\n  - file: a0.md\n    sections: &l0 [x.md, y.md]\n"
	for i := 1; i < levels; i++ {
		s += fmt.Sprintf("  - file: a%d.md\n    sections: &l%d [{file: x%d.md, sections: *l%d}, {file: y%d.md, sections: *l%d}]\n", i, i, i, i-1, i, i-1)
	}
	return s
}

func TestAllErrorsReported(t *testing.T) {
	_, diags := parseString(t, "title: T\nlanguage: en\ntitel: x\nautors: [a]\nchapters: [a.md]\n")
	if len(diags) != 2 {
		t.Errorf("want both unknown keys reported, got %v", diags)
	}
}
