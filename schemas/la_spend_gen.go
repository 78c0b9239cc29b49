// Code generated from la_spend.go by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.

package schemas

import "fmt"

// LASpendCol holds the index of each of la_spend's columns in LASpend.Columns,
// so readers name a column without a string or a lookup.
var LASpendCol = struct {
	TimePeriod      int // time_period
	TimeIdentifier  int // time_identifier
	GeographicLevel int // geographic_level
	NewLACode       int // new_la_code
	OldLACode       int // old_la_code
	ECode           int // e_code
	LAName          int // la_name
	LAClass         int // la_class
	ServiceArea     int // service_area
	Service         int // service
	Measure         int // measure
	ValueGBP        int // value_gbp
	Note            int // note
	SourceID        int // source_id
}{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}

// LASpendRow is one row of la_spend, a field per column: a row built by
// name cannot put a value in the wrong column.
type LASpendRow struct {
	TimePeriod      Value // time_period int32
	TimeIdentifier  Value // time_identifier string
	GeographicLevel Value // geographic_level string
	NewLACode       Value // new_la_code string
	OldLACode       Value // old_la_code string
	ECode           Value // e_code string
	LAName          Value // la_name string
	LAClass         Value // la_class string
	ServiceArea     Value // service_area string
	Service         Value // service string
	Measure         Value // measure string
	ValueGBP        Value // value_gbp int64
	Note            Value // note string
	SourceID        Value // source_id string
}

// Values returns the row's values in la_spend's column order.
func (r *LASpendRow) Values() []Value {
	return []Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.NewLACode, r.OldLACode, r.ECode, r.LAName, r.LAClass, r.ServiceArea, r.Service, r.Measure, r.ValueGBP, r.Note, r.SourceID}
}

// AppendTo appends the row to b, a builder of la_spend. The values go
// through an array on the stack: appending allocates nothing per row.
func (r *LASpendRow) AppendTo(b *Builder) error {
	if b.Dataset() != &LASpend {
		return fmt.Errorf("a la_spend row appended to %s", b.Dataset().Name)
	}
	v := [14]Value{r.TimePeriod, r.TimeIdentifier, r.GeographicLevel, r.NewLACode, r.OldLACode, r.ECode, r.LAName, r.LAClass, r.ServiceArea, r.Service, r.Measure, r.ValueGBP, r.Note, r.SourceID}
	return b.Append(v[:]...)
}

// ReadLASpendRow reads row i of a table of la_spend.
func ReadLASpendRow(r *Reader, i int) LASpendRow {
	return LASpendRow{TimePeriod: r.Value(i, 0), TimeIdentifier: r.Value(i, 1), GeographicLevel: r.Value(i, 2), NewLACode: r.Value(i, 3), OldLACode: r.Value(i, 4), ECode: r.Value(i, 5), LAName: r.Value(i, 6), LAClass: r.Value(i, 7), ServiceArea: r.Value(i, 8), Service: r.Value(i, 9), Measure: r.Value(i, 10), ValueGBP: r.Value(i, 11), Note: r.Value(i, 12), SourceID: r.Value(i, 13)}
}
