package linebreak

import (
	"strings"
	"testing"
)

// benchWidth is the line width of the benchmarks: 38.3 em, about a 140 mm
// text block at 10.5 pt, deliberately not a whole number of ems so that
// justification has work to do.
const benchWidth = 38.3 * synthEm

func corpusPieces(paras []corpusParagraph) [][]Piece {
	out := make([][]Piece, len(paras))
	for i, p := range paras {
		for _, pc := range p {
			out[i] = append(out[i], synthPiece(pc.text))
		}
	}
	return out
}

// BenchmarkCorpus sets every paragraph of gopl-zh (prose, lists, headings,
// table cells; no code blocks): building items, then breaking them.
func BenchmarkCorpus(b *testing.B) {
	paras := corpusPieces(corpusParagraphs(b))
	runes := 0
	for _, p := range paras {
		for _, pc := range p {
			runes += len([]rune(pc.Text))
		}
	}
	b.Logf("%d paragraphs, %d characters", len(paras), runes)
	builder := Builder{LineWidth: benchWidth}
	params := Params{Widths: []float64{benchWidth}}
	built := make([]Paragraph, len(paras))
	for i, p := range paras {
		built[i] = builder.Build(p)
	}
	b.Run("Build", func(b *testing.B) {
		for b.Loop() {
			for _, p := range paras {
				builder.Build(p)
			}
		}
	})
	for _, alg := range []struct {
		name string
		f    func([]Item, Params) []Line
	}{{"KnuthPlass", KnuthPlass}, {"Greedy", Greedy}} {
		b.Run(alg.name, func(b *testing.B) {
			for b.Loop() {
				for i := range built {
					alg.f(built[i].Items, params)
				}
			}
		})
		b.Run("Build+"+alg.name, func(b *testing.B) {
			for b.Loop() {
				for _, p := range paras {
					para := builder.Build(p)
					alg.f(para.Items, params)
				}
			}
		})
	}
}

// BenchmarkCorpusCode wraps every line of gopl-zh's code blocks as a code
// listing does: a preformatted builder and the greedy breaker.
func BenchmarkCorpusCode(b *testing.B) {
	code := corpusCode(b)
	chars := 0
	for _, line := range code {
		chars += len([]rune(line))
	}
	b.Logf("%d code lines, %d characters", len(code), chars)
	builder := Builder{LineWidth: benchWidth, Preformatted: true}
	params := Params{Widths: []float64{benchWidth}}
	for b.Loop() {
		for _, line := range code {
			p := builder.Build([]Piece{synthPiece(line)})
			Greedy(p.Items, params)
		}
	}
}

func benchParagraph(b *testing.B, text string, width float64) {
	pieces := []Piece{synthPiece(text)}
	builder := Builder{LineWidth: width}
	params := Params{Widths: []float64{width}}
	para := builder.Build(pieces)
	b.Run("Build", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			builder.Build(pieces)
		}
	})
	b.Run("KnuthPlass", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			KnuthPlass(para.Items, params)
		}
	})
	b.Run("Greedy", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			Greedy(para.Items, params)
		}
	})
}

// BenchmarkChineseParagraph: a typical paragraph of gopl-zh, about 300
// characters of Chinese with some English and code words.
func BenchmarkChineseParagraph(b *testing.B) {
	benchParagraph(b, chineseSample, benchWidth)
}

// BenchmarkEnglishParagraph: a typical English paragraph of about 1000
// characters.
func BenchmarkEnglishParagraph(b *testing.B) {
	benchParagraph(b, englishSample, benchWidth)
}

// BenchmarkMegabyte: a paragraph of 1 MB with no space, of Latin letters
// (one token, broken only by emergency breaks) and of Chinese.
func BenchmarkMegabyte(b *testing.B) {
	b.Run("Letters", func(b *testing.B) {
		benchParagraph(b, strings.Repeat("abcdefghij", 1<<20/10), benchWidth)
	})
	b.Run("Han", func(b *testing.B) {
		benchParagraph(b, strings.Repeat("汉字排版", 1<<20/12), benchWidth)
	})
}
