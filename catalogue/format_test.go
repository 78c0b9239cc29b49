package catalogue

import (
	"strings"
	"testing"
)

func TestFormats(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{humanBytes(0), "0 bytes"},
		{humanBytes(1), "1 byte"},
		{humanBytes(377), "377 bytes"},
		{humanBytes(26511), "25.9 KB"},
		{humanBytes(117619502), "112.2 MB"},
		{humanBytes(3 << 30), "3.0 GB"},
		{thousands("3320"), "3,320"},
		{thousands("117619502"), "117,619,502"},
		{thousands("-1234"), "-1,234"},
		{thousands("12"), "12"},
		{thousands("x"), "x"},
		{formatValue(81770, "children"), "81,770"},
		{formatValue(84.13583375570198, "%"), "84.1%"},
		{formatValue(5987.4, "£"), "£5,987"},
		{formatValue(1999.5, "£"), "£2,000"},
		{financialYear(202425), "2024-25"},
		{financialYear(2025), "2025"},
		{longDate("2025-03-31"), "31 March 2025"},
		{tickLabel(80000, "children"), "80,000"},
		{tickLabel(20, "%"), "20%"},
		{tickLabel(1000, "£"), "£1,000"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	for raw, want := range map[float64]float64{0.7: 1, 13: 20, 17000: 20000, 45: 50, 0.03: 0.05, 100: 100} {
		if got := niceStep(raw); got != want {
			t.Errorf("niceStep(%v) = %v, want %v", raw, got, want)
		}
	}
}

// TestSVGOfAnchorsEveryString: each text element says how it is aligned
// when it is not left-aligned, and the SVG has no font of its own.
func TestSVGOfAnchorsEveryString(t *testing.T) {
	c := Chart{ID: ChartPrivateShare, Title: "T <&>", Category: "Region", Value: "Share (%)", Unit: "%",
		Points: []Point{{Label: "England", Value: 84.1, Highlight: true}, {Label: "North East", Value: 61.2}}}
	svg, err := svgOf(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`role="img"`, `<title id="chart-private-share-title">T &lt;&amp;&gt;</title>`, `<desc id="chart-private-share-desc">`,
		`text-anchor="end"`, `text-anchor="middle"`, `>North East</text>`, `>84.1%</text>`, `viewBox="0 0 640 `} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %s", want)
		}
	}
	for _, bad := range []string{"<?xml", "font-family:", "@font-face", "url(", "<image", `pt"`} {
		if strings.Contains(svg, bad) {
			t.Errorf("svg contains %s", bad)
		}
	}
}
