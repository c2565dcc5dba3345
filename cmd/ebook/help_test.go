package main

import (
	"strings"
	"testing"
)

// TestHelpToStdout: every command's asked-for help is output (stdout,
// exit 0); a usage error prints the usage to stderr with exit 2.
func TestHelpToStdout(t *testing.T) {
	for _, cmd := range []string{"build", "check", "watch", "serve", "init", "fonts", "version"} {
		for _, flag := range []string{"-h", "--help"} {
			code, stdout, stderr := ebook(t, nil, cmd, flag)
			if code != exitOK || !strings.HasPrefix(stdout, "Usage: ebook "+cmd) || !strings.Contains(stdout, "Flags:\n") || stderr != "" {
				t.Errorf("ebook %s %s: exit %d\nstdout:\n%s\nstderr:\n%s", cmd, flag, code, stdout, stderr)
			}
		}
		code, stdout, stderr := ebook(t, nil, cmd, "--no-such-flag")
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "Usage: ebook "+cmd) {
			t.Errorf("ebook %s --no-such-flag: exit %d\nstdout:\n%s\nstderr:\n%s", cmd, code, stdout, stderr)
		}
	}
}
