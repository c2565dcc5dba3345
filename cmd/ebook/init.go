package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/importer"
)

func initCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	flags := newFlagSet("ebook init", args, stdout, stderr)
	from := flags.String("from", "", "import an existing book: its SUMMARY.md (GitBook, HonKit, mdBook, WaBook), or the folder holding it")
	v := addVerbosity(flags)
	flags.Usage = func() {
		io.WriteString(flags.Output(), `Usage: ebook init [flags] [DIR]

Creates a new book in DIR (default: the current folder): book.yaml with
comments, content/ with a first chapter, .gitignore (dist/) and a Makefile
with the targets epub, check, watch and clean. Existing files are never
overwritten: they are left as they are and named in the output, and nothing
is written when DIR already has a book.yaml.

With --from, writes DIR/book.yaml for an existing GitBook, HonKit, mdBook or
WaBook book instead: chapters, parts and nesting from its SUMMARY.md, title,
authors, language and description from book.json, book.toml, book.ini or
config.json beside it (else the title from the first heading of README.md),
the cover from cover.jpg or cover.png; a comment beside each value says where
it came from. The book's files stay where they are: book.yaml's root: points
at the folder of SUMMARY.md. A SUMMARY.md that links a missing file, a file
outside its folder or the same file twice gives an error at its line, and
nothing is written; Markdown files it does not list are reported, not added.

Examples:
  ebook init                       a new book here
  ebook init mybook                a new book in ./mybook
  ebook init --from ../gopl-zh/SUMMARY.md
  ebook init --from ~/src/rust-book     (an mdBook project: finds src/SUMMARY.md)
  ebook init --from docs/SUMMARY.md book

Flags:
`)
		flags.PrintDefaults()
	}
	dir, code, ok := oneArgument(flags, args, stderr, "folder", ".")
	if !ok {
		return code
	}
	manifest := filepath.Join(dir, "book.yaml")
	if _, err := os.Lstat(manifest); err == nil {
		fmt.Fprintf(stderr, "ebook init: %s already exists; nothing was written\n", manifest)
		return exitBuild
	}
	if *from != "" {
		return importBook(*from, dir, manifest, stdout, stderr, getenv, v)
	}
	return newBook(dir, stdout, stderr, v)
}

// importBook writes manifest for the book whose SUMMARY.md is from.
func importBook(from, dir, manifest string, stdout, stderr io.Writer, getenv func(string) string, v *verbosity) int {
	var diags diag.List
	r := importer.Import(importer.Options{Summary: from, ManifestDir: dir}, &diags)
	newPrinter(stderr, getenv, v).all(diags.Items())
	if r == nil {
		fmt.Fprintf(stderr, "ebook init: %s; nothing was written\n", plural(diags.Count(diag.Error), "error"))
		return exitBuild
	}
	if v.verbose {
		fmt.Fprintf(stderr, "ebook init: metadata: %s\n", r.Meta)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "ebook init: %s\n", diag.Escape(err.Error()))
		return exitBuild
	}
	if err := createNew(manifest, r.YAML); err != nil {
		fmt.Fprintf(stderr, "ebook init: %s; nothing was written\n", diag.Escape(err.Error()))
		return exitBuild
	}
	if !v.quiet {
		fmt.Fprintf(stdout, "wrote %s: %s from %s", manifest, plural(r.Chapters, "chapter"), r.Summary)
		if n := len(r.Unlisted); n > 0 {
			fmt.Fprintf(stdout, " (%s it does not list left out, named above)", plural(n, "Markdown file"))
		}
		fmt.Fprintln(stdout)
		for _, n := range r.Notes {
			fmt.Fprintf(stdout, "note: %s\n", diag.Escape(n))
		}
		fmt.Fprintf(stdout, "next: check the title, authors and language in %s, then run ebook check and ebook build\n", manifest)
		src := r.Root
		if ir := r.Manifest.Markdown.IncludeRoot; ir != "" {
			src = filepath.Join(src, filepath.FromSlash(ir)) // the folder included files come from too
		}
		if repo := repositoryOf(dir); src != "" && repo != "" && !insideRepo(src, repo) {
			fmt.Fprintf(stdout, "note: its chapters are outside %s, the repository of %s: build with --allow-outside %s\n", repo, manifest, src)
		}
	}
	return exitOK
}

