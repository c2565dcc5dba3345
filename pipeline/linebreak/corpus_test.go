package linebreak

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/markdown"
)

// corpusParagraph is the text of one paragraph of the corpus as pieces: runs
// of prose and inline code, the way a layout engine hands them over.
type corpusParagraph []corpusPiece

type corpusPiece struct {
	text string
	code bool
}

func (p corpusParagraph) String() string {
	var b strings.Builder
	for _, pc := range p {
		b.WriteString(pc.text)
	}
	return b.String()
}

var summaryLink = regexp.MustCompile(`\]\(([^)]+\.md)\)`)

// corpusParagraphs parses every chapter of the corpus, in SUMMARY.md order,
// and returns the text of its paragraphs, list items and other blocks of
// inlines (code blocks excluded).
func corpusParagraphs(tb testing.TB) []corpusParagraph {
	paras, _ := corpusText(tb)
	return paras
}

// corpusCode returns the lines of the corpus's code blocks, tabs expanded
// to four spaces. (The document model keeps the CR of the corpus's CRLF
// line ends in code blocks; the lines here are without it.)
func corpusCode(tb testing.TB) []string {
	_, code := corpusText(tb)
	return code
}

func corpusText(tb testing.TB) ([]corpusParagraph, []string) {
	tb.Helper()
	dir := testenv.Corpus(tb)
	summary, err := os.ReadFile(filepath.Join(dir, "SUMMARY.md"))
	if err != nil {
		tb.Fatal(err)
	}
	parser := markdown.New(markdown.Options{Language: "zh-CN"})
	var paras []corpusParagraph
	var code []string
	for _, m := range summaryLink.FindAllSubmatch(summary, -1) {
		path := filepath.Join(dir, filepath.FromSlash(string(m[1])))
		src, err := os.ReadFile(path)
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		var diags diag.List
		ch := parser.Parse(diag.NewFile(path, src), src, &diags)
		var walk func(n *doc.Node)
		walk = func(n *doc.Node) {
			if n.Kind == doc.CodeBlock {
				for _, line := range strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n") {
					line = strings.TrimSuffix(line, "\r")
					code = append(code, strings.ReplaceAll(line, "\t", "    "))
				}
				return
			}
			if n.Kind.IsBlock() && n.Kind.HoldsInlines() {
				var p corpusParagraph
				collectInlines(n.Children, &p)
				if len(p) > 0 {
					paras = append(paras, p)
				}
				return
			}
			for _, c := range n.Children {
				walk(c)
			}
		}
		for _, b := range ch.Blocks {
			walk(b)
		}
	}
	return paras, code
}

func collectInlines(nodes []*doc.Node, p *corpusParagraph) {
	for _, n := range nodes {
		switch n.Kind {
		case doc.Text:
			*p = append(*p, corpusPiece{text: n.Text})
		case doc.Code, doc.Kbd:
			*p = append(*p, corpusPiece{text: n.Text, code: true})
		case doc.Image:
		case doc.LineBreak:
			*p = append(*p, corpusPiece{text: "\n"})
		default:
			collectInlines(n.Children, p)
		}
	}
}
