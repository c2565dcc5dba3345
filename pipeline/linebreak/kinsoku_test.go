package linebreak

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// opportunities returns text with | at every place the items allow a
// normal (not emergency) break, just before the text of the next box: white
// space and invisible controls at a break show left of the bar.
func opportunities(b Builder, text string) string {
	pieces := []Piece{synthPiece(text)}
	p := b.Build(pieces)
	var out strings.Builder
	done := 0
	pending := false
	for i, it := range p.Items {
		switch {
		case it.Kind == Box:
			if start := p.Spans[it.Payload].Start; pending && start > 0 {
				out.WriteString(text[done:start])
				out.WriteByte('|')
				done = start
			}
			pending = false
		case it.Kind == Glue && i > 0 && p.Items[i-1].Kind == Box,
			it.Kind == Penalty && it.Cost < Infinity && it.Cost > -Infinity && !it.Emergency:
			pending = true
		}
	}
	out.WriteString(text[done:])
	return out.String()
}

// TestBreakOpportunities checks where lines may break: UAX #14 with the
// kinsoku rules and the tailoring of curly quotes between CJK characters.
func TestBreakOpportunities(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"han", "汉字排版", "汉|字|排|版"},
		{"closing marks stay with what precedes", "好，世界。」再见", "好，|世|界。」|再|见"},
		{"opening marks stay with what follows", "见（注）与《书》和「引」", "见|（注）|与|《书》|和|「引」"},
		{"quotes between Chinese characters", "他说“你好”然后", "他|说|“你|好”|然|后"},
		{"no break inside an English quotation", "say “hello world” now", "say |“hello |world” |now"},
		{"apostrophe", "don’t stop", "don’t |stop"},
		{"colon, semicolon, question and exclamation", "问：是吗？对！好；行", "问：|是|吗？|对！|好；|行"},
		{"ellipsis and dash are not split", "等等……好——是", "等|等……|好|——|是"},
		{"middle dot", "乔治·华盛顿", "乔|治·|华|盛|顿"},
		{"percent and units", "增长50％，温度30℃", "增|长|50％，|温|度|30℃"},
		{"small kana and prolonged sound mark", "ちょっとコーヒー", "ちょっ|と|コー|ヒー"},
		{"iteration mark", "人々時々", "人々|時々"},
		{"Latin words", "Hello, world (yes).", "Hello, |world |(yes)."},
		{"Han next to Latin", "用Go语言写", "用|Go|语|言|写"},
		{"hyphen", "well-known", "well-|known"},
		{"soft hyphen", "hy\u00ADphen", "hy\u00AD|phen"},
		{"no-break space", "10\u00A0km away", "10\u00A0km |away"},
		{"space before a closing bracket", "word )", "word )"},
		{"zero-width space", "ab\u200Bcd", "ab\u200B|cd"},
		{"word joiner", "汉\u2060字", "汉\u2060字"},
		{"combining mark stays", "e\u0301e\u0301 汉\u0301字", "e\u0301e\u0301 |汉\u0301|字"},
		{"fullwidth question then closing quote", "吗？”好", "吗？”|好"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := opportunities(Builder{LineWidth: 1000}, tt.text); got != tt.want {
				t.Errorf("opportunities(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// kinsokuText returns random prose mixing Chinese, fullwidth punctuation,
// English words and numbers, without a run of marks long enough to defeat
// the rules (no more than two closing marks in a row) and without tokens
// long enough to need emergency breaks.
func kinsokuText(rng *rand.Rand) string {
	han := []rune("汉字排版的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经")
	closing := []string{"，", "。", "、", "：", "；", "？", "！", "）", "」", "』", "》", "】", "”", "……", "％", "·"}
	opening := []string{"（", "「", "『", "《", "【", "“"}
	words := []string{"Go", "gopher", "API", "HTTP", "2024", "3.14", "fmt.Println", "interface", "x"}
	var b strings.Builder
	n := 20 + rng.IntN(200)
	for i := 0; i < n; i++ {
		switch k := rng.IntN(20); {
		case k < 12:
			b.WriteRune(han[rng.IntN(len(han))])
		case k < 15:
			b.WriteString(closing[rng.IntN(len(closing))])
			if rng.IntN(3) == 0 {
				b.WriteString(closing[rng.IntN(len(closing))])
			}
			b.WriteRune(han[rng.IntN(len(han))])
		case k < 17:
			b.WriteString(opening[rng.IntN(len(opening))])
			b.WriteRune(han[rng.IntN(len(han))])
		case k < 19:
			if rng.IntN(2) == 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[rng.IntN(len(words))])
			if rng.IntN(2) == 0 {
				b.WriteByte(' ')
			}
		default:
			b.WriteString("hello, world. ")
		}
	}
	return b.String()
}

// TestKinsokuRandom sets random mixed text at many widths with both
// breakers: no line may start with a mark that may not start a line, nor
// end with one that may not end it.
func TestKinsokuRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	for trial := range 400 {
		text := kinsokuText(rng)
		width := (16 + rng.Float64()*30) * synthEm
		for _, br := range breakers {
			p, pieces, lines := set(text, width, br.f)
			for i := range lines {
				l := &lines[i]
				if l.Emergency {
					t.Fatalf("trial %d %s: emergency break in %q", trial, br.name, text)
				}
				first, last := boxRunes(&p, pieces, l)
				if i > 0 && noStart(first) {
					t.Errorf("trial %d %s width %.1f: line %d starts with %q: %q", trial, br.name, width, i, first, lineTexts(&p, pieces, lines))
				}
				if i < len(lines)-1 && noEnd(last) {
					t.Errorf("trial %d %s width %.1f: line %d ends with %q: %q", trial, br.name, width, i, last, lineTexts(&p, pieces, lines))
				}
			}
		}
	}
}

// TestKinsokuNarrow sets texts where a naive breaker breaks before a
// closing mark, at every width from 2 to 12 ems.
func TestKinsokuNarrow(t *testing.T) {
	texts := []string{
		"一二三四五，六七八九十。",
		"他说：“你好。”然后走了。",
		"（注：这是括号里的话）和《书名》。",
		"ちょっとまってください。",
		"等等……他说——这是真的！",
		"增长了百分之五十％以上，温度是三十℃。",
	}
	for _, text := range texts {
		for w := 3.0; w <= 12; w += 0.25 {
			for _, br := range breakers {
				p, pieces, lines := set(text, w*synthEm, br.f)
				for i := range lines {
					first, last := boxRunes(&p, pieces, &lines[i])
					if i > 0 && noStart(first) || i < len(lines)-1 && noEnd(last) {
						t.Errorf("%s width %g em: %q", br.name, w, lineTexts(&p, pieces, lines))
						break
					}
				}
			}
		}
	}
}
