// Command bench measures how fast ebook builds a real book: gopl-zh (the
// Chinese translation of The Go Programming Language, in
// ../shared/corpus/gopl-zh or $EBOOK_CORPUS) to EPUB and PDF.
//
//	go run ./tools/bench [-runs 5] [-scale 1,2,4] [-pandoc=true] [-stages=true]
//
// It builds the ebook command, then reports, each as the median of -runs
// runs:
//
//   - the command end to end (both formats, EPUB alone, PDF alone): wall
//     time, CPU time (user and system) and peak memory (the child's
//     maximum resident size);
//   - the stages of a build, run one after the other in this process
//     (a build runs the EPUB and the PDF concurrently): load and parse,
//     fonts (parse the faces, the coverage scan), EPUB (XHTML, subsets,
//     archive), layout, PDF drawing (gopdf and the finishing update),
//     with wall time, CPU time and allocations;
//   - pandoc on the same chapters, when it is installed: EPUB, and PDF
//     through xelatex when that is installed, and the ratios;
//   - an image-heavy book, gopl-zh's text with 80 generated screenshots
//     of 0.4 to 2.5 megapixels (RGB PNG, RGBA PNG, JPEG), end to end
//     and by stage, beside gopl-zh (pictures.go): built first with an
//     empty picture cache, then rebuilt with the cache filled (the
//     builds keep their cache in the temporary folder), each run in
//     turn with one of gopl-zh, so that the ratios to gopl-zh are taken
//     round by round and a machine whose speed drifts does not skew them
//     (measure.go), with the pictures' share of the CPU from the
//     difference with gopl-zh and from a CPU profile (profile.go);
//   - a drawing-heavy book, gopl-zh's text with 80 generated SVG
//     diagrams as Graphviz writes them (nodes, labels, curved edges with
//     arrowheads, a cluster), built in turn with gopl-zh too, with the
//     pictures' share of a CPU profile;
//   - the book repeated 1, 2 and 4 times (copies of the corpus in a
//     temporary folder, one manifest listing every copy), to show that
//     the time grows linearly.
//
// `make bench` runs it. Nothing is written outside a temporary folder.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gobook/ebook/internal/filecache"
)

