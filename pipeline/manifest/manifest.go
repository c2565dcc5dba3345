// Package manifest reads book.yaml, the file that describes a book: its
// metadata, the chapters in reading order, and output settings. Decoding is
// strict: an unknown key, a value of the wrong type, or a chapter listed twice
// is an error reported at its position in book.yaml.
package manifest

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gofrs/uuid/v5"
	"gopkg.in/yaml.v3"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/lang"
)

// Manifest is a decoded book.yaml. The yaml tags are the keys authors write;
// the user guide (docs/guide/book-yaml.md) and schema/book.schema.json
// document each of them.
type Manifest struct {
	Title       string   `yaml:"title"`
	Subtitle    string   `yaml:"subtitle"`
	Authors     []string `yaml:"authors"`
	Language    string   `yaml:"language"`
	Identifier  string   `yaml:"identifier"`
	Publisher   string   `yaml:"publisher"`
	Rights      string   `yaml:"rights"`
	Description string   `yaml:"description"`
	Subjects    []string `yaml:"subjects"`
	Date        string   `yaml:"date"`
	Cover       string   `yaml:"cover"`
	// SecondaryLanguage is the language of the passages of a Chinese or
	// Japanese book written wholly in Latin script (default en).
	SecondaryLanguage string `yaml:"secondary_language"`

	// Accessibility adds to or overrides the accessibility metadata the
	// EPUB derives from the book (accessibility.go).
	Accessibility Accessibility `yaml:"accessibility"`

	// Root is the folder the book's files are in, relative to the manifest:
	// every chapter, image and font path is relative to it and may not
	// leave it. Default: the manifest's own folder.
	Root string `yaml:"root"`

	Front      []Entry `yaml:"front"`
	Chapters   []Entry `yaml:"chapters"`
	Appendices []Entry `yaml:"appendices"`
	Back       []Entry `yaml:"back"`

	// PDF holds the settings of the PDF (pdf.go); Code those of code
	// listings in every format.
	PDF  PDF  `yaml:"pdf"`
	Code Code `yaml:"code"`

	// Markdown holds how the chapters' Markdown is read.
	Markdown Markdown `yaml:"markdown"`

	// Variables are the values of {{ book.NAME }} in the chapters, as
	// HonKit's book.json variables (pipeline/book/gitbook.go).
	Variables map[string]string `yaml:"variables"`

	Output Output `yaml:"output"`

	// HTML holds the settings of the website (ebook build --format html).
	HTML HTML `yaml:"html"`

	// Fonts replaces or extends the font chains of the roles (fonts.go).
	Fonts Fonts `yaml:"fonts"`
	// FontPaths are folders, relative to the book's folder or absolute,
	// searched for the fonts: entries that name a family, besides the
	// operating system's font folders.
	FontPaths []string `yaml:"font_paths"`

	// Path is the manifest's path as shown in messages.
	Path string `yaml:"-"`
	// positions holds the position of every value, by its key path
	// ("chapters[1].sections[0].file").
	positions map[string]diag.Pos
}

// Markdown holds how the chapters' Markdown is read.
type Markdown struct {
	// Captions makes a paragraph such as "*图 1-1 标题*" under a picture,
	// or by a table or listing, its caption. Default true.
	Captions *bool `yaml:"captions"`
	// Templates expands GitBook's and HonKit's templates ({% raw %},
	// {% include %}, {% hint %} and the other blocks, {{ book.NAME }})
	// before the Markdown is read, as HonKit does. Default false: other
	// tools print them, and a book about Jinja or Liquid shows them in its
	// listings; `ebook init --from` turns it on for a GitBook or HonKit
	// book. An explicit false also silences the warning a book using
	// GitBook's syntax gets without it.
	Templates *bool `yaml:"templates"`
	// IncludeRoot is the folder, relative to root: and holding it (..,
	// ../..), that mdBook's {{#include}}, {{#rustdoc_include}} and
	// {{#playground}} may read files from: mdBook books keep their
	// listings beside src/ (../listings/, ../examples/). Default: the
	// book's folder.
	IncludeRoot string `yaml:"include_root"`
	// SmartPunctuation turns straight quotes into curly ones, -- and ---
	// into en and em dashes and ... into an ellipsis, outside code, as
	// mdBook's output.html.smart-punctuation does. Default false: the
	// text as written; `ebook init --from` turns it on for an mdBook book
	// that sets it.
	SmartPunctuation bool `yaml:"smart_punctuation"`
	// HeadingsWithoutSpace reads "#Title", with no space after the marks,
	// as a heading, as GitBook and HonKit do; old GitBook books write
	// "#前言". Default false: CommonMark, where it is text, as mdBook and
	// GitHub show it; `ebook init --from` turns it on for a GitBook or
	// HonKit book.
	HeadingsWithoutSpace bool `yaml:"headings_without_space"`
}

