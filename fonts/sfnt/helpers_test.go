package sfnt

import (
	"os"
	"testing"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansmono"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/gobook/ebook/internal/testenv"
)

// testFaces parses faces the book carries built in, keyed by PostScript
// name: Go (Latin), DejaVu (symbols, characters beyond the BMP) and LXGW
// WenKai (Chinese, read from the fonts folder above).
func testFaces(t testing.TB) map[string]*Face {
	t.Helper()
	files := [][]byte{goregular.TTF, gobold.TTF, gomono.TTF, dejavusans.TTF, dejavusansmono.TTF}
	for _, name := range []string{"../LXGWWenKai-Regular.ttf", "../LXGWWenKai-Bold.ttf"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, data)
	}
	faces := map[string]*Face{}
	for _, data := range files {
		f, err := Parse(data, -1, "")
		if err != nil {
			t.Fatal(err)
		}
		faces[f.PostScriptName] = f
	}
	return faces
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
