// Code generated from fostering.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// FosteringCol holds the index of each of fostering's columns in Fostering.Columns,
// so readers name a column without a string or a lookup.
var FosteringCol = struct {
	TimePeriod      int // time_period
	TimeIdentifier  int // time_identifier
	GeographicLevel int // geographic_level
	CountryCode     int // country_code
	CountryName     int // country_name
	Measure         int // measure
	AgencyType      int // agency_type
	Count           int // count
	ShareOfAllPct   int // share_of_all_pct
	SourceID        int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}

// FosteringRow is one row of fostering, a field per column: a row built by
// name cannot put a value in the wrong column.
type FosteringRow struct {
	TimePeriod      Value // time_period int32
	TimeIdentifier  Value // time_identifier string
	GeographicLevel Value // geographic_level string
	CountryCode     Value // country_code string
	CountryName     Value // country_name string
	Measure         Value // measure string
	AgencyType      Value // agency_type string
	Count           Value // count int64
	ShareOfAllPct   Value // share_of_all_pct float64
	SourceID        Value // source_id string
}

// Values returns the row's values in fostering's column order.
func (r *FosteringRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.Measure, r.AgencyType, r.Count, r.ShareOfAllPct, r.SourceID}
}

// AppendTo appends the row to b, a builder of fostering. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *FosteringRow) AppendTo(b *Builder) error {
	if b.Dataset() != &Fostering {
		return fmt.Errorf("a fostering row appended to %s", b.Dataset().Name)
	}
	v := [10]Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.Measure, r.AgencyType, r.Count, r.ShareOfAllPct, r.SourceID}
	return b.Append(v[:]...)
}

// ReadFosteringRow reads row i of a table of fostering.
func ReadFosteringRow(r *Reader, i int) FosteringRow {
	return FosteringRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), GeographicLevel: r.Value(i, 2), CountryCode: r.Value(i, 3), CountryName: r.Value(i, 4), Measure: r.Value(i, 5), AgencyType: r.Value(i, 6), Count: r.Value(i, 7), ShareOfAllPct: r.Value(i, 8), SourceID: r.Value(i, 9)}
}
