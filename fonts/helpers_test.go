package fonts

import (
	"testing"

	"github.com/gobook/ebook/pipeline/diag"
)

// loadDefault loads the built-in chains for a book in lang.
func loadDefault(t testing.TB, lang string) *Set {
	t.Helper()
	var d diag.List
	s := Load(Config{Language: lang}, &d)
	if s == nil || d.Len() > 0 {
		t.Fatalf("loading the built-in fonts: %v", d.Items())
	}
	return s
}