// ancestorPath reports whether p, a slash-separated path, names a folder
// above the one it is relative to: "..", "../..", with no other part.
func ancestorPath(p string) bool {
	for _, part := range strings.Split(strings.TrimSuffix(p, "/"), "/") {
		if part != ".." {
			return false
		}
	}
	return true
}

// TemplatesOn reports whether GitBook's and HonKit's templates are
// expanded (markdown.templates, default false).
func (m *Manifest) TemplatesOn() bool {
	return m.Markdown.Templates != nil && *m.Markdown.Templates
}

// CaptionsOn reports whether caption paragraphs are recognised
// (markdown.captions, default true).
func (m *Manifest) CaptionsOn() bool {
	return m.Markdown.Captions == nil || *m.Markdown.Captions
}

// Entry is one item of the reading order: a chapter (File, with optional
// Title and nested Sections) or, in the chapters list only, a part (Part,
// with its Chapters and an optional introduction File).
type Entry struct {
	Part     string  `yaml:"part"`
	File     string  `yaml:"file"`
	Title    string  `yaml:"title"`
	Sections []Entry `yaml:"sections"`
	Chapters []Entry `yaml:"chapters"`

	// Pos is where the entry starts in book.yaml; Key is its key path.
	Pos diag.Pos `yaml:"-"`
	Key string   `yaml:"-"`
}

func (e *Entry) setScalar(v string) { e.File = v }

// IsPart reports whether the entry is a part rather than a chapter.
func (e *Entry) IsPart() bool { return e.Part != "" }

// Output holds the settings for the files a build writes.
type Output struct {
	// Name is the base file name of the outputs, without extension.
	Name string `yaml:"name"`
	// TOCDepth is the deepest heading level listed in the tables of contents
	// under each chapter; 0 lists the chapters alone. Default 2.
	TOCDepth *int `yaml:"toc_depth"`
}

// HTML holds the settings of the website.
type HTML struct {
	// BaseURL is the address the site is published at
	// ("https://example.org/book/"): with it, every page names its
	// canonical address and the site has a sitemap.
	BaseURL string `yaml:"base_url"`
	// EditURL is the address of a chapter's source for editing, with
	// {path} for the chapter's path from the manifest's folder
	// ("https://github.com/o/r/edit/main/{path}"); without {path}, the
	// path is appended. Each page then links to it.
	EditURL string `yaml:"edit_url"`
}

// DefaultTOCDepth is the heading depth of the tables of contents when
// book.yaml does not set output.toc_depth.
const DefaultTOCDepth = 2

// Pos returns the position of the value at key path key ("output.name"), or
// the position of the manifest itself when that key was not written.
func (m *Manifest) Pos(key string) diag.Pos {
	if p, ok := m.positions[key]; ok {
		return p
	}
	return diag.Pos{Path: m.Path}
}

// TOCDepth returns output.toc_depth or its default.
func (m *Manifest) TOCDepth() int {
	if m.Output.TOCDepth == nil {
		return DefaultTOCDepth
	}
	return *m.Output.TOCDepth
}

// Sections names the four parts of the reading order, in order, with the key
// each is written under.
func (m *Manifest) Sections() []struct {
	Key     string
	Entries []Entry
} {
	return []struct {
		Key     string
		Entries []Entry
	}{
		{"front", m.Front},
		{"chapters", m.Chapters},
		{"appendices", m.Appendices},
		{"back", m.Back},
	}
}

// Parse decodes and checks the manifest src, read from the file shown as
// path. Every problem is added to diags; the returned manifest is nil when
// there were errors.
func Parse(path string, src []byte, diags *diag.List) *Manifest {
	var local diag.List
	m := parse(path, src, &local)
	diags.Merge(&local)
	if local.HasErrors() {
		return nil
	}
	return m
}

