// Package check finds the problems of a book without building it, so that
// an author learns about every one of them, with its position, before a
// reader does: what the book loader reports (links to missing chapters or
// anchors, missing images, remote images, unsafe raw HTML...), for every
// chapter at once, and what only a check looks for: images and Markdown
// files the book does not use, skipped heading levels, empty chapters,
// heading anchors renamed because they repeat, and text that looks like
// mojibake; and, for a book claiming PDF/UA-1, what the build would refuse
// the claim for.
//
// Each check is a Func over the loaded book; Options.Checks replaces the
// default list, which is how a check that needs more than the book (the
// fonts' coverage) is plugged in.
package check

import (
	"path/filepath"

	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
)

// Book is a loaded book, as checks see it.
type Book struct {
	*book.Book
}

// Func is one check: it reads the book and reports what it finds to diags.
// Chapters whose file could not be read are marked Failed and have no
// content; checks skip them.
type Func func(b *Book, diags *diag.List)

// Check is a named check.
type Check struct {
	Name string // short name, for -v output
	Run  Func
}

// Default returns the checks ebook check runs, in order.
func Default() []Check {
	return []Check{
		{"unused images", UnusedImages},
		{"unlisted Markdown files", UnlistedMarkdown},
		{"heading levels", HeadingLevels},
		{"empty chapters", EmptyChapters},
		{"renamed heading anchors", RenamedAnchors},
		{"mojibake", MojibakeText},
		{"fonts", Fonts},
		{"PDF/UA-1", PDFUA}, // after "heading levels", whose warnings it supersedes
	}
}

// Options tune a check.
type Options struct {
	// Checks to run after loading; nil means Default().
	Checks []Check
	// Cache, when set, is used to load the book (ebook watch).
	Cache *book.Cache
	// DiskCache, when set, records the pictures checked, as builds do
	// (see book.Options.DiskCache).
	DiskCache *filecache.Cache
	// Confine and AllowOutside: see book.Options.
	Confine      bool
	AllowOutside []string
}

// Result says what was checked.
type Result struct {
	Book *Book // nil when the manifest itself could not be read
}

// Run loads the book whose manifest is at manifestPath, keeping going past
// errors so that every chapter is read, then runs the checks. Everything
// found is reported to diags; nothing is written.
func Run(manifestPath string, opts Options, diags *diag.List) Result {
	b := book.Load(manifestPath, book.Options{KeepGoing: true, Cache: opts.Cache, DiskCache: opts.DiskCache, Confine: opts.Confine, AllowOutside: opts.AllowOutside}, diags)
	if b == nil {
		return Result{}
	}
	cb := &Book{Book: b}
	checks := opts.Checks
	if checks == nil {
		checks = Default()
	}
	for _, c := range checks {
		c.Run(cb, diags)
	}
	return Result{Book: cb}
}

// shown is how messages name rel, a path relative to the book's folder.
func (b *Book) shown(rel string) string {
	if b.Dir == "." || b.Dir == "" {
		return rel
	}
	return filepath.ToSlash(filepath.Join(b.Dir, filepath.FromSlash(rel)))
}
