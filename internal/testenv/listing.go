package testenv

import "strings"

// ListingLines is the text of a code listing as a reader should get it
// back from a book: tabs expanded to stops every tab columns (a character
// taking cells(r) columns: two for a wide one), spaces at line ends dropped.
func ListingLines(code string, tab int, cells func(rune) int) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimSuffix(code, "\n"), "\n") {
		var b strings.Builder
		col := 0
		for _, r := range strings.TrimSuffix(line, "\r") {
			if r == '\t' {
				n := tab - col%tab
				b.WriteString(strings.Repeat(" ", n))
				col += n
				continue
			}
			b.WriteRune(r)
			col += cells(r)
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}
