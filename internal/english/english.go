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
