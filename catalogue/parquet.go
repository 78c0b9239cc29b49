package catalogue

import (
	"context"
	"os"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"

	"github.com/caredata/caredata/schemas"
)

// statusSymbols counts the symbols in a Parquet file's _status columns,
// which keep the source's own symbol where CSV and Excel show the
// standard one (MHCLG's M and n are x in the CSV, its Y is z). Only the
// status columns are read.
func statusSymbols(path string, ds *schemas.Dataset) (map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rdr, err := file.NewParquetReader(f)
	if err != nil {
		return nil, err
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		return nil, err
	}
	sc, err := fr.Schema()
	if err != nil {
		return nil, err
	}
	var cols []int
	for _, c := range ds.Columns {
		if c.Status {
			cols = append(cols, sc.FieldIndices(c.StatusName())...)
		}
	}
	counts := map[string]int{}
	if len(cols) == 0 {
		return counts, nil
	}
	groups := make([]int, rdr.NumRowGroups())
	for i := range groups {
		groups[i] = i
	}
	// Flat schema: a field's index is its leaf column's.
	tbl, err := fr.ReadRowGroups(context.Background(), cols, groups)
	if err != nil {
		return nil, err
	}
	defer tbl.Release()
	for i := range cols {
		for _, chunk := range tbl.Column(i).Data().Chunks() {
			for j := 0; j < chunk.Len(); j++ {
				if chunk.IsValid(j) {
					counts[chunk.ValueStr(j)]++
				}
			}
		}
	}
	return counts, nil
}
