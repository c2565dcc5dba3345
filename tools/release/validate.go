package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// validator checks the files of one format with an installed program.
type validator struct {
	name    string // as reported: "epubcheck"
	program string // the program run: "java"
	file    string // a file the program needs, or ""
	args    []string
}

// validatorFor returns the validator of files with extension ext, or false
// for a format that has none. Adding a format to pipeline/build needs only
// an entry here.
func (r *releaser) validatorFor(ext string) (validator, bool) {
	switch ext {
	case ".epub":
		jar := r.env.get("EPUBCHECK_JAR")
		if jar == "" {
			jar = "/usr/share/java/epubcheck.jar"
		}
		// --failonwarnings: a release has no warnings either.
		return validator{name: "epubcheck", program: "java", file: jar, args: []string{"-jar", jar, "--failonwarnings"}}, true
	case ".pdf":
		// Exit status 2 for errors, 3 for warnings: both fail.
		return validator{name: "qpdf --check", program: "qpdf", args: []string{"--check"}}, true
	}
	return validator{}, false
}

// validate checks file f of folder dir. A validator that is not installed
// is skipped with a warning, or is an error under CI=true, where every
// validator must run.
func (r *releaser) validate(dir, f string) error {
	v, ok := r.validatorFor(filepath.Ext(f))
	if !ok {
		r.errorf("warning: no validator for %s files: %s is not validated", filepath.Ext(f), f)
		return nil
	}
	_, err := r.env.lookPath(v.program)
	if err == nil && v.file != "" {
		_, err = os.Stat(v.file)
	}
	if err != nil {
		if r.env.get("CI") == "true" {
			return fmt.Errorf("%s is not installed (%v), and CI=true needs every validator (make validators installs them)", v.name, err)
		}
		r.errorf("warning: %s is not installed (%v): %s is not validated", v.name, err, f)
		return nil
	}
	cmd, err := r.env.command(v.program, append(v.args, f)...)
	if err != nil {
		return err
	}
	cmd.Dir = dir // so that its messages name the file, not the staging folder
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.stderr.Write(out)
		return fmt.Errorf("%s: %s failed (%v)", f, v.name, err)
	}
	fmt.Fprintf(r.stdout, "%s: %s: %s\n", f, v.name, lastLine(out))
	return nil
}

// lastLine returns the last line of a validator's report that says
// something ("No errors or warnings detected.").
func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" && !strings.HasPrefix(l, "EPUBCheck completed") && !strings.HasPrefix(l, "Messages:") {
			return l
		}
	}
	return "passed"
}
