package manifest

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gobook/ebook/internal/editdist"
	"github.com/gobook/ebook/pipeline/diag"
)

// decoder maps a yaml.Node tree onto Go values strictly: every key must name
// a field, every value must have the field's type, and the position of every
// value is kept so that later checks can point at it.
//
// yaml.v3's own Decoder.KnownFields reports unknown keys as "line N: field x
// not found in type manifest.Book", without a column and in Go terms, and
// stops at the first one; authors need the key's position and its name in
// book.yaml terms, and every mistake at once, so this small decoder walks the
// node tree itself.
type decoder struct {
	path      string
	diags     *diag.List
	positions map[string]diag.Pos
	// budget is how many more values may be decoded. Aliases (*name) can
	// make a small file stand for billions of values ("billion laughs");
	// yaml.v3 limits that when it decodes into Go values, not when it
	// hands over its node tree, which this decoder walks.
	budget int
}

// setBudget allows decoding ten times the values the document holds, and
// ten thousand more: far more than aliases ever legitimately add.
func (d *decoder) setBudget(doc *yaml.Node) {
	var count func(n *yaml.Node) int
	count = func(n *yaml.Node) int {
		c := 1
		for _, ch := range n.Content {
			c += count(ch)
		}
		return c
	}
	d.budget = 10*count(doc) + 10_000
}

// scalarEntry is implemented by types that accept a plain scalar as a
// shorthand for a mapping with one field (a chapter written as just its file).
type scalarEntry interface {
	setScalar(value string)
}

var posType = reflect.TypeOf(diag.Pos{})

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{Path: d.path, Line: n.Line, Col: n.Column}
}

// decode stores node into v (a pointer), recording positions under key, the
// value's path in the manifest such as "chapters[2].file".
func (d *decoder) decode(n *yaml.Node, v reflect.Value, key string) {
	if d.budget--; d.budget < 0 {
		if d.budget == -1 {
			d.diags.Errorf(d.pos(n), "the manifest's aliases (*name) stand for too many values: write the values out")
		}
		return
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	d.positions[key] = d.pos(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // "key:" with no value leaves the zero value, as YAML means
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), key)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.typeError(n, key, "a text value")
			return
		}
		v.SetString(n.Value)
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.typeError(n, key, "a whole number")
			return
		}
		i, err := strconv.Atoi(n.Value)
		if err != nil {
			d.diags.Errorf(d.pos(n), "%s: %q is not a whole number", keyName(key), n.Value)
			return
		}
		v.SetInt(int64(i))
	case reflect.Float64:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
			d.typeError(n, key, "a number")
			return
		}
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			d.diags.Errorf(d.pos(n), "%s: %q is not a number", keyName(key), n.Value)
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.typeError(n, key, "true or false")
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.typeError(n, key, "a list")
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", key, i))
		}
		v.Set(s)
	case reflect.Map:
		// Only map[string]string (variables:): any scalar is its text.
		if n.Kind != yaml.MappingNode {
			d.typeError(n, key, "a mapping of names to values")
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if prev, dup := seen[k.Value]; dup {
				d.diags.Errorf(d.pos(k), "key %q appears twice in %s (first at line %d)", k.Value, where(key), prev.Line)
				continue
			}
			seen[k.Value] = k
			if k.Kind != yaml.ScalarNode || k.Value == "" {
				d.diags.Errorf(d.pos(k), "%s: a name must be text", keyName(key))
				continue
			}
			e := reflect.New(v.Type().Elem()).Elem()
			d.decode(val, e, join(key, k.Value))
			m.SetMapIndex(reflect.ValueOf(k.Value), e)
		}
		v.Set(m)
	case reflect.Struct:
		if se, ok := v.Addr().Interface().(scalarEntry); ok && n.Kind == yaml.ScalarNode {
			se.setScalar(n.Value)
			d.setPos(v, n)
			return
		}
		if n.Kind != yaml.MappingNode {
			d.typeError(n, key, "a mapping of keys to values")
			return
		}
		d.setPos(v, n)
		d.decodeStruct(n, v, key)
	default:
		panic(fmt.Sprintf("manifest: unsupported field type %s", v.Type()))
	}
}

func (d *decoder) setPos(v reflect.Value, n *yaml.Node) {
	if f := v.FieldByName("Pos"); f.IsValid() && f.Type() == posType {
		f.Set(reflect.ValueOf(d.pos(n)))
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, key string) {
	fields := yamlFields(v.Type())
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := k.Value
		if prev, dup := seen[name]; dup {
			d.diags.Errorf(d.pos(k), "key %q appears twice in %s (first at line %d)", name, where(key), prev.Line)
			continue
		}
		seen[name] = k
		idx, ok := fields[name]
		if !ok {
			d.diags.Errorf(d.pos(k), "unknown key %q in %s%s", name, where(key), suggest(name, fields))
			continue
		}
		d.decode(val, v.Field(idx), join(key, name))
	}
}

// yamlFields maps yaml key names to struct field indexes.
func yamlFields(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		if name == "" || name == "-" {
			continue
		}
		m[name] = i
	}
	return m
}

func (d *decoder) typeError(n *yaml.Node, key, want string) {
	d.diags.Errorf(d.pos(n), "%s must be %s, not %s", keyName(key), want, describe(n))
}

// describe names what an author wrote, in YAML terms.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	}
	return fmt.Sprintf("the text %q", n.Value)
}

func join(key, name string) string {
	if key == "" {
		return name
	}
	return key + "." + name
}

// keyName is how a message names a value: its path in the manifest.
func keyName(key string) string {
	if key == "" {
		return "the manifest"
	}
	return fmt.Sprintf("%q", key)
}

func where(key string) string {
	if key == "" {
		return "the manifest"
	}
	return fmt.Sprintf("%q", key)
}

// suggest proposes the known key closest to a misspelt one.
func suggest(name string, fields map[string]int) string {
	best, bestDist := "", 3
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if dist := editdist.Distance(strings.ToLower(name), k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return fmt.Sprintf(" (known keys: %s)", strings.Join(keys, ", "))
}
