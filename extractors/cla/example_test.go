package cla_test

import (
	"fmt"

	"github.com/caredata/caredata/extractors/cla"
)

func ExampleParse() {
	data := []byte("\ufefftime_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code,population_count,population_estimate,number,rate_per_10000\n" +
		"2023,Reporting year,Local authority,E92000001,England,E13000001,Inner London,201,City of London,E09000001,Children looked after at 31 March each year,1234,c,c\n")
	rel, err := cla.Parse("example", "example.csv", data, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := rel.Rows[0]
	fmt.Println(rel.Layout)
	fmt.Println(r.Geography.LAName, r.Measure)
	fmt.Printf("count valid=%v status=%q\n", r.Count.Valid, r.Count.Status)
	// Output:
	// 2019 to 2023 release
	// City of London Children looked after on 31 March each year
	// count valid=false status="c"
}
