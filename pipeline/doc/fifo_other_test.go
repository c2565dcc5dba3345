//go:build !unix

package doc

import "errors"

// mkfifo: named pipes are made only where syscall.Mkfifo is (the test
// skips elsewhere, Windows among them).
func mkfifo(string) error { return errors.ErrUnsupported }
