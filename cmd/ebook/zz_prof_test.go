package main

import (
	"os"
	"testing"
)

func TestZZProf(t *testing.T) {
	p := os.Getenv("ZZ_BOOK")
	if p == "" {
		t.Skip()
	}
	code := run([]string{"build", "-q", "--format", os.Getenv("ZZ_FMT"), "--out", "/tmp/hostile-prof-out", p}, os.Stdout, os.Stderr, os.Getenv)
	t.Log(code)
}
