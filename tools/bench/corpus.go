package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/importer"
	"github.com/gobook/ebook/pipeline/manifest"
)

// findCorpus returns the gopl-zh folder: flag, $EBOOK_CORPUS, or
// shared/corpus/gopl-zh in the working folder or a parent of it.
func findCorpus(flagValue string) (string, error) {
	for _, dir := range []string{flagValue, os.Getenv("EBOOK_CORPUS")} {
		if dir == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "SUMMARY.md")); err != nil {
			return "", fmt.Errorf("the corpus %s: %w", dir, err)
		}
		return filepath.Abs(dir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "shared", "corpus", "gopl-zh")
		if _, err := os.Stat(filepath.Join(p, "SUMMARY.md")); err == nil {
			return p, nil
		}
		if filepath.Dir(dir) == dir {
			return "", errors.New("the gopl-zh corpus is not in shared/corpus/gopl-zh next to the checkout; set EBOOK_CORPUS or -corpus")
		}
	}
}

// corpusBook is gopl-zh imported as `ebook init --from` imports it.
type corpusBook struct {
	manifest string             // its book.yaml, in the work folder
	m        *manifest.Manifest // decoded
	files    []string           // the chapters in reading order, relative to the corpus
	bytes    int64              // their size
}

func importCorpus(corpus, work string) (*corpusBook, error) {
	dir := filepath.Join(work, "gopl")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var d diag.List
	r := importer.Import(importer.Options{Summary: filepath.Join(corpus, "SUMMARY.md"), ManifestDir: dir}, &d)
	if r == nil {
		return nil, fmt.Errorf("importing %s: %v", corpus, d.Err())
	}
	b := &corpusBook{manifest: filepath.Join(dir, "book.yaml"), m: r.Manifest}
	if err := os.WriteFile(b.manifest, r.YAML, 0o644); err != nil {
		return nil, err
	}
	var walk func(es []manifest.Entry)
	walk = func(es []manifest.Entry) {
		for _, e := range es {
			if e.File != "" {
				b.files = append(b.files, e.File)
			}
			walk(e.Chapters)
			walk(e.Sections)
		}
	}
	for _, s := range r.Manifest.Sections() {
		walk(s.Entries)
	}
	for _, f := range b.files {
		info, err := os.Stat(filepath.Join(corpus, filepath.FromSlash(f)))
		if err != nil {
			return nil, err
		}
		b.bytes += info.Size()
	}
	return b, nil
}

// scaledBook writes a book that is gopl-zh k times: k copies of the corpus
// in work/copies (made once; a book may not read files outside its folder,
// so the copies cannot be symbolic links to it) and a manifest that lists
// the chapters of every copy in turn. It returns the manifest's path and
// the number of chapters.
func scaledBook(corpus string, b *corpusBook, work string, k int) (string, int, error) {
	root := filepath.Join(work, "copies")
	for i := 1; i <= k; i++ {
		dst := filepath.Join(root, fmt.Sprintf("copy%d", i))
		if _, err := os.Stat(dst); err == nil {
			continue
		}
		if err := copyTree(corpus, dst); err != nil {
			return "", 0, err
		}
	}
	doc := map[string]any{
		"title":    b.m.Title,
		"language": b.m.Language,
		"authors":  []string{"The authors"},
		"output":   map[string]any{"name": fmt.Sprintf("gopl-zh-x%d", k)},
	}
	chapters := 0
	for _, s := range b.m.Sections() {
		var entries []any
		for i := 1; i <= k; i++ {
			prefix := fmt.Sprintf("copy%d/", i)
			for _, e := range s.Entries {
				entries = append(entries, entryYAML(e, prefix, &chapters))
			}
		}
		if len(entries) > 0 {
			doc[s.Key] = entries
		}
	}
	data, err := yaml.Marshal(doc)
	if err != nil {
		return "", 0, err
	}
	p := filepath.Join(root, fmt.Sprintf("book-x%d.yaml", k))
	return p, chapters, os.WriteFile(p, data, 0o644)
}

// entryYAML is e with its files under prefix, as book.yaml writes it.
func entryYAML(e manifest.Entry, prefix string, chapters *int) map[string]any {
	out := map[string]any{}
	if e.Part != "" {
		out["part"] = e.Part
	}
	if e.File != "" {
		out["file"] = prefix + e.File
		*chapters++
	}
	if e.Title != "" {
		out["title"] = e.Title
	}
	for _, c := range []struct {
		key     string
		entries []manifest.Entry
	}{{"chapters", e.Chapters}, {"sections", e.Sections}} {
		var list []any
		for _, s := range c.entries {
			list = append(list, entryYAML(s, prefix, chapters))
		}
		if len(list) > 0 {
			out[c.key] = list
		}
	}
	return out
}

// copyTree copies the regular files and folders under src to dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, data, 0o644)
		}
		return nil
	})
}
