package diag

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestFilePos compares positions with a count from the start of the line,
// for offsets asked in order, backwards and at random (the File keeps the
// last position to count on from it).
func TestFilePos(t *testing.T) {
	src := "第一行 line one\r\nsecond 行\rthird\n\né combining e\u0301 and 😀 x\nlast"
	f := NewFile("t.md", []byte(src))
	want := func(off int) Pos {
		line, start := 1, 0
		for i := 0; i < off; i++ {
			if src[i] == '\n' || src[i] == '\r' && (i+1 >= len(src) || src[i+1] != '\n') {
				line, start = line+1, i+1
			}
		}
		return Pos{Path: "t.md", Line: line, Col: utf8.RuneCountInString(src[start:off]) + 1}
	}
	var offs []int
	for i := range len(src) + 1 {
		if i == len(src) || utf8.RuneStart(src[i]) {
			offs = append(offs, i)
		}
	}
	orders := [][]int{offs, make([]int, len(offs)), make([]int, len(offs))}
	for i, o := range offs {
		orders[1][len(offs)-1-i] = o
	}
	copy(orders[2], offs)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(offs), func(i, j int) { orders[2][i], orders[2][j] = orders[2][j], orders[2][i] })
	for _, order := range orders {
		for _, off := range order {
			if got, w := f.Pos(off), want(off); got != w {
				t.Errorf("Pos(%d) = %v, want %v", off, got, w)
			}
		}
	}
	if got := f.Pos(-1); got != (Pos{Path: "t.md"}) {
		t.Errorf("Pos(-1) = %v", got)
	}
	if !strings.HasPrefix(f.Pos(len(src)+10).String(), "t.md:6:") {
		t.Errorf("past the end: %v", f.Pos(len(src)+10))
	}
}
