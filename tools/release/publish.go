package main

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
)

// publish is `release publish`: it attaches the release files in dist to
// the GitHub release of the version's tag, with gh (GH_TOKEN, GH_REPO).
func (r *releaser) publish(args []string) int {
	fs := flag.NewFlagSet("release publish", flag.ContinueOnError)
	fs.SetOutput(r.stderr)
	versionFlag := fs.String("version", "", "the version: the release's tag (default $VERSION, else git describe --tags --always --dirty)")
	dist := fs.String("dist", "dist", "the folder of the release files")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		r.errorf("publish takes no arguments, got %q", fs.Args())
		return exitUsage
	}
	version, ok := r.version(*versionFlag)
	if !ok {
		return exitUsage
	}
	// Only files whose checksums are right, of this version, go out.
	files, err := verifySums(*dist, version)
	if err != nil {
		r.errorf("%v", err)
		return exitFail
	}
	if _, err := r.env.output("gh", "release", "view", version); err != nil {
		notes := fmt.Sprintf("The books at %s. Check the downloads with `sha256sum -c SHA256SUMS`; "+
			"rebuild them with `git checkout %s && make release VERSION=%s` (see the user guide, docs/guide/releases.md).", version, version, version)
		if _, err := r.env.output("gh", "release", "create", version, "--verify-tag", "--title", version, "--notes", notes); err != nil {
			// Another run may have made it in the meantime.
			if _, again := r.env.output("gh", "release", "view", version); again != nil {
				r.errorf("cannot create the release %s: %v", version, err)
				return exitFail
			}
		} else {
			fmt.Fprintf(r.stdout, "created the release %s\n", version)
		}
	}
	upload := []string{"release", "upload", version, "--clobber"}
	for _, f := range append(files, sumsFile) {
		upload = append(upload, filepath.Join(*dist, f))
	}
	cmd, err := r.env.command("gh", upload...)
	if err != nil {
		r.errorf("gh: %v", err)
		return exitFail
	}
	cmd.Stdout, cmd.Stderr = r.stdout, r.stderr
	if err := cmd.Run(); err != nil {
		r.errorf("uploading to the release %s failed: %v", version, err)
		return exitFail
	}
	fmt.Fprintf(r.stdout, "uploaded %d files to the release %s\n", len(files)+1, version)
	return exitOK
}
