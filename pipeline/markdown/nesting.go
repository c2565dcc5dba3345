package markdown

import "bytes"

// Limits on nesting. No book needs more; without them a hostile or
// generated chapter could make parsing take hours or overflow the stack of
// every writer that walks the tree.
const (
	// MaxBlockNesting is how deep block quotes and list items may nest.
	// goldmark's block parser takes time proportional to the square of
	// the nesting on each line (it measures the line's indentation from
	// its start for every open container): 100,000 quotes on one line
	// take minutes, lists indented 3,000 levels deep a minute.
	MaxBlockNesting = 100
	// MaxDepth is how deep the document tree may be: lists, block
	// quotes, emphasis, links and HTML elements together (a list in a
	// list counts two: the list and its item).
	MaxDepth = 256
)

// blockNesting returns the byte offset in src of the first list or block
// quote marker that nests deeper than max, or -1. It is a linear scan
// ahead of goldmark that follows CommonMark's container rules roughly,
// erring on the deep side: on each line it counts the list items the
// line's indentation continues, then the block quote and list markers that
// open it. Lines of fenced code and blank lines change nothing.
func blockNesting(src []byte, max int) int {
	var items []int // content columns of the open list items, innermost last
	var fence []byte
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		line := src[off:end]
		lineStart := off
		off = end + 1

		i, col := 0, 0
		skipSpace := func() {
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				if line[i] == '\t' {
					col += 4 - col%4
				} else {
					col++
				}
				i++
			}
		}
		skipSpace()
		if i == len(line) || i == len(line)-1 && line[i] == '\r' {
			continue // blank
		}
		// The indentation of the line's content, past any quote markers,
		// says which list items it continues.
		j, c := i, col
		for j < len(line) && (line[j] == '>' || line[j] == ' ' || line[j] == '\t') {
			j++
			c++
		}
		if fence != nil {
			if bytes.HasPrefix(line[j:], fence) {
				fence = nil
			}
			continue
		}
		for len(items) > 0 && items[len(items)-1] > c {
			items = items[:len(items)-1]
		}
		depth := len(items)
		for i < len(line) {
			at := i
			if line[i] == '>' {
				i++
				col++
			} else if n := markerLen(line[i:]); n > 0 {
				i += n
				col += n
				items = append(items, col+1)
			} else {
				break
			}
			if depth++; depth > max {
				return lineStart + at
			}
			skipSpace()
		}
		if f := fenceOf(line[i:]); f != nil {
			fence = f
		}
	}
	return -1
}

// markerLen returns the length of the list marker (-, +, * or a number
// followed by . or )) that starts s and is followed by white space or the
// end of the line, or 0.
func markerLen(s []byte) int {
	n := 0
	switch {
	case len(s) > 0 && (s[0] == '-' || s[0] == '+' || s[0] == '*'):
		n = 1
	default:
		for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 0 || n == len(s) || (s[n] != '.' && s[n] != ')') {
			return 0
		}
		n++
	}
	if n < len(s) && s[n] != ' ' && s[n] != '\t' && s[n] != '\r' {
		return 0
	}
	return n
}

// fenceOf returns the fence (``` or ~~~, three or more) that opens s, or nil.
func fenceOf(s []byte) []byte {
	if len(s) < 3 || (s[0] != '`' && s[0] != '~') {
		return nil
	}
	n := 0
	for n < len(s) && s[n] == s[0] {
		n++
	}
	if n < 3 {
		return nil
	}
	return s[:n]
}
