// Code generated from supported_accommodation.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// SupportedAccommodationCol holds the index of each of supported_accommodation's columns in SupportedAccommodation.Columns,
// so readers name a column without a string or a lookup.
var SupportedAccommodationCol = struct {
	TimePeriod      int // time_period
	TimeIdentifier  int // time_identifier
	GeographicLevel int // geographic_level
	CountryCode     int // country_code
	CountryName     int // country_name
	RegionCode      int // region_code
	RegionName      int // region_name
	NewLACode       int // new_la_code
	OldLACode       int // old_la_code
	LAName          int // la_name
	Sector          int // sector
	Providers       int // providers
	Premises        int // premises
	Places          int // places
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}

// SupportedAccommodationRow is one row of supported_accommodation, a field per column: a row built by
// name cannot put a value in the wrong column.
type SupportedAccommodationRow struct {
	TimePeriod      Value // time_period int32
	TimeIdentifier  Value // time_identifier string
	GeographicLevel Value // geographic_level string
	CountryCode     Value // country_code string
	CountryName     Value // country_name string
	RegionCode      Value // region_code string
	RegionName      Value // region_name string
	NewLACode       Value // new_la_code string
	OldLACode       Value // old_la_code string
	LAName          Value // la_name string
	Sector          Value // sector string
	Providers       Value // providers int64
	Premises        Value // premises int64
	Places          Value // places int64
}

// Values returns the row's values in supported_accommodation's column order.
func (r *SupportedAccommodationRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.Sector, r.Providers, r.Premises, r.Places}
}

// AppendTo appends the row to b, a builder of supported_accommodation. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *SupportedAccommodationRow) AppendTo(b *Builder) error {
	if b.Dataset() != &SupportedAccommodation {
		return fmt.Errorf("a supported_accommodation row appended to %s", b.Dataset().Name)
	}
	v := [14]Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.Sector, r.Providers, r.Premises, r.Places}
	return b.Append(v[:]...)
}

// ReadSupportedAccommodationRow reads row i of a table of supported_accommodation.
func ReadSupportedAccommodationRow(r *Reader, i int) SupportedAccommodationRow {
	return SupportedAccommodationRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), GeographicLevel: r.Value(i, 2), CountryCode: r.Value(i, 3), CountryName: r.Value(i, 4), RegionCode: r.Value(i, 5), RegionName: r.Value(i, 6), NewLACode: r.Value(i, 7), OldLACode: r.Value(i, 8), LAName: r.Value(i, 9), Sector: r.Value(i, 10), Providers: r.Value(i, 11), Premises: r.Value(i, 12), Places: r.Value(i, 13)}
}
