// Package output writes finished files atomically: the content goes to a
// temporary file in the destination folder, is flushed to disk, and only
// then replaces the destination by a rename. A build that fails, or is
// interrupted, never leaves a partial or broken file where a good one was.
package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
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
	// Read, when set, gives the content instead of Data, as the file is
	// written: a picture the book does not hold (doc.Asset.Bytes), of
	// Size bytes.
	Read func() ([]byte, error)
	Size int
}

// Len is f's length in bytes.
func (f File) Len() int {
	if f.Read != nil {
		return f.Size
	}
	return len(f.Data)
}

// Content returns f's content.
func (f File) Content() ([]byte, error) {
	if f.Read != nil {
		return f.Read()
	}
	return f.Data, nil
}

// WriteFile atomically replaces the file at path with data, with mode 0644.
func WriteFile(path string, data []byte) error {
	return WriteFiles([]File{{Path: path, Data: data}})
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
	stager    *Stager
}

// Stager stages files and folders and remembers the temporary ones it made
// until they are committed or discarded, so that Abort can remove them at
// any moment: when the process is interrupted (SIGINT, SIGTERM) or a build
// panics. A nil *Stager stages without remembering.
type Stager struct {
	mu      sync.Mutex
	tmps    map[string]bool
	aborted bool
}

// NewStager returns a Stager with nothing staged.
func NewStager() *Stager { return &Stager{tmps: map[string]bool{}} }

// errAborted is what staging says after Abort.
var errAborted = errors.New("the build was interrupted")

// locked runs fn under the lock that Abort takes, unless Abort has run:
// every temporary file or folder is made, and every file of a staged
// folder created, in it, so that none escapes Abort (a file made in a
// folder Abort removed would make the folder again).
func (s *Stager) locked(fn func() error) error {
	if s == nil {
		return fn()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aborted {
		return errAborted
	}
	return fn()
}

// remember records tmp as staged; call it under the lock (locked).
func (s *Stager) remember(tmp string) {
	if s != nil {
		s.tmps[tmp] = true
	}
}

func (s *Stager) forget(tmp string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	delete(s.tmps, tmp)
	s.mu.Unlock()
}

// Abort removes every temporary file and folder staged and not yet
// committed or discarded, and makes further staging and committing fail.
// It may be called from any goroutine, at any time, more than once.
func (s *Stager) Abort() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.aborted = true
	for tmp := range s.tmps {
		os.RemoveAll(tmp)
		delete(s.tmps, tmp)
	}
}

// createTemp makes a temporary file in dir and remembers it.
func (s *Stager) createTemp(dir, pattern string) (f *os.File, err error) {
	err = s.locked(func() error {
		if f, err = os.CreateTemp(dir, pattern); err == nil {
			s.remember(f.Name())
		}
		return err
	})
	return f, err
}

// Stage writes f to a temporary file in its destination folder and
// flushes it.
func Stage(f File) (*Staged, error) { return (*Stager)(nil).Stage(f) }

// Stage writes f to a temporary file in its destination folder and
// flushes it; after Abort it refuses. It is StageStream for a file held
// whole (the build's outputs are streamed, or a folder).
func (s *Stager) Stage(f File) (*Staged, error) {
	staged, _, err := s.StageStream(f.Path, func(w io.Writer) error {
		data, err := f.Content()
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return fmt.Errorf("%s: %w", f.Path, err) // the file's, as StageStream says it
		}
		return nil
	})
	return staged, err
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
	return (*Stager)(nil).StageDir(dir, files)
}

