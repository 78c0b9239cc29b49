package schemas

// Measures of childrens_homes_locality, as DfE's FOI response names them.
const (
	MeasureHomesNetGain   = "Net gain of children by responsible LA"
	MeasureHomesOutsideLA = "Placed outside the local authority boundary"
)

// ChildrensHomesLocality is DfE's freedom of information response
// 2024-0040813: children looked after on 31 March placed in children's
// homes, how many of each authority's were placed outside its boundary,
// and each authority's net gain (children of other authorities placed in
// its homes less its own children placed outside), 2014 to 2024.
var ChildrensHomesLocality = Dataset{
	Name:  "childrens_homes_locality",
	Title: "Children in children's homes placed outside their local authority, 2014 to 2024 (DfE FOI 2024-0040813)",
	Description: "Children looked after on 31 March and placed in children's homes, from DfE's answer to freedom of information " +
		"request 2024-0040813 (source SSDA903), 2014 to 2024, by country, region (with Inner and Outer London) and local " +
		"authority: the number and percentage of an authority's children in children's homes placed outside its boundary, and " +
		"its net gain (the children of other authorities placed in homes inside its boundary less its own children placed " +
		"outside it; negative when more leave than arrive). National and regional figures are rounded to the nearest 10. " +
		"The response lists every authority that existed in the period, with z in the years it did not. It is a one-off " +
		"answer, not a regular statistical release.",
	EES: true,
	Columns: concat(TimeColumns, GeographyColumns, []Column{
		{Name: "measure", Type: String, Role: Filter, Label: "Measure", Description: "What is counted: children placed outside " +
			"the local authority boundary, or the authority's net gain of children in children's homes", Dictionary: true,
			Default: MeasureHomesOutsideLA},
		{Name: "children_count", Type: Int64, Role: Indicator, Label: "Number of children", Description: "Number of children (a net gain may be negative)", Status: true},
		{Name: "percentage", Type: Float64, Role: Indicator, Unit: "%", Label: "Percentage", Description: "Children placed outside the boundary as a percentage of the authority's children in children's homes (z for the net gain)", Status: true},
		{Name: "source_id", Type: String, Role: Filter, Label: "Source file", Description: "Id of the input file the row came from (see sources)", Dictionary: true},
	}),
	Key: []string{"time_period", "geographic_level", "country_code", "region_code", "old_la_code", "new_la_code", "measure"},
}
