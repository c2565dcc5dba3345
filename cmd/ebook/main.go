// Command ebook builds a book written in Markdown into an EPUB (and, with
// the PDF writer, a PDF), from the manifest book.yaml.
//
//	ebook build [--format epub] [--out DIR] [--strict] [book.yaml]
//	ebook version
//
// Exit status: 0 on success, 1 when the book has errors or an output cannot
// be written, 2 on a usage error.
package main

import (
	"fmt"
	"io"
	"os"
)

// version is set at link time by the Makefile (-X main.version=...).
var version = "devel"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
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
	case "version", "--version":
		fmt.Fprintf(stdout, "ebook %s\n", version)
		return exitOK
	case "help", "-h", "--help":
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "ebook: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `ebook builds a book written in Markdown into an EPUB.

Usage:
  ebook build [flags] [book.yaml]   build the book (default: ./book.yaml)
  ebook version                     print the version
  ebook help                        print this help

Run "ebook build --help" for the build flags.
`)
}
