package book

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gobook/ebook/pipeline/diag"
)

// A book without markdown.templates that was written for GitBook's
// templates: one warning for the book that says to turn them on.

// gitbookBlockRE matches a line that opens one of GitBook's own blocks,
// which no other template language writes that way (Twig's embed takes a
// template's name, not url=).
var gitbookBlockRE = regexp.MustCompile(`(?m)^[ \t>]*\{%-?[ \t]*(?:hint[ \t]|tabs[ \t]*-?%\}|embed[ \t]+url=|content-ref[ \t]|code[ \t]+title=)`)

// templateSyntax returns the offset in src of the first sign that its book
// was written for GitBook or HonKit's templates, which markdown.templates
// leaves as written: a line opening one of GitBook's blocks, or a
// {{ book.NAME }} of book.yaml's variables, outside code (a listing or a
// code span that shows the syntax, which HonKit shows as written too);
// -1 for none. {% raw %} and {% include %} are not signs: Jinja, Django
// and Liquid write them too, in the listings of books about them.
func (l *loader) templateSyntax(src []byte) int {
	code := codeIn(src)
	inCode := func(off int) bool {
		for _, f := range code {
			if f[0] <= off && off < f[1] {
				return true
			}
		}
		return false
	}
	first := -1
	for _, m := range gitbookBlockRE.FindAllIndex(src, -1) {
		if !inCode(m[0]) {
			first = m[0]
			for first < len(src) && src[first] != '{' {
				first++
			}
			break
		}
	}
	if vars := l.book.Manifest.Variables; len(vars) > 0 {
		for _, m := range templateRE.FindAllSubmatchIndex(src, -1) {
			if m[12] >= 0 && (first < 0 || m[0] < first) && !inCode(m[0]) {
				if name, ok := strings.CutPrefix(string(src[m[12]:m[13]]), "book."); ok {
					if _, defined := vars[name]; defined {
						first = m[0]
						break
					}
				}
			}
		}
	}
	return first
}

// noteTemplatesOff warns once, at the first place in reading order, that
// a book uses GitBook's template syntax without markdown.templates.
func (l *loader) noteTemplatesOff() {
	var first diag.Pos
	n := 0
	for _, p := range l.templatesOff {
		if p.Line > 0 {
			if n == 0 {
				first = p
			}
			n++
		}
	}
	if n == 0 {
		return
	}
	where := ""
	switch {
	case n == 2:
		where = " (here and in 1 more chapter)"
	case n > 2:
		where = fmt.Sprintf(" (here and in %d more chapters)", n-1)
	}
	l.diags.Warnf(first, "GitBook's template syntax is shown as written%s: set markdown.templates: true in book.yaml to expand it, as GitBook and HonKit do", where)
}
