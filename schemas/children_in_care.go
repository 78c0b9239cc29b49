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
		"country, region and local authority, from 31 March 2010 (starting and ceasing from 2019). Each year comes " +
		"from the newest DfE release that covers it.",
	EES: true,
	// How the years before 2019 differ (extractors/cla, layout.go; a test
	// there keeps the symbols in step with its table).
	Notes: []string{
		"2010 to 2018 come from DfE's local authority underlying data files of the statistical releases of 2010 to " +
			"2019 (SFR27/2010 to CLA2019), which give the count on 31 March only: those years have no starting or " +
			"ceasing rows. SFR27/2010 has no rate, and SFR21/2011 to SFR36/2013 neither rate nor population: [x]. " +
			"England and regions are rounded to the nearest 10 (England in 2010 to the nearest 100), authorities not, " +
			"as DfE published them.",
		"Those files' symbols are shown as the EES ones: 'x' as c (suppressed to protect confidentiality: one to " +
			"five children, or a figure from which one could be worked out), 'c' as c (CLA2019), '..' as x (not " +
			"available), '.' as z (not applicable) and '-' as low (rounds to 0 but is not 0).",
		"SFR27/2010 gives DfE's three-digit codes only: its authorities' ONS codes are those DfE's las.csv gives the " +
			"authority in operation on 31 March 2010. Before 2019 an authority's region is the one las.csv gives (London " +
			"boroughs in London, E12000007); the EES files from 2019 place them in Inner or Outer London.",
	},
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
