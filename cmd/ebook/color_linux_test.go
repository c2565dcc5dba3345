package main

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal and returns its terminal side.
func openPTY(t *testing.T) *os.File {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("skipped: no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("skipped: cannot unlock a pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("skipped: cannot name a pseudo-terminal: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("skipped: cannot open a pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestColorOnTerminal checks the decision on a real (pseudo-)terminal.
func TestColorOnTerminal(t *testing.T) {
	tty := openPTY(t)
	none := func(string) string { return "" }
	if !useColor(tty, none) {
		t.Error("no colour for a terminal")
	}
	if useColor(tty, func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	}) {
		t.Error("colour for a terminal with NO_COLOR=1")
	}
	if useColor(tty, func(k string) string {
		if k == "TERM" {
			return "dumb"
		}
		return ""
	}) {
		t.Error("colour for a terminal with TERM=dumb")
	}
}
