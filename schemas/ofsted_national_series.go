package schemas

// FilterTotal is the filter item of every item together, named as EES
// names a filter's total (the table tool opens on it): the provision_type
// of Ofsted's "All" column in ofsted_national_series, the sector of all
// sectors in supported_accommodation.
const FilterTotal = "Total"

// OfstedNationalSeries is Ofsted's own national time series of children's
// social care providers and places by provision type on 31 March, from the
// Providers+places_Time_series sheet of its underlying-data workbook. It is
// the published national count that the register's counts are compared
// with (the register of a year read from another file is complete when it
// holds as many children's homes as this series says).
var OfstedNationalSeries = Dataset{
	Name:  "ofsted_national_series",
	Title: "Children's social care providers and places in England on 31 March by provision type, Ofsted's national series",
	Description: "Ofsted's own national series of providers and places on 31 March, every year the newest underlying-data workbook " +
		"with the sheet Providers+places_Time_series gives (2012 to 2025 in the 2025 workbook), by provision type. " +
		"Provision types are named as in care_providers (Children's home, Supported Accommodation); Total is Ofsted's All column, " +
		"which up to 2013 also counts local authority fostering and adoption agencies, excluded from 30 September 2013 (Ofsted's " +
		"note 2), and All children's homes incl. secure and residential special schools is Ofsted's All Children's Homes column. " +
		"A cell Ofsted leaves empty because it did not collect the type that year (supported accommodation, registered from " +
		"April 2023, up to 2023; residential holiday schemes up to 2014) is x, never 0; places are z for the types Ofsted " +
		"registers without places (agencies, secure training centres, residential holiday schemes) and x for the total, which " +
		"Ofsted does not give.",
	EES: true,
	Columns: concat(TimeColumns, GeographyColumns[:3], []Column{
		{Name: "provision_type", Type: String, Role: Filter, Label: "Provision type", Description: "Type of provision, named as in " +
			"care_providers (Children's home, Secure children's home, Independent Fostering Agency ...); Total for all types; All " +
			"children's homes incl. secure and residential special schools for Ofsted's All Children's Homes", Dictionary: true},
		{Name: "providers", Type: Int64, Role: Indicator, Label: "Providers", Description: "Providers registered on 31 March; x where Ofsted did not collect the type that year", Status: true},
		{Name: "places", Type: Int64, Role: Indicator, Label: "Places", Description: "Registered places on 31 March; z for types registered without places, x where Ofsted gives none", Status: true},
	}),
	Key: []string{"time_period", "provision_type"},
}
