// Package importer turns an existing GitBook, HonKit, mdBook or WaBook
// project into a book.yaml manifest: the table of contents comes from its
// SUMMARY.md, the title, authors, language and description from book.json,
// book.toml, book.ini or config.json next to it (book.json's structure
// names the summary and the introduction), a missing title from the first
// heading of the introduction, the cover from GitBook's cover.jpg or
// cover.png. Each value says in a comment where it came from.
//
// The import checks every file SUMMARY.md links before anything is written:
// a missing file, a file outside the summary's folder, a file listed twice
// or a summary without chapters is an error at its SUMMARY.md:line:col, and
// no manifest is produced. Markdown files that SUMMARY.md does not list are
// reported, not added, except those that are not meant as chapters
// (vendored and example code, mdBook's 404 page and included files).
package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/lang"
	"github.com/gobook/ebook/pipeline/manifest"
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
	Summary string
	// Root is the folder its chapter paths start from: the summary's,
	// or the book's when book.json puts the summary in a folder below it.
	Root     string
	Meta     *Metadata
	Chapters int // chapter files listed
	// Unlisted are the Markdown files under the summary's folder that it
	// does not list, relative to that folder.
	Unlisted []string
	// Notes are what the import did that the author should know of, one
	// sentence each.
	Notes []string
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
	// Nothing is read from outside the repository holding the folder
	// given (or that folder, when it is in none), wherever book.json's
	// root, book.toml's src or a symbolic link points.
	from := opts.Summary
	if !isDir(from) {
		from = filepath.Dir(from)
	}
	base, err := book.Repository(from)
	if err != nil {
		diags.Errorf(diag.Pos{Path: opts.Summary}, "%v", unwrapPathError(err))
		return nil
	}
	src, err := readFile(base, summaryPath)
	if err != nil {
		diags.Errorf(diag.Pos{Path: display}, "cannot read: %v", unwrapPathError(err))
		return nil
	}
	if len(strings.TrimSpace(string(src))) == 0 {
		diags.Errorf(diag.Pos{Path: display}, "the table of contents is empty: list the chapters as links, such as \"- [Introduction](intro.md)\"")
		return nil
	}
	dir := filepath.Dir(summaryPath)
	summaryName := filepath.Base(summaryPath)
	if root := summaryRoot(summaryPath, base); root != "" {
		// book.json puts the table of contents in a folder (redux's
		// docs/README.md): its paths are from the book's root, as GitBook
		// reads them, and that is the manifest's root.
		dir = root
		if rel, err := filepath.Rel(root, summaryPath); err == nil {
			summaryName = filepath.ToSlash(rel)
		}
	}
	real, err := filepath.EvalSymlinks(dir)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		diags.Errorf(diag.Pos{Path: display}, "cannot open its folder: %v", unwrapPathError(err))
		return nil
	}
	im := &importer{
		dir: dir, real: real, base: base, display: display, diags: diags,
		seen:    map[string]diag.Pos{},
		summary: summaryName,
	}

	sum := parseSummary(display, src, diags)
	var meta *Metadata
	for _, p := range findMetadata(base, dir) {
		if filepath.Base(p) == "book.toml" && filepath.Dir(p) != dir {
			// mdBook's src/: chapters include listings kept beside it
			// (../listings/), which mdBook reads.
			im.includeRoot = ".."
		}
		m, ok := readMetadata(p, filepath.ToSlash(p), diags)
		switch {
		case !ok:
			return nil
		case m == nil: // ignored (config.json that is not the book's)
		case meta == nil:
			meta = m
		default:
			meta.fill(m)
		}
	}
	if meta != nil {
		im.readme = meta.Readme
		im.notFound = meta.NotFound
	}
	if js := bookJS(base, dir); js != "" {
		diags.Warnf(diag.Pos{Path: filepath.ToSlash(js)}, "HonKit's book.js is JavaScript, which ebook does not run: only a root written as text is read from it; give the title, authors and language in book.yaml (its variables and plugins are not read)")
	}
	im.templates = gitbookBook(meta, dir)

	b := im.convert(sum)
	if diags.HasErrors() {
		return nil
	}
	if im.files == 0 {
		diags.Errorf(diag.Pos{Path: display}, "no chapters: the table of contents links no Markdown file")
		return nil
	}
	var notes []string
	g := im.glossary(meta)
	unlisted := im.unlisted()
	for _, u := range unlisted {
		diags.Warnf(diag.Pos{Path: im.shown(u)}, "not listed in %s, so not imported: add it to book.yaml if it belongs to the book", im.summary)
	}

	b.meta = im.metadata(meta, sum)
	if g != nil {
		if g.title == "" {
			// Untitled: the word in the book's language, which is only
			// known now.
			g.title = lang.VarietyOf(b.meta.Language).Labels().Glossary
		}
		b.back = append(b.back, g)
		notes = append(notes, fmt.Sprintf("GitBook's glossary %s is imported as back matter, titled %q", g.file, g.title))
	}
	if meta != nil {
		b.variables = meta.Variables
	}
	b.templates = im.templates
	b.includeRoot = im.includeRoot
	b.smartPunctuation = meta != nil && meta.SmartPunctuation
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
	return &Result{YAML: data, Manifest: m, Summary: display, Root: dir, Meta: meta, Chapters: im.files, Unlisted: unlisted, Notes: notes}
}

