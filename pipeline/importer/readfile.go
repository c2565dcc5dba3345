package importer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gobook/ebook/internal/fileread"
	"github.com/gobook/ebook/pipeline/book"
)

// maxConfigBytes bounds the files an import reads (SUMMARY.md, README.md,
// book.json, book.toml, book.ini): tables of contents and settings, far
// smaller than this.
const maxConfigBytes = 16 << 20

// readFile reads the file at p, which must be a regular file of at most
// maxConfigBytes and, unless base is "", inside folder base (a real path)
// once symbolic links are resolved: a README.md that is a link out of the
// book must not bring another file's text into book.yaml. fileread asks
// before opening: opening a named pipe (FIFO) for reading waits for a
// writer, for ever, as reading a device may.
func readFile(base, p string) ([]byte, error) {
	if base != "" {
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			return nil, err
		}
		if real, err = filepath.Abs(real); err != nil {
			return nil, err
		}
		if !book.Within(real, base) {
			return nil, &os.PathError{Op: "read", Path: p, Err: fmt.Errorf("it is %s, outside %s, the repository of the book (or its folder when it is in none)", real, base)}
		}
	}
	data, err := fileread.Read(p, maxConfigBytes)
	if tl := (*fileread.TooLargeError)(nil); errors.As(err, &tl) {
		return nil, &os.PathError{Op: "read", Path: p, Err: fmt.Errorf("larger than %d MiB", maxConfigBytes>>20)}
	}
	return data, err
}
