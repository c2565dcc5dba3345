// Package build runs a build: it loads the book once and hands it to the
// writer of each requested format, then writes each output atomically. It
// is what the ebook command and the tests call.
package build

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/colophon"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/epub"
	"github.com/gobook/ebook/pipeline/layout"
	"github.com/gobook/ebook/pipeline/output"
	"github.com/gobook/ebook/pipeline/pdf"
	"github.com/gobook/ebook/pipeline/picture"
	"github.com/gobook/ebook/pipeline/site"
)

// Formats lists the output formats a build makes by default, in the order
// they are built. The website ("html") is made only when asked for: a
// folder of pages is not what `ebook build` has always written.
var Formats = []string{"epub", "pdf"}

// AllFormats lists every format, in the order they are built.
var AllFormats = []string{"epub", "pdf", "html"}

// Options say what to build.
type Options struct {
	Manifest string    // path of book.yaml
	OutDir   string    // folder the outputs are written to
	Formats  []string  // formats to build; empty means Formats (epub, pdf)
	Date     time.Time // the build's date: SOURCE_DATE_EPOCH
	Strict   bool      // warnings are errors

	// Version is the book's version (see CheckVersion). When set, the
	// book gets a colophon page (pipeline/colophon) and every output
	// records the version in its metadata.
	Version string
	// ToolVersion is the version of the ebook tool, named on the colophon.
	ToolVersion string
	// Cache, when set, keeps parsed chapters and images between builds
	// of the same book (ebook watch).
	Cache *book.Cache
	// LiveReload adds ebook serve's reloading script to the website.
	LiveReload bool
	// Log, when set, is given lines for a verbose build: the installed
	// font files used, with their versions.
	Log func(string)
	// Confine keeps the book's folder inside the repository of book.yaml
	// or the folders of AllowOutside (book.Options.Confine), and refuses
	// an output folder that a symbolic link of the repository leads out
	// of it (checkOutDir). The commands set it.
	Confine      bool
	AllowOutside []string
	// DiskCache, when set, keeps between builds what the PDF makes of
	// its raster pictures (see picture.Options): a rebuild does not
	// inflate, split or scale them again. The commands set it.
	DiskCache *filecache.Cache
	// Stager, when set, stages the outputs, so that the command can
	// remove them when it is interrupted (output.Stager.Abort).
	Stager *output.Stager
}

// Result describes one written output.
type Result struct {
	Format   string
	Path     string
	Size     int
	Chapters int
	Duration time.Duration
}

