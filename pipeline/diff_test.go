package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// writeSpend writes la_spend rows (authority code, service, value) as the
// Parquet file of a release folder.
func writeSpend(t *testing.T, dir string, rows []schemas.LASpendRow) {
	t.Helper()
	b := schemas.NewBuilder(memory.DefaultAllocator, &schemas.LASpend)
	defer b.Release()
	for i := range rows {
		if err := rows[i].AppendTo(b); err != nil {
			t.Fatal(err)
		}
	}
	tb := b.Table()
	defer tb.Release()
	f, err := os.Create(filepath.Join(dir, "la_spend.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := (output.ParquetWriter{}).Write(f, output.TableRows(tb), output.Meta{}); err != nil {
		t.Fatal(err)
	}
}

func spend(code, service string, v schemas.Value, source string) schemas.LASpendRow {
	return schemas.LASpendRow{TimePeriod: schemas.Int(202425), TimeIdentifier: schemas.Str("Financial year"),
		GeographicLevel: schemas.Str(schemas.LocalAuthority), NewLACode: schemas.Str(code), ECode: schemas.Str("E" + code),
		LAName: schemas.Str("LA " + code), ServiceArea: schemas.Str(schemas.SpendAreaChildren), Service: schemas.Str(service),
		Measure: schemas.Str(schemas.SpendNet), ValueGBP: v, SourceID: schemas.Str(source)}
}

// The comparison with the previous release counts, by key, rows added and
// removed and the cells of kept rows whose published text changed; a row
// restated by a newer file (source_id alone) and a source symbol shown as
// the same standard one (MHCLG's M is x) are not revised values.
func TestCompare(t *testing.T) {
	prev, cur := t.TempDir(), t.TempDir()
	writeSpend(t, prev, []schemas.LASpendRow{
		spend("E1", "A", schemas.Int(100), "old"),
		spend("E1", "B", schemas.Int(200), "old"),
		spend("E2", "A", schemas.Missing("M"), "old"),
		spend("E3", "A", schemas.Int(5), "old"), // removed
	})
	revised := spend("E1", "B", schemas.Int(250), "new")
	revised.LAName = schemas.Str("Renamed")
	writeSpend(t, cur, []schemas.LASpendRow{
		spend("E1", "A", schemas.Int(100), "new"), // restated: 0
		revised, // value and name: 2
		spend("E2", "A", schemas.Missing("x"), "new"), // M and x both show x: 0
		spend("E4", "A", schemas.Int(7), "new"),       // added
		spend("E5", "A", schemas.Int(8), "new"),       // added
	})
	d, err := compare(context.Background(), prev, cur, &schemas.LASpend)
	if err != nil {
		t.Fatal(err)
	}
	want := difference{added: 2, removed: 1, revised: 2, compared: true}
	if d != want {
		t.Errorf("got %+v, want %+v", d, want)
	}
	// No previous file, or one with other columns: not compared.
	if d, err := compare(context.Background(), t.TempDir(), cur, &schemas.LASpend); err != nil || d.compared {
		t.Errorf("no previous file: %+v, %v", d, err)
	}
	other := t.TempDir()
	b := schemas.NewBuilder(memory.DefaultAllocator, &schemas.Revisions)
	tb := b.Table()
	b.Release()
	defer tb.Release()
	f, err := os.Create(filepath.Join(other, "la_spend.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if err := (output.ParquetWriter{}).Write(f, output.TableRows(tb), output.Meta{}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if d, err := compare(context.Background(), other, cur, &schemas.LASpend); err != nil || d.compared {
		t.Errorf("previous file of other columns: %+v, %v", d, err)
	}
}