func main() {
	runs := flag.Int("runs", 5, "runs of each measurement; the median is reported")
	scales := flag.String("scale", "1,2,4", "comma-separated numbers of copies of the book for the scaling runs (empty: none)")
	withPandoc := flag.Bool("pandoc", true, "compare with pandoc (EPUB; PDF with xelatex) when installed")
	stages := flag.Bool("stages", true, "measure the stages of a build in this process")
	cjkFont := flag.String("cjkfont", "LXGW WenKai", "the CJK font xelatex sets the Chinese text in (pandoc -V CJKmainfont)")
	corpusFlag := flag.String("corpus", "", "the gopl-zh folder (default $EBOOK_CORPUS, or shared/corpus/gopl-zh in a parent folder)")
	keep := flag.Bool("keep", false, "keep the temporary folder of books made (printed at the end), to measure other binaries on them")
	flag.Parse()
	if *runs < 1 {
		fmt.Fprintln(os.Stderr, "bench: -runs must be at least 1")
		os.Exit(2)
	}
	if err := benchmark(*runs, *scales, *withPandoc, *stages, *keep, *cjkFont, *corpusFlag); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func benchmark(runs int, scales string, withPandoc, stages, keep bool, cjkFont, corpusFlag string) error {
	corpus, err := findCorpus(corpusFlag)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "ebook-bench-")
	if err != nil {
		return err
	}
	if keep {
		defer fmt.Println("\nbooks kept in", work)
	} else {
		defer os.RemoveAll(work)
	}

	bin := filepath.Join(work, "ebook")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, "./cmd/ebook")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the ebook command: %w", err)
	}
	// The gopl-zh manifest lies in the work folder and points at the
	// corpus, outside its repository: the command refuses that unless
	// asked (book.Options.Confine).
	// The builds keep the PDF's pictures in a cache of the work folder's
	// (as the command does in the user's cache folder), not the user's.
	ebook := func(args ...string) *exec.Cmd {
		c := exec.Command(bin, append([]string{"build", "-q", "--allow-outside", corpus}, args...)...)
		c.Env = append(os.Environ(), "EBOOK_CACHE="+filepath.Join(work, "cache"))
		return c
	}
	book, err := importCorpus(corpus, work)
	if err != nil {
		return err
	}
	fmt.Printf("gopl-zh: %d chapters, %.0f kB of Markdown (%s); %d runs each, median; GOMAXPROCS %s\n\n",
		len(book.files), float64(book.bytes)/1000, corpus, runs, gomaxprocs())

	fmt.Println("ebook build, end to end")
	t := newTable("", "wall", "CPU", "peak memory")
	var both, epubOnly, pdfOnly result
	for _, f := range []struct {
		name   string
		format string
		r      *result
	}{{"EPUB and PDF", "epub,pdf", &both}, {"EPUB", "epub", &epubOnly}, {"PDF", "pdf", &pdfOnly}} {
		*f.r, err = measure(runs, func() (*exec.Cmd, error) {
			return ebook("--format", f.format, "--out", filepath.Join(work, "out"), book.manifest), nil
		})
		if err != nil {
			return fmt.Errorf("ebook build --format %s: %w", f.format, err)
		}
		t.row(f.name, seconds(f.r.wall), seconds(f.r.cpu), megabytes(f.r.peak))
	}
	// The same on one core: what running the stages concurrently gains.
	one, err := measure(runs, func() (*exec.Cmd, error) {
		c := ebook("--out", filepath.Join(work, "out"), book.manifest)
		c.Env = append(c.Env, "GOMAXPROCS=1")
		return c, nil
	})
	if err != nil {
		return fmt.Errorf("ebook build with GOMAXPROCS=1: %w", err)
	}
	t.row("EPUB and PDF, GOMAXPROCS=1", seconds(one.wall), seconds(one.cpu), megabytes(one.peak))

	// The image-heavy book: the same text with 80 screenshots.
	pics, picBytes, err := picturesBook(corpus, book, work)
	if err != nil {
		return fmt.Errorf("the image-heavy book: %w", err)
	}
	drawings, drawingBytes, err := drawingsBook(corpus, book, work)
	if err != nil {
		return fmt.Errorf("the drawing-heavy book: %w", err)
	}
	// First builds, each with an empty cache, and rebuilds, with the
	// cache the first build filled, and the drawing-heavy book, in turn
	// with gopl-zh's build: the ratios are taken round by round (see
	// measureInTurn).
	if err := ebook("--out", filepath.Join(work, "out-pictures"), pics).Run(); err != nil {
		return fmt.Errorf("the image-heavy book: %w", err)
	}
	first := 0
	rs, err := measureInTurn(runs, func() (*exec.Cmd, error) {
		return ebook("--out", filepath.Join(work, "out"), book.manifest), nil
	}, func() (*exec.Cmd, error) {
		first++
		c := ebook("--out", filepath.Join(work, "out-pictures"), pics)
		c.Env = append(c.Env, "EBOOK_CACHE="+filepath.Join(work, fmt.Sprintf("cache-empty-%d", first)))
		return c, nil
	}, func() (*exec.Cmd, error) {
		return ebook("--out", filepath.Join(work, "out-pictures"), pics), nil
	}, func() (*exec.Cmd, error) {
		return ebook("--out", filepath.Join(work, "out-drawings"), drawings), nil
	})
	if err != nil {
		return fmt.Errorf("the image- and drawing-heavy books: %w", err)
	}
	text, cold, warm, drawn := rs[0], rs[1], rs[2], rs[3]
	name := fmt.Sprintf("with %d screenshots (%.0f MB), EPUB and PDF", pictureCount, float64(picBytes)/1e6)
	t.row("EPUB and PDF, in turn with the image-heavy book", seconds(text.wall), seconds(text.cpu), megabytes(text.peak))
	t.row(name+", first build", seconds(cold.wall), seconds(cold.cpu), megabytes(cold.peak))
	t.row(name+", rebuilt", seconds(warm.wall), seconds(warm.cpu), megabytes(warm.peak))
	t.row(fmt.Sprintf("with %d SVG diagrams (%.0f kB), EPUB and PDF", pictureCount, float64(drawingBytes)/1e3), seconds(drawn.wall), seconds(drawn.cpu), megabytes(drawn.peak))
	t.print()
	for _, r := range []struct {
		name string
		r    result
	}{{"the image-heavy book, first build (empty cache)", cold}, {"the image-heavy book, rebuilt (the cache filled)", warm}, {"the drawing-heavy book", drawn}} {
		// The same text and pictures besides: what the build costs
		// beyond gopl-zh's is the pictures'.
		fmt.Printf("%s, against gopl-zh built in turn with it: %.2f× the wall time, %.2f× the CPU (the pictures %.0f%% of it), %.2f× the peak memory\n",
			r.name, ratio(r.r.walls, text.walls), ratio(r.r.cpus, text.cpus),
			100*(r.r.cpu.Seconds()-text.cpu.Seconds())/r.r.cpu.Seconds(), float64(r.r.peak)/float64(text.peak))
	}

	if withPandoc {
		if err := comparePandoc(runs, corpus, book, work, cjkFont, both, epubOnly, pdfOnly); err != nil {
			return err
		}
	}

	if scales = strings.TrimSpace(scales); scales != "" {
		fmt.Println("\nscaling: the book repeated k times (copies in a temporary folder), EPUB and PDF")
		t := newTable("k", "chapters", "wall", "× 1", "CPU", "peak memory")
		var base result
		for _, s := range strings.Split(scales, ",") {
			k, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || k < 1 {
				return fmt.Errorf("-scale: %q is not a number of copies", s)
			}
			m, chapters, err := scaledBook(corpus, book, work, k)
			if err != nil {
				return err
			}
			r, err := measure(runs, func() (*exec.Cmd, error) {
				return ebook("--out", filepath.Join(work, "out-scaled"), m), nil
			})
			if err != nil {
				return fmt.Errorf("the book ×%d: %w", k, err)
			}
			if base.wall == 0 {
				base = r
			}
			t.row(strconv.Itoa(k), strconv.Itoa(chapters), seconds(r.wall), fmt.Sprintf("%.2f", r.wall.Seconds()/base.wall.Seconds()),
				seconds(r.cpu), megabytes(r.peak))
		}
		t.print()
	}
	// The pictures' share of the image-heavy book from a CPU profile:
	// the samples in the functions that work on pictures. In this
	// process, after the commands (see below).
	fmt.Println()
	profiled, err := filecache.Open(filepath.Join(work, "cache-profile"))
	if err != nil {
		return err
	}
	for _, c := range []struct {
		name  string
		cache *filecache.Cache
	}{{"without a cache", nil}, {"rebuilt (the cache filled)", profiled}} {
		share, err := pictureShare(runs, pics, c.cache)
		if err != nil {
			return fmt.Errorf("profiling the image-heavy book: %w", err)
		}
		fmt.Printf("the image-heavy book, %s, in a CPU profile of %d builds: the pictures' functions %.1f%% of the samples\n", c.name, runs, 100*share)
	}
	share, err := pictureShare(runs, drawings, profiled)
	if err != nil {
		return fmt.Errorf("profiling the drawing-heavy book: %w", err)
	}
	fmt.Printf("the drawing-heavy book, in a CPU profile of %d builds: the pictures' functions %.1f%% of the samples\n", runs, 100*share)
	// The stages run in this process, last: a child's peak memory as
	// the kernel reports it (ru_maxrss) is at least this process's at
	// the time it was started (Go starts children with vfork, sharing
	// this process's memory until they exec), so the commands measured
	// after the stages had this process's few hundred megabytes as their
	// peak.
	if stages {
		cache, err := filecache.Open(filepath.Join(work, "cache-stages"))
		if err != nil {
			return err
		}
		fmt.Println("\nstages of a build, one after the other in one process")
		if err := measureStages(runs, book.manifest, cache); err != nil {
			return err
		}
		fmt.Printf("\nstages of the image-heavy book (%d screenshots), rebuilt\n", pictureCount)
		if err := measureStages(runs, pics, cache); err != nil {
			return err
		}
		fmt.Printf("\nstages of the image-heavy book (%d screenshots), without a cache\n", pictureCount)
		if err := measureStages(runs, pics, nil); err != nil {
			return err
		}
	}
	return nil
}

func gomaxprocs() string {
	if v := os.Getenv("GOMAXPROCS"); v != "" {
		return v
	}
	return "default (" + strconv.Itoa(numCPU()) + " CPUs)"
}
