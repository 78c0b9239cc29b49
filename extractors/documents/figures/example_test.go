package figures_test

import (
	"fmt"

	"github.com/caredata/caredata/extractors/documents/figures"
)

func ExampleExtract() {
	text := "Leading the review, Josh MacAlister called for £2.6 billion over five years " +
		"to prevent the number of children in care rising above 100,000."
	for _, c := range figures.Extract(text) {
		period := "none"
		if c.PeriodYears != nil {
			period = fmt.Sprint(*c.PeriodYears)
		}
		fmt.Printf("%s = %v %s %s period=%s topic=%s by=%s projection=%v\n",
			c.Mention, c.Value, c.Unit, c.Comparator, period, c.Topic, *c.AttributedTo, c.IsProjection)
	}
	// Output:
	// £2.6 billion = 2.6e+09 GBP eq period=5 topic=spend by=Josh MacAlister projection=true
	// 100,000 = 100000 count gt period=none topic=children_in_care by=Josh MacAlister projection=true
}
