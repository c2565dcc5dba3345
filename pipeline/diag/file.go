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
	starts []int // byte offset of the start of each line

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
	return &File{Path: path, src: src, starts: starts}
}

// Source returns the content of the file. It is shared: do not change it.
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
	line := sort.Search(len(f.starts), func(i int) bool { return f.starts[i] > off }) - 1
	start := f.starts[line]
	f.mu.Lock()
	from, runes := start, 0
	if f.last.off >= start && f.last.off <= off {
		from, runes = f.last.off, f.last.runes // on this line, before off
	}
	runes += utf8.RuneCount(f.src[from:off])
	f.last.off, f.last.runes = off, runes
	f.mu.Unlock()
	return Pos{Path: f.Path, Line: line + 1, Col: runes + 1}
}

// LinePos returns the position of the first column of 1-based line n.
func (f *File) LinePos(n int) Pos {
	return Pos{Path: f.Path, Line: n, Col: 1}
}
