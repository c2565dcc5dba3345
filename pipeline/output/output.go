// Package output writes finished files atomically: the content goes to a
// temporary file in the destination folder, is flushed to disk, and only
// then replaces the destination by a rename. A build that fails, or is
// interrupted, never leaves a partial or broken file where a good one was.
package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
	stager    *Stager
}

// Stage writes f to a temporary file in its destination folder and
// flushes it.
func Stage(f File) (*Staged, error) { return (*Stager)(nil).Stage(f) }

// Stager stages files and remembers the temporary files it made until they
// are committed or discarded, so that Abort can remove them at any moment:
// when the process is interrupted (SIGINT, SIGTERM) or a build panics.
// A nil *Stager stages without remembering.
type Stager struct {
	mu      sync.Mutex
	tmps    map[string]bool
	aborted bool
}

// NewStager returns a Stager with nothing staged.
func NewStager() *Stager { return &Stager{tmps: map[string]bool{}} }

// Stage writes f to a temporary file in its destination folder and
// flushes it; after Abort it refuses.
func (s *Stager) Stage(f File) (*Staged, error) {
	tmp, err := stage(f, s.create)
	if err != nil {
		if tmp != "" {
			os.Remove(tmp)
			s.forget(tmp)
		}
		return nil, err
	}
	return &Staged{path: f.Path, tmp: tmp, stager: s}, nil
}

// create makes a temporary file in dir and remembers it, under the lock
// that Abort takes: no file is made that Abort does not see.
func (s *Stager) create(dir, pattern string) (*os.File, error) {
	if s == nil {
		return os.CreateTemp(dir, pattern)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aborted {
		return nil, errAborted
	}
	f, err := os.CreateTemp(dir, pattern)
	if err == nil {
		s.tmps[f.Name()] = true
	}
	return f, err
}

func (s *Stager) forget(tmp string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	delete(s.tmps, tmp)
	s.mu.Unlock()
}

// Abort removes every temporary file staged and not yet committed or
// discarded, and makes further staging fail. It may be called from any
// goroutine, at any time, more than once.
func (s *Stager) Abort() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.aborted = true
	for tmp := range s.tmps {
		os.Remove(tmp)
		delete(s.tmps, tmp)
	}
}

// errAborted is what Stage says after Abort.
var errAborted = errors.New("the build was interrupted")

// Discard removes staged files; nil entries are skipped.
func Discard(staged []*Staged) {
	for _, s := range staged {
		if s != nil {
			os.Remove(s.tmp)
			s.stager.forget(s.tmp)
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
		if info, err := os.Lstat(s.path); err == nil && info.IsDir() {
			return fmt.Errorf("%s: %w", s.path, errors.New("a folder has the output's name"))
		}
	}
	for _, s := range staged {
		if err := os.Rename(s.tmp, s.path); err != nil {
			return fmt.Errorf("%s: %w", s.path, err)
		}
		s.stager.forget(s.tmp)
		done++
	}
	return nil
}

func stage(f File, create func(dir, pattern string) (*os.File, error)) (string, error) {
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	tmp, err := create(dir, "."+filepath.Base(f.Path)+".*.tmp")
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
