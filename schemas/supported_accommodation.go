package schemas

// SupportedAccommodation is supported accommodation for looked-after
// children and care leavers aged 16 and 17 on 31 March, by sector and
// area: providers from Ofsted's register, premises and places from its
// premises sheet (SA_Premises_at_31_Mar_YYYY), the first sheet of its kind.
var SupportedAccommodation = Dataset{
	Name:  "supported_accommodation",
	Title: "Supported accommodation for 16- and 17-year-olds on 31 March: providers, premises and places by sector",
	Description: "Supported accommodation registered with Ofsted since April 2023 houses looked-after children and care leavers " +
		"aged 16 and 17 placed there by a local authority. A provider registers once, as an undertaking; a premises is one " +
		"property (a flat, a house, a host's home) where the provider accommodates young people, open or pending on 31 March; " +
		"places are the number of young people a premises can accommodate at once, as the provider told Ofsted, summed over " +
		"premises. England counts what Ofsted counts: every registered provider (including those with no premises open on " +
		"31 March and the few registered from an address in Wales) and all their premises (including one in Wales), so its " +
		"providers and places are those of Ofsted's national series. A region or local authority is where the premises are: " +
		"providers there are those with at least one premises there, so a provider with premises in several areas is " +
		"counted in each and areas do not sum to England; premises and places of English areas sum to England less " +
		"premises outside England. Sectors are as in care_providers; Total is every sector.",
	EES: true,
	Columns: concat(TimeColumns, GeographyColumns, []Column{
		{Name: "sector", Type: String, Role: Filter, Label: "Sector", Description: "Sector of the provider (Private, Local Authority, Voluntary), or Total", Dictionary: true},
		{Name: "providers", Type: Int64, Role: Indicator, Label: "Providers", Description: "Supported accommodation providers registered on 31 March (England), or with at least one premises in the area"},
		{Name: "premises", Type: Int64, Role: Indicator, Label: "Premises", Description: "Premises open or pending on 31 March"},
		{Name: "places", Type: Int64, Role: Indicator, Label: "Places", Description: "Places in those premises; x where a premises' places are not given", Status: true},
	}),
	Key: []string{"time_period", "geographic_level", "region_code", "new_la_code", "sector"},
}
