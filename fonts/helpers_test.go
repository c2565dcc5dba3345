package fonts

import (
	"testing"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/gobook/ebook/internal/testenv"
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

// tablesOf returns the tables of a single font file.
func tablesOf(t testing.TB, file []byte) map[string][]byte {
	t.Helper()
	tables, err := directory(file, 0)
	if err != nil {
		t.Fatal(err)
	}
	return tables
}

// goCollection is a collection of Go Regular (face 0) and Go Bold (face 1).
func goCollection(t testing.TB) []byte {
	return testenv.FontCollection(t, goregular.TTF, gobold.TTF)
}
