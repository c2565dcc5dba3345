package main

import (
	"context"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"

	"github.com/gobook/ebook/pipeline/build"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/output"
	"github.com/gobook/ebook/pipeline/serve"
	"github.com/gobook/ebook/pipeline/watch"
)

func serveCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := newFlagSet("ebook serve", args, stdout, stderr)
	formats := fs.String("format", "html", "comma-separated output formats: "+strings.Join(build.AllFormats, ", ")+" (html is always built)")
	out := fs.String("out", "dist", "folder to write the outputs to")
	port := fs.Int("port", serve.DefaultPort, "the port to serve on (the next free one if it is taken)")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	var allow folderList
	fs.Var(&allow, "allow-outside", "a `folder` outside the repository of book.yaml that the book's root: may be in (repeatable)")
	v := addVerbosity(fs)
	fs.Usage = func() {
		io.WriteString(fs.Output(), `Usage: ebook serve [flags] [book.yaml]

Builds the book's website into OUT/<name>/ and serves OUT on 127.0.0.1
(the address is printed), then builds again whenever a file of the book
changes, as ebook watch does, and reloads the open pages at their scroll
position. A build that fails shows its messages over the page and keeps
the last good site. --format html,epub,pdf also builds and serves the EPUB
and the PDF, linked from the site. Ctrl-C stops it. As for ebook build,
the book's folder must be inside the repository of book.yaml unless
--allow-outside names it.

Examples:
  ebook serve
  ebook serve --port 8080 content/book.yaml
  ebook serve --format html,epub,pdf

Flags:
`)
		fs.PrintDefaults()
	}
	manifest, code, ok := oneArgument(fs, args, stderr, "manifest", "book.yaml")
	if !ok {
		return code
	}
	fmts, date, ok := outputSettings("ebook serve", *formats, getenv, stderr)
	if !ok {
		return exitUsage
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "ebook serve: --port %d is not a port (0 to 65535)\n", *port)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	p := newPrinter(stderr, getenv, v)
	stager := output.NewStager()
	defer stager.Abort() // what a build stopped by the signal staged
	cache, trim := openCache("ebook serve", getenv, stderr)
	defer trim()
	err := serve.Run(ctx, serve.Options{
		Watch: watch.Options{
			Build: build.Options{Manifest: manifest, OutDir: *out, Formats: fmts, Date: date, Strict: *strict,
				Stager: stager, Confine: true, AllowOutside: allow, DiskCache: cache},
			Report: watchReport(p, v, stdout, stderr),
		},
		Port: *port,
		Ready: func(addr string) {
			fmt.Fprintf(stderr, "ebook serve: http://%s/ serves %s; press Ctrl-C to stop\n", addr, manifest)
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "ebook serve: %s\n", diag.Escape(err.Error()))
		return exitBuild
	}
	if !v.quiet {
		fmt.Fprintln(stderr, "ebook serve: stopped")
	}
	return exitOK
}
