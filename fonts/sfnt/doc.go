// Package sfnt reads and writes OpenType and TrueType fonts and
// collections, for what a book needs of them: the faces of a file, their
// names, style, character coverage, advance widths and vertical metrics
// (Parse, Face), subsets for embedding (Face.Subset: glyph data copied, not
// decoded, composite glyphs renumbered, a cmap written; PostScript (CFF)
// outlines converted to TrueType ones, since gopdf embeds only those), and
// copies without outlines (WithoutOutlines).
//
// Faces are parsed once: a coverage table and the advance widths are read
// straight from each face's bytes, so looking a character up costs two
// slice reads and allocates nothing. It imports nothing of the project:
// the book's font policy is package fonts above.
package sfnt
