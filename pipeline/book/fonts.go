package book

import (
	"path"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/manifest"
)

// MaxFontBytes is the largest font file accepted (a full CJK face is 15 to
// 25 MB; a collection of several, more).
const MaxFontBytes = 128 << 20

// readFonts reads the font files the manifest's fonts: key names, each
// once, into Book.FontFiles. Like chapters and images they must be inside
// the book's folder. Parsing them is the fonts package's job.
func (l *loader) readFonts() {
	m := l.book.Manifest
	l.book.FontFiles = map[string][]byte{}
	failed := map[string]bool{}
	read := func(file string, pos diag.Pos) {
		if file == "" {
			return
		}
		rel := path.Clean(file)
		if _, ok := l.book.FontFiles[rel]; ok || failed[rel] {
			return
		}
		data, err := l.folder.read(rel, "font file", MaxFontBytes)
		if err != nil {
			l.diags.Errorf(pos, "%v", err)
			failed[rel] = true
			return
		}
		l.book.FontFiles[rel] = data
	}
	for _, role := range m.Fonts.Roles() {
		for _, e := range role.Entries {
			if e.Default {
				continue
			}
			read(e.File, e.Pos)
			for _, f := range []*manifest.FontFace{e.Bold, e.Italic, e.BoldItalic} {
				if f != nil {
					read(f.File, f.Pos)
				}
			}
		}
	}
}