func parse(p string, src []byte, diags *diag.List) *Manifest {
	file := diag.Pos{Path: p}
	if len(bytes.TrimSpace(src)) == 0 {
		diags.Errorf(file, "the manifest is empty: it needs at least a title, a language and one chapter")
		return nil
	}
	if !checkText(p, src, diags) {
		return nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		diags.Add(yamlError(p, err))
		return nil
	}
	if len(root.Content) == 0 {
		diags.Errorf(file, "the manifest is empty: it needs at least a title, a language and one chapter")
		return nil
	}
	doc := root.Content[0]
	m := &Manifest{Path: p, positions: map[string]diag.Pos{}}
	d := &decoder{path: p, diags: diags, positions: m.positions}
	d.setBudget(doc)
	d.decode(doc, reflect.ValueOf(m).Elem(), "")
	if diags.HasErrors() {
		return m
	}
	m.check(diags)
	return m
}

// yamlError turns a yaml.v3 syntax error ("yaml: line 3: mapping values are
// not allowed in this context") into a diagnostic at that line.
func yamlError(p string, err error) diag.Diagnostic {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	pos := diag.Pos{Path: p}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				pos.Line = n
				msg = text
			}
		}
	}
	return diag.Diagnostic{Pos: pos, Severity: diag.Error, Message: "invalid YAML: " + msg}
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// validDate reports whether d is a real date in one of the forms EPUB's
// dc:date takes.
func validDate(d string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02", time.RFC3339} {
		if _, err := time.Parse(layout, d); err == nil {
			return true
		}
	}
	return false
}

