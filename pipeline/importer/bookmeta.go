package importer

import (
	"path"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/gobook/ebook/pipeline/diag"
)

// bookMeta is the metadata written into the manifest, with a note on where
// each value came from.
type bookMeta struct {
	Title, TitleNote       string
	Authors                []string
	AuthorsNote            string
	Language, LanguageNote string
	Description            string
}

// genericTitles are headings of a table of contents, not titles of a book.
var genericTitles = map[string]bool{
	"summary": true, "table of contents": true, "contents": true, "toc": true,
	"目录": true, "目錄": true, "目次": true,
}

func (im *importer) metadata(meta *Metadata, sum *Summary) bookMeta {
	var bm bookMeta
	from := ""
	if meta != nil {
		from = path.Base(meta.File)
		bm.Title, bm.Authors, bm.Description = meta.Title, meta.Authors, meta.Description
		bm.Language = meta.Language
	}
	switch {
	case bm.Title != "":
		bm.TitleNote = "From " + from + "."
	default:
		if t := readmeTitle(im.dir); t != "" {
			bm.Title, bm.TitleNote = t, "The first heading of README.md: check it."
		} else if t := strings.TrimSpace(sum.Title); t != "" && !genericTitles[strings.ToLower(t)] {
			bm.Title, bm.TitleNote = t, "The heading of "+im.summary+": check it."
		} else {
			abs, _ := filepath.Abs(im.dir)
			bm.Title, bm.TitleNote = filepath.Base(abs), "The name of the book's folder: give the book's real title."
		}
	}
	if len(bm.Authors) > 0 {
		bm.AuthorsNote = "From " + from + "."
	} else {
		bm.AuthorsNote = "No author was found: add them, one per line (- Name)."
	}
	if bm.Language != "" {
		if tag, ok := languageTag(bm.Language); ok {
			bm.Language, bm.LanguageNote = tag, "A BCP 47 language tag, from "+from+"."
		} else {
			im.diags.Warnf(diag.Pos{Path: meta.File}, "language %q is not a BCP 47 language tag: the language is guessed from the titles", bm.Language)
			bm.Language = ""
		}
	}
	if bm.Language == "" {
		bm.Language = guessLanguage(sum)
		bm.LanguageNote = "A BCP 47 language tag (en, zh-CN, ja...), guessed from the titles in " + im.summary + ": check it."
	}
	return bm
}

// readmeTitle returns the text of the first heading of the README.md in
// dir, or "".
func readmeTitle(dir string) string {
	data, err := readFile(filepath.Join(dir, "README.md"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "# ") {
			return strings.TrimSpace(strings.Trim(strings.TrimSpace(line[2:]), "#"))
		}
	}
	return ""
}

// guessLanguage guesses the book's language from the script of its titles.
func guessLanguage(sum *Summary) string {
	var han, kana, hangul, letters int
	count := func(s string) {
		for _, r := range s {
			switch {
			case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
				kana++
			case unicode.Is(unicode.Hangul, r):
				hangul++
			case unicode.Is(unicode.Han, r):
				han++
			case unicode.IsLetter(r):
				letters++
			}
		}
	}
	var walk func([]*Item)
	walk = func(items []*Item) {
		for _, it := range items {
			count(it.Title)
			walk(it.Children)
		}
	}
	walk(sum.Prefix)
	for _, g := range sum.Groups {
		count(g.Title)
		walk(g.Items)
	}
	walk(sum.Suffix)
	switch {
	case kana > 0:
		return "ja"
	case hangul > 0:
		return "ko"
	case han > 0:
		return "zh"
	}
	return "en"
}
