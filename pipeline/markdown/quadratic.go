package markdown

import "bytes"

// maxParserWork bounds the work goldmark (v1.7) does on two inputs where it
// is quadratic, estimated ahead of it in linear time. At each "](" of a
// link or image, goldmark reads the destination to the next white space
// or closing bracket, and for a line that starts like a link reference
// definition with a title it reads on to the title's closing quote, across
// lines to the end of the paragraph; nothing stops the next attempt from
// reading the same text again. "![x](" repeated over 500 kB took 106 s,
// unterminated titles over 800 kB 22 s. At about 4 ns a byte, the budget
// is a fifth of a second; a real chapter (a thousand links with long
// URLs, a block of hundreds of reference definitions) needs a few
// million.
const maxParserWork = 50_000_000

// parserWork returns the byte offset of the line where the estimated work
// passes maxParserWork, or -1, and which construct it is.
func parserWork(src []byte) (off int, what string) {
	// nextSpace[i]: the first white space at or after i.
	nextSpace := make([]int32, len(src)+1)
	nextSpace[len(src)] = int32(len(src))
	for i := len(src) - 1; i >= 0; i-- {
		switch src[i] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			nextSpace[i] = int32(i)
		default:
			nextSpace[i] = nextSpace[i+1]
		}
	}
	// goldmark's destination ends at white space or at a ")" that closes
	// no "(" of its own: with depth(i) the count of "(" less ")" before
	// i, the first ")" at or after p whose depth is depth(p). Those of
	// each depth are listed in order and each list is walked once, as p
	// moves forward.
	closes := map[int][]int32{}
	depth := 0
	for i, c := range src {
		switch c {
		case '(':
			depth++
		case ')':
			closes[depth] = append(closes[depth], int32(i))
			depth--
		}
	}
	next := map[int]int{} // per depth, how far its list has been walked
	work := 0
	depth = 0
	for i := 0; i+1 < len(src); i++ {
		switch src[i] {
		case '(':
			depth++
		case ')':
			depth--
		}
		if src[i] == ']' && src[i+1] == '(' {
			p := i + 2
			d := depth + 1 // the "(" at i+1 is the destination's own
			stop := int(nextSpace[p])
			list, k := closes[d], next[d]
			for k < len(list) && int(list[k]) < p {
				k++
			}
			next[d] = k
			if k < len(list) {
				stop = min(stop, int(list[k]))
			}
			work += stop - i
			if work > maxParserWork {
				return lineStart(src, i), "links or images opened with \"](\" and not closed"
			}
		}
	}
	// Reference definitions: for each line starting "[label]:" whose
	// title does not end on it, the rest of its paragraph.
	// From the end, to know each paragraph's end; then from the start, to
	// name the first line past the budget.
	type open struct{ start, cost int }
	var opens []open
	total := 0
	paraEnd := len(src)
	for end := len(src); end > 0; {
		start := bytes.LastIndexByte(src[:end-1], '\n') + 1
		line := src[start:end]
		if len(bytes.TrimSpace(line)) == 0 {
			paraEnd = start
		} else if openTitle(line) {
			opens = append(opens, open{start, paraEnd - start})
			total += paraEnd - start
		}
		end = start
	}
	if total <= maxParserWork {
		return -1, ""
	}
	work = 0
	for i := len(opens) - 1; i >= 0; i-- {
		if work += opens[i].cost; work > maxParserWork {
			return opens[i].start, "link reference definitions (\"[label]: URL 'title\") whose titles do not end"
		}
	}
	return -1, ""
}

// openTitle reports whether line starts like a link reference definition
// (up to three spaces, "[", a label, "]:", a destination) with a title
// that does not end on the line.
func openTitle(line []byte) bool {
	t := bytes.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) == 0 || t[0] != '[' {
		return false
	}
	i := bytes.IndexByte(t, ']')
	if i < 1 || i+1 >= len(t) || t[i+1] != ':' {
		return false
	}
	rest := bytes.TrimLeft(t[i+2:], " \t")
	if j := bytes.IndexAny(rest, " \t"); j >= 0 { // past the destination
		rest = bytes.TrimLeft(rest[j:], " \t")
	} else {
		return false
	}
	if len(rest) == 0 {
		return false
	}
	closing := map[byte]byte{'"': '"', '\'': '\'', '(': ')'}[rest[0]]
	return closing != 0 && bytes.IndexByte(rest[1:], closing) < 0
}

// lineStart returns the offset of the start of the line holding src[i].
func lineStart(src []byte, i int) int {
	return bytes.LastIndexByte(src[:i], '\n') + 1
}
