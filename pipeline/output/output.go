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
func WriteFiles(files []File) (err error) {
	var temps []string
	defer func() {
		if err != nil {
			for _, t := range temps {
				os.Remove(t)
			}
		}
	}()
	for _, f := range files {
		tmp, err := stage(f)
		if tmp != "" {
			temps = append(temps, tmp)
		}
		if err != nil {
			return err
		}
	}
	for _, f := range files {
		if info, err := os.Lstat(f.Path); err == nil && info.IsDir() {
			return fmt.Errorf("%s: %w", f.Path, errors.New("a folder has the output's name"))
		}
	}
	for i, f := range files {
		if err := os.Rename(temps[i], f.Path); err != nil {
			temps = temps[i:]
			return fmt.Errorf("%s: %w", f.Path, err)
		}
	}
	temps = nil
	return nil
}

// stage writes f's content to a new temporary file next to f.Path, flushed
// to disk, and returns its name (also on error, when one was created).
func stage(f File) (string, error) {
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+".*.tmp")
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
