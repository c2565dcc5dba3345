// Package build runs a build: it loads the book once and hands it to the
// writer of each requested format, then writes each output atomically. It
// is what the ebook command and the tests call.
package build

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/colophon"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/epub"
	"github.com/gobook/ebook/pipeline/layout"
	"github.com/gobook/ebook/pipeline/output"
	"github.com/gobook/ebook/pipeline/pdf"
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
	Formats  []string  // formats to build; empty means all
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
	b := book.Load(opts.Manifest, book.Options{Cache: opts.Cache}, diags)
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
	start := time.Now()
	formats := opts.Formats
	if len(formats) == 0 {
		formats = Formats
	}
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
		size   int
		staged *output.Staged
		err    error
		took   time.Duration
	}
	outs := make([]made, len(formats))
	// When the build makes the PDF too, the EPUB gets a page list from
	// its layout: it waits for the book to be laid out (not drawn), and
	// finds where the pages start itself, while the PDF is drawn (which
	// only reads the layout).
	var laid chan *layout.Document
	if slices.Contains(formats, "epub") && slices.Contains(formats, "pdf") {
		laid = make(chan *layout.Document, 1)
	}
	var wg sync.WaitGroup
	for i, f := range formats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.Now()
			var data []byte
			var err error
			path := filepath.Join(opts.OutDir, base+"."+f)
			switch f {
			case "html":
				path = filepath.Join(opts.OutDir, base)
				dl := map[string]string{}
				for _, o := range formats {
					if o != "html" {
						dl[o] = "../" + base + "." + o
					}
				}
				var files []site.File
				files, err = site.Write(b, site.Options{Version: opts.Version, Downloads: dl, LiveReload: opts.LiveReload})
				outs[i].took = time.Since(t)
				if err != nil {
					outs[i].err = fmt.Errorf("%s: %w", f, err)
					return
				}
				of := make([]output.File, len(files))
				for k, sf := range files {
					of[k] = output.File{Path: sf.Path, Data: sf.Data}
					outs[i].size += len(sf.Data)
				}
				outs[i].staged, outs[i].err = output.StageDir(path, of)
				return
			case "epub":
				var breaks []epub.PageBreak
				if laid != nil {
					if d := <-laid; d != nil {
						breaks = pageBreaks(d, b)
					}
				}
				data, err = epub.Write(b, epub.Options{Modified: opts.Date, Version: opts.Version, Fonts: set, Usage: usage,
					PageBreaks: breaks})
			case "pdf":
				po := pdf.Options{Modified: opts.Date, Version: opts.Version, Creator: "ebook " + opts.ToolVersion, Usage: usage}
				sent := false
				if laid != nil {
					po.Laid = func(d *layout.Document) {
						laid <- d
						sent = true
					}
				}
				data, err = pdf.Write(b, set, po)
				if laid != nil && !sent {
					laid <- nil // the layout failed: so does the build
				}
			default:
				err = fmt.Errorf("unknown format %q", f)
			}
			outs[i].took = time.Since(t)
			if err != nil {
				outs[i].err = fmt.Errorf("%s: %w", f, err)
				return
			}
			outs[i].size = len(data)
			outs[i].staged, outs[i].err = output.Stage(output.File{Path: path, Data: data})
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
		p := filepath.Join(opts.OutDir, base+"."+f)
		if f == "html" {
			p = filepath.Join(opts.OutDir, base)
		}
		results = append(results, Result{Format: f, Path: p, Size: outs[i].size,
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

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

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
