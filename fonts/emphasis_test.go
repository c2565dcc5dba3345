package fonts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/markdown"
)

// loadSongBody loads a set whose body is a face of its own in front of the
// built-in chain: WenKai Bold's file stands in for a Song face, being a
// face other than the quote role's WenKai Regular.
func loadSongBody(t testing.TB) *Set {
	t.Helper()
	var d diag.List
	cfg := Config{Language: "zh-CN"}
	cfg.Roles[Body] = []FamilySpec{{Faces: [NumStyles]*FaceSpec{Regular: {Path: "song.ttf", Data: wenkaiBold, Index: -1}}}, {Default: true}}
	s := Load(cfg, &d)
	if s == nil || d.Len() > 0 {
		t.Fatalf("loading the fonts: %v", d.Items())
	}
	return s
}

// TestQuoteChain checks the quote role's default chain: the body's while
// the body is built-in, the built-in Kai for Chinese in front of a book's
// own body faces otherwise, with the body's face for Latin letters.
func TestQuoteChain(t *testing.T) {
	def := loadDefault(t, "zh-CN")
	if def.QuoteContrasts() || def.Root().Kai {
		t.Errorf("built-in fonts: quote contrasts with the body")
	}
	for _, r := range "中A“" {
		if def.Face(Quote, Regular, r) != def.Face(Body, Regular, r) {
			t.Errorf("built-in fonts: quote draws %q in %s, body in %s", r, def.Face(Quote, Regular, r), def.Face(Body, Regular, r))
		}
	}
	s := loadSongBody(t)
	if !s.QuoteContrasts() || !s.Root().Kai {
		t.Errorf("own body face: quote does not contrast with the body")
	}
	for _, tt := range []struct {
		r    rune
		role Role
		want string
	}{
		{'中', Body, "song.ttf"},
		{'A', Body, "song.ttf"},
		{'中', Quote, "built-in"},   // Kai
		{'A', Quote, "song.ttf"},   // the body's Latin, not WenKai's
		{'é', Quote, "song.ttf"},   // Latin-1
		{'“', Quote, "built-in"},   // Chinese quotes: the first CJK face
		{'中', Heading, "song.ttf"}, // heading follows body
	} {
		f := s.Face(tt.role, Regular, tt.r)
		if f == nil || f.Source != tt.want {
			t.Errorf("%s %q: face %v, want one from %s", tt.role, tt.r, f, tt.want)
		}
	}
	if f := s.Face(Quote, Regular, '中'); f == nil || f.PostScriptName != "LXGWWenKai-Regular" {
		t.Errorf("quote draws 中 in %v, want WenKai Regular", f)
	}
}

// TestEmphasisRule lists the pieces of text of Chinese emphasis: dots for
// a few characters, the quote face for a whole paragraph or more than
// KaiMin characters where the quote face contrasts with the body's.
func TestEmphasisRule(t *testing.T) {
	src := `正文*三个字*和*这是一段超过六个字的强调*，*Latin*。

*整段强调的短段落*

> 引文*短强调*和*引文里超过六个字的强调*。
>
> *整段*

*——题记的作者*
`
	tests := []struct {
		name string
		set  *Set
		want []string
	}{
		{"built-in", loadDefault(t, "zh-CN"), []string{
			"body regular: 正文",
			"body regular: •",
			"body regular: 三个字",
			"body regular: 和",
			"body regular: •",
			"body regular: 这是一段超过六个字的强调",
			"body regular: ，",
			"body italic: Latin",
			"body regular: 。",
			"body regular: •",
			"body regular: 整段强调的短段落",
			"quote regular: 引文",
			"quote regular: •",
			"quote regular: 短强调",
			"quote regular: 和",
			"quote regular: •",
			"quote regular: 引文里超过六个字的强调",
			"quote regular: 。",
			"quote regular: •",
			"quote regular: 整段",
			"body regular: •",
			"body regular: ——题记的作者",
		}},
		{"song body", loadSongBody(t), []string{
			"body regular: 正文",
			"body regular: •",
			"body regular: 三个字", // a few characters keep their dots
			"body regular: 和",
			"quote regular: 这是一段超过六个字的强调",
			"body regular: ，",
			"body italic: Latin",
			"body regular: 。",
			"quote regular: 整段强调的短段落", // a whole paragraph
			"quote regular: 引文",
			"quote regular: •",
			"quote regular: 短强调",
			"quote regular: 和",
			"quote regular: •", // already in the quote face: dots
			"quote regular: 引文里超过六个字的强调",
			"quote regular: 。",
			"quote regular: 整段",
			"quote regular: ——题记的作者",
		}},
	}
	for _, tt := range tests {
		var d diag.List
		file := diag.NewFile("a.md", []byte(src))
		ch := markdown.New(markdown.Options{Language: "zh-CN"}).Parse(file, []byte(src), &d)
		var got []string
		WalkText(ch.Blocks, tt.set.Root(), func(p Piece) {
			got = append(got, fmt.Sprintf("%s %s: %s", p.Role, p.Style, p.Text))
		})
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\n%s\nwant\n%s", tt.name, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}
