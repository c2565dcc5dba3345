package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/diag"
)

// TestLostPlugins: the plugins and preprocessors whose content the book
// shows otherwise are named in one warning, at the first of them; those
// of the website, turned off, or followed by ebook are not.
func TestLostPlugins(t *testing.T) {
	tests := []struct {
		file, content string
		want          string
	}{
		{"book.json", `{"title": "T", "plugins": ["search", "-sharing", "katex", "mermaid-gb3", "hints", "expandable-chapters"]}`,
			`book.json:1:51: warning: book.json's plugins are not run by ebook: math is shown as its TeX source (katex); diagrams are shown as the text they are drawn from (mermaid-gb3)`},
		{"book.json", `{"title": "T", "plugins": ["search", "-katex", "github", "anchors"]}`, ""},
		{"book.json", `{"title": "T"}`, ""},
		{"book.toml", "[book]\ntitle = \"T\"\n\n[output.html]\nmathjax-support = true\n", `book.toml:5:1: warning: book.toml's preprocessors and MathJax are not run by ebook: math is shown as its TeX source (mathjax)`},
		{"book.toml", "[book]\ntitle = \"T\"\n\n[preprocessor.links]\n\n[preprocessor.admonish]\ncommand = \"mdbook-admonish\"\n\n[preprocessor.custom]\ncommand = \"x\"\n",
			`book.toml:6:15: warning: book.toml's preprocessors and MathJax are not run by ebook: their admonitions are shown as code blocks (admonish); what the others change in the chapters is not changed (custom)`},
		{"book.toml", "[book]\ntitle = \"T\"\n\n[preprocessor.index]\n[preprocessor.links]\n", ""},
		{"book.toml", "[book]\ntitle = \"T\"\n\n[preprocessor.trpl-listing]\noutput-mode = \"default\"\n", ""},
		// At the first in the file, not the first by name.
		{"book.toml", "[book]\ntitle = \"T\"\n[preprocessor.mermaid]\n[preprocessor.admonish]\n[output.html]\nmathjax-support = true\n",
			`book.toml:3:15: warning: book.toml's preprocessors and MathJax are not run by ebook: math is shown as its TeX source (mathjax); diagrams are shown as the text they are drawn from (mermaid); their admonitions are shown as code blocks (admonish)`},
	}
	for _, tt := range tests {
		p := filepath.Join(t.TempDir(), tt.file)
		if err := os.WriteFile(p, []byte(tt.content), 0o644); err != nil {
			t.Fatal(err)
		}
		var d diag.List
		if _, ok := readMetadata(p, tt.file, &d); !ok {
			t.Fatalf("%s: %v", tt.content, d.Items())
		}
		var got []string
		for _, x := range d.Items() {
			got = append(got, x.String())
		}
		if strings.Join(got, "\n") != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.content, strings.Join(got, "\n"), tt.want)
		}
	}
}
