package build

import (
	"fmt"
	"path"
	"strings"

	"golang.org/x/text/unicode/runenames"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/manifest"
)

// loadFonts parses the book's fonts, once for every writer of the build.
// Problems with the font files book.yaml names are reported to diags; the
// set is nil when there were any.
func loadFonts(b *book.Book, diags *diag.List) *fonts.Set {
	m := b.Manifest
	cfg := fonts.Config{Language: m.Language}
	roles := map[string]fonts.Role{"body": fonts.Body, "heading": fonts.Heading, "code": fonts.Code}
	for _, r := range m.Fonts.Roles() {
		if r.Entries == nil {
			continue
		}
		specs := []fonts.FamilySpec{}
		for i := range r.Entries {
			e := &r.Entries[i]
			spec := fonts.FamilySpec{Default: e.Default, Pos: e.Pos}
			if !e.Default {
				spec.Faces[fonts.Regular] = faceSpec(b, e.Regular())
				spec.Faces[fonts.Bold] = faceSpec(b, e.Bold)
				spec.Faces[fonts.Italic] = faceSpec(b, e.Italic)
				spec.Faces[fonts.BoldItalic] = faceSpec(b, e.BoldItalic)
			}
			specs = append(specs, spec)
		}
		cfg.Roles[roles[r.Key]] = specs
	}
	return fonts.Load(cfg, diags)
}

func faceSpec(b *book.Book, f *manifest.FontFace) *fonts.FaceSpec {
	if f == nil {
		return nil
	}
	s := &fonts.FaceSpec{Path: f.File, Data: b.FontFiles[path.Clean(f.File)], Index: -1, Name: f.Name, Pos: f.Pos}
	if f.Index != nil {
		s.Index = *f.Index
	}
	return s
}

// reportCoverage warns about every character no face of its chain has,
// once per character, at its first occurrence: a reader would see another
// font's glyph, or a box.
func reportCoverage(u *fonts.Usage, set *fonts.Set, diags *diag.List) {
	for _, m := range u.Missing() {
		name := runenames.Name(m.Rune)
		if name == "" {
			name = "(no name)"
		}
		var chains []string
		for _, r := range m.Roles {
			var names []string
			for _, fam := range set.Families(r) {
				names = append(names, fam.Name)
			}
			chains = append(chains, fmt.Sprintf("%s: %s", r, strings.Join(names, ", ")))
		}
		times := "1 occurrence"
		if m.Count > 1 {
			times = fmt.Sprintf("%d occurrences, the first here", m.Count)
		}
		diags.Warnf(m.First, "U+%04X %s %q is in no font of its chain (%s); %s. Add a font that has it to fonts: in book.yaml",
			m.Rune, name, string(m.Rune), strings.Join(chains, "; "), times)
	}
}
