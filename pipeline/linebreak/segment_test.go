package linebreak

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/rivo/uniseg"
)

type boundary struct {
	end  int
	must bool
}

func unisegBoundaries(text string) []boundary {
	var out []boundary
	state, off := -1, 0
	for off < len(text) {
		seg, _, must, st := uniseg.FirstLineSegmentInString(text[off:], state)
		state = st
		off += len(seg)
		out = append(out, boundary{off, must})
	}
	return out
}

func fastBoundaries(text string) []boundary {
	var out []boundary
	state, off := -1, 0
	for off < len(text) {
		seg, must, st := nextSegment(text[off:], state)
		state = st
		off += len(seg)
		out = append(out, boundary{off, must})
	}
	return out
}

// randomText draws n characters from an alphabet chosen to exercise every
// UAX #14 class next to Han characters and ASCII letters.
func randomText(rng *rand.Rand, n int) string {
	alphabet := []string{
		"汉", "字", "排", "版", "㐀", "中", "a", "b", "Z", "x", "0", "7", " ", " ", "  ",
		"\n", "\r\n", "\t", "-", "‐", "—", "/", ".", ",", ":", ";", "!", "?", "%", "$", "€",
		"(", ")", "[", "]", "{", "}", "\"", "'", "“", "”", "‘", "’", "«", "»",
		"，", "。", "、", "：", "；", "？", "！", "（", "）", "「", "」", "《", "》", "…", "％",
		"ー", "っ", "ア", "한", "글", "\u0301", "\u200d", "\u200b", "\u2060", "\u00a0", "\u00ad",
		"👍", "👍🏽", "🇨🇳", "🇺", "\u3000", "々", "・", "·", "א", "ב", "\u05be", "ก", "ข",
		"\U00020000", "\ufe0f", "\U000E0100", "#", "&", "=", "_", "+",
	}
	var b strings.Builder
	for range n {
		b.WriteString(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

// TestFastSegmentsAgree checks that the fast paths of nextSegment give the
// boundaries uniseg gives.
func TestFastSegmentsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{chineseSample, englishSample, "", "a", "汉", "汉字", "ab", "汉a字b", "a\u0301b", "汉\U000E0100字"}
	for range 3000 {
		texts = append(texts, randomText(rng, 1+rng.IntN(40)))
	}
	for _, text := range texts {
		want, got := unisegBoundaries(text), fastBoundaries(text)
		if !slices.Equal(want, got) {
			t.Errorf("%q:\n uniseg %v\n fast   %v", text, want, got)
		}
	}
}

func TestFastSegmentsAgreeCorpus(t *testing.T) {
	for _, p := range corpusParagraphs(t) {
		text := p.String()
		if want, got := unisegBoundaries(text), fastBoundaries(text); !slices.Equal(want, got) {
			t.Fatalf("%q:\n uniseg %v\n fast   %v", text, want, got)
		}
	}
}

// BenchmarkSegments compares uniseg alone with nextSegment's fast paths on
// the prose of gopl-zh.
func BenchmarkSegments(b *testing.B) {
	var texts []string
	for _, p := range corpusParagraphs(b) {
		texts = append(texts, p.String())
	}
	for _, s := range []struct {
		name string
		f    func(string) []boundary
	}{{"uniseg", unisegBoundaries}, {"fast", fastBoundaries}} {
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				for _, t := range texts {
					s.f(t)
				}
			}
		})
	}
}