// StageDir is the package's StageDir, remembering the folder for Abort;
// after Abort it refuses.
func (s *Stager) StageDir(dir string, files []File) (*Staged, error) {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("%s: %w", parent, err)
	}
	var tmp string
	err := s.locked(func() (err error) {
		if tmp, err = os.MkdirTemp(parent, "."+filepath.Base(dir)+".*.tmp"); err == nil {
			s.remember(tmp)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", parent, err)
	}
	fail := func(err error) (*Staged, error) {
		os.RemoveAll(tmp)
		s.forget(tmp)
		return nil, err
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
	// The folders first, each once, parents before children, under the
	// Stager's lock: after Abort removed the staged folder, none is made
	// again.
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
		if err := s.locked(func() error { return os.Mkdir(filepath.Join(tmp, filepath.FromSlash(d)), 0o755) }); err != nil {
			return fail(fmt.Errorf("%s: %w", filepath.Join(dir, filepath.FromSlash(d)), err))
		}
	}
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(flushers, len(files)) {
		wg.Go(func() {
			for i := range next {
				data, err := files[i].Content()
				if err == nil {
					err = s.stageAt(filepath.Join(tmp, filepath.FromSlash(files[i].Path)), data)
				}
				errs[i] = err
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
			return fail(fmt.Errorf("%s: %w", filepath.Join(dir, filepath.FromSlash(files[i].Path)), err))
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fail(fmt.Errorf("%s: %w", dir, err))
	}
	return &Staged{path: dir, tmp: tmp, dir: true, stager: s}, nil
}

// flushers is how many files StageDir writes and flushes at once: enough
// for the disk to have many flushes to do together; each goroutine mostly
// waits for it.
const flushers = 32

// stageAt creates the file p (its folder exists) with data and flushes it.
// The file is created under the Stager's lock: after Abort removed the
// staged folder, it is not made again.
func (s *Stager) stageAt(p string, data []byte) error {
	var f *os.File
	err := s.locked(func() (err error) {
		f, err = os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		return err
	})
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

// StageStream stages the file at path as write writes it: to a temporary
// file in its destination folder, through a buffer, then flushed, so that
// a large output (a PDF) is never held whole in memory. On an error,
// write's or the file's, nothing is left behind. It returns the file's
// size.
func StageStream(path string, write func(io.Writer) error) (*Staged, int64, error) {
	return (*Stager)(nil).StageStream(path, write)
}

// StageStream is the package's StageStream, remembering the file for
// Abort; after Abort it refuses.
func (s *Stager) StageStream(path string, write func(io.Writer) error) (*Staged, int64, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", dir, err)
	}
	tmp, err := s.createTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", dir, err)
	}
	ok := false
	defer func() {
		// On an error, and on a panic of write's, which the build
		// turns into an error.
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
			s.forget(tmp.Name())
		}
	}()
	cw := &countingWriter{w: tmp}
	bw := bufio.NewWriterSize(cw, 256<<10)
	werr := write(bw)
	if werr == nil {
		if err = bw.Flush(); err == nil {
			if err = tmp.Chmod(0o644); err == nil {
				err = tmp.Sync()
			}
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if werr == nil && err == nil {
		// Abort may have removed the file while it was written.
		err = s.locked(func() error { return nil })
	}
	if werr != nil {
		return nil, 0, werr
	}
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	ok = true
	return &Staged{path: path, tmp: tmp.Name(), stager: s}, cw.n, nil
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Discard removes staged files and folders; nil entries are skipped.
func Discard(staged []*Staged) {
	for _, s := range staged {
		if s != nil {
			os.RemoveAll(s.tmp)
			s.stager.forget(s.tmp)
		}
	}
}

// Commit moves staged files into place, all or none as far as the file
// system allows (see WriteFiles); on failure the temporary files that are
// left are removed. Abort waits for a move under way; after Abort,
// Commit fails.
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
		} else if err := s.stager.locked(func() error { return os.Rename(s.tmp, s.path) }); err != nil {
			return fmt.Errorf("%s: %w", s.path, err)
		}
		s.stager.forget(s.tmp)
		done++
	}
	return nil
}

// replaceDir moves a staged folder into place: the old folder is renamed
// away first (a folder cannot be replaced by a rename), then removed. The
// two renames happen under the Stager's lock, so that Abort never finds
// the old folder moved away and the new one not in place; the old one is
// remembered until it is removed.
func replaceDir(s *Staged) error {
	old := ""
	err := s.stager.locked(func() error {
		if _, err := os.Lstat(s.path); err == nil {
			old = s.tmp + ".old"
			if err := os.Rename(s.path, old); err != nil {
				old = ""
				return err
			}
		}
		if err := os.Rename(s.tmp, s.path); err != nil {
			if old != "" {
				os.Rename(old, s.path)
				old = ""
			}
			return err
		}
		if old != "" {
			s.stager.remember(old)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	if old != "" {
		os.RemoveAll(old)
		s.stager.forget(old)
	}
	return nil
}
