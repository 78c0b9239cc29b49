package output_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/caredata/caredata/internal/testrelease"
	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// dictRows reads a published Parquet file with its text columns as
// dictionaries, as a run hands tables to the Excel writer.
type dictRows struct{ parquetFileRows }

func (r *dictRows) Each(fn func(schemas.Table) error) error {
	pf, err := output.OpenParquet(r.path)
	if err != nil {
		return err
	}
	defer pf.Close()
	return pf.ScanStringDictionaries(context.Background(), r.ds, fn)
}

// The Excel writer gives the same bytes whether a table's text columns
// come as strings or as dictionaries, on real tables with repeated and
// distinct text, nulls with symbols, and long text (claims' sentences).
func TestExcelFromStringDictionaries(t *testing.T) {
	dir := testrelease.Dir(t)
	for _, ds := range []*schemas.Dataset{&schemas.LAProfile, &schemas.Claims, &schemas.S251Outturn, &schemas.Revisions, &schemas.CareProviders, &schemas.ServiceSpend} {
		t.Run(ds.Name, func(t *testing.T) {
			path := filepath.Join(dir, ds.Name+".parquet")
			var tally output.Tally
			pf, err := output.OpenParquet(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := pf.Scan(context.Background(), ds, func(b schemas.Table) error { tally.Add(b); return nil }); err != nil {
				t.Fatal(err)
			}
			pf.Close()
			sum := output.Summary{Rows: tally.Rows(), Symbols: tally.Symbols(), Sources: testSources}
			var plain, dict bytes.Buffer
			if err := (output.ExcelWriter{}).Write(&plain, &parquetFileRows{ds: ds, path: path, sum: sum}, testMeta); err != nil {
				t.Fatal(err)
			}
			if err := (output.ExcelWriter{}).Write(&dict, &dictRows{parquetFileRows{ds: ds, path: path, sum: sum}}, testMeta); err != nil {
				t.Fatal(err)
			}
			if tally.Rows() == 0 || !bytes.Equal(plain.Bytes(), dict.Bytes()) {
				t.Errorf("%d rows: %d bytes from strings, %d from dictionaries, equal %v", tally.Rows(), plain.Len(), dict.Len(), bytes.Equal(plain.Bytes(), dict.Bytes()))
			}
		})
	}
}
