package validate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"

	"github.com/caredata/caredata/schemas"
)

func init() {
	Rules["parquet-read"] = "every Parquet file reads back with the Arrow reader"
	Rules["parquet-schema"] = "a Parquet file's schema is its dataset's schema in schemas/"
	Rules["parquet-rows"] = "a Parquet file has as many rows as its CSV"
}

// checkParquet reads a Parquet file's footer and schema with the Arrow
// reader, compares the schema with the dataset's, and its row count with
// the CSV's.
func checkParquet(dir, name string, csvRows func(stem string) int, add func(Finding)) {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if err != nil {
		add(Finding{File: name, Rule: "parquet-read", Detail: err.Error()})
		return
	}
	defer f.Close()
	rdr, err := file.NewParquetReader(f)
	if err != nil {
		add(Finding{File: name, Rule: "parquet-read", Detail: err.Error()})
		return
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		add(Finding{File: name, Rule: "parquet-read", Detail: err.Error()})
		return
	}
	got, err := fr.Schema()
	if err != nil {
		add(Finding{File: name, Rule: "parquet-read", Detail: err.Error()})
		return
	}
	stem := strings.TrimSuffix(name, ".parquet")
	if ds := schemas.ByName(stem); ds != nil {
		want := ds.Arrow()
		if got.NumFields() != want.NumFields() {
			add(Finding{File: name, Rule: "parquet-schema", Detail: fmt.Sprintf("%d columns, schemas/ has %d", got.NumFields(), want.NumFields())})
		} else {
			for i, w := range want.Fields() {
				g := got.Field(i)
				if g.Name != w.Name || !arrow.TypeEqual(g.Type, w.Type) {
					add(Finding{File: name, Column: w.Name, Rule: "parquet-schema", Detail: fmt.Sprintf("%s %s, schemas/ says %s %s", g.Name, g.Type, w.Name, w.Type)})
				}
			}
		}
	}
	// Read one column to prove the data pages decode, not just the footer.
	if got.NumFields() > 0 && rdr.NumRowGroups() > 0 {
		groups := make([]int, rdr.NumRowGroups())
		for i := range groups {
			groups[i] = i
		}
		tbl, err := fr.ReadRowGroups(context.Background(), []int{0}, groups)
		if err != nil {
			add(Finding{File: name, Rule: "parquet-read", Detail: "first column does not decode: " + err.Error()})
		} else {
			tbl.Release()
		}
	}
	if n := csvRows(stem); n >= 0 && int(rdr.NumRows()) != n {
		add(Finding{File: name, Rule: "parquet-rows", Detail: fmt.Sprintf("%d rows, %s.csv has %d", rdr.NumRows(), stem, n)})
	}
}
