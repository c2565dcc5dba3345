package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/doc"
	"github.com/gobook/ebook/pipeline/manifest"
)

// TestListingCSS: the tab width is set only where book.yaml's differs
// from the style sheets' own, and the highlighting heading always follows.
func TestListingCSS(t *testing.T) {
	for _, tt := range []struct {
		tabs int
		rule bool
	}{{manifest.DefaultTabWidth, false}, {8, true}, {2, true}} {
		css := ListingCSS(tt.tabs)
		rule := fmt.Sprintf("pre.listing { tab-size: %d; -moz-tab-size: %d; }", tt.tabs, tt.tabs)
		if strings.Contains(css, rule) != tt.rule || strings.Contains(css, "tab-size") != tt.rule {
			t.Errorf("tabs %d: %q, want the tab rule: %v", tt.tabs, css, tt.rule)
		}
		if !strings.HasSuffix(css, "\n/* Code highlighting: chroma's classes, GitHub's colours. */\n") {
			t.Errorf("tabs %d: %q does not end with the highlighting heading", tt.tabs, css)
		}
	}
}

// TestCallout checks a GitHub-style alert's markup: a note with the kind
// in its class and its title in the book's language before its blocks.
func TestCallout(t *testing.T) {
	for _, tt := range []struct {
		alert    doc.Alert
		language string
		want     string
	}{
		{doc.AlertNote, "en", `<div class="callout callout-note" role="note"><p class="callout-title">Note</p>` + "\n<p>body</p>\n</div>"},
		{doc.AlertCaution, "", `<div class="callout callout-caution" role="note"><p class="callout-title">Caution</p>`},
		{doc.AlertWarning, "zh-CN", `<p class="callout-title">警告</p>`},
		{doc.AlertNote, "zh-TW", `<p class="callout-title">注意</p>`},
		{doc.AlertTip, "ja", `<div class="callout callout-tip" role="note"><p class="callout-title">ヒント</p>`},
		{doc.AlertImportant, "de", `<p class="callout-title">Wichtig</p>`},
	} {
		n := &doc.Node{Kind: doc.Callout, Alert: tt.alert, Children: []*doc.Node{
			{Kind: doc.Paragraph, Children: []*doc.Node{{Kind: doc.Text, Text: "body"}}}}}
		for _, html := range []bool{false, true} {
			got, _ := Body(&book.Chapter{Blocks: []*doc.Node{n}}, Options{HTML: html, Language: tt.language})
			if !strings.Contains(got, tt.want) {
				t.Errorf("%v in %q (html %v): want %s in\n%s", tt.alert, tt.language, html, tt.want, got)
			}
			if strings.Contains(got, "blockquote") || strings.Contains(got, "aside") {
				t.Errorf("%v: a quote or an aside in\n%s", tt.alert, got)
			}
		}
	}
}
