package linebreak

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// joins describes the items of pieces as the text of their boxes with the
// glue between them: ^ for the Han–Latin space, ~ for CJK glue, _ for a
// word space, + for the blank half of a punctuation mark.
func joins(b Builder, pieces []Piece) string {
	p := b.Build(pieces)
	var out strings.Builder
	for _, it := range p.Items {
		switch it.Kind {
		case Box:
			sp := p.Spans[it.Payload]
			out.WriteString(pieces[sp.Piece].Text[sp.Start:sp.End])
		case Glue:
			switch {
			case it.isFill():
			case it.Payload >= 0:
				out.WriteByte('_')
			case it.Width == 0:
				out.WriteByte('~')
			case it.Stretch == 0:
				out.WriteByte('+')
			case it.Width == autoSpace*synthEm:
				out.WriteByte('^')
			default:
				out.WriteByte('?')
			}
		}
	}
	return out.String()
}

// TestSpacing checks which glue goes between characters: the Han–Latin
// space exactly where a Han character (or kana) meets a Latin letter or
// digit with nothing between them, CJK glue between CJK characters, word
// spaces where the source has spaces.
func TestSpacing(t *testing.T) {
	tests := []struct {
		name   string
		pieces []string
		pre    bool
		want   string
	}{
		{"Han then Latin then Han", []string{"用Go语言"}, false, "用^Go^语~言"},
		{"source spaces are word spaces", []string{"用 Go 语言"}, false, "用_Go_语~言"},
		{"digits", []string{"中文123中文"}, false, "中~文^123^中~文"},
		{"digit then Han", []string{"3个"}, false, "3^个"},
		{"single letters", []string{"a中b"}, false, "a^中^b"},
		{"not next to brackets", []string{"（Go）"}, false, "（Go）+"},
		{"not next to a comma", []string{"Go，语言"}, false, "Go，+~语~言"},
		{"not before a comma", []string{"语言，Go"}, false, "语~言~，+Go"},
		{"not next to a full stop", []string{"中。a"}, false, "中~。+a"},
		{"not next to Latin punctuation", []string{"C++语言"}, false, "C++语~言"},
		{"not across a zero-width space", []string{"中\u200Ba"}, false, "中a"},
		{"across pieces", []string{"用", "Go", "语言"}, false, "用^Go^语~言"},
		{"kana", []string{"カナGo"}, false, "カ~ナ^Go"},
		{"fullwidth letters are CJK", []string{"Ｇｏ语言"}, false, "Ｇ~ｏ~语~言"},
		{"Hangul gets CJK glue but no Han–Latin space", []string{"한국Go"}, false, "한~국Go"},
		{"consecutive punctuation", []string{"好。」"}, false, "好~。」+"},
		{"ellipsis is not spread", []string{"等……好"}, false, "等~……~好"},
		{"collapsed spaces", []string{"a  b \t c"}, false, "a_b_c"},
		{"leading and trailing space dropped", []string{"  a b  "}, false, "a_b"},
		{"preformatted keeps everything", []string{"  用Go 语言"}, true, "  用Go 语言"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pieces []Piece
			for _, s := range tt.pieces {
				pieces = append(pieces, synthPiece(s))
			}
			if got := joins(Builder{LineWidth: 1000, Preformatted: tt.pre}, pieces); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSpacingWidths checks the shape of the glue: a quarter em of
// Han–Latin space, CJK glue of no natural width, word spaces of the
// piece's space width, each in the ems of its side.
func TestSpacingWidths(t *testing.T) {
	cjk := Piece{Text: "用", Measure: synthMeasure, Em: 12}
	latin := Piece{Text: "Go", Measure: synthMeasure, Em: 10, Space: 3}
	p := (&Builder{LineWidth: 1000}).Build([]Piece{cjk, latin, {Text: " x", Measure: synthMeasure, Em: 10, Space: 3}})
	var glue []Item
	for _, it := range p.Items {
		if it.Kind == Glue && !it.isFill() {
			glue = append(glue, it)
		}
	}
	want := []Item{
		{Kind: Glue, Width: 3, Stretch: 1.5, Shrink: 1, Payload: 0},
	}
	if len(glue) != 2 {
		t.Fatalf("glue %+v", glue)
	}
	if g := glue[0]; g.Width != 0.25*12 || g.Stretch != 0.125*12 || math.Abs(g.Shrink-12.0/12) > 1e-12 {
		t.Errorf("Han–Latin space %+v, want width 3, stretch 1.5, shrink 1 (the CJK side's em)", g)
	}
	if g := glue[1]; g.Width != want[0].Width || g.Stretch != want[0].Stretch || g.Shrink != want[0].Shrink || g.Payload < 0 {
		t.Errorf("word space %+v, want %+v with a payload", g, want[0])
	}
}

// TestPunctuationCompression checks the widths given to fullwidth
// punctuation.
func TestPunctuationCompression(t *testing.T) {
	// A font that sets the curly quotes proportionally, as LXGW WenKai
	// does: they are compressed only when set full width (WideQuotes).
	proportionalQuotes := func(s string) float64 {
		w := 0.0
		for _, r := range s {
			if r == '“' || r == '”' {
				w += 0.35 * synthEm
			} else {
				w += synthMeasure(string(r))
			}
		}
		return w
	}
	type box struct {
		text   string
		width  float64
		offset float64
	}
	tests := []struct {
		text    string
		measure func(string) float64
		wide    bool // Piece.WideQuotes
		want    []box
	}{
		{"好，", synthMeasure, false, []box{{"好", 10, 0}, {"，", 5, 0}}},
		{"（「好", synthMeasure, false, []box{{"（", 10, 0}, {"「", 5, -5}, {"好", 10, 0}}},
		{"说“好”", synthMeasure, false, []box{{"说", 10, 0}, {"“", 10, 0}, {"好", 10, 0}, {"”", 5, 0}}},
		{"说“好”", proportionalQuotes, false, []box{{"说", 10, 0}, {"“", 3.5, 0}, {"好", 10, 0}, {"”", 3.5, 0}}},
		{"？！", synthMeasure, false, []box{{"？", 10, 0}, {"！", 10, 0}}},
		// Set full width: the opening quote's glyph at the right of its
		// em, the closing quote's at the left, its blank half apart.
		{"说“好”", proportionalQuotes, true, []box{{"说", 10, 0}, {"“", 10, 6.5}, {"好", 10, 0}, {"”", 5, 0}}},
		// After a comma a line may break before the quote, so the
		// quote keeps its blank and the comma's blank shrinks instead
		// (glue between them); before the full stop the closing quote's
		// blank goes.
		{"说，“好”。", proportionalQuotes, true, []box{{"说", 10, 0}, {"，", 5, 0}, {"“", 10, 6.5}, {"好", 10, 0}, {"”", 5, 0}, {"。", 5, 0}}},
		// A font whose quotes are an em wide already: no change.
		{"说“好”", synthMeasure, true, []box{{"说", 10, 0}, {"“", 10, 0}, {"好", 10, 0}, {"”", 5, 0}}},
		// Around Latin too, as xeCJK sets them in Chinese text (the CJK
		// face draws them there).
		{"“Go”", proportionalQuotes, true, []box{{"“", 10, 6.5}, {"Go", synthMeasure("Go"), 0}, {"”", 5, 0}}},
	}
	for _, tt := range tests {
		pieces := []Piece{{Text: tt.text, Measure: tt.measure, Em: synthEm, WideQuotes: tt.wide}}
		p := (&Builder{LineWidth: 1000}).Build(pieces)
		var got []box
		for _, it := range p.Items {
			if it.Kind == Box {
				sp := p.Spans[it.Payload]
				got = append(got, box{tt.text[sp.Start:sp.End], it.Width, sp.Offset})
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("%q: boxes %v, want %v", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: boxes %v, want %v", tt.text, got, tt.want)
				break
			}
		}
	}
}

// TestLineEndPunctuation checks that a closing mark at the end of a line
// keeps its full width (so its glyph's advance stays inside the line)
// unless TrimLineEnd is set, and that its blank shrinks inside a line.
func TestLineEndPunctuation(t *testing.T) {
	text := "一二三，四五六七八九十"
	for _, trim := range []bool{false, true} {
		pieces := []Piece{synthPiece(text)}
		p := (&Builder{LineWidth: 40, TrimLineEnd: trim}).Build(pieces)
		// 4 em: "一二三，" is 3.5 em of glyphs and half an em of blank.
		lines := KnuthPlass(p.Items, Params{Widths: []float64{40}})
		if got := lineText(&p, pieces, &lines[0]); got != "一二三，" {
			t.Fatalf("trim %v: first line %q", trim, got)
		}
		l := lines[0]
		switch {
		case !trim && (l.BreakWidth != 5 || math.Abs(l.SetWidth(p.Items)-40) > 1e-9):
			t.Errorf("full-width comma at line end: break width %g, set width %g", l.BreakWidth, l.SetWidth(p.Items))
		case trim && l.BreakWidth != 0:
			t.Errorf("trimmed comma at line end: break width %g", l.BreakWidth)
		}
	}
	// Inside a line the blank shrinks: 4 em of text in 3.8 em.
	pieces := []Piece{synthPiece("一，二三")}
	p := (&Builder{LineWidth: 38}).Build(pieces)
	lines := KnuthPlass(p.Items, Params{Widths: []float64{38}})
	if len(lines) != 1 || lines[0].Ratio >= 0 {
		t.Errorf("lines %+v: want one line, shrunk", lines)
	}
}

// TestTextKept checks that nothing of the text is lost: box spans follow
// the text in order without overlap, and what no box covers is white space
// or an invisible control; word-space glue covers only white space.
func TestTextKept(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var texts []string
	for range 300 {
		texts = append(texts, randomText(rng, 1+rng.IntN(80)), kinsokuText(rng))
	}
	texts = append(texts, strings.Repeat("x", 5000), "https://example.com/"+strings.Repeat("a/b.c-d_", 100))
	for _, text := range texts {
		for _, b := range []Builder{{LineWidth: 100}, {LineWidth: 0}, {LineWidth: 100, Preformatted: true}} {
			pieces := []Piece{synthPiece(text)}
			p := b.Build(pieces)
			done := 0
			for _, it := range p.Items {
				if it.Payload < 0 {
					continue
				}
				sp := p.Spans[it.Payload]
				if it.Kind == Glue {
					if strings.TrimSpace(text[sp.Start:sp.End]) != "" {
						t.Fatalf("%q: word space over %q", text, text[sp.Start:sp.End])
					}
					continue
				}
				if sp.Start < done {
					t.Fatalf("%q: box %d-%d overlaps or goes back (done %d)", text, sp.Start, sp.End, done)
				}
				if gap := text[done:sp.Start]; strings.TrimFunc(gap, ignorable) != "" {
					t.Fatalf("%q (%+v): text %q lost before box %d-%d", text, b, gap, sp.Start, sp.End)
				}
				done = sp.End
			}
			if rest := text[done:]; strings.TrimFunc(rest, ignorable) != "" {
				t.Fatalf("%q (%+v): text %q lost at the end", text, b, rest)
			}
		}
	}
}

func ignorable(r rune) bool {
	return unicode.IsSpace(r) || isInvisible(r)
}

// TestMandatoryBreak checks that a line break in the text ends a ragged
// line, and that a trailing one is dropped.
func TestMandatoryBreak(t *testing.T) {
	for _, br := range breakers {
		p, pieces, lines := set("first line\nsecond one\n", 1000, br.f)
		got := lineTexts(&p, pieces, lines)
		if len(got) != 2 || got[0] != "first line" || got[1] != "second one" {
			t.Errorf("%s: lines %q", br.name, got)
			continue
		}
		if !lines[0].Forced || lines[0].Ratio != 0 {
			t.Errorf("%s: first line %+v, want forced and ragged", br.name, lines[0])
		}
	}
}

// TestInlineObject checks a piece that is an object of fixed width: one
// box with an empty span, and breaks allowed around it but not before a
// closing mark.
func TestInlineObject(t *testing.T) {
	pieces := []Piece{synthPiece("图"), {Object: 42}, synthPiece("。文字"), {Object: 7}, synthPiece("abc")}
	p := (&Builder{LineWidth: 1000}).Build(pieces)
	var boxes []string
	for i, it := range p.Items {
		switch {
		case it.Kind == Box:
			sp := p.Spans[it.Payload]
			if sp.Piece == 1 || sp.Piece == 3 {
				if sp.Start != 0 || sp.End != 0 || it.Width != pieces[sp.Piece].Object {
					t.Errorf("object box %+v span %+v", it, sp)
				}
				boxes = append(boxes, "[obj]")
			} else {
				boxes = append(boxes, pieces[sp.Piece].Text[sp.Start:sp.End])
			}
		case it.Kind == Glue && i > 0 && p.Items[i-1].Kind == Box, it.Kind == Penalty && it.Cost < Infinity && it.Cost > -Infinity:
			boxes = append(boxes, "|")
		}
	}
	if got, want := strings.Join(boxes, ""), "图|[obj]。|文|字|[obj]|abc"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// BuildReusing gives what Build gives, whatever paragraph's memory it is
// handed: longer, shorter, or none.
func TestBuildReusing(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var texts []string
	for range 40 {
		texts = append(texts, mixedText(rng))
	}
	texts = append(texts, "", "短", strings.Repeat("长段落，", 2000))
	b := Builder{LineWidth: 300}
	var old Paragraph
	for i, text := range texts {
		pieces := []Piece{synthPiece(text)}
		want := b.Build(pieces)
		got := b.BuildReusing(old, pieces)
		if !reflect.DeepEqual(got.Items, want.Items) && !(len(got.Items) == 0 && len(want.Items) == 0) {
			t.Fatalf("text %d: %d items reusing, %d without", i, len(got.Items), len(want.Items))
		}
		if !reflect.DeepEqual(got.Spans, want.Spans) && !(len(got.Spans) == 0 && len(want.Spans) == 0) {
			t.Fatalf("text %d: %d spans reusing, %d without", i, len(got.Spans), len(want.Spans))
		}
		old = got
	}
}
