package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/sanitize"
)

// FuzzStyle puts arbitrary CSS in the style attribute of raw HTML and of
// an inline SVG's style sheet: the chapter must convert without a panic
// or a hang, the CSS cleaner's output must be clean when cleaned again
// (nothing it keeps names a resource), and no remote reference may reach
// the document model.
func FuzzStyle(f *testing.F) {
	for _, s := range []string{
		"text-align:center", `fill:\75 rl(http://x/)`, `@imp/**/ort "http://x"`, "a{b:url(#c)}",
		`background:image-set("http://x" 1x)`, `x:url("#a;b");y:url(http://x)`, "@media print{a{b:c}}",
	} {
		f.Add(s)
	}
	for _, s := range testenv.TestStrings(f, "pipeline/sanitize") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, css string) {
		if len(css) > 16<<10 {
			t.Skip("too large for one fuzzing input")
		}
		defer testenv.Watchdog(20*time.Second, fmt.Sprintf("converting %d bytes of CSS", len(css)))()
		clean, _ := sanitize.CleanCSS(css)
		if _, again := sanitize.CleanCSS(clean); len(again) > 0 {
			t.Fatalf("CleanCSS(%q) = %q, which still holds %v", css, clean, again)
		}
		attr := strings.NewReplacer(`"`, "&quot;", "&", "&amp;").Replace(css)
		sheet := strings.NewReplacer("<", "&lt;", "&", "&amp;").Replace(css)
		src := fmt.Sprintf("<p style=\"%s\">x</p>\n\n<svg><style>%s</style><rect style=\"%s\"/></svg>\n", attr, sheet, attr)
		ch, _ := parse(t, src)
		walk := func(s string) {
			if strings.Contains(strings.ToLower(s), "@import") {
				t.Fatalf("an @import reached the document: %s", s)
			}
		}
		for _, n := range ch.Blocks {
			walk(n.Text)
			for _, c := range n.Children {
				walk(c.Text)
			}
		}
	})
}