// webURL reports whether s is an absolute http or https URL with a host.
func webURL(s string) bool {
	u, err := url.Parse(strings.ReplaceAll(s, "{path}", "p"))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// check validates values that decoded with the right types.
func (m *Manifest) check(diags *diag.List) {
	if strings.TrimSpace(m.Title) == "" {
		diags.Errorf(m.Pos("title"), "the book has no title: add title: to the manifest")
	}
	if m.Language == "" {
		diags.Errorf(m.Pos("language"), "the book has no language: add language: with a BCP 47 tag such as en or zh-CN")
	} else if !lang.Valid(m.Language) {
		// The rule the writers' lang.VarietyOf applies too.
		diags.Errorf(m.Pos("language"), "language %q is not a BCP 47 language tag such as en or zh-CN", m.Language)
	}
	for i, a := range m.Authors {
		if strings.TrimSpace(a) == "" {
			diags.Errorf(m.Pos(fmt.Sprintf("authors[%d]", i)), "author name is empty")
		}
	}
	if m.Date != "" && !validDate(m.Date) {
		diags.Errorf(m.Pos("date"), "date %q must be YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 time", m.Date)
	}
	if m.Output.Name != "" && !nameRE.MatchString(m.Output.Name) {
		diags.Errorf(m.Pos("output.name"), "output name %q may hold only letters, digits, '.', '_' and '-', and must not start with '.' or '-'", m.Output.Name)
	}
	if d := m.TOCDepth(); d < 0 || d > 6 {
		diags.Errorf(m.Pos("output.toc_depth"), "toc_depth %d must be between 0 (chapters only) and 6", d)
	}
	if m.Cover != "" {
		checkPath(m.Cover, m.Pos("cover"), "cover image", diags)
	}
	m.checkPDF(diags)
	for _, k := range []struct{ key, value string }{{"html.base_url", m.HTML.BaseURL}, {"html.edit_url", m.HTML.EditURL}} {
		if k.value != "" && !webURL(k.value) {
			diags.Errorf(m.Pos(k.key), "%s %q must be an absolute http or https address such as https://example.org/book/", k.key[5:], k.value)
		}
	}
	m.checkFonts(diags)
	m.checkFontPaths(diags)
	m.checkAccessibility(diags)
	if strings.Contains(m.Root, "\\") {
		diags.Errorf(m.Pos("root"), "root %q: use forward slashes in paths", m.Root)
	}
	if ir := m.Markdown.IncludeRoot; ir != "" && !ancestorPath(ir) {
		diags.Errorf(m.Pos("markdown.include_root"), "include_root %q must be a folder holding the book's folder, written as .. or ../.. and so on", ir)
	}

	seen := map[string]diag.Pos{}
	total := 0
	for _, s := range m.Sections() {
		for i := range s.Entries {
			total += m.checkEntry(&s.Entries[i], fmt.Sprintf("%s[%d]", s.Key, i), s.Key == "chapters", seen, diags)
		}
	}
	if total == 0 && !diags.HasErrors() {
		diags.Errorf(diag.Pos{Path: m.Path}, "the book has no chapters: list Markdown files under front:, chapters:, appendices: or back:")
	}
}

// checkEntry checks one entry and its children and returns how many chapter
// files they list. Entries are updated in place with their key path.
func (m *Manifest) checkEntry(e *Entry, key string, partsAllowed bool, seen map[string]diag.Pos, diags *diag.List) int {
	e.Key = key
	n := 0
	switch {
	case e.Part != "":
		if !partsAllowed {
			diags.Errorf(m.Pos(key+".part"), "a part may appear only in the top level of chapters:")
		}
		if len(e.Sections) > 0 {
			diags.Errorf(m.Pos(key+".sections"), "part %q lists its chapters under chapters:, not sections:", e.Part)
		}
		if e.Title != "" {
			diags.Errorf(m.Pos(key+".title"), "a part's title is its part: value; remove title:")
		}
		if len(e.Chapters) == 0 {
			diags.Errorf(m.Pos(key+".part"), "part %q has no chapters: list them under chapters:", e.Part)
		}
		for i := range e.Chapters {
			n += m.checkEntry(&e.Chapters[i], fmt.Sprintf("%s.chapters[%d]", key, i), false, seen, diags)
		}
	case e.File == "":
		pos := e.Pos
		if pos.Path == "" {
			pos = m.Pos(key) // an empty item ("- ") has no mapping to hold a position
		}
		diags.Errorf(pos, "entry has no file: give the chapter's Markdown file as file:")
		return 0
	default:
		if len(e.Chapters) > 0 {
			diags.Errorf(m.Pos(key+".chapters"), "a chapter lists its children under sections:, not chapters: (or make it a part with part:)")
		}
	}
	if e.File != "" {
		fileKey := key + ".file"
		if _, ok := m.positions[fileKey]; !ok {
			fileKey = key // the entry was the shorthand "- file.md"
		}
		pos := m.Pos(fileKey)
		if checkPath(e.File, pos, "chapter file", diags) {
			clean := path.Clean(e.File)
			if first, dup := seen[clean]; dup {
				diags.Errorf(pos, "chapter file %q is listed twice (first at line %d)", e.File, first.Line)
			} else {
				seen[clean] = pos
			}
			if ext := strings.ToLower(path.Ext(clean)); ext != ".md" && ext != ".markdown" {
				diags.Errorf(pos, "chapter file %q is not a Markdown file (.md)", e.File)
			}
		}
		n++
	}
	for i := range e.Sections {
		n += m.checkEntry(&e.Sections[i], fmt.Sprintf("%s.sections[%d]", key, i), false, seen, diags)
	}
	return n
}

// checkPath checks that p, a path written in the manifest, is relative, uses
// forward slashes and stays inside the book's folder. Symbolic links are
// checked when the file is opened.
func checkPath(p string, pos diag.Pos, what string, diags *diag.List) bool {
	switch {
	case strings.TrimSpace(p) == "":
		diags.Errorf(pos, "%s path is empty", what)
	case strings.Contains(p, "\\"):
		diags.Errorf(pos, "%s %q: use forward slashes in paths", what, p)
	case path.IsAbs(p) || (len(p) > 1 && p[1] == ':'):
		diags.Errorf(pos, "%s %q is an absolute path: paths are relative to the folder of the manifest", what, p)
	case path.Clean(p) == ".." || strings.HasPrefix(path.Clean(p), "../"):
		diags.Errorf(pos, "%s %q is outside the book's folder", what, p)
	default:
		return true
	}
	return false
}

// BookID returns the identifier of the book: the one given in the manifest,
// or a name-based (version 5) UUID derived from the title and authors, so
// that every build of the same book carries the same identifier.
func (m *Manifest) BookID() string {
	if m.Identifier != "" {
		return m.Identifier
	}
	name := m.Title + "\x00" + strings.Join(m.Authors, "\x00")
	return "urn:uuid:" + uuid.NewV5(idNamespace, name).String()
}

// idNamespace is the UUID namespace of derived book identifiers.
var idNamespace = uuid.NewV5(uuid.NamespaceURL, "https://github.com/gobook/ebook/book")
