package pdf

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
)

// TestStructText reads the feature book's PDF as a screen reader does,
// by its structure (pdfinfo -struct-text prints the marked content of
// each element in tree order), and compares chapters with their text in
// the document model, in source order: the same words, with spaces
// between Latin words and none inside Chinese runs (whitespace
// normalised), no running heads, page numbers, leaders or wrap marks;
// each listing line for line.
func TestStructText(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the feature book")
	}
	bk := buildPDF(t, "feature", featureBook)
	out, _, err := runTool(t, "pdfinfo", "-struct-text", bk.path)
	if err != nil {
		t.Fatal(err)
	}
	// Justified Chinese, its characters spread apart, reads without
	// spaces on the page too (/ActualText, which pdftotext honours).
	page, _, err := runTool(t, "pdftotext", "-enc", "UTF-8", bk.path, "-")
	if err != nil {
		t.Fatal(err)
	}
	spread := regexp.MustCompile(`\p{Han} \p{Han} \p{Han}`)
	if l := spread.FindAllString(page, -1); len(l) > 0 {
		t.Errorf("pdftotext reads spaces between Chinese characters %d times: %q", len(l), l)
	}
	sects := structSects(out)
	chapters := map[string]bool{
		"part1/ch01-goroutines.md": true, "part1/ch01-1-channels.md": true,
		"part1/ch02-patterns.md": true, "part2/ch07-footnotes.md": true,
		"part2/ch03-cgo.md": true, "appendix-a.md": true,
	}
	seen := 0
	for _, ch := range bk.b.Chapters {
		if !chapters[ch.Path] {
			continue
		}
		seen++
		want, listings := modelText(ch)
		var got *sect
		for i := range sects {
			if s := &sects[i]; len(s.text) > 0 && len(want) > 0 && normText(s.text[0]) == normText(want[0]) {
				got = s
				break
			}
		}
		if got == nil {
			t.Errorf("%s: no section of the structure begins with %q", ch.Path, want[0])
			continue
		}
		if g, w := normText(strings.Join(got.text, " ")), normText(strings.Join(want, " ")); g != w {
			at := 0
			for at < len(g) && at < len(w) && g[at] == w[at] {
				at++
			}
			t.Errorf("%s: the structure reads, from byte %d:\n%.200q\nthe source:\n%.200q", ch.Path, at, g[at:], w[at:])
		}
		if len(got.listings) != len(listings) {
			t.Errorf("%s: %d listings in the structure, %d in the source", ch.Path, len(got.listings), len(listings))
			continue
		}
		for i, l := range listings {
			if g, w := strings.Join(got.listings[i], "\n"), strings.Join(l, "\n"); g != w {
				t.Errorf("%s: listing %d reads\n%s\nwritten\n%s", ch.Path, i+1, g, w)
			}
		}
	}
	if seen != len(chapters) {
		t.Errorf("%d of the %d chapters found", seen, len(chapters))
	}
}

// sect is a Sect element of pdfinfo -struct-text's tree: its text, but for
// labels (list markers, note numbers) and references (note numbers), and
// its listings, line by line, spaces collapsed.
type sect struct {
	text     []string
	listings [][]string
}

func structSects(out string) []sect {
	var sects []sect
	skip := -1    // the indent of a Lbl or Reference being skipped
	code := -1    // the indent of a Code element of Span lines
	open := false // text goes on with the last piece
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		if skip >= 0 && indent > skip {
			continue
		}
		skip = -1
		if code >= 0 && indent <= code {
			code = -1
		}
		switch {
		case indent == 2 && trimmed == "Sect":
			sects = append(sects, sect{})
			open = false
		case len(sects) == 0:
		case strings.HasPrefix(trimmed, "Lbl"), strings.HasPrefix(trimmed, "Reference"):
			skip = indent
		case strings.HasPrefix(trimmed, "Code (") && code < 0:
			code = indent
			s := &sects[len(sects)-1]
			s.listings = append(s.listings, nil)
		case strings.HasPrefix(trimmed, `"`):
			text := strings.TrimSuffix(strings.TrimPrefix(trimmed, `"`), `"`)
			s := &sects[len(sects)-1]
			if code >= 0 && indent == code+4 {
				l := &s.listings[len(s.listings)-1]
				*l = append(*l, strings.Join(strings.Fields(text), " "))
				continue
			}
			if code >= 0 && indent == code+2 {
				// An inline code element's text.
				s.listings = s.listings[:len(s.listings)-1]
				code = -1
			}
			// The text of a block element and of the inline elements
			// in it reads as one.
			if open && len(s.text) > 0 {
				s.text[len(s.text)-1] += text
			} else {
				s.text = append(s.text, text)
			}
			open = true
		case strings.HasSuffix(trimmed, "(block)"):
			open = false
		}
	}
	return sects
}

// modelText returns the text of chapter ch in the document model, in
// source order, without its listings and pictures, and its listings' lines
// (those with text, spaces collapsed).
func modelText(ch *book.Chapter) ([]string, [][]string) {
	var text []string
	var listings [][]string
	var inline func(ns []*doc.Node, b *strings.Builder)
	inline = func(ns []*doc.Node, b *strings.Builder) {
		for _, n := range ns {
			switch n.Kind {
			case doc.Text, doc.Code, doc.Kbd:
				b.WriteString(n.Text)
			case doc.LineBreak:
				b.WriteByte(' ')
			case doc.Image, doc.FootnoteRef, doc.InlineSVG:
			default:
				inline(n.Children, b)
			}
		}
	}
	var blocks func(ns []*doc.Node)
	blocks = func(ns []*doc.Node) {
		for _, n := range ns {
			switch {
			case n.Kind == doc.CodeBlock:
				var lines []string
				for _, l := range strings.Split(n.Text, "\n") {
					if f := strings.Fields(l); len(f) > 0 {
						lines = append(lines, strings.Join(f, " "))
					}
				}
				listings = append(listings, lines)
			case n.Kind.HoldsInlines():
				var b strings.Builder
				inline(n.Children, &b)
				if s := strings.TrimSpace(b.String()); s != "" {
					text = append(text, s)
				}
			default:
				blocks(n.Children)
			}
		}
	}
	blocks(ch.Blocks)
	for _, fn := range ch.Footnotes {
		blocks(fn.Blocks)
	}
	return text, listings
}

// normText collapses white space to one space and removes it where
// either side is a Chinese character or punctuation, which the PDF sets
// without spaces (the quarter-em between Chinese and Latin is a gap).
func normText(s string) string {
	wide := func(r rune) bool {
		return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef || r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…' || r == '·'
	}
	// An ideographic space is a Chinese character's width of nothing.
	rs := []rune(strings.Join(strings.Fields(strings.ReplaceAll(s, "\u3000", "")), " "))
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' && (wide(rs[i-1]) || wide(rs[i+1])) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
