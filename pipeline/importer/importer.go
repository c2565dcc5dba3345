// Package importer turns an existing GitBook, HonKit, mdBook or WaBook
// project into a book.yaml manifest: the table of contents comes from its
// SUMMARY.md, the title, authors, language and description from book.json,
// book.toml or book.ini next to it.
//
// The import checks every file SUMMARY.md links before anything is written:
// a missing file, a file outside the summary's folder, a file listed twice
// or a summary without chapters is an error at its SUMMARY.md:line:col, and
// no manifest is produced. Markdown files that SUMMARY.md does not list are
// reported, not added.
package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/manifest"
	"github.com/gobook/ebook/pipeline/sanitize"
)

// Options say what to import.
type Options struct {
	// Summary is the path of SUMMARY.md, or of a folder holding it (or
	// holding book.json, book.toml or book.ini that point at it).
	Summary string
	// ManifestDir is the folder the manifest will be written to: the
	// manifest's root: is the summary's folder relative to it.
	ManifestDir string
}

// Result is an imported book.
type Result struct {
	// YAML is the manifest, with comments.
	YAML []byte
	// Manifest is YAML decoded again, as a build will read it.
	Manifest *manifest.Manifest
	// Summary is the path of the SUMMARY.md that was read.
	Summary  string
	Meta     *Metadata
	Chapters int // chapter files listed
	// Unlisted are the Markdown files under the summary's folder that it
	// does not list, relative to that folder.
	Unlisted []string
}

// Import reads the book at opts.Summary. Problems are reported to diags;
// the result is nil when there were errors.
func Import(opts Options, diags *diag.List) *Result {
	var local diag.List
	r := doImport(opts, &local)
	diags.Merge(&local)
	if local.HasErrors() {
		return nil
	}
	return r
}

func doImport(opts Options, diags *diag.List) *Result {
	summaryPath, err := FindSummary(opts.Summary)
	if err != nil {
		diags.Errorf(diag.Pos{Path: opts.Summary}, "%v", err)
		return nil
	}
	display := filepath.ToSlash(summaryPath)
	src, err := os.ReadFile(summaryPath)
	if err != nil {
		diags.Errorf(diag.Pos{Path: display}, "cannot read: %v", unwrapPathError(err))
		return nil
	}
	if len(strings.TrimSpace(string(src))) == 0 {
		diags.Errorf(diag.Pos{Path: display}, "the table of contents is empty: list the chapters as links, such as \"- [Introduction](intro.md)\"")
		return nil
	}
	dir := filepath.Dir(summaryPath)
	real, err := filepath.EvalSymlinks(dir)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		diags.Errorf(diag.Pos{Path: display}, "cannot open its folder: %v", unwrapPathError(err))
		return nil
	}
	im := &importer{
		dir: dir, real: real, display: display, diags: diags,
		seen:    map[string]diag.Pos{},
		summary: filepath.Base(summaryPath),
	}

	sum := parseSummary(display, src, diags)
	var meta *Metadata
	if p := findMetadata(dir); p != "" {
		var ok bool
		if meta, ok = readMetadata(p, filepath.ToSlash(p), diags); !ok {
			return nil
		}
	}

	b := im.convert(sum)
	if diags.HasErrors() {
		return nil
	}
	if im.files == 0 {
		diags.Errorf(diag.Pos{Path: display}, "no chapters: the table of contents links no Markdown file")
		return nil
	}
	unlisted := im.unlisted()
	for _, u := range unlisted {
		diags.Warnf(diag.Pos{Path: im.shown(u)}, "not listed in %s, so not imported: add it to book.yaml if it belongs to the book", im.summary)
	}

	b.meta = im.metadata(meta, sum)
	root, err := relativeRoot(opts.ManifestDir, dir)
	if err != nil {
		diags.Errorf(diag.Pos{Path: display}, "%v", err)
		return nil
	}
	b.root = root
	b.outputName = outputName(b.meta.Title, dir)
	b.source = display
	data, err := b.encode()
	if err != nil {
		diags.Errorf(diag.Pos{Path: display}, "cannot write the manifest: %v", err)
		return nil
	}
	// Decode what was written, as a build will: the import must never
	// produce a manifest the build rejects.
	var check diag.List
	m := manifest.Parse(filepath.Join(opts.ManifestDir, "book.yaml"), data, &check)
	if m == nil {
		return internalError(diags, display, &check)
	}
	return &Result{YAML: data, Manifest: m, Summary: display, Meta: meta, Chapters: im.files, Unlisted: unlisted}
}

