package fonts

import (
	"fmt"

	"github.com/gobook/ebook/fonts/sfnt"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/lang"
)

// Config says which fonts a book uses: for each role, a chain of families
// (nil: the built-in chain), and the book's language.
type Config struct {
	// Language is the book's BCP 47 language tag. In Chinese and Japanese
	// books the ambiguous-width punctuation is drawn by the CJK face (see
	// Set.Face).
	Language string
	// Roles holds the chain of each role. A nil chain is the built-in one,
	// except for Heading, whose nil chain is the body's chain, and Quote,
	// whose nil chain is the body's chain when the body's is the built-in
	// one (WenKai, a Kai face) and otherwise WenKai for all but Western
	// characters in front of the body's chain: Kai quotes and captions
	// beside a book's own (Song) body face.
	Roles [NumRoles][]FamilySpec
}

// FamilySpec is one entry of a chain as the book gives it: the built-in
// chain of the role (Default), or a family of font files.
type FamilySpec struct {
	Default bool
	// Faces holds the face for each style; Regular is required.
	Faces [NumStyles]*FaceSpec
	Pos   diag.Pos // where book.yaml names the entry
}

// FaceSpec is a font file of the book and the face to take from it.
type FaceSpec struct {
	Path  string // the file's path in the book, for messages
	Data  []byte
	Index int    // face of a collection; negative when not given
	Name  string // face of a collection by full or PostScript name
	Pos   diag.Pos
	// System marks a face found by family name outside the book's folder
	// (Path is then the file's path on this machine).
	System bool
}

// Set is the fonts of one build: the faces, parsed once, and the chain of
// each role. Every writer of the build shares it; it is safe for concurrent
// use.
type Set struct {
	faces    []*Face
	families [NumRoles][]*Family
	chains   [NumRoles][NumStyles][]*Face
	// noWestern marks, bit i, the faces of a chain that draw no Western
	// character (Family.NoWestern).
	noWestern [NumRoles][NumStyles]uint64
	lang      string
	cjkPunct  bool // the book is Chinese or Japanese
	// ambiguous marks the punctuation from U+2000 to U+2E7F whose East
	// Asian Width is Ambiguous; see Face.
	ambiguous [(ambiguousHi - ambiguousLo + 64) / 64]uint64
	// special marks the characters of the Basic Multilingual Plane that
	// need more than a coverage lookup: marks, joiners, variation
	// selectors, format and control characters.
	special [0x10000 / 64]uint64
	// ascii caches Face for the ASCII characters.
	ascii [NumRoles][NumStyles][0x80]*Face
	// svg holds the faces of SVG text by generic family (svgfaces.go).
	svg [svgMono + 1]*Family
}

// Load parses the faces cfg names and builds the chains. Problems with the
// book's font files are reported to diags at the place book.yaml names
// them; the set is nil when there were any.
func Load(cfg Config, diags *diag.List) *Set {
	s := &Set{lang: cfg.Language, cjkPunct: IsCJKLanguage(cfg.Language)}
	s.initTables()
	l := &loader{set: s, diags: diags, parsed: map[faceKey]*Face{}}
	builtin := builtinChains()
	for role := Role(0); role < NumRoles; role++ {
		specs := cfg.Roles[role]
		if specs == nil && role == Heading && cfg.Roles[Body] != nil {
			s.families[role] = s.families[Body]
			continue
		}
		if specs == nil && role == Quote {
			s.families[role] = s.families[Body]
			if cfg.Roles[Body] != nil {
				kai := *l.builtin(builtinKai())
				kai.NoWestern = true
				s.families[role] = append([]*Family{&kai}, s.families[Body]...)
			}
			continue
		}
		if specs == nil {
			specs = []FamilySpec{{Default: true}}
		}
		for _, spec := range specs {
			if spec.Default {
				for _, bf := range builtin[role] {
					s.families[role] = append(s.families[role], l.builtin(bf))
				}
				continue
			}
			if fam := l.family(spec); fam != nil {
				s.families[role] = append(s.families[role], fam)
			}
		}
	}
	if l.failed {
		return nil
	}
	l.loadSVGFaces()
	for role := range s.families {
		for style := Style(0); style < NumStyles; style++ {
			var chain []*Face
			for _, fam := range s.families[role] {
				if f := fam.Face(style); f != nil && !contains(chain, f) && len(chain) < 64 {
					if fam.NoWestern {
						s.noWestern[role][style] |= 1 << len(chain)
					}
					chain = append(chain, f)
				}
			}
			s.chains[role][style] = chain
			for r := range rune(0x80) {
				s.ascii[role][style][r] = s.face(Role(role), style, r)
			}
		}
	}
	return s
}

