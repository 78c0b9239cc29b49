package catalogue

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

func parseDate(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }

// thousands groups the digits of an integer written as text: 3320 is
// 3,320. Anything else is returned as it is.
func thousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	d := strings.TrimPrefix(s, "-")
	if d == "" || strings.Trim(d, "0123456789") != "" {
		return s
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// formatNumber writes v with dp decimal places and grouped thousands.
func formatNumber(v float64, dp int) string {
	s := strconv.FormatFloat(v, 'f', dp, 64)
	whole, frac, _ := strings.Cut(s, ".")
	out := thousands(whole)
	if frac != "" {
		out += "." + frac
	}
	return out
}

// formatValue writes a plotted value as the page shows it: counts whole,
// percentages to one decimal place, pounds to the pound.
func formatValue(v float64, unit string) string {
	switch unit {
	case "%":
		return formatNumber(v, 1) + "%"
	case "£":
		return "£" + formatNumber(math.Round(v), 0)
	}
	if v == math.Trunc(v) {
		return formatNumber(v, 0)
	}
	return formatNumber(v, 1)
}

// humanBytes writes a file size for people: 377 bytes, 26.5 KB, 112.2 MB
// (1 KB = 1,024 bytes).
func humanBytes(n int64) string {
	const k = 1024
	switch {
	case n < k:
		if n == 1 {
			return "1 byte"
		}
		return fmt.Sprintf("%d bytes", n)
	case n < k*k:
		return fmt.Sprintf("%.1f KB", float64(n)/k)
	case n < k*k*k:
		return fmt.Sprintf("%.1f MB", float64(n)/(k*k))
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(k*k*k))
}
