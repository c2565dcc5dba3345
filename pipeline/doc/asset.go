package doc

import (
	"fmt"
	"io"
	"os"

	"github.com/cespare/xxhash/v2"
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
// have been replaced since the load: what is not a regular file is refused
// before it is opened (opening a named pipe waits for a writer, for ever),
// and no more than the size the load found, and one byte, is read.
func (a *Asset) Bytes() ([]byte, error) {
	if a.File == "" {
		return a.Data, nil
	}
	changed := fmt.Errorf("image %q changed while the book was built: build it again", a.Path)
	info, err := os.Stat(a.File)
	if err != nil {
		return nil, fmt.Errorf("image %q: %w", a.Path, err)
	}
	if !info.Mode().IsRegular() || info.Size() != int64(a.Size) {
		return nil, changed
	}
	f, err := os.Open(a.File)
	if err != nil {
		return nil, fmt.Errorf("image %q: %w", a.Path, err)
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, fmt.Errorf("image %q: %w", a.Path, err)
	}
	if !info.Mode().IsRegular() { // replaced between the two looks
		return nil, changed
	}
	// One byte more than the load found tells a file that grew since.
	data := make([]byte, a.Size+1)
	n, err := io.ReadFull(f, data)
	switch {
	case err == nil:
		return nil, changed
	case err != io.ErrUnexpectedEOF && err != io.EOF:
		return nil, fmt.Errorf("image %q: %w", a.Path, err)
	}
	data = data[:n]
	if len(data) != a.Size || xxhash.Sum64(data) != a.Sum {
		return nil, changed
	}
	return data, nil
}