func internalError(diags *diag.List, display string, check *diag.List) *Result {
	for _, d := range check.Items() {
		diags.Errorf(diag.Pos{Path: display}, "internal error: the manifest made from it is invalid: %s", d)
	}
	return nil
}

// FindSummary returns the SUMMARY.md that p names: p itself when it is a
// file; for a folder, its SUMMARY.md, or the one in the source folder its
// book.json (root), book.toml or book.ini (src) names, or src/SUMMARY.md.
func FindSummary(p string) (string, error) {
	info, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", errors.New("not found")
		}
		return "", unwrapPathError(err)
	}
	if !info.IsDir() {
		return p, nil
	}
	candidates := []string{"."}
	if src := configuredSource(p); src != "" {
		candidates = append(candidates, src)
	}
	candidates = append(candidates, "src")
	for _, c := range candidates {
		s := filepath.Join(p, filepath.FromSlash(c), "SUMMARY.md")
		if isFile(s) {
			return s, nil
		}
	}
	return "", fmt.Errorf("no SUMMARY.md in this folder: name the SUMMARY.md file")
}

var jsonRootRE = regexp.MustCompile(`"root"\s*:\s*"([^"]*)"`)

// configuredSource is the source folder a project's configuration names.
func configuredSource(dir string) string {
	if data, err := os.ReadFile(filepath.Join(dir, "book.json")); err == nil {
		if m := jsonRootRE.FindSubmatch(data); m != nil {
			return string(m[1])
		}
	}
	for _, name := range metadataFiles[1:] {
		var cfg tomlConfig
		if _, err := toml.DecodeFile(filepath.Join(dir, name), &cfg); err == nil && cfg.Book.Src != "" {
			return cfg.Book.Src
		}
	}
	return ""
}

// importer holds the state of one import.
type importer struct {
	dir     string // the summary's folder as given
	real    string // its absolute path with symbolic links resolved
	display string // the summary's path in messages
	summary string // its file name
	diags   *diag.List
	seen    map[string]diag.Pos // chapter files listed so far
	files   int
}

// shown is how messages name rel, a file of the book.
func (im *importer) shown(rel string) string {
	return filepath.ToSlash(filepath.Join(im.dir, filepath.FromSlash(rel)))
}

// entry is an entry of the manifest being made.
type entry struct {
	part     bool
	title    string
	file     string   // relative to the summary's folder; "" for a part without introduction
	children []*entry // sections of a chapter, chapters of a part
	notes    []string // comments written above the entry
	foot     []string // comments written after it
}

// seq builds a list of entries, with the notes about what was left out
// placed where it was in SUMMARY.md.
type seq struct {
	entries []*entry
	pending []string
}

func (s *seq) add(e *entry) {
	e.notes = append(s.pending, e.notes...)
	s.pending = nil
	s.entries = append(s.entries, e)
}

func (s *seq) note(notes ...string) { s.pending = append(s.pending, notes...) }

// close returns the entries, and the notes that are left when there is no
// entry to write them after.
func (s *seq) close() ([]*entry, []string) {
	if len(s.pending) == 0 {
		return s.entries, nil
	}
	if len(s.entries) == 0 {
		return nil, s.pending
	}
	last := s.entries[len(s.entries)-1]
	last.foot = append(last.foot, s.pending...)
	return s.entries, nil
}

// imported is the manifest being made.
type imported struct {
	meta       bookMeta
	root       string
	outputName string
	source     string
	front      []*entry
	chapters   []*entry
	back       []*entry
	notes      []string // notes with no entry to follow, written at the end
}

