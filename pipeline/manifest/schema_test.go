package manifest

// These tests keep schema/book.schema.json, which editors use to complete and
// check book.yaml, in agreement with the decoder in this package: the schema
// must offer exactly the keys the decoder accepts, with the same types, accept
// every manifest in the repository, and reject what the decoder rejects for
// the structural reasons a schema can see.

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dlclark/regexp2/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/gobook/ebook/internal/testenv"
	"github.com/gobook/ebook/pipeline/diag"
)

// schemaPath is where the schema lives, relative to the module root; editors
// find it there through the comment at the top of book.yaml.
const schemaPath = "schema/book.schema.json"

// readSchema returns the schema document as generic JSON values.
func readSchema(t *testing.T) map[string]any {
	t.Helper()
	f, err := os.Open(filepath.Join(testenv.Root(t), schemaPath))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", schemaPath, err)
	}
	m, ok := doc.(map[string]any)
	if !ok {
		t.Fatalf("%s: the schema is not a JSON object", schemaPath)
	}
	return m
}

// namedSchema is the schema compiled with one regular expression engine.
type namedSchema struct {
	engine string
	schema *jsonschema.Schema
}

// compileSchemas compiles the schema twice: with Go's regexp package (RE2)
// and with an ECMAScript engine, the dialect editors evaluate "pattern" in,
// so that a pattern meaning something else in an editor is caught here.
func compileSchemas(t *testing.T) []namedSchema {
	t.Helper()
	doc := readSchema(t)
	id, _ := doc["$id"].(string)
	if !strings.HasPrefix(id, "https://") || !strings.HasSuffix(id, "/"+schemaPath) {
		t.Errorf("$id %q: want a stable https URL ending in /%s", id, schemaPath)
	}
	if got := doc["$schema"]; got != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema is %v, want draft 2020-12", got)
	}
	var out []namedSchema
	for _, engine := range []struct {
		name    string
		compile jsonschema.RegexpEngine
	}{
		{"RE2", nil},
		{"ECMAScript", ecmaCompile},
	} {
		c := jsonschema.NewCompiler()
		c.UseRegexpEngine(engine.compile)
		if err := c.AddResource(id, doc); err != nil {
			t.Fatalf("%s: %v", schemaPath, err)
		}
		s, err := c.Compile(id)
		if err != nil {
			t.Fatalf("%s does not compile (%s patterns): %v", schemaPath, engine.name, err)
		}
		out = append(out, namedSchema{engine.name, s})
	}
	return out
}

// ecmaRegexp adapts regexp2 in ECMAScript mode to jsonschema.Regexp.
type ecmaRegexp struct{ re *regexp2.Regexp }

func (r ecmaRegexp) MatchString(s string) bool {
	ok, err := r.re.MatchString(s)
	return err == nil && ok
}

func (r ecmaRegexp) String() string { return r.re.String() }

func ecmaCompile(expr string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(expr, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	return ecmaRegexp{re}, nil
}

// yamlToJSON decodes YAML with yaml.v3 into the JSON values an editor
// validates: mappings, lists, strings, numbers, booleans and null. Values are
// typed by their YAML tag, except that timestamps stay text: editors read
// YAML 1.2, which has no timestamp type (and the decoder reads a date as
// text), while yaml.v3 would make them time.Time.
func yamlToJSON(src []byte) (any, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, err
	}
	return nodeToJSON(&root)
}

