package schemas

import (
	"fmt"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// Table is a dataset with its rows, held columnar as one Arrow record laid
// out by Dataset.Arrow. The Parquet writer writes the record as it is; CSV
// and Excel read it cell by cell through Value.
type Table struct {
	Dataset *Dataset
	Record  arrow.Record
}

// Rows is the number of rows.
func (t Table) Rows() int {
	if t.Record == nil {
		return 0
	}
	return int(t.Record.NumRows())
}

// Release frees the record's memory.
func (t Table) Release() {
	if t.Record != nil {
		t.Record.Release()
	}
}

// fields maps each logical column to its Arrow field index and its status
// companion's (-1 when it has none).
func (d *Dataset) fields() (value, status []int) {
	value, status = make([]int, len(d.Columns)), make([]int, len(d.Columns))
	i := 0
	for j, c := range d.Columns {
		value[j], status[j] = i, -1
		i++
		if c.Status {
			status[j] = i
			i++
		}
	}
	return value, status
}

// Reader reads a table's cells by row and logical column.
type Reader struct {
	t             Table
	value, status []int
}

// NewReader returns a cell reader over t.
func NewReader(t Table) *Reader {
	v, s := t.Dataset.fields()
	return &Reader{t: t, value: v, status: s}
}

// Value returns the cell at row i of logical column j.
func (r *Reader) Value(i, j int) Value {
	var v Value
	col := r.t.Record.Column(r.value[j])
	if col.IsValid(i) {
		v.Valid = true
		switch a := col.(type) {
		case *array.Int32:
			v.Int = int64(a.Value(i))
		case *array.Int64:
			v.Int = a.Value(i)
		case *array.Float64:
			v.Float = a.Value(i)
		case *array.Date32:
			v.Int = int64(a.Value(i))
		case *array.Timestamp:
			v.Int = int64(a.Value(i)) / 1000 // milliseconds to Unix seconds
		case *array.String:
			v.Str = a.Value(i)
		case *array.Boolean:
			if a.Value(i) {
				v.Int = 1
			}
		default:
			panic(fmt.Sprintf("schemas: column %s has unsupported Arrow type %s", r.t.Dataset.Columns[j].Name, col.DataType()))
		}
		return v
	}
	if k := r.status[j]; k >= 0 {
		if s := r.t.Record.Column(k).(*array.String); s.IsValid(i) {
			v.Status = s.Value(i)
		}
	}
	return v
}

// Row returns row i as values in logical column order.
func (r *Reader) Row(i int) []Value {
	row := make([]Value, len(r.value))
	for j := range row {
		row[j] = r.Value(i, j)
	}
	return row
}

// Builder appends rows of values to a table of one dataset.
type Builder struct {
	ds            *Dataset
	rb            *array.RecordBuilder
	value, status []int
}

// NewBuilder starts an empty table of ds.
func NewBuilder(mem memory.Allocator, ds *Dataset) *Builder {
	v, s := ds.fields()
	return &Builder{ds: ds, rb: array.NewRecordBuilder(mem, ds.Arrow()), value: v, status: s}
}

// Append adds one row; values are given in logical column order. A value
// with a Status in a column that has no status companion is an error: the
// symbol would be lost.
func (b *Builder) Append(values ...Value) error {
	if len(values) != len(b.ds.Columns) {
		return fmt.Errorf("%s: row has %d values, dataset has %d columns", b.ds.Name, len(values), len(b.ds.Columns))
	}
	for j, v := range values {
		c := b.ds.Columns[j]
		if !v.Valid && v.Status != "" && !c.Status {
			return fmt.Errorf("%s column %s: symbol %q but the column has no status companion", b.ds.Name, c.Name, v.Status)
		}
	}
	for j, v := range values {
		fb := b.rb.Field(b.value[j])
		if !v.Valid {
			fb.AppendNull()
		} else {
			switch f := fb.(type) {
			case *array.Int32Builder:
				f.Append(int32(v.Int))
			case *array.Int64Builder:
				f.Append(v.Int)
			case *array.Float64Builder:
				f.Append(v.Float)
			case *array.Date32Builder:
				f.Append(arrow.Date32(v.Int))
			case *array.TimestampBuilder:
				f.Append(arrow.Timestamp(v.Int * 1000)) // Unix seconds to milliseconds
			case *array.StringBuilder:
				f.Append(v.Str)
			case *array.BooleanBuilder:
				f.Append(v.Int != 0)
			}
		}
		if k := b.status[j]; k >= 0 {
			sb := b.rb.Field(k).(*array.StringBuilder)
			if !v.Valid && v.Status != "" {
				sb.Append(v.Status)
			} else {
				sb.AppendNull()
			}
		}
	}
	return nil
}

// Table returns the rows appended so far as a table and resets the builder.
func (b *Builder) Table() Table {
	return Table{Dataset: b.ds, Record: b.rb.NewRecord()}
}

// Release frees the builder.
func (b *Builder) Release() { b.rb.Release() }

// Concat joins tables of the same dataset into one, in order. The inputs
// stay owned by the caller.
func Concat(mem memory.Allocator, tables ...Table) (Table, error) {
	if len(tables) == 0 {
		return Table{}, fmt.Errorf("concat: no tables")
	}
	ds := tables[0].Dataset
	recs := make([]arrow.Record, 0, len(tables))
	for _, t := range tables {
		if t.Dataset.Name != ds.Name {
			return Table{}, fmt.Errorf("concat: %s and %s are different datasets", ds.Name, t.Dataset.Name)
		}
		recs = append(recs, t.Record)
	}
	schema := ds.Arrow()
	cols := make([]arrow.Array, schema.NumFields())
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	var n int64
	for _, r := range recs {
		n += r.NumRows()
	}
	for i := range cols {
		parts := make([]arrow.Array, len(recs))
		for k, r := range recs {
			parts[k] = r.Column(i)
		}
		c, err := array.Concatenate(parts, mem)
		if err != nil {
			return Table{}, fmt.Errorf("concat %s column %s: %w", ds.Name, schema.Field(i).Name, err)
		}
		cols[i] = c
	}
	return Table{Dataset: ds, Record: array.NewRecord(schema, cols, n)}, nil
}
