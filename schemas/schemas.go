// Package schemas defines, once, every dataset caredata publishes: its
// columns, their types and meaning. Every writer (Parquet, CSV, Excel,
// datapackage.json) and every extractor takes column names and types from
// here, so a published name can only change in one place.
package schemas

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
)

// Type is the published type of a column, named as in spec/datasets.md.
type Type int

// The published column types; each maps to one Arrow type.
const (
	String Type = iota
	Int32
	Int64
	Float64
	Date32
	Timestamp
	Bool
)

// String returns the type's name as the spec writes it.
func (t Type) String() string {
	switch t {
	case String:
		return "string"
	case Int32:
		return "int32"
	case Int64:
		return "int64"
	case Float64:
		return "float64"
	case Date32:
		return "date32"
	case Timestamp:
		return "timestamp"
	case Bool:
		return "bool"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// Numeric reports whether values of the type are numbers (and so stored as
// numbers in Excel and carry a unit and decimal places in .meta.csv).
func (t Type) Numeric() bool { return t == Int32 || t == Int64 || t == Float64 }

// Arrow returns the Arrow data type used in Parquet files.
func (t Type) Arrow() arrow.DataType {
	switch t {
	case Int32:
		return arrow.PrimitiveTypes.Int32
	case Int64:
		return arrow.PrimitiveTypes.Int64
	case Float64:
		return arrow.PrimitiveTypes.Float64
	case Date32:
		return arrow.FixedWidthTypes.Date32
	case Bool:
		return arrow.FixedWidthTypes.Boolean
	case Timestamp:
		// Milliseconds, because Parquet has no seconds unit: a seconds
		// column would read back as milliseconds anyway.
		return &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}
	}
	return arrow.BinaryTypes.String
}

// Role says what a column is in the EES data standard: observational units
// (time and geography) are not described in .meta.csv; filters and
// indicators are.
type Role int

// Column roles in the EES sense.
const (
	// Observational is a time or geography column.
	Observational Role = iota
	// Filter is a categorical breakdown (measure, provision type, source).
	Filter
	// Indicator is a measured value.
	Indicator
)

// Column is one published column.
type Column struct {
	Name  string // snake_case machine name, exactly as in the spec
	Type  Type
	Label string // human label: .meta.csv label, Excel notes, datapackage title
	// Description is a sentence for the column dictionary.
	Description string
	Role        Role
	// Unit is the EES indicator_unit ("", "%", "£"); DP its decimal places.
	Unit string
	DP   int
	// Status adds a <name>_status column in Parquet carrying the source's
	// suppression symbol when the value is null.
	Status bool
	// Dictionary marks a repetitive string column: Parquet dictionary-encodes it.
	Dictionary bool
	// Default is a filter's EES filter_default, the item the EES table
	// tool selects first, for a filter with no Total item; "" picks the
	// greatest item (the newest date or source).
	Default string
	// Hint is a filter's EES filter_hint where "Filter by <label>" is not
	// enough: a warning the table tool shows beside the filter (a series
	// break, say).
	Hint string
}

// StatusName is the name of the column's status companion.
func (c Column) StatusName() string { return c.Name + "_status" }

// Dataset is one published table: its name is the file stem in every format.
type Dataset struct {
	Name        string
	Title       string
	Description string
	Columns     []Column
	// Key lists the columns that identify a row (documentation and checks).
	Key []string
	// EES marks datasets shaped to the Explore Education Statistics data
	// standard (time and geography columns); they get a .meta.csv companion.
	EES bool
	// Notes are further sentences the workbook's Notes sheet and the
	// catalogue page give after the symbols, e.g. how older sources'
	// symbols are shown.
	Notes []string
}

// Column returns the index of the named column, or -1.
func (d *Dataset) Column(name string) int {
	for i, c := range d.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// ColumnName is the name of column j, for code that names a column by its
// generated index (schemas.LASpendCol.ValueGBP) where text is needed.
func (d *Dataset) ColumnName(j int) string { return d.Columns[j].Name }

// Names returns the names of the columns at the indexes given.
func (d *Dataset) Names(cols ...int) []string {
	out := make([]string, len(cols))
	for i, j := range cols {
		out[i] = d.Columns[j].Name
	}
	return out
}

// KeyText is row i's identifying columns as revisions and claim checks
// print them: name=value pairs of the dataset's key, nulls left out.
func (d *Dataset) KeyText(r *Reader, i int) string {
	var parts []string
	for _, k := range d.Key {
		j := d.Column(k)
		v := r.Value(i, j)
		if !v.Valid {
			continue
		}
		parts = append(parts, k+"="+v.Text(d.Columns[j].Type))
	}
	return strings.Join(parts, "; ")
}

// Header is the list of column names as CSV and Excel carry them: the
// logical columns, without the Parquet-only _status companions.
func (d *Dataset) Header() []string {
	h := make([]string, len(d.Columns))
	for i, c := range d.Columns {
		h[i] = c.Name
	}
	return h
}

// Arrow returns the Arrow schema of the Parquet file: every column, each
// status companion directly after its column.
func (d *Dataset) Arrow() *arrow.Schema {
	fields := make([]arrow.Field, 0, len(d.Columns)+4)
	for _, c := range d.Columns {
		fields = append(fields, arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: true})
		if c.Status {
			fields = append(fields, arrow.Field{Name: c.StatusName(), Type: arrow.BinaryTypes.String, Nullable: true})
		}
	}
	return arrow.NewSchema(fields, nil)
}

// concat joins column lists, so datasets can share the geography columns.
func concat(parts ...[]Column) []Column {
	var out []Column
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
