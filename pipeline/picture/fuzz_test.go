package picture

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/sanitize"
)

// remoteRef finds what in CSS could name something outside the document:
// an @import, a url() that is not a fragment, an image-set().
var remoteRef = regexp.MustCompile(`(?i)(@import|url\(\s*['"]?[^#'"\s)]|image-set\()`)

// outsideRef returns what in cleaned SVG markup refers outside it, or "":
// an href that is not a fragment, CSS in an attribute or a style sheet
// that matches remoteRef.
func outsideRef(markup []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(markup))
	inStyle := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			inStyle = t.Name.Local == "style"
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				if a.Name.Local == "href" && !strings.HasPrefix(a.Value, "#") {
					return a.Value
				}
				if m := remoteRef.FindString(a.Value); m != "" {
					return a.Value
				}
			}
		case xml.EndElement:
			inStyle = false
		case xml.CharData:
			if m := remoteRef.Find(t); inStyle && m != nil {
				return string(t)
			}
		}
	}
}

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
		if m := outsideRef(svg.Markup); m != "" {
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
			if d, err := VectorSVG(svg.Markup); err == nil {
				d.Content(new(bytes.Buffer), 0, 0, 40, 30, 30, func(float64, float64) string { return "/GS0" })
			}
		}
	})
}
