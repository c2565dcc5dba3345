package book

import (
	"bytes"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gobook/ebook/pipeline/diag"
)

// mdBook's built-in "links" preprocessor: {{#include}}, {{#rustdoc_include}},
// {{#playground}} and {{#title}}, expanded in a chapter's raw text before it
// is parsed, as mdBook does, so that a directive inside a code fence fills
// the listing. The expanded text is what the parser sees; a line map
// (diag.Segment) keeps every position in the chapter as written.

// MaxIncludeDepth is how deeply included files may include others:
// mdBook's limit.
const MaxIncludeDepth = 10

// directiveRE is mdBook's: an escaped directive (the backslash is dropped,
// the rest printed as written) or a directive with its type and its
// arguments. Leftmost-first alternation, as in mdBook's regex crate.
var directiveRE = regexp.MustCompile(`\\\{\{#.*\}\}|\{\{\s*#([a-zA-Z0-9_]+)\s+([^}]+)\}\}`)

// anchorStartRE and anchorEndRE find ANCHOR markers anywhere in a line
// (after a comment sign of any language), as mdBook does; \w is Unicode
// there.
var (
	anchorStartRE = regexp.MustCompile(`ANCHOR:\s*([\p{L}\p{M}\p{Nd}\p{Pc}-]+)`)
	anchorEndRE   = regexp.MustCompile(`ANCHOR_END:\s*([\p{L}\p{M}\p{Nd}\p{Pc}-]+)`)
)

// expansion is the work of expanding one chapter's directives.
type expansion struct {
	// readFile reads a file by its book-relative path, under the rules
	// for chapters (the loader's folder.read); problems go to diags.
	readFile func(rel string) ([]byte, error)
	diags    *diag.List
	pos      diag.Pos // the position of the top-level directive being expanded
	title    string   // the last {{#title}}
	files    map[string][]byte
	// named lists the book-relative paths the directives named, read or
	// not, in order of first use: ebook watch watches them.
	named []string
	size  int    // bytes included so far, against MaxChapterBytes
	file  string // the file the top-level directive being expanded included
}

// expandDirectives returns src, the text of the chapter at rel, with its
// directives expanded, and the line map from the result to src (nil when
// nothing was expanded). Problems are warnings at the directive, which is
// left as written, as mdBook leaves it.
func (l *loader) expandDirectives(ch *Chapter, display string, src []byte) ([]byte, []diag.Segment, []includedText) {
	if !bytes.Contains(src, []byte("{{")) {
		return src, nil, nil
	}
	matches := directiveRE.FindAllSubmatchIndex(src, -1)
	if matches == nil {
		return src, nil, nil
	}
	x := &expansion{readFile: l.readIncluded, diags: l.diags, files: map[string][]byte{}}
	out, segs, included := x.expandAll(src, matches, ch.Path, diag.NewFile(display, src))
	ch.Includes, ch.DirectiveTitle = x.named, x.title
	return out, segs, included
}

// expandAll expands the directives matches of src, the text of the
// chapter at rel, for the loader and for IncludedFiles alike: the text,
// its line map to src and the pieces included files put in (src and nil
// when nothing was expanded). file gives the directives' positions for
// messages (nil when they are not reported).
func (x *expansion) expandAll(src []byte, matches [][]int, rel string, file *diag.File) ([]byte, []diag.Segment, []includedText) {
	var out []byte
	var segs []diag.Segment
	var included []includedText
	prev := 0
	for _, m := range matches {
		x.file = ""
		if file != nil {
			x.pos = file.Pos(m[0])
		}
		text, ok := x.directive(src, m, rel, []string{rel}, 0)
		if !ok {
			continue // left as written
		}
		out = append(out, src[prev:m[0]]...)
		from, fixed := m[0], true
		if src[m[0]] == '\\' {
			from, fixed = m[0]+1, false // the chapter's own text, shifted
		}
		if text != "" {
			segs = append(segs, diag.Segment{At: len(out), From: from, Fixed: fixed})
			if x.file != "" {
				included = append(included, includedText{at: len(out), end: len(out) + len(text), file: x.file})
			}
			out = append(out, text...)
		}
		segs = append(segs, diag.Segment{At: len(out), From: m[1]})
		prev = m[1]
	}
	if segs == nil {
		return src, nil, nil
	}
	out = append(out, src[prev:]...)
	segs = append([]diag.Segment{{At: 0, From: 0}}, segs...)
	return out, segs, included
}

