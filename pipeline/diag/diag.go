// Package diag carries the messages a build reports about its input: errors,
// which stop a build before any output is written, and warnings, which do not.
// Every message names the file it is about and, where one exists, the line and
// column, so that editors and terminals can jump to it.
package diag

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Severity says whether a diagnostic stops the build.
type Severity uint8

const (
	// Warning is a problem the build works around; under --strict it is an error.
	Warning Severity = iota
	// Error stops the build: no output file is written or replaced.
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Pos is a position in a file: Line and Col are 1-based, Col counts Unicode
// code points (what a reader counts, whatever the encoding). A zero Line means
// the message is about the whole file; a zero Col means the whole line.
type Pos struct {
	Path string
	Line int
	Col  int
}

func (p Pos) String() string {
	path := Escape(p.Path)
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", path, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", path, p.Line)
	default:
		return path
	}
}

// Escape makes s safe to print on a terminal or in a CI log: control
// characters (C0, DEL, C1, which can move the cursor, ring the bell or
// start an escape sequence), the bidirectional controls (which can make
// text read other than it is) and bytes that are not UTF-8 are written as
// Go escapes (\x1b, \u202e). Paths and messages carry text from the book
// (file names, quoted source), so every diagnostic is printed through it.
func Escape(s string) string {
	clean := utf8.ValidString(s)
	for _, r := range s {
		if needsEscape(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case r == '\n':
			b.WriteString("\\n")
		case r == '\t':
			b.WriteString("\\t")
		case r == '\r':
			b.WriteString("\\r")
		case r < 0x80 && needsEscape(r):
			fmt.Fprintf(&b, "\\x%02x", r)
		case needsEscape(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

func needsEscape(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, 0x80 <= r && r <= 0x9f:
		return true
	case 0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// Diagnostic is one message about the input.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Message  string
	// Kind names what a warning is about, for a later stage that finds
	// more wrong with the same thing to put its message in its place
	// (Supersede); "" for most.
	Kind Kind
}

// Kind is what a diagnostic is about, where two stages report it.
type Kind string

// The kinds a later stage supersedes: the load's warning at an image
// without alternative text and ebook check's at a skipped heading level,
// which PDF/UA-1 makes errors (pdf.CheckUA).
const (
	KindAltText      Kind = "alt-text"
	KindHeadingLevel Kind = "heading-level"
)

// String formats the diagnostic as "path:line:col: severity: message", the form
// compilers use, so that editors can jump to it.
func (d Diagnostic) String() string {
	if d.Pos.Path == "" {
		return fmt.Sprintf("%s: %s", d.Severity, Escape(d.Message))
	}
	return fmt.Sprintf("%s: %s: %s", d.Pos, d.Severity, Escape(d.Message))
}

// List collects diagnostics; it is safe for concurrent use, so chapters parsed
// in parallel can report into one list.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Errorf adds an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

// Supersede adds d in place of the warnings of d's Kind at d's position: a
// later stage that finds more wrong with something than an earlier one
// warned of (an image without alternative text is an error under
// PDF/UA-1) says so once, at one position.
func (l *List) Supersede(d Diagnostic) {
	l.mu.Lock()
	defer l.mu.Unlock()
	kept := l.items[:0]
	for _, x := range l.items {
		if x.Pos == d.Pos && x.Severity == Warning && x.Kind != "" && x.Kind == d.Kind {
			continue
		}
		kept = append(kept, x)
	}
	l.items = append(kept, d)
}

// Merge appends every diagnostic of other.
func (l *List) Merge(other *List) {
	if other == nil {
		return
	}
	items := other.Items()
	l.mu.Lock()
	l.items = append(l.items, items...)
	l.mu.Unlock()
}

// Items returns the diagnostics sorted by path, line, column and message, so
// that the report does not depend on the order in which concurrent work
// finished.
func (l *List) Items() []Diagnostic {
	l.mu.Lock()
	items := append([]Diagnostic(nil), l.items...)
	l.mu.Unlock()
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].Pos, items[j].Pos
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return items[i].Message < items[j].Message
	})
	return items
}

// PromoteWarnings turns every warning into an error, for --strict.
func (l *List) PromoteWarnings() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.items {
		l.items[i].Severity = Error
	}
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	return l.Count(Error) > 0
}

// Count returns how many diagnostics have severity s.
func (l *List) Count(s Severity) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, d := range l.items {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Len returns the number of diagnostics.
func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}

// Err returns nil when the list holds no errors, and otherwise an error whose
// text is every error, one per line.
func (l *List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &Errors{List: l}
}

// Errors is the error a build returns when its input has errors; the
// diagnostics themselves have already been reported through the List.
type Errors struct {
	List *List
}

func (e *Errors) Error() string {
	var b strings.Builder
	for _, d := range e.List.Items() {
		if d.Severity != Error {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
