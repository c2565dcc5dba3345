package doc

import (
	"errors"
	"fmt"

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
	changed := fmt.Errorf("image %q changed while the book was built: build it again", a.Path)
	data, err := fileread.Read(a.File, int64(a.Size))
	var large *fileread.TooLargeError
	switch {
	case errors.Is(err, fileread.ErrNotRegular) || errors.As(err, &large):
		return nil, changed
	case err != nil:
		return nil, fmt.Errorf("image %q: %w", a.Path, err)
	case len(data) != a.Size || xxhash.Sum64(data) != a.Sum:
		return nil, changed
	}
	return data, nil
}
