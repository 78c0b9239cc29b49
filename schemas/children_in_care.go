package schemas

// Measures of children_in_care, harmonised across DfE releases (the 2023
// release says "at 31 March", later ones "on 31 March").
const (
	MeasureLookedAfter31March = "Children looked after on 31 March each year"
	MeasureStarting           = "Children starting to be looked after each year"
	MeasureCeasing            = "Children ceasing to be looked after each year"
)

// ChildrenInCare is DfE's "Children looked after in England": counts and
// rates per 10,000 children by year, country, region and local authority.
var ChildrenInCare = Dataset{
	Name:  "children_in_care",
	Title: "Children looked after in England",
	Description: "Children looked after by local authorities in England on 31 March, and children starting and " +
		"ceasing to be looked after during the year, with the rate per 10,000 children aged 0 to 17, by " +
		"country, region and local authority. Each year comes from the newest DfE release that covers it.",
	EES: true,
	Columns: concat(TimeColumns, GeographyColumns, []Column{
		{Name: "measure", Type: String, Role: Filter, Label: "Measure", Description: "Which children are counted: " +
			"looked after on 31 March, starting to be looked after during the year, or ceasing to be looked after during the year", Dictionary: true,
			Default: "Children looked after on 31 March each year"},
		{Name: "children_count", Type: Int64, Role: Indicator, Label: "Number of children", Description: "Number of children", Status: true},
		{Name: "rate_per_10000", Type: Float64, Role: Indicator, Label: "Rate per 10,000 children", Description: "Children per 10,000 children aged 0 to 17", Status: true},
		{Name: "population_estimate", Type: Int64, Role: Indicator, Label: "Population aged 0 to 17", Description: "ONS mid-year estimate of children aged 0 to 17 used for the rate", Status: true},
		{Name: "source_id", Type: String, Role: Filter, Label: "Source file", Description: "Id of the input file the row came from (see sources)", Dictionary: true},
	}),
	Key: []string{"time_period", "geographic_level", "country_code", "region_code", "old_la_code", "measure"},
}
