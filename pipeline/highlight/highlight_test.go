package highlight

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/doc"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// piece is a token as writers see it.
type piece struct{ Class, Text string }

func pieces(ts *doc.Tokens) []piece {
	var out []piece
	for class, text := range ts.All() {
		out = append(out, piece{class, text})
	}
	return out
}

func join(ts []piece) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.Text)
	}
	return b.String()
}

// TestTokensKeepText checks that tokens always add up to the code, whatever
// the language and however broken the code.
func TestTokensKeepText(t *testing.T) {
	codes := []string{
		"package main\n\nfunc main() {\n\tfmt.Println(\"你好\") // 中文注释\n}\n",
		"x := `raw\nstring` + \"unterminated\n/* open comment",
		"a\x00bc 中文 …… ０１", // chapters are valid UTF-8: the loader checks

		"",
		"\n\n",
		"#include <stdio.h>\nint main(void) { return 0; }",
		"$ go run main.go\nhello",
	}
	for _, lang := range []string{"go", "Go", "c", "shell", "protobuf", "json", "nosuchlang", ""} {
		for _, code := range codes {
			if got := join(pieces(Tokens(lang, code))); got != code {
				t.Errorf("%s: tokens of %q add up to %q", lang, code, got)
			}
		}
	}
}

// TestTokensShareCode checks that a listing's tokens are pieces of its
// code, not copies, in a slice without spare room, each token 8 bytes: a
// book's tokens are held for its whole build.
func TestTokensShareCode(t *testing.T) {
	if size := unsafe.Sizeof(doc.Token{}); size > 8 {
		t.Errorf("a token takes %d bytes, want at most 8", size)
	}
	tests := []struct{ lang, code string }{
		{"go", "package main\n\nfunc main() {\n\tx := 1 + 2 // 中文\n\tfmt.Println(x, `raw`)\n}\n"},
		{"go", "a  b\t\tc"}, // blanks in a row joined into one token
		{"python", "def f(x):\n    return x  # comment\n"},
		{"python", "x = 1"}, // the lexer adds a newline the code lacks
		{"c", "int main(void) { return 0; }\n"},
		{"nosuchlang", "some text"},
	}
	for _, tt := range tests {
		toks := Tokens(tt.lang, tt.code)
		got := pieces(toks)
		if s := join(got); s != tt.code {
			t.Fatalf("%s: tokens of %q add up to %q", tt.lang, tt.code, s)
		}
		if toks.Len() != len(got) {
			t.Errorf("%s %q: Len %d, %d tokens", tt.lang, tt.code, toks.Len(), len(got))
		}
		start := uintptr(unsafe.Pointer(unsafe.StringData(tt.code)))
		for _, tok := range got {
			p := uintptr(unsafe.Pointer(unsafe.StringData(tok.Text)))
			if p < start || p+uintptr(len(tok.Text)) > start+uintptr(len(tt.code)) {
				t.Errorf("%s %q: token %q is a copy, not a piece of the code", tt.lang, tt.code, tok.Text)
			}
		}
		if l := reflect.ValueOf(toks).Elem().FieldByName("list"); l.Cap() != l.Len() {
			t.Errorf("%s %q: %d tokens in a slice of %d", tt.lang, tt.code, l.Len(), l.Cap())
		}
	}
}

// TestTokensChangedText checks the tokens of a lexer that changes the text
// (chroma's turn \r\n into \n): they split the lexer's text, with the
// newline it adds at the end dropped as for any listing.
func TestTokensChangedText(t *testing.T) {
	tests := []struct {
		lang, code string
		want       []piece
	}{
		{"python", "x = 1\r\ny = 2", []piece{
			{"n", "x"}, {"", " "}, {"o", "="}, {"", " "}, {"mi", "1"}, {"", "\n"},
			{"n", "y"}, {"", " "}, {"o", "="}, {"", " "}, {"mi", "2"}}},
		{"c", "int x;\r\n", []piece{{"kt", "int"}, {"", " "}, {"n", "x"}, {"p", ";"}, {"", "\n"}}},
		{"python", "a\r\n", []piece{{"n", "a"}, {"", "\n"}}},
		{"shell", "echo hi\r\n# c\r\n", []piece{{"nb", "echo"}, {"", " hi\n"}, {"c1", "# c"}, {"", "\n"}}},
		{"python", "", nil},
		{"go", "", nil},
		{"", "", []piece{{"", ""}}},
		{"nosuch", "", []piece{{"", ""}}},
	}
	for _, tt := range tests {
		if got := pieces(Tokens(tt.lang, tt.code)); !slices.Equal(got, tt.want) {
			t.Errorf("%s %q: tokens %q, want %q", tt.lang, tt.code, got, tt.want)
		}
	}
}

