package linebreak

import (
	"strings"
	"testing"
)

// breaks describes the items of pieces as their text with | where a line
// may break (emergency breaks left out), = for a space that neither
// stretches nor shrinks, _ for one that does.
func breaks(pieces []Piece) string {
	b := Builder{LineWidth: 1000}
	p := b.Build(pieces)
	var out strings.Builder
	for i, it := range p.Items {
		switch it.Kind {
		case Box:
			sp := p.Spans[it.Payload]
			out.WriteString(pieces[sp.Piece].Text[sp.Start:sp.End])
		case Glue:
			if i > 0 && p.Items[i-1].Kind == Box && !it.isFill() {
				out.WriteByte('|')
			}
			if it.Payload >= 0 {
				if it.Stretch == 0 && it.Shrink == 0 {
					out.WriteByte('=')
				} else {
					out.WriteByte('_')
				}
			}
		case Penalty:
			if it.Cost < Infinity && !it.Emergency && it.Cost > -Infinity {
				out.WriteByte('|')
			}
		}
	}
	return out.String()
}

// TestTailoredBreaks: UAX #14 breaks "C++" between its plus signs and
// after the label of "图 5-4" and "Figure 3", and inline code wherever
// prose may break; none of these is a place to break a line. Code keeps
// its spaces fixed and breaks at them.
func TestTailoredBreaks(t *testing.T) {
	code := func(s string) Piece { p := synthPiece(s); p.Code = true; return p }
	tests := []struct {
		name   string
		pieces []Piece
		want   string
	}{
		{"C++", []Piece{synthPiece("I use C++ and C++11 daily")}, "I|_use|_C++|_and|_C++11|_daily"},
		{"C++ in Chinese", []Piece{synthPiece("学习C++语言")}, "学|习|C++语|言"},
		{"i++", []Piece{synthPiece("x = i++ + 1")}, "x|_=|_i++|_+|_1"},
		{"图 5-4", []Piece{synthPiece("如图 5-4 所示")}, "如|图_5-4|_所|示"},
		{"图5-4", []Piece{synthPiece("见图5-4。")}, "见|图5-4。"},
		{"表 2", []Piece{synthPiece("见表 2 和代码 3-1")}, "见|表_2|_和|代|码_3-1"},
		{"Figure 3", []Piece{synthPiece("see Figure 3 and Table 12")}, "see|_Figure_3|_and|_Table_12"},
		{"not a label", []Piece{synthPiece("set config 3 now")}, "set|_config|_3|_now"},
		{"code hyphens", []Piece{synthPiece("run "), code("go vet --strict ./..."), synthPiece(" now")},
			"run|_go|=vet|=--strict|=./...|_now"},
		{"code path", []Piece{synthPiece("see "), code("a/b-c"), synthPiece("了")}, "see|_a/b-c|了"},
		{"prose hyphens", []Piece{synthPiece("well-known")}, "well-|known"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := breaks(tt.pieces); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
