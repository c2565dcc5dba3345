package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
)

// comparePandoc runs pandoc on the book's chapters, in the same order, and
// prints its figures beside ebook's and the ratios. The EPUB is pandoc's
// own; the PDF goes through xelatex, with the CJK font cjkFont (xeCJK).
// pandoc reads raw TeX in Markdown by default, and gopl-zh's text has
// "\r\n" in it, which xelatex then fails on: raw_tex is turned off, as it
// would be for any book that is not written for LaTeX.
func comparePandoc(runs int, corpus string, b *corpusBook, work, cjkFont string, both, epubOnly, pdfOnly result) error {
	pandoc, err := exec.LookPath("pandoc")
	if err != nil {
		fmt.Println("\npandoc is not installed: no comparison (apt-get install pandoc texlive-xetex texlive-lang-chinese)")
		return nil
	}
	args := func(out string, extra ...string) []string {
		// Images are written relative to each chapter's folder
		// (../images/x.png): resolving them from any chapter folder
		// finds them.
		a := []string{"-f", "markdown-raw_tex", "--metadata", "title=" + b.m.Title, "--resource-path", ".:ch1", "-o", out}
		return append(append(a, extra...), b.files...)
	}
	run := func(out string, extra ...string) (result, error) {
		return measure(runs, func() (*exec.Cmd, error) {
			c := exec.Command(pandoc, args(filepath.Join(work, out), extra...)...)
			c.Dir = corpus
			return c, nil
		})
	}
	fmt.Println("\npandoc on the same chapters (" + pandocVersion(pandoc) + ")")
	t := newTable("", "wall", "CPU", "peak memory", "ebook's wall", "pandoc / ebook")
	pe, err := run("pandoc.epub")
	if err != nil {
		return fmt.Errorf("pandoc (EPUB): %w", err)
	}
	t.row("EPUB", seconds(pe.wall), seconds(pe.cpu), megabytes(pe.peak), seconds(epubOnly.wall), fmt.Sprintf("%.1f×", pe.wall.Seconds()/epubOnly.wall.Seconds()))
	if _, err := exec.LookPath("xelatex"); err != nil {
		t.print()
		fmt.Println("  xelatex is not installed: no PDF comparison")
		return nil
	}
	pp, err := run("pandoc.pdf", "--pdf-engine=xelatex", "-V", "CJKmainfont="+cjkFont)
	if err != nil {
		t.print()
		fmt.Printf("  pandoc with xelatex failed: %v\n", err)
		return nil
	}
	t.row("PDF (xelatex)", seconds(pp.wall), seconds(pp.cpu), megabytes(pp.peak), seconds(pdfOnly.wall), fmt.Sprintf("%.1f×", pp.wall.Seconds()/pdfOnly.wall.Seconds()))
	sum := pe.wall + pp.wall
	t.row("EPUB + PDF", seconds(sum), seconds(pe.cpu+pp.cpu), "", seconds(both.wall), fmt.Sprintf("%.1f×", sum.Seconds()/both.wall.Seconds()))
	t.print()
	return nil
}

func pandocVersion(pandoc string) string {
	out, err := exec.Command(pandoc, "--version").Output()
	if err != nil {
		return "version unknown"
	}
	for i, c := range out {
		if c == '\n' {
			return string(out[:i])
		}
	}
	return string(out)
}
