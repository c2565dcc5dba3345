package linebreak_test

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gobook/ebook/pipeline/linebreak"
)

// A monospaced stand-in for a font at 10 pt: CJK characters 10 wide, the
// rest 5. A real caller measures with its fonts.
func measure(s string) float64 {
	w := 0.0
	for _, r := range s {
		if utf8.RuneLen(r) == 3 {
			w += 10
		} else {
			w += 5
		}
	}
	return w
}

func Example() {
	// One piece per run of text in one font (here, one font for all).
	pieces := []linebreak.Piece{{
		Text:    "Go语言的并发模型建立在goroutine和channel之上，创建它的开销很小。",
		Measure: measure,
		Em:      10,
	}}
	const width = 160 // 16 ems
	para := (&linebreak.Builder{LineWidth: width}).Build(pieces)
	lines := linebreak.KnuthPlass(para.Items, linebreak.Params{Widths: []float64{width}})
	for _, l := range lines {
		var text strings.Builder
		end := 0.0
		l.Place(para.Items, func(i int, x, w float64) {
			if sp, ok := para.Span(i); ok && para.Items[i].Kind == linebreak.Box {
				text.WriteString(pieces[sp.Piece].Text[sp.Start:sp.End])
			}
			end = x + w
		})
		fmt.Printf("ratio %+.2f, ends at %5.1f: %s\n", l.Ratio, end, text.String())
	}
	// Output:
	// ratio +0.00, ends at 160.0: Go语言的并发模型建立在goroutine
	// ratio +0.87, ends at 160.0: 和channel之上，创建它的开销很
	// ratio +0.00, ends at  20.0: 小。
}
