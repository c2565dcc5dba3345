package main

import (
	"fmt"
	"io"
	"time"

	"github.com/gobook/ebook/pipeline/check"
	"github.com/gobook/ebook/pipeline/diag"
)

func checkCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := newFlagSet("ebook check", args, stdout, stderr)
	strict := fs.Bool("strict", false, "treat warnings as errors: exit 1 when there are any")
	var allow folderList
	fs.Var(&allow, "allow-outside", "a `folder` outside the repository of book.yaml that the book's root: may be in (repeatable)")
	v := addVerbosity(fs)
	fs.Usage = func() {
		io.WriteString(fs.Output(), `Usage: ebook check [flags] [book.yaml]

Checks the book described by book.yaml (default: ./book.yaml) and reports
every problem it finds, without writing any output:

  errors    manifest mistakes; chapter files that are missing, unreadable
            or not UTF-8; images outside the book's folder and links that
            leave it through a symbolic link; damaged images and files that
            are not images; font files book.yaml names that cannot be used;
            with pdf.standard: ua-1, images without alternative text and
            skipped heading levels, as the build reports them
  warnings  links to missing files or anchors, or out of the book's folder
            (their text is kept); missing images (their alt text is shown);
            remote images (not fetched at build time); images and Markdown
            files in the book's folders that the book does not use; skipped
            heading levels; empty chapters; links to a heading anchor
            repeated in its chapter (they reach the first); characters no
            font has; text that looks like mojibake; unsafe raw HTML

Each problem is one line, "path:line:col: error|warning: message", followed
by a summary. The exit status is 1 when there are errors (with --strict, when
there are errors or warnings), 2 on a usage error, 0 otherwise.

Examples:
  ebook check
  ebook check --strict content/book.yaml
  ebook check -q            errors only

Flags:
`)
		fs.PrintDefaults()
	}
	manifest, code, ok := oneArgument(fs, args, stderr, "manifest", "book.yaml")
	if !ok {
		return code
	}

	start := time.Now()
	var diags diag.List
	// The pictures' checks that builds record (a PNG's compressed data)
	// are found there, and recorded for the next build.
	cache, trim := openCache("ebook check", getenv, stderr)
	defer trim()
	res := check.Run(manifest, check.Options{Confine: true, AllowOutside: allow, DiskCache: cache}, &diags)
	if *strict {
		diags.PromoteWarnings()
	}
	p := newPrinter(stdout, getenv, v)
	p.all(diags.Items())

	errs, warns := diags.Count(diag.Error), diags.Count(diag.Warning)
	chapters := 0
	if res.Book != nil {
		chapters = len(res.Book.Chapters)
	}
	what := plural(chapters, "chapter")
	switch {
	case errs == 0 && warns == 0:
		if !v.quiet {
			fmt.Fprintf(stdout, "%s: no problems in %s\n", manifest, what)
		}
	case errs == 0 && v.quiet:
	default:
		fmt.Fprintf(stdout, "%s: %s, %s in %s\n", manifest, plural(errs, "error"), plural(warns, "warning"), what)
	}
	if v.verbose {
		images := 0
		if res.Book != nil {
			images = len(res.Book.ImagePaths)
		}
		fmt.Fprintf(stderr, "ebook check: read %s and %s in %.2fs; checks:", what, plural(images, "image"), time.Since(start).Seconds())
		for _, c := range check.Default() {
			fmt.Fprintf(stderr, " %s;", c.Name)
		}
		fmt.Fprintln(stderr, " and the loader's own (links, images, HTML, encoding)")
	}
	if errs > 0 {
		return exitBuild
	}
	return exitOK
}
