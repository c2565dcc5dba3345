package main

import (
	"context"
	"fmt"
	"io"
	"os/signal"
	"syscall"

	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/output"
	"github.com/gobook/ebook/pipeline/serve"
	"github.com/gobook/ebook/pipeline/watch"
)

func serveCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := newFlagSet("ebook serve", args, stdout, stderr)
	bf := addBuildFlags(fs)
	port := fs.Int("port", serve.DefaultPort, "the port to serve on (the next free one if it is taken)")
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
	opts, code, ok := bf.parse(args, getenv, stderr)
	if !ok {
		return code
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "ebook serve: --port %d is not a port (0 to 65535)\n", *port)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	p := newPrinter(stderr, getenv, &bf.verbosity)
	stager := output.NewStager()
	defer stager.Abort() // what a build stopped by the signal staged
	cache, trim := openCache("ebook serve", getenv, stderr)
	defer trim()
	opts.Stager, opts.DiskCache = stager, cache
	err := serve.Run(ctx, serve.Options{
		Watch: watch.Options{
			Build:  opts,
			Report: watchReport(p, &bf.verbosity, stdout, stderr),
		},
		Port: *port,
		Ready: func(addr string) {
			fmt.Fprintf(stderr, "ebook serve: http://%s/ serves %s; press Ctrl-C to stop\n", addr, opts.Manifest)
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "ebook serve: %s\n", diag.Escape(err.Error()))
		return exitBuild
	}
	if !bf.quiet {
		fmt.Fprintln(stderr, "ebook serve: stopped")
	}
	return exitOK
}
