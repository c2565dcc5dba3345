package fonts

import (
	"slices"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/gobook/ebook/internal/testenv"
)

func TestBuiltinFaces(t *testing.T) {
	s := loadDefault(t, "en")
	want := []struct {
		ps           string
		bold, italic bool
		cjk          bool
	}{
		{"GoRegular", false, false, false},
		{"Go-Bold", true, false, false},
		{"Go-Italic", false, true, false},
		{"Go-BoldItalic", true, true, false},
		{"LXGWWenKai-Regular", false, false, true},
		{"LXGWWenKai-Bold", true, false, true},
		{"DejaVuSans", false, false, false},
		{"DejaVuSans-Bold", true, false, false},
		{"GoMono", false, false, false},
		{"GoMono-Bold", true, false, false},
		{"DejaVuSansMono", false, false, false},
		{"DejaVuSansMono-Bold", true, false, false},
		// SVG text's faces (svgfaces.go), after the book's.
		{"LiberationSerif", false, false, false},
		{"LiberationSerif-Bold", true, false, false},
		{"LiberationSans", false, false, false},
		{"LiberationSans-Bold", true, false, false},
		{"LiberationMono", false, false, false},
		{"LiberationMono-Bold", true, false, false},
	}
	faces := s.Faces()
	if len(faces) != len(want) {
		t.Fatalf("%d built-in faces, want %d", len(faces), len(want))
	}
	for i, w := range want {
		f := faces[i]
		if f.PostScriptName != w.ps || f.Bold != w.bold || f.Italic != w.italic || f.CJK != w.cjk {
			t.Errorf("face %d: %s bold=%v italic=%v cjk=%v, want %s %v %v %v", i, f.PostScriptName, f.Bold, f.Italic, f.CJK, w.ps, w.bold, w.italic, w.cjk)
		}
		if tables := testenv.FontTables(t, f.TrueType()); tables["glyf"] == nil || tables["CFF "] != nil {
			t.Errorf("%s is not a TrueType (glyf) font", f)
		}
		if f.ID() != i || f.Source != "built-in" {
			t.Errorf("face %d: ID %d, source %q", i, f.ID(), f.Source)
		}
		// x/image/font/sfnt agrees about the glyphs and advances.
		xf, err := sfnt.Parse(f.TrueType())
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var buf sfnt.Buffer
		for _, r := range "Ag中“→❯" {
			g, err := xf.GlyphIndex(&buf, r)
			if err != nil || uint16(g) != f.Glyph(r) {
				t.Errorf("%s: glyph of %q is %d, x/image says %d (%v)", f, r, f.Glyph(r), g, err)
			}
			if g == 0 {
				continue
			}
			// At a size of one unit per em unit, x/image gives the
			// advance in font units (as 26.6 fixed point).
			adv, err := xf.GlyphAdvance(&buf, g, fixed.I(f.Metrics().UnitsPerEm), 0)
			if err != nil || adv != fixed.I(f.Advance(r)) {
				t.Errorf("%s: advance of %q is %d units, x/image says %v (%v)", f, r, f.Advance(r), adv, err)
			}
		}
	}
	wk := faces[4]
	if wk.NumChars() < 20000 || wk.Metrics().UnitsPerEm != 1000 {
		t.Errorf("WenKai: %d characters, %d units per em", wk.NumChars(), wk.Metrics().UnitsPerEm)
	}
}

func TestFaceChoice(t *testing.T) {
	tests := []struct {
		lang  string
		role  Role
		style Style
		text  string
		want  string // PostScript name; "" for no face
	}{
		{"en", Body, Regular, "Aé€", "GoRegular"},
		{"en", Body, Regular, "中。，", "LXGWWenKai-Regular"},
		{"en", Body, Regular, "“”…—·", "GoRegular"}, // English keeps Latin punctuation
		{"en", Body, Regular, "⇒∈①", "LXGWWenKai-Regular"},
		{"en", Body, Regular, "❯✔☐☑😀", "DejaVuSans"},
		{"en", Body, Regular, "\U00013000\U0001FAE8", ""},
		{"zh-CN", Body, Regular, "“”‘’…—–·•‥†※", "LXGWWenKai-Regular"},
		{"zh-Hant", Heading, Bold, "“”…—", "LXGWWenKai-Bold"},
		{"ja", Body, Regular, "“”", "LXGWWenKai-Regular"},
		{"ko", Body, Regular, "“”", "GoRegular"},       // the rule is for Chinese and Japanese only
		{"zh-CN", Body, Regular, "§¶¡°×", "GoRegular"}, // Latin-1 stays Latin
		{"zh-CN", Body, Regular, "→≤─", "GoRegular"},   // symbols are not punctuation
		{"zh-CN", Code, Regular, "“”…—A", "GoMono"},    // code keeps one-cell quotes
		{"zh-CN", Code, Regular, "中，", "LXGWWenKai-Regular"},
		{"zh-CN", Code, Regular, "❯", "DejaVuSansMono"},
		{"zh-CN", Code, Bold, "中", "LXGWWenKai-Bold"},
		{"zh-CN", Code, Bold, "x", "GoMono-Bold"},
		{"en", Body, Bold, "A", "Go-Bold"},
		{"en", Body, Italic, "A", "Go-Italic"},
		{"en", Body, BoldItalic, "A", "Go-BoldItalic"},
		{"en", Body, Italic, "中", "LXGWWenKai-Regular"}, // WenKai has no italic
		{"en", Body, BoldItalic, "中", "LXGWWenKai-Bold"},
		{"en", Code, Italic, "x", "GoMono"},
		{"en", Heading, Bold, "A", "Go-Bold"},
	}
	sets := map[string]*Set{}
	for _, tt := range tests {
		s := sets[tt.lang]
		if s == nil {
			s = loadDefault(t, tt.lang)
			sets[tt.lang] = s
		}
		for _, r := range tt.text {
			got := ""
			if f := s.Face(tt.role, tt.style, r); f != nil {
				got = f.PostScriptName
			}
			if got != tt.want {
				t.Errorf("%s %s %s %q (U+%04X): face %q, want %q", tt.lang, tt.role, tt.style, r, r, got, tt.want)
			}
		}
	}
}

