package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// environ is a process environment, "KEY=value" pairs: the command's own,
// which it passes on to the programs it runs.
type environ []string

// get returns the value of key, or "".
func (e environ) get(key string) string {
	for i := len(e) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(e[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// with returns a copy of e with key set to value.
func (e environ) with(key, value string) environ {
	out := make(environ, 0, len(e)+1)
	for _, kv := range e {
		if k, _, _ := strings.Cut(kv, "="); k != key {
			out = append(out, kv)
		}
	}
	return append(out, key+"="+value)
}

// lookPath finds the program name in e's PATH, as a shell would; a name
// with a slash is taken as it is. (exec.LookPath reads the PATH of this
// process, not of e.)
func (e environ) lookPath(name string) (string, error) {
	if strings.Contains(name, "/") {
		if isExecutable(name) {
			return name, nil
		}
		return "", errors.New(name + " is not an executable file")
	}
	for _, dir := range filepath.SplitList(e.get("PATH")) {
		if dir == "" {
			dir = "."
		}
		if p := filepath.Join(dir, name); isExecutable(p) {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// command returns cmd name args, to run with environment e.
func (e environ) command(name string, args ...string) (*exec.Cmd, error) {
	p, err := e.lookPath(name)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(p, args...)
	cmd.Env = e
	return cmd, nil
}

// output runs name args and returns its standard output, trimmed; the
// error carries its standard error.
func (e environ) output(name string, args ...string) (string, error) {
	cmd, err := e.command(name, args...)
	if err != nil {
		return "", err
	}
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			return "", errors.New(strings.TrimSpace(string(ee.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}
