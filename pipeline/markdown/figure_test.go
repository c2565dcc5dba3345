package markdown

import (
	"testing"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// TestCaptions checks which paragraphs become captions, of what, and where
// the caption stands in the figure.
func TestCaptions(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"emphasised after a picture", "![](a.png)\n\n*图 1-1 Go语言基因族谱*\n",
			`(figure (img url=a.png "图 1-1 Go语言基因族谱") (caption "图 1-1 Go语言基因族谱"))`},
		{"plain, no space", "![](a.png)\n\n图13.1 环境变量GOPATH设置\n",
			`(figure (img url=a.png "图13.1 环境变量GOPATH设置") (caption "图13.1 环境变量GOPATH设置"))`},
		{"next line of the image's paragraph", "![](a.png)\n*图 1-1 族谱*\n",
			`(figure (img url=a.png "图 1-1 族谱") (caption "图 1-1 族谱"))`},
		{"plain on the next line", "![](a.png)\n图 1-2 族谱\n",
			`(figure (img url=a.png "图 1-2 族谱") (caption "图 1-2 族谱"))`},
		{"English, alt kept", "![A tree](a.png)\n\n*Figure 1-1. The family tree*\n",
			`(figure (img url=a.png "A tree") (caption "Figure 1-1. The family tree"))`},
		{"label alone describes nothing", "![](a.png)\n\n*Fig. 2*\n",
			`(figure (img url=a.png) (caption "Fig. 2"))`},
		{"paragraph replaces the title", "![](a.png \"t\")\n\n图 2 说明\n",
			`(figure (img url=a.png "图 2 说明") (caption "图 2 说明"))`},
		{"title is the caption, not a tooltip", "![x](a.png \"x\")\n",
			`(figure (img url=a.png "x") (caption "x"))`},
		{"table caption after", "| a |\n|---|\n| 1 |\n\n*表 2-2 大小*\n",
			`(figure (caption "表 2-2 大小") (table (tr header=true (td header=true (plain "a"))) (tr (td (plain "1")))))`},
		{"table caption before", "Table 2: Sizes\n\n| a |\n|---|\n| 1 |\n",
			`(figure (caption "Table 2: Sizes") (table (tr header=true (td header=true (plain "a"))) (tr (td (plain "1")))))`},
		{"listing caption before", "**代码 3-1 hello.go**\n\n```go\nx\n```\n",
			`(figure (caption "代码 3-1 hello.go") (pre lang=go "x\n"))`},
		{"listing caption after", "```go\nx\n```\n\n*Listing 3.1 hello*\n",
			`(figure (pre lang=go "x\n") (caption "Listing 3.1 hello"))`},
		{"prose naming a figure stays prose", "![](a.png)\n\n图8.5 表明了事件的序列。纵列表示goroutine。\n",
			`(figure (img url=a.png)) (p "图8.5 表明了事件的序列。纵列表示goroutine。")`},
		{"a table label under a listing is not its caption", "```\nx\n```\n\n*表 1 x*\n",
			`(pre "x\n") (p (em "表 1 x"))`},
		{"figure label must end its number", "![](a.png)\n\nTable 2s are big\n",
			`(figure (img url=a.png)) (p "Table 2s are big")`},
		{"no picture before", "text\n\n*图 1 x*\n",
			`(p "text") (p (em "图 1 x"))`},
		{"raw HTML figure", "<figure>\n<img src=\"a.png\" alt=\"a gopher\">\n<figcaption>图 1 A gopher</figcaption>\n</figure>\n",
			`(figure (img url=a.png "a gopher") (caption "图 1 A gopher"))`},
		// The Rust book's <Listing> element, which its trpl-listing
		// preprocessor makes a figure with a file name and a caption.
		{"trpl Listing element", "<Listing number=\"1-1\" file-name=\"src/main.rs\" caption=\"A program that prints `Hi`\">\n\n```rust\nfn main() {}\n```\n\n</Listing>\n",
			`(figure (p "Filename: src/main.rs") (pre lang=rust "fn main() {}\n") (caption "Listing 1-1: A program that prints " (code "Hi")))`},
		{"trpl Listing without caption", "<Listing>\n\n```rust\nx\n```\n\n</Listing>\n", `(figure (pre lang=rust "x\n"))`},
		{"trpl Listing, unmatched backtick", "<Listing caption=\"a `b\">\n\n```\nx\n```\n\n</Listing>\n", `(figure (pre "x\n") (caption "a ` + "`" + `b"))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			ch := New(Options{Language: "zh-CN"}).Parse(diag.NewFile("t.md", []byte(tt.src)), []byte(tt.src), &d)
			got := doc.Dump(Captions(ch.Blocks))
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
