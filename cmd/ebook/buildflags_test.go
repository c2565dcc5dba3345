package main

import (
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/gobook/ebook/pipeline/build"
)

// helpFlags reads the flags out of "ebook CMD --help": each flag's name and
// the text flag.PrintDefaults gives it (type, help and default).
func helpFlags(t *testing.T, cmd string) map[string]string {
	t.Helper()
	code, stdout, _ := ebook(t, nil, cmd, "--help")
	if code != exitOK {
		t.Fatalf("ebook %s --help: exit %d", cmd, code)
	}
	_, defaults, ok := strings.Cut(stdout, "Flags:\n")
	if !ok {
		t.Fatalf("ebook %s --help has no Flags:\n%s", cmd, stdout)
	}
	flags := map[string]string{}
	name := ""
	for _, line := range strings.Split(defaults, "\n") {
		if rest, ok := strings.CutPrefix(line, "  -"); ok {
			name = strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == '\t' })[0]
		}
		if name != "" {
			flags[name] += line + "\n"
		}
	}
	return flags
}

// TestBuildFlagsAgree: build, watch and serve take the same common flags,
// with the same defaults and help, except where a command says more; and
// the same command line makes the same build options in each.
func TestBuildFlagsAgree(t *testing.T) {
	common := []string{"format", "out", "strict", "allow-outside", "q", "v"}
	// Every known difference; anything else is drift.
	differs := map[string]bool{
		"serve format": true, // html by default; other formats are extras
		"build q":      true, // build's own wording
		"build v":      true, // build's -v says what it prints
	}
	own := map[string][]string{"build": {"book-version"}, "serve": {"port"}}
	watch := helpFlags(t, "watch")
	for _, cmd := range []string{"build", "watch", "serve"} {
		flags := helpFlags(t, cmd)
		for _, name := range common {
			got, ok := flags[name]
			switch {
			case !ok:
				t.Errorf("ebook %s has no -%s", cmd, name)
			case got != watch[name] && !differs[cmd+" "+name]:
				t.Errorf("ebook %s -%s differs from watch's:\n%s\nwatch:\n%s", cmd, name, got, watch[name])
			}
			delete(flags, name)
		}
		for _, name := range own[cmd] {
			delete(flags, name)
		}
		for name := range flags {
			t.Errorf("ebook %s has -%s, which is neither common nor its own", cmd, name)
		}
	}

	getenv := func(k string) string {
		return map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}[k]
	}
	tests := []struct {
		args []string
		want build.Options // without Formats, each command's default
		v    verbosity
	}{
		{nil, build.Options{Manifest: "book.yaml", OutDir: "dist"}, verbosity{}},
		{[]string{"--out", "o", "--strict", "b.yaml", "--allow-outside", "x", "-q"},
			build.Options{Manifest: "b.yaml", OutDir: "o", Strict: true, AllowOutside: []string{"x"}}, verbosity{quiet: true}},
		{[]string{"-v", "b.yaml"}, build.Options{Manifest: "b.yaml", OutDir: "dist"}, verbosity{verbose: true}},
		{[]string{"-v", "b.yaml", "--", "--format"}, build.Options{}, verbosity{}}, // two manifests
	}
	for _, tt := range tests {
		var first *build.Options
		for _, cmd := range []string{"build", "watch", "serve"} {
			bf := addBuildFlags(flag.NewFlagSet("ebook "+cmd, flag.ContinueOnError))
			bf.fs.SetOutput(io.Discard)
			opts, _, ok := bf.parse(tt.args, getenv, io.Discard)
			if ok != (tt.want.Manifest != "") {
				t.Errorf("ebook %s %q: ok = %v", cmd, tt.args, ok)
				continue
			}
			if !ok {
				continue
			}
			if bf.verbosity != tt.v {
				t.Errorf("ebook %s %q: %+v, want %+v", cmd, tt.args, bf.verbosity, tt.v)
			}
			want := commonHelpOf("ebook " + cmd).formats
			if !reflect.DeepEqual(opts.Formats, want) {
				t.Errorf("ebook %s %q: formats %q, want %q", cmd, tt.args, opts.Formats, want)
			}
			opts.Formats = nil
			if first == nil {
				first = &opts
				w := tt.want
				w.Date, w.ToolVersion, w.Confine = opts.Date, version, true
				if !reflect.DeepEqual(opts, w) || opts.Date.Unix() != 1700000000 {
					t.Errorf("ebook %s %q: options\n%+v\nwant\n%+v", cmd, tt.args, opts, w)
				}
			} else if !reflect.DeepEqual(opts, *first) {
				t.Errorf("ebook %s %q: options differ from build's:\n%+v\n%+v", cmd, tt.args, opts, *first)
			}
		}
	}
}
