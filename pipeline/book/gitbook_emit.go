package book

import (
	"bytes"
	"strings"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/markdown"
)

// The text GitBook's and HonKit's templates expand to (gitbook.go), as it
// is written: lines prefixed inside hints, quotes and list items, tags
// alone on a line taken out whole, and the line map back to the chapter.

// emitter builds the expanded text of one file and, for the chapter
// itself (track), its line map. Inside hints every line it writes starts
// with the line prefix of the innermost hint: the blank start of the
// hint's own line (a list item's indentation, a quote's marks) and "> ".
// Every line it inserts for a tag then starts with the blank start of the
// tag's line (lead), so that what a tag in a quote or a list item expands
// to stays in it.
type emitter struct {
	out   []byte
	segs  []diag.Segment
	track bool
	hints []hintFrame
	// lead is the blank start of the line of the tag being expanded, as
	// written, list markers as spaces (see leadOf).
	lead string
	// titles are the offsets in out of the code and tab titles written:
	// never a chapter's epigraph (structure.go).
	titles []int
}

// hintFrame is a hint being written.
type hintFrame struct {
	line string // the blank start of the hint's first line in out
	src  string // the blank start of the tag's line as written, which its content's lines repeat
	mark int    // where the hint starts in out
	body int    // where its content starts in out
}

func (e *emitter) seg(s diag.Segment) {
	if !e.track {
		return
	}
	if n := len(e.segs); n > 0 && e.segs[n-1].At == s.At {
		e.segs[n-1] = s // the previous piece is empty
		return
	}
	e.segs = append(e.segs, s)
}

// hintPrefix is what every line written inside hints starts with: the
// innermost hint's prefix.
func (e *emitter) hintPrefix() string {
	if n := len(e.hints); n > 0 {
		return e.hints[n-1].line + "> "
	}
	return ""
}

// linePrefix is what every line inserted for a tag starts with: the hint's
// prefix, then the part of the tag's lead that is not the hint's own.
func (e *emitter) linePrefix() string {
	lead := e.lead
	if n := len(e.hints); n > 0 {
		src := e.hints[n-1].src
		lead = lead[stripPrefix([]byte(lead), 0, len(lead), src):]
	}
	return e.hintPrefix() + lead
}

// copy writes src[from:to], the file's own text. Inside a hint, each line
// of it loses the blank start the hint's tag had, for the hint's prefix.
func (e *emitter) copy(src []byte, from, to int) {
	for from < to {
		if n := len(e.hints); n > 0 && (from == 0 || src[from-1] == '\n') {
			from = stripPrefix(src, from, to, e.hints[n-1].src)
			if from == to {
				return
			}
		}
		e.seg(diag.Segment{At: len(e.out), From: from})
		i := bytes.IndexByte(src[from:to], '\n')
		if i < 0 || len(e.hints) == 0 {
			e.out = append(e.out, src[from:to]...)
			return
		}
		e.out = append(e.out, src[from:from+i+1]...)
		from += i + 1
		if p := e.hintPrefix(); p != "" {
			e.raw(p, from)
		}
	}
}

// stripPrefix returns the offset after the part of prefix, a line's blank
// start of spaces and quote marks, that the line at src[from:to] repeats.
func stripPrefix(src []byte, from, to int, prefix string) int {
	blank := func(c byte) bool { return c == ' ' || c == '\t' }
	for k := 0; k < len(prefix) && from < to; k++ {
		switch c := prefix[k]; {
		case src[from] == c || blank(c) && blank(src[from]):
			from++
		case blank(c):
			// A space the line leaves out (">text"): nothing to take.
		default:
			return from
		}
	}
	return from
}

// insert writes text that stands for the file's text at offset at.
func (e *emitter) insert(text string, at int) {
	if text == "" {
		return
	}
	e.seg(diag.Segment{At: len(e.out), From: at, Fixed: true})
	p := e.linePrefix()
	for text != "" {
		i := strings.IndexByte(text, '\n')
		if i < 0 || p == "" {
			e.out = append(e.out, text...)
			return
		}
		e.out = append(e.out, text[:i+1]...)
		text = text[i+1:]
		if text != "" && text[0] == '\n' {
			e.out = append(e.out, strings.TrimRight(p, " \t")...) // a blank line
		} else {
			e.out = append(e.out, p...)
		}
	}
}

// raw writes text, lines with their prefixes, standing for the file's
// text at offset at.
func (e *emitter) raw(text string, at int) {
	e.seg(diag.Segment{At: len(e.out), From: at, Fixed: true})
	e.out = append(e.out, text...)
}

// prefix writes the line prefix a line inserted starts with.
func (e *emitter) prefix(at int) {
	if p := e.linePrefix(); p != "" {
		e.raw(p, at)
	}
}

