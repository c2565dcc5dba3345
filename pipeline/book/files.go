package book

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/gobook/ebook/internal/fileread"
)

// folder reads files of a book, refusing any whose real location is outside
// the book's folder: a path written with "..", an absolute path, or a
// symbolic link that leads out. Books come from other people's repositories;
// a build must not read (and then publish) files from elsewhere on the
// machine.
type folder struct {
	dir  string // the book's folder as the user named it, for messages
	real string // its absolute path with symbolic links resolved
}

func openFolder(dir string) (*folder, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	return &folder{dir: dir, real: real}, nil
}

// display is how messages name the book file rel: relative to where the
// user ran the command, as they named the book.
func (f *folder) display(rel string) string {
	if f.dir == "." || f.dir == "" {
		return rel
	}
	return filepath.ToSlash(filepath.Join(f.dir, filepath.FromSlash(rel)))
}

// fileError is a problem reading a book file, worded for an author.
type fileError struct {
	msg string
	// missing: the file does not exist, which a book written for
	// GitBook or mdBook survives (a warning), unlike a file that exists
	// and cannot be used.
	missing bool
}

func (e *fileError) Error() string { return e.msg }

// read returns the content of rel, a slash-separated path relative to the
// book's folder, of at most limit bytes. what names the file in messages
// ("chapter file", "image").
func (f *folder) read(rel, what string, limit int64) ([]byte, error) {
	real, err := f.resolve(rel, what)
	if err != nil {
		return nil, err
	}
	return f.readReal(real, rel, what, limit)
}

// resolve returns the path of the file rel, a slash-separated path
// relative to the book's folder, with its symbolic links followed, and
// refuses one outside the folder.
func (f *folder) resolve(rel, what string) (string, error) {
	clean := path.Clean(rel)
	if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
		return "", &fileError{msg: fmt.Sprintf("%s %q is outside the book's folder", what, rel)}
	}
	full := filepath.Join(f.real, filepath.FromSlash(clean))
	real, err := filepath.EvalSymlinks(full)
	if err != nil {
		return "", f.describe(err, rel, what)
	}
	if real != f.real && !strings.HasPrefix(real, f.real+string(filepath.Separator)) {
		return "", &fileError{msg: fmt.Sprintf("%s %q is outside the book's folder (a symbolic link leads to %s)", what, rel, real)}
	}
	return real, nil
}

// readReal reads real, the file rel as resolve found it, as fileread.Read
// does (a regular file, read into one buffer of its size: the fast path
// of a book's pictures), with messages worded for an author.
func (f *folder) readReal(real, rel, what string, limit int64) ([]byte, error) {
	data, err := fileread.Read(real, limit)
	if err == nil {
		return data, nil
	}
	var large *fileread.TooLargeError
	if !errors.As(err, &large) {
		return nil, f.describe(err, rel, what)
	}
	if large.Grew {
		return nil, &fileError{msg: fmt.Sprintf("%s %q is more than the limit of %d bytes", what, rel, limit)}
	}
	return nil, &fileError{msg: fmt.Sprintf("%s %q is %d bytes, more than the limit of %d", what, rel, large.Size, limit)}
}

// entry is what a path of the book names, as locate finds it.
type entry uint8

const (
	missing  entry = iota // nothing (or a loop of symbolic links)
	file                  // a file
	dir                   // a folder
	outside               // a symbolic link that leads outside the book's folder
	dangling              // a symbolic link, inside the book, to nothing
)

