package markdown

import (
	"bytes"
	"strings"
)

// FenceInfo splits a code fence's info string into the language and the
// rest, its attributes. The language is the first word, ended by a space,
// a tab, a comma or a brace: "rust,ignore" and "rust editable" (mdBook),
// "sh title=\"x\"", "go {linenos=true}" (Hugo). In pandoc's form, all in
// braces ("{.go .numberLines}"), it is the first class. The rest is kept
// whole for the writers to read attributes from.
func FenceInfo(info string) (lang, rest string) {
	info = strings.TrimSpace(info)
	if strings.HasPrefix(info, "{") {
		inner := strings.TrimSuffix(strings.TrimPrefix(info, "{"), "}")
		for _, f := range strings.Fields(inner) {
			if strings.HasPrefix(f, ".") && len(f) > 1 {
				return f[1:], info
			}
		}
		return "", info
	}
	i := strings.IndexAny(info, " \t,{")
	if i < 0 {
		return info, ""
	}
	return info[:i], strings.TrimSpace(strings.TrimLeft(info[i:], ", \t"))
}

// hideRustLines drops the lines of a Rust listing that rustdoc and mdBook
// hide ("# " or a lone "#" after any indentation: the boilerplate of a
// complete example), as mdBook shows them by default; "##" at their start
// is an escaped "#" and shown as one. "#[" and "#!" start attributes and
// stay.
func hideRustLines(code string) string {
	if !strings.Contains(code, "#") {
		return code
	}
	var b strings.Builder
	b.Grow(len(code))
	for line := range strings.SplitAfterSeq(code, "\n") {
		body := strings.TrimLeft(line, " \t")
		indent := line[:len(line)-len(body)]
		switch {
		case strings.HasPrefix(body, "##"):
			b.WriteString(indent)
			b.WriteString(body[1:])
		case body == "#" || body == "#\n" || strings.HasPrefix(body, "# "):
			// hidden
		default:
			b.WriteString(line)
		}
	}
	return b.String()
}

// The line scans made ahead of goldmark (the nesting and table limits
// here, the template warning in the book's loader) skip fenced code; they
// find it by FenceOpens and FenceCloses, CommonMark's rule, so that they
// agree with each other and with goldmark on where code starts and ends.
// They strip a line's quote markers (the nesting check its list markers
// too) and indentation before asking, having measured the indentation
// from the content of the line's container (the table limit, which does
// not follow lists, from its quote): a fence indented 4 columns or more
// there is indented code, and is not taken for one, which would hide the
// rest of the chapter from the limits.

// FenceOpens returns the run of three or more ` or ~ that opens a fenced
// code block on line, or nil: indented at most 3 spaces, and for `, no `
// in the info string after it (such a line is a paragraph with a code
// span). line may end with its line ending.
func FenceOpens(line []byte) []byte {
	line, ok := fenceIndent(line)
	if !ok || len(line) == 0 || line[0] != '`' && line[0] != '~' {
		return nil
	}
	n := fenceRun(line)
	if n < 3 || line[0] == '`' && bytes.IndexByte(line[n:], '`') >= 0 {
		return nil
	}
	return line[:n]
}

// FenceCloses reports whether line closes the fenced code block that open
// (as FenceOpens returns it) opened: the same character, at least as many,
// indented at most 3 spaces, and nothing after but spaces and tabs; a
// fence with an info string is a line of the code.
func FenceCloses(open, line []byte) bool {
	line, ok := fenceIndent(line)
	if !ok || len(open) == 0 || len(line) == 0 || line[0] != open[0] {
		return false
	}
	n := fenceRun(line)
	return n >= len(open) && len(bytes.TrimRight(line[n:], " \t\r\n")) == 0
}

// fenceIndent returns line without its indentation, and whether that is
// less than 4 columns (4 make an indented code block's line).
func fenceIndent(line []byte) ([]byte, bool) {
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	return line[i:], i < 4 && (i == len(line) || line[i] != '\t')
}

// fenceRun returns how many times line's first byte repeats at its start.
func fenceRun(line []byte) int {
	n := 0
	for n < len(line) && line[n] == line[0] {
		n++
	}
	return n
}
