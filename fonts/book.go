package fonts

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/text/unicode/runenames"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/manifest"
)

// ScanBook records the text of the whole book as the writers set it: every
// chapter with its footnotes, in reading order, and the titles of the table
// of contents, which the EPUB's navigation and the PDF's bookmarks show in
// the body face.
//
// The chapters are scanned in parallel, each worker taking a run of
// consecutive chapters, and the results merged in reading order, so that a
// missing character is reported where it first occurs in the book.
func ScanBook(b *book.Book, set *Set) *Usage {
	chs := b.Chapters
	total := 0
	for _, ch := range chs {
		total += len(ch.File.Source())
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), len(chs)))
	parts := make([]*Usage, workers)
	var wg sync.WaitGroup
	first, size := 0, 0
	for w := range workers {
		// The chapters up to about (w+1)/workers of the book's text.
		last := first
		for last < len(chs) && (w == workers-1 || size < total*(w+1)/workers) {
			size += len(chs[last].File.Source())
			last++
		}
		part := NewUsage(set)
		parts[w] = part
		wg.Add(1)
		go func(chs []*book.Chapter) {
			defer wg.Done()
			for _, ch := range chs {
				part.AddBlocks(ch.Blocks, ch.File)
				for _, fn := range ch.Footnotes {
					part.AddBlocks(fn.Blocks, ch.File)
				}
			}
		}(chs[first:last])
		first = last
	}
	wg.Wait()
	u := parts[0]
	for _, p := range parts[1:] {
		u.Merge(p)
	}
	// The titles of the table of contents repeat headings (in the body
	// face rather than the heading face) and titles from book.yaml: a
	// character they lack a glyph for is reported, but one the chapters
	// already lack is not counted again.
	titles := NewUsage(set)
	root := set.Root()
	var toc func(entries []*book.TOCEntry)
	toc = func(entries []*book.TOCEntry) {
		for _, e := range entries {
			ctx, at := root, diag.Pos{Path: b.Manifest.Path}
			if e.Kind != book.TOCPart {
				at = diag.Pos{Path: b.Chapters[e.Chapter].File.Path}
			}
			if !e.Linked {
				ctx.Style = Bold // a part without a page: a heading in the contents
			}
			titles.AddText(ctx, e.Title, at)
			toc(e.Entries())
		}
	}
	toc(b.TOC)
	u.merge(titles, false)
	return u
}

// LoadBook parses the fonts of book b, once for every writer of a build:
// the faces the manifest's fonts: key names (read by the book loader into
// b.FontFiles) and the built-in chains.
// Problems with the font files book.yaml names are reported to diags; the
// set is nil when there were any.
//
// It returns nil, reporting nothing more, when a font file could not be
// read: the book loader has reported why (a book loaded with KeepGoing
// gets that far).
func LoadBook(b *book.Book, diags *diag.List) *Set {
	m := b.Manifest
	for _, f := range m.Fonts.Files() {
		if _, ok := b.FontFiles[path.Clean(f)]; !ok {
			return nil
		}
	}
	cfg := Config{Language: m.Language}
	roles := map[string]Role{"body": Body, "heading": Heading, "code": Code, "quote": Quote}
	sys := &systemLoader{book: b, files: map[string][]byte{}}
	failed := false
	for _, r := range m.Fonts.Roles() {
		if r.Entries == nil {
			continue
		}
		specs := []FamilySpec{}
		for i := range r.Entries {
			e := &r.Entries[i]
			spec := FamilySpec{Default: e.Default, Pos: e.Pos}
			if e.Family != "" {
				var err error
				if spec, err = sys.family(e); err != nil {
					diags.Errorf(e.Pos, "%v", err)
					failed = true
					continue
				}
			} else if !e.Default {
				spec.Faces[Regular] = faceSpec(b, e.Regular())
				spec.Faces[Bold] = faceSpec(b, e.Bold)
				spec.Faces[Italic] = faceSpec(b, e.Italic)
				spec.Faces[BoldItalic] = faceSpec(b, e.BoldItalic)
			}
			specs = append(specs, spec)
		}
		cfg.Roles[roles[r.Key]] = specs
	}
	if failed {
		return nil
	}
	return Load(cfg, diags)
}

