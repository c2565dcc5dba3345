package fonts

import (
	"fmt"

	"github.com/gobook/ebook/fonts/sfnt"
)

// Face is one face of a Set: a parsed TrueType face (sfnt.Face, whose
// methods give glyphs, advances, metrics and subsets) with where it comes
// from and its position in the Set.
type Face struct {
	*sfnt.Face
	// Source says where the face comes from: "built-in", or the path of
	// the font file in the book, with "#2" for face 2 of a collection.
	Source string
	// System marks a face found by family name in a font folder of the
	// system or of font_paths, whose Source is a path outside the book.
	System bool

	id int // position in its Set
}

// Metrics are a face's vertical metrics, in font units.
type Metrics = sfnt.Metrics

// String names the face for messages: "LXGW WenKai Bold (built-in)".
func (f *Face) String() string {
	return fmt.Sprintf("%s (%s)", f.Face, f.Source)
}

// ID returns the face's position in its Set's Faces.
func (f *Face) ID() int { return f.id }

// Subset returns a TrueType font with only the glyphs that draw runes: see
// sfnt.Face.Subset.
func (f *Face) Subset(runes []rune) ([]byte, error) {
	data, err := f.Face.Subset(runes)
	if err != nil {
		return nil, fmt.Errorf("subsetting %s: %w", f, err)
	}
	return data, nil
}
