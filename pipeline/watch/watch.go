// Package watch rebuilds a book whenever one of its files changes: the
// manifest, a chapter, an image or a font. Changes are debounced (an
// editor's save is several file events, and "save all" touches many
// files), only the files that changed are parsed again (book.Cache), and
// a build that fails leaves the last good outputs in place, as every build
// does: outputs are replaced only by a complete, error-free build.
//
// Folders are watched rather than files, because many editors save by
// writing a new file and renaming it over the old one, which ends a watch
// on the old file.
package watch

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/build"
	"github.com/gobook/ebook/pipeline/diag"
)

// DefaultDebounce is how long the files must be quiet before a rebuild.
const DefaultDebounce = 150 * time.Millisecond

// Options say what to build and how to report it.
type Options struct {
	// Build is what each build does; Build.Manifest is the book.
	Build build.Options
	// Debounce is how long to wait after the last change; 0 means
	// DefaultDebounce.
	Debounce time.Duration
	// Report is called after every build, from the goroutine that runs
	// Run.
	Report func(Event)
}

// Event is the outcome of one build.
type Event struct {
	Changed  []string          // the files whose change started it; none for the first build
	Diags    []diag.Diagnostic // what the build reported
	Results  []build.Result    // the outputs written; none when the build failed
	Err      error             // why nothing was written, when the build failed
	Duration time.Duration
	Cache    book.CacheStats
	Watched  []string // the folders watched after this build
}

// OK reports whether the build wrote its outputs.
func (e Event) OK() bool { return e.Err == nil }

// Run builds the book, then rebuilds it after each change until ctx is
// done, when it returns nil. It returns an error only when watching
// itself fails.
func Run(ctx context.Context, opts Options) error {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Report == nil {
		opts.Report = func(Event) {}
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("cannot watch files: %w", err)
	}
	defer w.Close()
	s := &session{opts: opts, watcher: w, cache: book.NewCache(), watched: map[string]bool{}}
	s.opts.Build.Cache = s.cache
	if s.manifest, err = filepath.Abs(opts.Build.Manifest); err != nil {
		return err
	}
	if s.outDir, err = filepath.Abs(opts.Build.OutDir); err != nil {
		return err
	}

	s.rebuild(nil)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	changed := map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if s.relevant(ev) {
				changed[ev.Name] = true
				timer.Reset(opts.Debounce)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// An overflow of the kernel's queue loses events: rebuild
			// to be sure.
			opts.Report(Event{Err: fmt.Errorf("watching files: %w", err)})
			timer.Reset(opts.Debounce)
		case <-timer.C:
			files := make([]string, 0, len(changed))
			for f := range changed {
				files = append(files, f)
			}
			sort.Strings(files)
			clear(changed)
			s.rebuild(files)
		}
	}
}

// session is the state of one Run.
type session struct {
	opts     Options
	watcher  *fsnotify.Watcher
	cache    *book.Cache
	manifest string // absolute
	outDir   string // absolute
	watched  map[string]bool
	// included are the files the chapters' {{#include}} directives name
	// (absolute): a change to one is relevant whatever its extension.
	included map[string]bool
}

// rebuild builds the book once, reports the outcome and updates the set of
// watched folders.
func (s *session) rebuild(changed []string) {
	start := time.Now()
	var diags diag.List
	opts := s.opts.Build
	// Load with KeepGoing to learn every file of the book even when it
	// has errors: a fix to any of them must start a build.
	b := book.Load(opts.Manifest, book.Options{Cache: s.cache, KeepGoing: true, Confine: opts.Confine, AllowOutside: opts.AllowOutside}, &diags)
	if opts.Strict {
		diags.PromoteWarnings()
	}
	ev := Event{Changed: changed}
	switch {
	case b == nil || diags.HasErrors():
		ev.Err = &diag.Errors{List: &diags}
	default:
		ev.Results, ev.Err = build.Write(b, opts, time.Since(start), &diags)
	}
	ev.Diags = diags.Items()
	ev.Duration = time.Since(start)
	ev.Cache = s.cache.Stats()
	s.watch(s.folders(b))
	ev.Watched = s.watchedList()
	s.opts.Report(ev)
}

// folders returns the folders that hold the book's files: the manifest,
// the chapters (listed, even when missing), the images the chapters use,
// the files they include, the cover, the font files the manifest names,
// and the fonts/ folder beside the manifest. It also records the
// included files.
func (s *session) folders(b *book.Book) map[string]bool {
	dirs := map[string]bool{filepath.Dir(s.manifest): true}
	// fonts/ is where books keep their fonts: watched even before
	// book.yaml names one.
	if fonts := filepath.Join(filepath.Dir(s.manifest), "fonts"); isDir(fonts) {
		dirs[fonts] = true
	}
	if b == nil {
		// The manifest is broken: keep watching what was watched, so
		// that a fix anywhere is seen.
		for d := range s.watched {
			dirs[d] = true
		}
		return dirs
	}
	root, err := filepath.Abs(b.Dir)
	if err != nil {
		return dirs
	}
	add := func(rel string) {
		d := filepath.Join(root, filepath.FromSlash(path.Dir(rel)))
		// A missing folder cannot be watched; its parent can, and
		// sees it appear.
		for !isDir(d) && d != filepath.Dir(d) {
			d = filepath.Dir(d)
		}
		dirs[d] = true
	}
	for _, ch := range b.Chapters {
		add(ch.Path)
	}
	for _, p := range b.ImagePaths {
		add(p)
	}
	if c := b.Manifest.Cover; c != "" {
		add(path.Clean(c))
	}
	for _, f := range b.Manifest.Fonts.Files() {
		add(path.Clean(f))
	}
	s.included = map[string]bool{}
	for _, p := range b.IncludePaths {
		add(p)
		s.included[filepath.Join(root, filepath.FromSlash(p))] = true
	}
	return dirs
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

// watch makes the watched folders those of dirs.
func (s *session) watch(dirs map[string]bool) {
	for d := range s.watched {
		if !dirs[d] {
			s.watcher.Remove(d)
			delete(s.watched, d)
		}
	}
	for d := range dirs {
		if s.watched[d] {
			continue
		}
		if err := s.watcher.Add(d); err == nil {
			s.watched[d] = true
		}
	}
}

func (s *session) watchedList() []string {
	out := make([]string, 0, len(s.watched))
	for d := range s.watched {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// sourceExts are the extensions of the files a change to which starts a
// build: the manifest, chapters, images and fonts (and, whatever their
// extension, the files chapters include).
var sourceExts = map[string]bool{
	".yaml": true, ".yml": true, ".md": true, ".markdown": true,
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true, ".webp": true,
	".ttf": true, ".otf": true, ".ttc": true, ".woff": true, ".woff2": true,
}

// relevant reports whether ev may change the book. Editors' temporary and
// backup files (".x.swp", "x~", "4913") and the build's own outputs are
// not.
func (s *session) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	name := filepath.Base(ev.Name)
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#") {
		return false
	}
	if filepath.Dir(ev.Name) == s.outDir {
		return false
	}
	return ev.Name == s.manifest || sourceExts[strings.ToLower(filepath.Ext(name))] || s.included[ev.Name]
}
