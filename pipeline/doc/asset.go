package doc

import (
	"errors"
	"fmt"
	"io"

	"github.com/cespare/xxhash/v2"

	"github.com/gobook/ebook/internal/fileread"
)

// LetGo drops a's content from memory: Bytes reads it again from file,
// where it was read from. A book's pictures are tens of megabytes that the
// writers need one at a time, and a picture-heavy book held them all from
// its load to its last output, which made memory grow with the pictures.
func (a *Asset) LetGo(file string) {
	a.File, a.Size, a.Sum = file, len(a.Data), xxhash.Sum64(a.Data)
	a.Data = nil
}

// Bytes returns a's content: Data, or the file read again. A file that is
// no longer what the load checked is an error, rather than a book whose
// outputs show different pictures, or one never checked. The path may
// have been replaced since the load: fileread.Read refuses what is not a
// regular file before it is opened (opening a named pipe waits for a
// writer, for ever), and reads no more than the size the load found, and
// one byte.
func (a *Asset) Bytes() ([]byte, error) {
	if a.File == "" {
		return a.Data, nil
	}
	data, err := fileread.Read(a.File, int64(a.Size))
	if err != nil {
		return nil, a.readError(err)
	}
	if len(data) != a.Size || xxhash.Sum64(data) != a.Sum {
		return nil, a.changed()
	}
	return data, nil
}

// WriteTo writes a's content to w, as Bytes returns it, but streamed
// from its file rather than held: a writer that only copies a picture (the
// EPUB's archive) does not need its megabytes in memory. A file that is no
// longer what the load checked is found once written, and is an error:
// what was written must then be thrown away.
func (a *Asset) WriteTo(w io.Writer) (int64, error) {
	if a.File == "" {
		n, err := w.Write(a.Data)
		return int64(n), err
	}
	f, _, err := fileread.Open(a.File, int64(a.Size))
	if err != nil {
		return 0, a.readError(err)
	}
	defer f.Close()
	h := xxhash.New()
	// No more than the size the load found, and a byte to see that it
	// grew.
	n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(f, int64(a.Size)+1))
	switch {
	case err != nil:
		return n, fmt.Errorf("image %q: %w", a.Path, err)
	case n != int64(a.Size) || h.Sum64() != a.Sum:
		return n, a.changed()
	}
	return n, nil
}

// readError is the error of a's file that could not be read again: a
// path now something else than a regular file, or larger, has changed.
func (a *Asset) readError(err error) error {
	var large *fileread.TooLargeError
	if errors.Is(err, fileread.ErrNotRegular) || errors.As(err, &large) {
		return a.changed()
	}
	return fmt.Errorf("image %q: %w", a.Path, err)
}

func (a *Asset) changed() error {
	return fmt.Errorf("image %q changed while the book was built: build it again", a.Path)
}
