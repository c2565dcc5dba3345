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

// TestMappedFilePos checks positions in a file whose text was changed
// before parsing: offsets in the parsed text give positions in the file
// as written, included text the position of its directive.
func TestMappedFilePos(t *testing.T) {
	orig := "# T\n\n{{#include a.rs}}\n\nafter 中文\n\\{{#x}} end\n"
	// "{{#include a.rs}}" becomes "line 1\nline 2"; the backslash before
	// "{{#x}}" goes.
	dir := strings.Index(orig, "{{#include")
	esc := strings.Index(orig, `\{{#x}}`)
	src := orig[:dir] + "line 1\nline 2" + orig[dir+len("{{#include a.rs}}"):esc] + orig[esc+1:]
	inc := dir
	after := dir + len("line 1\nline 2")
	segs := []Segment{
		{At: 0, From: 0},
		{At: inc, From: dir, Fixed: true},
		{At: after, From: dir + len("{{#include a.rs}}")},
		{At: after + esc - dir - len("{{#include a.rs}}"), From: esc + 1},
	}
	f := NewMappedFile("t.md", []byte(src), []byte(orig), segs)
	if string(f.Source()) != src {
		t.Fatalf("Source() = %q", f.Source())
	}
	tests := []struct {
		at   string // the text at the offset asked, in src
		want string
	}{
		{"# T", "t.md:1:1"},
		{"line 1", "t.md:3:1"},
		{"line 2", "t.md:3:1"},
		{"中文", "t.md:5:7"},
		{"{{#x}}", "t.md:6:2"},
		{"end", "t.md:6:9"},
	}
	for _, tt := range tests {
		off := strings.Index(src, tt.at)
		if got := f.Pos(off).String(); got != tt.want {
			t.Errorf("Pos of %q = %s, want %s", tt.at, got, tt.want)
		}
	}
}
