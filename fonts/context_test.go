package fonts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/markdown"
)

// TestWalkText parses Markdown and lists the pieces of text WalkText
// reports, with their role and style.
func TestWalkText(t *testing.T) {
	src := `# Title with ` + "`code`" + `

Plain **bold *bold italic* ` + "`bold code`" + `** and *em*.

<span lang="zh">中文 *强调*</span>

- [x] done
- [ ] open

| head | cell |
|---|---|
| a | b |

Term
: Definition

![alt text](https://example.com/remote.png) and a note[^1].

` + "```go\nfunc main() {}\n```" + `

[^1]: The note.
`
	tests := []struct {
		lang string
		want []string
	}{
		{"en", []string{
			"heading bold: Title with ",
			"code bold: code",
			"body regular: Plain ",
			"body bold: bold ",
			"body bold italic: bold italic",
			"body bold:  ",
			"code bold: bold code",
			"body regular:  and ",
			"body italic: em",
			"body regular: .",
			"body regular: 中文 ",
			"body regular: •", // Chinese emphasis: dots, not italics
			"body regular: 强调",
			"body regular: ☑ ",
			"body regular: done",
			"body regular: ☐ ",
			"body regular: open",
			"body bold: head",
			"body bold: cell",
			"body regular: a",
			"body regular: b",
			"body bold: Term",
			"body regular: Definition",
			"body italic: [alt text]", // not fetched: the alt text shows
			"body regular:  and a note",
			"body regular: 1",
			"body regular: .",
			"code regular: func main() {}",
		}},
	}
	for _, tt := range tests {
		var d diag.List
		file := diag.NewFile("a.md", []byte(src))
		ch := markdown.New(markdown.Options{Language: tt.lang}).Parse(file, []byte(src), &d)
		var got []string
		WalkText(ch.Blocks, Root(tt.lang), func(p Piece) {
			got = append(got, fmt.Sprintf("%s %s: %s", p.Role, p.Style, p.Text))
		})
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\n%s\nwant\n%s", tt.lang, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
		var notes []string
		for _, fn := range ch.Footnotes {
			WalkText(fn.Blocks, Root(tt.lang), func(p Piece) { notes = append(notes, p.Text) })
		}
		if strings.Join(notes, "|") != "The note." {
			t.Errorf("footnote text %q", notes)
		}
	}
}

func TestLanguages(t *testing.T) {
	for _, tt := range []struct {
		lang string
		cjk  bool
	}{
		{"zh", true}, {"zh-Hant-TW", true}, {"ZH-cn", true}, {"ja-JP", true},
		{"yue", true}, {"cmn-Hans", true}, {"ko", false}, {"en", false}, {"", false},
	} {
		if IsCJKLanguage(tt.lang) != tt.cjk {
			t.Errorf("%q: IsCJKLanguage %v, want %v", tt.lang, IsCJKLanguage(tt.lang), tt.cjk)
		}
	}
}
