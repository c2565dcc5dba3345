package doc

import (
	"fmt"
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
// outputs show different pictures, or one never checked.
func (a *Asset) Bytes() ([]byte, error) {
	if a.File == "" {
		return a.Data, nil
	}
	data, err := os.ReadFile(a.File)
	if err != nil {
		return nil, fmt.Errorf("image %q: %w", a.Path, err)
	}
	if len(data) != a.Size || xxhash.Sum64(data) != a.Sum {
		return nil, fmt.Errorf("image %q changed while the book was built: build it again", a.Path)
	}
	return data, nil
}
