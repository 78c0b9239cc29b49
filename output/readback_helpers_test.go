package output_test

import (
	"bytes"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
	"github.com/xuri/excelize/v2"

	"github.com/caredata/caredata/schemas"
)

// The read-back helpers must reject files that break the published rules,
// or the conformance suite could pass on a broken writer.

var helperDS = &schemas.Dataset{
	Name: "helper",
	Columns: []schemas.Column{
		{Name: "n", Type: schemas.Int64, Status: true},
		{Name: "s", Type: schemas.String},
		{Name: "d", Type: schemas.Date32},
	},
}

func TestReadCSVHelper(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    [][]string
		wantErr bool
	}{
		{"bom", "\ufeffn,s\n1,\"a, b\"\n", [][]string{{"n", "s"}, {"1", "a, b"}}, false},
		{"no bom", "n,s\n1,a\n", nil, true},
		{"ragged", "\ufeffn,s\n1\n", nil, true},
		{"empty", "\ufeff", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readCSV([]byte(tc.in))
			if err != nil {
				t.Log(err)
			}
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestQuotedFieldsHelper(t *testing.T) {
	got, err := quotedFields("a,\"b, c\",\"say \"\"hi\"\"\"\n\"x\",y\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"b, c", `say "hi"`, "x"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := quotedFields("a,\"open\n"); err == nil {
		t.Error("unterminated quote accepted")
	}
}

// parquetBytes writes one record with pqarrow directly.
func parquetBytes(t *testing.T, rec arrow.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	fw, err := pqarrow.NewFileWriter(rec.Schema(), struct{ io.Writer }{&buf}, parquet.NewWriterProperties(), pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := fw.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadParquetHelper(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "n", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "n_status", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "d", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	}, nil)
	build := func(n []int64, nValid []bool, status []string, stValid []bool) arrow.Record {
		b := array.NewRecordBuilder(mem, schema)
		defer b.Release()
		b.Field(0).(*array.Int64Builder).AppendValues(n, nValid)
		b.Field(1).(*array.StringBuilder).AppendValues(status, stValid)
		for range n {
			b.Field(2).(*array.Date32Builder).Append(arrow.Date32FromTime(time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)))
		}
		return b.NewRecord()
	}

	good := build([]int64{5, 0, 0}, []bool{true, false, false}, []string{"", "c", ""}, []bool{false, true, false})
	defer good.Release()
	pf, err := readParquet(parquetBytes(t, good), mem)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"n", "d"}, {"5", "2025-03-31"}, {"c", "2025-03-31"}, {"", "2025-03-31"}}
	if !slices.EqualFunc(pf.Grid, want, slices.Equal) {
		t.Errorf("grid %q, want %q", pf.Grid, want)
	}

	both := build([]int64{5}, []bool{true}, []string{"c"}, []bool{true})
	defer both.Release()
	if _, err := readParquet(parquetBytes(t, both), mem); err == nil {
		t.Error("a value with a symbol beside it was accepted")
	}
	if _, err := readParquet([]byte("PAR1 not parquet PAR1"), mem); err == nil {
		t.Error("garbage accepted as Parquet")
	}
}

func TestReadExcelHelper(t *testing.T) {
	serial := 45747.0 // 2025-03-31
	tests := []struct {
		name    string
		row     []any
		dateFmt string
		want    []string
		wantErr bool
	}{
		{"numbers and text", []any{int64(120), "202", serial}, "yyyy-mm-dd", []string{"120", "202", "2025-03-31"}, false},
		{"shorthand", []any{"[c]", "a", nil}, "", []string{"c", "a", ""}, false},
		{"number as text", []any{"120", "a", nil}, "", nil, true},
		{"unbracketed symbol", []any{"c", "a", nil}, "", nil, true},
		{"number in a string column", []any{int64(1), int64(202), nil}, "", nil, true},
		{"date as text", []any{nil, "a", "2025-03-31"}, "", nil, true},
		{"date shown as a serial", []any{nil, "a", serial}, "", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			if err := f.SetSheetName("Sheet1", helperDS.Name); err != nil {
				t.Fatal(err)
			}
			f.SetCellStr(helperDS.Name, "A1", "Title")
			header := helperDS.Header()
			f.SetSheetRow(helperDS.Name, "A2", &header)
			f.SetSheetRow(helperDS.Name, "A3", &tc.row)
			if tc.dateFmt != "" {
				st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &tc.dateFmt})
				if err != nil {
					t.Fatal(err)
				}
				f.SetCellStyle(helperDS.Name, "C3", "C3", st)
			}
			var buf bytes.Buffer
			if _, err := f.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			got, err := readExcel(buf.Bytes(), helperDS)
			if err != nil {
				t.Log(err)
			}
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v (grid %q)", err, tc.wantErr, got)
			}
			if err == nil {
				want := [][]string{header, tc.want}
				if !slices.EqualFunc(got, want, slices.Equal) {
					t.Errorf("got %q, want %q", got, want)
				}
			}
		})
	}
}
