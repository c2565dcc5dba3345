package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/pipeline/doc"
)

// depth returns how deep the tree of nodes goes, leaves included.
func depth(nodes []*doc.Node) int {
	d := 0
	for _, n := range nodes {
		d = max(d, 1+depth(n.Children))
	}
	return d
}

func indentedList(levels int) string {
	var b strings.Builder
	for i := range levels {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}

// TestNestingLimits: nesting up to the limits parses as written; one level
// more is one error at the marker or element that goes too deep, and the
// parse returns quickly whatever the depth (a million levels overflowed the
// converter's stack; a hundred thousand quotes on a line took goldmark
// minutes).
func TestNestingLimits(t *testing.T) {
	const ok = ""
	tests := []struct {
		name, src string
		depth     int    // of the tree, when there is no error
		want      string // the error, else ok
	}{
		{"quotes at the limit", strings.Repeat("> ", 100) + "x\n", 102, ok},
		{"quotes over", strings.Repeat("> ", 101) + "x\n", 0, "t.md:1:201: error: lists and block quotes are nested more than 100 levels deep here"},
		{"quotes without spaces", strings.Repeat(">", 101) + "x\n", 0, "t.md:1:101: error: lists and block quotes are nested more than 100"},
		{"lists at the limit", strings.Repeat("- ", 100) + "x\n", 202, ok},
		{"lists over", strings.Repeat("- ", 101) + "x\n", 0, "t.md:1:201: error: lists and block quotes are nested more than 100"},
		{"ordered lists over", strings.Repeat("1. ", 101) + "x\n", 0, "t.md:1:301: error: lists and block quotes are nested more than 100"},
		{"indented lists at the limit", indentedList(100), 202, ok},
		{"indented lists over", indentedList(101), 0, "t.md:101:201: error: lists and block quotes are nested more than 100"},
		{"quotes and lists over", strings.Repeat("> - ", 51) + "x\n", 0, "t.md:1:201: error: lists and block quotes are nested more than 100"},
		{"a million quotes", strings.Repeat(">", 1_000_000) + "\n", 0, "t.md:1:101: error: lists and block quotes"},
		{"fenced code is not nesting", "```yaml\n" + indentedList(150) + "```\n\n- a\n", 4, ok},
		{"a list after code", "```\n" + strings.Repeat("- ", 150) + "\n```\n" + strings.Repeat("- ", 101) + "\n", 0, "t.md:4:201: error: lists and block quotes"},
		// The scan must see the fences goldmark sees, and only those:
		// code it takes for text is counted, text it takes for code is
		// not checked.
		{"a shorter fence does not close", "````markdown\n```go\n" + strings.Repeat("- ", 150) + "x\n```\n````\n", 1, ok},
		{"``` with an info string inside ```", "```\n```go\n" + strings.Repeat("> ", 150) + "x\n```\n\n- a\n", 4, ok},
		{"a backtick in the info string is no fence", "``` a`b\n\n" + strings.Repeat("> ", 101) + "x\n", 0, "t.md:3:201: error: lists and block quotes are nested more than 100"},
		{"a tilde fence in a quote", "> ~~~\n> ~~~ x\n> " + strings.Repeat("> ", 150) + "x\n> ~~~\n", 2, ok},
		// Indented 4 columns past its container, a fence is indented
		// code, which hides nothing after it.
		{"an indented fence hides nothing", "    ```\n\n" + strings.Repeat("> ", 101) + "x\n", 0, "t.md:3:201: error: lists and block quotes are nested more than 100"},
		{"an indented fence in a quote hides nothing", ">     ```\n\n" + strings.Repeat("> ", 101) + "x\n", 0, "t.md:3:201: error: lists and block quotes are nested more than 100"},
		{"a fence after a marker and 5 spaces hides nothing", "-      ```\n\n" + strings.Repeat("> ", 101) + "x\n", 0, "t.md:3:199: error: lists and block quotes are nested more than 100"},
		{"a list item's fence, indented as its content", "1. a\n\n   ```\n   " + strings.Repeat("> ", 150) + "x\n   ```\n", 4, ok},
		{"thematic breaks", strings.Repeat("- - -\n", 1000), 1, ok},
		{"emphasis over", strings.Repeat("*a ", 300) + "x" + strings.Repeat(" b*", 300) + "\n", 0,
			"t.md:1:763: error: lists, quotes, emphasis, links and HTML elements are nested more than 256 levels deep here"},
		{"100,000 emphases", strings.Repeat("*a ", 100_000) + "x" + strings.Repeat(" b*", 100_000) + "\n", 0,
			"t.md:1:763: error: lists, quotes, emphasis, links and HTML elements are nested more than 256"},
		{"links over", strings.Repeat("[a ", 300) + "x" + strings.Repeat("](#a)", 300) + "\n", 0, ""},
		{"HTML spans over", strings.Repeat("<span>", 300) + "x" + strings.Repeat("</span>", 300) + "\n", 0,
			"t.md:1:1525: error: lists, quotes, emphasis, links and HTML elements are nested more than 256"},
		{"HTML divs over", strings.Repeat("<div>\n", 300) + "x\n", 0,
			"t.md:256:1: error: lists, quotes, emphasis, links and HTML elements are nested more than 256"},
		{"deep quotes with deep emphasis", strings.Repeat("> ", 100) + strings.Repeat("*a ", 200) + "x" + strings.Repeat(" b*", 200) + "\n", 0,
			"t.md:1:663: error: lists, quotes, emphasis, links and HTML elements are nested more than 256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, diags := parse(t, tt.src)
			var errs []string
			for _, d := range diags {
				if d.Severity.String() == "error" {
					errs = append(errs, d.String())
				}
			}
			switch {
			case tt.want == ok && tt.depth > 0:
				if len(errs) > 0 {
					t.Fatalf("errors: %v", errs)
				}
				if d := depth(ch.Blocks); d != tt.depth {
					t.Errorf("tree depth %d, want %d", d, tt.depth)
				}
			case tt.want == "":
				// Links do not nest: the innermost is the link, the
				// rest brackets; no error either way.
				if len(errs) > 0 {
					t.Errorf("errors: %v", errs)
				}
			default:
				if len(errs) != 1 || !strings.HasPrefix(errs[0], tt.want) {
					t.Errorf("errors %q, want one starting %q", errs, tt.want)
				}
			}
			if d := depth(ch.Blocks); d > MaxDepth+4 {
				t.Errorf("the tree is %d deep", d)
			}
		})
	}
}

