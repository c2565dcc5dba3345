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

// memoryLimit is the soft limit on the Go heap (unless GOMEMLIMIT sets
// another): near it the garbage collector runs more often rather than let
// the process grow. A book of ordinary chapters stays far below it (gopl-zh
// peaks under 300 MB); a chapter of megabytes of code stays under a
// gigabyte instead of doubling its live memory in garbage.
const memoryLimit = 768 << 20

func main() {
	os.Exit(command())
}

// command is the process's work, main without its exit.
func command() int {
	// A build allocates a few hundred megabytes of short-lived data (most
	// of it in gopdf) and then exits. While the live data is under 32 MiB
	// (gopl-zh's peaks at 36) garbage is collected when it reaches twice
	// the live data: a third of the collections GOGC's default makes,
	// which saves a tenth of a large book's time. Beyond, the garbage
	// allowed stays at 64 MiB, down to half the live data: four copies of
	// gopl-zh peaked at 260 MB instead of 390 for 12% more CPU, and half
	// the live data bounds that cost for a much larger book. GOGC in the
	// environment still wins.
	if os.Getenv("GOGC") == "" {
		gcpace.Start(gcpace.Policy{Headroom: 64 << 20, Min: 50, Max: 200})
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
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
