// Package docs_test checks the documentation: the user guide in guide/ is a
// book that builds without a message and passes the validators, its
// book.yaml reference names exactly the keys of schema/book.schema.json,
// and the demo programs beside it still compile.
package docs_test

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/build"
	"github.com/gobook/ebook/pipeline/check"
	"github.com/gobook/ebook/pipeline/diag"
)

func guideManifest(t *testing.T) string {
	return filepath.Join(testenv.Root(t), "docs", "guide", "book.yaml")
}

// TestGuideCheckStrict runs what `ebook check --strict` runs on the guide:
// it must report nothing at all, warnings included.
func TestGuideCheckStrict(t *testing.T) {
	var diags diag.List
	check.Run(guideManifest(t), check.Options{}, &diags)
	for _, d := range diags.Items() {
		t.Errorf("%s", d)
	}
}

// TestGuideBuild builds the guide as `make guide` does and validates both
// files: epubcheck with no message of any kind, qpdf --check with no
// warning.
func TestGuideBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the guide and runs the validators; skipped with -short")
	}
	out := t.TempDir()
	var diags diag.List
	results, err := build.Run(build.Options{
		Manifest:    guideManifest(t),
		OutDir:      out,
		Date:        time.Unix(1700000000, 0).UTC(),
		Strict:      true,
		Version:     "v0.0.0-test",
		ToolVersion: "vTEST",
	}, &diags)
	for _, d := range diags.Items() {
		t.Errorf("%s", d)
	}
	if err != nil {
		t.Fatalf("building the guide: %v", err)
	}
	var formats []string
	for _, r := range results {
		formats = append(formats, r.Format)
		if base := filepath.Base(r.Path); base != "ebook-guide."+r.Format {
			t.Errorf("the guide's %s is %s, want ebook-guide.%s (make guide and the release name it so)", r.Format, base, r.Format)
		}
		switch r.Format {
		case "epub":
			testenv.CleanEPUBCheck(t, r.Path)
		case "pdf":
			qpdfCheck(t, r.Path)
		}
	}
	if !slices.Equal(formats, build.Formats) {
		t.Errorf("the guide was built as %v, want every format %v", formats, build.Formats)
	}
}

func qpdfCheck(t *testing.T, path string) {
	t.Helper()
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		testenv.Missing(t, "qpdf")
	}
	// qpdf exits 0 when clean, 3 with warnings, 2 with errors.
	report, err := exec.Command(qpdf, "--check", path).CombinedOutput()
	if err != nil || strings.Contains(string(report), "WARNING") {
		t.Errorf("qpdf --check %s: %v\n%s", filepath.Base(path), err, report)
	}
}

// The sections of the reference chapter whose tables name the keys of
// objects defined under $defs, and the definitions they document. Every
// other section's tables name keys of the manifest itself, as dotted paths
// (pdf.margins.top).
var defSections = map[string][]string{
	"Chapter and part entries": {"chapter", "part"},
	"Font entries":             {"fontEntry", "fontFace"},
}

// TestReferenceMatchesSchema keeps the book.yaml reference and the JSON
// Schema in agreement: every key of the schema is in a table of the
// reference, and every key a table names is in the schema.
func TestReferenceMatchesSchema(t *testing.T) {
	root := testenv.Root(t)
	data, err := os.ReadFile(filepath.Join(root, "schema", "book.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatalf("schema/book.schema.json: %v", err)
	}
	want := map[string][]string{"": nil} // section ("" for the manifest's own) -> keys
	manifestKeys(schema, "", func(k string) { want[""] = append(want[""], k) })
	defs, _ := schema["$defs"].(map[string]any)
	assigned := map[string]string{}
	for section, names := range defSections {
		for _, n := range names {
			assigned[n] = section
		}
	}
	for name, def := range defs {
		keys := objectKeys(def)
		if len(keys) == 0 {
			continue
		}
		section, ok := assigned[name]
		if !ok {
			t.Errorf("$defs/%s has keys %v that no section of the reference documents: add them to a section and to defSections", name, keys)
			continue
		}
		want[section] = append(want[section], keys...)
	}

	got := referenceKeys(t, filepath.Join(root, "docs", "guide", "book-yaml.md"))
	for section, keys := range want {
		w, g := unique(keys), unique(got[section])
		where := "the reference's tables of manifest keys"
		if section != "" {
			where = "the reference's section " + section
		}
		for _, k := range w {
			if !slices.Contains(g, k) {
				t.Errorf("%s lack %q, a key of the schema", where, k)
			}
		}
		for _, k := range g {
			if !slices.Contains(w, k) {
				t.Errorf("%s name %q, which the schema does not have", where, k)
			}
		}
	}
	for section := range got {
		if _, ok := want[section]; !ok {
			t.Errorf("referenceKeys: unexpected section %q", section)
		}
	}
}

// manifestKeys calls add with the dotted path of every property of the
// object schema s, and of the objects nested in it.
func manifestKeys(s map[string]any, prefix string, add func(string)) {
	props, _ := s["properties"].(map[string]any)
	for name, p := range props {
		add(prefix + name)
		if ps, ok := p.(map[string]any); ok {
			manifestKeys(ps, prefix+name+".", add)
		}
	}
}

// objectKeys returns the property names of a definition: its own, and
// those of the object schemas among its alternatives.
func objectKeys(def any) []string {
	d, _ := def.(map[string]any)
	var keys []string
	if props, ok := d["properties"].(map[string]any); ok {
		for k := range props {
			keys = append(keys, k)
		}
	}
	for _, alt := range []string{"anyOf", "oneOf"} {
		list, _ := d[alt].([]any)
		for _, a := range list {
			keys = append(keys, objectKeys(a)...)
		}
	}
	return keys
}

var (
	sectionHeading = regexp.MustCompile(`^## (.+)$`)
	keyCell        = regexp.MustCompile("^\\| `([^`]+)` \\|")
)

// referenceKeys returns the keys named in the first column of the tables of
// the reference chapter, by section: "" for the sections of manifest keys,
// the heading for the sections of defSections.
func referenceKeys(t *testing.T, path string) map[string][]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := map[string][]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if m := sectionHeading.FindStringSubmatch(line); m != nil {
			section = ""
			if _, ok := defSections[m[1]]; ok {
				section = m[1]
			}
			continue
		}
		if m := keyCell.FindStringSubmatch(line); m != nil {
			keys[section] = append(keys[section], m[1])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}

func unique(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// TestDemoPrograms type-checks the programs that draw the pictures of the
// documentation (go vet compiles them), so that a change to the packages
// they use cannot leave them broken.
func TestDemoPrograms(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet in a subprocess; skipped with -short")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		testenv.Missing(t, "the go command")
	}
	root := testenv.Root(t)
	for _, p := range []string{"docs/fonts-sample.go", "docs/linebreak-demo.go"} {
		t.Run(filepath.Base(p), func(t *testing.T) {
			cmd := exec.Command(goCmd, "vet", p)
			cmd.Dir = root
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("go vet %s: %v\n%s", p, err, out)
			}
		})
	}
}
