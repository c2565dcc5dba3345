package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gobook/ebook/pipeline/build"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/output"
)

func buildCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := newFlagSet("ebook build", args, stdout, stderr)
	bf := addBuildFlags(fs)
	fs.Usage = func() {
		io.WriteString(fs.Output(), `Usage: ebook build [flags] [book.yaml]

Builds the book described by book.yaml (default: ./book.yaml) and writes
OUT/<name>.<format>, replacing an earlier output only when the build succeeds;
--format html writes the book as a website, the folder OUT/<name>/.
SOURCE_DATE_EPOCH (seconds since 1970) sets the date recorded in the outputs;
the same input and epoch give byte-identical files.

--book-version adds a colophon at the end of the book: title, authors,
version, build date (SOURCE_DATE_EPOCH, in UTC), identifier, publisher,
rights and this tool's version; the outputs' metadata record the version.
A version holds only letters, digits, '.', '_', '+' and '-'.

Nothing from outside the repository that holds book.yaml (its git top
level, or book.yaml's folder when there is none) reaches the outputs:
root: must stay inside it unless --allow-outside names the folder, and
the output folder may not be a symbolic link from it to elsewhere.

Examples:
  ebook build
  ebook build --format epub --out public content/book.yaml
  ebook build --format html,epub,pdf
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) ebook build
  ebook build --book-version "$(git describe --tags --always --dirty)"

Flags:
`)
		fs.PrintDefaults()
	}
	opts, code, ok := bf.parse(args, getenv, stderr)
	if !ok {
		return code
	}

	if bf.verbose {
		fmt.Fprintf(stderr, "ebook build: %s into %s as %s, dated %s\n", opts.Manifest, opts.OutDir, strings.Join(opts.Formats, ", "), opts.Date.Format(time.RFC3339))
	}
	var diags diag.List
	stager := output.NewStager()
	defer removeStagedOnExit(stager, stderr)()
	cache, trim := openCache("ebook build", getenv, stderr)
	defer trim()
	opts.Stager, opts.DiskCache = stager, cache
	if bf.verbose {
		opts.Log = func(line string) { fmt.Fprintf(stderr, "ebook build: %s\n", diag.Escape(line)) }
	}
	results, err := build.Run(opts, &diags)
	for _, d := range diags.Items() {
		if bf.quiet && d.Severity != diag.Error {
			continue
		}
		fmt.Fprintln(stderr, d)
	}
	for _, r := range results {
		if !bf.quiet {
			fmt.Fprintf(stdout, "%s  %s  %s  %.2fs\n", r.Path, size(r.Size), plural(r.Chapters, "chapter"), r.Duration.Seconds())
		}
	}
	if err != nil {
		var de *diag.Errors
		if !errors.As(err, &de) {
			fmt.Fprintf(stderr, "ebook build: %s\n", diag.Escape(err.Error()))
		} else if n := diags.Count(diag.Error); n > 0 {
			fmt.Fprintf(stderr, "ebook build: %s; nothing was written\n", plural(n, "error"))
		}
		return exitBuild
	}
	return exitOK
}

// removeStagedOnExit makes an interrupted build (SIGINT, SIGTERM) or one
// that panics remove the outputs it has staged, which would otherwise be
// left in the output folder as .NAME.N.tmp files, before the process
// ends (with status 128 + the signal's number, as shells report one).
// The function it returns undoes this; defer it.
func removeStagedOnExit(stager *output.Stager, stderr io.Writer) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			stager.Abort()
			fmt.Fprintf(stderr, "ebook: %v: stopped; no output was changed\n", s)
			code := 128 + 2
			if n, ok := s.(syscall.Signal); ok {
				code = 128 + int(n)
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
		if r := recover(); r != nil {
			stager.Abort()
			panic(r)
		}
	}
}

// folderList is a repeatable flag of folders.
type folderList []string

func (l *folderList) String() string { return strings.Join(*l, ",") }

func (l *folderList) Set(s string) error {
	if s == "" {
		return errors.New("empty folder")
	}
	*l = append(*l, s)
	return nil
}

// buildDate reads SOURCE_DATE_EPOCH; unset, the build date is now.
func buildDate(epoch string) (time.Time, error) {
	if epoch == "" {
		return time.Now().UTC().Truncate(time.Second), nil
	}
	secs, err := strconv.ParseInt(strings.TrimSpace(epoch), 10, 64)
	if err != nil || secs < 0 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", epoch)
	}
	return time.Unix(secs, 0).UTC(), nil
}

// outputSettings reads what build, watch and serve take: the --format value
// and the build's date from SOURCE_DATE_EPOCH. On a mistake it writes the
// message, as cmd, and returns false.
func outputSettings(cmd, formats string, getenv func(string) string, stderr io.Writer) ([]string, time.Time, bool) {
	fmts, err := parseFormats(formats)
	if err == nil {
		var date time.Time
		if date, err = buildDate(getenv("SOURCE_DATE_EPOCH")); err == nil {
			return fmts, date, true
		}
	}
	fmt.Fprintf(stderr, "%s: %s\n", cmd, diag.Escape(err.Error()))
	return nil, time.Time{}, false
}

// oneArgument parses args with fs, flags before or after the argument, and
// returns the one positional argument, or def when there is none. When
// parsing fails, help was asked for or there are more arguments, ok is
// false and code is the exit status (the message written to stderr).
func oneArgument(fs *flag.FlagSet, args []string, stderr io.Writer, what, def string) (arg string, code int, ok bool) {
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", exitOK, false
		}
		return "", exitUsage, false
	}
	switch len(positional) {
	case 0:
		return def, 0, true
	case 1:
		return positional[0], 0, true
	}
	fmt.Fprintf(stderr, "%s: one %s at a time, got %d\n", fs.Name(), what, len(positional))
	return "", exitUsage, false
}

// parseInterspersed parses flags that may come before or after positional
// arguments ("ebook build book.yaml --strict").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