// locate says what rel, a cleaned slash-separated path inside the book,
// names, without reading it; for a symbolic link that leads out it also
// returns where it leads, and for one to nothing inside the book
// (dangling) the words that say so (dangler.String). A path that leads out is outside whether or not a
// file is there: a message must not tell whether a file outside the book
// exists.
func (f *folder) locate(rel string) (entry, string) {
	if path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") {
		return outside, ""
	}
	real, err := RealPath(filepath.Join(f.real, filepath.FromSlash(rel)))
	if err != nil {
		return missing, ""
	}
	if !Within(real, f.real) {
		return outside, real
	}
	info, err := os.Stat(real)
	switch {
	case err != nil:
		// RealPath stops at a symbolic link to nothing: it may lead
		// out all the same.
		if d := f.dangle(rel); d.link != "" {
			if d.out != "" {
				return outside, d.out
			}
			return dangling, d.String()
		}
		return missing, ""
	case info.IsDir():
		return dir, ""
	}
	return file, ""
}

// dangler is a symbolic link on a book path whose target does not exist.
type dangler struct {
	link   string // the link, relative to the book's folder, slash-separated
	target string // the target as the link names it
	out    string // where the target would be, when outside the book's folder
	whole  bool   // link is the whole path, not a folder on it
}

// String words d for a message about a path it is on; it names the link,
// which may be a folder on that path, or the file a link's HTML page names
// (two.md for two.html).
func (d dangler) String() string {
	return fmt.Sprintf("%s is a symbolic link to %q, which does not exist", d.link, d.target)
}

// dangle finds the symbolic link to nothing on rel, a cleaned slash-
// separated path inside the book that does not resolve, so that a message
// names the link and its target rather than a missing file; the zero
// dangler when nothing on rel is such a link (it is simply missing).
func (f *folder) dangle(rel string) dangler {
	cur := f.real
	parts := strings.Split(rel, "/")
	for i, part := range parts {
		cur = filepath.Join(cur, part)
		info, err := os.Lstat(cur)
		if err != nil {
			return dangler{}
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		if _, err := filepath.EvalSymlinks(cur); !errors.Is(err, fs.ErrNotExist) {
			continue // resolves (or loops, which describe words)
		}
		target, err := os.Readlink(cur)
		if err != nil {
			return dangler{}
		}
		d := dangler{link: strings.Join(parts[:i+1], "/"), target: target, whole: i == len(parts)-1}
		where := target
		if !filepath.IsAbs(where) {
			parent, err := filepath.EvalSymlinks(filepath.Dir(cur))
			if err != nil {
				return dangler{}
			}
			where = filepath.Join(parent, target)
		}
		if real, err := RealPath(where); err == nil && !Within(real, f.real) {
			d.out = real
		}
		return d
	}
	return dangler{}
}

func (f *folder) describe(err error, rel, what string) error {
	switch {
	case errors.Is(err, fileread.ErrNotRegular):
		return &fileError{msg: fmt.Sprintf("%s %q is not a regular file", what, rel)}
	case errors.Is(err, fs.ErrNotExist):
		d := f.dangle(path.Clean(rel))
		switch {
		case d.out != "":
			return &fileError{msg: fmt.Sprintf("%s %q is outside the book's folder (a symbolic link leads to %s)", what, rel, d.out)}
		case d.whole:
			return &fileError{msg: fmt.Sprintf("%s %q is a symbolic link to %q, which does not exist", what, rel, d.target), missing: true}
		case d.link != "":
			return &fileError{msg: fmt.Sprintf("%s %q: %s", what, rel, d), missing: true}
		}
		return &fileError{msg: fmt.Sprintf("%s %q not found", what, rel), missing: true}
	case errors.Is(err, fs.ErrPermission):
		return &fileError{msg: fmt.Sprintf("%s %q cannot be read: permission denied", what, rel)}
	case errors.Is(err, syscall.ELOOP) || strings.Contains(err.Error(), "too many links"):
		return &fileError{msg: fmt.Sprintf("%s %q is a loop of symbolic links", what, rel)}
	case errors.Is(err, syscall.ENOTDIR):
		return &fileError{msg: fmt.Sprintf("%s %q not found (a folder on its path is a file)", what, rel), missing: true}
	}
	return &fileError{msg: fmt.Sprintf("%s %q cannot be read: %v", what, rel, err)}
}
