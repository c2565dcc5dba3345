package importer

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// maxConfigBytes bounds the files an import reads (SUMMARY.md, README.md,
// book.json, book.toml, book.ini): tables of contents and settings, far
// smaller than this.
const maxConfigBytes = 16 << 20

// errNotRegular is the error of a path that is not a regular file.
var errNotRegular = errors.New("not a regular file")

// readFile reads the file at p, which must be a regular file of at most
// maxConfigBytes. It asks before opening: opening a named pipe (FIFO)
// for reading waits for a writer, for ever, as reading a device may.
func readFile(p string) ([]byte, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &os.PathError{Op: "read", Path: p, Err: errNotRegular}
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() { // replaced since it was asked about
		return nil, &os.PathError{Op: "read", Path: p, Err: errNotRegular}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxConfigBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxConfigBytes {
		return nil, &os.PathError{Op: "read", Path: p, Err: fmt.Errorf("larger than %d MiB", maxConfigBytes>>20)}
	}
	return data, nil
}
