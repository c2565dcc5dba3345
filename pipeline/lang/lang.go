// Package lang answers the questions about a book's language that several
// stages ask, so that they answer them alike: VarietyOf is the one decision,
// from the BCP 47 tag, of which words and typography a book gets.
package lang

import (
	"strings"

	"golang.org/x/text/language"
)

// Variety is the language, and for Chinese the script, that the words the
// build adds are written in (the contents title, the website's buttons, the
// colophon, the accessibility summary). Every writer asks VarietyOf, so no
// page mixes two languages.
type Variety int

const (
	// English is also every language this package has no words for, and
	// a tag that is not valid BCP 47 (which the manifest refuses).
	English Variety = iota
	SimplifiedChinese
	TraditionalChinese
	Japanese
	Korean
	French
	German
	Spanish
)

// Varieties lists every Variety, for tests of the writers' word tables.
func Varieties() []Variety {
	return []Variety{English, SimplifiedChinese, TraditionalChinese, Japanese, Korean, French, German, Spanish}
}

func (v Variety) String() string {
	switch v {
	case SimplifiedChinese:
		return "SimplifiedChinese"
	case TraditionalChinese:
		return "TraditionalChinese"
	case Japanese:
		return "Japanese"
	case Korean:
		return "Korean"
	case French:
		return "French"
	case German:
		return "German"
	case Spanish:
		return "Spanish"
	}
	return "English"
}

// Chinese reports whether v is Chinese in either script.
func (v Variety) Chinese() bool { return v == SimplifiedChinese || v == TraditionalChinese }

// Valid reports whether tag is a BCP 47 language tag the build accepts:
// what x/text parses, with hyphens only (x/text also takes zh_CN, but the
// tag goes into the EPUB and the HTML as written, where only the hyphen is
// valid). The manifest refuses the others.
func Valid(tag string) bool {
	_, err := language.Parse(tag)
	return err == nil && !strings.Contains(tag, "_")
}

// VarietyOf returns the variety of the BCP 47 tag. The base language must
// be written (und-TW is not Chinese); the members of the Chinese
// macrolanguage (cmn, yue, lzh, ...) are Chinese; traditional or simplified
// characters follow x/text's script, written or inferred: zh-TW, zh-HK,
// zh-MO, yue and cmn-Hant are traditional, zh-Hans-HK is simplified. A tag
// that is not Valid is English.
func VarietyOf(tag string) Variety {
	if !Valid(tag) {
		return English
	}
	t := language.Make(tag)
	base, conf := t.Base()
	if conf != language.Exact {
		return English
	}
	switch base.String() {
	case "zh",
		// ISO 639-3's members of the zh macrolanguage.
		"cdo", "cjy", "cmn", "cnp", "cpx", "csp", "czh", "czo", "gan", "hak", "hnm",
		"hsn", "lzh", "mnp", "nan", "sjc", "wuu", "yue":
		if traditional(t) {
			return TraditionalChinese
		}
		return SimplifiedChinese
	case "ja":
		return Japanese
	case "ko":
		return Korean
	case "fr":
		return French
	case "de":
		return German
	case "es":
		return Spanish
	}
	return English
}

// traditional reports whether the Chinese tag t is written in traditional
// characters: its script, or where the script is only inferred and a
// region is written, the script of Chinese in that region (x/text infers
// simplified for hak-TW and nan-TW, where Hakka and Min Nan are written
// in traditional characters). A script that is neither (zh-Latn) is
// simplified, the default.
func traditional(t language.Tag) bool {
	script, conf := t.Script()
	if conf != language.Exact {
		if region, rc := t.Region(); rc == language.Exact {
			if zh, err := language.Compose(language.Chinese, region); err == nil {
				script, _ = zh.Script()
			}
		}
	}
	return script.String() == "Hant"
}

// IsCJK reports whether the BCP 47 tag names Chinese (any variety) or
// Japanese: the languages whose typography sets punctuation of ambiguous
// width (“ ” … —) full width, joins lines without spaces and marks emphasis
// with dots rather than italics.
func IsCJK(tag string) bool {
	v := VarietyOf(tag)
	return v.Chinese() || v == Japanese
}
