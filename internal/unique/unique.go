// Package unique hands out names (element ids, file names) that are unique
// within a set, numbering repeats of a base name (base, base-1, base-2...)
// in constant time per name: a counter per base name remembers where the
// last search ended, so n repeats of one name cost O(n), not O(n²).
package unique

import "strings"

// Names is a set of names taken. The zero value is not usable; see New.
type Names struct {
	used map[string]bool
	next map[string]int // per base (folded): the first number not yet tried
	fold bool
}

// New returns an empty set; with fold, names that differ only in case are
// the same name (file names in an archive read on a case-insensitive
// system).
func New(fold bool) *Names {
	return &Names{used: map[string]bool{}, next: map[string]int{}, fold: fold}
}

func (s *Names) key(name string) string {
	if s.fold {
		return strings.ToLower(name)
	}
	return name
}

// Reserve marks name as taken and reports whether it was free.
func (s *Names) Reserve(name string) bool {
	k := s.key(name)
	if s.used[k] {
		return false
	}
	s.used[k] = true
	return true
}

// Used returns the names taken (folded, with fold), which the set goes on
// updating.
func (s *Names) Used() map[string]bool { return s.used }

// Taken reports whether name is taken.
func (s *Names) Taken(name string) bool { return s.used[s.key(name)] }

// Unique takes and returns base if it is free, or else the first free
// name(i) for i = first, first+1, ...: the same name a search from first
// would find every time, since a name once taken stays taken.
func (s *Names) Unique(base string, first int, name func(i int) string) string {
	if s.Reserve(base) {
		return base
	}
	k := s.key(base)
	i := max(s.next[k], first)
	for !s.Reserve(name(i)) {
		i++
	}
	s.next[k] = i + 1
	return name(i)
}
