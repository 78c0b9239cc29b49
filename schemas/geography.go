package schemas

// TimeColumns are the EES time columns: time_period is 2025 for a reporting
// year or 202425 for a financial year, read with time_identifier.
var TimeColumns = []Column{
	{Name: "time_period", Type: Int32, Label: "Time period", Description: "Year (YYYY) or financial year (YYYYyy), as in Explore Education Statistics"},
	{Name: "time_identifier", Type: String, Label: "Time identifier", Description: "What time_period counts: Reporting year (a count on 31 March) or Financial year", Dictionary: true},
}

// GeographyColumns are the EES geography columns, in the spec's order. A
// column that does not apply to a row's level is null.
var GeographyColumns = []Column{
	{Name: "geographic_level", Type: String, Label: "Geographic level", Description: "National, Regional or Local authority", Dictionary: true},
	{Name: "country_code", Type: String, Label: "Country code", Description: "ONS code of the country (E92000001 England)", Dictionary: true},
	{Name: "country_name", Type: String, Label: "Country", Description: "Country name", Dictionary: true},
	{Name: "region_code", Type: String, Label: "Region code", Description: "ONS code of the region (null on National rows)", Dictionary: true},
	{Name: "region_name", Type: String, Label: "Region", Description: "Region name (null on National rows)", Dictionary: true},
	{Name: "new_la_code", Type: String, Label: "Local authority ONS code", Description: "ONS nine-character code of the local authority, e.g. E09000002", Dictionary: true},
	{Name: "old_la_code", Type: String, Label: "Local authority DfE code", Description: "DfE three-digit code of the local authority", Dictionary: true},
	{Name: "la_name", Type: String, Label: "Local authority", Description: "Local authority name, spelt as DfE spells it", Dictionary: true},
}

// Geographic levels used in the EES geographic_level column.
const (
	National       = "National"
	Regional       = "Regional"
	LocalAuthority = "Local authority"
)

// Geography is one row's place, as the EES columns carry it.
type Geography struct {
	Level                    string
	CountryCode, CountryName string
	RegionCode, RegionName   string
	NewLACode, OldLACode     string
	LAName                   string
}

// Values returns the geography columns' values in GeographyColumns order.
func (g Geography) Values() []Value {
	return []Value{Str(g.Level), Str(g.CountryCode), Str(g.CountryName), Str(g.RegionCode),
		Str(g.RegionName), Str(g.NewLACode), Str(g.OldLACode), Str(g.LAName)}
}

// Code is the code of the row's own level: the country, region or DfE LA code.
func (g Geography) Code() string {
	switch g.Level {
	case LocalAuthority:
		return g.OldLACode
	case Regional:
		return g.RegionCode
	}
	return g.CountryCode
}
