package layout

import (
	"fmt"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
)

// fuzzLimit is the largest input FuzzTypeset sets: every construct fits,
// and at the speed of the layout (gopl-zh's 800 kB in about half a second)
// one input takes milliseconds, so the time limit below catches work that
// grows faster than the input, not a slow machine.
const fuzzLimit = 16 << 10

// fuzzTime is how long one input may take before the target fails.
const fuzzTime = 5 * time.Second

// FuzzTypeset typesets a book whose one chapter is arbitrary Markdown, in
// a Chinese or an English book. A book that loads without errors must be
// set without a panic, within fuzzTime, with everything drawn inside its
// pages and every internal link pointing at a destination that exists.
// Seeds: the feature book's chapters and the Markdown tests' sources.
func FuzzTypeset(f *testing.F) {
	for _, s := range testenv.MarkdownSeeds(f) {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, src string, cjk bool) {
		if len(src) > fuzzLimit {
			t.Skip("too large for one fuzzing input")
		}
		lang := "en"
		if cjk {
			lang = "zh-CN"
		}
		defer testenv.Watchdog(fuzzTime, fmt.Sprintf("typesetting %d bytes of Markdown (%s)", len(src), lang))()
		d, diags := typesetChapter(t, lang, src)
		if d == nil {
			if !diags.HasErrors() {
				t.Fatal("no book and no error")
			}
			return
		}
		checkOnPage(t, d)
	})
}
