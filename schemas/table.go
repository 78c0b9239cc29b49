package schemas

import (
	"fmt"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// Allocator is where a table's Arrow buffers come from; builders take one
// so that tests can check that every buffer is released.
type Allocator = memory.Allocator

// DefaultAllocator is Go's own heap.
var DefaultAllocator Allocator = memory.DefaultAllocator

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
	kinds         []kind
}

// NewReader returns a cell reader over t.
func NewReader(t Table) *Reader {
	v, s := t.Dataset.fields()
	k := make([]kind, len(t.Dataset.Columns))
	for j, c := range t.Dataset.Columns {
		k[j] = kindOf(c.Type)
	}
	return &Reader{t: t, value: v, status: s, kinds: k}
}

// Value returns the cell at row i of logical column j.
func (r *Reader) Value(i, j int) Value {
	var v Value
	col := r.t.Record.Column(r.value[j])
	if col.IsValid(i) {
		v.Valid, v.kind = true, r.kinds[j]
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
	return r.RowInto(make([]Value, len(r.value)), i)
}

// RowInto fills row, which has one element per logical column, with row
// i and returns it: for callers that read many rows into one buffer.
func (r *Reader) RowInto(row []Value, i int) []Value {
	for j := range row {
		row[j] = r.Value(i, j)
	}
	return row
}

// Status returns the array of column j's status companion (the source's
// symbols), or nil when the column has none.
func (r *Reader) Status(j int) *array.String {
	if k := r.status[j]; k >= 0 {
		return r.t.Record.Column(k).(*array.String)
	}
	return nil
}

// Rows is the number of rows of the table read.
func (r *Reader) Rows() int { return r.t.Rows() }

// TypeError means a value was appended to a column of another type.
type TypeError struct {
	Dataset, Column string
	Type            Type // the column's
	Got             string
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("%s column %s holds %s values: got a %s", e.Dataset, e.Column, e.Type, e.Got)
}

// Builder appends rows of values to a dataset. A builder made by
// NewBuilder keeps every row for Table; one made by NewStream hands them
// on in batches of a bounded number of rows, so a dataset of any length
// travels to the writers in pieces.
type Builder struct {
	ds            *Dataset
	rb            *array.RecordBuilder
	value, status []int
	kinds         []kind
	// fields are the typed builders of every Arrow field, in schema order.
	fields []array.Builder
	n      int // rows in the current batch
	total  int
	batch  int // rows per batch; 0 keeps every row (NewBuilder)
	emit   func(Table) error
	err    error // a failed emit: the builder takes no more rows
}

// NewBuilder starts an empty table of ds that keeps every row appended;
// Table returns them.
func NewBuilder(mem memory.Allocator, ds *Dataset) *Builder {
	return newBuilder(mem, ds, 0, nil)
}

// NewStream starts a builder of ds that calls emit with each batch of
// batchRows rows as it fills, and with the rest on Flush. emit owns the
// table it is given and must release it. An error from emit stops the
// builder: every later Append and Flush returns it.
func NewStream(mem memory.Allocator, ds *Dataset, batchRows int, emit func(Table) error) *Builder {
	if batchRows < 1 {
		batchRows = 1
	}
	return newBuilder(mem, ds, batchRows, emit)
}

func newBuilder(mem memory.Allocator, ds *Dataset, batch int, emit func(Table) error) *Builder {
	v, s := ds.fields()
	k := make([]kind, len(ds.Columns))
	for j, c := range ds.Columns {
		k[j] = kindOf(c.Type)
	}
	rb := array.NewRecordBuilder(mem, ds.Arrow())
	return &Builder{ds: ds, rb: rb, value: v, status: s, kinds: k, fields: rb.Fields(), batch: batch, emit: emit}
}

// Dataset is the dataset the builder builds.
func (b *Builder) Dataset() *Dataset { return b.ds }

// Rows is the number of rows appended so far, in all batches.
func (b *Builder) Rows() int { return b.total }

// Append adds one row; values are given in logical column order. It is an
// error, naming the dataset and column, to give the wrong number of
// values, a value of another type than its column's (a *TypeError), text
// that is not UTF-8, or a symbol in a column that has no status companion
// (the symbol would be lost).
func (b *Builder) Append(values ...Value) error {
	if b.err != nil {
		return b.err
	}
	if len(values) != len(b.ds.Columns) {
		return fmt.Errorf("%s: row has %d values, dataset has %d columns", b.ds.Name, len(values), len(b.ds.Columns))
	}
	for j, v := range values {
		if v.Valid {
			if v.kind != b.kinds[j] {
				c := b.ds.Columns[j]
				return &TypeError{Dataset: b.ds.Name, Column: c.Name, Type: c.Type, Got: v.kind.String()}
			}
			if v.kind == strKind && !utf8.ValidString(v.Str) {
				return fmt.Errorf("%s column %s: %q is not UTF-8 text", b.ds.Name, b.ds.Columns[j].Name, v.Str)
			}
		} else if v.Status != "" && b.status[j] < 0 {
			return fmt.Errorf("%s column %s: symbol %q but the column has no status companion", b.ds.Name, b.ds.Columns[j].Name, v.Status)
		}
	}
	for j, v := range values {
		fb := b.fields[b.value[j]]
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
			sb := b.fields[k].(*array.StringBuilder)
			if !v.Valid && v.Status != "" {
				sb.Append(v.Status)
			} else {
				sb.AppendNull()
			}
		}
	}
	b.n++
	b.total++
	if b.batch > 0 && b.n >= b.batch {
		return b.Flush()
	}
	return nil
}

// Flush hands the rows appended since the last batch to emit, if there
// are any. A builder made by NewBuilder has nothing to flush.
func (b *Builder) Flush() error {
	if b.err != nil || b.emit == nil || b.n == 0 {
		return b.err
	}
	t := Table{Dataset: b.ds, Record: b.rb.NewRecord()}
	b.n = 0
	if err := b.emit(t); err != nil {
		b.err = fmt.Errorf("%s: %w", b.ds.Name, err)
	}
	return b.err
}

// Table returns the rows appended so far as a table and resets the builder.
func (b *Builder) Table() Table {
	b.n = 0
	return Table{Dataset: b.ds, Record: b.rb.NewRecord()}
}

// Release frees the builder.
func (b *Builder) Release() { b.rb.Release() }