// TestClassTable checks that every class a token type has is numbered,
// and back to its name.
func TestClassTable(t *testing.T) {
	for tt := range chroma.StandardTypes {
		if got, want := classes.names[classes.of(tt)], className(tt); got != want {
			t.Errorf("%v: class %q, want %q", tt, got, want)
		}
	}
	if classes.names[0] != "" {
		t.Errorf("class 0 is %q, want plain text", classes.names[0])
	}
}

func tk(class, text string) piece { return piece{class, text} }

func TestGoClasses(t *testing.T) {
	code := "package main\n\nimport \"fmt\"\n\n//go:generate x\n// Hello 世界\nfunc main() {\n\tvar n int = len(s) + 0x1F\n\tfmt.Println(string(n), true, 'c', 1.5, 3i)\n}\n"
	want := []piece{
		tk("kn", "package"), tk("", " "), tk("nx", "main"), tk("", "\n\n"),
		tk("kn", "import"), tk("", " "), tk("s", `"fmt"`), tk("", "\n\n"),
		tk("cp", "//go:generate x"), tk("", "\n"), tk("c1", "// Hello 世界"), tk("", "\n"),
		tk("kd", "func"), tk("", " "), tk("nf", "main"), tk("p", "()"), tk("", " "), tk("p", "{"), tk("", "\n\t"),
		tk("kd", "var"), tk("", " "), tk("nx", "n"), tk("", " "), tk("kt", "int"), tk("", " "), tk("p", "="), tk("", " "),
		tk("nb", "len"), tk("p", "("), tk("nx", "s"), tk("p", ")"), tk("", " "), tk("o", "+"), tk("", " "), tk("mh", "0x1F"), tk("", "\n\t"),
		tk("nx", "fmt"), tk("p", "."), tk("nf", "Println"), tk("p", "("), tk("nb", "string"), tk("p", "("), tk("nx", "n"), tk("p", "),"), tk("", " "),
		tk("kc", "true"), tk("p", ","), tk("", " "), tk("sc", "'c'"), tk("p", ","), tk("", " "), tk("mf", "1.5"), tk("p", ","), tk("", " "), tk("m", "3i"), tk("p", ")"), tk("", "\n"),
		tk("p", "}"), tk("", "\n"),
	}
	got := pieces(Tokens("go", code))
	if len(got) != len(want) {
		t.Fatalf("got %d tokens, want %d:\n%q", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// chromaGo tokenises with chroma's own Go lexer, for comparison.
func chromaGo(code string) []piece {
	it, err := chroma.Coalesce(lexers.Get("go")).Tokenise(nil, code)
	if err != nil {
		return nil
	}
	var out []piece
	for tok := it(); tok != chroma.EOF; tok = it() {
		out = append(out, piece{className(tok.Type), tok.Value})
	}
	return out
}

// agreement returns the fraction of non-space characters that two
// tokenisations of the same code put in the same class.
func agreement(a, b []piece) (same, total int) {
	classesOf := func(ts []piece) []string {
		var out []string
		for _, t := range ts {
			for _, r := range t.Text {
				if !strings.ContainsRune(" \t\n", r) {
					out = append(out, t.Class)
				}
			}
		}
		return out
	}
	ca, cb := classesOf(a), classesOf(b)
	for i := 0; i < len(ca) && i < len(cb); i++ {
		if ca[i] == cb[i] {
			same++
		}
	}
	return same, max(len(ca), len(cb))
}

func TestGoAgreesWithChroma(t *testing.T) {
	code := "package main\n\n// Echo prints its arguments.\nfunc main() {\n\ts, sep := \"\", \"\"\n\tfor _, arg := range os.Args[1:] {\n\t\ts += sep + arg\n\t\tsep = \" \"\n\t}\n\tch := make(chan<- int, 3)\n\tfmt.Printf(\"%d\\n\", cap(ch))\n}\n"
	same, total := agreement(pieces(Tokens("go", code)), chromaGo(code))
	if same != total {
		t.Errorf("%d of %d characters classed as chroma does", same, total)
	}
}

// TestGoCorpusAgreesWithChroma compares the Go tokenizer with chroma's Go
// lexer on every Go listing of gopl-zh.
func TestGoCorpusAgreesWithChroma(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs chroma's Go lexer over a whole book")
	}
	corpus := testenv.Corpus(t)
	var same, total, listings int
	worst, worstCode := 1.0, ""
	err := filepath.WalkDir(corpus, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, code := range goFences(string(src)) {
			s, n := agreement(pieces(Tokens("go", code)), chromaGo(code))
			same, total, listings = same+s, total+n, listings+1
			if n > 0 && float64(s)/float64(n) < worst {
				worst, worstCode = float64(s)/float64(n), code
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ratio := float64(same) / float64(total)
	t.Logf("%d Go listings, %d characters: %.3f%% classed as chroma does; worst listing %.1f%%", listings, total, 100*ratio, 100*worst)
	if listings < 600 || ratio < 0.995 {
		t.Errorf("agreement %.4f over %d listings; worst:\n%s", ratio, listings, worstCode)
	}
}

// goFences returns the content of the ```go fences of a Markdown file.
func goFences(src string) []string {
	var out []string
	var cur *strings.Builder
	src = strings.ReplaceAll(src, "\r\n", "\n") // as the book loader does
	for _, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			if strings.EqualFold(strings.TrimPrefix(trimmed, "```"), "go") {
				cur = &strings.Builder{}
			} else {
				cur = &strings.Builder{} // another language: read past it
				cur.WriteString("\x00skip")
			}
		case cur != nil && trimmed == "```":
			if !strings.HasPrefix(cur.String(), "\x00skip") {
				out = append(out, cur.String())
			}
			cur = nil
		case cur != nil:
			cur.WriteString(line + "\n")
		}
	}
	return out
}

// TestLegible checks that a token colour under WCAG AA's contrast on its
// background is moved just far enough, and one above it is kept.
func TestLegible(t *testing.T) {
	for _, tc := range []struct {
		c, bg   string
		changed bool
	}{
		{"#6a737d", "#f7f7f7", true}, // GitHub's builtin grey: 4.41:1
		{"#e6edf3", "#ffffff", true},
		{"#1f2328", "#0d1117", true},
		{"#cf222e", "#f7f7f7", false},
		{"#8b949e", "#0d1117", false},
	} {
		c, bg := chroma.MustParseColour(tc.c), chroma.MustParseColour(tc.bg)
		got := legible(c, bg)
		if r := Contrast(rgbOf(got), rgbOf(bg)); r < minContrast {
			t.Errorf("legible(%s, %s) = %s at %.2f:1", tc.c, tc.bg, got, r)
		}
		if (got != c) != tc.changed {
			t.Errorf("legible(%s, %s) = %s, changed %v, want %v", tc.c, tc.bg, got, got != c, tc.changed)
		}
		if tc.changed {
			// Just far enough: a step less would not do.
			if r := Contrast(rgbOf(got), rgbOf(bg)); r > minContrast+0.2 {
				t.Errorf("legible(%s, %s) = %s at %.2f:1: moved further than needed", tc.c, tc.bg, got, r)
			}
		}
	}
}

// TestLookOwnBackground checks that a class with a background of its own,
// which the PDF does not paint, still reads on the listing box: GitHub's
// error class is near-white on dark red, and the C lexer gives it to the
// quotes of 'hell'.
func TestLookOwnBackground(t *testing.T) {
	theme := DefaultTheme()
	_, bg := box(theme.Light)
	classes := []string{"err"} // at least this one
	for tt, class := range chroma.StandardTypes {
		if e := theme.Light.Get(tt); class != "" && class != "err" && e.Background.IsSet() && e.Background != bg {
			classes = append(classes, class)
		}
	}
	for _, class := range classes {
		l := theme.Look(class)
		if !l.HasColor {
			t.Errorf("Look(%q) has no colour", class)
			continue
		}
		if r := Contrast(l.Color, rgbOf(bg)); r < minContrast {
			t.Errorf("Look(%q) = %v on the box %s: %.2f:1, under %.1f:1", class, l.Color, bg, r, minContrast)
		}
	}
}

// TestHighlighterRemembers checks that a Highlighter looks a language up
// once, found or not, under its lower-case name.
func TestHighlighterRemembers(t *testing.T) {
	h := New()
	for _, lang := range []string{"NoSuchLang", "Rust", "nosuchlang", "rust"} {
		h.Tokens(lang, "x")
	}
	n := 0
	h.lexers.Range(func(k, v any) bool {
		n++
		if l, _ := v.(chroma.Lexer); (l != nil) != (k == "rust") {
			t.Errorf("%v: lexer %v", k, l)
		}
		return true
	})
	if n != 2 {
		t.Errorf("%d look-ups remembered, want 2", n)
	}
}
