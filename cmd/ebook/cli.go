package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/pipeline/build"
	"github.com/gobook/ebook/pipeline/diag"
)

// newFlagSet returns the flag set of command name. Its usage goes to
// stdout when args ask for help (-h, --help: asked-for help is output, and
// the exit status is 0), else to stderr with the usage error.
func newFlagSet(name string, args []string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if wantsHelp(args) {
		fs.SetOutput(stdout)
	}
	return fs
}

// wantsHelp reports whether args ask for help.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}

// verbosity holds the -q and -v flags every command has.
type verbosity struct {
	quiet, verbose bool
}

func addVerbosity(fs *flag.FlagSet) *verbosity {
	v := &verbosity{}
	v.register(fs)
	return v
}

// register registers -q and -v on fs, to be set in v.
func (v *verbosity) register(fs *flag.FlagSet) {
	fs.BoolVar(&v.quiet, "q", false, "quiet: print errors only")
	fs.BoolVar(&v.verbose, "v", false, "verbose: print more about what is done")
}

// useColor reports whether w should get colours: only a terminal, never
// when NO_COLOR is set to anything (https://no-color.org) or TERM is dumb.
func useColor(w io.Writer, getenv func(string) string) bool {
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// ANSI colours for severities.
const (
	colorError   = "\x1b[1;31m"
	colorWarning = "\x1b[1;33m"
	colorBold    = "\x1b[1m"
	colorReset   = "\x1b[0m"
)

// printer writes diagnostics, in colour on a terminal.
type printer struct {
	w     io.Writer
	color bool
	quiet bool // errors only
}

func newPrinter(w io.Writer, getenv func(string) string, v *verbosity) *printer {
	return &printer{w: w, color: useColor(w, getenv), quiet: v.quiet}
}

// diag prints d as "path:line:col: severity: message".
func (p *printer) diag(d diag.Diagnostic) {
	if p.quiet && d.Severity != diag.Error {
		return
	}
	if !p.color {
		fmt.Fprintln(p.w, d)
		return
	}
	sev := colorWarning + d.Severity.String() + colorReset
	if d.Severity == diag.Error {
		sev = colorError + d.Severity.String() + colorReset
	}
	if d.Pos.Path == "" {
		fmt.Fprintf(p.w, "%s: %s\n", sev, diag.Escape(d.Message))
		return
	}
	fmt.Fprintf(p.w, "%s%s:%s %s: %s\n", colorBold, d.Pos, colorReset, sev, diag.Escape(d.Message))
}

func (p *printer) all(ds []diag.Diagnostic) {
	for _, d := range ds {
		p.diag(d)
	}
}

// parseFormats reads a --format value.
func parseFormats(s string) ([]string, error) {
	var fmts []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(strings.ToLower(f))
		if f == "" {
			continue
		}
		if !slices.Contains(build.AllFormats, f) {
			return nil, fmt.Errorf("unknown format %q (known: %s)", f, strings.Join(build.AllFormats, ", "))
		}
		fmts = append(fmts, f)
	}
	return fmts, nil
}

// plural writes n and the noun, with an s when n is not 1.
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func versionCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("ebook version", args, stdout, stderr)
	v := addVerbosity(fs)
	fs.Usage = func() {
		io.WriteString(fs.Output(), `Usage: ebook version [-q | -v]

Prints the version of ebook.

Examples:
  ebook version        ebook v1.2.0
  ebook version -q     v1.2.0
  ebook version -v     also the Go version, the platform and the libraries

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ebook version: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	switch {
	case v.quiet:
		fmt.Fprintln(stdout, version)
	default:
		fmt.Fprintf(stdout, "ebook %s\n", version)
	}
	if v.verbose {
		fmt.Fprintf(stdout, "%s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
		if info, ok := debug.ReadBuildInfo(); ok {
			for _, dep := range info.Deps {
				fmt.Fprintf(stdout, "  %s %s\n", dep.Path, dep.Version)
			}
		}
	}
	return exitOK
}

// openCache opens the cache of the PDF's pictures between builds
// (filecache.Default: $EBOOK_CACHE, or ebook in the user's cache folder;
// EBOOK_CACHE=off for none; EBOOK_CACHE_SIZE its size cap). A cache that
// cannot be opened is a warning: the build is slower without it, not
// wrong; so is a size cap that is not a size (the default is used). The
// function it returns trims the cache (unused entries at most once a day,
// then to its size cap); call it when the command is done.
func openCache(cmd string, getenv func(string) string, stderr io.Writer) (*filecache.Cache, func()) {
	c, err := filecache.Default(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "%s: warning: %s; building without a cache (set EBOOK_CACHE to a folder, or to off)\n", cmd, diag.Escape(err.Error()))
		return nil, func() {}
	}
	if _, err := filecache.MaxSize(getenv); err != nil && c != nil {
		fmt.Fprintf(stderr, "%s: warning: %s\n", cmd, diag.Escape(err.Error()))
	}
	return c, func() { _ = c.Trim() }
}
