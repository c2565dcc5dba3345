package importer

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/manifest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with testdata/golden/name, or rewrites it under
// -update (then read it by eye before committing).
func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func messages(d *diag.List) string {
	var b strings.Builder
	for _, x := range d.Items() {
		b.WriteString(x.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// flat lists a manifest's entries, one line each: depth, kind, file, title.
func flat(m *manifest.Manifest) []string {
	var out []string
	var walk func(key string, es []manifest.Entry, depth int)
	walk = func(key string, es []manifest.Entry, depth int) {
		for _, e := range es {
			ind := strings.Repeat("  ", depth)
			if e.IsPart() {
				out = append(out, key+" "+ind+"part "+e.Part+" "+e.File)
				walk(key, e.Chapters, depth+1)
				continue
			}
			out = append(out, key+" "+ind+e.File+" "+e.Title)
			walk(key, e.Sections, depth+1)
		}
	}
	for _, s := range m.Sections() {
		walk(s.Key, s.Entries, 0)
	}
	return out
}

// TestDialects imports a book written for each dialect of SUMMARY.md and
// compares the manifest and the messages with golden files; the structure
// is also checked here, so that a wrong golden file cannot hide a wrong
// import.
func TestDialects(t *testing.T) {
	tests := []struct {
		name    string
		from    string // what --from names
		dir     string // where the manifest goes
		entries []string
		title   string
		authors []string
		lang    string
	}{
		{
			name: "gitbook", from: "testdata/gitbook/SUMMARY.md", dir: "testdata/gitbook",
			title: "GitBook 示例: 一本书", authors: []string{"张三"}, lang: "zh-Hans",
			entries: []string{
				"front README.md Introduction",
				"chapters chapter1/README.md 第一章: 开始",
				"chapters   chapter1/install.md 1.1 安装",
				"chapters   chapter1/config.md #1 配置",
				"chapters chapter2/README.md 第二章",
				"chapters   chapter2/star.md 星号开头",
			},
		},
		{
			// mdBook keeps SUMMARY.md in src/; --from names the project.
			name: "mdbook", from: "testdata/mdbook", dir: "testdata/mdbook",
			title: "The mdBook Example", authors: []string{"Ann Author", "Bob Writer"}, lang: "en",
			entries: []string{
				"front README.md Introduction",
				"front foreword.md Foreword",
				"chapters part Part I: Basics ",
				"chapters   start.md Getting started",
				"chapters     start/install.md Installing",
				"chapters part Part II ",
				"chapters   advanced.md Advanced",
				"chapters     advanced/nested.md Nested",
				"back contributors.md Contributors",
			},
		},
		{
			name: "wabook", from: "testdata/wabook/SUMMARY.md", dir: "testdata/wabook",
			title: "五层嵌套", authors: []string{"wabook author"}, lang: "zh",
			entries: []string{
				"front index.md Book",
				"chapters src/chapter_1.md Chapter 1",
				"chapters   src/chapter_1.1.md Chapter 1.1",
				"chapters     src/chapter_1.1.1.md Chapter 1.1.1",
				"chapters       src/chapter_1.1.1.1.md Chapter 1.1.1.1",
				"chapters         src/chapter_1.1.1.1.1.md Chapter 1.1.1.1.1",
				"chapters   src/chapter_1.2.md Chapter 1.2",
				"chapters src/appendix.md Appendix",
			},
		},
		{
			// GitBook's book.json with "root": --from names the project,
			// whose SUMMARY.md is in docs/.
			name: "gitbook-root", from: "testdata/gitbook-root", dir: "testdata/gitbook-root",
			title: "Rooted", authors: []string{"A. Writer"}, lang: "en",
			entries: []string{
				"front README.md Introduction",
				"chapters chapter.md Chapter",
			},
		},
		{
			// No metadata file: the title is the summary's heading and
			// the language is guessed.
			name: "loose", from: "testdata/loose/SUMMARY.md", dir: "testdata/loose",
			title: "Go 语言高级编程", lang: "zh",
			entries: []string{
				"chapters part 第一章 语言基础 ",
				"chapters   ch1/01.md Go语言创世纪",
				"chapters   ch1/02.md Hello, World 的革命",
				"chapters part 第二章 CGO编程 ",
				"chapters   ch2/01.md 快速入门",
				"chapters   ch2/02.md CGO基础",
				"chapters     ch2/02-1.md yes",
				"chapters appendix.md 附录",
				"chapters   appendix/a.md A 附录甲",
				"chapters   appendix/b.md B: 附录乙 # 注",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			r := Import(Options{Summary: tt.from, ManifestDir: tt.dir}, &d)
			if r == nil {
				t.Fatalf("import failed:\n%s", messages(&d))
			}
			golden(t, tt.name+".yaml", string(r.YAML))
			golden(t, tt.name+".txt", messages(&d))

			m := r.Manifest
			if got := flat(m); strings.Join(got, "\n") != strings.Join(tt.entries, "\n") {
				t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.entries, "\n"))
			}
			if m.Title != tt.title || m.Language != tt.lang || strings.Join(m.Authors, "|") != strings.Join(tt.authors, "|") {
				t.Errorf("metadata: title %q, language %q, authors %q; want %q, %q, %q", m.Title, m.Language, m.Authors, tt.title, tt.lang, tt.authors)
			}
			// The manifest builds: every file is there and loads.
			dir := filepath.Join(tt.dir, filepath.FromSlash(m.Root))
			var ld diag.List
			b := book.FromManifest(m, dir, book.Options{}, &ld)
			if b == nil || ld.Len() > 0 {
				t.Errorf("the imported book does not load cleanly:\n%s", messages(&ld))
			}
		})
	}
}

// TestBadInput checks that a summary that cannot become a book gives clear
// messages at its positions and no manifest.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name, from string
		want       []string
	}{
		{"outside", "testdata/bad/outside/book/SUMMARY.md", []string{
			`testdata/bad/outside/book/SUMMARY.md:4:3: error: chapter file "../secret.md" is outside the folder of SUMMARY.md`,
			`testdata/bad/outside/book/SUMMARY.md:5:3: warning: chapter file "/etc/passwd.md" not found: left out`,
		}},
		{"twice", "testdata/bad/twice/SUMMARY.md", []string{
			`testdata/bad/twice/SUMMARY.md:4:5: error: chapter file "./one.md" is listed twice (first at line 3)`,
			`testdata/bad/twice/SUMMARY.md:6:3: error: chapter file "sub/../two.md" is listed twice (first at line 5)`,
		}},
		{"empty", "testdata/bad/empty/SUMMARY.md", []string{
			`testdata/bad/empty/SUMMARY.md: error: the table of contents is empty: list the chapters as links, such as "- [Introduction](intro.md)"`,
		}},
		{"no entries", "testdata/bad/noentries/SUMMARY.md", []string{
			`testdata/bad/noentries/SUMMARY.md: error: no chapters: the table of contents links no Markdown file`,
			`testdata/bad/noentries/SUMMARY.md:3:3: warning: "Only a title" has no file (an unlinked title): left out`,
			`testdata/bad/noentries/SUMMARY.md:4:3: warning: "A draft" has no file (a draft): left out`,
		}},
		{"not markdown", "testdata/bad/notmd/SUMMARY.md", []string{
			`testdata/bad/notmd/SUMMARY.md:3:3: error: chapter file "page.html" is not a Markdown file (.md)`,
		}},
		{"bad metadata", "testdata/bad/metadata/SUMMARY.md", []string{
			`testdata/bad/metadata/book.json:3:13: error: not valid JSON: invalid character ',' looking for beginning of value`,
		}},
		{"bad book.json with root", "testdata/bad/rootjson", []string{
			`testdata/bad/rootjson/book.json:3:21: error: not valid JSON: invalid character ',' looking for beginning of object key string`,
		}},
		{"bad book.json, no summary", "testdata/bad/brokenjson", []string{
			`testdata/bad/brokenjson: error: no SUMMARY.md in this folder, and book.json, which may name the folder it is in, is not valid JSON: invalid character ',' looking for beginning of object key string`,
		}},
		{"no summary for structure.summary", "testdata/bad/structure", []string{
			`testdata/bad/structure: error: no TOC.md in this folder, though book.json's structure.summary names it: name the table of contents' file`,
		}},
		{"no summary", "testdata/bad/nothing/SUMMARY.md", []string{
			`testdata/bad/nothing/SUMMARY.md: error: not found`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			r := Import(Options{Summary: tt.from, ManifestDir: t.TempDir()}, &d)
			if r != nil {
				t.Errorf("import succeeded:\n%s", r.YAML)
			}
			if got := strings.TrimSpace(messages(&d)); got != strings.Join(tt.want, "\n") {
				t.Errorf("messages:\n%s\nwant:\n%s", got, strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestSymlinkOutside checks that a chapter that is a symbolic link to a
// file outside the summary's folder is refused: a build must not publish
// files from elsewhere on the machine.
func TestSymlinkOutside(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book")
	if err := os.Mkdir(book, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "secret.md"), []byte("# Secret\n"), 0o644)
	os.WriteFile(filepath.Join(book, "SUMMARY.md"), []byte("- [Link](link.md)\n"), 0o644)
	if err := os.Symlink(filepath.Join(dir, "secret.md"), filepath.Join(book, "link.md")); err != nil {
		t.Skipf("skipped: cannot make a symbolic link here: %v", err)
	}
	var d diag.List
	if r := Import(Options{Summary: filepath.Join(book, "SUMMARY.md"), ManifestDir: book}, &d); r != nil {
		t.Fatalf("import succeeded:\n%s", r.YAML)
	}
	got := messages(&d)
	if !strings.Contains(got, `SUMMARY.md:1:3: error: chapter file "link.md" is outside the folder of SUMMARY.md (a symbolic link leads to`) {
		t.Errorf("messages:\n%s", got)
	}
}

// TestQuoting checks that titles YAML would misread survive the trip
// through the manifest unchanged.
func TestQuoting(t *testing.T) {
	titles := []string{
		"示例: Bit数组", "#1 配置", "*星号*", "& anchor", "! tag", "[list]", "{map}", "yes", "no", "null", "~",
		"1.10", "0x1F", "- dash", "? question", "key: value", "a # comment", "'quoted'", `"double"`,
		"%percent", "@at", "`tick`", "|pipe", ">fold", " leading space", "trailing space ", "tab\there",
	}
	dir := t.TempDir()
	var sum strings.Builder
	for i, title := range titles {
		name := filepath.Join(dir, "c"+string(rune('a'+i))+".md")
		os.WriteFile(name, []byte("# x\n"), 0o644)
		sum.WriteString("- [" + strings.NewReplacer("[", `\[`, "]", `\]`, "`", "\\`", "*", `\*`).Replace(title) + "](" + filepath.Base(name) + ")\n")
	}
	os.WriteFile(filepath.Join(dir, "SUMMARY.md"), []byte(sum.String()), 0o644)
	var d diag.List
	r := Import(Options{Summary: filepath.Join(dir, "SUMMARY.md"), ManifestDir: dir}, &d)
	if r == nil {
		t.Fatalf("import failed:\n%s", messages(&d))
	}
	if len(r.Manifest.Chapters) != len(titles) {
		t.Fatalf("%d chapters, want %d", len(r.Manifest.Chapters), len(titles))
	}
	for i, e := range r.Manifest.Chapters {
		// Titles are read as Markdown, whose white space is folded.
		want := strings.Join(strings.Fields(titles[i]), " ")
		if e.Title != want {
			t.Errorf("title %q came back as %q", want, e.Title)
		}
	}
}

// TestCases imports small books, each showing one thing the import must
// get right: where the metadata comes from, which entries are chapters,
// and which files are not reported as left out.
func TestCases(t *testing.T) {
	tests := []struct {
		name     string // the book's folder under testdata/cases
		from     string // what --from names, relative to it; "" for the folder
		title    string
		authors  []string
		lang     string
		cover    string
		entries  []string
		warnings []string // all of them, without the folder's path
		yaml     []string // lines the manifest must have
	}{
		{
			// A setext heading is a heading; "# Donate" further down is not the title.
			name: "setext-title", from: "SUMMARY.md",
			title: "Real Title", lang: "en",
			entries: []string{"front README.md Introduction", "chapters one.md One"},
			yaml:    []string{"title: Real Title # from README.md's first heading: check it"},
		},
		{
			// "# comment" in a code block is code, not the title.
			name: "fenced-title", title: "Fenced Book", lang: "en",
			entries:  []string{"chapters one.md One"},
			warnings: []string{"README.md: warning: not listed in SUMMARY.md, so not imported: add it to book.yaml if it belongs to the book"},
		},
		{
			// A title written as a link is its text.
			name: "link-title", title: "《Go语言四十二章经》", lang: "zh",
			entries:  []string{"chapters one.md 第一章"},
			warnings: []string{"README.md: warning: not listed in SUMMARY.md, so not imported: add it to book.yaml if it belongs to the book"},
		},
		{
			// "# [前言](README.md)" as SUMMARY.md's first line is a chapter.
			name: "linked-heading", title: "四十二章经", lang: "zh",
			entries: []string{"front README.md 前言", "chapters one.md 第一章", "chapters two.md 第二章"},
		},
		{
			name: "cover-jpg", title: "Covered", lang: "en", cover: "cover.jpg",
			entries: []string{"chapters one.md One"},
			yaml:    []string{"cover: cover.jpg # GitBook's cover image, found beside SUMMARY.md"},
		},
		{
			name: "cover-png", title: "Covered", lang: "en", cover: "cover.png",
			entries: []string{"chapters one.md One"},
		},
		{
			// book.json's structure names the summary and the introduction;
			// every value says where it came from.
			name: "bookjson-structure", title: "Structured", authors: []string{"Ann Author"}, lang: "en-GB",
			entries: []string{"front intro.md Introduction", "chapters one.md One"},
			yaml: []string{
				"title: Structured # from book.json",
				"authors: # from book.json",
				"language: en-GB # from book.json",
				"description: A book whose book.json names its files. # from book.json",
			},
		},
		{
			// The title is the first heading of the introduction book.json
			// names, not of README.md, and that introduction is front matter.
			name: "bookjson-readme", title: "The Intro Title", lang: "en",
			entries:  []string{"front intro.md Welcome", "chapters part Basics ", "chapters   one.md One"},
			warnings: []string{"README.md: warning: not listed in SUMMARY.md, so not imported: add it to book.yaml if it belongs to the book"},
			yaml:     []string{"title: The Intro Title # from intro.md's first heading: check it"},
		},
		{
			name: "config-json", title: "Configured", authors: []string{"Ann Author", "Bob Writer"}, lang: "zh-Hans",
			entries: []string{"chapters one.md 一"},
			yaml:    []string{"title: Configured # from config.json", "language: zh-Hans # from config.json"},
		},
		{
			// mdBook's smart-punctuation, or curly-quotes as it was
			// called before 0.4.38.
			name: "mdbook-smart", title: "Smart", lang: "en",
			entries: []string{"chapters one.md One"},
			yaml:    []string{"  smart_punctuation: true"},
		},
		{
			name: "mdbook-curly", title: "Curly", lang: "en",
			entries: []string{"chapters one.md One"},
			yaml:    []string{"  smart_punctuation: true"},
		},
		{
			// HonKit's book.js is JavaScript: its root is read as
			// text, the rest is a warning.
			name: "bookjs", title: "Welcome", lang: "en",
			entries:  []string{"front README.md Intro", "chapters one.md One"},
			warnings: []string{"book.js: warning: HonKit's book.js is JavaScript, which ebook does not run: only a root written as text is read from it; give the title, authors and language in book.yaml (its variables and plugins are not read)"},
		},
		{
			// A file SUMMARY.md links that does not exist is left out
			// with a warning and a note, not refused: mdBook builds
			// such a book (it makes each an empty chapter). A chapter
			// left out with sections is their part, as a title without
			// a link is.
			name: "missing", from: "SUMMARY.md", title: "missing", lang: "en",
			entries: []string{"chapters one.md One", "chapters part Four ", "chapters   four/a.md Four A"},
			warnings: []string{
				`SUMMARY.md:4:3: warning: chapter file "two.md" not found: left out`,
				`SUMMARY.md:5:5: warning: chapter file "gone/three.md" not found: left out`,
				`SUMMARY.md:6:3: warning: chapter file "four.md" not found: left out`,
			},
			yaml: []string{
				`  # Left out: "Two" (SUMMARY.md:4): its file two.md does not exist.`,
				`  # Left out: "Gone" (SUMMARY.md:5): its file gone/three.md does not exist.`,
			},
		},
		{
			// mdBook's documented author = "..." (the Rustonomicon's
			// book.toml), not only authors = [...].
			name: "mdbook-author", title: "Old Style", authors: []string{"Ann Author"}, lang: "en",
			entries: []string{"chapters one.md One"},
			yaml:    []string{"authors: # from book.toml"},
		},
		{
			// A book moved from GitBook to mdBook keeps both files: book.json
			// is read first, book.toml fills what it leaves out (the
			// authors), and a value both give differently is noted.
			name: "json-and-toml", title: "Both Configured", authors: []string{"Ann Author", "Bob Writer"}, lang: "zh-Hans",
			entries: []string{"chapters one.md 一"},
			yaml: []string{
				"title: Both Configured # from book.json",
				"authors: # from book.toml",
				`language: zh-Hans # from book.json (book.toml has "zh")`,
				`description: From book.json. # from book.json (book.toml has "From book.toml.")`,
			},
		},
		{
			// HTML comments in and between entries are silently ignored.
			name: "comments", title: "comments", lang: "en",
			entries: []string{
				"chapters one.md One", "chapters   one-a.md One A", "chapters three.md Three",
				"chapters five.md Five", "back appendix.md Appendix",
			},
		},
		{
			// Vendored packages and folders of example code are not chapters
			// left out; a Markdown file beside the chapters still is.
			name: "code-folders", title: "code-folders", lang: "en",
			entries:  []string{"chapters hello.md Hello", "chapters server/README.md Server"},
			warnings: []string{"extra.md: warning: not listed in SUMMARY.md, so not imported: add it to book.yaml if it belongs to the book"},
		},
		{
			// mdBook's 404 page and the files chapters {{#include}} are not
			// chapters; an escaped directive includes nothing.
			name: "mdbook-include", title: "Includes", authors: []string{"Ann Author"}, lang: "en",
			entries:  []string{"chapters cli/watch.md Watch", "chapters cli/serve.md Serve"},
			warnings: []string{"src/cli/notes.md: warning: not listed in SUMMARY.md, so not imported: add it to book.yaml if it belongs to the book"},
		},
		{
			// mdBook, and the loader, allow spaces inside the braces:
			// {{ #include part.md }} includes part.md.
			name: "mdbook-include-spaces", title: "mdbook-include-spaces", lang: "en",
			entries: []string{"chapters chapter.md Chapter"},
		},
		{
			// a.md includes parts/b.md, which includes parts/c.md (a path
			// relative to b.md): neither is a chapter left out, as
			// ebook check (Book.IncludePaths) finds; other.md is.
			name: "mdbook-include-nested", title: "mdbook-include-nested", lang: "en",
			entries:  []string{"chapters a.md A"},
			warnings: []string{"other.md: warning: not listed in SUMMARY.md, so not imported: add it to book.yaml if it belongs to the book"},
		},
		{
			// GitBook and HonKit: book.json's variables are copied (a
			// nested one by its dotted name, a list cannot be); the files chapters {% include %}
			// (nested, relative to the including file or to the book's
			// root) are not chapters left out, one named only inside
			// {% raw %} is; GLOSSARY.md is back matter titled by its
			// level-1 heading.
			name: "gitbook-templates", title: "Templates", lang: "en",
			entries: []string{"front README.md Intro", "chapters one.md One", "back GLOSSARY.md Glossary"},
			warnings: []string{
				"book.json: warning: variables.links.mirrors is a list, not copied: book.yaml's variables are text, numbers or booleans",
				"raw-only.md: warning: not listed in SUMMARY.md, so not imported: add it to book.yaml if it belongs to the book",
			},
			yaml: []string{"variables:", `  beta: "true"`, `  links.home: https://example.com`, `  version: "1.2"`, `  year: "2024"`},
		},
		{
			// A glossary without a level-1 heading is titled in the
			// book's language, here guessed from the titles...
			name: "glossary-zh", title: "术语之书", lang: "zh",
			entries: []string{"front README.md 前言", "chapters one.md 第一章", "back GLOSSARY.md 术语表"},
		},
		{
			// book.json's structure.summary puts the table of contents in
			// a folder (redux's docs/README.md): its paths, with or
			// without a leading slash, are from the book's root, as
			// GitBook and HonKit read them; so from the folder or the file.
			name: "gitbook-summary-folder", title: "Folded", lang: "en",
			entries: []string{"front README.md Read Me", "chapters docs/intro/README.md Intro", "chapters   docs/intro/one.md One"},
		},
		{
			name: "gitbook-summary-folder", from: "docs/README.md", title: "Folded", lang: "en",
			entries: []string{"front README.md Read Me", "chapters docs/intro/README.md Intro", "chapters   docs/intro/one.md One"},
		},
		{
			// ... here book.json's, in traditional characters.
			name: "glossary-zh-tw", title: "術語之書", lang: "zh-TW",
			entries: []string{"chapters one.md 第一章", "back GLOSSARY.md 術語表"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join("testdata", "cases", tt.name)
			from := filepath.Join(dir, tt.from)
			var d diag.List
			r := Import(Options{Summary: from, ManifestDir: dir}, &d)
			if r == nil {
				t.Fatalf("import failed:\n%s", messages(&d))
			}
			var warnings []string
			for _, x := range d.Items() {
				warnings = append(warnings, strings.TrimPrefix(x.String(), filepath.ToSlash(dir)+"/"))
			}
			if strings.Join(warnings, "\n") != strings.Join(tt.warnings, "\n") {
				t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(tt.warnings, "\n"))
			}
			m := r.Manifest
			if got := flat(m); strings.Join(got, "\n") != strings.Join(tt.entries, "\n") {
				t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.entries, "\n"))
			}
			if m.Title != tt.title || m.Language != tt.lang || strings.Join(m.Authors, "|") != strings.Join(tt.authors, "|") || m.Cover != tt.cover {
				t.Errorf("metadata: title %q, language %q, authors %q, cover %q; want %q, %q, %q, %q",
					m.Title, m.Language, m.Authors, m.Cover, tt.title, tt.lang, tt.authors, tt.cover)
			}
			lines := strings.Split(string(r.YAML), "\n")
			for _, want := range tt.yaml {
				found := false
				for _, l := range lines {
					found = found || l == want
				}
				if !found {
					t.Errorf("the manifest has no line %q:\n%s", want, r.YAML)
				}
			}
			root := filepath.Join(dir, filepath.FromSlash(m.Root))
			var ld diag.List
			if b := book.FromManifest(m, root, book.Options{}, &ld); b == nil || ld.Len() > 0 {
				t.Errorf("the imported book does not load cleanly:\n%s", messages(&ld))
			}
		})
	}
}

// TestMultilingual checks that a multilingual GitBook (LANGS.md, no
// SUMMARY.md) is named as such, with the command for each language's
// folder that holds a book.
func TestMultilingual(t *testing.T) {
	dir := filepath.Join("testdata", "cases", "gitbook-langs")
	var d diag.List
	if r := Import(Options{Summary: dir, ManifestDir: t.TempDir()}, &d); r != nil {
		t.Fatal("imported a folder without SUMMARY.md")
	}
	want := dir + ": error: no SUMMARY.md in this folder: it holds a multilingual GitBook (LANGS.md); import each language's folder as a book of its own: " +
		"ebook init --from " + filepath.Join(dir, "en") + ", ebook init --from " + filepath.Join(dir, "fr")
	if got := messages(&d); strings.TrimSpace(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
