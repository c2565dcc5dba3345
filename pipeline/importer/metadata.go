package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
)

// Metadata is what a project's configuration file says about the book.
type Metadata struct {
	File        string // the file it was read from, as shown in messages; "" when there was none
	Title       string
	Authors     []string
	Language    string
	Description string
	// Readme is the book's introduction, relative to the summary's folder,
	// when the file names one (book.json's structure.readme); "" for
	// GitBook's default, README.md.
	Readme string
	// NotFound is mdBook's page for missing pages (output.html.input-404,
	// 404.md by default), relative to the summary's folder: not a chapter.
	NotFound string
	// SmartPunctuation: book.toml turns on mdBook's smart punctuation
	// (markdown.smart_punctuation).
	SmartPunctuation bool
	// Glossary is GitBook's glossary, relative to the summary's folder,
	// when book.json's structure.glossary names one ("" for GLOSSARY.md).
	Glossary string
	// Variables are book.json's variables, the values of {{ book.NAME }},
	// as text.
	Variables map[string]string
	// From names, by field ("title", "authors", "language",
	// "description"), the other configuration file beside File a value
	// was taken from because File leaves it out (see fill).
	From map[string]string
	// Differs says, by field, what the other configuration files give
	// for a value File gives otherwise: `book.toml has "zh"`.
	Differs map[string]string
}

// fill takes from o, another configuration file beside m's, the values m
// leaves out, and notes those it gives otherwise. A book moved from
// GitBook to mdBook often keeps its book.json beside the book.toml it now
// uses (advanced-go-programming-book): neither tool reads the other's
// file, and which one the author still keeps up is not known, so nothing
// either says is dropped unseen.
func (m *Metadata) fill(o *Metadata) {
	if m.From == nil {
		m.From, m.Differs = map[string]string{}, map[string]string{}
	}
	other := path.Base(o.File)
	take := func(field string, mine *string, theirs string) {
		switch {
		case theirs == "":
		case *mine == "":
			*mine, m.From[field] = theirs, o.File
		case *mine != theirs && m.Differs[field] == "":
			m.Differs[field] = fmt.Sprintf("%s has %q", other, theirs)
		}
	}
	take("title", &m.Title, o.Title)
	take("language", &m.Language, o.Language)
	take("description", &m.Description, o.Description)
	mine, theirs := strings.Join(m.Authors, ", "), strings.Join(o.Authors, ", ")
	take("authors", &mine, theirs)
	if len(m.Authors) == 0 && len(o.Authors) > 0 {
		m.Authors = o.Authors
	}
	if m.NotFound == "" {
		m.NotFound = o.NotFound
	}
}

// metadataFiles are the configuration files of the tools whose books are
// imported, in the order they are looked for: GitBook and HonKit's
// book.json, mdBook's book.toml, WaBook's book.ini (TOML too, with
// mdBook's [book] table), and config.json, which some GitBook books use
// with book.json's keys.
var metadataFiles = []string{"book.json", "book.toml", "book.ini", "config.json"}

// isJSONConfig reports whether the configuration file at p is JSON (with
// book.json's keys) rather than TOML.
func isJSONConfig(p string) bool { return strings.HasSuffix(p, ".json") }

// lenient reports whether a configuration file that cannot be read is
// ignored with a warning rather than stopping the import: config.json is
// a common name, and may belong to something else than the book.
func lenient(p string) bool { return filepath.Base(p) == "config.json" }

