package catalogue

import (
	"context"

	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// statusSymbols counts, column by column, the symbols in a Parquet file's
// _status columns, which keep the source's own symbol where CSV and Excel
// show the standard one (MHCLG's M and n are x in the CSV, its Y is z).
// Only the status columns are read: for la_spend, half a megabyte of a
// 118 MB CSV's worth of rows.
func statusSymbols(path string, ds *schemas.Dataset) (map[string]map[string]int, error) {
	pf, err := output.OpenParquet(path)
	if err != nil {
		return nil, err
	}
	defer pf.Close()
	sc, err := pf.Schema()
	if err != nil {
		return nil, err
	}
	var cols []int
	var names []string
	for _, c := range ds.Columns {
		if c.Status {
			cols = append(cols, sc.FieldIndices(c.StatusName())...)
			names = append(names, c.Name)
		}
	}
	counts := map[string]map[string]int{}
	if len(cols) == 0 || len(cols) != len(names) {
		return counts, nil
	}
	tbl, err := pf.ReadColumns(context.Background(), cols)
	if err != nil {
		return nil, err
	}
	defer tbl.Release()
	for i, name := range names {
		for _, chunk := range tbl.Column(i).Data().Chunks() {
			for j := 0; j < chunk.Len(); j++ {
				if chunk.IsValid(j) {
					if counts[name] == nil {
						counts[name] = map[string]int{}
					}
					counts[name][chunk.ValueStr(j)]++
				}
			}
		}
	}
	return counts, nil
}
