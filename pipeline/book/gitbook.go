package book

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/gobook/ebook/pipeline/diag"
)

// GitBook's and HonKit's templates: the Nunjucks tags and variables such
// books write in their chapters, processed in a chapter's raw text before
// it is parsed, as HonKit renders a page's template before its Markdown;
// except in the chapter's code blocks and code spans, which HonKit wraps
// in {% raw %} first (a file {% include %} pulls in is not: its code is
// rendered too). What print can show is rewritten into Markdown: {% raw %},
// {{ book.NAME }} (book.yaml's variables), {% include %}, and GitBook's
// blocks (hint, code, tabs, embed, content-ref). Any other tag is left as
// written with a warning. Like mdBook's directives (include.go), the
// result keeps a line map (diag.Segment) to the chapter as written.

// templateRE matches a tag, {% name args %}, with Nunjucks' whitespace
// control ({%- strips the whitespace before, -%} the whitespace after), or
// a variable of the book, the page or the file, {{ book.NAME }}, with its
// filters ({{ book.NAME | upper }}, gitbook_filters.go), where a quoted
// text may hold "}}". A tag is on one line: {% inside code ("{%d}") is
// left alone.
var templateRE = regexp.MustCompile(`\{%(-?)[ \t]*([A-Za-z_]\w*(?:-\w+)*)((?:[ \t](?:[^%\n]|%[^}\n])*?)?)[ \t]*(-?)%\}` +
	`|\{\{(-?)[ \t]*((?:book|page|file)\.[A-Za-z_][\w.-]*)` +
	`((?:[ \t]*\|(?:[^"'}\n]|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|["']|\}[^}\n])*?)?)[ \t]*(-?)\}\}`)

// endrawRE matches the tag that ends {% raw %}.
var endrawRE = regexp.MustCompile(`\{%(-?)[ \t]*endraw[ \t]*(-?)%\}`)

// attrRE matches a tag's argument key="value" or key='value'.
var attrRE = regexp.MustCompile(`([A-Za-z_][\w-]*)[ \t]*=[ \t]*(?:"([^"]*)"|'([^']*)')`)

// quotedRE matches {% include %}'s argument, a quoted path.
var quotedRE = regexp.MustCompile(`^[ \t]*(?:"([^"]*)"|'([^']*)')[ \t]*$`)

// hintAlerts maps GitBook's hint styles to GitHub's alerts.
var hintAlerts = map[string]string{"info": "NOTE", "success": "TIP", "warning": "WARNING", "danger": "CAUTION"}

// templater is the work of expanding one chapter's templates.
type templater struct {
	vars     map[string]string // book.yaml's variables
	title    string            // {{ page.title }}: the manifest's title of the chapter, if any
	chapter  string            // {{ file.path }}: the chapter's book-relative path
	readFile func(rel string) ([]byte, error)
	diags    *diag.List
	pos      func(off int) diag.Pos // positions of the chapter's offsets
	at       diag.Pos               // the position of the chapter's tag being expanded
	files    map[string][]byte
	named    []string // files {% include %} named, in order of first use
	size     int      // bytes inserted so far, against MaxChapterBytes
	// included are the pieces of the chapter's text that mdBook's
	// {{#include}} put in, for the file a problem is in.
	included []includedText
	// unknown counts the tags shown as written, by name, in order of
	// first use: one warning each.
	unknown      map[string]*unknownTag
	unknownOrder []string
}

// unknownTag is a tag name shown as written: how often, and where first.
type unknownTag struct {
	n     int
	pos   diag.Pos
	where string
}

// openTag is a block tag whose end tag is still to come.
type openTag struct {
	name  string
	whole string
	at    int
	pos   diag.Pos
}

