// Package fileread reads a regular file of bounded size, the one way the
// book's loader, its manifest reader and the images read again at output
// time do it: what is not a regular file is refused before it is opened
// (opening a named pipe for reading waits for a writer, for ever) and
// again once open (the path may have been replaced between the two
// looks); a file larger than the limit is refused before it is read (a
// sparse file can claim gigabytes it does not hold); the file is read into
// one buffer of its size, and no more than limit+1 bytes are read should
// it grow meanwhile.
package fileread

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is the error (inside a *fs.PathError) of a path that is
// not a regular file: a folder, a named pipe, a device.
var ErrNotRegular = errors.New("not a regular file")

// TooLargeError is the error (inside a *fs.PathError) of a file of more
// than Limit bytes: Size bytes by Stat, before it was read, or, when Grew,
// a file that grew past the limit while it was read (Size is then 0).
type TooLargeError struct {
	Size, Limit int64
	Grew        bool
}

func (e *TooLargeError) Error() string {
	if e.Grew {
		return fmt.Sprintf("it is more than the limit of %d bytes", e.Limit)
	}
	return fmt.Sprintf("it is %d bytes, more than the limit of %d", e.Size, e.Limit)
}

// Read returns the content of the regular file at path, of at most limit
// bytes. Every error is a *fs.PathError: those of os.Stat, os.Open and
// reading, or one holding ErrNotRegular or a *TooLargeError. A file that
// shrinks while it is read is returned as read: callers that know the
// size to expect check it.
func Read(path string, limit int64) ([]byte, error) {
	f, size, err := Open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// One buffer of the file's size, and a byte to see its end, as
	// os.ReadFile does: io.ReadAll grows its buffer from 512 bytes,
	// which for a book's pictures was half the time of loading them.
	data := make([]byte, 0, size+1)
	for int64(len(data)) <= limit {
		if len(data) == cap(data) { // it grew: let append choose
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):min(int64(cap(data)), limit+1)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(data)) > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Limit: limit, Grew: true}}
	}
	return data, nil
}

// Open opens the regular file at path, of at most limit bytes, for a
// caller that streams it rather than hold it (Read's checks, without the
// reading), and returns its size when opened. The caller closes it, and
// reads no more than limit+1 bytes: the file may grow meanwhile.
func Open(path string, limit int64) (*os.File, int64, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if !info.Mode().IsRegular() {
		return nil, 0, &fs.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	if info, err = f.Stat(); err != nil {
		f.Close()
		return nil, 0, err
	}
	if !info.Mode().IsRegular() { // replaced between the two looks
		f.Close()
		return nil, 0, &fs.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	if info.Size() > limit {
		f.Close()
		return nil, 0, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Size: info.Size(), Limit: limit}}
	}
	return f, info.Size(), nil
}
