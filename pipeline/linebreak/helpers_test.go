package linebreak

import (
	"strings"
	"unicode/utf8"
)

// synthEm is the font size of the synthetic font of the tests.
const synthEm = 10.0

// synthMeasure measures text in a synthetic font: CJK characters (and the
// curly quotes, ellipsis and dash, as a CJK font sets them) are 1 em wide,
// a space a quarter em, anything else half an em.
func synthMeasure(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r == ' ':
			w += synthEm / 4
		case isWide(r) || isCJKPunctAmbiguous(r):
			w += synthEm
		case r >= 0x300 && r < 0x370, r == '\u200D', r >= 0xFE00 && r <= 0xFE0F:
			// combining marks, joiners and variation selectors
		default:
			w += synthEm / 2
		}
	}
	return w
}

func synthPiece(text string) Piece {
	return Piece{Text: text, Measure: synthMeasure, Em: synthEm}
}

// breakFunc is the signature both breakers share.
type breakFunc func([]Item, Params) []Line

var breakers = []struct {
	name string
	f    breakFunc
}{{"KnuthPlass", KnuthPlass}, {"Greedy", Greedy}}

// set builds text in the synthetic font and breaks it at width.
func set(text string, width float64, f breakFunc) (Paragraph, []Piece, []Line) {
	pieces := []Piece{synthPiece(text)}
	b := Builder{LineWidth: width}
	p := b.Build(pieces)
	return p, pieces, f(p.Items, Params{Widths: []float64{width}})
}

// lineText returns what line l shows: the text of its boxes, with a space
// for each word space that is set on it.
func lineText(p *Paragraph, pieces []Piece, l *Line) string {
	var b strings.Builder
	for i := l.Start; i < l.End; i++ {
		it := &p.Items[i]
		if it.Payload < 0 {
			continue
		}
		sp := p.Spans[it.Payload]
		switch it.Kind {
		case Box:
			b.WriteString(pieces[sp.Piece].Text[sp.Start:sp.End])
		case Glue:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func lineTexts(p *Paragraph, pieces []Piece, lines []Line) []string {
	out := make([]string, len(lines))
	for i := range lines {
		out[i] = lineText(p, pieces, &lines[i])
	}
	return out
}

// boxRunes returns the first rune of the first box and the last rune of
// the last box of line l, or 0 when it has no box.
func boxRunes(p *Paragraph, pieces []Piece, l *Line) (first, last rune) {
	for i := l.Start; i < l.End; i++ {
		if it := &p.Items[i]; it.Kind == Box {
			sp := p.Spans[it.Payload]
			r, _ := utf8.DecodeRuneInString(pieces[sp.Piece].Text[sp.Start:sp.End])
			if first == 0 {
				first = r
			}
			last, _ = utf8.DecodeLastRuneInString(pieces[sp.Piece].Text[sp.Start:sp.End])
		}
	}
	return first, last
}
