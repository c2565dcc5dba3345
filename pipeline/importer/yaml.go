package importer

import (
	"bytes"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// encode writes the manifest as commented YAML. It is built as a yaml.Node
// tree, never by pasting strings, so that every value is quoted as YAML
// needs: titles with ": ", " #", a leading "*" or "[", or words YAML would
// read as something else ("yes", "1.10", "null").
//
// Notes about entries SUMMARY.md has but the manifest cannot (drafts) are
// written above the entry that follows them in reading order: yaml.v3
// places a foot comment of a mapping inside a list badly.
func (b *imported) encode() ([]byte, error) {
	w := &writer{}
	doc := mapping()
	doc.HeadComment = comment(
		"The manifest of the book: its metadata and its chapters in reading order.",
		"Imported by `ebook init --from` from",
		"  "+b.source,
		"The chapters, parts and nesting follow it. A chapter's title: is the one it",
		"gives, but the file's first heading is the title everywhere: title: is used",
		"only for a file without a heading (see docs/guide/book-yaml.md).",
		"From now on this file is the table of contents: SUMMARY.md is no longer read.",
		"Every key is described in the ebook user guide (docs/guide/book-yaml.md).",
	)
	// Where each value came from is said beside it; what to do about it,
	// above it.
	add(doc, "title", from(str(b.meta.Title), b.meta.TitleFrom))
	authors := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, a := range b.meta.Authors {
		authors.Content = append(authors.Content, str(a))
	}
	if len(b.meta.Authors) == 0 {
		authors.Style = yaml.FlowStyle
	}
	add(doc, "authors", from(authors, b.meta.AuthorsFrom), b.meta.AuthorsNote)
	add(doc, "language", from(str(b.meta.Language), b.meta.LanguageFrom), b.meta.LanguageNote)
	if b.meta.Description != "" {
		add(doc, "description", from(str(b.meta.Description), b.meta.DescriptionFrom))
	}
	if b.meta.Cover != "" {
		add(doc, "cover", from(str(b.meta.Cover), b.meta.CoverFrom))
	}
	if b.root != "" {
		add(doc, "root", str(b.root),
			"The folder of "+pathBase(b.source)+", relative to this file: every chapter and",
			"image path below is relative to it.")
	}
	if len(b.front) > 0 {
		add(doc, "front", w.entries(b.front), "Front matter: the chapters before the numbered ones.")
	}
	if len(b.chapters) > 0 {
		add(doc, "chapters", w.entries(b.chapters), "The numbered chapters; sections: nests chapters, part: groups them.")
	}
	if len(b.back) > 0 {
		add(doc, "back", w.entries(b.back), "Back matter: the chapters after the numbered ones.")
	}
	if len(b.variables) > 0 {
		vars := mapping()
		names := make([]string, 0, len(b.variables))
		for name := range b.variables {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			add(vars, name, str(b.variables[name]))
		}
		add(doc, "variables", vars, "The values of {{ book.NAME }} in the chapters, from book.json's variables.")
	}
	yes := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"}
	switch {
	case b.templates:
		md := mapping()
		add(md, "templates", yes, "")
		add(md, "headings_without_space", yes, "")
		add(doc, "markdown", md, "A GitBook or HonKit book: its chapters' template tags ({% raw %}, {% include %},",
			"{% hint %}...) and {{ book.NAME }} are expanded as HonKit does, and #Title",
			"without a space is a heading, as GitBook reads it.")
	case b.includeRoot != "" || b.smartPunctuation:
		md := mapping()
		var why []string
		if b.includeRoot != "" {
			add(md, "include_root", str(b.includeRoot), "")
			why = append(why, "An mdBook book: {{#include}} may read files from the folder of book.toml",
				"(listings kept beside the chapters' folder), as mdBook does.")
		}
		if b.smartPunctuation {
			add(md, "smart_punctuation", yes, "")
			why = append(why, "Curly quotes, dashes and ellipses for \", --, ... (book.toml's smart-punctuation).")
		}
		add(doc, "markdown", md, why...)
	}
	if b.outputName != "" {
		out := mapping()
		add(out, "name", str(b.outputName), "")
		add(doc, "output", out, "Outputs are written as dist/NAME.epub.")
	}
	if notes := append(w.pending, b.notes...); len(notes) > 0 {
		doc.FootComment = comment(notes...)
	}

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{doc}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writer carries the notes not yet written to the next entry.
type writer struct {
	pending []string
}

func (w *writer) entries(es []*entry) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, e := range es {
		seq.Content = append(seq.Content, w.entry(e))
	}
	return seq
}

func (w *writer) entry(e *entry) *yaml.Node {
	m := mapping()
	m.HeadComment = comment(append(w.pending, e.notes...)...)
	w.pending = nil
	if e.part {
		add(m, "part", str(e.title), "")
		if e.file != "" {
			add(m, "file", str(e.file), "")
		}
		add(m, "chapters", w.entries(e.children), "")
	} else {
		add(m, "file", str(e.file), "")
		if e.title != "" {
			add(m, "title", str(e.title), "")
		}
		if len(e.children) > 0 {
			add(m, "sections", w.entries(e.children), "")
		}
	}
	w.pending = append(w.pending, e.foot...)
	return m
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

// str is a string value; the encoder quotes it when YAML would read it as
// anything but this string.
func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// from writes where value came from beside it (beside its key for a list,
// whose items start on the next line).
func from(value *yaml.Node, source string) *yaml.Node {
	if source != "" {
		value.LineComment = "# " + source
	}
	return value
}

// add appends key: value to mapping m, with a comment above the key.
func add(m *yaml.Node, key string, value *yaml.Node, note ...string) {
	k := str(key)
	k.HeadComment = comment(note...)
	if value.Kind == yaml.SequenceNode && value.Style != yaml.FlowStyle && value.LineComment != "" {
		k.LineComment, value.LineComment = value.LineComment, ""
	}
	m.Content = append(m.Content, k, value)
}

// comment makes YAML comment lines of text lines; empty lines are dropped.
func comment(lines ...string) string {
	var out []string
	for _, l := range lines {
		if l == "" {
			continue
		}
		for _, part := range strings.Split(l, "\n") {
			out = append(out, "# "+part)
		}
	}
	return strings.Join(out, "\n")
}

func pathBase(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}
