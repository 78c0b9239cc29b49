package schemas

// Measures of fostering: Ofsted's counts on 31 March of the trend sheet of
// "Fostering in England", under plain names (extractors/fostering maps
// each to the sheet's own label).
const (
	MeasureFosterChildren     = "Children and young people in foster placements"
	MeasureFosterCarers       = "Approved foster carers"
	MeasureFosterHouseholds   = "Approved fostering households"
	MeasureHouseholdsForOne   = "Households approved for one child"
	MeasureHouseholdsForTwo   = "Households approved for two children"
	MeasureHouseholdsForThree = "Households approved for three children"
	MeasureHouseholdsForFour  = "Households approved for four or more children"
	MeasureFosterPlaces       = "Approved foster places"
	MeasureFilledPlaces       = "Filled places"
	MeasureVacantPlaces       = "Vacant places"
	MeasureUnavailablePlaces  = "Places not available"
)

// Agency types of fostering: the three column blocks of Ofsted's trend
// sheet (England, Local Authority Fostering Agencies, Independent
// Fostering Agencies).
const (
	AgencyAll         = "All fostering agencies"
	AgencyLocal       = "Local authority fostering agencies"
	AgencyIndependent = "Independent fostering agencies"
)

// Fostering is Ofsted's "Fostering in England" national and sector trend
// data: children placed, carers, households and places on 31 March, for all
// fostering agencies and for local authority and independent agencies
// apart, with each sector's share of the England figure.
//
// Its rows are England's only, so it has the national geography columns
// alone (geographic_level, country_code, country_name): EES rejects a
// column that is blank on every row.
var Fostering = Dataset{
	Name:  "fostering",
	Title: "Fostering in England: places, households, carers and children placed by agency type, 2013 to 2018 (Ofsted)",
	Description: "Foster places (approved, filled, vacant and not available), approved fostering households (in all and by " +
		"how many children they are approved for), approved foster carers and children and young people placed, on 31 March " +
		"2013 to 2018, for England: all fostering agencies, local authority fostering agencies and independent fostering " +
		"agencies, from the trend sheet of Ofsted's \"Fostering in England 1 April 2017 to 31 March 2018\" dataset. Ofsted " +
		"rounds every figure to the nearest 5, so the two sectors need not add up to England exactly. Each sector's share " +
		"is of the England figure. A figure Ofsted marks absent ('..') is x, never 0.",
	EES: true,
	Notes: []string{
		"Ofsted's trend sheet shows absent data as '..' (not supplied, or not collected that year): published as x " +
			"(not available). A blank cell where the sheet gives no figure (households approved for four or more " +
			"children in 2012-13) is x too, and '~' (not applicable) would be z. No figure is filled in or estimated.",
		"time_period is the year ending 31 March: 2018 is Ofsted's 2017-18, the count on 31 March 2018.",
		"Ofsted rounds all figures, totals included, to the nearest 5. Some households had exemptions allowing " +
			"more children than they were approved for, so filled, vacant and unavailable places can add up to " +
			"slightly more than the approved places (Ofsted's note to the sheet).",
	},
	Columns: concat(TimeColumns, GeographyColumns[:3], []Column{
		{Name: "measure", Type: String, Role: Filter, Label: "Measure", Description: "What is counted on 31 March: " +
			"foster places (approved, filled, vacant, not available), approved fostering households (all, or by the " +
			"number of children they are approved for), approved foster carers, or children and young people placed",
			Dictionary: true, Default: MeasureFosterPlaces},
		{Name: "agency_type", Type: String, Role: Filter, Label: "Agency type", Description: "All fostering agencies " +
			"(Ofsted's England column), local authority fostering agencies or independent fostering agencies",
			Dictionary: true, Default: AgencyAll},
		{Name: "count", Type: Int64, Role: Indicator, Label: "Number", Description: "The number counted, as Ofsted " +
			"published it (rounded to the nearest 5); x where Ofsted's sheet has '..' (absent) or no figure", Status: true},
		{Name: "share_of_all_pct", Type: Float64, Role: Indicator, Unit: "%", DP: 1, Label: "Share of all agencies (%)",
			Description: "The number as a percentage of the same measure for all fostering agencies in the same year, " +
				"rounded half up to one decimal place (100 for all agencies); x where either figure is absent", Status: true},
		{Name: "source_id", Type: String, Role: Filter, Label: "Source file", Description: "Id of the input file the row came from (see sources)", Dictionary: true},
	}),
	Key: []string{"time_period", "geographic_level", "country_code", "measure", "agency_type"},
}
