// Package english writes numbers as English sentences need them, for the
// packages that write explanations and chart text (catalogue,
// derive/claimchecks).
package english

import "strconv"

// Ordinal writes 1 as 1st, 2 as 2nd, 3 as 3rd, 11 as 11th, 22 as 22nd.
func Ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// LowerFirst lower-cases a label's first letter for use inside a
// sentence ("Filter by local authority", "… and housing services grew
// fastest"), leaving an acronym as it is ("ONS code").
func LowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 1 && r[1] >= 'a' && r[1] <= 'z' && r[0] >= 'A' && r[0] <= 'Z' {
		r[0] += 'a' - 'A'
	}
	return string(r)
}