// systemLoader finds the families book.yaml names in the font folders,
// scanning them once, and reads each font file used once.
type systemLoader struct {
	book  *book.Book
	fonts *SystemFonts
	files map[string][]byte
}

// FontDirs returns the folders a book's family entries are looked up in:
// its font_paths (relative to the folder of book.yaml), then the system's.
func FontDirs(m *manifest.Manifest) []string {
	var dirs []string
	for _, p := range m.FontPaths {
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(m.Path), filepath.FromSlash(p))
		}
		dirs = append(dirs, p)
	}
	return append(dirs, SystemDirs()...)
}

// family returns the faces of an installed family for entry e: the face of
// its style or weight as the regular face, and the family's bold, italic
// and bold italic faces where it has them.
func (l *systemLoader) family(e *manifest.FontFamily) (FamilySpec, error) {
	spec := FamilySpec{Pos: e.Pos}
	if l.fonts == nil {
		l.fonts = ScanFonts(FontDirs(l.book.Manifest))
	}
	faces := l.fonts.Family(e.Family)
	if len(faces) == 0 {
		closest := l.fonts.Closest(e.Family, 3)
		msg := fmt.Sprintf("font family %q is not installed (searched %s)", e.Family, strings.Join(l.fonts.Dirs, ", "))
		if len(closest) > 0 {
			msg += fmt.Sprintf("; the closest families found are %q", closest)
		}
		return spec, errors.New(msg + ": install it, name one that `ebook fonts` lists, or add its folder to font_paths")
	}
	weight, italic := 400, false
	var regular SystemFace
	found := false
	switch {
	case e.Weight != nil:
		weight = *e.Weight
		regular, found = pick(faces, weight, false, -1)
	case e.Style != "":
		for _, f := range faces {
			if strings.EqualFold(f.Subfamily, e.Style) {
				regular, found = f, true
				weight, italic = f.Weight, f.Italic
				break
			}
		}
		if w, it, ok := styleWeight(e.Style); !found && ok {
			weight, italic = w, it
			regular, found = pick(faces, weight, italic, 50)
		}
	default:
		regular, found = pick(faces, 400, false, 100)
	}
	if !found {
		asked := e.Style
		if asked == "" {
			asked = "Regular"
			if e.Weight != nil {
				asked = fmt.Sprintf("weight %d", *e.Weight)
			}
		}
		return spec, fmt.Errorf("font family %q has no %s face (its faces: %s)", e.Family, asked, faceStyles(faces))
	}
	var err error
	if spec.Faces[Regular], err = l.face(regular, e); err != nil {
		return spec, err
	}
	others := []struct {
		style  Style
		weight int
		italic bool
	}{{Bold, 700, italic}, {Italic, weight, true}, {BoldItalic, 700, true}}
	for _, o := range others {
		if o.style == Bold && weight >= 600 || italic && o.style != Bold {
			continue // a bold or italic regular face is not made bolder or slanted by the family
		}
		f, ok := pick(faces, o.weight, o.italic, 100)
		if !ok || f.Path == regular.Path && f.Index == regular.Index {
			continue
		}
		if spec.Faces[o.style], err = l.face(f, e); err != nil {
			return spec, err
		}
	}
	return spec, nil
}

// face reads the file of f once and returns it as a face to load.
func (l *systemLoader) face(f SystemFace, e *manifest.FontFamily) (*FaceSpec, error) {
	data, ok := l.files[f.Path]
	if !ok {
		var err error
		if data, err = os.ReadFile(f.Path); err != nil {
			return nil, fmt.Errorf("font family %q: %w", e.Family, err)
		}
		l.files[f.Path] = data
	}
	return &FaceSpec{Path: f.Path, Data: data, Index: f.Index, Pos: e.Pos, System: true}, nil
}

func faceSpec(b *book.Book, f *manifest.FontFace) *FaceSpec {
	if f == nil {
		return nil
	}
	s := &FaceSpec{Path: f.File, Data: b.FontFiles[path.Clean(f.File)], Index: -1, Name: f.Name, Pos: f.Pos}
	if f.Index != nil {
		s.Index = *f.Index
	}
	return s
}

// Report warns about every character no face of its chain has,
// once per character, at its first occurrence: a reader would see another
// font's glyph, or a box.
func Report(u *Usage, set *Set, diags *diag.List) {
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
