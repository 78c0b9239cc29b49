// Code generated from ofsted_national_series.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// OfstedNationalSeriesCol holds the index of each of ofsted_national_series's columns in OfstedNationalSeries.Columns,
// so readers name a column without a string or a lookup.
var OfstedNationalSeriesCol = struct {
	TimePeriod      int // time_period
	TimeIdentifier  int // time_identifier
	GeographicLevel int // geographic_level
	CountryCode     int // country_code
	CountryName     int // country_name
	ProvisionType   int // provision_type
	Providers       int // providers
	Places          int // places
}{0, 1, 2, 3, 4, 5, 6, 7}

// OfstedNationalSeriesRow is one row of ofsted_national_series, a field per column: a row built by
// name cannot put a value in the wrong column.
type OfstedNationalSeriesRow struct {
	TimePeriod      Value // time_period int32
	TimeIdentifier  Value // time_identifier string
	GeographicLevel Value // geographic_level string
	CountryCode     Value // country_code string
	CountryName     Value // country_name string
	ProvisionType   Value // provision_type string
	Providers       Value // providers int64
	Places          Value // places int64
}

// Values returns the row's values in ofsted_national_series's column order.
func (r *OfstedNationalSeriesRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.ProvisionType, r.Providers, r.Places}
}

// AppendTo appends the row to b, a builder of ofsted_national_series. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *OfstedNationalSeriesRow) AppendTo(b *Builder) error {
	if b.Dataset() != &OfstedNationalSeries {
		return fmt.Errorf("a ofsted_national_series row appended to %s", b.Dataset().Name)
	}
	v := [8]Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.ProvisionType, r.Providers, r.Places}
	return b.Append(v[:]...)
}

// ReadOfstedNationalSeriesRow reads row i of a table of ofsted_national_series.
func ReadOfstedNationalSeriesRow(r *Reader, i int) OfstedNationalSeriesRow {
	return OfstedNationalSeriesRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), GeographicLevel: r.Value(i, 2), CountryCode: r.Value(i, 3), CountryName: r.Value(i, 4), ProvisionType: r.Value(i, 5), Providers: r.Value(i, 6), Places: r.Value(i, 7)}
}
