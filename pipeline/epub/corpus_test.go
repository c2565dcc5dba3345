package epub

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
)

// TestCorpus builds the gopl-zh book, checks the EPUB structurally and with
// epubcheck, and compares its navigation with a table of contents computed
// independently from the sources: every file of SUMMARY.md in order, with
// its nesting, and under each file its level-1 and level-2 headings.
func TestCorpus(t *testing.T) {
	manifest := testenv.CorpusManifest(t)
	b := loadBook(t, manifest)
	data, err := Write(b, Options{Modified: epoch})
	if err != nil {
		t.Fatal(err)
	}
	files := testenv.VerifyEPUB(t, data)

	got := navTree(t, files["EPUB/nav.xhtml"])
	want := expectedTOC(t, testenv.Corpus(t))
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("navigation differs at line %d:\n got %q\nwant %q", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("navigation has %d entries, want %d", len(gl), len(wl))
	}
	if n := strings.Count(got, "\n"); n < 124 {
		t.Errorf("only %d navigation entries", n)
	}

	p := filepath.Join(t.TempDir(), "gopl-zh.epub")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	testenv.CleanEPUBCheck(t, p)
}

// navTree renders the toc nav of nav.xhtml as indented lines "title".
func navTree(t *testing.T, nav []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(nav))
	var b strings.Builder
	depth, inToc, inLabel := 0, false, false
	var label strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch tt := tok.(type) {
		case xml.StartElement:
			switch tt.Name.Local {
			case "nav":
				inToc = navID(tt) == "toc"
			case "ol":
				depth++
			case "a", "span":
				inLabel = inToc
				label.Reset()
			}
		case xml.EndElement:
			switch tt.Name.Local {
			case "nav":
				inToc = false
			case "ol":
				depth--
			case "a", "span":
				if inLabel {
					fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", depth-1), label.String())
					inLabel = false
				}
			}
		case xml.CharData:
			if inLabel {
				label.Write(tt)
			}
		}
	}
	return b.String()
}

var (
	summaryItem = regexp.MustCompile(`^(\s*)(\* )?\[([^\]]*)\]\(([^)]+)\)`)
	atxHeading  = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	mdLink      = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
)

// expectedTOC computes the table of contents of gopl-zh without the
// pipeline: SUMMARY.md gives files and nesting, a line scan gives each
// file's headings (outside fenced code).
func expectedTOC(t *testing.T, corpus string) string {
	t.Helper()
	summary, err := os.ReadFile(filepath.Join(corpus, "SUMMARY.md"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(summary))
	for sc.Scan() {
		m := summaryItem.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		level := 0
		if m[2] != "" && m[1] != "" {
			level = 1
		}
		heads := headings(t, filepath.Join(corpus, m[4]))
		fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", level), heads[0].text)
		top := heads[0].level
		for _, h := range heads[1:] {
			if h.level > 2 {
				continue
			}
			depth := level + 1
			if h.level > top {
				depth += h.level - top - 1
			}
			fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", depth), h.text)
		}
	}
	return b.String()
}

type heading struct {
	level int
	text  string
}

func headings(t *testing.T, file string) []heading {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []heading
	fence := ""
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimLeft(line, " ")
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			switch {
			case fence == "":
				fence = trimmed[:3]
			case strings.HasPrefix(trimmed, fence):
				fence = ""
			}
			continue
		}
		if fence != "" || line != trimmed {
			continue
		}
		if m := atxHeading.FindStringSubmatch(line); m != nil {
			text := mdLink.ReplaceAllString(m[2], "$1")
			text = strings.NewReplacer("`", "", "**", "", "\\", "").Replace(text)
			out = append(out, heading{len(m[1]), text})
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s has no heading", file)
	}
	return out
}

func navID(se xml.StartElement) string {
	for _, a := range se.Attr {
		if a.Name.Local == "id" {
			return a.Value
		}
	}
	return ""
}
