// Package fonts holds the book's fonts: the built-in faces, carried in the
// binary, the faces a book adds in book.yaml, and the rules that say which
// face draws each character, shared by every writer.
//
// The built-in faces are LXGW WenKai Regular and Bold (Chinese and
// Japanese; the .ttf files in this folder), the Go fonts (Latin, Greek,
// Cyrillic, text and code; golang.org/x/image/font/gofont) and DejaVu Sans
// and Sans Mono (symbols; github.com/go-fonts/dejavu). Their licences are in
// LICENSES/.
//
// A build calls Load once and hands the Set to every writer. Text has a Role
// (body, heading, code) and a Style (regular, bold, italic, bold italic);
// each role has a chain of families, and each character is drawn by the
// first face of its chain that has it (Set.Face), with one rule before that
// for the punctuation of Chinese and Japanese books. Set.Runs splits text
// into runs of one face, keeping combining marks with their base
// character; Set.Width and Set.PDFWidth measure text; Face gives glyphs,
// advances, vertical metrics, the TrueType data to embed (TrueType) and
// subsets (Subset).
//
// Context says which role and style each node of the document model is set
// in, and WalkText walks a chapter with it; Usage records what a book sets
// in each face, for the EPUB's subsets, and which characters no face has,
// for the coverage report (ScanBook).
//
// The TrueType files themselves (parsing faces, coverage, advances,
// subsets) are package sfnt below, which knows nothing of books; a Face
// here is an sfnt.Face with where it comes from and its place in the Set.
package fonts
