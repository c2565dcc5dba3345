package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"

	"github.com/gobook/ebook/pipeline/diag"
)

// Metadata is what a project's configuration file says about the book.
type Metadata struct {
	File        string // the file it was read from, as shown in messages; "" when there was none
	Title       string
	Authors     []string
	Language    string
	Description string
}

// metadataFiles are the configuration files of the tools whose books are
// imported, in the order they are looked for: GitBook and HonKit's
// book.json, mdBook's book.toml and WaBook's book.ini (TOML too, with
// mdBook's [book] table).
var metadataFiles = []string{"book.json", "book.toml", "book.ini"}

// findMetadata looks for a configuration file next to SUMMARY.md, then in
// the folder above it when that folder's book.json (root), book.toml or
// book.ini (src) names the summary's folder as its source folder (mdBook
// keeps SUMMARY.md in src/, GitBook books often in docs/).
// It returns the path of the file, or "".
func findMetadata(summaryDir string) string {
	for _, name := range metadataFiles {
		p := filepath.Join(summaryDir, name)
		if isFile(p) {
			return p
		}
	}
	parent := filepath.Dir(summaryDir)
	if parent == summaryDir {
		return ""
	}
	// GitBook's book.json names the folder of SUMMARY.md as its root.
	if p := filepath.Join(parent, "book.json"); isFile(p) {
		if src := configuredSource(parent); src != "" && sameDir(filepath.Join(parent, filepath.FromSlash(src)), summaryDir) {
			return p
		}
	}
	for _, name := range metadataFiles[1:] {
		p := filepath.Join(parent, name)
		if !isFile(p) {
			continue
		}
		var cfg tomlConfig
		data, err := readFile(p)
		if err == nil {
			_, err = toml.Decode(string(data), &cfg)
		}
		if err != nil {
			// Read it again in readMetadata, which reports the error.
			return p
		}
		src := cfg.Book.Src
		if src == "" {
			src = "src" // mdBook's default
		}
		if sameDir(filepath.Join(parent, filepath.FromSlash(src)), summaryDir) {
			return p
		}
	}
	return ""
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
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
		Title       string   `toml:"title"`
		Authors     []string `toml:"authors"`
		Description string   `toml:"description"`
		Language    string   `toml:"language"`
		Src         string   `toml:"src"`
	} `toml:"book"`
}

// jsonConfig is the part of GitBook and HonKit's book.json that describes
// the book. author is a string there; authors is accepted too.
type jsonConfig struct {
	Title       string          `json:"title"`
	Author      json.RawMessage `json:"author"`
	Authors     json.RawMessage `json:"authors"`
	Description string          `json:"description"`
	Language    string          `json:"language"`
}

// readMetadata reads the configuration file at p, shown as display.
// A file that cannot be read or parsed is an error: the author fixes it or
// removes it, rather than getting a manifest without its metadata.
func readMetadata(p, display string, diags *diag.List) (*Metadata, bool) {
	data, err := readFile(p)
	if err != nil {
		diags.Errorf(diag.Pos{Path: display}, "cannot read: %v", unwrapPathError(err))
		return nil, false
	}
	m := &Metadata{File: display}
	if strings.HasSuffix(p, ".json") {
		var cfg jsonConfig
		if err := json.Unmarshal(data, &cfg); err != nil {
			diags.Errorf(jsonErrorPos(display, data, err), "not valid JSON: %v", err)
			return nil, false
		}
		m.Title, m.Description, m.Language = cfg.Title, cfg.Description, cfg.Language
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
		return "no book.json, book.toml or book.ini"
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