func internalError(diags *diag.List, display string, check *diag.List) *Result {
	for _, d := range check.Items() {
		diags.Errorf(diag.Pos{Path: display}, "internal error: the manifest made from it is invalid: %s", d)
	}
	return nil
}

// FindSummary returns the SUMMARY.md that p names: p itself when it is a
// file; for a folder, its SUMMARY.md (or the file book.json's
// structure.summary names), or the one in the source folder its book.json
// (root), HonKit's book.js (a root written as text), book.toml or book.ini
// (src) names, or src/SUMMARY.md.
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
	src, name, cfgErr := configuredSource(p)
	candidates := []string{"."}
	if src != "" {
		candidates = append(candidates, src)
	}
	candidates = append(candidates, "src")
	for _, c := range candidates {
		s := filepath.Join(p, filepath.FromSlash(c), filepath.FromSlash(name))
		if isFile(s) {
			return s, nil
		}
	}
	if langs := languageFolders(p); len(langs) > 0 {
		return "", fmt.Errorf("no SUMMARY.md in this folder: it holds a multilingual GitBook (LANGS.md); import each language's folder as a book of its own: %s", strings.Join(langs, ", "))
	}
	if cfgErr != nil {
		return "", fmt.Errorf("no SUMMARY.md in this folder, and book.json, which may name the folder it is in, is not valid JSON: %v", cfgErr)
	}
	if name != "SUMMARY.md" {
		return "", fmt.Errorf("no %s in this folder, though book.json's structure.summary names it: name the table of contents' file", name)
	}
	return "", fmt.Errorf("no SUMMARY.md in this folder: name the SUMMARY.md file")
}

// summaryRoot is the book's root for a table of contents that book.json's
// structure.summary names in a folder below it ("docs/README.md"), found in
// the folders above the summary's up to base; "" when there is none, and
// the summary's folder is the root. GitBook and HonKit read every path in
// it from the book's root, not from the summary's folder.
func summaryRoot(summaryPath, base string) string {
	abs, err := filepath.Abs(summaryPath)
	if err != nil {
		return ""
	}
	stop, err := filepath.Abs(base)
	if err != nil {
		return ""
	}
	for d := filepath.Dir(filepath.Dir(abs)); ; d = filepath.Dir(d) {
		src, name, _ := configuredSource(d)
		if strings.Contains(name, "/") && filepath.Join(d, filepath.FromSlash(src), filepath.FromSlash(name)) == abs {
			return filepath.Join(filepath.Dir(summaryPath), strings.Repeat("../", strings.Count(name, "/")))
		}
		if d == stop || d == filepath.Dir(d) || !strings.HasPrefix(d, stop) {
			return ""
		}
	}
}

