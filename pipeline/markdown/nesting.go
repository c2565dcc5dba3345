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

// TooDeep returns the byte offset in src of the first list or block quote
// marker nested deeper than MaxBlockNesting, or -1: for readers of
// Markdown other than Parse (ebook init's SUMMARY.md), which goldmark
// would take minutes to read.
func TooDeep(src []byte) int { return blockNesting(src, MaxBlockNesting) }

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
			if FenceCloses(fence, line[j:]) {
				fence = nil
			}
			continue
		}
		for len(items) > 0 && items[len(items)-1] > c {
			items = items[:len(items)-1]
		}
		depth := len(items)
		// base is the content column of the line's innermost container:
		// a fence indented 4 columns or more past it is indented code,
		// and taking it for a fence would hide the rest of the chapter
		// from this check.
		base := 0
		if depth > 0 {
			base = items[depth-1]
		}
		for i < len(line) {
			at := i
			if line[i] == '>' {
				i++
				col++
				base = col + 1 // and the space after it, if any
			} else if n := ListMarkerLen(line[i:]); n > 0 {
				i += n
				col += n
				items = append(items, col+1)
				base = col + 1
			} else {
				break
			}
			if depth++; depth > max {
				return lineStart + at
			}
			skipSpace()
		}
		if col-base < 4 {
			fence = FenceOpens(line[i:])
		}
	}
	return -1
}

// quotedIndent returns the indentation of line's content in columns, past
// its block quote markers (each with the one space that belongs to it):
// what says whether a fence there is indented code. The list items the
// line may be in are not known: their indentation counts too, on the side
// of seeing no fence.
func quotedIndent(line []byte) int {
	col, base := 0, 0
	for _, b := range line {
		switch b {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		case '>':
			col++
			base = col + 1
		default:
			return max(col-base, 0)
		}
	}
	return max(col-base, 0)
}

// ListMarkerLen returns the length of the list marker (-, +, * or a
// number of at most 9 digits followed by . or )) that starts s and is
// followed by white space or the end of the line, or 0. The white space
// is not counted: a tab after the marker makes a wider indentation than a
// space, which callers keep as written. The one rule of the line scans
// here and in the book's template expansion.
func ListMarkerLen(s []byte) int {
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

// Limits on one table, checked ahead of goldmark: a table of 1000 × 1000
// cells (2 MB) took 1.4 GB to parse and convert, about 1.4 kB a cell, and
// one of 100,000 columns 780 MB. No table that a page or a screen can show
// comes near them.
const (
	MaxTableCells   = 100_000
	MaxTableColumns = 1_000
)

// bigTable returns the byte offset of the first GitHub table in src with
// more cells or columns than the limits, and what it has, or -1. It is a
// linear scan: a table is a line with a "|" followed by a delimiter row
// ("|---|:-:|") and the lines with a "|" after them, outside fenced code,
// in a block quote too; its cells are counted by their "|", erring on the
// large side.
func bigTable(src []byte) (off, cells, cols int) {
	var fence []byte
	inTable, start := false, 0
	prevStart, prevCells := -1, 0
	for at := 0; at < len(src); {
		end := bytes.IndexByte(src[at:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += at
		}
		line := src[at:end]
		lineStart := at
		at = end + 1
		// Quote markers too: a table or a fence in a block quote is
		// one for goldmark.
		content := bytes.TrimLeft(line, " \t>")
		if fence != nil {
			if FenceCloses(fence, content) {
				fence = nil
			}
			continue
		}
		// A fence indented 4 columns past its quote is indented code
		// (or a list item's fence, whose lines are then counted too,
		// erring on the large side), never one that hides what follows.
		if quotedIndent(line) < 4 {
			if fence = FenceOpens(content); fence != nil {
				inTable, prevStart = false, -1
				continue
			}
		}
		pipes := bytes.Count(line, []byte("|"))
		switch {
		case pipes == 0 || len(bytes.TrimSpace(line)) == 0:
			inTable, prevStart = false, -1
			continue
		case !inTable && prevStart >= 0 && delimiterRow(content):
			inTable, start = true, prevStart
			cells, cols = prevCells, prevCells
		case !inTable:
			prevStart, prevCells = lineStart, rowCells(content)
			continue
		}
		n := rowCells(content)
		cells += n
		cols = max(cols, n)
		if cells > MaxTableCells || cols > MaxTableColumns {
			// Count the rest of the table for the message.
			for at < len(src) {
				end := bytes.IndexByte(src[at:], '\n')
				if end < 0 {
					end = len(src)
				} else {
					end += at
				}
				if bytes.IndexByte(src[at:end], '|') < 0 {
					break
				}
				n := rowCells(bytes.TrimLeft(src[at:end], " \t>"))
				cells += n
				cols = max(cols, n)
				at = end + 1
			}
			return start, cells, cols
		}
	}
	return -1, 0, 0
}

// rowCells counts the cells of a table row by its "|": leading and
// trailing ones are borders (an escaped "\|" is counted too, on the large
// side).
func rowCells(line []byte) int {
	line = bytes.TrimSpace(line)
	n := bytes.Count(line, []byte("|")) + 1
	if bytes.HasPrefix(line, []byte("|")) {
		n--
	}
	if len(line) > 1 && bytes.HasSuffix(line, []byte("|")) {
		n--
	}
	return max(n, 1)
}

// delimiterRow reports whether line is a table's delimiter row: only |, :,
// - and spaces, with a -.
func delimiterRow(line []byte) bool {
	line = bytes.TrimSpace(line)
	if !bytes.Contains(line, []byte("-")) {
		return false
	}
	for _, c := range line {
		switch c {
		case '|', ':', '-', ' ', '\t':
		default:
			return false
		}
	}
	return true
}