// includedText is a piece of the expanded text that a directive put in:
// out[at:end] is (from) the file at the book-relative path file.
type includedText struct {
	at, end int
	file    string
}

// readIncluded reads a file a directive names: in the book's folder or,
// for a path that leads out of it ("../examples/x.rs"), in the folder of
// markdown.include_root.
func (l *loader) readIncluded(rel string) ([]byte, error) {
	if l.includes != nil && strings.HasPrefix(path.Clean(rel), "../") {
		return l.includes.read(rel)
	}
	return l.folder.read(rel, "file", MaxChapterBytes)
}

// includeFolder is the folder of markdown.include_root: mdBook reads the
// files its directives name wherever they are, and books keep their
// listings beside src/ (the Rust book's ../listings/), so such a book
// names the folder above its own that they may come from; nothing outside
// it is read.
type includeFolder struct {
	*folder
	prefix string // the book's folder, relative to this one ("src")
}

// openIncludeFolder opens dir, which must hold the book's folder, f.
func openIncludeFolder(f *folder, dir string) (*includeFolder, error) {
	inc, err := openFolder(dir)
	if err != nil {
		return nil, err
	}
	prefix, err := filepath.Rel(inc.real, f.real)
	if err != nil || prefix == ".." || strings.HasPrefix(prefix, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("%s does not hold the book's folder %s", inc.real, f.real)
	}
	return &includeFolder{folder: inc, prefix: filepath.ToSlash(prefix)}, nil
}

// read reads the file at rel, a path relative to the book's folder.
func (f *includeFolder) read(rel string) ([]byte, error) {
	p := path.Join(f.prefix, rel)
	if p == ".." || strings.HasPrefix(p, "../") {
		return nil, &fileError{msg: fmt.Sprintf("file %q is outside the folder include_root names", rel)}
	}
	return f.folder.read(p, "file", MaxChapterBytes)
}