// Run builds the book. Problems with the input are reported to diags; when
// there are errors (or, under Strict, warnings) nothing is written and the
// returned error is a *diag.Errors.
func Run(opts Options, diags *diag.List) ([]Result, error) {
	if opts.Version != "" {
		if err := CheckVersion(opts.Version); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	if err := checkOutDir(opts); err != nil {
		return nil, err
	}
	// The PDF writer inflates each PNG's data as it embeds it: the load
	// then only checks its chunks (see book.Options.DeferImageData); it
	// draws the SVG drawings the load read (KeepDrawings).
	pdfToo := slices.Contains(formatsOf(opts), "pdf")
	b := book.Load(opts.Manifest, book.Options{Cache: opts.Cache, DeferImageData: pdfToo, KeepDrawings: pdfToo,
		DiskCache: opts.DiskCache, Confine: opts.Confine, AllowOutside: opts.AllowOutside}, diags)
	// Under Strict, warnings become errors only after Write has reported
	// the fonts' problems too, so that --strict names every problem a
	// build without it warns of; Write writes nothing then.
	if b == nil || diags.HasErrors() {
		return nil, &diag.Errors{List: diags}
	}
	return Write(b, opts, time.Since(start), diags)
}

// Write writes the outputs of b, a book loaded without errors; loaded is
// the time loading took, counted in each result's duration. It loads the
// book's fonts, once for every writer, and reports to diags the font files
// that cannot be used (errors) and the characters no font has (warnings,
// errors under Strict); when there are errors nothing is written and the
// returned error is a *diag.Errors.
func Write(b *book.Book, opts Options, loaded time.Duration, diags *diag.List) ([]Result, error) {
	if err := checkOutDir(opts); err != nil {
		return nil, err
	}
	start := time.Now()
	formats := formatsOf(opts)
	if opts.Version != "" {
		colophon.Add(b, colophon.Info{Version: opts.Version, Date: opts.Date, Tool: opts.ToolVersion})
	}
	// After the colophon, whose text the fonts must have too. The
	// coverage report comes from the same scan the EPUB subsets. The
	// website uses the reader's fonts: built alone, it needs none of
	// this, which is most of the time of its build.
	needFonts := slices.ContainsFunc(formats, func(f string) bool { return f != "html" })
	var set *fonts.Set
	if needFonts {
		set = fonts.LoadBook(b, diags)
	}
	var usage *fonts.Usage
	if set != nil && opts.Log != nil {
		// Fonts found by family come from outside the book: the build
		// depends on them, so a verbose build names each file.
		for _, f := range set.Faces() {
			if f.System {
				opts.Log(fmt.Sprintf("font %s: %s, %s", f.Face, f.Source, f.Version))
			}
		}
	}
	if set != nil {
		usage = fonts.ScanBook(b, set)
		fonts.Report(usage, set, diags)
	}
	if b.Manifest.PDF.UA() && slices.Contains(formats, "pdf") {
		pdf.CheckUA(b, diags)
	}
	if opts.Strict {
		diags.PromoteWarnings()
	}
	if (needFonts && set == nil) || diags.HasErrors() {
		return nil, &diag.Errors{List: diags}
	}
	loaded += time.Since(start)

	// The formats are made concurrently from the one loaded book, which
	// the writers only read. Each output is staged (written beside its
	// destination and flushed) as soon as it is made, while the others
	// are still being made; they replace the old files only when all
	// succeeded.
	base := OutputName(b)
	type made struct {
		path   string // the output file, or folder for the website
		size   int
		staged *output.Staged
		err    error
		took   time.Duration
	}
	outs := make([]made, len(formats))
	for i, f := range formats {
		outs[i].path = filepath.Join(opts.OutDir, base+"."+f)
		if f == "html" {
			outs[i].path = filepath.Join(opts.OutDir, base)
		}
	}
	// When the build makes the PDF too, the EPUB gets a page list from
	// its layout: it waits for the book to be laid out (not drawn), for
	// where the pages start, which the PDF finds as soon as it has laid
	// the book out (it releases the layout as it draws it).
	var laid chan []epub.PageBreak
	if slices.Contains(formats, "epub") && slices.Contains(formats, "pdf") {
		laid = make(chan []epub.PageBreak, 1)
	}
	var wg sync.WaitGroup
	for i, f := range formats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A writer's bug must not leave a staged file behind or
			// take the process down with an unreadable trace: it
			// fails this build with a message (the writers' workers
			// pass their panics on, see parallel.Each).
			defer func() {
				if r := recover(); r != nil {
					outs[i].err = fmt.Errorf("%s: internal error: %v (please report this with the book that caused it)\n%s", f, r, debug.Stack())
				}
			}()
			t := time.Now()
			var err error
			path := outs[i].path
			switch f {
			case "html":
				dl := map[string]string{}
				for _, o := range formats {
					if o != "html" {
						dl[o] = "../" + base + "." + o
					}
				}
				files := site.Write(b, site.Options{Version: opts.Version, Downloads: dl, LiveReload: opts.LiveReload})
				outs[i].took = time.Since(t)
				for _, sf := range files {
					outs[i].size += sf.Len()
				}
				outs[i].staged, outs[i].err = opts.Stager.StageDir(path, files)
			case "epub":
				var breaks []epub.PageBreak
				if laid != nil {
					breaks = <-laid
				}
				eo := epub.Options{Modified: opts.Date, Version: opts.Version, Fonts: set, Usage: usage, PageBreaks: breaks}
				// Streamed to its staged file as it is made, like the
				// PDF: the archive is never held whole in memory.
				var size int64
				var werr error // the writer's, not the output file's
				outs[i].staged, size, err = opts.Stager.StageStream(path, func(w io.Writer) error {
					werr = epub.Stream(w, b, eo)
					return werr
				})
				outs[i].took = time.Since(t)
				outs[i].size = int(size)
				switch {
				case werr != nil:
					outs[i].err = fmt.Errorf("%s: %w", f, werr)
				case err != nil:
					outs[i].err = err // the output folder's: as the other outputs say it
				}
			case "pdf":
				po := pdf.Options{Modified: opts.Date, Version: opts.Version, Creator: "ebook " + opts.ToolVersion, Usage: usage,
					Cache: opts.DiskCache}
				sent := false
				if laid != nil {
					// Found as soon as the book is laid out, in
					// the callback: the PDF releases the pages'
					// items once drawn.
					po.Laid = func(d *layout.Document) {
						laid <- pageBreaks(d, b)
						sent = true
					}
					// Deferred, so that a panic of the writer does
					// not leave the EPUB waiting.
					defer func() {
						if !sent {
							laid <- nil // the layout failed: so does the build
						}
					}()
				}
				// Streamed to its staged file as it is made: a book's
				// PDF is never held whole in memory.
				var size int64
				var werr error // the writer's, not the output file's
				outs[i].staged, size, err = opts.Stager.StageStream(path, func(w io.Writer) error {
					_, werr = pdf.WriteTo(w, b, set, po)
					return werr
				})
				outs[i].took = time.Since(t)
				outs[i].size = int(size)
				switch {
				case werr != nil:
					outs[i].err = damaged(b, werr, diags)
				case err != nil:
					outs[i].err = err
				}
			default:
				outs[i].err = fmt.Errorf("%s: unknown format %q", f, f)
			}
		}()
	}
	wg.Wait()
	staged := make([]*output.Staged, len(formats))
	for i := range formats {
		staged[i] = outs[i].staged
	}
	for i := range formats {
		if outs[i].err != nil {
			output.Discard(staged)
			return nil, outs[i].err
		}
	}
	var results []Result
	for i, f := range formats {
		results = append(results, Result{Format: f, Path: outs[i].path, Size: outs[i].size,
			Chapters: len(b.Chapters), Duration: loaded + outs[i].took})
	}
	if err := output.Commit(staged); err != nil {
		return nil, err
	}
	return results, nil
}

