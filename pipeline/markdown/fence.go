package markdown

import "strings"

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
