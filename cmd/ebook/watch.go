package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/output"
	"github.com/gobook/ebook/pipeline/watch"
)

func watchCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := newFlagSet("ebook watch", args, stdout, stderr)
	bf := addBuildFlags(fs)
	fs.Usage = func() {
		io.WriteString(fs.Output(), `Usage: ebook watch [flags] [book.yaml]

Builds the book, then builds it again whenever book.yaml, a chapter, an
image or a font file named in book.yaml changes, until Ctrl-C. Changes
close together make one build; only the chapters and images that changed
are read again. Each build prints its problems and a summary; a build that
fails leaves the previous outputs in place.

Examples:
  ebook watch
  ebook watch --format epub --out public content/book.yaml
  ebook watch -v            also name the changed files and what was reused

Flags:
`)
		fs.PrintDefaults()
	}
	opts, code, ok := bf.parse(args, getenv, stderr)
	if !ok {
		return code
	}

	// Ctrl-C (SIGINT) or SIGTERM ends the watch after the build under way.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	p := newPrinter(stderr, getenv, &bf.verbosity)
	if !bf.quiet {
		fmt.Fprintf(stderr, "ebook watch: watching %s; press Ctrl-C to stop\n", opts.Manifest)
	}
	report := watchReport(p, &bf.verbosity, stdout, stderr)
	stager := output.NewStager()
	defer stager.Abort() // what a build stopped by the signal staged
	cache, trim := openCache("ebook watch", getenv, stderr)
	defer trim()
	opts.Stager, opts.DiskCache = stager, cache
	err := watch.Run(ctx, watch.Options{
		Build:  opts,
		Report: report,
	})
	if err != nil {
		fmt.Fprintf(stderr, "ebook watch: %s\n", diag.Escape(err.Error()))
		return exitBuild
	}
	if !bf.quiet {
		fmt.Fprintln(stderr, "ebook watch: stopped")
	}
	return exitOK
}

// watchReport prints what each build of watch and serve did.
func watchReport(p *printer, v *verbosity, stdout, stderr io.Writer) func(watch.Event) {
	return func(e watch.Event) {
		stamp := time.Now().Format("15:04:05")
		p.all(e.Diags)
		if v.verbose && len(e.Changed) > 0 {
			var names []string
			for _, c := range e.Changed {
				names = append(names, filepath.Base(c))
			}
			fmt.Fprintf(stderr, "%s changed: %s\n", stamp, strings.Join(names, ", "))
		}
		if !e.OK() {
			var de *diag.Errors
			if errors.As(e.Err, &de) {
				fmt.Fprintf(stderr, "%s build failed: %s; the previous output is unchanged\n", stamp, plural(de.List.Count(diag.Error), "error"))
			} else {
				fmt.Fprintf(stderr, "%s build failed: %s\n", stamp, diag.Escape(e.Err.Error()))
			}
			return
		}
		if !v.quiet {
			for _, r := range e.Results {
				fmt.Fprintf(stdout, "%s %s  %s  %s  %.2fs\n", stamp, r.Path, size(r.Size), plural(r.Chapters, "chapter"), e.Duration.Seconds())
			}
		}
		if v.verbose {
			c := e.Cache
			fmt.Fprintf(stderr, "%s chapters: parsed %d, reused %d; images: decoded %d, reused %d; watching %s\n",
				stamp, c.Parsed, c.Reused, c.Decoded, c.Kept, plural(len(e.Watched), "folder"))
		}
	}
}
