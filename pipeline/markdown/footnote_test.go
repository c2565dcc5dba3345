package markdown

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark/extension"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
)

// dumpChapter is a chapter in doc.Dump's notation with its footnotes and
// ids, for comparing two parses.
func dumpChapter(ch *Chapter) string {
	var b strings.Builder
	b.WriteString(doc.Dump(ch.Blocks))
	for _, fn := range ch.Footnotes {
		fmt.Fprintf(&b, "\n[%d %q %s %v] %s", fn.Index, fn.Label, fn.ID, fn.RefIDs, doc.Dump(fn.Blocks))
	}
	return b.String()
}

// TestFootnotesAsGoldmark checks that our footnote parser (footnote.go)
// gives the tree goldmark's extension gives, on tricky cases and on the
// feature book's footnote chapter.
func TestFootnotesAsGoldmark(t *testing.T) {
	srcs := []string{
		"A[^1] B[^x] C[^1]\n\n[^1]: One.\n\n    Second paragraph.\n[^x]: Two.\n[^unused]: never referenced\n",
		"Before the definition[^late].\n\n[^late]: Defined after.\n",
		"Undefined[^nope] and [^] and [^ ] and [^a b].\n\n[^a b]: spaced label\n",
		"Twice[^d] defined.\n\n[^d]: first\n[^d]: second\n",
		"Bang![^1] and ![^1] image-like.\n\n[^1]: note\n",
		"> Quote[^q].\n>\n> [^q]: defined in a quote\n\nAfter[^q].\n",
		"- item[^i]\n\n  [^i]: in a list\n",
		"Nested[^n].\n\n[^n]: note with a ref[^m].\n[^m]: inner\n",
		"Case[^A] [^a].\n\n[^a]: lower\n[^A]: upper\n",
		"Order[^3] [^2] [^1] [^2].\n\n[^1]: one\n[^2]: two\n[^3]: three\n",
		"[^only]: definition without reference\n",
		"Brackets[^x[y]].\n\n[^x[y]]: nested brackets\n",
		"`code [^1]` and [link [^1]](#a).\n\n[^1]: note\n",
		"中文[^注]。\n\n[^注]: 脚注\n",
	}
	if src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "featurebook", "part2", "ch07-footnotes.md")); err == nil {
		srcs = append(srcs, string(src))
	} else {
		t.Error(err)
	}
	ours := New(Options{})
	theirs := newParser(Options{}, extension.Footnote)
	for _, src := range srcs {
		var d1, d2 diag.List
		got := dumpChapter(ours.Parse(diag.NewFile("t.md", []byte(src)), []byte(src), &d1))
		want := dumpChapter(theirs.Parse(diag.NewFile("t.md", []byte(src)), []byte(src), &d2))
		if got != want {
			t.Errorf("source %q\nours    %s\ngoldmark %s", src, got, want)
		}
	}
}

// BenchmarkFootnotes parses a chapter of 50,000 footnotes: linear, where
// goldmark's extension took 20 s.
func BenchmarkFootnotes(b *testing.B) {
	var sb strings.Builder
	for i := range 50000 {
		fmt.Fprintf(&sb, "Text[^%d].\n", i)
	}
	sb.WriteString("\n")
	for i := range 50000 {
		fmt.Fprintf(&sb, "[^%d]: Note %d.\n", i, i)
	}
	src := []byte(sb.String())
	p := New(Options{})
	b.ReportAllocs()
	for b.Loop() {
		var d diag.List
		if ch := p.Parse(diag.NewFile("t.md", src), src, &d); len(ch.Footnotes) != 50000 {
			b.Fatalf("%d footnotes", len(ch.Footnotes))
		}
	}
}
