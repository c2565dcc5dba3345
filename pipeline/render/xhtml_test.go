package render

import (
	"fmt"
	"strings"
	"testing"

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