// convert turns the summary into manifest entries, checking every file.
func (im *importer) convert(sum *Summary) *imported {
	b := &imported{}
	var left []string
	b.front, left = im.flat(sum.Prefix, "front matter")
	b.notes = append(b.notes, left...)

	var chapters seq
	for _, g := range sum.Groups {
		if g.Title == "" {
			es, left := im.items(g.Items, true)
			for _, e := range es {
				chapters.add(e)
			}
			chapters.note(left...)
			continue
		}
		part := &entry{part: true, title: g.Title}
		if g.HasLink {
			part.file = im.file(g.Link, g.Pos)
		}
		part.children, part.foot = im.items(g.Items, false)
		switch {
		case len(part.children) == 0 && part.file != "":
			// A part heading that links a page but has no chapters: a chapter.
			part.part, part.children = false, nil
			chapters.add(part)
		case len(part.children) == 0:
			im.diags.Warnf(g.Pos, "part %q has no chapters: left out", g.Title)
			chapters.note(fmt.Sprintf("Left out: part %q (%s) has no chapters.", g.Title, posString(g.Pos)))
			chapters.note(part.foot...)
		default:
			chapters.add(part)
		}
	}
	b.chapters, left = chapters.close()
	b.notes = append(b.notes, left...)
	b.back, left = im.flat(sum.Suffix, "back matter")
	b.notes = append(b.notes, left...)

	// GitBook's README.md is the book's introduction: when the first
	// numbered entry links it, it opens the front matter.
	if len(b.front) == 0 && len(b.chapters) > 0 {
		if first := b.chapters[0]; !first.part && len(first.children) == 0 && strings.EqualFold(path.Base(first.file), "README.md") {
			b.front = []*entry{first}
			b.chapters = b.chapters[1:]
		}
	}
	return b
}

// flat converts prefix or suffix chapters: links without nesting.
func (im *importer) flat(items []*Item, what string) ([]*entry, []string) {
	var s seq
	for _, it := range items {
		if !it.HasLink || it.Link == "" {
			im.diags.Warnf(it.Pos, "%q has no file (a draft): left out of the %s", it.Title, what)
			s.note(fmt.Sprintf("Left out: draft %q (%s) has no file.", it.Title, posString(it.Pos)))
			continue
		}
		if f := im.file(it.Link, it.Pos); f != "" {
			s.add(&entry{title: it.Title, file: f})
		}
	}
	return s.close()
}

// items converts numbered chapters and their nested sections. At the top
// of the chapters (top), an unlinked title over linked entries is a part.
// It returns the entries and the notes that follow the last one.
func (im *importer) items(items []*Item, top bool) ([]*entry, []string) {
	var s seq
	for _, it := range items {
		linked := it.HasLink && it.Link != ""
		f := ""
		if linked {
			f = im.file(it.Link, it.Pos)
		}
		children, left := im.items(it.Children, false)
		switch {
		case f != "":
			s.add(&entry{title: it.Title, file: f, children: children, foot: left})
		case linked && len(children) == 0:
			// Not a chapter file: file reported why.
		case len(children) == 0:
			kind := "an unlinked title"
			if it.HasLink {
				kind = "a draft"
			}
			im.diags.Warnf(it.Pos, "%q has no file (%s): left out", it.Title, kind)
			s.note(fmt.Sprintf("Left out: %q (%s) has no file.", it.Title, posString(it.Pos)))
		case top:
			// "- Chapter 1" over linked sections: a part.
			s.add(&entry{part: true, title: it.Title, children: children, foot: left})
		default:
			im.diags.Warnf(it.Pos, "%q has no file: its %d section(s) move up one level", it.Title, len(children))
			s.note(fmt.Sprintf("%q (%s) has no file; its sections follow.", it.Title, posString(it.Pos)))
			for _, c := range children {
				s.add(c)
			}
			s.note(left...)
		}
	}
	return s.close()
}

func posString(p diag.Pos) string {
	return fmt.Sprintf("%s:%d", path.Base(p.Path), p.Line)
}