// pageBreaks are where the pages of d, laid out from b, start: every page
// but an unnumbered one (the cover), labelled as the PDF labels it.
func pageBreaks(d *layout.Document, b *book.Book) []epub.PageBreak {
	var out []epub.PageBreak
	for _, s := range layout.PageStarts(d, b) {
		if s.Label != "" {
			out = append(out, epub.PageBreak{Label: s.Label, Chapter: s.Chapter, Node: s.Node, Offset: s.Offset})
		}
	}
	return out
}

// damaged reports the pictures the PDF writer found damaged (those whose
// image data the load left for it to check, see
// book.Options.DeferImageData) as the load would have: an error at each
// image file, returned as a *diag.Errors. Any other error is returned as
// it is, prefixed "pdf:".
func damaged(b *book.Book, err error, diags *diag.List) error {
	all := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		all = j.Unwrap() // the pictures' errors, joined
	}
	var pics []*picture.DamagedError
	for _, e := range all {
		var de *picture.DamagedError
		if !errors.As(e, &de) {
			return fmt.Errorf("pdf: %w", err)
		}
		pics = append(pics, de)
	}
	for _, de := range pics {
		diags.Errorf(diag.Pos{Path: filepath.Join(b.Dir, filepath.FromSlash(de.Path))}, "%v", de)
	}
	return &diag.Errors{List: diags}
}

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

// formatsOf returns the formats opts ask for.
func formatsOf(opts Options) []string {
	if len(opts.Formats) == 0 {
		return Formats
	}
	return opts.Formats
}

// checkOutDir refuses an output folder that a symbolic link inside the
// repository of book.yaml (book.Repository) leads out of it, unless into a
// folder allowed: a committed "dist" link would otherwise redirect the
// outputs anywhere. A folder outside named as it is, or through links
// that are not the repository's, is the user's choice and allowed. A link
// to nothing is named as such (creating the folder would fail with "file
// exists").
func checkOutDir(opts Options) error {
	if !opts.Confine {
		return nil
	}
	out := opts.OutDir
	if out == "" {
		out = "."
	}
	if info, err := os.Lstat(out); err == nil && info.Mode()&os.ModeSymlink != 0 {
		if _, err := os.Stat(out); err != nil {
			target, _ := os.Readlink(out)
			return fmt.Errorf("the output folder %s is a symbolic link to %s, which does not exist", out, target)
		}
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil // a failure to write is reported when writing
	}
	repo, err := book.Repository(filepath.Dir(opts.Manifest))
	if err != nil {
		return nil
	}
	// Walk the path a component at a time, on real paths.
	cur := string(filepath.Separator)
	for _, part := range strings.Split(abs, string(filepath.Separator)) {
		if part == "" {
			continue
		}
		next := filepath.Join(cur, part)
		info, err := os.Lstat(next)
		if err != nil {
			return nil // the rest is made by the build, as folders
		}
		if info.Mode()&os.ModeSymlink == 0 {
			cur = next
			continue
		}
		target, err := filepath.EvalSymlinks(next)
		if err != nil {
			return nil
		}
		if book.Within(cur, repo) && !book.Within(target, repo) && !allowed(target, opts.AllowOutside) {
			return fmt.Errorf("the output folder %s leads through the symbolic link %s to %s, outside the repository %s: to write there, name that folder itself with --out", out, next, target, repo)
		}
		cur = target
	}
	return nil
}

// allowed reports whether the real path p is in one of the folders.
func allowed(p string, folders []string) bool {
	for _, a := range folders {
		if ar, err := book.RealPath(a); err == nil && book.Within(p, ar) {
			return true
		}
	}
	return false
}

// OutputName is the base name of a book's output files: output.name from the
// manifest, or the title made into a file name ("Advanced Go Programming"
// gives "advanced-go-programming"); a title without Latin letters or digits
// gives "book".
func OutputName(b *book.Book) string {
	if n := b.Manifest.Output.Name; n != "" {
		return n
	}
	n := strings.Trim(nonName.ReplaceAllString(strings.ToLower(b.Manifest.Title), "-"), "-")
	if n == "" {
		return "book"
	}
	return n
}
