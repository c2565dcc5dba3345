// Package lang answers the questions about a book's language that several
// stages ask, so that they answer them alike.
package lang

import "golang.org/x/text/language"

// IsCJK reports whether the BCP 47 tag names Chinese (any variety) or
// Japanese: the languages whose typography sets punctuation of ambiguous
// width (“ ” … —) full width, joins lines without spaces and marks emphasis
// with dots rather than italics.
func IsCJK(tag string) bool {
	base, _ := language.Make(tag).Base()
	switch base.String() {
	case "zh", "ja", "yue", "cmn", "lzh", "wuu", "hak", "nan":
		return true
	}
	return false
}