// IncludedFiles returns the book-relative paths of the files that the
// chapters at the book-relative paths chapters include with mdBook's
// directives or, with templates (markdown.templates), GitBook's and
// HonKit's {% include %}, as loading the book finds them
// (Book.IncludePaths): the same
// directives ({{#include}}, {{#rustdoc_include}}, {{#playground}}, with or
// without spaces), the files they name read or not, nested directives
// followed in the part of a file an anchor or a line range selects, up to
// MaxIncludeDepth, in order of first use. read returns a file's content by
// its book-relative path; it is asked once a file, never for one outside
// the book's folder. Problems (a missing file, a cycle) are not reported:
// loading the book reports them. The importer uses it to tell the files
// chapters include from chapters left out of a table of contents, as
// ebook check does.
func IncludedFiles(chapters []string, templates bool, read func(rel string) ([]byte, error)) []string {
	type result struct {
		data []byte
		err  error
	}
	cache := map[string]result{}
	readOnce := func(rel string) ([]byte, error) {
		if r, ok := cache[rel]; ok {
			return r.data, r.err
		}
		var r result
		clean := path.Clean(rel)
		switch {
		case path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../"):
			r.err = fmt.Errorf("%q is outside the book's folder", rel)
		default:
			r.data, r.err = read(clean)
			if r.err == nil && len(r.data) > MaxChapterBytes {
				r.data, r.err = nil, fmt.Errorf("%q is larger than %d bytes", rel, MaxChapterBytes)
			}
		}
		cache[rel] = r
		return r.data, r.err
	}
	var discard diag.List // loading the book reports the problems
	var out []string
	seen := map[string]bool{}
	for _, ch := range chapters {
		ch = path.Clean(ch)
		src, err := readOnce(ch)
		if err != nil {
			continue
		}
		if src, err = textOf(src); err != nil {
			continue
		}
		x := &expansion{readFile: readOnce, diags: &discard, files: map[string][]byte{}}
		text, _, _ := x.expandAll(src, directiveRE.FindAllSubmatchIndex(src, -1), ch, nil)
		// GitBook's and HonKit's {% include %}, as the loader follows
		// them (gitbook.go): in the text mdBook's directives made.
		t := &templater{readFile: readOnce, diags: &discard, chapter: ch,
			pos: func(int) diag.Pos { return diag.Pos{} }, files: map[string][]byte{}}
		if templates && bytes.Contains(text, []byte("{%")) {
			t.expand(text, ch, &emitter{}, []string{ch}, 0)
		}
		for _, p := range append(x.named, t.named...) {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// directive returns what the directive m of src, the text of the file at
// rel, expands to, and false when it stays as written: a type mdBook does
// not know (other preprocessors' syntax), or a problem, reported. stack
// holds the files being expanded, outermost first.
func (x *expansion) directive(src []byte, m []int, rel string, stack []string, depth int) (string, bool) {
	whole := string(src[m[0]:m[1]])
	if m[2] < 0 {
		return whole[1:], true // \{{#...}}: printed without the backslash
	}
	kind, args := string(src[m[2]:m[3]]), string(src[m[4]:m[5]])
	if kind == "title" {
		x.title = strings.TrimSpace(args)
		return "", true
	}
	fields := strings.Fields(args)
	if len(fields) == 0 {
		return "", false
	}
	target, attrs := fields[0], fields[1:]
	var text string
	var err error
	var file string
	switch kind {
	case "include", "rustdoc_include":
		var sel string
		target, sel, _ = strings.Cut(target, ":")
		file, text, err = x.read(rel, target)
		if err == nil {
			text, err = selectLines(text, sel, kind == "rustdoc_include")
		}
		x.size += len(text)
	case "playground", "playpen":
		file, text, err = x.read(rel, target)
		if err == nil {
			info := "rust"
			if len(attrs) > 0 {
				info += "," + strings.Join(attrs, ",")
			}
			if !strings.HasSuffix(text, "\n") {
				text += "\n"
			}
			text = "```" + info + "\n" + text + "```\n"
		}
		x.size += len(text)
	default:
		return "", false
	}
	if err == nil {
		err = nesting(file, stack, depth)
	}
	if err == nil && x.size > MaxChapterBytes {
		// Counted as each piece is read, before it is expanded in
		// turn: a file included twice by a file included twice...
		// would otherwise grow without bound before it is measured.
		err = fmt.Errorf("the chapter with its included files is more than the limit of %d bytes", MaxChapterBytes)
	}
	if err == nil {
		text = x.nested(text, file, append(stack[:len(stack):len(stack)], file), depth+1)
		if depth == 0 {
			x.file = file
		}
	}
	if err != nil {
		where := ""
		if depth > 0 {
			where = fmt.Sprintf(" (in %s)", rel)
		}
		x.diags.Warnf(x.pos, "%s%s: %v; the directive is left as written", whole, where, err)
		return "", false
	}
	return text, true
}

// nested expands the directives of text, the (selected) content of the
// file at rel.
func (x *expansion) nested(text, rel string, stack []string, depth int) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	src := []byte(text)
	var out strings.Builder
	prev := 0
	for _, m := range directiveRE.FindAllSubmatchIndex(src, -1) {
		t, ok := x.directive(src, m, rel, stack, depth)
		if !ok {
			continue
		}
		out.Write(src[prev:m[0]])
		out.WriteString(t)
		prev = m[1]
	}
	out.Write(src[prev:])
	return out.String()
}

// read returns the book-relative path and the text of target, a path
// relative to the file at rel, read under the rules for chapters: inside
// the book's folder, at most MaxChapterBytes, UTF-8.
func (x *expansion) read(rel, target string) (string, string, error) {
	var file string
	if path.IsAbs(target) {
		file = target // refused by folder.read
	} else {
		file = path.Join(path.Dir(rel), target)
	}
	if data, ok := x.files[file]; ok {
		return file, string(data), nil
	}
	if !path.IsAbs(file) && file != ".." && !strings.HasPrefix(file, "../") && !slices.Contains(x.named, file) {
		x.named = append(x.named, file)
	}
	data, err := x.readFile(file)
	if err != nil {
		return file, "", err
	}
	data, err = textOf(data)
	if err != nil {
		return file, "", fmt.Errorf("%q %w", file, err)
	}
	x.files[file] = data
	return file, string(data), nil
}

// textOf checks that data is UTF-8 text as a chapter must be (a byte order
// mark dropped, line ends made "\n").
func textOf(data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return nil, fmt.Errorf("is UTF-16; save it as UTF-8")
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		p := diag.NewFile("", data).Pos(off)
		return nil, fmt.Errorf("is not UTF-8 (byte 0x%02x at line %d, column %d)", data[off], p.Line, p.Col)
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	return data, nil
}

// selectLines returns the part of text sel selects, as mdBook reads it:
// "" the whole file, "N" line N, "N:" from line N, ":M" up to line M,
// "N:M" lines N to M, anything else an anchor's name. Lines join with
// "\n", without a final one. With hide (rustdoc_include), the lines not
// selected are kept, prefixed with "# " (Rust's hidden lines).
func selectLines(text, sel string, hide bool) (string, error) {
	lines := strings.Split(text, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1] // as Rust's str::lines
	}
	if sel == "" {
		return strings.Join(lines, "\n"), nil
	}
	parts := strings.SplitN(sel, ":", 3)
	start, end := 0, len(lines)
	switch n, err := strconv.Atoi(parts[0]); {
	case err == nil && n >= 0:
		start = max(n-1, 0)
		switch {
		case len(parts) == 1:
			end = start + 1
		default:
			if m, err := strconv.Atoi(parts[1]); err == nil && m >= 0 {
				end = m
			}
		}
	case parts[0] == "":
		if len(parts) > 1 {
			if m, err := strconv.Atoi(parts[1]); err == nil && m >= 0 {
				end = m
			}
		}
	default:
		return anchored(lines, parts[0], hide)
	}
	if start >= len(lines) || end <= start {
		return "", fmt.Errorf("lines %s select nothing of a file of %d lines", sel, len(lines))
	}
	end = min(end, len(lines))
	if !hide {
		return strings.Join(lines[start:end], "\n"), nil
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < start || i >= end {
			b.WriteString("# ")
		}
		b.WriteString(l)
	}
	return b.String(), nil
}

// anchored returns the lines between "ANCHOR: name" and "ANCHOR_END: name",
// without the lines that mark other anchors; with hide, the other lines
// of the file are kept as hidden lines.
func anchored(lines []string, name string, hide bool) (string, error) {
	var out []string
	found, in := false, false
	for _, l := range lines {
		switch {
		case in:
			if m := anchorEndRE.FindStringSubmatch(l); m != nil {
				if m[1] == name {
					in = false
					if !hide {
						return strings.Join(out, "\n"), nil
					}
				}
				continue
			}
			if !anchorStartRE.MatchString(l) {
				out = append(out, l)
			}
		default:
			if m := anchorStartRE.FindStringSubmatch(l); m != nil {
				if m[1] == name {
					found, in = true, true
				}
				continue
			}
			if hide && !anchorEndRE.MatchString(l) {
				out = append(out, "# "+l)
			}
		}
	}
	if !found {
		return "", fmt.Errorf("no anchor %q in the file (a line with \"ANCHOR: %s\")", name, name)
	}
	return strings.Join(out, "\n"), nil
}

// nesting returns why file, included at depth by the files of stack
// (outermost first), may not be expanded there: it includes itself, or
// the files nest deeper than MaxIncludeDepth; nil when it may. mdBook's
// includes and HonKit's follow the same rule.
func nesting(file string, stack []string, depth int) error {
	for i, s := range stack {
		if s == file {
			return fmt.Errorf("%q includes itself (%s → %s)", file, strings.Join(stack[i:], " → "), file)
		}
	}
	if depth >= MaxIncludeDepth {
		return fmt.Errorf("included files nest more than %d levels deep (%s → %s)", MaxIncludeDepth, strings.Join(stack, " → "), file)
	}
	return nil
}
