package book

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Repository returns the folder nothing of a book may come from outside
// of: the top level of the git work tree that holds dir (the nearest
// folder with a .git entry, dir or above it), or dir itself when there is
// none; as a real path, symbolic links resolved. Books are built in CI
// from pull requests: one that edits book.yaml must not be able to publish
// a file from elsewhere on the machine (root: .., an absolute root).
func Repository(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", err
	}
	for d := real; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return real, nil
		}
		d = parent
	}
}

// Within reports whether the real path p is folder dir or inside it.
func Within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// RealPath returns p made absolute with every symbolic link resolved; when
// p does not exist, that of its nearest existing folder with the rest of p
// after it.
func RealPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for d := abs; ; {
		real, err := filepath.EvalSymlinks(d)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(d), rest)
		d = parent
	}
}

// confine checks that the book's folder, dir, is inside the repository of
// the manifest's folder or inside a folder the command line allows
// (Options.AllowOutside).
func confine(manifestDir, dir string, allow []string) error {
	repo, err := Repository(manifestDir)
	if err != nil {
		return nil // reported when the folder is opened
	}
	real, err := RealPath(dir)
	if err != nil {
		return nil // reported when the folder is opened
	}
	if Within(real, repo) {
		return nil
	}
	for _, a := range allow {
		if ar, err := RealPath(a); err == nil && Within(real, ar) {
			return nil
		}
	}
	return fmt.Errorf("the book's folder %s is outside the repository %s (the folder holding .git, or book.yaml's when there is none): no file from outside it may reach the outputs; pass --allow-outside %s to allow it", real, repo, real)
}
