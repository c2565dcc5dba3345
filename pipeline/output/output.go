// Package output writes finished files atomically: the content goes to a
// temporary file in the destination folder, is flushed to disk, and only
// then replaces the destination by a rename. A build that fails, or is
// interrupted, never leaves a partial or broken file where a good one was.
package output

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
)

// File is a file to write: its path and its content.
type File struct {
	Path string
	Data []byte
}

// WriteFile atomically replaces the file at path with data, with mode 0644.
func WriteFile(path string, data []byte) error {
	return WriteFiles([]File{{path, data}})
}

// WriteFiles replaces a set of files, each atomically, and all or none of
// them as far as the file system allows: every file is written to a
// temporary file and flushed first, and the renames into place, which do
// not fail for ordinary reasons (space, permissions, a name taken by a
// folder are all found before), happen only when every one is ready.
func WriteFiles(files []File) error {
	var staged []*Staged
	for _, f := range files {
		s, err := Stage(f)
		if err != nil {
			Discard(staged)
			return err
		}
		staged = append(staged, s)
	}
	return Commit(staged)
}

// Staged is a file written to a temporary file beside its destination and
// flushed, waiting to replace it (Commit) or to be removed (Discard). A
// build stages each output as soon as it is made, so that writing one
// overlaps making the next.
type Staged struct {
	path, tmp string
	dir       bool // a folder of files (StageDir)
}

// StageDir writes files (paths relative to the folder, with forward
// slashes) into a temporary folder beside dir, the destination, and
// flushes them: a website, which replaces the folder as a whole.
//
// A site is a folder of many small files (gopl-zh's has 166), and
// flushing them one after the other took most of the time of writing the
// site (0.1 to 0.4 s on the build machine). They are written and flushed
// by a pool of goroutines, which mostly wait for the disk, so that the
// disk is given them together (and the file system commits their
// metadata together). Every file is still flushed before StageDir
// returns, so before the folder is renamed into place (Commit): the
// replacement is as atomic and as durable as one file's.
func StageDir(dir string, files []File) (*Staged, error) {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("%s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", parent, err)
	}
	fail := func(p string, err error) (*Staged, error) {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, filepath.FromSlash(p)), err)
	}
	// A path given twice is written once, with its last content, as
	// writing them in order would leave it.
	last := make(map[string]int, len(files))
	for i, f := range files {
		last[f.Path] = i
	}
	if len(last) < len(files) {
		var once []File
		for i, f := range files {
			if last[f.Path] == i {
				once = append(once, f)
			}
		}
		files = once
	}
	// The folders first, each once, parents before children.
	var dirs []string
	seen := map[string]bool{}
	for _, f := range files {
		for d := path.Dir(f.Path); d != "." && d != "/" && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		if err := os.Mkdir(filepath.Join(tmp, filepath.FromSlash(d)), 0o755); err != nil {
			return fail(d, err)
		}
	}
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(flushers, len(files)) {
		wg.Go(func() {
			for i := range next {
				errs[i] = writeSynced(filepath.Join(tmp, filepath.FromSlash(files[i].Path)), files[i].Data)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fail(files[i].Path, err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return &Staged{path: dir, tmp: tmp, dir: true}, nil
}

// flushers is how many files StageDir writes and flushes at once: enough
// for the disk to have many flushes to do together; each goroutine mostly
// waits for it.
const flushers = 32

// writeSynced creates the file p with data and flushes it.
func writeSynced(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Stage writes f to a temporary file in its destination folder and
// flushes it.
func Stage(f File) (*Staged, error) {
	tmp, err := stage(f)
	if err != nil {
		if tmp != "" {
			os.Remove(tmp)
		}
		return nil, err
	}
	return &Staged{path: f.Path, tmp: tmp}, nil
}

// Discard removes staged files; nil entries are skipped.
func Discard(staged []*Staged) {
	for _, s := range staged {
		if s != nil {
			os.RemoveAll(s.tmp)
		}
	}
}

// Commit moves staged files into place, all or none as far as the file
// system allows (see WriteFiles); on failure the temporary files that are
// left are removed.
func Commit(staged []*Staged) (err error) {
	done := 0
	defer func() {
		if err != nil {
			Discard(staged[done:])
		}
	}()
	for _, s := range staged {
		info, err := os.Lstat(s.path)
		if err == nil && info.IsDir() && !s.dir {
			return fmt.Errorf("%s: %w", s.path, errors.New("a folder has the output's name"))
		}
		if err == nil && !info.IsDir() && s.dir {
			return fmt.Errorf("%s: %w", s.path, errors.New("a file has the website's name"))
		}
	}
	for _, s := range staged {
		if s.dir {
			if err := replaceDir(s); err != nil {
				return err
			}
		} else if err := os.Rename(s.tmp, s.path); err != nil {
			return fmt.Errorf("%s: %w", s.path, err)
		}
		done++
	}
	return nil
}

// replaceDir moves a staged folder into place: the old folder is renamed
// away first (a folder cannot be replaced by a rename), then removed.
func replaceDir(s *Staged) error {
	old := ""
	if _, err := os.Lstat(s.path); err == nil {
		old = s.tmp + ".old"
		if err := os.Rename(s.path, old); err != nil {
			return fmt.Errorf("%s: %w", s.path, err)
		}
	}
	if err := os.Rename(s.tmp, s.path); err != nil {
		if old != "" {
			os.Rename(old, s.path)
		}
		return fmt.Errorf("%s: %w", s.path, err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

func stage(f File) (string, error) {
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	if _, err = tmp.Write(f.Data); err == nil {
		if err = tmp.Chmod(0o644); err == nil {
			err = tmp.Sync()
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return tmp.Name(), fmt.Errorf("%s: %w", f.Path, err)
	}
	return tmp.Name(), nil
}