func TestBigTable(t *testing.T) {
	row := func(n int, cell string) string { return "|" + strings.Repeat(cell+"|", n) + "\n" }
	table := func(cols, rows int) string {
		s := row(cols, "a") + row(cols, "-")
		for range rows {
			s += row(cols, "x")
		}
		return s
	}
	for _, tt := range []struct {
		name, src string
		big       bool
	}{
		{"small", "# A\n\n" + table(5, 10), false},
		{"1000 × 1000", "# A\n\n" + table(1000, 1000), true},
		{"100,000 columns", "# A\n\n" + table(100_000, 1), true},
		{"at the limits", table(1000, 98), false},
		{"pipes in code", "```\n" + strings.Repeat("a || b | c\n", 200_000) + "```\n", false},
		{"pipes in text, no delimiter row", strings.Repeat("a | b | c\n", 100_000), false},
		// The scan must see the fences goldmark sees, and only those.
		{"a table in code after ```go", "```markdown\nA listing:\n```go\n" + table(1000, 1000) + "```\n", false},
		{"a table after a backtick in an info string", "``` a`b\n\n" + table(1000, 1000), true},
		{"a table in a quote", "> " + strings.ReplaceAll(table(1000, 1000), "\n", "\n> "), true},
		{"a table in a quote at the limits", "> " + strings.ReplaceAll(table(1000, 98), "\n", "\n> "), false},
		{"a table in code in a quote", "> ~~~\n> " + strings.ReplaceAll(table(1000, 1000), "\n", "\n> ") + "~~~ x\n> ~~~\n", false},
		{"a table after an indented fence", "    ```\n\n" + table(1000, 1000), true},
		{"a table after an indented fence in a quote", ">     ```\n>\n> " + strings.ReplaceAll(table(1000, 1000), "\n", "\n> "), true},
	} {
		off, cells, cols := bigTable([]byte(tt.src))
		if (off >= 0) != tt.big {
			t.Errorf("%s: offset %d, %d cells, %d columns", tt.name, off, cells, cols)
		}
	}
}

// TestParserWork checks the inputs on which goldmark is quadratic are
// refused in a moment, and ordinary ones of the same size are not.
func TestParserWork(t *testing.T) {
	var refs strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&refs, "[r%d]: https://example.com/a/rather/long/path/%d \"Title %d\"\n", i, i, i)
	}
	var links strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&links, "See [link %d](https://example.com/a/rather/long/path/%d) and ![img](i%d.png).\n", i, i, i)
	}
	for _, tt := range []struct {
		name, src string
		refused   bool
	}{
		{"image openers", "# A\n\n" + strings.Repeat("![x](", 100_000), true},
		{"link openers", strings.Repeat("[x](", 100_000), true},
		{"unterminated titles", strings.Repeat("[a]: <b> '\n", 70_000), true},
		{"5000 reference definitions", refs.String(), false},
		{"5000 links and images", links.String(), false},
	} {
		start := time.Now()
		off, _ := parserWork([]byte(tt.src))
		if (off >= 0) != tt.refused {
			t.Errorf("%s: offset %d", tt.name, off)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: %v", tt.name, d)
		}
		if !tt.refused {
			start = time.Now()
			parse(t, tt.src)
			t.Logf("%s: parsed in %v", tt.name, time.Since(start))
		}
	}
}

// TestParserWorkParens checks the estimate follows goldmark's brackets: a
// destination that closes is cheap however many follow on one line,
// and brackets that never close are not.
func TestParserWorkParens(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		refused   bool
	}{
		{"links 10,000 deep", strings.Repeat("[a ", 10_000) + "x" + strings.Repeat("](#a)", 10_000), false},
		{"closed links on one line", strings.Repeat("[a](b(c)d)", 50_000), false},
		// The estimate errs on the large side here: goldmark gives up
		// past 32 nested brackets, which the estimate does not follow.
		{"brackets that never close the destination", strings.Repeat("[x](()", 50_000), true},
	} {
		if off, _ := parserWork([]byte(tt.src)); (off >= 0) != tt.refused {
			t.Errorf("%s: offset %d", tt.name, off)
		}
	}
}
