package validate

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCellScan feeds arbitrary worksheet XML to the cell scanner: it must
// return findings or an error, never panic or hang.
func FuzzCellScan(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c></row><row r="5"><c r="A5" t="s"><v>0</v></c><c r="B5"><v>1</v></c></row><row r="6" hidden="1"><c r="A6"><v>2019</v></c><c r="B6" t="inlineStr"><is><t>[x]</t></is></c><c r="C6"/></row></sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>`))
	f.Add([]byte(`<row><c><v>1</v></c><c t="str"><v>a</v></c></row><row r="3"><c r="XFD3"><t/></c>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, _ := parseRef("A5:C9")
		s := &cellScan{table: a, numeric: map[int]bool{2: true},
			shared: func(i int) (string, bool) { return "s", i == 0 },
			emit:   func(string, int, string, string) {}}
		s.scan(bytes.NewReader(b), int64(len(b)))
	})
}

// FuzzEES runs the EES checks on an arbitrary data file and .meta.csv, as
// a council's folder could hold: findings, never a panic.
func FuzzEES(f *testing.F) {
	lk, err := loadLookups()
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,sex,count\n2025,Reporting year,National,E92000001,England,,,,,,Total,81770\n202425,Financial year,Local authority,E92000001,England,E12000001,North East,805,E06000001,Hartlepool,Male,c\n"),
		[]byte("col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column,filter_default\nsex,Filter,Sex,,,,Filter by sex,sex,Total\ncount,Indicator,Count,,£m,x,,\n"))
	f.Fuzz(func(t *testing.T, data, meta []byte) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "d.csv"), data, 0o644)
		os.WriteFile(filepath.Join(dir, "d.meta.csv"), meta, 0o644)
		checkCSV(dir, "d.csv", false, lk, func(Finding) {})
	})
}
