package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

func parse(t *testing.T, src string) (*Chapter, []diag.Diagnostic) {
	t.Helper()
	var d diag.List
	ch := New(Options{}).Parse(diag.NewFile("t.md", []byte(src)), []byte(src), &d)
	return ch, d.Items()
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"第一章 你好", "第一章-你好"},
		{"Hello, World!", "hello-world"},
		{"1.1. Hello, World", "11-hello-world"},
		{"unsafe.Sizeof, Alignof 和 Offsetof", "unsafesizeof-alignof-和-offsetof"},
		{"第1章　入门", "第1章入门"}, // U+3000 is not an ASCII space: dropped, as on GitHub
		{"snake_case and kebab-case", "snake_case-and-kebab-case"},
		{"Ünïcödé Çase", "ünïcödé-çase"},
		{"C++ & Go", "c--go"},
		{"!!!", ""},
		{"🚀 Launch", "-launch"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestConvert checks the document tree made from Markdown, in doc.Dump's
// notation.
func TestConvert(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"east asian soft breaks", "第一章 你好\n中文\n换行 and English\nwords。\n",
			`(p "第一章 你好中文换行 and English words。")`},
		{"fullwidth punctuation joins", "你好，\n世界！\nHello\n世界",
			`(p "你好，世界！ Hello 世界")`},
		{"soft break before code", "中文\n`code` 后",
			`(p "中文 " (code "code") " 后")`},
		{"hard break", "a  \nb\\\nc",
			`(p "a" (br) "b" (br) "c")`},
		{"entities and escapes", `&amp; &copy; &#x4E2D; \*not em\* \\`,
			`(p "& © 中 *not em* \\")`},
		{"headings and ids", "# 第一章 你好\n\n## Hello, World!\n\n## Hello, World!\n\n### Title {#custom}\n\n#### !!!\n",
			`(h level=1 id=第一章-你好 "第一章 你好") (h level=2 id=hello-world "Hello, World!") (h level=2 id=hello-world-1 "Hello, World!") (h level=3 id=custom "Title") (h level=4 id=section "!!!")`},
		{"explicit id wins over earlier slug", "# Intro\n\n# Other {#intro}\n",
			`(h level=1 id=intro-1 "Intro") (h level=1 id=intro "Other")`},
		{"emphasis", "*em* **strong** ~~del~~ `code`",
			`(p (em "em") " " (strong "strong") " " (del "del") " " (code "code"))`},
		{"code span newline", "`a\nb`", `(p (code "a b"))`},
		{"links and images", "[t](ch2.md#sec \"T\") ![alt *x*](a.png \"cap\") <https://go.dev> x@y.com",
			`(p (a url=ch2.md#sec "t") " " (img url=a.png "alt x") " " (a url=https://go.dev "https://go.dev") " " (a url=mailto:x@y.com "x@y.com"))`},
		{"figure", "![图](a.png \"标题\")\n",
			`(figure (img url=a.png "图") (caption "标题"))`},
		{"figure without title", "![](a.png)\n", `(figure (img url=a.png))`},
		{"lists", "- [ ] task\n- [x] done\n\n3. a\n4. b\n",
			`(list (li checked=false (plain "task")) (li checked=true (plain "done"))) (list start=3 (li (plain "a")) (li (plain "b")))`},
		{"loose list", "- a\n\n- b\n", `(list (li (p "a")) (li (p "b")))`},
		{"table", "| a | b |\n|:-|-:|\n| `x` | [l](ch2.md#sec) |\n",
			`(table (tr header=true (td header=true align=1 (plain "a")) (td header=true align=3 (plain "b"))) (tr (td align=1 (plain (code "x"))) (td align=3 (plain (a url=ch2.md#sec "l")))))`},
		{"definition list", "Term\n: Definition\n", `(dl (dt "Term") (dd (plain "Definition")))`},
		{"code blocks", "```go {.numbered}\nfunc main() {}\n```\n\n    indented\n",
			`(pre lang=go info={.numbered} "func main() {}\n") (pre "indented\n")`},
		{"quote", "> 引用\n> > nested\n", `(quote (p "引用") (quote (p "nested")))`},
		{"raw inline formatting", "<u><i>gopl.io/ch13/bzip</i></u> and <sub>2</sub><sup>n</sup> <kbd>Ctrl</kbd>",
			`(p (u (em "gopl.io/ch13/bzip")) " and " (sub "2") (sup "n") " " (kbd "Ctrl"))`},
		{"raw formatting around markdown", "text <b>bold *em* </b> after",
			`(p "text " (strong "bold " (em "em") " ") " after")`},
		{"div wraps markdown", "<div align=\"center\">\n\n**Note** this\n\n</div>\n",
			`(div align=2 (p (strong "Note") " this"))`},
		{"raw table", "<table>\n<tr><th>a</th><td colspan=\"2\" align=\"right\">b &amp; c</td></tr>\n</table>\n",
			`(table (tr (td header=true (plain "a")) (td align=3 (plain "b & c"))))`},
		{"raw image block", "<img width=\"222px\" src=\"x.png\">\n", `(figure (img url=x.png size=222x0))`},
		{"unclosed p", "<p>hi<p>two", `(p "hi") (p "two")`},
		{"raw list", "<ul><li>one<li>two</ul>\ntext", `(list (li (plain "one")) (li (plain "two"))) (plain "text")`},
		{"block in paragraph", "x<div>in para</div>y", `(p "x" (span "in para") "y")`},
		{"stray cell", "<tr><td>stray</td></tr>", `(div (div (plain "stray")))`},
		{"stray end tag", "a</b>c", `(p "ac")`},
		{"anchor", "<a name=\"anchor\"></a>Text", `(p (span id=anchor) "Text")`},
		{"comment", "a <!-- hidden --> b", `(p "a  b")`},
		{"unknown element shown", "无效的<polygon>多边形", `(p "无效的<polygon>多边形")`},
		{"self-closing anchor", "<a name=\"x\"/>after", `(p (span id=x) "after")`},
		{"footnotes", "Text[^1] more[^n] and again[^1].\n\n[^1]: Note one.\n[^n]: Note **two**.\n",
			`(p "Text" (fnref id=fnref-1 n=1) " more" (fnref id=fnref-2 n=2) " and again" (fnref id=fnref-1-2 n=1) ".")`},
		{"raw thead", "<table><thead><tr><td>h</td></tr></thead><tbody><tr><td>b</td></tr></tbody></table>",
			`(table (tr header=true (td (plain "h"))) (tr (td (plain "b"))))`},
		{"pre drops first newline", "<pre>\nline 1\n  line 2\n</pre>\n", `(pre "line 1\n  line 2\n")`},
		{"soft break before link", "然后在\n[并发](#x)一节，见\n*强调*与\n<mark>标记</mark>",
			`(p "然后在" (a url=#x "并发") "一节，见" (em "强调") "与" (mark "标记"))`},
		{"soft break after link", "[并发](#x)\n一节 and [link](#y)\nmore",
			`(p (a url=#x "并发") "一节 and " (a url=#y "link") " more")`},
		{"soft break before latin link", "see\n[link](#x) now", `(p "see " (a url=#x "link") " now")`},
		{"inline svg in paragraph", "icon <svg width=\"10\" height=\"10\"><rect width=\"5\" height=\"5\"/></svg> end",
			`(p "icon " (isvg "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"5\" height=\"5\"></rect></svg>") " end")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, _ := parse(t, tt.src)
			if got := doc.Dump(ch.Blocks); got != tt.want {
				t.Errorf("source %q\n got %s\nwant %s", tt.src, got, tt.want)
			}
		})
	}
}

// TestAlerts checks GitHub-style alerts: a quote whose first line is one
// of the five markers becomes a callout, anything else stays a quote.
func TestAlerts(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"note", "> [!NOTE]\n> Useful *information*.", `(callout note (p "Useful " (em "information") "."))`},
		{"tip", "> [!TIP]\n> a", `(callout tip (p "a"))`},
		{"important", "> [!IMPORTANT]\n> a", `(callout important (p "a"))`},
		{"warning", "> [!WARNING]\n> a", `(callout warning (p "a"))`},
		{"caution", "> [!CAUTION]\n> a", `(callout caution (p "a"))`},
		{"lower case", "> [!note]\n> a", `(callout note (p "a"))`},
		{"mixed case, trailing spaces", "> [!Warning]  \n> a", `(callout warning (p "a"))`},
		{"marker alone, blocks after", "> [!TIP]\n>\n> a\n>\n> b", `(callout tip (p "a") (p "b"))`},
		{"lazy continuation", "> [!NOTE]\na\nb", `(callout note (p "a b"))`},
		{"chinese", "> [!NOTE]\n> 中文\n> 内容", `(callout note (p "中文内容"))`},
		{"not a kind", "> [!DANGER]\n> a", `(quote (p "[!DANGER] a"))`},
		{"text after marker", "> [!NOTE] Title\n> a", `(quote (p "[!NOTE] Title a"))`},
		{"marker not first", "> a\n> [!NOTE]\n> b", `(quote (p "a [!NOTE] b"))`},
		{"marker after a paragraph", "> a\n>\n> [!NOTE]\n> b", `(quote (p "a") (p "[!NOTE] b"))`},
		{"marker alone", "> [!NOTE]", `(quote (p "[!NOTE]"))`},
		{"not in a quote", "[!NOTE]\na", `(p "[!NOTE] a")`},
		{"link reference", "> [!NOTE]\n> a\n\n[!note]: https://go.dev", `(quote (p (a url=https://go.dev "!NOTE") " a"))`},
		{"nested in a list", "- item\n\n  > [!CAUTION]\n  > a", `(list (li (p "item") (callout caution (p "a"))))`},
		{"nested in a quote", "> > [!TIP]\n> > a", `(quote (callout tip (p "a")))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, ds := parse(t, tt.src)
			if got := doc.Dump(ch.Blocks); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if len(ds) > 0 {
				t.Errorf("diagnostics: %v", ds)
			}
		})
	}
}

// TestAlertPosition checks where messages about a callout and its text
// point: the callout at its quote's ">", its first paragraph at its first
// character, not at the marker's line or the quote's ">".
func TestAlertPosition(t *testing.T) {
	for _, tt := range []struct {
		src           string
		callout, para string // line:col
	}{
		{"# T\n\n> [!NOTE]\n> a\n", "3:1", "4:3"},
		{"# T\n\n  > [!TIP]\n  >   b c\n", "3:3", "4:7"},
		{"# T\n\n> [!WARNING]\n>\n> 文字\n", "3:1", "5:3"},
		{"- item\n\n  > [!CAUTION]\n  > d\n", "3:3", "4:5"},
	} {
		ch, _ := parse(t, tt.src)
		f := diag.NewFile("t.md", []byte(tt.src))
		var c *doc.Node
		doc.Walk(ch.Blocks, func(n *doc.Node) bool {
			if n.Kind == doc.Callout && c == nil {
				c = n
			}
			return c == nil
		})
		if c == nil || len(c.Children) == 0 {
			t.Errorf("%q: no callout with content in %s", tt.src, doc.Dump(ch.Blocks))
			continue
		}
		at := func(off int) string { p := f.Pos(off); return fmt.Sprintf("%d:%d", p.Line, p.Col) }
		if got := at(c.Pos); got != tt.callout {
			t.Errorf("%q: callout at %s, want %s", tt.src, got, tt.callout)
		}
		if got := at(c.Children[0].Pos); got != tt.para {
			t.Errorf("%q: its paragraph at %s, want %s", tt.src, got, tt.para)
		}
	}
}

func TestFootnotes(t *testing.T) {
	ch, _ := parse(t, "A[^1] B[^x] C[^1]\n\n[^1]: One.\n\n    Second paragraph.\n[^x]: Two.\n[^unused]: never referenced\n")
	if len(ch.Footnotes) != 2 {
		t.Fatalf("got %d footnotes, want 2 (the unreferenced one dropped)", len(ch.Footnotes))
	}
	one := ch.Footnotes[0]
	if one.Index != 1 || one.ID != "fn-1" || strings.Join(one.RefIDs, ",") != "fnref-1,fnref-1-2" {
		t.Errorf("footnote 1 = %+v", one)
	}
	if got := doc.Dump(one.Blocks); got != `(p "One.") (p "Second paragraph.")` {
		t.Errorf("footnote 1 content = %s", got)
	}
	for _, id := range []string{"fn-1", "fn-2", "fnref-1", "fnref-1-2", "fnref-2"} {
		if !ch.IDs[id] {
			t.Errorf("id %s not registered", id)
		}
	}
}

func TestFootnoteIDsAvoidHeadings(t *testing.T) {
	ch, _ := parse(t, "# fn 1\n\nText[^a]\n\n[^a]: note\n")
	if got := ch.Blocks[0].ID; got != "fn-1" {
		t.Fatalf("heading id %q", got)
	}
	if got := ch.Footnotes[0].ID; got != "fn-1-1" {
		t.Errorf("footnote id %q collides with or ignores the heading", got)
	}
}

func TestRenamed(t *testing.T) {
	ch, _ := parse(t, "## 示例\n\n## 示例\n")
	if len(ch.Renamed) != 1 || ch.Renamed[0].From != "示例" || ch.Renamed[0].To != "示例-1" {
		t.Errorf("renamed = %+v", ch.Renamed)
	}
}

// TestSanitize checks that what could run code or fetch content is dropped,
// each with one warning at its position.
func TestSanitize(t *testing.T) {
	tests := []struct{ name, src, want, warning string }{
		{"script", "a\n\n<script>alert(1)</script>\n\nb", `(p "a") (p "b")`,
			"t.md:3:1: warning: <script> dropped with its content"},
		{"iframe", "<iframe src=\"https://evil.example\"></iframe>", ``,
			"t.md:1:1: warning: <iframe> dropped with its content"},
		{"event handler", "<p onclick=\"x()\">hi</p>", `(p "hi")`,
			"t.md:1:1: warning: event handler attribute onclick on <p> dropped"},
		{"javascript link", "a <a href=\"javascript:alert(1)\">js</a>", `(p "a " (span "js"))`,
			`t.md:1:3: warning: href="javascript:alert(1)" on <a> dropped`},
		{"nested links", "[outer <a href=\"x\">inner</a>](y)", `(p (a url=y "outer inner"))`,
			"t.md:1:8: warning: a link inside a link is not allowed"},
		{"svg script", "<svg onload=\"x\"><script>y</script><rect width=\"5\" height=\"5\"/></svg>\n",
			`(p (isvg "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"5\" height=\"5\"></rect></svg>"))`,
			"t.md:1:1: warning: inline SVG: <script> dropped"},
		{"style element", "<style>body{}</style>\n\ntext", `(p "text")`, "t.md:1:1: warning: <style> dropped"},
		{"inline script", "行内<script>alert(\"你好\") *x*</script>也一样", `(p "行内也一样")`, "t.md:1:3: warning: <script> dropped"},
		{"data image", "<img src=\"data:image/png;base64,AAAA\">", ``, `t.md:1:1: warning: src="data:image/png;base64,AAAA" on <img> dropped`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, diags := parse(t, tt.src)
			if got := doc.Dump(ch.Blocks); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			found := false
			for _, d := range diags {
				if strings.HasPrefix(d.String(), tt.warning) {
					found = true
				}
			}
			if !found {
				t.Errorf("no warning %q in %v", tt.warning, diags)
			}
		})
	}
}

// TestInvariant parses hostile fragments and checks the model's invariant:
// a node's children are all blocks or all inlines, and blocks never sit in
// inline containers.
func TestInvariant(t *testing.T) {
	srcs := []string{
		"<b><div><p>x</p></div></b>",
		"<table><tr>text<td>a<table><td>b</table></td></tr>after</table>",
		"<ul>text<li>a</li><p>b</p></ul>",
		"*a <div>b</div>* <td>c</td> <li>d</li>",
		"<dl><dt>t<dd>d<p>p</dl>",
		"<h1><p>x</p></h1><pre><b>code</b></pre>",
		"- a\n  <div>\n\n  - b\n\n  </div>\n",
		"<a href=x><a href=y>z</a></a>[w](v)",
		"<span>\n\n# heading\n\n</span>",
	}
	for _, src := range srcs {
		ch, _ := parse(t, src)
		checkInvariant(t, src, ch.Blocks, true)
	}
}

func checkInvariant(t *testing.T, src string, nodes []*doc.Node, blocks bool) {
	t.Helper()
	for _, n := range nodes {
		if n.Kind.IsBlock() != blocks {
			t.Errorf("%q: %s where %s expected: %s", src, n.Kind, map[bool]string{true: "blocks", false: "inlines"}[blocks], doc.Dump(nodes))
			return
		}
		switch n.Kind {
		case doc.List:
			for _, c := range n.Children {
				if c.Kind != doc.ListItem {
					t.Errorf("%q: %s in a list", src, c.Kind)
				}
			}
		case doc.TableRow:
			for _, c := range n.Children {
				if c.Kind != doc.TableCell {
					t.Errorf("%q: %s in a row", src, c.Kind)
				}
			}
		}
		if len(n.Children) > 0 {
			checkInvariant(t, src, n.Children, !n.Kind.HoldsInlines())
		}
	}
}

// TestAmbiguousPunctuation: in a Chinese book curly quotes and ellipses are
// set full width, so a line break next to them joins like one between Han
// characters; elsewhere they are Latin punctuation and the break is a space.
func TestAmbiguousPunctuation(t *testing.T) {
	src := "提出用\n“通信”来共享……\n内存，而不是\n‘共享内存’"
	for _, tt := range []struct{ lang, want string }{
		{"zh-CN", `(p "提出用“通信”来共享……内存，而不是‘共享内存’")`},
		{"ja", `(p "提出用“通信”来共享……内存，而不是‘共享内存’")`},
		{"en", `(p "提出用 “通信”来共享…… 内存，而不是 ‘共享内存’")`},
	} {
		var d diag.List
		ch := New(Options{Language: tt.lang}).Parse(diag.NewFile("t.md", []byte(src)), []byte(src), &d)
		if got := doc.Dump(ch.Blocks); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.lang, got, tt.want)
		}
	}
}

// TestRepeatedHeadings gives 30,000 identical headings their GitHub ids
// (usage, usage-1, ...) in linear time: a search from 1 for each took
// minutes.
func TestRepeatedHeadings(t *testing.T) {
	src := strings.Repeat("# usage\n\n", 30_000)
	start := time.Now()
	ch, _ := parse(t, src)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("30,000 headings took %v", d)
	}
	var ids []string
	for _, n := range ch.Blocks {
		ids = append(ids, n.ID)
	}
	if len(ids) != 30_000 || ids[0] != "usage" || ids[1] != "usage-1" || ids[29_999] != "usage-29999" {
		t.Errorf("ids %v ... %v", ids[:min(3, len(ids))], ids[max(0, len(ids)-1):])
	}
}

// TestSmartPunctuation: with SmartPunctuation, double quotes become curly,
// -- and --- en and em dashes, ... an ellipsis, as mdBook's
// smart-punctuation makes them; single quotes, code, << and >> stay as
// written (goldmark made 'test' ’test' and 'twice' ’twice’), and a
// heading's anchor is the one its straight text gives. Without it, the
// text is as written.
func TestSmartPunctuation(t *testing.T) {
	const src = "## Don't \"panic\"\n\n\"Hello,\" she said -- 'twice' --- wait... `a -- \"b\"...` << x >>\n\n```\n\"code\" -- ...\n```\n"
	for _, tt := range []struct {
		smart bool
		want  string
	}{
		{true, `(h level=2 id=dont-panic "Don't “panic”") (p "“Hello,” she said – 'twice' — wait… " (code "a -- \"b\"...") " << x >>") (pre "\"code\" -- ...\n")`},
		{false, `(h level=2 id=dont-panic "Don't \"panic\"") (p "\"Hello,\" she said -- 'twice' --- wait... " (code "a -- \"b\"...") " << x >>") (pre "\"code\" -- ...\n")`},
	} {
		var d diag.List
		ch := New(Options{Language: "en", SmartPunctuation: tt.smart}).Parse(diag.NewFile("t.md", []byte(src)), []byte(src), &d)
		if got := doc.Dump(ch.Blocks); got != tt.want {
			t.Errorf("smart %v:\ngot  %s\nwant %s", tt.smart, got, tt.want)
		}
	}
}

// TestHeadingsWithoutSpace: with HeadingsWithoutSpace, "#Title" is a
// heading, as GitBook's and HonKit's parser reads it, even right after a
// paragraph line; "# Title", "#" alone, seven marks, code and a closing
// sequence after a space behave as in CommonMark. Without it, "#Title" is
// text.
func TestHeadingsWithoutSpace(t *testing.T) {
	for _, tt := range []struct {
		src, loose, strict string
	}{
		{"#前言\n###***快***\n", `(h level=1 id=前言 "前言") (h level=3 id=快 (em (strong "快")))`, `(p "#前言 ###" (em (strong "快")))`},
		{"text\n##1.1 起源\nmore\n", `(p "text") (h level=2 id=11-起源 "1.1 起源") (p "more")`, `(p "text ##1.1 起源 more")`},
		{"# Title #\n", `(h level=1 id=title "Title")`, `(h level=1 id=title "Title")`},
		{"#Title ##\n", `(h level=1 id=title "Title")`, `(p "#Title ##")`},
		{"#C#\n", `(h level=1 id=c "C#")`, `(p "#C#")`},
		{"#######x\n", `(p "#######x")`, `(p "#######x")`},
		{"  ##x\n", `(h level=2 id=x "x")`, `(p "##x")`},
		{"- #item\n", `(list (li (h level=1 id=item "item")))`, `(list (li (plain "#item")))`},
		{"```\n#include <x>\n```\n", `(pre "#include <x>\n")`, `(pre "#include <x>\n")`},
		{"    #x\n", `(pre "#x\n")`, `(pre "#x\n")`},
	} {
		for _, loose := range []bool{true, false} {
			want := tt.strict
			if loose {
				want = tt.loose
			}
			var d diag.List
			ch := New(Options{Language: "zh", HeadingsWithoutSpace: loose}).Parse(diag.NewFile("t.md", []byte(tt.src)), []byte(tt.src), &d)
			if got := doc.Dump(ch.Blocks); got != want {
				t.Errorf("%q, loose %v:\ngot  %s\nwant %s", tt.src, loose, got, want)
			}
		}
	}
}
