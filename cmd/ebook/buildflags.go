package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/gobook/ebook/pipeline/build"
)

// buildFlags are the flags ebook build, watch and serve share, defined
// here once so that the three commands cannot drift apart, and the
// build.Options they make.
type buildFlags struct {
	fs          *flag.FlagSet
	formats     string
	out         string
	strict      bool
	bookVersion string
	allow       folderList
	verbosity
}

// commonHelp is what one command's shared flags say differently.
type commonHelp struct {
	formats     []string // the default of --format
	formatNote  string   // what --format's help adds after the formats
	quiet       string   // -q's help, when not addVerbosity's
	verbose     string   // -v's help, when not addVerbosity's
	bookVersion bool     // whether it takes --book-version
}

// commonHelpOf holds every difference between the shared flags of build,
// watch and serve (name is the flag set's, "ebook build").
func commonHelpOf(name string) commonHelp {
	website := " (html: a website in OUT/<name>/)"
	switch name {
	case "ebook build":
		return commonHelp{formats: build.Formats, formatNote: website, bookVersion: true,
			quiet: "print errors only", verbose: "verbose: say what is built, from what, with which date"}
	case "ebook serve":
		// The website is what serve is for: the other formats are extras.
		return commonHelp{formats: []string{"html"}, formatNote: " (html is always built)"}
	}
	return commonHelp{formats: build.Formats, formatNote: website}
}

// addBuildFlags registers the shared flags on fs, the flag set of build,
// watch or serve.
func addBuildFlags(fs *flag.FlagSet) *buildFlags {
	h := commonHelpOf(fs.Name())
	f := &buildFlags{fs: fs}
	fs.StringVar(&f.formats, "format", strings.Join(h.formats, ","), "comma-separated output formats: "+strings.Join(build.AllFormats, ", ")+h.formatNote)
	fs.StringVar(&f.out, "out", "dist", "folder to write the outputs to")
	fs.BoolVar(&f.strict, "strict", false, "treat warnings as errors")
	fs.Var(&f.allow, "allow-outside", "a `folder` outside the repository of book.yaml that the book's root: may be in (repeatable)")
	if h.bookVersion {
		fs.StringVar(&f.bookVersion, "book-version", "", "the book's `version` (v1.2.0): adds a colophon page with it and the build date, and records it in the metadata")
	}
	f.verbosity.register(fs)
	if h.quiet != "" {
		fs.Lookup("q").Usage = h.quiet
	}
	if h.verbose != "" {
		fs.Lookup("v").Usage = h.verbose
	}
	return f
}

// parse parses args, flags before or after the manifest, and returns the
// options of the build they ask for, without its Stager and DiskCache.
// When they are wrong or ask for help, ok is false and code is the exit
// status (the message written to stderr).
func (f *buildFlags) parse(args []string, getenv func(string) string, stderr io.Writer) (opts build.Options, code int, ok bool) {
	manifest, code, ok := oneArgument(f.fs, args, stderr, "manifest", "book.yaml")
	if !ok {
		return build.Options{}, code, false
	}
	fmts, date, ok := outputSettings(f.fs.Name(), f.formats, getenv, stderr)
	if !ok {
		return build.Options{}, exitUsage, false
	}
	if f.bookVersion != "" {
		if err := build.CheckVersion(f.bookVersion); err != nil {
			fmt.Fprintf(stderr, "%s: --book-version: %v\n", f.fs.Name(), err)
			return build.Options{}, exitUsage, false
		}
	}
	return build.Options{Manifest: manifest, OutDir: f.out, Formats: fmts, Date: date, Strict: f.strict,
		Version: f.bookVersion, ToolVersion: version, Confine: true, AllowOutside: f.allow}, exitOK, true
}