// file checks the chapter file that link names, and returns its path
// relative to the summary's folder, or "" when it cannot be a chapter (the
// reason is reported).
func (im *importer) file(link string, pos diag.Pos) string {
	switch sanitize.ClassifyURL(link) {
	case sanitize.Relative:
	case sanitize.Remote, sanitize.Contact:
		im.diags.Warnf(pos, "%s is a web address, not a chapter file: left out", link)
		return ""
	default:
		im.diags.Errorf(pos, "link %q is not a chapter file", link)
		return ""
	}
	p, frag, _ := strings.Cut(link, "#")
	p, _, _ = strings.Cut(p, "?")
	if dec, err := url.PathUnescape(p); err == nil {
		p = dec
	}
	if p == "" {
		im.diags.Warnf(pos, "link %q points into this file, not at a chapter: left out", link)
		return ""
	}
	clean := path.Clean(p)
	switch {
	case strings.Contains(p, "\\"):
		im.diags.Errorf(pos, "chapter file %q: use forward slashes in paths", p)
		return ""
	case path.IsAbs(p) || (len(p) > 1 && p[1] == ':'):
		im.diags.Errorf(pos, "chapter file %q is an absolute path: paths are relative to the folder of %s", p, im.summary)
		return ""
	case clean == ".." || strings.HasPrefix(clean, "../"):
		im.diags.Errorf(pos, "chapter file %q is outside the folder of %s", p, im.summary)
		return ""
	}
	if first, dup := im.seen[clean]; dup {
		if frag != "" {
			im.diags.Warnf(pos, "link %q points at a heading of %s, already listed at line %d: left out (the table of contents lists each chapter's headings itself)", link, clean, first.Line)
			return ""
		}
		im.diags.Errorf(pos, "chapter file %q is listed twice (first at line %d)", p, first.Line)
		return ""
	}
	if ext := strings.ToLower(path.Ext(clean)); ext != ".md" && ext != ".markdown" {
		im.diags.Errorf(pos, "chapter file %q is not a Markdown file (.md)", p)
		return ""
	}
	if err := im.checkFile(clean); err != nil {
		im.diags.Errorf(pos, "chapter file %q %v", p, err)
		return ""
	}
	if frag != "" {
		im.diags.Warnf(pos, "link %q points at a heading: the whole of %s is imported", link, clean)
	}
	im.seen[clean] = pos
	im.files++
	return clean
}

// checkFile checks that rel is a regular file whose real location is inside
// the summary's folder.
func (im *importer) checkFile(rel string) error {
	full := filepath.Join(im.real, filepath.FromSlash(rel))
	real, err := filepath.EvalSymlinks(full)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return errors.New("not found")
		}
		return fmt.Errorf("cannot be read: %v", unwrapPathError(err))
	}
	if !strings.HasPrefix(real, im.real+string(filepath.Separator)) {
		return fmt.Errorf("is outside the folder of %s (a symbolic link leads to %s)", im.summary, real)
	}
	info, err := os.Stat(real)
	if err != nil {
		return fmt.Errorf("cannot be read: %v", unwrapPathError(err))
	}
	if !info.Mode().IsRegular() {
		return errors.New("is not a regular file")
	}
	return nil
}

// skipDirs are folders that hold no chapters: tools' output and packages.
var skipDirs = map[string]bool{"node_modules": true, "_book": true}

