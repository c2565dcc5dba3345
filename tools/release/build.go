package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gobook/ebook/pipeline/build"
)

// build is `release build`.
func (r *releaser) build(args []string) int {
	fs := flag.NewFlagSet("release build", flag.ContinueOnError)
	fs.SetOutput(r.stderr)
	versionFlag := fs.String("version", "", "the version (default $VERSION, else git describe --tags --always --dirty)")
	ebook := fs.String("ebook", "bin/ebook", "the ebook command to build with")
	dist := fs.String("dist", "dist", "the folder the release files go to")
	site := fs.Bool("site", false, "also build each book's website and add it as <name>-<version>-site.zip")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	manifests := fs.Args()
	if len(manifests) == 0 {
		manifests = []string{"book.yaml"}
	}
	version, ok := r.version(*versionFlag)
	if !ok {
		return exitUsage
	}
	epoch, ok := r.epoch()
	if !ok {
		return exitUsage
	}
	fmt.Fprintf(r.stdout, "release %s (SOURCE_DATE_EPOCH=%s)\n", version, epoch)
	files, err := r.make(*dist, *ebook, manifests, version, epoch, *site)
	if err != nil {
		r.errorf("%v; %s was not changed", err, *dist)
		return exitFail
	}
	for _, f := range files {
		fmt.Fprintln(r.stdout, filepath.Join(*dist, f))
	}
	return exitOK
}

// version returns the release's version: flagValue, else $VERSION, else
// what git describe calls the checkout; false after reporting a problem.
func (r *releaser) version(flagValue string) (string, bool) {
	v := flagValue
	if v == "" {
		v = r.env.get("VERSION")
	}
	if v == "" {
		out, err := r.env.output("git", "describe", "--tags", "--always", "--dirty")
		if err != nil {
			r.errorf("no VERSION given, and git describe cannot name this checkout (%v): give one, as in make release VERSION=v1.2.0", err)
			return "", false
		}
		v = out
	}
	if err := build.CheckVersion(v); err != nil {
		r.errorf("%v (give another VERSION)", err)
		return "", false
	}
	return v, true
}

// epoch returns the build date, in seconds since 1970: $SOURCE_DATE_EPOCH,
// else the time of the last commit. A release is never dated by the clock:
// then it could not be built again with the same bytes.
func (r *releaser) epoch() (string, bool) {
	e := strings.TrimSpace(r.env.get("SOURCE_DATE_EPOCH"))
	if e == "" {
		out, err := r.env.output("git", "log", "-1", "--format=%ct")
		if err != nil || out == "" {
			r.errorf("SOURCE_DATE_EPOCH is not set, and the time of the last commit cannot be read (git log: %v): set SOURCE_DATE_EPOCH", err)
			return "", false
		}
		e = out
	}
	if n, err := strconv.ParseInt(e, 10, 64); err != nil || n < 0 {
		r.errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", e)
		return "", false
	}
	return e, true
}

// make builds the release of every book of manifests into a staging
// folder inside dist, validates it, writes the checksums of all their files
// and moves the set into dist; it returns the names of the files written.
// On error dist holds what it held before.
func (r *releaser) make(dist, ebook string, manifests []string, version, epoch string, site bool) ([]string, error) {
	_, statErr := os.Stat(dist)
	if err := os.MkdirAll(dist, 0o755); err != nil {
		return nil, err
	}
	if os.IsNotExist(statErr) {
		// Do not leave an empty dist behind a failure (on success it is
		// not empty and stays).
		defer os.Remove(dist)
	}
	// Inside dist, so that moving the files into place is a rename on one
	// file system; hidden, so that it is not taken for a release file.
	stage, err := os.MkdirTemp(dist, ".release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)

	var files, stems []string
	for i, manifest := range manifests {
		out := filepath.Join(stage, "out"+strconv.Itoa(i))
		cmd, err := r.env.with("SOURCE_DATE_EPOCH", epoch).command(ebook, "build", "--book-version", version, "--out", out, manifest)
		if err != nil {
			return nil, fmt.Errorf("the ebook command %s: %v", ebook, err)
		}
		// Its messages go to stderr; its summary lines name the staging
		// folder, so the list of files written replaces them.
		cmd.Stdout, cmd.Stderr = io.Discard, r.stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("the build failed (%s: %v)", manifest, err)
		}
		built, err := rename(out, stage, version)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", manifest, err)
		}
		stem := strings.TrimSuffix(built[0], filepath.Ext(built[0]))
		if slices.Contains(stems, stem) {
			return nil, fmt.Errorf("%s: another book of the release is named %s too (give one another output.name)", manifest, stem)
		}
		stems = append(stems, stem)
		for _, f := range built {
			if err := r.validate(stage, f); err != nil {
				return nil, err
			}
		}
		files = append(files, built...)
		if site {
			// Built by this tool and zipped here: no validator; the
			// browser tests of pipeline/site check what it is made of.
			z, err := r.siteZip(stage, ebook, manifest, version, epoch, stem, i)
			if err != nil {
				return nil, err
			}
			files = append(files, z)
		}
	}
	sums, err := checksums(stage, files)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(stage, sumsFile), sums, 0o644); err != nil {
		return nil, err
	}

	// Move the set into place: first away with files of this version
	// that this build did not make (a format since dropped), then the
	// files, then the checksums that describe them.
	for _, stem := range stems {
		for _, f := range append(releaseFormats(), "site.zip") {
			name := stem + "." + f
			if f == "site.zip" {
				name = stem + "-" + f
			}
			if !slices.Contains(files, name) {
				if err := os.Remove(filepath.Join(dist, name)); err != nil && !os.IsNotExist(err) {
					return nil, err
				}
			}
		}
	}
	files = append(files, sumsFile)
	for _, f := range files {
		if err := os.Rename(filepath.Join(stage, f), filepath.Join(dist, f)); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// sumsFile lists the checksums of a release's files, as sha256sum writes
// them.
const sumsFile = "SHA256SUMS"

// rename moves the outputs of one build, <name>.<format>, from folder out
// into folder to as <name>-<version>.<format>, and returns the new names in
// order.
func rename(out, to, version string) ([]string, error) {
	entries, err := os.ReadDir(out) // sorted by name
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, errors.New("the build wrote no file")
	}
	var files []string
	stem := ""
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		s := strings.TrimSuffix(e.Name(), ext)
		if !e.Type().IsRegular() || ext == "" || stem != "" && s != stem {
			return nil, fmt.Errorf("the build wrote %s, not <name>.<format> with one name", e.Name())
		}
		stem = s
		name := s + "-" + version + ext
		if err := os.Rename(filepath.Join(out, e.Name()), filepath.Join(to, name)); err != nil {
			return nil, err
		}
		files = append(files, name)
	}
	return files, nil
}

// releaseFormats lists the formats a release may hold: those the pipeline
// builds and those the release has validators for (so that the files of a
// format that is dropped are recognised).
func releaseFormats() []string {
	formats := slices.Clone(build.Formats)
	for _, f := range []string{"epub", "pdf"} {
		if !slices.Contains(formats, f) {
			formats = append(formats, f)
		}
	}
	return formats
}