// blankFrontMatter returns src with its YAML front matter (a first line
// "---", up to a line "---" or "...") made blank, as HonKit takes it out
// of a page before it renders its templates; a book whose pages carry it
// (for GitBook's description, or for Docusaurus later) otherwise showed it
// as a rule and a heading, and took that heading for the chapter's title.
// The lines stay, as empty ones, so that every position is the one
// written. src is returned when it has none.
func blankFrontMatter(src []byte) []byte {
	first, rest, ok := bytes.Cut(src, []byte("\n"))
	if !ok || string(bytes.TrimRight(first, " \t\r")) != "---" {
		return src
	}
	end := len(first) + 1
	for len(rest) > 0 {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		end += len(line) + 1
		if l := string(bytes.TrimRight(line, " \t\r")); l == "---" || l == "..." {
			out := bytes.Clone(src)
			for i := range min(end, len(out)) {
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
			return out
		}
		rest = next
	}
	return src
}

// expandTemplates returns src, the text of chapter ch, with its templates
// expanded, and the line map from the result to the file as written; file
// gives the positions of src's offsets. It returns src and nil when there
// is nothing to expand.
func (l *loader) expandTemplates(ch *Chapter, file *diag.File, src []byte, included []includedText) ([]byte, []diag.Segment) {
	if !bytes.Contains(src, []byte("{%")) && !bytes.Contains(src, []byte("{{")) {
		return src, nil
	}
	if !l.book.Manifest.TemplatesOn() {
		// templates: false says the author knows: no warning.
		if l.book.Manifest.Markdown.Templates != nil {
			return src, nil
		}
		if off := l.templateSyntax(src); off >= 0 {
			l.templatesOff[ch.Index] = file.Pos(off)
		}
		return src, nil
	}
	t := &templater{
		vars:     l.book.Manifest.Variables,
		title:    l.entries[ch.Index].Title,
		chapter:  ch.Path,
		readFile: l.readIncluded,
		diags:    l.diags,
		pos:      file.Pos,
		files:    map[string][]byte{},
		included: included,
	}
	e := &emitter{track: true}
	changed := t.expand(src, ch.Path, e, []string{ch.Path}, 0)
	t.noteUnsupported()
	if !changed {
		return src, nil
	}
	ch.titles = e.titles
	for _, p := range t.named {
		if !slices.Contains(ch.Includes, p) {
			ch.Includes = append(ch.Includes, p)
		}
	}
	if len(e.segs) == 0 || e.segs[0].At != 0 {
		e.segs = append([]diag.Segment{{At: 0, From: 0}}, e.segs...)
	}
	return e.out, e.segs
}

// warnf reports a problem of the tag at offset off of the file at rel.
func (t *templater) warnf(off int, rel string, depth int, format string, args ...any) {
	p, where := t.where(off, rel, depth)
	t.diags.Warnf(p, "%s%s", fmt.Sprintf(format, args...), where)
}

// where returns the position in the chapter of offset off of the file at
// rel, and the file's name for a message when it is another file.
func (t *templater) where(off int, rel string, depth int) (diag.Pos, string) {
	if depth > 0 {
		return t.at, fmt.Sprintf(" (in %s)", rel)
	}
	for _, in := range t.included {
		if in.at <= off && off < in.end {
			return t.pos(off), fmt.Sprintf(" (in %s)", in.file)
		}
	}
	return t.pos(off), ""
}

// expand writes the expansion of src, the text of the file at rel, to e,
// and reports whether it changed anything. stack holds the files being
// expanded, outermost first.
func (t *templater) expand(src []byte, rel string, e *emitter, stack []string, depth int) bool {
	changed := false
	var open []openTag
	embeds := 0 // {% embed %} tags not yet closed
	// HonKit wraps a page's code blocks and code spans in {% raw %}
	// before it renders the page (preparePage), so templates in code
	// are shown as written; a file {% include %} pulls in is rendered
	// without that, its code too.
	var code codeRanges
	if depth == 0 {
		code = codeRanges(codeIn(src))
	}
	pos := 0
	for pos < len(src) {
		loc := templateRE.FindSubmatchIndex(src[pos:])
		if loc == nil {
			break
		}
		for i := range loc {
			if loc[i] >= 0 {
				loc[i] += pos
			}
		}
		start, end := loc[0], loc[1]
		if code.holds(start) {
			e.copy(src, pos, end)
			pos = end
			continue
		}
		if depth == 0 {
			t.at = t.pos(start)
		}
		whole := string(src[start:end])
		e.copy(src, pos, start)
		before := src[bytes.LastIndexByte(src[:start], '\n')+1 : start]
		e.lead, _ = leadOf(before)
		pos = end
		asWritten := func() { e.copy(src, start, end) }
		if loc[12] >= 0 { // a variable
			v, ok := t.evaluate(src, loc, rel, depth)
			if !ok {
				asWritten()
				continue
			}
			if t.size += len(v); t.size > MaxChapterBytes {
				t.warnf(start, rel, depth, "%s: the chapter with its variables and included files is more than the limit of %d bytes; shown as written", whole, MaxChapterBytes)
				asWritten()
				continue
			}
			changed = true
			if loc[10] < loc[11] {
				e.trimSpace()
			}
			e.insert(v, start)
			if loc[16] < loc[17] {
				pos = skipSpace(src, pos)
			}
			continue
		}
		name, args := string(src[loc[4]:loc[5]]), string(src[loc[6]:loc[7]])
		trimBefore, trimAfter := loc[2] < loc[3], loc[8] < loc[9]
		attrs := map[string]string{}
		for _, m := range attrRE.FindAllStringSubmatch(args, -1) {
			attrs[m[1]] = m[2] + m[3]
		}
		// alone drops the line of a block tag written alone on its line,
		// so that its indentation does not add to the next line's.
		alone := func() {
			if n := skipLine(src, pos); n != pos || n == len(src) {
				pos = n
				e.cutLine(start)
			}
		}
		switch name {
		case "raw":
			if trimBefore {
				e.trimSpace()
			}
			if trimAfter {
				pos = skipSpace(src, pos)
			}
			m := endrawRE.FindSubmatchIndex(src[pos:])
			if m == nil {
				t.warnf(start, rel, depth, "%s has no {%% endraw %%}: the rest of the file is taken as written", whole)
				e.copy(src, pos, len(src))
				pos = len(src) // on to the blocks still open
				changed = true
				continue
			}
			e.copy(src, pos, pos+m[0])
			if m[2] < m[3] {
				e.trimSpace()
			}
			pos += m[1]
			if m[4] < m[5] {
				pos = skipSpace(src, pos)
			}
			changed = true
			continue
		case "include":
			text, titles, ok := t.include(args, whole, start, rel, stack, depth)
			if !ok {
				asWritten()
				continue
			}
			if trimBefore {
				e.trimSpace()
			}
			if e.linePrefix() == "" {
				for _, at := range titles {
					e.titles = append(e.titles, len(e.out)+at)
				}
			}
			e.insert(text, start)
			if trimAfter {
				pos = skipSpace(src, pos)
			}
			changed = true
			continue
		case "hint":
			style := attrs["style"]
			alert, ok := hintAlerts[style]
			if !ok {
				t.warnf(start, rel, depth, "%s: hint style %q is none of info, success, warning, danger; shown as a note", whole, style)
				alert = "NOTE"
			}
			e.blockStart(start)
			lineStart, _ := e.lineTail()
			// The hint's lines start as its first line does, a list
			// marker as spaces, and its content's lines as written
			// start as the tag's line.
			line, _ := leadOf(e.out[lineStart:])
			f := hintFrame{line: line, src: e.lead, mark: len(e.out)}
			e.raw("> [!"+alert+"]\n", start)
			e.hints = append(e.hints, f)
			e.prefix(start)
			e.hints[len(e.hints)-1].body = len(e.out)
			open = append(open, openTag{name: name, whole: whole, at: start, pos: t.at})
			pos = skipLine(src, pos)
			changed = true
			continue
		case "code":
			e.blockStart(start)
			if title := attrs["title"]; title != "" {
				e.titles = append(e.titles, len(e.out))
				e.insert("*"+escapeMarkdown(title)+"*\n\n", start)
			}
		case "tabs", "content-ref":
			e.lineStart(start)
		case "tab":
			e.blockStart(start)
			if title := attrs["title"]; title != "" {
				e.titles = append(e.titles, len(e.out))
				e.insert("**"+escapeMarkdown(title)+"**\n\n", start)
			}
		case "embed":
			u := attrs["url"]
			if u == "" || strings.ContainsAny(u, "<>\n") {
				t.warnf(start, rel, depth, "%s: an embed needs a url=\"…\"; shown as written", whole)
				asWritten()
				continue
			}
			text := attrs["caption"]
			if text == "" {
				text = u
			}
			e.blockStart(start)
			e.insert("["+escapeMarkdown(text)+"](<"+u+">)\n\n", start)
			alone()
			embeds++ // its {% endembed %} is optional
			changed = true
			continue
		case "endembed", "endraw", "endhint", "endcode", "endtabs", "endtab", "endcontent-ref":
			opener := strings.TrimPrefix(name, "end")
			switch {
			case opener == "embed" && embeds > 0:
				embeds--
				e.endBlock(start, false)
			case opener == "embed" || opener == "raw" || len(open) == 0 || open[len(open)-1].name != opener:
				t.warnf(start, rel, depth, "%s closes no {%% %s %%}; shown as written", whole, opener)
				asWritten()
				continue
			default:
				o := open[len(open)-1]
				open = open[:len(open)-1]
				switch {
				case opener == "code":
					e.lineStart(start)
				case opener == "hint" && blankLine(e.out[e.hints[len(e.hints)-1].body:]):
					t.warnf(o.at, rel, depth, "%s is empty: left out", o.whole)
					e.truncate(e.hints[len(e.hints)-1].mark)
					e.hints = e.hints[:len(e.hints)-1]
				default:
					e.endBlock(start, opener == "hint")
				}
			}
			alone()
			changed = true
			continue
		default:
			if base, ok := strings.CutPrefix(name, "end"); !ok || t.unknown[base] == nil {
				t.unsupported(name, start, rel, depth)
			}
			asWritten()
			continue
		}
		// A block tag whose end tag is to come.
		alone()
		open = append(open, openTag{name: name, whole: whole, at: start, pos: t.at})
		changed = true
	}
	e.copy(src, pos, len(src))
	for i := len(open) - 1; i >= 0; i-- { // innermost first, as hints are left
		o := open[i]
		if depth == 0 {
			t.at = o.pos
		}
		if o.name == "hint" {
			h := e.hints[len(e.hints)-1]
			e.hints = e.hints[:len(e.hints)-1]
			if blankLine(e.out[h.body:]) {
				t.warnf(o.at, rel, depth, "%s is empty: left out", o.whole)
				e.truncate(h.mark)
				continue
			}
		}
		t.warnf(o.at, rel, depth, "{%% %s %%} has no {%% end%s %%}; it ends with the file", o.name, o.name)
	}
	return changed
}

// unsupported counts a tag that is shown as written, reported once for
// the chapter (see noteUnsupported).
func (t *templater) unsupported(name string, off int, rel string, depth int) {
	if u := t.unknown[name]; u != nil {
		u.n++
		return
	}
	if t.unknown == nil {
		t.unknown = map[string]*unknownTag{}
	}
	p, where := t.where(off, rel, depth)
	t.unknown[name] = &unknownTag{n: 1, pos: p, where: where}
	t.unknownOrder = append(t.unknownOrder, name)
}

// noteUnsupported warns once for each tag name shown as written, at its
// first use, with the number of uses.
func (t *templater) noteUnsupported() {
	for _, name := range t.unknownOrder {
		u := t.unknown[name]
		times := ""
		if u.n > 1 {
			times = fmt.Sprintf(" (%d times in this chapter)", u.n)
		}
		t.diags.Warnf(u.pos, "GitBook/HonKit tag {%% %s %%} is not supported%s: shown as written%s", name, times, u.where)
	}
}

// evaluate returns the text of the variable templateRE matched at loc in
// src, its filters applied, or false after reporting why it is shown as
// written. Names of the page and the file other than page.title and
// file.path are other tools' syntax: as written, silently.
func (t *templater) evaluate(src []byte, loc []int, rel string, depth int) (string, bool) {
	start, whole := loc[0], string(src[loc[0]:loc[1]])
	name := string(src[loc[12]:loc[13]])
	if !strings.HasPrefix(name, "book.") && name != "page.title" && name != "file.path" {
		return "", false
	}
	calls, perr := parseFilters(string(src[loc[14]:loc[15]]))
	if perr == nil {
		perr = checkFilters(calls)
	}
	if perr != nil {
		t.warnf(loc[14]+perr.off, rel, depth, "%s: %s; shown as written", whole, perr.msg)
		return "", false
	}
	in := value{} // undefined
	if s, ok := t.variable(name); ok {
		in = text(s)
	} else if name == "page.title" || !hasDefault(calls) {
		// A title we do not know is not undefined in HonKit: no
		// default stands for it.
		t.warnf(start, rel, depth, "%s: %s; shown as written", whole, t.missing(name))
		return "", false
	}
	arg := func(name string) (value, error) {
		if s, ok := t.variable(name); ok {
			return text(s), nil
		}
		if name == "page.title" {
			return value{}, fmt.Errorf("%s: %s", name, t.missing(name))
		}
		return value{}, nil
	}
	out, ferr := applyFilters(in, calls, arg)
	if ferr != nil {
		t.warnf(loc[14]+ferr.off, rel, depth, "%s: %s; shown as written", whole, ferr.msg)
		return "", false
	}
	return out.String(), true
}

// variable returns the value of a template variable, if it is known.
func (t *templater) variable(name string) (string, bool) {
	switch name {
	case "page.title":
		return t.title, t.title != ""
	case "file.path":
		return t.chapter, true
	}
	if n, ok := strings.CutPrefix(name, "book."); ok {
		v, ok := t.vars[n]
		return v, ok
	}
	return "", false
}

// missing says why a variable has no value.
func (t *templater) missing(name string) string {
	if name == "page.title" {
		return "the chapter's title is known only once it is read; give it a title in book.yaml"
	}
	return fmt.Sprintf("no variable %q in book.yaml's variables", strings.TrimPrefix(name, "book."))
}

// include returns the expanded text of the file {% include %} names and
// the offsets of the titles in it, or false after reporting why it stays
// as written. HonKit resolves the path
// from the including file's folder, or from the book's root when it starts
// with "/".
func (t *templater) include(args, whole string, at int, rel string, stack []string, depth int) (string, []int, bool) {
	m := quotedRE.FindStringSubmatch(args)
	if m == nil {
		t.warnf(at, rel, depth, "%s: only a quoted path is supported; shown as written", whole)
		return "", nil, false
	}
	target := m[1] + m[2]
	if strings.Contains(target, "://") || strings.HasPrefix(target, "git+") {
		t.warnf(at, rel, depth, "%s: files from other repositories are not included; shown as written", whole)
		return "", nil, false
	}
	var file string
	if rest, ok := strings.CutPrefix(target, "/"); ok {
		file = path.Clean(rest)
	} else {
		file = path.Join(path.Dir(rel), target)
	}
	data, err := t.read(file)
	if err == nil {
		err = nesting(file, stack, depth)
	}
	if err == nil {
		if t.size += len(data); t.size > MaxChapterBytes {
			err = fmt.Errorf("the chapter with its included files is more than the limit of %d bytes", MaxChapterBytes)
		}
	}
	if err != nil {
		t.warnf(at, rel, depth, "%s: %v; shown as written", whole, err)
		return "", nil, false
	}
	inner := &emitter{}
	t.expand(data, file, inner, append(stack[:len(stack):len(stack)], file), depth+1)
	return string(inner.out), inner.titles, true
}

// read returns the text of the file at the book-relative path file, read
// under the rules for chapters, once.
func (t *templater) read(file string) ([]byte, error) {
	if data, ok := t.files[file]; ok {
		return data, nil
	}
	if !path.IsAbs(file) && file != ".." && !strings.HasPrefix(file, "../") && !slices.Contains(t.named, file) {
		t.named = append(t.named, file)
	}
	data, err := t.readFile(file)
	if err != nil {
		return nil, err
	}
	if data, err = textOf(data); err != nil {
		return nil, fmt.Errorf("%q %w", file, err)
	}
	t.files[file] = data
	return data, nil
}

// escapeMarkdown escapes the characters of s that Markdown would read as
// markup in a title or a caption.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>#!|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// composeSegments returns the line map from text to the file as written,
// given outer, the map from text to an intermediate text of length n, and
// inner, the map from that to the file (either nil: the identity).
func composeSegments(inner, outer []diag.Segment, n, textLen int) []diag.Segment {
	switch {
	case inner == nil:
		return outer
	case outer == nil:
		return inner
	}
	// at maps an offset of the intermediate text: the inner segment it
	// falls in.
	at := func(off int) int {
		i := 0
		for i+1 < len(inner) && inner[i+1].At <= off {
			i++
		}
		return i
	}
	var out []diag.Segment
	add := func(s diag.Segment) {
		if k := len(out); k > 0 && out[k-1].At == s.At {
			out[k-1] = s
			return
		}
		out = append(out, s)
	}
	for i, o := range outer {
		end := textLen
		if i+1 < len(outer) {
			end = outer[i+1].At
		}
		j := at(min(o.From, n))
		if o.Fixed {
			s := inner[j]
			from := s.From
			if !s.Fixed {
				from += o.From - s.At
			}
			add(diag.Segment{At: o.At, From: from, Fixed: true})
			continue
		}
		for off := o.From; ; j++ {
			s := inner[j]
			from := s.From
			if !s.Fixed {
				from += off - s.At
			}
			add(diag.Segment{At: o.At + off - o.From, From: from, Fixed: s.Fixed})
			if j+1 >= len(inner) || inner[j+1].At >= o.From+end-o.At {
				break
			}
			off = inner[j+1].At
		}
	}
	return out
}
