package diag

import (
	"sort"
	"sync"
	"unicode/utf8"
)

// File maps byte offsets in a source file to line and column positions.
// It is safe for concurrent use.
type File struct {
	Path   string // the path as shown to the user
	src    []byte
	starts []int // byte offset of the start of each line of orig

	// orig is the file as written, when src is not (mdBook's
	// {{#include}} directives were expanded before parsing); segs say
	// where each piece of src comes from in orig. Positions are always
	// in orig: that is the file the user opens.
	orig []byte
	segs []Segment

	// last is the last position computed: positions are mostly asked
	// for in order, and counting the characters of a long line from its
	// start for each made 50,000 warnings on a 1 MB line take 10 s.
	// runes is the number of characters from its line's start to off.
	mu   sync.Mutex
	last struct{ off, runes int }
}

// NewFile indexes src, the content of the file shown to the user as path.
// A line ends at "\n", "\r\n" or a lone "\r", as CommonMark defines it.
func NewFile(path string, src []byte) *File {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return &File{Path: path, src: src, orig: src, starts: starts}
}

// Segment says where a piece of a file's parsed text comes from: the text
// from offset At up to the next segment's At is the file's text from
// offset From on or, when Fixed, stands for the file's text at From (the
// content of an included file stands for the directive that included it).
type Segment struct {
	At, From int
	Fixed    bool
}

// NewMappedFile returns the File of a file written as orig but parsed as
// src, segs saying, in order of At (the first at 0), where each piece of
// src comes from. Pos takes offsets in src and gives positions in orig,
// so that everything after an expanded directive is still reported at
// its own line.
func NewMappedFile(path string, src, orig []byte, segs []Segment) *File {
	f := NewFile(path, orig)
	f.src, f.segs = src, segs
	return f
}

// Source returns the text of the file that was parsed, which byte offsets
// given to Pos count in. It is shared: do not change it.
func (f *File) Source() []byte {
	if f == nil {
		return nil
	}
	return f.src
}

// Pos returns the position of byte offset off; a negative offset gives the
// position of the whole file.
func (f *File) Pos(off int) Pos {
	if f == nil {
		return Pos{}
	}
	if off < 0 {
		return Pos{Path: f.Path}
	}
	if off > len(f.src) {
		off = len(f.src)
	}
	if f.segs != nil {
		off = f.original(off)
	}
	line := sort.Search(len(f.starts), func(i int) bool { return f.starts[i] > off }) - 1
	start := f.starts[line]
	f.mu.Lock()
	from, runes := start, 0
	if f.last.off >= start && f.last.off <= off {
		from, runes = f.last.off, f.last.runes // on this line, before off
	}
	runes += utf8.RuneCount(f.orig[from:off])
	f.last.off, f.last.runes = off, runes
	f.mu.Unlock()
	return Pos{Path: f.Path, Line: line + 1, Col: runes + 1}
}

// original maps an offset in the parsed text to one in the file as
// written.
func (f *File) original(off int) int {
	i := sort.Search(len(f.segs), func(i int) bool { return f.segs[i].At > off }) - 1
	if i < 0 {
		return min(off, len(f.orig))
	}
	s := f.segs[i]
	if s.Fixed {
		return s.From
	}
	return min(s.From+off-s.At, len(f.orig))
}

// LinePos returns the position of the first column of 1-based line n.
func (f *File) LinePos(n int) Pos {
	return Pos{Path: f.Path, Line: n, Col: 1}
}
