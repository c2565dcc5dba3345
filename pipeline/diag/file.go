package diag

import (
	"sort"
	"unicode/utf8"
)

// File maps byte offsets in a source file to line and column positions.
type File struct {
	Path   string // the path as shown to the user
	src    []byte
	starts []int // byte offset of the start of each line
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
	col := utf8.RuneCount(f.src[f.starts[line]:off]) + 1
	return Pos{Path: f.Path, Line: line + 1, Col: col}
}

// LinePos returns the position of the first column of 1-based line n.
func (f *File) LinePos(n int) Pos {
	return Pos{Path: f.Path, Line: n, Col: 1}
}
