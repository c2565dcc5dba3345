// Command release builds, validates and publishes the release files of the
// books. The Makefile and the GitHub workflows run it; it does what they do,
// so that a release can be made and checked locally.
//
//	release build   [-version V] [-ebook bin/ebook] [-dist dist] [-site] [book.yaml...]
//	release publish [-version V] [-dist dist]
//
// build runs `ebook build` for each manifest (default: book.yaml) into a
// staging folder inside dist, which makes the default formats
// (build.Formats: the EPUB and the PDF); with -site it also builds each
// book's website and zips it as <name>-<version>-site.zip. It validates
// every output with the validators that are installed (epubcheck for
// EPUB, qpdf for PDF; under CI=true a missing validator is an error),
// names them <name>-<version>.<format>,
// writes one SHA256SUMS for all of them, and only then moves the set into
// dist, replacing files of the same version. A failed build or validation
// leaves dist as it was.
//
// publish makes the GitHub release of tag V if it does not exist and
// uploads the files SHA256SUMS lists, and SHA256SUMS itself, replacing
// assets of the same name (gh release upload --clobber), so that running it
// again for the same tag replaces the files instead of failing.
//
// The version is -version, else $VERSION, else `git describe --tags
// --always --dirty`. The build date is $SOURCE_DATE_EPOCH, else the time of
// the last commit (git log -1 --format=%ct).
//
// Exit status: 0 on success, 1 when the build, a validation or publishing
// fails, 2 on a usage error (bad flag or version).
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Environ()))
}

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// run is the command without its process: env is its whole environment,
// used for its settings, to find programs and for the programs it runs.
func run(args []string, stdout, stderr io.Writer, env []string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	r := &releaser{stdout: stdout, stderr: stderr, env: environ(env)}
	switch args[0] {
	case "build":
		return r.build(args[1:])
	case "publish":
		return r.publish(args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "release: unknown command %q\n%s", args[0], usage)
	return exitUsage
}

const usage = `Usage:
  release build   [-version V] [-ebook bin/ebook] [-dist dist] [-site] [book.yaml...]
  release publish [-version V] [-dist dist]

build writes dist/<name>-<version>.<format> for each default format (epub,
pdf) of every book (default: book.yaml), with -site also its website as
dist/<name>-<version>-site.zip, and dist/SHA256SUMS, after validating each file;
publish attaches them to the GitHub release of tag <version>. See the user
guide, docs/guide/releases.md.
`

// releaser holds what both commands share.
type releaser struct {
	stdout, stderr io.Writer
	env            environ
}

func (r *releaser) errorf(format string, args ...any) {
	fmt.Fprintf(r.stderr, "release: "+format+"\n", args...)
}