func TestRuns(t *testing.T) {
	s := loadDefault(t, "zh-CN")
	type run struct{ text, face string }
	tests := []struct {
		text string
		want []run
	}{
		{"", nil},
		{"Hello, 世界！", []run{{"Hello, ", "GoRegular"}, {"世界！", "LXGWWenKai-Regular"}}},
		{"他说“好”。", []run{{"他说“好”。", "LXGWWenKai-Regular"}}},
		// Go has e but not the combining acute: the cluster goes to
		// the first face with both.
		{"cafe\u0301 ok", []run{{"caf", "GoRegular"}, {"e\u0301", "LXGWWenKai-Regular"}, {" ok", "GoRegular"}}},
		// Go has é precomposed.
		{"café", []run{{"café", "GoRegular"}}},
		// A variation selector and a zero width joiner need no glyph and
		// stay in the run.
		{"a\uFE0Fb\u200Dc", []run{{"a\uFE0Fb\u200Dc", "GoRegular"}}},
		// Leading and trailing controls join their neighbours.
		{"\n\t中\n", []run{{"\n\t中\n", "LXGWWenKai-Regular"}}},
		{"\n", []run{{"\n", "GoRegular"}}},
		// No face has these: a run without a face.
		{"x\U00013000\U00013000y", []run{{"x", "GoRegular"}, {"\U00013000\U00013000", ""}, {"y", "GoRegular"}}},
		// An emoji with a skin tone stays together.
		{"a👍🏽", []run{{"a", "GoRegular"}, {"👍🏽", ""}}},
		{"❯ go", []run{{"❯", "DejaVuSans"}, {" go", "GoRegular"}}},
	}
	for _, tt := range tests {
		var got []run
		for _, r := range s.Runs(Body, Regular, tt.text) {
			name := ""
			if r.Face != nil {
				name = r.Face.PostScriptName
			}
			if tt.text[r.Start:r.End] != r.Text {
				t.Errorf("%q: run %q has offsets %d:%d", tt.text, r.Text, r.Start, r.End)
			}
			got = append(got, run{r.Text, name})
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Runs(%q) = %q, want %q", tt.text, got, tt.want)
		}
		// The runs cover the text.
		if joined := ""; true {
			for _, r := range got {
				joined += r.text
			}
			if joined != tt.text {
				t.Errorf("Runs(%q) cover %q", tt.text, joined)
			}
		}
	}
}

func TestRunsAllocation(t *testing.T) {
	s := loadDefault(t, "zh-CN")
	buf := make([]Run, 0, 16)
	text := "Go语言的“并发”模型 is built on goroutines. ❯ go run"
	allocs := testing.AllocsPerRun(100, func() {
		buf = s.AppendRuns(buf[:0], Body, Regular, text)
		_ = s.Face(Code, Bold, '中')
	})
	if allocs != 0 {
		t.Errorf("AppendRuns allocates %v times per call", allocs)
	}
}

func TestWidthAndCells(t *testing.T) {
	s := loadDefault(t, "zh-CN")
	mono := s.Chain(Code, Regular)[0]
	cell := float64(mono.Advance('x')) / float64(mono.Metrics().UnitsPerEm)
	if got := s.Width(Code, Regular, "func", 10); !near(got, 40*cell) {
		t.Errorf("width of func at 10 = %v, want %v", got, 40*cell)
	}
	// WenKai's ideographs are one em wide.
	if got := s.Width(Body, Regular, "中文\u200B", 12); !near(got, 24) {
		t.Errorf("width of 中文 at 12 = %v, want 24", got)
	}
	for _, tt := range []struct {
		r     rune
		cells int
	}{{'a', 1}, {'中', 2}, {'，', 2}, {'“', 1}, {'\u0301', 0}, {'\u200D', 0}, {'\t', 0}, {'─', 1}, {'😀', 2}} {
		if got := s.Cells(tt.r); got != tt.cells {
			t.Errorf("Cells(%q) = %d, want %d", tt.r, got, tt.cells)
		}
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
