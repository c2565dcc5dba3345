package markdown

import (
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/doc"
)

// TestFenceInfo checks the language and attributes read from a fence's
// info string, and Rust's hidden lines, through a parsed chapter.
func TestFenceInfo(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"plain", "```go\nx\n```\n", `(pre lang=go "x\n")`},
		{"mdBook attributes", "```rust,ignore\nlet x = 1;\n```\n", `(pre lang=rust info=ignore "let x = 1;\n")`},
		{"several attributes", "```rust,no_run,noplayground\nx\n```\n", `(pre lang=rust info=no_run,noplayground "x\n")`},
		{"space separated", "```rust editable\nx\n```\n", `(pre lang=rust info=editable "x\n")`},
		{"key and value", "```sh title=\"run.sh\"\nls\n```\n", `(pre lang=sh info=title="run.sh" "ls\n")`},
		{"spaces around", "```  go  \nx\n```\n", `(pre lang=go "x\n")`},
		{"Hugo", "```go {linenos=true}\nx\n```\n", `(pre lang=go info={linenos=true} "x\n")`},
		{"pandoc", "```{.go}\nx\n```\n", `(pre lang=go info={.go} "x\n")`},
		{"pandoc with classes", "```{.go .numberLines}\nx\n```\n", `(pre lang=go info={.go .numberLines} "x\n")`},
		{"pandoc without a class", "```{#id}\nx\n```\n", `(pre info={#id} "x\n")`},
		{"rust hidden lines", "```rust\n# fn main() {\n    let x = 5;\n    #\n#\n    ## not hidden\n    #[derive(Debug)]\n#![allow(unused)]\n# }\n```\n",
			`(pre lang=rust "    let x = 5;\n    # not hidden\n    #[derive(Debug)]\n#![allow(unused)]\n")`},
		{"rust with attributes hides too", "```rust,editable\n# use std::io;\nfn main() {}\n```\n",
			`(pre lang=rust info=editable "fn main() {}\n")`},
		{"other languages keep # lines", "```sh\n# a comment\nls\n```\n", `(pre lang=sh "# a comment\nls\n")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, _ := parse(t, tt.src)
			if got := doc.Dump(ch.Blocks); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestFenceRule checks where a fenced code block opens and closes, for
// the scans made ahead of goldmark, and that goldmark agrees on each line.
func TestFenceRule(t *testing.T) {
	opens := []struct {
		name, line string
		want       string // the opening run, "" for none
	}{
		{"backticks", "```", "```"},
		{"tildes", "~~~~", "~~~~"},
		{"an info string", "```go title=\"a\"", "```"},
		{"indented 3", "   ~~~ sh", "~~~"},
		{"indented 4", "    ```", ""},
		{"indented by a tab", "\t```", ""},
		{"two", "``", ""},
		{"a backtick in the info string", "``` a`b", ""},
		{"a backtick after the info string", "```go `", ""},
		{"backticks in a tilde fence's info", "~~~ a`b`", "~~~"},
		{"tildes in a backtick fence's info", "``` ~~~", "```"},
		{"mixed characters", "``~", ""},
		{"a line ending", "```go\r\n", "```"},
	}
	for _, tt := range opens {
		t.Run("opens/"+tt.name, func(t *testing.T) {
			if got := string(FenceOpens([]byte(tt.line))); got != tt.want {
				t.Errorf("FenceOpens(%q) = %q, want %q", tt.line, got, tt.want)
			}
			ch, _ := parse(t, strings.TrimSuffix(tt.line, "\n")+"\nx\n")
			// In a fenced block, x is the code; after an indented one
			// (a line of 4 spaces' indentation), a paragraph.
			if code := strings.HasSuffix(doc.Dump(ch.Blocks), `"x\n")`); code != (tt.want != "") {
				t.Errorf("goldmark reads %q as %s", tt.line, doc.Dump(ch.Blocks))
			}
		})
	}

	closes := []struct {
		name, open, line string
		want             bool
	}{
		{"the same", "```", "```", true},
		{"trailing spaces and a tab", "~~~", "~~~  \t", true},
		{"a line ending", "```", "```\r\n", true},
		{"longer", "```go", "`````", true},
		{"shorter", "````", "```", false},
		{"an info string", "```", "```go", false},
		{"text after", "~~~", "~~~ x", false},
		{"the other character", "```", "~~~", false},
		{"mixed characters", "```", "``~", false},
		{"indented 3", "```", "   ```", true},
		{"indented 4", "```", "    ```", false},
	}
	for _, tt := range closes {
		t.Run("closes/"+tt.name, func(t *testing.T) {
			open := FenceOpens([]byte(tt.open))
			if open == nil {
				t.Fatalf("%q opens no block", tt.open)
			}
			if got := FenceCloses(open, []byte(tt.line)); got != tt.want {
				t.Errorf("FenceCloses(%q, %q) = %v, want %v", open, tt.line, got, tt.want)
			}
			ch, _ := parse(t, tt.open+"\nx\n"+strings.TrimSuffix(tt.line, "\n")+"\ny\n")
			if closed := strings.Contains(doc.Dump(ch.Blocks), `(p "y")`); closed != tt.want {
				t.Errorf("goldmark reads %q after %q as %s", tt.line, tt.open, doc.Dump(ch.Blocks))
			}
		})
	}
}
