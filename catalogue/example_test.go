package catalogue_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/caredata/caredata/catalogue"
)

// The pipeline writes the page into the staged release folder, after
// datapackage.json and run.json and before SHA256SUMS:
//
//	f, err := os.Create(filepath.Join(staging, catalogue.FileName))
//	...
//	err = catalogue.Write(f, staging)
//
// testdata/release is a small release of England's national figures alone.
func ExampleWrite() {
	var page bytes.Buffer
	if err := catalogue.Write(&page, "testdata/release"); err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(page.String(), "\n") {
		if strings.HasPrefix(line, "<html") || strings.HasPrefix(line, "<h1>") || strings.HasPrefix(line, `<tr><th scope="row"><a href="#`) {
			fmt.Println(line)
		}
	}
	// Output:
	// <html lang="en-GB">
	// <h1>Release 20261123T020000Z</h1>
	// <tr><th scope="row"><a href="#children_in_care"><code>children_in_care</code></a></th><td>Children looked after in England</td><td class="num">7</td><td class="num">1.1 KB</td></tr>
	// <tr><th scope="row"><a href="#sources"><code>sources</code></a></th><td>Sources of this release</td><td class="num">2</td><td class="num">870 bytes</td></tr>
}

// Charts gives the values the page plots, so they can be checked against
// the CSVs; a chart whose data the release lacks says why.
func ExampleCharts() {
	charts, err := catalogue.Charts("testdata/release")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range charts {
		if c.Absent != "" {
			fmt.Printf("%s: %s\n", c.ID, c.Absent)
			continue
		}
		fmt.Println(c.Title)
		for _, p := range c.Points {
			fmt.Printf("  %s: %.0f %s\n", p.Label, p.Value, c.Unit)
		}
	}
	// Output:
	// Children looked after on 31 March, England
	//   2019: 78140 children
	//   2020: 80000 children
	//   2021: 80780 children
	//   2022: 82090 children
	//   2023: 83750 children
	//   2024: 83530 children
	//   2025: 81770 children
	// chart-private-placements: This release does not include placements.csv, so this chart is not drawn.
	// chart-private-share: This release does not include private_provision_share.csv, so this chart is not drawn.
	// chart-spend-per-child: This release does not include la_profile.csv, so this chart is not drawn.
	// chart-spend-growth: This release does not include spend_growth.csv, so this chart is not drawn.
}
