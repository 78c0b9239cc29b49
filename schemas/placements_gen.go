// Code generated from placements.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// PlacementsCol holds the index of each of placements's columns in Placements.Columns,
// so readers name a column without a string or a lookup.
var PlacementsCol = struct {
	TimePeriod        int // time_period
	TimeIdentifier    int // time_identifier
	GeographicLevel   int // geographic_level
	CountryCode       int // country_code
	CountryName       int // country_name
	RegionCode        int // region_code
	RegionName        int // region_name
	NewLACode         int // new_la_code
	OldLACode         int // old_la_code
	LAName            int // la_name
	Locality          int // locality
	PlacementType     int // placement_type
	PlacementProvider int // placement_provider
	ChildrenCount     int // children_count
	Percentage        int // percentage
	SourceID          int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}

// PlacementsRow is one row of placements, a field per column: a row built by
// name cannot put a value in the wrong column.
type PlacementsRow struct {
	TimePeriod        Value // time_period int32
	TimeIdentifier    Value // time_identifier string
	GeographicLevel   Value // geographic_level string
	CountryCode       Value // country_code string
	CountryName       Value // country_name string
	RegionCode        Value // region_code string
	RegionName        Value // region_name string
	NewLACode         Value // new_la_code string
	OldLACode         Value // old_la_code string
	LAName            Value // la_name string
	Locality          Value // locality string
	PlacementType     Value // placement_type string
	PlacementProvider Value // placement_provider string
	ChildrenCount     Value // children_count int64
	Percentage        Value // percentage float64
	SourceID          Value // source_id string
}

// Values returns the row's values in placements's column order.
func (r *PlacementsRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.Locality, r.PlacementType, r.PlacementProvider, r.ChildrenCount, r.Percentage, r.SourceID}
}

// AppendTo appends the row to b, a builder of placements. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *PlacementsRow) AppendTo(b *Builder) error {
	if b.Dataset() != &Placements {
		return fmt.Errorf("a placements row appended to %s", b.Dataset().Name)
	}
	v := [16]Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.CountryCode, r.CountryName, r.RegionCode, r.RegionName, r.NewLACode, r.OldLACode, r.LAName, r.Locality, r.PlacementType, r.PlacementProvider, r.ChildrenCount, r.Percentage, r.SourceID}
	return b.Append(v[:]...)
}

// ReadPlacementsRow reads row i of a table of placements.
func ReadPlacementsRow(r *Reader, i int) PlacementsRow {
	return PlacementsRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), GeographicLevel: r.Value(i, 2), CountryCode: r.Value(i, 3), CountryName: r.Value(i, 4), RegionCode: r.Value(i, 5), RegionName: r.Value(i, 6), NewLACode: r.Value(i, 7), OldLACode: r.Value(i, 8), LAName: r.Value(i, 9), Locality: r.Value(i, 10), PlacementType: r.Value(i, 11), PlacementProvider: r.Value(i, 12), ChildrenCount: r.Value(i, 13), Percentage: r.Value(i, 14), SourceID: r.Value(i, 15)}
}
