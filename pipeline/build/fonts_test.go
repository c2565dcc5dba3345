package build

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

var epoch = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// TestCoverageReport builds a book with characters no built-in font has,
// in headings, prose, tables, lists, code spans, listings and footnotes:
// each is reported once, at its first occurrence, with its count.
func TestCoverageReport(t *testing.T) {
	out := t.TempDir()
	var diags diag.List
	results, err := Run(Options{Manifest: "testdata/coverage/book.yaml", OutDir: out, Date: epoch}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	const chain = "body: Go, LXGW WenKai, DejaVu Sans"
	const code = "code: Go Mono, LXGW WenKai, DejaVu Sans Mono"
	want := []string{
		`testdata/coverage/ch1.md:1:6: warning: U+13000 EGYPTIAN HIEROGLYPH A001 "𓀀" is in no font of its chain (` + chain + `; heading: Go, LXGW WenKai, DejaVu Sans; ` + code + `); 6 occurrences, the first here. Add a font that has it to fonts: in book.yaml`,
		`testdata/coverage/ch1.md:3:14: warning: U+1FAE8 SHAKING FACE "🫨" is in no font of its chain (` + chain + `; ` + code + `); 3 occurrences, the first here. Add a font that has it to fonts: in book.yaml`,
		// DejaVu Sans has it for the prose; no code font has it.
		`testdata/coverage/ch1.md:6:26: warning: U+A66E CYRILLIC LETTER MULTIOCULAR O "ꙮ" is in no font of its chain (` + code + `); 1 occurrence. Add a font that has it to fonts: in book.yaml`,
		`testdata/coverage/ch1.md:10:9: warning: U+13001 EGYPTIAN HIEROGLYPH A002 "𓀁" is in no font of its chain (` + code + `); 1 occurrence. Add a font that has it to fonts: in book.yaml`,
		`testdata/coverage/ch1.md:10:14: warning: U+16A0 RUNIC LETTER FEHU FEOH FE F "ᚠ" is in no font of its chain (` + chain + `); 2 occurrences, the first here. Add a font that has it to fonts: in book.yaml`,
		// Written as &#x13002;: the reference's position.
		`testdata/coverage/ch1.md:17:7: warning: U+13002 EGYPTIAN HIEROGLYPH A003 "𓀂" is in no font of its chain (` + chain + `); 1 occurrence. Add a font that has it to fonts: in book.yaml`,
		`testdata/coverage/ch1.md:21:12: warning: U+1000 MYANMAR LETTER KA "က" is in no font of its chain (` + chain + `); 1 occurrence. Add a font that has it to fonts: in book.yaml`,
	}
	var got []string
	for _, d := range diags.Items() {
		got = append(got, d.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("coverage report:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(results) != len(Formats) {
		t.Fatalf("results: %+v", results)
	}

	// Under --strict the report is an error and nothing is written.
	strictOut := t.TempDir()
	diags = diag.List{}
	_, err = Run(Options{Manifest: "testdata/coverage/book.yaml", OutDir: strictOut, Date: epoch, Strict: true}, &diags)
	var de *diag.Errors
	if !errors.As(err, &de) || diags.Count(diag.Error) != len(want) {
		t.Errorf("strict: error %v, %d errors, want %d", err, diags.Count(diag.Error), len(want))
	}
	if entries, _ := os.ReadDir(strictOut); len(entries) != 0 {
		t.Errorf("strict build wrote %d files", len(entries))
	}
}

// fontBook writes a book into a temporary folder: book.yaml with the given
// fonts: key, one chapter, and the given extra files.
func fontBook(t *testing.T, fontsKey string, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	all := map[string][]byte{
		"book.yaml": []byte("title: Fonts\nlanguage: zh-CN\nchapters: [a.md]\n" + fontsKey),
		"a.md":      []byte("# 标题 Title\n\nText 正文 “引号” and `code 代码`.\n"),
	}
	for name, data := range files {
		all[name] = data
	}
	for name, data := range all {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestFontErrors gives book.yaml fonts that cannot be used: each is one
// error at the place book.yaml names the file, and nothing is written.
func TestFontErrors(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "outside.ttf")
	if err := os.WriteFile(outside, goregular.TTF, 0o644); err != nil {
		t.Fatal(err)
	}
	ttc := testenv.FontCollection(t, goregular.TTF, gobold.TTF)
	tests := []struct {
		name  string
		fonts string
		files map[string][]byte
		link  string // fonts/link.ttf is a symbolic link to outside
		want  string
	}{
		{"missing", "fonts:\n  body: [fonts/missing.ttf, default]\n", nil, "",
			`book.yaml:5:10: error: font file "fonts/missing.ttf" not found`},
		{"outside the folder", "fonts:\n  body: [../outside.ttf]\n", nil, "",
			`book.yaml:5:10: error: font file "../outside.ttf" is outside the book's folder`},
		{"symbolic link out", "fonts:\n  code: [fonts/link.ttf]\n", nil, outside,
			`book.yaml:5:10: error: font file "fonts/link.ttf" is outside the book's folder (a symbolic link leads to `},
		{"not a font", "fonts:\n  body:\n    - file: fonts/notes.ttf\n", map[string][]byte{"fonts/notes.ttf": []byte("# not a font\n")}, "",
			`book.yaml:6:13: error: font file "fonts/notes.ttf" is not an OpenType or TrueType font file (.ttf, .otf, .ttc or .otc)`},
		{"CFF", "fonts:\n  heading: [fonts/Serif.otf]\n", map[string][]byte{"fonts/Serif.otf": testenv.BadCFFFont(t)}, "",
			`book.yaml:5:13: error: font file "fonts/Serif.otf" has PostScript (CFF) outlines that cannot be read to convert them to TrueType outlines (sfnt: invalid CFF table): use the TrueType (.ttf) version of the font`},
		{"collection without the index", "fonts:\n  body:\n    - {file: fonts/go.ttc, index: 3}\n", map[string][]byte{"fonts/go.ttc": ttc}, "",
			`book.yaml:6:14: error: font file "fonts/go.ttc" is a collection of 2 faces: there is no face 3 (index 0: Go Regular (GoRegular), index 1: Go Bold (Go-Bold))`},
		{"collection without the name", "fonts:\n  body:\n    - file: fonts/go.ttc\n      name: Go Mono\n", map[string][]byte{"fonts/go.ttc": ttc}, "",
			`book.yaml:6:13: error: font file "fonts/go.ttc" is a collection with no face named "Go Mono" (index 0: Go Regular (GoRegular), index 1: Go Bold (Go-Bold))`},
		{"collection without a choice", "fonts:\n  body: [fonts/go.ttc]\n", map[string][]byte{"fonts/go.ttc": ttc}, "",
			`book.yaml:5:10: error: font file "fonts/go.ttc" is a collection of 2 faces: choose one with index: or name:`},
		{"bad bold face", "fonts:\n  body:\n    - file: fonts/go.ttf\n      bold: fonts/bold.ttf\n", map[string][]byte{"fonts/go.ttf": goregular.TTF, "fonts/bold.ttf": {0, 1, 0, 0}}, "",
			`book.yaml:7:13: error: font file "fonts/bold.ttf" is not a font file (it is too short to be one)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fontBook(t, tt.fonts, tt.files)
			if tt.link != "" {
				if err := os.MkdirAll(filepath.Join(dir, "fonts"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(tt.link, filepath.Join(dir, "fonts", "link.ttf")); err != nil {
					t.Skip("no symbolic links here:", err)
				}
			}
			out := filepath.Join(dir, "dist")
			var diags diag.List
			_, err := Run(Options{Manifest: filepath.Join(dir, "book.yaml"), OutDir: out, Date: epoch}, &diags)
			var de *diag.Errors
			if !errors.As(err, &de) {
				t.Fatalf("Run: %v, want input errors", err)
			}
			items := diags.Items()
			if len(items) != 1 {
				t.Fatalf("%d messages, want 1: %v", len(items), items)
			}
			got := strings.TrimPrefix(items[0].String(), filepath.Join(dir, "")+string(filepath.Separator))
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("the failed build created %s", out)
			}
		})
	}
}

// TestBookFonts builds a book that puts its own fonts in front of the
// built-in chains: a face of a collection for the body (by name), a family
// with a bold face for headings, and a code font replacing the chain.
func TestBookFonts(t *testing.T) {
	fontsKey := `fonts:
  body:
    - {file: fonts/go.ttc, name: Go-Bold}
    - default
  heading:
    - file: fonts/regular.ttf
      bold: fonts/bold.ttf
    - default
  code: [fonts/mono.ttf]
`
	dir := fontBook(t, fontsKey, map[string][]byte{
		"fonts/go.ttc":      testenv.FontCollection(t, goregular.TTF, gobold.TTF),
		"fonts/regular.ttf": goregular.TTF,
		"fonts/bold.ttf":    gobold.TTF,
		"fonts/mono.ttf":    gomono.TTF,
	})
	out := filepath.Join(dir, "dist")
	var diags diag.List
	res, err := Run(Options{Manifest: filepath.Join(dir, "book.yaml"), OutDir: out, Date: epoch}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	// The code chain is Go Mono alone: the Chinese in the code span has
	// no font, and the report says so.
	items := diags.Items()
	if len(items) != 2 || !strings.Contains(items[0].Message, `"代" is in no font of its chain (code: Go Mono)`) ||
		!strings.Contains(items[1].Message, `"码" is in no font of its chain (code: Go Mono)`) {
		t.Errorf("messages: %v", items)
	}
	data, err := os.ReadFile(res[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	files := testenv.VerifyEPUB(t, data)
	css := string(files["EPUB/css/book.css"])
	for _, want := range []string{
		`body { font-family: "Go", "LXGW WenKai", sans-serif; }`,
		`h1, h2, h3, h4, h5, h6 { font-family: "Go 2", "LXGW WenKai", sans-serif; }`,
		`code, kbd, pre { font-family: "Go Mono", monospace; }`,
	} {
		if !strings.Contains(css, want) {
			t.Errorf("the style sheet lacks %s", want)
		}
	}
	set := loadSet(t, filepath.Join(dir, "book.yaml"))
	checkEPUBFonts(t, files, set)
}

// TestSharedFaceSplit uses one font file early in two chains, for prose and
// for code. In this Chinese book the prose sets “” in WenKai (the CJK
// punctuation rule) while code sets them in that font: one subset for both
// would let a reading system take the quotes of the prose from it too, so
// the prose gets a subset of its own.
func TestSharedFaceSplit(t *testing.T) {
	fontsKey := "fonts:\n  body: [fonts/mono.ttf, default]\n  code: [fonts/mono.ttf, default]\n"
	dir := fontBook(t, fontsKey, map[string][]byte{
		"fonts/mono.ttf": gomono.TTF,
		"a.md":           []byte("# 标题\n\n正文 “引号” and `fmt.Println(“x”)`.\n"),
	})
	var diags diag.List
	res, err := Run(Options{Manifest: filepath.Join(dir, "book.yaml"), OutDir: filepath.Join(dir, "dist"), Date: epoch}, &diags)
	if err != nil || diags.Len() != 0 {
		t.Fatalf("%v %v", err, diags.Items())
	}
	data, err := os.ReadFile(res[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	files := testenv.VerifyEPUB(t, data)
	if files["EPUB/fonts/GoMono.ttf"] == nil || files["EPUB/fonts/GoMono-2.ttf"] == nil {
		var names []string
		for name := range files {
			names = append(names, name)
		}
		t.Errorf("want two subsets of Go Mono, have %v", names)
	}
	checkEPUBFonts(t, files, loadSet(t, filepath.Join(dir, "book.yaml")))
}

// TestStrictNamesEveryProblem checks that --strict reports the problems of
// loading and of the fonts together, as errors, as a build without it
// warns of them: the fonts' report is not cut short by the chapters'
// warnings becoming errors first.
func TestStrictNamesEveryProblem(t *testing.T) {
	manifest := testenv.WriteBook(t, map[string]string{
		"book.yaml":  "title: T\nlanguage: en\nchapters: [a.md]\n",
		"a.md":       "# A\n\nSee [the licence](LICENSE.md). A glyph no font has: \U0001FADF.\n",
		"LICENSE.md": "# Licence\n",
	})
	var plain diag.List
	if _, err := Run(Options{Manifest: manifest, OutDir: t.TempDir(), Date: epoch}, &plain); err != nil {
		t.Fatalf("build: %v", err)
	}
	var strict diag.List
	out := t.TempDir()
	if _, err := Run(Options{Manifest: manifest, OutDir: out, Date: epoch, Strict: true}, &strict); err == nil {
		t.Fatal("build --strict succeeded")
	}
	warnings, errors := plain.Items(), strict.Items()
	if len(warnings) != 2 || len(errors) != len(warnings) {
		t.Fatalf("warnings %v, strict errors %v: want the same two problems", warnings, errors)
	}
	for i := range warnings {
		if warnings[i].Pos != errors[i].Pos || warnings[i].Message != errors[i].Message || errors[i].Severity != diag.Error {
			t.Errorf("warning %v, strict %v", warnings[i], errors[i])
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("build --strict wrote %d files", len(entries))
	}
}

// TestSVGFileTextCoverage: the text of an SVG file the PDF draws is in the
// build's scan of the book, as the text of inline SVG is: a character no
// font has is reported at the image, by the warning body text gets, from
// ebook check as from a build (the scan skipped SVG files, so nothing was
// reported), and one only the drawing has is set in the PDF.
func TestSVGFileTextCoverage(t *testing.T) {
	manifest := testenv.WriteBook(t, map[string]string{
		"book.yaml": "title: T\nlanguage: en\nchapters:\n  - a.md\n",
		"a.md":      "# A\n\nSome text.\n\n![A diagram](d.svg)\n",
		"d.svg": `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">` +
			`<text x="5" y="20" font-family="Times,serif" font-size="14">Жук 𓀀</text></svg>`,
	})
	want := `a.md:5:1: warning: U+13000 EGYPTIAN HIEROGLYPH A001 "𓀀" is in no font of its chain (body: Go, LXGW WenKai, DejaVu Sans); 1 occurrence.`
	res := buildAndCheck(t, manifest, []string{want})
	if text := pdfText(t, builtFile(t, res, "pdf")); !strings.Contains(text, "Жук") {
		t.Errorf("the PDF does not set the drawing's text:\n%s", text)
	}
}