// configuredSource is the source folder a project's configuration names
// ("" for none) and the name of its table of contents (GitBook's
// structure.summary, SUMMARY.md by default); jsonErr is why book.json,
// when there is one, could not be read.
func configuredSource(dir string) (src, summary string, jsonErr error) {
	summary = "SUMMARY.md"
	cfg, err := readJSONConfig(filepath.Join(dir, "book.json"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		jsonErr = err
	}
	if cfg != nil {
		if s := cleanConfigPath(cfg.Structure.Summary); s != "" {
			summary = s
		}
		if cfg.Root != "" {
			return cfg.Root, summary, jsonErr
		}
	}
	if root := bookJSRoot(dir); root != "" {
		return root, summary, jsonErr
	}
	for _, name := range []string{"book.toml", "book.ini"} {
		var cfg tomlConfig
		data, err := readFile("", filepath.Join(dir, name))
		if err != nil {
			continue
		}
		if _, err := toml.Decode(string(data), &cfg); err == nil && cfg.Book.Src != "" {
			return cfg.Book.Src, summary, jsonErr
		}
	}
	return "", summary, jsonErr
}

// unlisted returns the Markdown files under the summary's folder that it
// does not list, except SUMMARY.md itself and files that are not meant as
// chapters: those in folders no book keeps chapters in (hidden folders,
// packages, tools' outputs: book.IgnoredFolder), in folders of example code
// that hold no chapter (book.CodeFolder), mdBook's 404 page, and the files
// listed chapters include with mdBook's {{#include}}.
func (im *importer) unlisted() []string {
	// The folders that hold a chapter, and the folders above them.
	chapterDirs := map[string]bool{}
	for rel := range im.seen {
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			chapterDirs[d] = true
		}
	}
	notChapters := im.included()
	if im.notFound != "" {
		notChapters[im.notFound] = true
	}
	var out []string
	filepath.WalkDir(im.real, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, err := filepath.Rel(im.real, p)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if p != im.real && (book.IgnoredFolder(d.Name()) || !chapterDirs[rel] && book.CodeFolder(p)) {
				return filepath.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(filepath.Ext(d.Name()))
		if ext != ".md" && ext != ".markdown" {
			return nil
		}
		if rel == im.summary || notChapters[rel] {
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

// included returns the files, relative to the summary's folder, that listed
// chapters include with mdBook's directives, nested ones too: parts of
// chapters, not chapters left out. They are found as loading the book
// finds them (book.IncludedFiles), so that ebook check agrees.
func (im *importer) included() map[string]bool {
	chapters := make([]string, 0, len(im.seen))
	for rel := range im.seen {
		chapters = append(chapters, rel)
	}
	sort.Strings(chapters)
	read := func(rel string) ([]byte, error) {
		return readFile(im.base, filepath.Join(im.real, filepath.FromSlash(rel)))
	}
	out := map[string]bool{}
	for _, p := range book.IncludedFiles(chapters, im.templates, read) {
		out[p] = true
	}
	return out
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

// langLinkRE finds the links of GitBook's LANGS.md, one per language.
var langLinkRE = regexp.MustCompile(`\]\(\s*<?([^)<>\s]+)>?\s*\)`)

// languageFolders returns, for a multilingual GitBook at dir (LANGS.md, or
// the file book.json's structure.langs names), the commands that import
// each language's folder holding a SUMMARY.md; nil for any other folder.
func languageFolders(dir string) []string {
	name := "LANGS.md"
	if cfg, err := readJSONConfig(filepath.Join(dir, "book.json")); err == nil && cfg != nil {
		if s := cleanConfigPath(cfg.Structure.Langs); s != "" {
			name = s
		}
	}
	data, err := readFile("", filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		return nil
	}
	var out []string
	for _, m := range langLinkRE.FindAllStringSubmatch(string(data), -1) {
		sub := path.Clean(strings.TrimSuffix(m[1], "/"))
		if path.IsAbs(sub) || sub == "." || sub == ".." || strings.HasPrefix(sub, "../") || strings.Contains(sub, "://") {
			continue
		}
		if _, err := FindSummary(filepath.Join(dir, filepath.FromSlash(sub))); err == nil {
			out = append(out, "ebook init --from "+filepath.Join(dir, filepath.FromSlash(sub)))
		}
	}
	return out
}

// glossary returns the entry of GitBook's glossary (GLOSSARY.md beside
// SUMMARY.md, or the file book.json's structure.glossary names), titled
// by its first level-1 heading (its terms are level-2 headings), "" for
// none, when there is one the summary does not list.
func (im *importer) glossary(meta *Metadata) *entry {
	name := "GLOSSARY.md"
	if meta != nil && meta.Glossary != "" {
		name = meta.Glossary
	}
	if _, listed := im.seen[name]; listed || im.checkFile(name) != nil {
		return nil
	}
	title := firstHeading(im.base, filepath.Join(im.dir, filepath.FromSlash(name)), false)
	im.seen[name] = diag.Pos{Path: im.shown(name)}
	im.files++
	return &entry{title: title, file: name}
}

// gitbookBook reports whether the book in dir, with configuration meta
// (nil for none), was written for GitBook or HonKit, whose templates its
// chapters may use: a book.json (or config.json, its keys), or no
// configuration at all except in a folder named src, mdBook's layout.
// mdBook's book.toml and WaBook's book.ini say otherwise.
func gitbookBook(meta *Metadata, dir string) bool {
	if meta == nil || meta.File == "" {
		return filepath.Base(dir) != "src"
	}
	return isJSONConfig(meta.File)
}

// bookJSRootRE finds the root a HonKit book.js names as a literal
// (root: "./docs"): the file is JavaScript, which is not run.
var bookJSRootRE = regexp.MustCompile(`(?m)^\s*["']?root["']?\s*:\s*["'\x60]([^"'\x60\n]+)["'\x60]`)

// bookJSRoot returns the source folder the book.js in dir names as text,
// or "".
func bookJSRoot(dir string) string {
	data, err := readFile("", filepath.Join(dir, "book.js"))
	if err != nil {
		return ""
	}
	if m := bookJSRootRE.FindSubmatch(data); m != nil {
		return cleanConfigPath(string(m[1]))
	}
	return ""
}

// bookJS returns the path of the HonKit book.js that configures the book
// whose SUMMARY.md is in summaryDir (beside it, or in the folder above
// naming it as root), inside base, or "".
func bookJS(base, summaryDir string) string {
	for _, dir := range []string{summaryDir, filepath.Dir(summaryDir)} {
		p := filepath.Join(dir, "book.js")
		if !isFile(p) || !insideBase(p, base) {
			continue
		}
		if dir == summaryDir || sameDir(filepath.Join(dir, filepath.FromSlash(bookJSRoot(dir))), summaryDir) {
			return p
		}
	}
	return ""
}
