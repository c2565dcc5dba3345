package build

import (
	"fmt"
	"regexp"
)

// MaxVersionLen is the longest version accepted.
const MaxVersionLen = 100

var versionRE = regexp.MustCompile(`^[A-Za-z0-9_+][A-Za-z0-9._+-]*$`)

// CheckVersion checks a book version ("v1.2.0", "v1.2.0-3-g1a2b3c4-dirty").
// A version names release files (<name>-<version>.epub), so it may hold
// only characters that are safe in file names and URLs everywhere: ASCII
// letters and digits, '.', '_', '+' and '-', not first '.' or '-' (no hidden
// files, no option look-alikes).
func CheckVersion(v string) error {
	switch {
	case v == "":
		return fmt.Errorf("the version is empty")
	case len(v) > MaxVersionLen:
		return fmt.Errorf("version %q is longer than %d characters", v, MaxVersionLen)
	case !versionRE.MatchString(v):
		return fmt.Errorf("version %q may hold only letters, digits, '.', '_', '+' and '-', and must not start with '.' or '-'", v)
	}
	return nil
}
