package importer

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/gobook/ebook/pipeline/diag"
)

// Plugins and preprocessors change what a page shows; ebook runs none.
// Most of GitBook's are for the website (search, sharing, fonts), and
// nothing of the book is lost without them. Those that set content the
// book would then show as its source are named in one warning, so that
// the author is not surprised by TeX or a diagram's text in the outputs.

// lostPlugin says what a plugin or preprocessor sets, by a pattern on its
// name, and how the book shows it without it.
type lostPlugin struct {
	name *regexp.Regexp
	what string
}

// lostPlugins is what a GitBook plugin or an mdBook preprocessor expands,
// as the book shows it without.
var lostPlugins = []lostPlugin{
	{regexp.MustCompile(`(?i)katex|mathjax|^math$|latex`), "math is shown as its TeX source"},
	{regexp.MustCompile(`(?i)mermaid|plantuml|graphviz|flowchart|sequence-diagram|echarts|chart|uml`), "diagrams are shown as the text they are drawn from"},
	{regexp.MustCompile(`(?i)include|import|embed|snippet`), "files they pull in are not pulled in"},
	// Not alerts or hints: ebook makes GitHub's alerts and GitBook's
	// {% hint %} (markdown.templates) callouts itself.
	{regexp.MustCompile(`(?i)admonish`), "their admonitions are shown as code blocks"},
	{regexp.MustCompile(`(?i)toc|page-toc`), "the tables of contents they insert are left out"},
}

// otherPlugins is what a preprocessor of its own does, as far as ebook
// can tell.
const otherPlugins = "what the others change in the chapters is not changed"

// lostWhats lists what lostPlugins says, in order.
func lostWhats() []string {
	var w []string
	for _, l := range lostPlugins {
		w = append(w, l.what)
	}
	return w
}

// warnLostPlugins warns once, at the first name in data (the file shown
// as display), of the plugins or preprocessors names whose content the
// book shows otherwise, and with others of those it knows nothing of
// (mdBook's preprocessors change the chapters; GitBook's plugins are
// mostly the website's); how says where they come from ("book.json's
// plugins").
func warnLostPlugins(display string, data []byte, how string, names []string, others bool, diags *diag.List) {
	byWhat := map[string][]string{}
	firstAt := len(data) + 1
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || strings.HasPrefix(n, "-") { // "-search": turned off
			continue
		}
		what := ""
		for _, l := range lostPlugins {
			if l.name.MatchString(n) {
				what = l.what
				break
			}
		}
		if what == "" && others {
			what = otherPlugins
		}
		if what != "" {
			byWhat[what] = append(byWhat[what], n)
			firstAt = min(firstAt, nameAt(data, n))
		}
	}
	if len(byWhat) == 0 {
		return
	}
	var parts []string
	for _, what := range append(lostWhats(), otherPlugins) {
		if ns := byWhat[what]; len(ns) > 0 {
			sort.Strings(ns)
			parts = append(parts, fmt.Sprintf("%s (%s)", what, strings.Join(ns, ", ")))
		}
	}
	pos := diag.Pos{Path: display}
	if firstAt < len(data) {
		pos = diag.NewFile(display, data).Pos(firstAt)
	}
	diags.Warnf(pos, "%s are not run by ebook: %s", how, strings.Join(parts, "; "))
}

// nameAt returns where plugin or preprocessor name stands in data, the
// configuration: as a JSON string or a TOML table's name, else as it is
// (mathjax, in mathjax-support); len(data) when it is not there.
func nameAt(data []byte, name string) int {
	if i := bytes.Index(data, []byte(`"`+name+`"`)); i >= 0 {
		return i + 1
	}
	if i := bytes.Index(data, []byte("."+name+"]")); i >= 0 {
		return i + 1
	}
	if i := bytes.Index(data, []byte(name)); i >= 0 {
		return i
	}
	return len(data)
}
