package importer

import (
	"path"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/gobook/ebook/pipeline/diag"
)

// bookMeta is the metadata written into the manifest, with where each
// value came from (written beside it) and what the author should do about
// it (written above it).
type bookMeta struct {
	Title, TitleFrom       string
	Authors                []string
	AuthorsFrom            string
	AuthorsNote            string
	Language, LanguageFrom string
	LanguageNote           string
	Description            string
	DescriptionFrom        string
	Cover, CoverFrom       string
}

// genericTitles are headings of a table of contents, not titles of a book.
var genericTitles = map[string]bool{
	"summary": true, "table of contents": true, "contents": true, "toc": true,
	"目录": true, "目錄": true, "目次": true,
}

// coverFiles are the names of GitBook's cover image, at the book's root.
var coverFiles = []string{"cover.jpg", "cover.jpeg", "cover.png"}

func (im *importer) metadata(meta *Metadata, sum *Summary) bookMeta {
	var bm bookMeta
	// from says which configuration file gave a value: meta's own, or
	// another beside it that filled it in; and what the others say of it
	// when they disagree.
	from := func(field string) string {
		file := meta.File
		if f := meta.From[field]; f != "" {
			file = f
		}
		s := "from " + path.Base(file)
		if d := meta.Differs[field]; d != "" {
			s += " (" + d + ")"
		}
		return s
	}
	if meta != nil {
		bm.Title, bm.Authors, bm.Description = meta.Title, meta.Authors, meta.Description
		bm.Language = meta.Language
	}
	intro := im.intro()
	switch {
	case bm.Title != "":
		bm.TitleFrom = from("title")
	default:
		if t := readmeTitle(im.base, filepath.Join(im.dir, filepath.FromSlash(intro))); t != "" {
			bm.Title, bm.TitleFrom = t, "from "+intro+"'s first heading: check it"
		} else if t := strings.TrimSpace(sum.Title); t != "" && !genericTitles[strings.ToLower(t)] {
			bm.Title, bm.TitleFrom = t, "from the heading of "+im.summary+": check it"
		} else {
			abs, _ := filepath.Abs(im.dir)
			bm.Title, bm.TitleFrom = filepath.Base(abs), "the name of the book's folder: give the book's real title"
		}
	}
	if len(bm.Authors) > 0 {
		bm.AuthorsFrom = from("authors")
	} else {
		bm.AuthorsNote = "No author was found: add them, one per line (- Name)."
	}
	if bm.Description != "" {
		bm.DescriptionFrom = from("description")
	}
	bm.LanguageNote = "A BCP 47 language tag (en, zh-CN, ja...)."
	if bm.Language != "" {
		if tag, ok := languageTag(bm.Language); ok {
			bm.Language, bm.LanguageFrom = tag, from("language")
		} else {
			file := meta.File
			if f := meta.From["language"]; f != "" {
				file = f
			}
			im.diags.Warnf(diag.Pos{Path: file}, "language %q is not a BCP 47 language tag: the language is guessed from the titles", bm.Language)
			bm.Language = ""
		}
	}
	if bm.Language == "" {
		bm.Language = guessLanguage(sum)
		bm.LanguageFrom = "guessed from the titles in " + im.summary + ": check it"
	}
	for _, name := range coverFiles {
		if im.checkFile(name) == nil {
			bm.Cover, bm.CoverFrom = name, "GitBook's cover image, found beside "+im.summary
			break
		}
	}
	return bm
}

// intro is the book's introduction, relative to the summary's folder: the
// file book.json's structure.readme names, or GitBook's README.md.
func (im *importer) intro() string {
	if im.readme != "" {
		return im.readme
	}
	return "README.md"
}

// isIntro reports whether file, relative to the summary's folder, is the
// book's introduction.
func (im *importer) isIntro(file string) bool {
	if im.readme != "" {
		return file == im.readme
	}
	return strings.EqualFold(path.Base(file), "README.md")
}

// readmeTitle returns the plain text of the first heading of the Markdown
// file at p (of the first level-1 heading when there is one), or "". The
// file is parsed, so that a setext heading counts and a "# comment" in a
// code block does not.
func readmeTitle(base, p string) string {
	return firstHeading(base, p, true)
}

// firstHeading returns the plain text of the first level-1 heading of the
// Markdown file at p or, when anyLevel, of its first heading when it has no
// level-1 one.
func firstHeading(base, p string, anyLevel bool) string {
	src, err := readFile(base, p)
	if err != nil {
		return ""
	}
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	pp := &summaryParser{src: src}
	first := ""
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok {
			continue
		}
		t := pp.inlineText(h)
		if t == "" {
			continue
		}
		if h.Level == 1 {
			return t
		}
		if first == "" && anyLevel {
			first = t
		}
	}
	return first
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
