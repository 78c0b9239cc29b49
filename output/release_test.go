package output_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/cla"
	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// The acceptance test on real data: children_in_care and revisions built
// from the vendored DfE files read back the same from Parquet, CSV and
// Excel (null + status c in Parquet, c in CSV and [c] in Excel count as
// one value), and the national 31 March series has DfE's figures.
func TestRealTablesAgreeAcrossFormats(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	var in []extract.Input
	for _, f := range []struct{ id, name, release string }{
		{"dfe-cla-2023", "cla_number_and_rate_per_10k_children_2019_to_2023.csv", "2023"},
		{"dfe-cla-2025", "cla_number_and_rate_per_10k_children_2021_to_2025.csv", "2025"},
	} {
		b, err := os.ReadFile(filepath.Join("..", "sources", "dfe", f.name))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, extract.Input{Source: extract.Source{ID: f.id, Path: f.name, Release: f.release}, Data: b})
	}
	tables, _, err := extract.Run(context.Background(), cla.Extractor{}, mem, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, tbl := range tables {
		defer tbl.Release()
	}
	meta := output.Meta{ReleaseID: "test", Licence: "OGL-UK-3.0"}
	for _, tbl := range tables {
		t.Run(tbl.Dataset.Name, func(t *testing.T) {
			pq, err := readParquet(writeTable(t, output.ParquetWriter{}, tbl, meta), mem)
			if err != nil {
				t.Fatal(err)
			}
			csvGrid, err := readCSV(writeTable(t, output.CSVWriter{}, tbl, meta))
			if err != nil {
				t.Fatal(err)
			}
			xlsx, err := readExcel(writeTable(t, output.ExcelWriter{}, tbl, meta), tbl.Dataset)
			if err != nil {
				t.Fatal(err)
			}
			if len(csvGrid) != tbl.Rows()+1 {
				t.Fatalf("csv has %d rows, table %d", len(csvGrid)-1, tbl.Rows())
			}
			assertGrid(t, pq.Grid, csvGrid)
			assertGrid(t, xlsx, csvGrid)
			if tbl.Dataset.Name != schemas.ChildrenInCare.Name {
				return
			}
			want := map[string]string{"2019": "78140", "2020": "80000", "2021": "80780", "2022": "82090",
				"2023": "83750", "2024": "83530", "2025": "81770"}
			h := strings.Join(csvGrid[0], ",")
			if !strings.HasPrefix(h, "time_period,time_identifier,geographic_level") {
				t.Fatalf("header %s", h)
			}
			count, measure, level := tbl.Dataset.Column("children_count"), tbl.Dataset.Column("measure"), tbl.Dataset.Column("geographic_level")
			var suppressed int
			for _, row := range csvGrid[1:] {
				if row[level] == schemas.National && row[measure] == schemas.MeasureLookedAfter31March {
					if row[count] != want[row[0]] {
						t.Errorf("%s national on 31 March = %s, want %s", row[0], row[count], want[row[0]])
					}
					delete(want, row[0])
				}
				if row[count] == "c" {
					suppressed++
				}
			}
			if len(want) != 0 {
				t.Errorf("years missing: %v", want)
			}
			if suppressed == 0 {
				t.Error("no suppressed counts read back: City of London is suppressed")
			}
		})
	}
}

// MHCLG's own symbols stay in Parquet's status column; CSV and Excel show
// the GSS/EES symbol users' tools accept (M and n as x, Y as z).
func TestSourceSymbolsShownAsStandard(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	b := schemas.NewBuilder(mem, &schemas.LASpend)
	defer b.Release()
	for _, sym := range []string{"M", "Y", "n", "x"} {
		if err := b.Append(schemas.Int(202425), schemas.Str("Financial year"), schemas.Str("Local authority"),
			schemas.Str("E07000223"), schemas.Null(), schemas.Str("E3831"), schemas.Str("Adur"), schemas.Str("SD"),
			schemas.Str("Children's social care"), schemas.Str("TOTAL CHILDREN SOCIAL CARE"), schemas.Str("Net Current Expenditure"),
			schemas.Missing(sym), schemas.Null(), schemas.Str("mhclg-ro3-2024-25")); err != nil {
			t.Fatal(err)
		}
	}
	tbl := b.Table()
	defer tbl.Release()
	meta := output.Meta{ReleaseID: "test", Licence: "OGL-UK-3.0"}
	csvGrid, err := readCSV(writeTable(t, output.CSVWriter{}, tbl, meta))
	if err != nil {
		t.Fatal(err)
	}
	xlsx, err := readExcel(writeTable(t, output.ExcelWriter{}, tbl, meta), tbl.Dataset)
	if err != nil {
		t.Fatal(err)
	}
	pq, err := readParquet(writeTable(t, output.ParquetWriter{}, tbl, meta), mem)
	if err != nil {
		t.Fatal(err)
	}
	k := tbl.Dataset.Column("value_gbp")
	for i, want := range []string{"x", "z", "x", "x"} {
		if csvGrid[i+1][k] != want || xlsx[i+1][k] != want || pq.Grid[i+1][k] != want {
			t.Errorf("row %d: csv %q, xlsx %q, parquet %q, want %q", i, csvGrid[i+1][k], xlsx[i+1][k], pq.Grid[i+1][k], want)
		}
	}
	if got := schemas.NewReader(tbl).Value(0, k).Status; got != "M" {
		t.Errorf("the table keeps %q, want the source's M", got)
	}
}
