package build

import (
	"slices"
	"testing"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// TestAce builds the content book, the feature book and the corpus's
// gopl-zh and bwag-zh, and runs Ace by DAISY, the accessibility checker
// publishers and distributors use, on each EPUB: no violation of any
// impact, and every accessibility metadata field present.
func TestAce(t *testing.T) {
	testenv.SkipShort(t, "builds four books and runs Ace by DAISY on each")
	books := testBooks(t, "content", "featurebook", "gopl-zh", "bwag-zh")
	for _, bk := range books {
		t.Run(bk.name, func(t *testing.T) {
			manifest := bk.manifest(t)
			var diags diag.List
			res, err := Run(Options{Manifest: manifest, OutDir: t.TempDir(), Date: epoch, Formats: []string{"epub", "pdf"}}, &diags)
			if err != nil {
				t.Fatalf("%v\n%v", err, diags.Items())
			}
			r := testenv.Ace(t, res[0].Path)
			n := 0
			for _, a := range r.Assertions {
				for _, v := range a.Assertions {
					if v.Result.Outcome == "fail" {
						n++
						t.Errorf("%s: %s (%s): %s %.200s", a.Subject.URL, v.Test.Title, v.Test.Impact, v.Result.Description, v.Result.HTML)
					}
				}
			}
			t.Logf("Ace: %d violations", n)
			for _, f := range []string{"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
				"schema:accessibilityHazard", "schema:accessibilitySummary"} {
				if !slices.Contains(r.Metadata.Present, f) {
					t.Errorf("Ace finds no %s (present: %v)", f, r.Metadata.Present)
				}
			}
		})
	}
}
