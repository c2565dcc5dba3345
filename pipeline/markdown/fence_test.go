package markdown

import (
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