func nodeToJSON(n *yaml.Node) (any, error) {
	switch n.Kind {
	case 0: // an empty file
		return nil, nil
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return nodeToJSON(n.Content[0])
	case yaml.AliasNode:
		return nodeToJSON(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := nodeToJSON(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, err := nodeToJSON(item)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	}
	switch n.ShortTag() {
	case "!!str", "!!timestamp", "!!binary":
		return n.Value, nil
	case "!!null":
		return nil, nil
	}
	var v any // !!int, !!float, !!bool
	if err := n.Decode(&v); err != nil {
		return nil, fmt.Errorf("line %d: %w", n.Line, err)
	}
	return v, nil
}

// validate reports whether every compiled schema accepts src, and fails the
// test when the engines disagree.
func validate(t *testing.T, schemas []namedSchema, name string, src []byte) (bool, error) {
	t.Helper()
	inst, err := yamlToJSON(src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var first error
	for i, s := range schemas {
		err := s.schema.Validate(inst)
		if i == 0 {
			first = err
		} else if (err == nil) != (first == nil) {
			t.Errorf("%s: the schema's patterns differ between engines: %s says %v, %s says %v",
				name, schemas[0].engine, first, s.engine, err)
		}
	}
	return first == nil, first
}

// repositoryManifests lists, relative to the module root, book.yaml at the
// root and every book.yaml under a testdata folder.
func repositoryManifests(t *testing.T, root string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || d.Name() != "book.yaml" {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "book.yaml" || slices.Contains(strings.Split(rel, "/"), "testdata") {
			found = append(found, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestSchemaAcceptsRepositoryManifests validates every manifest in the
// repository that the decoder accepts. A testdata manifest the decoder
// rejects is a bad-input fixture and is only logged; the manifest at the root
// must be valid.
func TestSchemaAcceptsRepositoryManifests(t *testing.T) {
	schemas := compileSchemas(t)
	root := testenv.Root(t)
	manifests := repositoryManifests(t, root)
	for _, want := range []string{"book.yaml", "pipeline/manifest/testdata/full/book.yaml"} {
		if !slices.Contains(manifests, want) {
			t.Fatalf("%s not found among the manifests %v", want, manifests)
		}
	}
	for _, rel := range manifests {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		var diags diag.List
		if Parse(rel, src, &diags) == nil {
			if rel == "book.yaml" {
				t.Errorf("the decoder rejects the book's own manifest:\n%v", diags.Items())
			} else {
				t.Logf("%s: skipped, the decoder rejects it (a bad-input fixture)", rel)
			}
			continue
		}
		if ok, err := validate(t, schemas, rel, src); !ok {
			t.Errorf("%s: the decoder accepts it but the schema rejects it:\n%v", rel, err)
		}
	}
}

// schemaWalker follows the schema alongside the Go types the decoder fills.
type schemaWalker struct {
	t       *testing.T
	doc     map[string]any
	keys    map[reflect.Type]map[string]bool // schema properties seen per Go struct
	visited map[string]bool
}

// resolve follows a local "$ref" ("#/$defs/name").
func (w *schemaWalker) resolve(node map[string]any) map[string]any {
	for {
		ref, ok := node["$ref"].(string)
		if !ok {
			return node
		}
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		defs, _ := w.doc["$defs"].(map[string]any)
		target, found := defs[name].(map[string]any)
		if !ok || !found {
			w.t.Fatalf("unresolvable $ref %q", ref)
		}
		node = target
	}
}

// alternatives returns the schemas a value may match: node itself when it
// has a "type", and those of its oneOf and anyOf branches, with references
// resolved. Branches without a type only add constraints.
func (w *schemaWalker) alternatives(node map[string]any) []map[string]any {
	node = w.resolve(node)
	var out []map[string]any
	if _, ok := node["type"]; ok {
		out = append(out, node)
	}
	for _, kw := range []string{"oneOf", "anyOf"} {
		branches, _ := node[kw].([]any)
		for _, b := range branches {
			if m, ok := b.(map[string]any); ok {
				out = append(out, w.alternatives(m)...)
			}
		}
	}
	return out
}

func schemaTypes(node map[string]any) []string {
	switch v := node["type"].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			s, _ := x.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}

var scalarEntryType = reflect.TypeOf((*scalarEntry)(nil)).Elem()

// checkTypes compares the JSON types a schema allows with what the decoder
// accepts for a Go type. Null is always allowed, as the decoder reads a key
// with no value as its zero value; check() decides whether that is enough.
func checkTypes(gt reflect.Type, types []string) error {
	have := map[string]bool{}
	for _, ty := range types {
		have[ty] = true
	}
	delete(have, "null")
	var want string
	extra := map[string]bool{}
	switch gt.Kind() {
	case reflect.String:
		// The decoder reads any scalar as text ("date: 2016").
		want, extra = "string", map[string]bool{"integer": true, "number": true, "boolean": true}
	case reflect.Int:
		want = "integer"
	case reflect.Float64:
		want, extra = "number", map[string]bool{"integer": true}
	case reflect.Bool:
		want = "boolean"
	case reflect.Slice:
		want = "array"
	case reflect.Map:
		want = "object"
	case reflect.Struct:
		want = "object"
		if reflect.PointerTo(gt).Implements(scalarEntryType) {
			// A plain scalar is a shorthand for the mapping.
			if !have["string"] {
				return fmt.Errorf("the schema lacks the string shorthand the decoder accepts for %s", gt)
			}
			extra["string"] = true
		}
	default:
		return fmt.Errorf("no JSON type known for Go kind %s", gt.Kind())
	}
	if !have[want] {
		return fmt.Errorf("schema types %v lack %q, the type of Go %s", types, want, gt)
	}
	for ty := range have {
		if ty != want && !extra[ty] {
			return fmt.Errorf("schema types %v allow %q, which the decoder rejects for Go %s", types, ty, gt)
		}
	}
	return nil
}

// value checks the schema node of a value of Go type gt, at key path where.
func (w *schemaWalker) value(gt reflect.Type, node map[string]any, where string) {
	for gt.Kind() == reflect.Pointer {
		gt = gt.Elem()
	}
	alts := w.alternatives(node)
	var types []string
	for _, a := range alts {
		types = append(types, schemaTypes(a)...)
	}
	if err := checkTypes(gt, types); err != nil {
		w.t.Errorf("%s: %v", where, err)
		return
	}
	for _, a := range alts {
		switch {
		case gt.Kind() == reflect.Slice && slices.Contains(schemaTypes(a), "array"):
			items, ok := a["items"].(map[string]any)
			if !ok {
				w.t.Errorf("%s: the list's schema has no items", where)
				continue
			}
			w.value(gt.Elem(), items, where+"[]")
		case gt.Kind() == reflect.Struct && slices.Contains(schemaTypes(a), "object"):
			w.object(gt, a, where)
		case gt.Kind() == reflect.Map && slices.Contains(schemaTypes(a), "object"):
			values, ok := a["additionalProperties"].(map[string]any)
			if !ok {
				w.t.Errorf("%s: the mapping's schema has no additionalProperties for its values", where)
				continue
			}
			w.value(gt.Elem(), values, where+".*")
		}
	}
}

// object checks an object schema against the yaml keys of struct gt.
func (w *schemaWalker) object(gt reflect.Type, node map[string]any, where string) {
	id := fmt.Sprintf("%s %p", gt, node)
	if w.visited[id] {
		return // entries nest recursively
	}
	w.visited[id] = true
	if node["additionalProperties"] != false {
		w.t.Errorf("%s: the object schema lacks additionalProperties: false; the decoder rejects unknown keys", where)
	}
	fields := yamlFields(gt)
	props, _ := node["properties"].(map[string]any)
	if w.keys[gt] == nil {
		w.keys[gt] = map[string]bool{}
	}
	for _, name := range sortedKeys(props) {
		key := join(where, name)
		idx, ok := fields[name]
		if !ok {
			w.t.Errorf("%s: the schema offers a key the decoder rejects in %s", key, gt)
			continue
		}
		w.keys[gt][name] = true
		prop, _ := props[name].(map[string]any)
		if d, _ := prop["description"].(string); strings.TrimSpace(d) == "" {
			w.t.Errorf("%s: no description", key)
		}
		w.value(gt.Field(idx).Type, prop, key)
	}
	for _, name := range sortedKeys(node["required"]) {
		if _, ok := props[name]; !ok {
			w.t.Errorf("%s: required key %q is not among the properties", where, name)
		}
	}
}

func sortedKeys(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k := range v {
			out = append(out, k)
		}
	case []any:
		for _, x := range v {
			s, _ := x.(string)
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// TestSchemaMatchesDecoder walks the schema alongside Manifest, Entry and
// Output: every yaml key of each struct must be a property of the schema
// objects it is decoded from, and every property must be such a key, with the
// JSON type the decoder accepts. Adding a field to a struct without adding it
// to the schema fails here.
func TestSchemaMatchesDecoder(t *testing.T) {
	w := &schemaWalker{t: t, doc: readSchema(t), keys: map[reflect.Type]map[string]bool{}, visited: map[string]bool{}}
	w.value(reflect.TypeOf(Manifest{}), w.doc, "")

	// A struct's keys may be spread over several schema objects (an Entry
	// is a chapter or a part), and each position may allow fewer of them
	// (no parts under front:), but together they must cover every key.
	for _, gt := range decodedStructs(reflect.TypeOf(Manifest{}), nil) {
		seen := w.keys[gt]
		if seen == nil {
			t.Errorf("no schema object describes %s", gt)
			continue
		}
		for _, name := range sortedKeys(yamlKeys(gt)) {
			if !seen[name] {
				t.Errorf("%s: key %q, which the decoder accepts, is missing from the schema", gt, name)
			}
		}
	}

	// Object schemas the walk does not reach (an unused $defs entry) must
	// not let unknown keys through either.
	var all func(v any, where string)
	all = func(v any, where string) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["properties"]; ok && slices.Contains(schemaTypes(v), "object") && v["additionalProperties"] != false {
				t.Errorf("schema object at %s lacks additionalProperties: false", where)
			}
			for _, k := range sortedKeys(v) {
				all(v[k], where+"/"+k)
			}
		case []any:
			for i, x := range v {
				all(x, fmt.Sprintf("%s/%d", where, i))
			}
		}
	}
	all(w.doc, "#")

	def := lookup(w.doc, "properties", "output", "properties", "toc_depth", "default")
	if d, ok := def.(json.Number); !ok || d.String() != fmt.Sprint(DefaultTOCDepth) {
		t.Errorf("output.toc_depth default is %v, want DefaultTOCDepth (%d)", def, DefaultTOCDepth)
	}
}

// lookup follows keys through nested JSON objects; nil when one is missing.
func lookup(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

// decodedStructs lists gt and the struct types the decoder fills through
// its yaml fields, following lists and pointers.
func decodedStructs(gt reflect.Type, seen []reflect.Type) []reflect.Type {
	for gt.Kind() == reflect.Pointer || gt.Kind() == reflect.Slice {
		gt = gt.Elem()
	}
	if gt.Kind() != reflect.Struct || slices.Contains(seen, gt) {
		return seen
	}
	seen = append(seen, gt)
	for _, idx := range yamlFields(gt) {
		seen = decodedStructs(gt.Field(idx).Type, seen)
	}
	return seen
}

// yamlKeys returns the yaml keys of struct t as a map, for sortedKeys.
func yamlKeys(t reflect.Type) map[string]any {
	out := map[string]any{}
	for k := range yamlFields(t) {
		out[k] = nil
	}
	return out
}

// TestSchemaAgreesWithDecoderOnCases runs manifests through manifest.Parse
// and the schema. Each case is valid or invalid for both, unless schemaDiffers
// explains why the schema cannot, or should not, follow the decoder there.
func TestSchemaAgreesWithDecoderOnCases(t *testing.T) {
	schemas := compileSchemas(t)
	const head = "title: T\nlanguage: en\n"
	const body = head + "chapters: [a.md]\n"
	cases := []struct {
		name  string
		src   string
		goErr string // "" when the decoder accepts the manifest
		// schemaDiffers, when set, says why the schema decides the other way.
		schemaDiffers string
	}{
		// Valid manifests.
		{name: "minimal", src: body},
		{name: "front only", src: head + "front: [preface.md]\n"},
		{name: "keys without values", src: body + "subtitle:\nauthors:\nsubjects:\nidentifier:\noutput:\nback:\n"},
		{name: "output without values", src: body + "output:\n  name:\n  toc_depth:\n"},
		{name: "year as a number", src: body + "date: 2016\n"},
		{name: "year and month", src: body + "date: 2016-05\n"},
		{name: "day", src: body + "date: 2016-05-01\n"},
		{name: "RFC 3339 time", src: body + "date: 2016-05-01T09:00:00+08:00\n"},
		{name: "RFC 3339 time with fraction", src: body + "date: 2016-05-01T09:00:00.5Z\n"},
		{name: "toc depth 0", src: body + "output: {toc_depth: 0}\n"},
		{name: "toc depth 6", src: body + "output: {toc_depth: 6}\n"},
		{name: "output name", src: body + "output: {name: gopl-zh_v1.0}\n"},
		{name: "language with script and region", src: "title: T\nlanguage: zh-Hans-CN\nchapters: [a.md]\n"},
		{name: "language with variant", src: "title: T\nlanguage: de-CH-1901\nchapters: [a.md]\n"},
		{name: "language with extension and private use", src: "title: T\nlanguage: en-US-u-ca-gregory-x-foo\nchapters: [a.md]\n"},
		{name: "accessibility", src: body + "secondary_language: en-GB\naccessibility:\n  summary: S\n  access_modes: [textual, visual]\n  access_mode_sufficient: [textual, 'textual,visual']\n  features: [MathML]\n  hazards: [none]\n  conforms_to: none\n  certified_by: Example Co\n"},
		{name: "accessibility without values", src: body + "secondary_language:\naccessibility:\n  summary:\n  features:\n"},
		{name: "unknown accessibility feature", src: body + "accessibility: {features: [subtitles]}\n", goErr: `book.yaml:4:28: error: accessibility.features: "subtitles" is not one of`},
		{name: "unknown hazard", src: body + "accessibility: {hazards: [loud]}\n", goErr: `book.yaml:4:27: error: accessibility.hazards: "loud" is not one of`},
		{name: "unknown access mode", src: body + "accessibility: {access_modes: [smell]}\n", goErr: `book.yaml:4:32: error: accessibility.access_modes: "smell" is not one of`},
		{name: "unknown accessibility key", src: body + "accessibility: {certifier: X}\n", goErr: `book.yaml:4:17: error: unknown key "certifier"`},
		{name: "bad secondary language", src: body + "secondary_language: en_GB\n", goErr: `book.yaml:4:21: error: secondary_language "en_GB" is not a BCP 47`},
		{name: "numeric region", src: "title: T\nlanguage: es-419\nchapters: [a.md]\n"},
		{name: "markdown extensions", src: head + "chapters: [a.markdown, b.MD, ./c.md]\n"},
		{name: "chapter mapping", src: head + "chapters:\n  - file: a.md\n    title: A\n    sections:\n      - b.md\n      - file: c.md\n        sections: [d.md]\n"},
		{name: "part", src: head + "chapters:\n  - part: P\n    file: intro.md\n    chapters: [a.md, {file: b.md, sections: [c.md]}]\n"},
		{name: "part without introduction", src: head + "chapters:\n  - a.md\n  - part: P\n    chapters: [b.md]\n"},
		{name: "absolute root", src: body + "root: /srv/book\n"},
		{name: "cover", src: body + "cover: images/cover.png\n"},
		{name: "variables", src: body + "variables: {version: '1.2', year: 2024, draft: true, none:}\n"},
		{name: "variables is a list", src: body + "variables: [a]\n", goErr: `book.yaml:4:12: error: "variables" must be a mapping of names to values, not a list`},
		{name: "variable is a mapping", src: body + "variables: {v: {a: 1}}\n", goErr: `book.yaml:4:16: error: "variables.v" must be a text value, not a mapping`},

		// Structural errors.
		{name: "empty file", src: "", goErr: "the manifest is empty"},
		{name: "a list, not a mapping", src: "- a.md\n", goErr: `the manifest must be a mapping`},
		{name: "unknown key", src: body + "titel: T\n", goErr: `unknown key "titel"`},
		{name: "unknown output key", src: body + "output: {nmae: x}\n", goErr: `unknown key "nmae" in "output"`},
		{name: "unknown entry key", src: head + "chapters: [{file: a.md, titel: A}]\n", goErr: `unknown key "titel"`},
		{name: "title is a list", src: "title: [a, b]\nlanguage: en\nchapters: [a.md]\n", goErr: `"title" must be a text value`},
		{name: "authors is text", src: body + "authors: Alice\n", goErr: `"authors" must be a list`},
		{name: "chapters is a mapping", src: head + "chapters: {file: a.md}\n", goErr: `"chapters" must be a list`},
		{name: "output is a list", src: body + "output: [x]\n", goErr: `"output" must be a mapping`},
		{name: "toc depth is text", src: body + "output: {toc_depth: deep}\n", goErr: "must be a whole number"},
		{name: "toc depth is a fraction", src: body + "output: {toc_depth: 2.5}\n", goErr: "must be a whole number"},
		{name: "entry is a list", src: head + "chapters: [[a.md]]\n", goErr: "must be a mapping"},
		{name: "part with sections", src: head + "chapters:\n  - part: P\n    chapters: [a.md]\n    sections: [b.md]\n", goErr: "not sections:"},
		{name: "part with title", src: head + "chapters:\n  - part: P\n    title: T\n    chapters: [a.md]\n", goErr: "a part's title is its part: value"},
		{name: "part without chapters", src: head + "chapters:\n  - part: P\n    file: a.md\n", goErr: "has no chapters"},
		{name: "part with no chapters listed", src: head + "chapters:\n  - part: P\n    chapters: []\n", goErr: "has no chapters"},
		{name: "part in a part", src: head + "chapters:\n  - part: P\n    chapters:\n      - part: Q\n        chapters: [a.md]\n", goErr: "a part may appear only in the top level of chapters:"},
		{name: "part in sections", src: head + "chapters:\n  - file: a.md\n    sections:\n      - part: Q\n        chapters: [b.md]\n", goErr: "a part may appear only in the top level of chapters:"},
		{name: "part in front", src: head + "front:\n  - part: P\n    chapters: [a.md]\n", goErr: "a part may appear only in the top level of chapters:"},
		{name: "chapter with chapters", src: head + "chapters:\n  - file: a.md\n    chapters: [b.md]\n", goErr: "a chapter lists its children under sections:"},
		{name: "entry without file", src: head + "chapters:\n  - title: A\n", goErr: "entry has no file"},
		{name: "entry with no value", src: head + "chapters:\n  -\n", goErr: "entry has no file"},
		{name: "missing title", src: "language: en\nchapters: [a.md]\n", goErr: "the book has no title"},
		{name: "title with no value", src: "title:\nlanguage: en\nchapters: [a.md]\n", goErr: "the book has no title"},
		{name: "blank title", src: "title: '  '\nlanguage: en\nchapters: [a.md]\n", goErr: "the book has no title"},
		{name: "missing language", src: "title: T\nchapters: [a.md]\n", goErr: "the book has no language"},
		{name: "no chapters", src: head, goErr: "the book has no chapters"},
		{name: "empty chapter lists", src: head + "front: []\nchapters: []\n", goErr: "the book has no chapters"},

		// Values the decoder checks with a pattern or a range.
		{name: "language is a word", src: "title: T\nlanguage: english\nchapters: [a.md]\n", goErr: "is not a BCP 47 language tag"},
		{name: "language ends in a hyphen", src: "title: T\nlanguage: en-\nchapters: [a.md]\n", goErr: "is not a BCP 47 language tag"},
		{name: "date with slashes", src: body + "date: 05/2016\n", goErr: "must be YYYY, YYYY-MM, YYYY-MM-DD"},
		{name: "two-digit year", src: body + "date: 16\n", goErr: "must be YYYY, YYYY-MM, YYYY-MM-DD"},
		{name: "time without seconds", src: body + "date: 2016-05-01T09:00Z\n", goErr: "must be YYYY, YYYY-MM, YYYY-MM-DD"},
		{name: "time with a space", src: body + "date: '2016-05-01 09:00:00Z'\n", goErr: "must be YYYY, YYYY-MM, YYYY-MM-DD"},
		{name: "output name starts with a dot", src: body + "output: {name: .book}\n", goErr: "output name"},
		{name: "output name with a space", src: body + "output: {name: my book}\n", goErr: "output name"},
		{name: "toc depth 7", src: body + "output: {toc_depth: 7}\n", goErr: "toc_depth 7 must be between 0"},
		{name: "toc depth -1", src: body + "output: {toc_depth: -1}\n", goErr: "toc_depth -1 must be between 0"},
		{name: "empty author", src: body + "authors: [Alice, ' ']\n", goErr: "author name is empty"},
		{name: "chapter is not Markdown", src: head + "chapters: [a.txt]\n", goErr: "is not a Markdown file"},
		{name: "chapter file is not Markdown", src: head + "chapters: [{file: a.txt}]\n", goErr: "is not a Markdown file"},
		{name: "part introduction is not Markdown", src: head + "chapters: [{part: P, file: a.txt, chapters: [b.md]}]\n", goErr: "is not a Markdown file"},
		{name: "absolute chapter path", src: head + "chapters: [/a.md]\n", goErr: "is an absolute path"},
		{name: "drive letter", src: head + "chapters: ['C:/a.md']\n", goErr: "is an absolute path"},
		{name: "backslash", src: head + "chapters: ['ch1\\a.md']\n", goErr: "use forward slashes"},
		{name: "absolute cover", src: body + "cover: /cover.png\n", goErr: "is an absolute path"},
		{name: "backslash in root", src: body + "root: 'src\\book'\n", goErr: "use forward slashes"},

		// Where the two differ, on purpose or by necessity.
		{name: "language with underscore", src: "title: T\nlanguage: en_US\nchapters: [a.md]\n", goErr: "is not a BCP 47 language tag"},
		{name: "unregistered language", src: "title: T\nlanguage: qz\nchapters: [a.md]\n", goErr: "is not a BCP 47 language tag",
			schemaDiffers: "the pattern checks a tag's form; only the decoder knows the registry of subtags"},
		{name: "title as a number", src: "title: 1984\nlanguage: en\nchapters: [a.md]\n",
			schemaDiffers: "the decoder reads any scalar as text; the schema asks for text (title: '1984'), except for a year in date:"},
		{name: "chapter listed twice", src: head + "chapters: [a.md, ./a.md]\n", goErr: "is listed twice",
			schemaDiffers: "a schema cannot compare paths after cleaning them"},
		{name: "chapter outside the book", src: head + "chapters: [../a.md]\n", goErr: "is outside the book's folder",
			schemaDiffers: "a pattern cannot clean a path; the build checks it"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.List
			goOK := Parse("book.yaml", []byte(tc.src), &diags) != nil
			switch {
			case tc.goErr == "" && !goOK:
				t.Fatalf("the decoder rejects it:\n%v", diags.Items())
			case tc.goErr != "" && goOK:
				t.Fatalf("the decoder accepts it, want an error containing %q", tc.goErr)
			case tc.goErr != "" && !strings.Contains(fmt.Sprint(diags.Items()), tc.goErr):
				t.Fatalf("the decoder rejects it for another reason: %v, want %q", diags.Items(), tc.goErr)
			}
			schemaOK, err := validate(t, schemas, tc.name, []byte(tc.src))
			if err != nil {
				t.Logf("schema: %v", err) // go test -v shows why the schema rejects it
			}
			want := goOK != (tc.schemaDiffers != "")
			if schemaOK != want {
				t.Errorf("the schema says valid=%v, want %v (decoder valid=%v)\nschema: %v", schemaOK, want, goOK, err)
			}
		})
	}
}
