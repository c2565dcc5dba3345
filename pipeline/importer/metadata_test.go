package importer

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/diag"
)

// TestScalarVariables: book.json's variables flattened to book.yaml's
// dotted names, the same each time whatever the maps' order, a key as
// written kept over a nested one of the same name.
func TestScalarVariables(t *testing.T) {
	tests := []struct {
		name, json string
		want       string // name=value, sorted
		diags      string
	}{
		{"scalars", `{"v": "1.2", "n": 3, "b": true, "z": null}`, "b=true n=3 v=1.2 z=", ""},
		{"nested", `{"links": {"home": "h", "deep": {"x": 1}}}`, "links.deep.x=1 links.home=h", ""},
		{"list", `{"l": [1], "a": {"m": []}}`, "",
			"book.json: warning: variables.a.m is a list, not copied: book.yaml's variables are text, numbers or booleans\n" +
				"book.json: warning: variables.l is a list, not copied: book.yaml's variables are text, numbers or booleans"},
		{"dotted key and nested one", `{"a.b": "x", "a": {"b": "y", "c": "z"}}`, "a.b=x a.c=z",
			`book.json: warning: variables: "a" → "b" is not copied: its name a.b is that of "a.b", which is kept`},
		{"two levels", `{"a": {"b.c": "x", "b": {"c": "y"}}}`, "a.b.c=x",
			`book.json: warning: variables: "a" → "b" → "c" is not copied: its name a.b.c is that of "a" → "b.c", which is kept`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var vars map[string]any
			if err := json.Unmarshal([]byte(tt.json), &vars); err != nil {
				t.Fatal(err)
			}
			// Maps are walked in a random order: the result must not
			// depend on it.
			for range 20 {
				var diags diag.List
				out := scalarVariables("book.json", vars, &diags)
				var got []string
				for _, k := range slices.Sorted(maps.Keys(out)) {
					got = append(got, fmt.Sprintf("%s=%s", k, out[k]))
				}
				if g := strings.Join(got, " "); g != tt.want {
					t.Fatalf("variables: %s, want %s", g, tt.want)
				}
				var ds []string
				for _, d := range diags.Items() {
					ds = append(ds, d.String())
				}
				if g := strings.Join(ds, "\n"); g != tt.diags {
					t.Fatalf("diagnostics:\n%s\nwant:\n%s", g, tt.diags)
				}
			}
		})
	}
}

// TestTOMLAuthor: book.toml's [book] author (a name or a list, as
// mdBook's guide once showed it) adds to authors, each name once; any
// other value is a warning, never a refusal: mdBook ignores the key.
func TestTOMLAuthor(t *testing.T) {
	tests := []struct {
		name, toml string
		want       string // authors, joined by "; "
		diags      string
	}{
		{"a name", "[book]\nauthor = \"A\"\n", "A", ""},
		{"a list", "[book]\nauthor = [\"A\", \"B\"]\n", "A; B", ""},
		{"with authors", "[book]\nauthors = [\"A\"]\nauthor = [\"A\", \"C\"]\n", "A; C", ""},
		{"a number", "[book]\nauthors = [\"A\"]\nauthor = 3\n", "A",
			"book.toml: warning: [book] author is neither a name nor a list of names: ignored"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "book.toml")
			if err := os.WriteFile(p, []byte(tt.toml), 0o644); err != nil {
				t.Fatal(err)
			}
			var d diag.List
			m, ok := readMetadata(p, "book.toml", &d)
			if !ok {
				t.Fatalf("refused: %v", d.Items())
			}
			if got := strings.Join(m.Authors, "; "); got != tt.want {
				t.Errorf("authors %q, want %q", got, tt.want)
			}
			var ds []string
			for _, x := range d.Items() {
				ds = append(ds, x.String())
			}
			if g := strings.Join(ds, "\n"); g != tt.diags {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", g, tt.diags)
			}
		})
	}
}