// findMetadata looks for configuration files next to SUMMARY.md, then in
// the folder above it when that folder's book.json (root), book.toml or
// book.ini (src) names the summary's folder as its source folder (mdBook
// keeps SUMMARY.md in src/, GitBook books often in docs/).
// It returns the paths of the files of the first folder that has any, in
// the order of metadataFiles (the first is the book's configuration, the
// others fill what it leaves out), or nil.
// Only files inside base (see readFile) are considered.
func findMetadata(base, summaryDir string) []string {
	inside := func(p string) bool { return insideBase(p, base) }
	var found []string
	for _, name := range metadataFiles {
		p := filepath.Join(summaryDir, name)
		if isFile(p) && inside(p) {
			found = append(found, p)
		}
	}
	parent := filepath.Dir(summaryDir)
	if len(found) > 0 || parent == summaryDir {
		return found
	}
	for _, name := range metadataFiles {
		p := filepath.Join(parent, name)
		if !isFile(p) || !inside(p) {
			continue
		}
		if isJSONConfig(p) {
			// GitBook's book.json names the folder of SUMMARY.md as its root.
			// (When it is not valid JSON, readMetadata reports the error.)
			if cfg, _ := readJSONConfig(p); cfg != nil && cfg.Root != "" && sameDir(filepath.Join(parent, filepath.FromSlash(cfg.Root)), summaryDir) {
				found = append(found, p)
			}
			continue
		}
		var cfg tomlConfig
		data, err := readFile(base, p)
		if err == nil {
			_, err = toml.Decode(string(data), &cfg)
		}
		if err != nil {
			// Read it again in readMetadata, which reports the error.
			found = append(found, p)
			continue
		}
		src := cfg.Book.Src
		if src == "" {
			src = "src" // mdBook's default
		}
		if sameDir(filepath.Join(parent, filepath.FromSlash(src)), summaryDir) {
			found = append(found, p)
		}
	}
	return found
}

// insideBase reports whether file p, its symbolic links resolved, is
// inside base.
func insideBase(p, base string) bool {
	real, err := filepath.EvalSymlinks(p)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	return err == nil && book.Within(real, base)
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

func sameDir(a, b string) bool {
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}

// tomlConfig is the part of mdBook's book.toml (and WaBook's book.ini) that
// describes the book.
type tomlConfig struct {
	Book struct {
		Title   string   `toml:"title"`
		Authors []string `toml:"authors"`
		// Author is the key mdBook's guide once showed (author = "Name"),
		// still in books such as the Rustonomicon: a name or a list.
		Author      any    `toml:"author"`
		Description string `toml:"description"`
		Language    string `toml:"language"`
		Src         string `toml:"src"`
	} `toml:"book"`
	Output struct {
		HTML struct {
			Input404       string `toml:"input-404"`
			MathjaxSupport bool   `toml:"mathjax-support"`
			// SmartPunctuation is curly quotes and dashes; CurlyQuotes
			// its name before mdBook 0.4.38.
			SmartPunctuation *bool `toml:"smart-punctuation"`
			CurlyQuotes      *bool `toml:"curly-quotes"`
		} `toml:"html"`
	} `toml:"output"`
	// Preprocessor names mdBook's preprocessors, which run before the
	// book is rendered.
	Preprocessor map[string]any `toml:"preprocessor"`
}

// jsonConfig is the part of GitBook and HonKit's book.json that describes
// the book. author is a string there; authors is accepted too.
type jsonConfig struct {
	Title       string          `json:"title"`
	Author      json.RawMessage `json:"author"`
	Authors     json.RawMessage `json:"authors"`
	Description string          `json:"description"`
	Language    string          `json:"language"`
	Root        string          `json:"root"`
	Structure   struct {
		Readme   string `json:"readme"`
		Summary  string `json:"summary"`
		Glossary string `json:"glossary"`
		Langs    string `json:"langs"`
	} `json:"structure"`
	// Variables are HonKit's template variables, {{ book.NAME }}.
	Variables map[string]any `json:"variables"`
	// Plugins are the GitBook and HonKit plugins the book uses.
	Plugins []any `json:"plugins"`
}

// jsonRootRE finds the root of a book.json that is not valid JSON, so that
// its SUMMARY.md is still found and the error reported at its position.
var jsonRootRE = regexp.MustCompile(`"root"\s*:\s*"([^"]*)"`)

// readJSONConfig reads a book.json, for the folders and files it names.
// For one that is not valid JSON, it returns the error with what can be
// read of it (root).
func readJSONConfig(p string) (*jsonConfig, error) {
	data, err := readFile("", p)
	if err != nil {
		return nil, err
	}
	var cfg jsonConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		cfg = jsonConfig{}
		if m := jsonRootRE.FindSubmatch(data); m != nil {
			cfg.Root = string(m[1])
		}
		return &cfg, err
	}
	return &cfg, nil
}

