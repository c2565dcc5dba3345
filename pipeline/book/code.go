package book

import (
	"bytes"

	"github.com/gobook/ebook/pipeline/markdown"
)

// A chapter's code, found ahead of goldmark: GitBook's and HonKit's
// templates are left as written there (gitbook.go), and the one warning
// for a book that uses them without markdown.templates passes over it
// (templates_off.go).

// codeRanges are the byte ranges of a text's code, in order.
type codeRanges [][2]int

// holds reports whether offset off is in one of the ranges. Offsets asked
// about only grow, so ranges that end before off are dropped as it goes.
func (c *codeRanges) holds(off int) bool {
	for len(*c) > 0 && (*c)[0][1] <= off {
		*c = (*c)[1:]
	}
	return len(*c) > 0 && (*c)[0][0] <= off
}

// codeIn returns the byte ranges of src's code as HonKit's preparePage
// finds it: fenced code blocks, and code spans outside them, in order.
// Indented code blocks are not found: telling them from a list item's
// lines needs the whole block structure.
func codeIn(src []byte) [][2]int {
	var out [][2]int
	from := 0
	for _, f := range fencedCode(src) {
		out = append(out, codeSpans(src, from, f[0])...)
		out = append(out, f)
		from = f[1]
	}
	return append(out, codeSpans(src, from, len(src))...)
}

// codeSpans returns the byte ranges of the code spans in src[from:to],
// each from its opening backtick run to the end of its closing one. As
// CommonMark has it, a span closes at the next run of as many backticks,
// in the same paragraph (a blank line ends the search); a backslash
// before the opening run escapes its first backtick. It takes time linear
// in the text: the runs are indexed by length once.
func codeSpans(src []byte, from, to int) [][2]int {
	var out [][2]int
	for from < to {
		para := to
		if i := blankLineAt(src[from:to]); i >= 0 {
			para = from + i
		}
		out = append(out, paraCodeSpans(src, from, para)...)
		from = skipLine(src, para)
		if from <= para {
			from = para + 1
		}
	}
	return out
}

// blankLineAt returns the offset in b of the start of the first blank line
// after its first line, or -1.
func blankLineAt(b []byte) int {
	for i := bytes.IndexByte(b, '\n'); i >= 0; {
		j := i + 1
		for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r') {
			j++
		}
		if j >= len(b) || b[j] == '\n' {
			return i + 1
		}
		next := bytes.IndexByte(b[j:], '\n')
		if next < 0 {
			return -1
		}
		i = j + next
	}
	return -1
}

// paraCodeSpans returns the code spans of one paragraph, src[from:to].
func paraCodeSpans(src []byte, from, to int) [][2]int {
	type run struct{ at, n int }
	var runs []run
	byLen := map[int][]int{} // indexes in runs of the runs of each length
	for i := from; i < to; {
		if src[i] != '`' {
			i++
			continue
		}
		j := i
		for j < to && src[j] == '`' {
			j++
		}
		byLen[j-i] = append(byLen[j-i], len(runs))
		runs = append(runs, run{i, j - i})
		i = j
	}
	var out [][2]int
	next := map[int]int{} // for each length, the first of byLen's indexes still to look at
	for k := 0; k < len(runs); k++ {
		r := runs[k]
		if r.at > from && src[r.at-1] == '\\' {
			r.at, r.n = r.at+1, r.n-1
		}
		if r.n == 0 {
			continue
		}
		idx := byLen[r.n]
		p := next[r.n]
		for p < len(idx) && idx[p] <= k {
			p++
		}
		next[r.n] = p
		if p == len(idx) {
			continue // no closing run: the backticks are text
		}
		c := runs[idx[p]]
		out = append(out, [2]int{r.at, c.at + c.n})
		k = idx[p]
	}
	return out
}

// fencedCode returns the byte ranges of src's fenced code blocks (``` or
// ~~~, in a list item or a quote too, on the item's first line too), each from its opening fence to the
// end of its closing one; an unclosed block runs to the end.
func fencedCode(src []byte) [][2]int {
	var out [][2]int
	var fence []byte // the open block's fence, or nil
	open := 0
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off + 1
		}
		line := bytes.TrimLeft(src[off:end], " \t>")
		switch {
		case fence == nil:
			// A fence may open a list item: "- ```".
			for n := markdown.ListMarkerLen(line); n > 0; n = markdown.ListMarkerLen(line) {
				line = bytes.TrimLeft(line[n:], " \t>")
			}
			if fence = markdown.FenceOpens(line); fence != nil {
				open = off
			}
		case markdown.FenceCloses(fence, line):
			out = append(out, [2]int{open, end})
			fence = nil
		}
		off = end
	}
	if fence != nil {
		out = append(out, [2]int{open, len(src)})
	}
	return out
}
