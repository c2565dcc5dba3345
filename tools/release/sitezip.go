package main

import (
	"archive/zip"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// siteZip builds the website of manifest with the ebook command into a
// folder of stage and zips it as stage/<stem>-site.zip, whose entries are
// under <stem>/; it returns the zip's name.
func (r *releaser) siteZip(stage, ebook, manifest, version, epoch, stem string, n int) (string, error) {
	out := filepath.Join(stage, fmt.Sprintf("site%d", n))
	cmd, err := r.env.with("SOURCE_DATE_EPOCH", epoch).command(ebook, "build", "--format", "html", "--book-version", version, "--out", out, manifest)
	if err != nil {
		return "", fmt.Errorf("the ebook command %s: %v", ebook, err)
	}
	cmd.Stdout, cmd.Stderr = nil, r.stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("the website's build failed (%s: %v)", manifest, err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return "", err
	}
	if len(entries) != 1 || !entries[0].IsDir() {
		return "", fmt.Errorf("%s: the website's build did not write one folder", manifest)
	}
	var sec int64
	fmt.Sscan(epoch, &sec) // checked by epoch()
	name := stem + "-site.zip"
	if err := zipDir(filepath.Join(stage, name), filepath.Join(out, entries[0].Name()), stem+"/", time.Unix(sec, 0)); err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return name, os.RemoveAll(out)
}

// zipDir writes the files of dir into a zip at dst, named prefix+their
// slash-separated path. The same files give the same bytes: entries in
// sorted order, every one dated mod (SOURCE_DATE_EPOCH, in UTC, so that
// the time zone does not matter) with mode 0644, and no folder entries.
func zipDir(dst, dir, prefix string, mod time.Time) error {
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		rel, err := filepath.Rel(dir, p)
		names = append(names, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		return err
	}
	slices.Sort(names)
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n)))
		if err != nil {
			f.Close()
			return err
		}
		h := &zip.FileHeader{Name: prefix + n, Method: zip.Deflate, Modified: mod.UTC()}
		h.SetMode(0o644)
		w, err := zw.CreateHeader(h)
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			f.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
