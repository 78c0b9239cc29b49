// Code generated from children_in_care_boundaries.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// ChildrenInCareBoundariesCol holds the index of each of children_in_care_boundaries's columns in ChildrenInCareBoundaries.Columns,
// so readers name a column without a string or a lookup.
var ChildrenInCareBoundariesCol = struct {
	TimePeriod         int // time_period
	TimeIdentifier     int // time_identifier
	GeographicLevel    int // geographic_level
	CountryCode        int // country_code
	CountryName        int // country_name
	RegionCode         int // region_code
	RegionName         int // region_name
	NewLACode          int // new_la_code
	OldLACode          int // old_la_code
	LAName             int // la_name
	Measure            int // measure
	BoundaryBasis      int // boundary_basis
	PublishedUnder     int // published_under
	ChildrenCount      int // children_count
	RatePer10000       int // rate_per_10000
	PopulationEstimate int // population_estimate
	SourceID           int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}

// ChildrenInCareBoundariesRow is one row of children_in_care_boundaries, a field per column: a row built by
// name cannot put a value in the wrong column.
type ChildrenInCareBoundariesRow struct {
	TimePeriod         Value // time_period int32
	TimeIdentifier     Value // time_identifier string
	GeographicLevel    Value // geographic_level string
	CountryCode        Value // country_code string
	CountryName        Value // country_name string
	RegionCode         Value // region_code string
	RegionName         Value // region_name string
	NewLACode          Value // new_la_code string
	OldLACode          Value // old_la_code string
	LAName             Value // la_name string
	Measure            Value // measure string
	BoundaryBasis      Value // boundary_basis string
	PublishedUnder     Value // published_under string
	ChildrenCount      Value // children_count int64
	RatePer10000       Value // rate_per_10000 float64
	PopulationEstimate Value // population_estimate int64
	SourceID           Value // source_id string
}

// Values returns the row's values in children_in_care_boundaries's column order.
func (r *ChildrenInCareBoundariesRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.Measure, r.BoundaryBasis, r.PublishedUnder, r.ChildrenCount, r.RatePer10000, r.PopulationEstimate, r.SourceID}
}

// AppendTo appends the row to b, a builder of children_in_care_boundaries. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *ChildrenInCareBoundariesRow) AppendTo(b *Builder) error {
	if b.Dataset() != &ChildrenInCareBoundaries {
		return fmt.Errorf("a children_in_care_boundaries row appended to %s", b.Dataset().Name)
	}
	v := [17]Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.Measure, r.BoundaryBasis, r.PublishedUnder, r.ChildrenCount, r.RatePer10000, r.PopulationEstimate, r.SourceID}
	return b.Append(v[:]...)
}

// ReadChildrenInCareBoundariesRow reads row i of a table of children_in_care_boundaries.
func ReadChildrenInCareBoundariesRow(r *Reader, i int) ChildrenInCareBoundariesRow {
	return ChildrenInCareBoundariesRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), GeographicLevel: r.Value(i, 2), CountryCode: r.Value(i, 3), CountryName: r.Value(i, 4), RegionCode: r.Value(i, 5), RegionName: r.Value(i, 6), NewLACode: r.Value(i, 7), OldLACode: r.Value(i, 8), LAName: r.Value(i, 9), Measure: r.Value(i, 10), BoundaryBasis: r.Value(i, 11), PublishedUnder: r.Value(i, 12), ChildrenCount: r.Value(i, 13), RatePer10000: r.Value(i, 14), PopulationEstimate: r.Value(i, 15), SourceID: r.Value(i, 16)}
}
