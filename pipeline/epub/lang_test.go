package epub

import (
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
)

// TestLanguageOfParts checks that passages in another language than the
// book's are marked: wholly Latin paragraphs, list items and table cells
// of a Chinese book, a heading's {lang=...} and raw HTML's lang.
func TestLanguageOfParts(t *testing.T) {
	tests := []struct {
		name, yaml, md string
		want, not      []string
	}{
		{
			name: "Chinese book",
			md: "# 第一章\n\n## Résumé {lang=fr}\n\nHello, world: this is English.\n\n中文 with English.\n\n" +
				"- An English item\n- 中文条目\n\n| 名字 | Name |\n|---|---|\n| 值 | value `x` |\n\n<p lang=\"de\">Guten Tag.</p>\n\n`code only`\n",
			want: []string{`<h2 id="résumé" lang="fr" xml:lang="fr">`, `<p lang="en" xml:lang="en">Hello, world`, `<li lang="en" xml:lang="en">An English item`,
				`<th lang="en" xml:lang="en">Name</th>`, `<td lang="en" xml:lang="en">value`, `<p lang="de" xml:lang="de">Guten Tag.</p>`},
			not: []string{`<p lang="en" xml:lang="en">中文`, `<li lang="en" xml:lang="en">中文`, `<p lang="en" xml:lang="en"><code>`},
		},
		{
			name: "secondary language",
			yaml: "secondary_language: en-GB\n",
			md:   "# 第一章\n\nColour.\n",
			want: []string{`<p lang="en-GB" xml:lang="en-GB">Colour.</p>`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testenv.WriteBook(t, map[string]string{"book.yaml": "title: T\nlanguage: zh-CN\nchapters: [a.md]\n" + tt.yaml, "a.md": tt.md})
			data, err := Write(loadBook(t, dir), Options{Modified: epoch})
			if err != nil {
				t.Fatal(err)
			}
			x := string(testenv.VerifyEPUB(t, data)["EPUB/xhtml/c0001.xhtml"])
			for _, w := range tt.want {
				if !strings.Contains(x, w) {
					t.Errorf("lacks %s\n%s", w, x)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(x, w) {
					t.Errorf("has %s", w)
				}
			}
		})
	}
}
