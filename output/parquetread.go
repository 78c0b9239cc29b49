package output

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"

	"github.com/caredata/caredata/schemas"
)

// ParquetFile is a Parquet file opened for reading back with the Arrow
// reader: the run reads what it wrote (for Excel, derivers and the
// comparison with the previous release), and the validator and catalogue
// read a release, all through this one type.
type ParquetFile struct {
	f   *os.File
	rdr *file.Reader
	fr  *pqarrow.FileReader
	// BatchRows is how many rows Scan reads at a time (default 16,384).
	BatchRows int64
}

// OpenParquet opens a Parquet file and reads its footer.
func OpenParquet(path string) (*ParquetFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	rdr, err := file.NewParquetReader(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{Parallel: false, BatchSize: defaultBatchRows}, memory.DefaultAllocator)
	if err != nil {
		rdr.Close()
		return nil, err
	}
	return &ParquetFile{f: f, rdr: rdr, fr: fr, BatchRows: defaultBatchRows}, nil
}

const defaultBatchRows = 16384

// Close closes the file.
func (p *ParquetFile) Close() error { return p.rdr.Close() }

// NumRows is the number of rows the footer states.
func (p *ParquetFile) NumRows() int64 { return p.rdr.NumRows() }

// NumRowGroups is the number of row groups.
func (p *ParquetFile) NumRowGroups() int { return p.rdr.NumRowGroups() }

// Schema is the Arrow schema stored in the file.
func (p *ParquetFile) Schema() (*arrow.Schema, error) { return p.fr.Schema() }

// Metadata returns a key-value metadata entry of the file.
func (p *ParquetFile) Metadata(key string) (string, bool) {
	v := p.rdr.MetaData().KeyValueMetadata().FindValue(key)
	if v == nil {
		return "", false
	}
	return *v, true
}

// ErrSchema means a Parquet file's columns are not its dataset's.
var ErrSchema = errors.New("schema differs from the dataset's")

// SchemaIs reports whether the file's columns are exactly ds's, by name
// and type.
func (p *ParquetFile) SchemaIs(ds *schemas.Dataset) (bool, error) {
	got, err := p.Schema()
	if err != nil {
		return false, err
	}
	want := ds.Arrow()
	if got.NumFields() != want.NumFields() {
		return false, nil
	}
	for i, w := range want.Fields() {
		g := got.Field(i)
		if g.Name != w.Name || !arrow.TypeEqual(g.Type, w.Type) {
			return false, nil
		}
	}
	return true, nil
}

// Scan reads every row as tables of ds, BatchRows rows at a time, and
// calls fn with each; a table is valid only during the call. The file's
// columns must be ds's.
func (p *ParquetFile) Scan(ctx context.Context, ds *schemas.Dataset, fn func(schemas.Table) error) error {
	return p.scanAs(ctx, ds, func() (*pqarrow.FileReader, error) {
		p.fr.Props.BatchSize = p.BatchRows
		return p.fr, nil
	}, fn)
}

// ScanStringDictionaries is Scan with ds's text columns (not their status
// companions) read as dictionary arrays of strings: each row group's
// distinct values once, and an index a row. Only code that handles
// *array.Dictionary columns may be given these tables (the Excel writer,
// which looks each distinct value up once a batch); reading la_spend back
// so allocates a fraction of what its 600,000 rows of strings would.
func (p *ParquetFile) ScanStringDictionaries(ctx context.Context, ds *schemas.Dataset, fn func(schemas.Table) error) error {
	return p.scanAs(ctx, ds, func() (*pqarrow.FileReader, error) {
		props := pqarrow.ArrowReadProperties{BatchSize: p.BatchRows}
		field := 0 // the column's Arrow field (and Parquet leaf): a status companion follows its column
		for _, c := range ds.Columns {
			if c.Type == schemas.String {
				props.SetReadDict(field, true)
			}
			field++
			if c.Status {
				field++
			}
		}
		return pqarrow.NewFileReader(p.rdr, props, memory.DefaultAllocator)
	}, fn)
}

// scanAs checks that the file's columns are ds's and reads its rows as
// tables of ds through the reader reader makes.
func (p *ParquetFile) scanAs(ctx context.Context, ds *schemas.Dataset, reader func() (*pqarrow.FileReader, error), fn func(schemas.Table) error) error {
	ok, err := p.SchemaIs(ds)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("parquet %s: %w", ds.Name, ErrSchema)
	}
	if p.rdr.NumRows() == 0 {
		return nil
	}
	fr, err := reader()
	if err != nil {
		return fmt.Errorf("parquet %s: %w", ds.Name, err)
	}
	return records(ctx, fr, func(rec arrow.Record) error { return fn(schemas.Table{Dataset: ds, Record: rec}) },
		func(err error) error { return fmt.Errorf("parquet %s: %w", ds.Name, err) })
}

// ScanDictionaries reads every row in batches of BatchRows as Arrow
// records in which string columns are dictionary arrays (indexes into each
// row group's distinct values), for code that handles each distinct
// string once, such as hashing rows. The record is valid only during fn.
func (p *ParquetFile) ScanDictionaries(ctx context.Context, fn func(arrow.Record) error) error {
	if p.rdr.NumRows() == 0 {
		return nil
	}
	props := pqarrow.ArrowReadProperties{BatchSize: p.BatchRows}
	sc := p.rdr.MetaData().Schema
	for i := 0; i < sc.NumColumns(); i++ {
		if sc.Column(i).PhysicalType() == parquet.Types.ByteArray {
			props.SetReadDict(i, true)
		}
	}
	fr, err := pqarrow.NewFileReader(p.rdr, props, memory.DefaultAllocator)
	if err != nil {
		return err
	}
	return records(ctx, fr, fn, func(err error) error { return err })
}

// records calls fn with each record fr reads; fn's errors are returned as
// they are, the reader's through wrap.
func records(ctx context.Context, fr *pqarrow.FileReader, fn func(arrow.Record) error, wrap func(error) error) error {
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		return wrap(err)
	}
	defer rr.Release()
	for rr.Next() {
		if err := fn(rr.Record()); err != nil {
			return err
		}
	}
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		return wrap(err)
	}
	return nil
}

// ReadColumns reads whole columns by their field indexes (the schema is
// flat, so a field's index is its leaf column's). The caller releases the
// table.
func (p *ParquetFile) ReadColumns(ctx context.Context, cols []int) (arrow.Table, error) {
	groups := make([]int, p.rdr.NumRowGroups())
	for i := range groups {
		groups[i] = i
	}
	return p.fr.ReadRowGroups(ctx, cols, groups)
}
