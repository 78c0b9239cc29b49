package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/internal/testfiles"
)

type row struct {
	Num    int
	Hidden bool
	Cells  []sheet.Cell
}

func readSheet(w sheet.Workbook, name string) ([]row, error) {
	rs, err := w.Rows(name)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		out = append(out, row{rs.Number(), rs.Hidden(), rs.Row()})
	}
	return out, rs.Err()
}

func openBytes(t testing.TB, b []byte) (*Workbook, error) {
	return Open("test.xlsx", bytes.NewReader(b), int64(len(b)), sheet.Limits{})
}

func str(s string) sheet.Cell { return sheet.Cell{Kind: sheet.String, Text: s} }
func num(v float64, text string) sheet.Cell {
	return sheet.Cell{Kind: sheet.Number, Number: v, Text: text}
}
func date(t time.Time, text string) sheet.Cell {
	return sheet.Cell{Kind: sheet.Date, Date: t, Text: text}
}

// TestTypedCells writes a workbook with excelize and reads it back: the
// reader must tell the text "1027078" from the number 1027078, keep full
// precision behind a rounded format, recognise built-in and custom date
// formats, and report hidden rows and row numbers across gaps.
func TestTypedCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	const s = "Data"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", s))
	style := func(st *excelize.Style) int {
		id, err := f.NewStyle(st)
		must(err)
		return id
	}
	ukDate := "dd/mm/yyyy"
	thousands := style(&excelize.Style{NumFmt: 3}) // #,##0
	builtinDate := style(&excelize.Style{NumFmt: 14})
	customDate := style(&excelize.Style{CustomNumFmt: &ukDate})
	percent := style(&excelize.Style{NumFmt: 10})  // 0.00%
	timeOnly := style(&excelize.Style{NumFmt: 20}) // h:mm

	must(f.SetCellStr(s, "A1", "1027078"))
	must(f.SetCellValue(s, "B1", 1027078))
	must(f.SetCellValue(s, "C1", 274968.02709256287))
	must(f.SetCellStyle(s, "C1", "C1", thousands))
	must(f.SetCellValue(s, "D1", 41954))
	must(f.SetCellStyle(s, "D1", "D1", builtinDate))
	must(f.SetCellValue(s, "E1", 44204.5))
	must(f.SetCellStyle(s, "E1", "E1", customDate))
	must(f.SetCellValue(s, "F1", 0.125))
	must(f.SetCellStyle(s, "F1", "F1", percent))
	must(f.SetCellValue(s, "G1", true))
	must(f.SetCellValue(s, "H1", 0.5208333333333334))
	must(f.SetCellStyle(s, "H1", "H1", timeOnly))
	must(f.SetCellStr(s, "I1", ""))
	must(f.SetCellStyle(s, "J1", "J1", thousands)) // styled, blank
	must(f.SetCellStr(s, "A3", "hidden"))
	must(f.SetRowVisible(s, 3, false))
	must(f.SetCellStr(s, "AB6", "far right"))
	must(f.SetCellStr(s, "A7", "line one\nline two"))
	buf, err := f.WriteToBuffer()
	must(err)

	w, err := openBytes(t, buf.Bytes())
	must(err)
	defer w.Close()
	if got := w.Sheets(); !reflect.DeepEqual(got, []string{s}) {
		t.Errorf("Sheets() = %q", got)
	}
	got, err := readSheet(w, s)
	must(err)
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	far := make([]sheet.Cell, 28)
	far[27] = str("far right")
	want := []row{
		{1, false, []sheet.Cell{
			str("1027078"),
			num(1027078, "1027078"),
			num(274968.02709256287, "274,968"),
			date(utc(2014, 11, 11, 0, 0), "11/11/2014"),
			date(utc(2021, 1, 8, 12, 0), "08/01/2021"),
			num(0.125, "12.50%"),
			{Kind: sheet.Bool, Number: 1, Text: "TRUE"},
			date(utc(1899, 12, 30, 12, 30), "12:30"),
		}},
		{3, true, []sheet.Cell{str("hidden")}},
		{6, false, far},
		{7, false, []sheet.Cell{str("line one\nline two")}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %+v\nwant %+v", got, want)
	}
}