// repositoryOf is book.Repository of dir, or "".
func repositoryOf(dir string) string {
	r, err := book.Repository(dir)
	if err != nil {
		return ""
	}
	return r
}

// insideRepo reports whether folder p is inside repo, with links resolved.
func insideRepo(p, repo string) bool {
	real, err := book.RealPath(p)
	return err == nil && book.Within(real, repo)
}

// newBook writes the files of a new book into dir.
func newBook(dir string, stdout, stderr io.Writer, v *verbosity) int {
	files := []struct{ name, content string }{
		{"book.yaml", newManifest},
		{"content/introduction.md", newChapter},
		{".gitignore", "/dist/\n"},
		{"Makefile", newMakefile},
	}
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		fmt.Fprintf(stderr, "ebook init: %s\n", diag.Escape(err.Error()))
		return exitBuild
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.name))
		err := createNew(p, []byte(f.content))
		switch {
		case errors.Is(err, fs.ErrExist):
			if !v.quiet {
				fmt.Fprintf(stdout, "kept %s: it exists already\n", p)
			}
		case err != nil:
			fmt.Fprintf(stderr, "ebook init: %s\n", diag.Escape(err.Error()))
			return exitBuild
		default:
			if !v.quiet {
				fmt.Fprintf(stdout, "wrote %s\n", p)
			}
		}
	}
	if !v.quiet {
		fmt.Fprintln(stdout, "next: edit book.yaml and content/, then run make (or ebook build)")
	}
	return exitOK
}

// createNew writes a file that must not exist yet: it is never replaced.
// A write that fails leaves no file behind.
func createNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: %w", path, fs.ErrExist)
		}
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

const newManifest = `# The manifest of the book: its metadata and its chapters in reading order.
# Every key is described in the ebook user guide (docs/guide/book-yaml.md).

# The title, and the authors, one per line.
title: My Book
authors:
  - Your Name
# The language of the text, as a BCP 47 tag: en, zh-CN, zh-TW, ja...
language: en
# description: One or two sentences for the book's catalogue entry.

# The chapters, in reading order: Markdown files, relative to this file. A
# chapter's title is its first heading unless a title: is given here.
# Nest chapters with sections:, group them with part:, and put prefaces
# under front: and appendices under appendices:.
chapters:
  - file: content/introduction.md
  # - file: content/chapter-2.md
  #   sections:
  #     - content/chapter-2-1.md

# The outputs are dist/NAME.epub.
output:
  name: my-book
`

const newChapter = `# Introduction

This is the first chapter of the book. Write it in Markdown: *emphasis*,
**strong**, ` + "`code`" + `, [links](https://example.com), lists, tables and
footnotes[^1].

A link to another chapter names its Markdown file, with an optional heading
anchor, as on GitHub: ` + "`[the next chapter](chapter-2.md#a-heading)`" + `.

` + "```go" + `
package main

import "fmt"

func main() {
	fmt.Println("Hello, 世界")
}
` + "```" + `

[^1]: A footnote.
`

const newMakefile = `# Build the book: make (or make epub), check it: make check, rebuild on
# every save: make watch. Needs the ebook command on the PATH.
EBOOK ?= ebook

# Reproducible builds: the date in the outputs is that of the last commit.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export SOURCE_DATE_EPOCH

.PHONY: all epub check watch clean

all: epub

epub:
	$(EBOOK) build --format epub

check:
	$(EBOOK) check

watch:
	$(EBOOK) watch

clean:
	rm -rf dist
`