// unlisted returns the Markdown files under the summary's folder that it
// does not list, except SUMMARY.md itself; hidden folders and the output
// and package folders of GitBook and HonKit are skipped.
func (im *importer) unlisted() []string {
	var out []string
	filepath.WalkDir(im.real, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != im.real && (strings.HasPrefix(name, ".") || skipDirs[name]) {
				return filepath.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(filepath.Ext(name))
		if ext != ".md" && ext != ".markdown" {
			return nil
		}
		rel, err := filepath.Rel(im.real, p)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if rel == im.summary {
			return nil
		}
		if _, ok := im.seen[rel]; !ok {
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// bookMeta is the metadata written into the manifest, with a note on where
// each value came from.
type bookMeta struct {
	Title, TitleNote       string
	Authors                []string
	AuthorsNote            string
	Language, LanguageNote string
	Description            string
}

// genericTitles are headings of a table of contents, not titles of a book.
var genericTitles = map[string]bool{
	"summary": true, "table of contents": true, "contents": true, "toc": true,
	"目录": true, "目錄": true, "目次": true,
}

func (im *importer) metadata(meta *Metadata, sum *Summary) bookMeta {
	var bm bookMeta
	from := ""
	if meta != nil {
		from = path.Base(meta.File)
		bm.Title, bm.Authors, bm.Description = meta.Title, meta.Authors, meta.Description
		bm.Language = meta.Language
	}
	switch {
	case bm.Title != "":
		bm.TitleNote = "From " + from + "."
	default:
		if t := readmeTitle(im.dir); t != "" {
			bm.Title, bm.TitleNote = t, "The first heading of README.md: check it."
		} else if t := strings.TrimSpace(sum.Title); t != "" && !genericTitles[strings.ToLower(t)] {
			bm.Title, bm.TitleNote = t, "The heading of "+im.summary+": check it."
		} else {
			abs, _ := filepath.Abs(im.dir)
			bm.Title, bm.TitleNote = filepath.Base(abs), "The name of the book's folder: give the book's real title."
		}
	}
	if len(bm.Authors) > 0 {
		bm.AuthorsNote = "From " + from + "."
	} else {
		bm.AuthorsNote = "No author was found: add them, one per line (- Name)."
	}
	if bm.Language != "" {
		if tag, ok := languageTag(bm.Language); ok {
			bm.Language, bm.LanguageNote = tag, "A BCP 47 language tag, from "+from+"."
		} else {
			im.diags.Warnf(diag.Pos{Path: meta.File}, "language %q is not a BCP 47 language tag: the language is guessed from the titles", bm.Language)
			bm.Language = ""
		}
	}
	if bm.Language == "" {
		bm.Language = guessLanguage(sum)
		bm.LanguageNote = "A BCP 47 language tag (en, zh-CN, ja...), guessed from the titles in " + im.summary + ": check it."
	}
	return bm
}

// readmeTitle returns the text of the first heading of the README.md in
// dir, or "".
func readmeTitle(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "# ") {
			return strings.TrimSpace(strings.Trim(strings.TrimSpace(line[2:]), "#"))
		}
	}
	return ""
}

// guessLanguage guesses the book's language from the script of its titles.
func guessLanguage(sum *Summary) string {
	var han, kana, hangul, letters int
	count := func(s string) {
		for _, r := range s {
			switch {
			case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
				kana++
			case unicode.Is(unicode.Hangul, r):
				hangul++
			case unicode.Is(unicode.Han, r):
				han++
			case unicode.IsLetter(r):
				letters++
			}
		}
	}
	var walk func([]*Item)
	walk = func(items []*Item) {
		for _, it := range items {
			count(it.Title)
			walk(it.Children)
		}
	}
	walk(sum.Prefix)
	for _, g := range sum.Groups {
		count(g.Title)
		walk(g.Items)
	}
	walk(sum.Suffix)
	switch {
	case kana > 0:
		return "ja"
	case hangul > 0:
		return "ko"
	case han > 0:
		return "zh"
	}
	return "en"
}

// relativeRoot is the summary's folder relative to the manifest's folder,
// with forward slashes; "" when they are the same folder.
func relativeRoot(manifestDir, summaryDir string) (string, error) {
	if manifestDir == "" {
		manifestDir = "."
	}
	a, err := filepath.Abs(manifestDir)
	if err != nil {
		return "", err
	}
	b, err := filepath.Abs(summaryDir)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(a, b)
	if err != nil {
		// Another drive on Windows: only an absolute root can name it.
		return filepath.ToSlash(b), nil
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}

var nonName = regexp.MustCompile(`[^a-z0-9._-]+`)

// outputName is the base name of the outputs when the title does not make
// a good one (a title without Latin letters): the name of the book's
// folder (of the folder above for mdBook's src/), or "" to keep the
// default.
func outputName(title, dir string) string {
	ascii := true
	for _, r := range title {
		if r > unicode.MaxASCII {
			ascii = false
			break
		}
	}
	if ascii {
		return ""
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	name := filepath.Base(abs)
	if name == "src" || name == "docs" {
		name = filepath.Base(filepath.Dir(abs))
	}
	name = strings.Trim(nonName.ReplaceAllString(strings.ToLower(name), "-"), "-.")
	return name
}
