package book

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// FuzzTemplates loads a book whose chapter is arbitrary Markdown with
// GitBook's templates on (markdown.templates), beside files it may
// include. The load must not panic or hang; every message must point at
// a place in the chapter or a file of the book as written (the line map
// of the expansion); and a chapter with no template syntax must read as
// it does with the templates off.
func FuzzTemplates(f *testing.F) {
	for _, s := range []string{
		"{% hint style=\"info\" %}\nText\n{% endhint %}\n",
		"1. Step\n\n   {% hint style=\"warning\" %}\n   Careful\n   {% endhint %}\n2. Next\n",
		"- {% tabs %}\n  {% tab title=\"Go\" %}\n  ```go\n  x\n  ```\n  {% endtab %}\n  {% endtabs %}\n",
		"> [!NOTE]\n> {% code title=\"x.go\" %}\n> ```go\n> x\n> ```\n> {% endcode %}\n",
		"{% raw %}{{ book.version }}{% endraw %} {{ book.version }} {{ page.title }} {{ file.path }}\n",
		"{%- raw -%}\n{% hint %}\n{%- endraw -%}\n",
		"{% include \"part.md\" %}\n{% include '/ch/part.md' %}\n{% include \"loop.md\" %}\n",
		"{% embed url=\"https://example.com\" caption=\"C\" %}\n{% content-ref url=\"b.md\" %}\n[B](b.md)\n{% endcontent-ref %}\n",
		"{% hint style=\"info\" %}\n{% endhint %}\n{% endembed %} {% endraw %} {% step %}{% step %}\n",
		"中文 {% hint style=\"danger\" %}危险{% endhint %}\n",
		"```c\nprintf(\"{%d}\", x); /* %} */\n```\n",
		"{% hint style=\"info\" %}\n{% raw %}\n",
		"{%",
		"{{ book.version | trim | upper }} {{- book.nope | d('x, \"y\" }}', true) | truncate(2, true, \"…\") -}} {{ book.version | replace(\"\", \".\", 1) | int | string }}\n",
		"{{ book.version | shout }} {{ book.version | d(\"x) }} {{ page.title | e }} {{ file.path | length | upper }}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 16<<10 {
			t.Skip("too large for one fuzzing input")
		}
		defer testenv.Watchdog(20*time.Second, fmt.Sprintf("loading %d bytes of templates", len(src)))()
		files := map[string]string{
			"book/ch/a.md":    src,
			"book/ch/b.md":    "# B\n",
			"book/ch/part.md": "Part {{ book.version }}.\n\n{% hint style=\"tip\" %}\nin part\n{% endhint %}\n",
			"book/ch/loop.md": "{% include \"loop.md\" %}\n",
		}
		book := func(templates bool) (*Book, []diag.Diagnostic, string) {
			files["book/book.yaml"] = fmt.Sprintf("title: T\nlanguage: en\nchapters: [ch/a.md, ch/b.md]\nvariables: {version: '1.2'}\nmarkdown: {templates: %v}\n", templates)
			m := filepath.Join(filepath.Dir(testenv.WriteBook(t, files)), "book", "book.yaml")
			var d diag.List
			return Load(m, Options{}, &d), d.Items(), filepath.Dir(m)
		}
		b, items, dir := book(true)
		for _, x := range items {
			if x.Pos.Path == "" || x.Pos.Line == 0 {
				continue // a message about the book, not a place
			}
			rel := strings.TrimPrefix(filepath.ToSlash(strings.TrimPrefix(x.Pos.Path, dir)), "/")
			text, ok := files["book/"+rel]
			if !ok {
				continue // book.yaml
			}
			// Lines as the positions count them: CR LF, CR or LF ends one.
			lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n")
			if x.Pos.Line > len(lines) || x.Pos.Col < 1 || x.Pos.Col > len([]rune(lines[x.Pos.Line-1]))+1 {
				t.Errorf("%s: not a place in %s (%d lines)", x, rel, len(lines))
			}
		}
		if b == nil || strings.Contains(src, "{%") || strings.Contains(src, "{{") {
			return
		}
		off, _, _ := book(false)
		if off == nil {
			t.Fatal("loads with the templates on, not off")
		}
		if on, o := doc.Dump(b.Chapters[0].Blocks), doc.Dump(off.Chapters[0].Blocks); on != o {
			t.Errorf("no template syntax, yet the chapter reads\n%s\nwith the templates, and\n%s\nwithout", on, o)
		}
	})
}
