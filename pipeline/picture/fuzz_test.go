package picture

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/sanitize"
)

// remoteRef finds what in cleaned SVG markup could name something outside
// the document: a URL with a scheme or a host outside the namespace
// declarations the cleaner writes itself, an @import, a url() that is not
// a fragment.
var remoteRef = regexp.MustCompile(`(?i)(@import|url\(\s*['"]?[^#'"\s)]|image-set\(|(href|src)="[^#])`)

// FuzzSVG runs the SVG path of a build on arbitrary markup: the cleaner,
// then, for what it keeps, the PDF's check and drawing. Nothing may panic
// or hang, and the cleaned markup may refer to nothing outside itself.
// Seeds: the cleaner's and this package's test inputs.
func FuzzSVG(f *testing.F) {
	for _, s := range testenv.TestStrings(f, "pipeline/sanitize") {
		f.Add(s)
	}
	for _, s := range testenv.TestStrings(f, "pipeline/picture") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 64<<10 {
			t.Skip("too large for one fuzzing input")
		}
		defer testenv.Watchdog(20*time.Second, fmt.Sprintf("drawing %d bytes of SVG", len(src)))()
		svg, err := sanitize.CleanSVG([]byte(src))
		if err != nil {
			return
		}
		if m := remoteRef.Find(svg.Markup); m != nil {
			t.Fatalf("the cleaned SVG still refers outside itself (%q):\n%s", m, svg.Markup)
		}
		again, err := sanitize.CleanSVG(svg.Markup)
		if err != nil {
			t.Fatalf("the cleaned SVG is refused when cleaned again: %v\n%s", err, svg.Markup)
		}
		if len(again.Dropped) > 0 {
			t.Fatalf("cleaning the cleaned SVG dropped %v:\n%s", again.Dropped, svg.Markup)
		}
		if CheckSVG(svg.Markup) == nil {
			RasterSVG(svg.Markup, 40, 30)
		}
	})
}
