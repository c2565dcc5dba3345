package manifest

import (
	"fmt"
	"path"

	"github.com/gobook/ebook/pipeline/diag"
)

// Fonts is the fonts: key: for each role, the chain of font families that
// draws its text, tried in order for each character. A role that is not
// given keeps the built-in chain; heading, when not given, follows body;
// quote, when not given, follows body while body is the built-in chain,
// and is otherwise the built-in Kai face (LXGW WenKai) for Chinese text in
// front of the body's chain.
type Fonts struct {
	Body    []FontFamily `yaml:"body"`
	Heading []FontFamily `yaml:"heading"`
	Code    []FontFamily `yaml:"code"`
	Quote   []FontFamily `yaml:"quote"`
}

// Roles lists the chains with the key each is written under.
func (f *Fonts) Roles() []struct {
	Key     string
	Entries []FontFamily
} {
	return []struct {
		Key     string
		Entries []FontFamily
	}{
		{"body", f.Body},
		{"heading", f.Heading},
		{"code", f.Code},
		{"quote", f.Quote},
	}
}

// Files lists the font files the chains name, each once, in the order
// they are named.
func (f *Fonts) Files() []string {
	var out []string
	seen := map[string]bool{}
	add := func(file string) {
		if file != "" && !seen[path.Clean(file)] {
			seen[path.Clean(file)] = true
			out = append(out, file)
		}
	}
	for _, role := range f.Roles() {
		for _, e := range role.Entries {
			add(e.File)
			for _, face := range []*FontFace{e.Bold, e.Italic, e.BoldItalic} {
				if face != nil {
					add(face.File)
				}
			}
		}
	}
	return out
}

// FontFamily is one entry of a chain: the word default, standing for the
// built-in chain of the role; a font file (a path); a mapping with the
// file of the regular face (file, with index or name to pick a face of a
// collection) and optionally its bold, italic and bold_italic faces; or a
// mapping with the name of an installed family (family, with optional
// style or weight).
type FontFamily struct {
	// Family names an installed font family instead of a file (a system
	// font, see font_paths), with the Style or Weight of its regular face.
	Family     string    `yaml:"family"`
	Style      string    `yaml:"style"`
	Weight     *int      `yaml:"weight"`
	File       string    `yaml:"file"`
	Index      *int      `yaml:"index"`
	Name       string    `yaml:"name"`
	Bold       *FontFace `yaml:"bold"`
	Italic     *FontFace `yaml:"italic"`
	BoldItalic *FontFace `yaml:"bold_italic"`

	// Default is set for the entry "default".
	Default bool `yaml:"-"`
	// Pos is where the entry names its file (or the entry itself); Key is
	// its key path ("fonts.body[0]").
	Pos diag.Pos `yaml:"-"`
	Key string   `yaml:"-"`
}

func (f *FontFamily) setScalar(v string) {
	if v == "default" {
		f.Default = true
		return
	}
	f.File = v
}

// Regular returns the entry's regular face.
func (f *FontFamily) Regular() *FontFace {
	return &FontFace{File: f.File, Index: f.Index, Name: f.Name, Pos: f.Pos, Key: f.Key}
}

// FontFace is a font file and, for a TrueType collection (.ttc), the face
// to take from it: by Index (0 is the first) or by Name, its full or
// PostScript name.
type FontFace struct {
	File  string `yaml:"file"`
	Index *int   `yaml:"index"`
	Name  string `yaml:"name"`

	Pos diag.Pos `yaml:"-"`
	Key string   `yaml:"-"`
}

func (f *FontFace) setScalar(v string) { f.File = v }

// checkFonts checks the fonts: key.
func (m *Manifest) checkFonts(diags *diag.List) {
	for _, role := range m.Fonts.Roles() {
		key := "fonts." + role.Key
		if role.Entries != nil && len(role.Entries) == 0 {
			diags.Errorf(m.Pos(key), "%s lists no fonts: name font files, or default for the built-in fonts", key)
			continue
		}
		defaults := 0
		for i := range role.Entries {
			e := &role.Entries[i]
			e.Key = fmt.Sprintf("%s[%d]", key, i)
			if e.Default {
				e.Pos = m.Pos(e.Key)
				if defaults++; defaults == 2 {
					diags.Errorf(e.Pos, "default appears twice in %s", key)
				}
				continue
			}
			if e.Family != "" || e.Style != "" || e.Weight != nil {
				m.checkFontFamily(e, diags)
				continue
			}
			face := FontFace{File: e.File, Index: e.Index, Name: e.Name}
			m.checkFontFace(&face, e.Key, "font file", diags)
			e.Pos = face.Pos
			for _, style := range []struct {
				name string
				face *FontFace
			}{{"bold", e.Bold}, {"italic", e.Italic}, {"bold_italic", e.BoldItalic}} {
				if style.face != nil {
					m.checkFontFace(style.face, e.Key+"."+style.name, style.name+" font file", diags)
				}
			}
		}
	}
}

// checkFontFace checks one face of a font entry written at key, and sets
// its Key and Pos.
func (m *Manifest) checkFontFace(f *FontFace, key, what string, diags *diag.List) {
	f.Key = key
	f.Pos = m.Pos(key + ".file")
	if _, ok := m.positions[key+".file"]; !ok {
		f.Pos = m.Pos(key)
	}
	switch {
	case f.File == "default":
		diags.Errorf(f.Pos, "default stands for a whole chain, not for one face: give a font file")
		return
	case f.File == "":
		diags.Errorf(m.Pos(key), "font entry has no file: give the font file's path as file:")
		return
	}
	checkPath(f.File, f.Pos, what, diags)
	if f.Index != nil && *f.Index < 0 {
		diags.Errorf(m.Pos(key+".index"), "index %d: faces of a collection are numbered from 0", *f.Index)
	}
	if f.Index != nil && f.Name != "" {
		diags.Errorf(m.Pos(key+".name"), "give the face of the collection by index or by name, not both")
	}
}

// checkFontFamily checks an entry that names an installed family, and sets
// its Pos.
func (m *Manifest) checkFontFamily(e *FontFamily, diags *diag.List) {
	e.Pos = m.Pos(e.Key + ".family")
	switch {
	case e.Family == "":
		key := e.Key + ".style"
		if e.Style == "" {
			key = e.Key + ".weight"
		}
		diags.Errorf(m.Pos(key), "style: and weight: go with family:, the name of an installed font family; a font file is one face already")
		return
	case e.File != "" || e.Index != nil || e.Name != "":
		diags.Errorf(e.Pos, "give a font by family: or by file:, not both")
		return
	case e.Bold != nil || e.Italic != nil || e.BoldItalic != nil:
		diags.Errorf(e.Pos, "a family entry finds its bold and italic faces itself: bold:, italic: and bold_italic: go with file:")
		return
	case e.Style != "" && e.Weight != nil:
		diags.Errorf(m.Pos(e.Key+".weight"), "give the face of the family by style or by weight, not both")
	case e.Weight != nil && (*e.Weight < 1 || *e.Weight > 1000):
		diags.Errorf(m.Pos(e.Key+".weight"), "weight %d: a font weight is from 1 to 1000 (400 regular, 700 bold)", *e.Weight)
	}
}

// checkFontPaths checks the font_paths: key.
func (m *Manifest) checkFontPaths(diags *diag.List) {
	for i, p := range m.FontPaths {
		if p == "" {
			diags.Errorf(m.Pos(fmt.Sprintf("font_paths[%d]", i)), "font_paths lists an empty folder name")
		}
	}
}