// readMetadata reads the configuration file at p, shown as display.
// A file that cannot be read or parsed is an error: the author fixes it or
// removes it, rather than getting a manifest without its metadata.
func readMetadata(p, display string, diags *diag.List) (*Metadata, bool) {
	data, err := readFile("", p)
	if err != nil {
		diags.Errorf(diag.Pos{Path: display}, "cannot read: %v", unwrapPathError(err))
		return nil, false
	}
	m := &Metadata{File: display}
	if isJSONConfig(p) {
		var cfg jsonConfig
		if err := json.Unmarshal(data, &cfg); err != nil {
			if lenient(p) {
				diags.Warnf(jsonErrorPos(display, data, err), "ignored: not valid JSON (%v), so not read as the book's configuration", err)
				return nil, true
			}
			diags.Errorf(jsonErrorPos(display, data, err), "not valid JSON: %v", err)
			return nil, false
		}
		m.Title, m.Description, m.Language = cfg.Title, cfg.Description, cfg.Language
		m.Readme = cleanConfigPath(cfg.Structure.Readme)
		m.Glossary = cleanConfigPath(cfg.Structure.Glossary)
		m.Variables = scalarVariables(display, cfg.Variables, diags)
		var plugins []string
		for _, p := range cfg.Plugins {
			if s, ok := p.(string); ok {
				plugins = append(plugins, s)
			}
		}
		warnLostPlugins(display, data, "book.json's plugins", plugins, false, diags)
		for _, raw := range []json.RawMessage{cfg.Author, cfg.Authors} {
			names, err := stringOrList(raw)
			if err != nil {
				diags.Errorf(diag.Pos{Path: display}, "author and authors must be a name or a list of names")
				return nil, false
			}
			m.Authors = append(m.Authors, names...)
		}
	} else {
		var cfg tomlConfig
		if _, err := toml.Decode(string(data), &cfg); err != nil {
			pos := diag.Pos{Path: display}
			var pe toml.ParseError
			if errors.As(err, &pe) {
				pos.Line, pos.Col = pe.Position.Line, pe.Position.Col
				err = errors.New(pe.Message)
			}
			diags.Errorf(pos, "not valid TOML: %v", err)
			return nil, false
		}
		b := cfg.Book
		m.Title, m.Authors, m.Description, m.Language = b.Title, b.Authors, b.Description, b.Language
		names, ok := tomlNames(b.Author)
		if !ok {
			// mdBook itself ignores the key: a warning, not a refusal.
			diags.Warnf(diag.Pos{Path: display}, "[book] author is neither a name nor a list of names: ignored")
		}
		for _, n := range names {
			if !slices.Contains(m.Authors, n) {
				m.Authors = append(m.Authors, n)
			}
		}
		if filepath.Base(p) == "book.toml" {
			html := cfg.Output.HTML
			switch {
			case html.SmartPunctuation != nil:
				m.SmartPunctuation = *html.SmartPunctuation
			case html.CurlyQuotes != nil:
				m.SmartPunctuation = *html.CurlyQuotes
			}
			m.NotFound = cleanConfigPath(cfg.Output.HTML.Input404)
			if m.NotFound == "" {
				m.NotFound = "404.md"
			}
			var pre []string
			for name := range cfg.Preprocessor {
				// mdBook's own, and the Rust book's <Listing>, which ebook follows.
				if name != "links" && name != "index" && name != "trpl-listing" {
					pre = append(pre, name)
				}
			}
			if cfg.Output.HTML.MathjaxSupport {
				pre = append(pre, "mathjax")
			}
			sort.Strings(pre)
			warnLostPlugins(display, data, "book.toml's preprocessors and MathJax", pre, true, diags)
		}
	}
	m.Title = strings.TrimSpace(m.Title)
	m.Description = strings.TrimSpace(m.Description)
	m.Language = strings.TrimSpace(m.Language)
	var authors []string
	for _, a := range m.Authors {
		if a = strings.TrimSpace(a); a != "" {
			authors = append(authors, a)
		}
	}
	m.Authors = authors
	return m, true
}

