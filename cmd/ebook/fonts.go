package main

import (
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"strings"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/manifest"
)

// fontsCmd lists the font families installed where book.yaml's family:
// entries are looked up: the system's font folders and, when a book.yaml
// is given (or ./book.yaml exists), its font_paths.
func fontsCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := newFlagSet("ebook fonts", args, stdout, stderr)
	v := addVerbosity(fs)
	fs.Usage = func() {
		io.WriteString(fs.Output(), `Usage: ebook fonts [flags] [book.yaml]

Lists the font families a book can name with family: in fonts:, found in
the system's font folders and the book's font_paths, with their styles.
-v also names the files of each family; -q leaves out the summary.

Examples:
  ebook fonts                     the system's fonts, and ./book.yaml's font_paths
  ebook fonts -v content/book.yaml

Flags:
`)
		fs.PrintDefaults()
	}
	path, code, ok := oneArgument(fs, args, stderr, "manifest", "")
	if !ok {
		return code
	}
	named := path != ""
	if !named {
		path = "book.yaml"
	}
	dirs := fonts.SystemDirs()
	if src, err := book.ReadManifest(path); err == nil {
		var diags diag.List
		m := manifest.Parse(path, src, &diags)
		newPrinter(stderr, getenv, v).all(diags.Items())
		if m == nil || diags.HasErrors() {
			return exitBuild
		}
		dirs = fonts.FontDirs(m)
	} else if named || !errors.Is(err, iofs.ErrNotExist) {
		// A ./book.yaml that exists but cannot be read is reported too.
		fmt.Fprintf(stderr, "ebook fonts: %s: cannot read the manifest: %s\n", diag.Escape(path), diag.Escape(err.Error()))
		return exitBuild
	}
	found := fonts.ScanFonts(dirs)
	for _, fam := range found.Families() {
		// Names and paths come from font files, some the book's own.
		fmt.Fprintf(stdout, "%s: %s\n", diag.Escape(fam.Name), diag.Escape(strings.Join(fam.Styles, ", ")))
		if v.verbose {
			for _, f := range fam.Files {
				fmt.Fprintf(stdout, "    %s\n", diag.Escape(f))
			}
		}
	}
	if !v.quiet {
		fmt.Fprintf(stderr, "ebook fonts: %d families in %s\n", len(found.Families()), diag.Escape(strings.Join(dirs, ", ")))
	}
	return exitOK
}
