package main

import (
	"fmt"
	"runtime"
	"time"

	"github.com/gobook/ebook/fonts"
	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/pipeline/book"
	"github.com/gobook/ebook/pipeline/diag"
	"github.com/gobook/ebook/pipeline/epub"
	"github.com/gobook/ebook/pipeline/layout"
	"github.com/gobook/ebook/pipeline/pdf"
)

// stage is one step of a build, measured in this process.
type stage struct {
	name string
	run  func() error
}

// stageResult holds the medians of a stage's runs and its allocations.
type stageResult struct {
	walls, cpus    []time.Duration
	bytes, objects uint64 // allocated in the last run
}

// measureStages runs the stages of a build of the book at manifest, in
// order, runs times, and prints each stage's median wall and CPU time and
// its allocations. The writers run one after the other here; a build
// runs the EPUB and the PDF (layout and drawing) concurrently.
//
// The PDF keeps its pictures in cache (nil for none), as a build does: the
// first run, which fills it, warms up.
func measureStages(runs int, manifest string, cache *filecache.Cache) error {
	var (
		b     *book.Book
		set   *fonts.Set
		usage *fonts.Usage
		doc   *layout.Document
		date  = time.Unix(1700000000, 0)
	)
	stages := []stage{
		{"load and parse (read, Markdown, highlighting, links, images)", func() error {
			var d diag.List
			// As a build that makes the PDF loads it: the PNGs' data is
			// checked by the PDF's drawing (see pipeline/build).
			if b = book.Load(manifest, book.Options{DeferImageData: true}, &d); b == nil {
				return fmt.Errorf("loading: %v", d.Err())
			}
			return nil
		}},
		{"fonts (parse the faces, scan the text, coverage)", func() error {
			var d diag.List
			if set = fonts.LoadBook(b, &d); set == nil {
				return fmt.Errorf("fonts: %v", d.Err())
			}
			usage = fonts.ScanBook(b, set)
			fonts.Report(usage, set, &d)
			return nil
		}},
		{"EPUB (XHTML, font subsets, archive)", func() error {
			_, err := epub.Write(b, epub.Options{Modified: date, Fonts: set, Usage: usage})
			return err
		}},
		{"PDF layout (lines, pages)", func() error {
			var err error
			doc, err = layout.Typeset(b, set)
			return err
		}},
		{"PDF drawing (gopdf, subsets, finishing; the file in memory)", func() error {
			_, err := pdf.Draw(doc, b, pdf.Options{Modified: date, Cache: cache})
			return err
		}},
	}
	results := make([]stageResult, len(stages))
	for run := range runs + 1 { // the first run warms up
		for i, s := range stages {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			cpu, start := cpuTime(), time.Now()
			if err := s.run(); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			wall, cpuUsed := time.Since(start), cpuTime()-cpu
			runtime.ReadMemStats(&after)
			if run == 0 {
				continue
			}
			r := &results[i]
			r.walls = append(r.walls, wall)
			r.cpus = append(r.cpus, cpuUsed)
			r.bytes, r.objects = after.TotalAlloc-before.TotalAlloc, after.Mallocs-before.Mallocs
		}
	}
	t := newTable("stage", "wall", "CPU", "allocated", "objects")
	var wall, cpu time.Duration
	var allocated, objects uint64
	for i, s := range stages {
		r := results[i]
		w, c := median(r.walls), median(r.cpus)
		wall, cpu, allocated, objects = wall+w, cpu+c, allocated+r.bytes, objects+r.objects
		t.row(s.name, seconds(w), seconds(c), megabytes(int64(r.bytes)), fmt.Sprintf("%.2f M", float64(r.objects)/1e6))
	}
	t.row("all, one after the other", seconds(wall), seconds(cpu), megabytes(int64(allocated)), fmt.Sprintf("%.2f M", float64(objects)/1e6))
	t.print()
	return nil
}
