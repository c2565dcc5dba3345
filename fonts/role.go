package fonts

// Role is what a piece of text is in the book; each role has its own chain
// of font families.
type Role uint8

// Roles.
const (
	Body    Role = iota // prose: paragraphs, lists, tables, notes
	Heading             // headings (set in bold)
	Code                // code spans, keyboard input and listings
	Quote               // block quotes, epigraphs, figure and table captions
	NumRoles
)

var roleNames = [NumRoles]string{"body", "heading", "code", "quote"}

func (r Role) String() string {
	if r < NumRoles {
		return roleNames[r]
	}
	return "role?"
}

// Style is the style of text within a role: bold, italic, both or neither.
type Style uint8

// Styles; Bold and Italic combine.
const (
	Regular    Style = 0
	Bold       Style = 1
	Italic     Style = 2
	BoldItalic Style = Bold | Italic
	NumStyles        = 4
)

func (s Style) String() string {
	return [NumStyles]string{"regular", "bold", "italic", "bold italic"}[s&3]
}

// Family is one entry of a chain: the faces of one typeface by style. A
// family always has a Regular face; the others may be missing.
type Family struct {
	Name  string // the Regular face's family name, for messages
	Faces [NumStyles]*Face
	// NoWestern marks a family that draws no Western character (see
	// Western) in its chain: the quote role's built-in WenKai beside a
	// book's own body faces, whose Latin letters the body's faces draw
	// instead, as xeCJK sets a Kai passage's Latin in the main Latin face.
	NoWestern bool
}

// Western reports whether r is a Western character: Latin (Basic Latin to
// Latin Extended-B, Latin Extended Additional), Greek or Cyrillic.
func Western(r rune) bool {
	return r < 0x250 || r >= 0x370 && r < 0x530 || r >= 0x1E00 && r < 0x1F00
}

// styleFallback lists, for each style asked for, the order in which a
// family's faces are tried. It is the order of CSS font matching (CSS Fonts
// Level 4, 5.2): the style (italic or not) counts before the weight. Using
// the browser's order means the EPUB shows the face the PDF uses.
var styleFallback = [NumStyles][NumStyles]Style{
	Regular:    {Regular, Bold, Italic, BoldItalic},
	Bold:       {Bold, Regular, BoldItalic, Italic},
	Italic:     {Italic, BoldItalic, Regular, Bold},
	BoldItalic: {BoldItalic, Italic, Bold, Regular},
}

// Face returns the face that draws style s: the family's face for s or,
// when it has none, the one a browser would take (the reader or the PDF
// may then slant or embolden it).
func (fam *Family) Face(s Style) *Face {
	for _, t := range styleFallback[s&3] {
		if f := fam.Faces[t]; f != nil {
			return f
		}
	}
	return nil
}