// TestReal2022 reads the providers sheet of the real XLSX and checks the
// values an independent parser found in the ODS copy of the same workbook.
func TestReal2022(t *testing.T) {
	path := testfiles.Path(t, testfiles.Ofsted2022XLSX)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	w, err := Open(path, f, fi.Size(), sheet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	wantSheets := []string{"Cover", "Accessibility", "Contents", "Guidance", "Notes", "Meta-data",
		"LA_level_at_31_Mar_2022", "LA_level_in_year_2021-22", "Provider_level_at_31_Mar_2022",
		"Provider_level_in_year_2021-22", "Providers+places_at_31_Mar_2022", "Leavers+Joiners_at_31_Mar_2022",
		"Providers+places_six_monthly", "Latest_OE_31_Mar_Time_Series", "In_Year_Time_series", "LA_inspections_2009-2022"}
	if got := w.Sheets(); !reflect.DeepEqual(got, wantSheets) {
		t.Errorf("Sheets() = %q", got)
	}
	rows, err := readSheet(w, "Providers+places_at_31_Mar_2022")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3580 || rows[len(rows)-1].Num != 3580 {
		t.Fatalf("%d rows, last %d; want 3580", len(rows), rows[len(rows)-1].Num)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	checks := []struct {
		row, col int
		want     sheet.Cell
	}{
		{4, 1, str("URN")},
		{5, 1, num(1027077, "1027077")},
		{5, 4, date(day(2014, 11, 11), "11/11/2014")},
		{5, 8, str("Oakhill  ")},
		{6, 8, str(" ")},
		{3580, 1, str("SC490365")},
		{3580, 4, date(day(2015, 5, 5), "05/05/2015")},
		{3580, 17, num(8, "8")},
		{3580, 19, str("Bayis Sheli Limited")},
	}
	for _, c := range checks {
		r := rows[c.row-1]
		if r.Num != c.row {
			t.Fatalf("row index %d is row %d", c.row-1, r.Num)
		}
		if got := r.Cells[c.col]; got != c.want {
			t.Errorf("%s%d = %+v, want %+v", sheet.ColumnName(c.col), c.row, got, c.want)
		}
	}
}

// TestColumnNameMatchesExcelize checks sheet.ColumnName against excelize's
// own conversion over every column and beyond.
func TestColumnNameMatchesExcelize(t *testing.T) {
	for i := 0; i < 20000; i++ {
		want, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			break // excelize stops at its column limit
		}
		if got := sheet.ColumnName(i); got != want {
			t.Fatalf("ColumnName(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestIsDateCode(t *testing.T) {
	tests := map[string]bool{
		"dd/mm/yyyy":               true,
		"d-mmm-yy":                 true,
		"[h]:mm:ss":                true,
		"m/d/yy h:mm":              true,
		`[$-F800]dddd\,\ mmmm\ dd`: true,
		"General":                  false,
		"0.00%":                    false,
		"#,##0":                    false,
		`#,##0;[Red]-#,##0`:        false,
		`"Date: "@`:                false,
		`"yes";"yes";"no"`:         false,
		`£#,##0.00`:                false,
	}
	for code, want := range tests {
		if got := isDateCode(code); got != want {
			t.Errorf("isDateCode(%q) = %v, want %v", code, got, want)
		}
	}
}

// minimal builds the smallest XLSX package by hand, so a test can put
// what excelize would never write into the worksheet.
func minimal(t *testing.T, sheetXML string, extra ...string) []byte {
	parts := []string{
		"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="` + ContentType + `"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml", `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetXML + `</sheetData></worksheet>`,
	}
	parts = append(parts, extra...)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+1]))
	}
	zw.Close()
	return buf.Bytes()
}

// TestMinimalPackage reads a hand-made package: an absolute relationship
// target, cells without r attributes, an inline string and an error value.
func TestMinimalPackage(t *testing.T) {
	w, err := openBytes(t, minimal(t,
		`<row r="2"><c><v>1.5</v></c><c t="inlineStr"><is><t>inline</t></is></c><c r="D2" t="e"><v>#N/A</v></c></row>`+
			`<row><c t="b"><v>0</v></c></row>`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := readSheet(w, "S")
	if err != nil {
		t.Fatal(err)
	}
	want := []row{
		{2, false, []sheet.Cell{num(1.5, "1.5"), str("inline"), {}, str("#N/A")}},
		{3, false, []sheet.Cell{{Kind: sheet.Bool, Text: "FALSE"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %+v\nwant %+v", got, want)
	}
}

func TestHostile(t *testing.T) {
	tests := []struct {
		name    string
		file    []byte
		lim     sheet.Limits
		want    error
		limit   string
		cellCol string
	}{
		{name: "not a zip", file: []byte("<html>not found</html>"), want: sheet.ErrNotSpreadsheet},
		{name: "zip without relationships", file: func() []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			zw.Create("xl/workbook.xml")
			zw.Close()
			return buf.Bytes()
		}(), want: sheet.ErrNotSpreadsheet},
		{name: "zip bomb in a part", file: minimal(t, "", "xl/media/pad.xml", strings.Repeat(" ", 4<<20)), want: sheet.ErrTooLarge, limit: "MaxRatio"},
		{name: "package over the size cap", file: minimal(t, `<row r="1"><c t="inlineStr"><is><t>`+strings.Repeat("x", 1<<20)+`</t></is></c></row>`),
			lim: sheet.Limits{MaxPartSize: 1 << 20}, want: sheet.ErrTooLarge, limit: "MaxPartSize"},
		{name: "a number that is not one", file: minimal(t, `<row r="1"><c r="B1"><v>1O27078</v></c></row>`), want: sheet.ErrMalformed, cellCol: "B"},
		{name: "a cell beyond the last column", file: minimal(t, `<row r="1"><c r="Z1"><v>1</v></c></row>`), lim: sheet.Limits{MaxColumns: 10}, want: sheet.ErrTooLarge, limit: "MaxColumns"},
		{name: "bad XML in the worksheet", file: minimal(t, `<row r="1"><c r="A1"><v>1</v></row>`), want: sheet.ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := func() error {
				w, err := Open("test.xlsx", bytes.NewReader(tc.file), int64(len(tc.file)), tc.lim)
				if err != nil {
					return err
				}
				defer w.Close()
				for _, s := range w.Sheets() {
					if _, err := readSheet(w, s); err != nil {
						return err
					}
				}
				return nil
			}()
			if !errors.Is(err, tc.want) {
				t.Fatalf("error = %v, want %v", err, tc.want)
			}
			if tc.limit != "" {
				var le *sheet.LimitError
				if !errors.As(err, &le) || le.Limit != tc.limit {
					t.Errorf("error = %v, want a LimitError on %s", err, tc.limit)
				}
			}
			if tc.cellCol != "" {
				var ce *sheet.CellError
				if !errors.As(err, &ce) || ce.Column != tc.cellCol || ce.Row != 1 || ce.Sheet != "S" {
					t.Errorf("error = %v, want a CellError at S!%s1", err, tc.cellCol)
				}
			}
		})
	}
}

func TestNoSheet(t *testing.T) {
	w, err := openBytes(t, minimal(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	_, err = w.Rows("Providers")
	if !errors.Is(err, sheet.ErrNoSheet) || !strings.Contains(err.Error(), `"Providers"`) || !strings.Contains(err.Error(), `(sheets: "S")`) {
		t.Errorf("error = %v", err)
	}
}