// tomlNames returns the names of a TOML value that is a name or a list of
// names (nil for none); false for anything else.
func tomlNames(v any) ([]string, bool) {
	switch v := v.(type) {
	case nil:
		return nil, true
	case string:
		return []string{v}, true
	case []any:
		var names []string
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, false
			}
			names = append(names, s)
		}
		return names, true
	}
	return nil, false
}

// cleanConfigPath is a file a configuration names, relative to the book's
// root, with forward slashes; "" for none or for one that leaves the root.
func cleanConfigPath(p string) string {
	p = strings.TrimSpace(strings.ReplaceAll(p, "\\", "/"))
	if p == "" {
		return ""
	}
	p = path.Clean(strings.TrimLeft(p, "/"))
	if p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return ""
	}
	return p
}

func stringOrList(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, err
	}
	return many, nil
}

// jsonErrorPos turns the byte offset of a JSON syntax error into a position.
func jsonErrorPos(display string, data []byte, err error) diag.Pos {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, the wrong one included.
		return diag.NewFile(display, data).Pos(int(se.Offset) - 1)
	}
	return diag.Pos{Path: display}
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// String describes the metadata for verbose output.
func (m *Metadata) String() string {
	if m == nil || m.File == "" {
		return "no book.json, book.toml, book.ini or config.json"
	}
	return fmt.Sprintf("%s: title %q, %d author(s), language %q", m.File, m.Title, len(m.Authors), m.Language)
}

// languageTag turns the language codes the tools use ("zh-hans", "zh_CN",
// "en") into canonical BCP 47 tags ("zh-Hans", "zh-CN", "en").
func languageTag(s string) (string, bool) {
	tag, err := language.Parse(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"))
	if err != nil {
		return "", false
	}
	return tag.String(), true
}

// scalarVariables returns book.json's variables as book.yaml holds them:
// text, numbers and booleans as written, an object's values by their
// dotted names ({"links": {"home": …}} is links.home, which
// {{ book.links.home }} reads). A list cannot be one: it is left out,
// with a warning. When a dotted name is also a key as written
// ({"a.b": …, "a": {"b": …}}), the key as written is kept, the one fewer
// objects deep, and the other is left out with a warning.
func scalarVariables(display string, vars map[string]any, diags *diag.List) map[string]string {
	if len(vars) == 0 {
		return nil
	}
	type variable struct {
		name, value string
		path        []string // the keys that lead to it
	}
	var all []variable
	var add func(path []string, vars map[string]any)
	add = func(path []string, vars map[string]any) {
		// In the keys' order, so that the warnings come in one order.
		for _, key := range slices.Sorted(maps.Keys(vars)) {
			p := append(path[:len(path):len(path)], key)
			name := strings.Join(p, ".")
			switch v := vars[key].(type) {
			case string:
				all = append(all, variable{name, v, p})
			case float64:
				all = append(all, variable{name, strconv.FormatFloat(v, 'f', -1, 64), p})
			case bool:
				all = append(all, variable{name, strconv.FormatBool(v), p})
			case nil:
				all = append(all, variable{name, "", p})
			case map[string]any:
				add(p, v)
			default:
				diags.Warnf(diag.Pos{Path: display}, "variables.%s is a list, not copied: book.yaml's variables are text, numbers or booleans", name)
			}
		}
	}
	add(nil, vars)
	slices.SortStableFunc(all, func(a, b variable) int { return len(a.path) - len(b.path) })
	out := map[string]string{}
	kept := map[string][]string{}
	for _, v := range all {
		if k, ok := kept[v.name]; ok {
			diags.Warnf(diag.Pos{Path: display}, "variables: %s is not copied: its name %s is that of %s, which is kept",
				keyPath(v.path), v.name, keyPath(k))
			continue
		}
		out[v.name] = v.value
		kept[v.name] = v.path
	}
	return out
}

// keyPath writes the keys that lead to a variable of book.json, quoted:
// "a" → "b".
func keyPath(path []string) string {
	q := make([]string, len(path))
	for i, k := range path {
		q[i] = strconv.Quote(k)
	}
	return strings.Join(q, " → ")
}
