// Command ebook builds a book written in Markdown into an EPUB 3, a print
// PDF and a website, from the manifest book.yaml.
//
//	ebook build [--format epub,pdf,html] [--out DIR] [--book-version V] [--strict] [--allow-outside DIR] [-q|-v] [book.yaml]
//	ebook check [--strict] [--allow-outside DIR] [-q|-v] [book.yaml]
//	ebook watch [--format epub,pdf,html] [--out DIR] [--strict] [--allow-outside DIR] [-q|-v] [book.yaml]
//	ebook serve [--port N] [--format html,epub,pdf] [--out DIR] [--strict] [--allow-outside DIR] [-q|-v] [book.yaml]
//	ebook init  [--from SUMMARY.md|DIR] [-q|-v] [DIR]
//	ebook fonts [-q|-v] [book.yaml]
//	ebook version
//	ebook help
//
// Exit status: 0 on success, 1 when the book has errors or an output cannot
// be written, 2 on a usage error.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/gobook/ebook/internal/gcpace"
)

// version is set at link time by the Makefile (-X main.version=...).
var version = "devel"

// memoryLimit is the highest soft limit on the Go runtime's memory
// (unless GOMEMLIMIT sets another): near it the garbage collector runs
// more often rather than let the process grow. A chapter of megabytes of
// code stays under a gigabyte instead of doubling its live memory in
// garbage.
const memoryLimit = 768 << 20

// heapLimit is the soft limit on the Go runtime's memory while the live
// data is under 96 MiB (see gcpace): gopl-zh's heap stays under it (its
// live data peaks at 36 MB), and four copies of it, which peaked at 230 MB
// with GOGC alone, peak at 207 MB for 4% more CPU (under 144 MiB: 191 MB
// for 11%).
const heapLimit = 160 << 20

func main() {
	os.Exit(command())
}

// command is the process's work, main without its exit.
func command() int {
	// A build allocates a few hundred megabytes of short-lived data (most
	// of it in gopdf) and then exits: while the heap is small (gopl-zh's
	// stays so), collect garbage half as often as GOGC's default, which
	// saves a tenth of a large book's time; beyond heapLimit, as often as
	// it takes to stay there, keeping half the live data of garbage at
	// least, within memoryLimit (see gcpace). GOGC and GOMEMLIMIT in the
	// environment still win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		gcpace.Start(gcpace.Policy{Limit: heapLimit, Floor: 50, Ceiling: memoryLimit})
	}
	return run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
}

// Exit statuses.
const (
	exitOK    = 0
	exitBuild = 1
	exitUsage = 2
)

// run is the command without its process: tests call it directly.
func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "build":
		return buildCmd(args[1:], stdout, stderr, getenv)
	case "init":
		return initCmd(args[1:], stdout, stderr, getenv)
	case "check":
		return checkCmd(args[1:], stdout, stderr, getenv)
	case "watch":
		return watchCmd(args[1:], stdout, stderr, getenv)
	case "serve":
		return serveCmd(args[1:], stdout, stderr, getenv)
	case "fonts":
		return fontsCmd(args[1:], stdout, stderr, getenv)
	case "version", "--version":
		return versionCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "ebook: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `ebook builds a book written in Markdown into an EPUB 3, a print PDF and a website.

Usage:
  ebook build [flags] [book.yaml]   build the book (default: ./book.yaml)
  ebook check [flags] [book.yaml]   report every problem of the book, write nothing
  ebook watch [flags] [book.yaml]   build, then build again on every change
  ebook serve [flags] [book.yaml]   preview the book's website, reloaded on every change
  ebook init [flags] [DIR]          start a new book, or import one (--from SUMMARY.md)
  ebook fonts [flags] [book.yaml]   list the installed font families fonts: can name
  ebook version                     print the version
  ebook help                        print this help

Every command takes -q (errors only) and -v (more detail); run
"ebook COMMAND --help" for its flags and examples.
`)
}