func contains(faces []*Face, f *Face) bool {
	for _, g := range faces {
		if g == f {
			return true
		}
	}
	return false
}

// IsCJKLanguage reports whether the BCP 47 tag lang is Chinese (any
// variety) or Japanese (see lang.IsCJK).
func IsCJKLanguage(tag string) bool { return lang.IsCJK(tag) }

// faceKey identifies a face of a font file within one Load.
type faceKey struct {
	data  *byte
	size  int
	index int
	name  string
}

type loader struct {
	set    *Set
	diags  *diag.List
	parsed map[faceKey]*Face
	fams   map[string]*Family // built-in families by name
	failed bool
}

func (l *loader) add(f *Face) *Face {
	f.id = len(l.set.faces)
	l.set.faces = append(l.set.faces, f)
	return f
}

func (l *loader) builtin(bf builtinFamily) *Family {
	if fam := l.fams[bf.name]; fam != nil {
		return fam
	}
	fam := &Family{Name: bf.name}
	for style, data := range bf.faces {
		if data == nil {
			continue
		}
		sf, err := sfnt.Parse(data, -1, "")
		if err != nil {
			// The built-in faces are tested; this is a broken build.
			panic(fmt.Sprintf("fonts: built-in face %s %s: %v", bf.name, Style(style), err))
		}
		fam.Faces[style] = l.add(&Face{Face: sf, Source: "built-in"})
	}
	if l.fams == nil {
		l.fams = map[string]*Family{}
	}
	l.fams[bf.name] = fam
	return fam
}

func (l *loader) family(spec FamilySpec) *Family {
	fam := &Family{}
	for style, fs := range spec.Faces {
		if fs == nil {
			continue
		}
		key := faceKey{size: len(fs.Data), index: fs.Index, name: fs.Name}
		if len(fs.Data) > 0 {
			key.data = &fs.Data[0]
		}
		f, ok := l.parsed[key]
		if !ok {
			sf, err := sfnt.Parse(fs.Data, fs.Index, fs.Name)
			if err != nil {
				l.diags.Errorf(fs.Pos, "font file %q %v", fs.Path, err)
				l.failed = true
				l.parsed[key] = nil
				continue
			}
			f = &Face{Face: sf, Source: fs.Path, System: fs.System}
			if i := sf.Index(); i >= 0 {
				f.Source = fmt.Sprintf("%s#%d", fs.Path, i)
			}
			l.parsed[key] = l.add(f)
		}
		fam.Faces[style] = f
	}
	if fam.Faces[Regular] == nil {
		return nil
	}
	fam.Name = fam.Faces[Regular].Family
	return fam
}

// Faces returns every face of the set, in the order of first use by the
// chains of body, heading and code.
func (s *Set) Faces() []*Face { return s.faces }

// Families returns the chain of role as families.
func (s *Set) Families(role Role) []*Family { return s.families[role] }

// Chain returns the faces that draw role in style, in the order they are
// tried. A face of a NoWestern family is tried for other characters only
// (see DrawsWestern).
func (s *Set) Chain(role Role, style Style) []*Face { return s.chains[role][style&3] }

// DrawsWestern reports whether the k-th face of the chain of role in style
// draws Western characters (see Western), as faces do unless their family
// is NoWestern.
func (s *Set) DrawsWestern(role Role, style Style, k int) bool {
	return s.noWestern[role][style&3]&(1<<k) == 0
}

// QuoteContrasts reports whether the quote role sets Chinese text in
// another face than the body, so that emphasis can be set in the quote
// face (see Context.Emphasis).
func (s *Set) QuoteContrasts() bool {
	return s.Face(Body, Regular, '中') != s.Face(Quote, Regular, '中')
}

// Root is the context at the top of a chapter set with s (see the function
// Root), knowing whether emphasis may be set in the quote face.
func (s *Set) Root() Context {
	c := Root(s.lang)
	c.Kai = s.QuoteContrasts()
	return c
}

// Language returns the book's language.
func (s *Set) Language() string { return s.lang }
