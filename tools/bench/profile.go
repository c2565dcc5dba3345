package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"time"

	"github.com/google/pprof/profile"

	"github.com/gobook/ebook/internal/filecache"
	"github.com/gobook/ebook/pipeline/build"
	"github.com/gobook/ebook/pipeline/diag"
)

// pictureWork matches the functions that work on pictures alone: reading
// and checking them when the book loads, converting them for the PDF (or
// reading what the cache kept), writing them into the PDF, drawing an SVG
// diagram's shapes and setting its text, and counting a GIF's frames for
// the EPUB's hazards. The EPUB's storing of picture files in its archive
// goes through the archive's writer with the chapters and is not counted
// (its checksum, the only work, is about 1% of the image-heavy book's
// build).
var pictureWork = regexp.MustCompile(`/pipeline/picture\.|/pipeline/book\.loadImage$|/pipeline/pdf\.writeImage$|/pipeline/pdf\.\(\*writer\)\.drawing$|/pipeline/layout\.\(\*engine\)\.svgText$|/pipeline/epub\.animated$`)

// pictureShare builds the book at manifest runs times in this process,
// EPUB and PDF as ebook build makes them, with a CPU profile, and returns
// the share of the profile's samples with a picture function
// (pictureWork) on their stack. cache is the pictures' cache (nil for
// none); a first build, not profiled, fills it.
func pictureShare(runs int, manifest string, cache *filecache.Cache) (float64, error) {
	out, err := os.MkdirTemp("", "ebook-bench-profile-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(out)
	buildOnce := func() error {
		var d diag.List
		_, err := build.Run(build.Options{Manifest: manifest, OutDir: filepath.Join(out, "book"), Date: time.Unix(1700000000, 0), DiskCache: cache}, &d)
		return err
	}
	if err := buildOnce(); err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	if err := pprof.StartCPUProfile(&buf); err != nil {
		return 0, err
	}
	for range runs {
		if err := buildOnce(); err != nil {
			pprof.StopCPUProfile()
			return 0, err
		}
	}
	pprof.StopCPUProfile()
	p, err := profile.Parse(&buf)
	if err != nil {
		return 0, err
	}
	var all, pics int64
	for _, s := range p.Sample {
		v := s.Value[len(s.Value)-1] // CPU nanoseconds
		all += v
	stack:
		for _, loc := range s.Location {
			for _, line := range loc.Line {
				if line.Function != nil && pictureWork.MatchString(line.Function.Name) {
					pics += v
					break stack
				}
			}
		}
	}
	if all == 0 {
		return 0, fmt.Errorf("no samples in the profile")
	}
	return float64(pics) / float64(all), nil
}