// truncate drops the text written after n.
func (e *emitter) truncate(n int) {
	e.out = e.out[:n]
	for len(e.segs) > 0 && e.segs[len(e.segs)-1].At > n {
		e.segs = e.segs[:len(e.segs)-1]
	}
	for len(e.titles) > 0 && e.titles[len(e.titles)-1] >= n {
		e.titles = e.titles[:len(e.titles)-1]
	}
}

// lineTail returns the offset where the last line written starts, and
// whether it holds nothing but quote marks and spaces.
func (e *emitter) lineTail() (int, bool) {
	start := bytes.LastIndexByte(e.out, '\n') + 1
	return start, blankLine(e.out[start:])
}

// blankLine reports whether b holds nothing but quote marks and white space.
func blankLine(b []byte) bool {
	return len(bytes.Trim(b, "> \t\n")) == 0
}

// markerLine reports whether b, a line, holds a list marker and otherwise
// nothing but quote marks and white space: a block written next starts
// the item.
func markerLine(b []byte) bool {
	lead, whole := leadOf(b)
	return whole && lead != string(b)
}

// leadOf returns the blank start of b, the start of a line: its quote
// marks, white space and list markers, each marker as spaces, which is
// what the item's next lines start with; and whether that is all of b.
func leadOf(b []byte) (string, bool) {
	var lead []byte
	for i := 0; i < len(b); {
		switch c := b[i]; {
		case c == ' ' || c == '\t' || c == '>':
			lead = append(lead, c)
			i++
		default:
			// The white space after the marker stays as written: a
			// tab there sets the item's column past the marker's
			// width and one space.
			n := markdown.ListMarkerLen(b[i:])
			if n == 0 {
				return string(lead), false
			}
			lead = append(lead, strings.Repeat(" ", n)...)
			i += n
		}
	}
	return string(lead), true
}

// lineStart makes what is written next start a line (or a list item).
func (e *emitter) lineStart(at int) {
	if start, empty := e.lineTail(); !empty && !markerLine(e.out[start:]) {
		e.insert("\n", at)
	}
}

// blockStart makes what is written next start a block: after a blank
// line, so that it does not continue a paragraph. The line's blank start
// (a list item's indentation, or its marker) stays on the line the block
// starts on.
func (e *emitter) blockStart(at int) {
	start, empty := e.lineTail()
	switch {
	case markerLine(e.out[start:]):
	case !empty:
		e.insert("\n\n", at)
	case start > 0:
		prev := bytes.LastIndexByte(e.out[:start-1], '\n') + 1
		if line := e.out[prev : start-1]; !blankLine(line) && !markerLine(line) {
			tail := string(e.out[start:])
			e.truncate(start)
			e.raw(strings.TrimRight(tail, " \t")+"\n"+tail, at)
		}
	}
}

// endBlock ends the block written so far with a blank line, after leaving
// a hint when hint.
func (e *emitter) endBlock(at int, hint bool) {
	if start, empty := e.lineTail(); empty {
		e.truncate(start)
	} else {
		e.raw("\n", at)
	}
	blank := e.linePrefix()
	if n := len(e.hints); hint && n > 0 {
		blank = e.hints[n-1].line
		e.hints = e.hints[:n-1]
	}
	e.raw(strings.TrimRight(blank, " \t")+"\n", at)
	e.prefix(at)
}

// cutLine drops the last line written when it is blank but for its
// prefix: a block tag alone on its line leaves no line, so that its
// indentation does not add to the next line's, which the file's text
// gives. A list marker stays, on a line of its own: the item starts with
// the next line.
func (e *emitter) cutLine(at int) {
	start, empty := e.lineTail()
	switch {
	case empty:
		e.truncate(start)
	case markerLine(e.out[start:]):
		tail := string(e.out[start:])
		e.truncate(start)
		e.raw(strings.TrimRight(tail, " \t")+"\n", at)
	default:
		return
	}
	if p := e.hintPrefix(); p != "" {
		e.raw(p, at)
	}
}

// trimSpace drops the white space written last: {%- and {{-.
func (e *emitter) trimSpace() {
	e.truncate(len(bytes.TrimRight(e.out, " \t\n")))
}

// skipSpace returns the offset of the first byte of src from i on that is
// not white space: -%} and -}}.
func skipSpace(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n') {
		i++
	}
	return i
}

// skipLine returns the offset after the rest of the line from i on when it
// is blank (a block tag alone on its line), else i.
func skipLine(src []byte, i int) int {
	j := i
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	switch {
	case j == len(src):
		return j
	case src[j] == '\n':
		return j + 1
	}
	return i
}
