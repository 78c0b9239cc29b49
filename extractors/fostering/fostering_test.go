package fostering

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/schemas"
)

const (
	file      = "Fostering_in_England_2017-18_dataset.xlsx"
	trendName = "Trend Data 2012-18"
)

func read(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "sources", "ofsted", "fostering", file))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// trend is the vendored workbook's trend sheet, as Parse takes it.
func trend(t testing.TB) []Row {
	t.Helper()
	name, rows, err := ReadSheet(file, read(t))
	if err != nil {
		t.Fatal(err)
	}
	if name != trendName {
		t.Fatalf("trend sheet %q, want %q", name, trendName)
	}
	return rows
}

// find is the row of a year, measure and agency type.
func find(t *testing.T, rows []*schemas.FosteringRow, year int64, measure, agency string) *schemas.FosteringRow {
	t.Helper()
	for _, r := range rows {
		if r.TimePeriod.Int == year && r.Measure.Str == measure && r.AgencyType.Str == agency {
			return r
		}
	}
	t.Fatalf("no row %d %s %s", year, measure, agency)
	return nil
}

// The figures are those of Ofsted's trend sheet (rows 59, 72, 92, 94, 96;
// columns D, I, K, P, R, W), and the shares those a reader works out
// from them: independent agencies had 29,410 of 76,565 approved places on
// 31 March 2013 (38.4%) and 33,540 of 87,120 on 31 March 2018 (38.5%).
func TestParseRealFile(t *testing.T) {
	rows, err := Parse("ofsted-fostering-2017-18", file, trendName, trend(t))
	if err != nil {
		t.Fatal(err)
	}
	if want := 6 * len(Items) * len(Blocks); len(rows) != want {
		t.Errorf("%d rows, want %d (6 years × %d measures × %d agency types)", len(rows), want, len(Items), len(Blocks))
	}
	const (
		all = schemas.AgencyAll
		la  = schemas.AgencyLocal
		ifa = schemas.AgencyIndependent
	)
	tests := []struct {
		year         int64
		measure      string
		agency       string
		count, share string // CSV text
		countStatus  string // Parquet _status of a null count
		shareStatus  string
	}{
		{2013, schemas.MeasureFosterPlaces, all, "76565", "100", "", ""},
		{2013, schemas.MeasureFosterPlaces, la, "47155", "61.6", "", ""},
		{2013, schemas.MeasureFosterPlaces, ifa, "29410", "38.4", "", ""},
		{2018, schemas.MeasureFosterPlaces, all, "87120", "100", "", ""},
		{2018, schemas.MeasureFosterPlaces, la, "53575", "61.5", "", ""},
		{2018, schemas.MeasureFosterPlaces, ifa, "33540", "38.5", "", ""},
		// '..' in 2012-13: not available, never 0, and no share.
		{2013, schemas.MeasureFosterHouseholds, all, "x", "x", "x", "x"},
		{2013, schemas.MeasureFosterHouseholds, ifa, "x", "x", "x", "x"},
		{2014, schemas.MeasureFosterHouseholds, all, "44780", "100", "", ""},
		{2018, schemas.MeasureFosterHouseholds, all, "43475", "100", "", ""},
		{2018, schemas.MeasureFosterHouseholds, la, "28710", "66", "", ""},
		{2018, schemas.MeasureFosterHouseholds, ifa, "14765", "34", "", ""},
		{2018, schemas.MeasureFosterCarers, all, "73530", "100", "", ""},
		{2018, schemas.MeasureFosterCarers, ifa, "25480", "34.7", "", ""},
		{2013, schemas.MeasureVacantPlaces, la, "x", "x", "x", "x"},
		{2018, schemas.MeasureVacantPlaces, ifa, "7600", "44.3", "", ""},
		{2018, schemas.MeasureFilledPlaces, all, "53205", "100", "", ""},
		{2018, schemas.MeasureUnavailablePlaces, la, "8040", "51.4", "", ""},
		{2018, schemas.MeasureFosterChildren, ifa, "17890", "33.7", "", ""},
		// A blank cell (four or more children, 2012-13) is x too.
		{2013, schemas.MeasureHouseholdsForFour, all, "x", "x", "x", "x"},
		{2018, schemas.MeasureHouseholdsForFour, la, "560", "74.2", "", ""},
		// 4,695 of 10,730 is 43.756…%: rounded half up to 43.8.
		{2013, schemas.MeasureHouseholdsForThree, ifa, "4695", "43.8", "", ""},
	}
	for _, tt := range tests {
		r := find(t, rows, tt.year, tt.measure, tt.agency)
		if got := r.Count.Text(schemas.Int64); got != tt.count {
			t.Errorf("%d %s %s: count %s, want %s", tt.year, tt.measure, tt.agency, got, tt.count)
		}
		if got := r.ShareOfAllPct.Text(schemas.Float64); got != tt.share {
			t.Errorf("%d %s %s: share %s, want %s", tt.year, tt.measure, tt.agency, got, tt.share)
		}
		if r.Count.Status != tt.countStatus || r.ShareOfAllPct.Status != tt.shareStatus {
			t.Errorf("%d %s %s: statuses %q, %q", tt.year, tt.measure, tt.agency, r.Count.Status, r.ShareOfAllPct.Status)
		}
	}
	for _, r := range rows {
		if r.TimeIdentifier.Str != "Reporting year" || r.GeographicLevel.Str != schemas.National || r.CountryCode.Str != "E92000001" ||
			r.CountryName.Str != "England" || r.SourceID.Str != "ofsted-fostering-2017-18" {
			t.Fatalf("row %+v", r)
		}
		if r.TimePeriod.Int < 2013 || r.TimePeriod.Int > 2018 {
			t.Fatalf("time period %d", r.TimePeriod.Int)
		}
		// Every null count carries a symbol: nothing is left blank or made 0.
		if !r.Count.Valid && r.Count.Status != "x" {
			t.Errorf("%d %s %s: null count with status %q", r.TimePeriod.Int, r.Measure.Str, r.AgencyType.Str, r.Count.Status)
		}
	}
	// Ofsted rounds each figure to the nearest 5: LA + IFA is England's
	// figure or 5 from it (e.g. places in 2018: 53,575 + 33,540 = 87,115).
	if n, most := Mismatches(rows); n != 21 || most != 5 {
		t.Errorf("%d sums differ from England's, by at most %d; want 21 by 5", n, most)
	}
}

// Extract publishes the vendored workbook with a note on the sums, and
// refuses a second workbook giving the same years.
func TestExtract(t *testing.T) {
	in := []extract.Input{{Source: extract.Source{ID: "ofsted-fostering-2017-18", Extractor: "fostering", Path: file}, Data: read(t)}}
	tables, notes, err := extract.Run(context.Background(), Extractor{}, nil, in)
	if err != nil {
		t.Fatal(err)
	}
	tb := tables[0]
	defer tb.Release()
	if tb.Rows() != 198 {
		t.Errorf("%d rows, want 198", tb.Rows())
	}
	r := schemas.NewReader(tb)
	var found bool
	for i := 0; i < tb.Rows(); i++ {
		row := schemas.ReadFosteringRow(r, i)
		if row.TimePeriod.Int == 2018 && row.Measure.Str == schemas.MeasureFosterPlaces && row.AgencyType.Str == schemas.AgencyIndependent {
			found = row.Count.Int == 33540 && row.ShareOfAllPct.Float == 38.5
		}
	}
	if !found {
		t.Error("no row of 33,540 independent agencies' places in 2018 (38.5%)")
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "45 of 66 cases and differ by at most 5 in 21") {
		t.Errorf("notes %q", notes)
	}
	dup := append(in, extract.Input{Source: extract.Source{ID: "copy", Extractor: "fostering", Path: "copy.xlsx"}, Data: read(t)})
	if _, _, err := extract.Run(context.Background(), Extractor{}, nil, dup); err == nil || !strings.Contains(err.Error(), "both give") {
		t.Errorf("err = %v", err)
	}
}

// edit returns a copy of rows with the cell at a row number and column
// letter set to a string (or, for "", emptied).
func edit(rows []Row, number int, col string, text string) []Row {
	out := make([]Row, len(rows))
	for k, r := range rows {
		out[k] = Row{Number: r.Number, Cells: append([]sheet.Cell(nil), r.Cells...)}
		if r.Number != number {
			continue
		}
		j := 0
		for _, ch := range col {
			j = j*26 + int(ch-'A'+1)
		}
		j--
		for len(out[k].Cells) <= j {
			out[k].Cells = append(out[k].Cells, sheet.Cell{})
		}
		out[k].Cells[j] = sheet.Cell{Text: text, Kind: sheet.String}
		if text == "" {
			out[k].Cells[j] = sheet.Cell{}
		}
	}
	return out
}

// A renamed or moved header, label or value is an error naming the file,
// the sheet, the row and the column (exit 4), never a guess.
func TestParseErrors(t *testing.T) {
	rows := trend(t)
	tests := []struct {
		name   string
		rows   []Row
		layout bool
		row    int
		column string
		msg    string
	}{
		{"block title renamed", edit(rows, 1, "R", "Independent Agencies"), true, 1, "Independent Fostering Agencies", "no row holds the three block titles"},
		{"England title renamed", edit(rows, 1, "D", "All England"), true, 1, "England", "missing England"},
		{"year header renamed in the last block", edit(rows, 2, "W", "2017/18"), true, 2, "Independent Fostering Agencies", `column W holds "2017/18", not the year after 2016-17`},
		{"year header missing in the last block", edit(rows, 2, "W", ""), true, 2, "2017-18", `Independent Fostering Agencies 2012-13 to 2016-17: column W holds ""`},
		{"year header renamed in a middle block", edit(rows, 2, "P", "2017/18"), true, 2, "Local Authority Fostering Agencies", `column P holds "2017/18", not the year after 2016-17`},
		{"first year renamed", edit(rows, 2, "K", "Year"), true, 2, "Local Authority Fostering Agencies", `column K under the title holds "Year"`},
		{"label header renamed", edit(rows, 2, "C", "Item"), true, 2, "Data", "no column headed Data"},
		{"row label renamed", edit(rows, 94, "C", "Approved places"), true, 2, "Data", "missing Number of approved foster places"},
		{"row label twice", edit(rows, 95, "C", "Number of approved foster places"), true, 95, "C", "labels rows 94 and 95"},
		{"bad value", edit(rows, 94, "W", "33,540?"), false, 94, "W", `"33,540?"`},
		{"no sheet rows", nil, true, 0, "England", "no row holds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("id", file, trendName, tt.rows)
			if !errors.Is(err, extract.ErrUnreadable) {
				t.Fatalf("err = %v, want an unreadable-input error", err)
			}
			var le *extract.LayoutError
			var ce *extract.CellError
			switch {
			case tt.layout && errors.As(err, &le):
				if le.File != file || le.Sheet != trendName || le.Row != tt.row || le.Column != tt.column {
					t.Errorf("layout error at %s sheet %q row %d column %q: %v", le.File, le.Sheet, le.Row, le.Column, err)
				}
			case !tt.layout && errors.As(err, &ce):
				if ce.File != file || ce.Sheet != trendName || ce.Row != tt.row || ce.Column != tt.column {
					t.Errorf("cell error at %s sheet %q row %d column %q: %v", ce.File, ce.Sheet, ce.Row, ce.Column, err)
				}
			default:
				t.Fatalf("err = %v (%T)", err, err)
			}
			msg := err.Error()
			for _, want := range []string{file, `sheet "` + trendName + `"`, tt.msg} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not say %q", msg, want)
				}
			}
			if tt.row > 0 && !strings.Contains(msg, "row "+strconv.Itoa(tt.row)) {
				t.Errorf("message %q does not name row %d", msg, tt.row)
			}
		})
	}
}

// rewrite returns the workbook with old replaced by new in one part (the
// shared strings, the workbook's sheet list): the same file as Ofsted
// would publish it with a header or sheet renamed.
func rewrite(t *testing.T, data []byte, part, old, new string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	replaced := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part && bytes.Contains(b, []byte(old)) {
			b = bytes.ReplaceAll(b, []byte(old), []byte(new))
			replaced = true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !replaced {
		t.Fatalf("%q is not in %s", old, part)
	}
	return buf.Bytes()
}

// Through the whole extractor: the workbook with its independent agencies'
// title renamed fails the run naming the file, sheet, row and column; a
// workbook with no trend sheet names the sheets it has.
func TestExtractRenamedHeader(t *testing.T) {
	data := rewrite(t, read(t), "xl/sharedStrings.xml", "Independent Fostering Agencies", "Independent Agencies")
	in := []extract.Input{{Source: extract.Source{ID: "x", Extractor: "fostering", Path: file}, Data: data}}
	_, _, err := extract.Run(context.Background(), Extractor{}, nil, in)
	var le *extract.LayoutError
	if !errors.As(err, &le) || le.File != file || le.Sheet != trendName || le.Row != 1 || le.Column != "Independent Fostering Agencies" {
		t.Fatalf("err = %v", err)
	}
	if want := file + ` sheet "Trend Data 2012-18" row 1 column "Independent Fostering Agencies"`; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want it to start %q", err, want)
	}

	data = rewrite(t, read(t), "xl/workbook.xml", "Trend Data 2012-18", "Trends 2012-18")
	in[0].Data = data
	_, _, err = extract.Run(context.Background(), Extractor{}, nil, in)
	if !errors.As(err, &le) || !strings.Contains(err.Error(), `no sheet named "Trend Data"`) {
		t.Fatalf("err = %v", err)
	}
}

// The shares' rounding: half up at one decimal place, from whole numbers,
// and the symbols of missing figures.
func TestShare(t *testing.T) {
	tests := []struct {
		part, all schemas.Value
		want      string
	}{
		{schemas.Int(33540), schemas.Int(87120), "38.5"},
		{schemas.Int(29410), schemas.Int(76565), "38.4"},
		{schemas.Int(1), schemas.Int(8), "12.5"}, // 12.5 exactly
		{schemas.Int(1), schemas.Int(16), "6.3"}, // 6.25: half up
		{schemas.Int(5), schemas.Int(5), "100"},
		{schemas.Int(0), schemas.Int(5), "0"},
		{schemas.Int(5), schemas.Int(0), "z"},
		{schemas.Missing("x"), schemas.Int(5), "x"},
		{schemas.Int(5), schemas.Missing("z"), "z"},
		{schemas.Null(), schemas.Int(5), "x"},
	}
	for _, tt := range tests {
		if got := Share(tt.part, tt.all).Text(schemas.Float64); got != tt.want {
			t.Errorf("Share(%+v, %+v) = %s, want %s", tt.part, tt.all, got, tt.want)
		}
	}
}

// encode writes rows as the fuzzer's text: a line per row, tabs between
// cells, the row number first; a cell that reads as a number is one.
func encode(rows []Row) []byte {
	var b bytes.Buffer
	for _, r := range rows {
		b.WriteString(strconv.Itoa(r.Number))
		for _, c := range r.Cells {
			b.WriteByte('\t')
			switch c.Kind {
			case sheet.Number:
				b.WriteString(strconv.FormatFloat(c.Number, 'f', -1, 64))
			default:
				b.WriteString(strings.NewReplacer("\t", " ", "\n", " ").Replace(c.Text))
			}
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// decode is encode's inverse for any bytes.
func decode(data []byte) []Row {
	var rows []Row
	for k, line := range strings.Split(string(data), "\n") {
		fields := strings.Split(line, "\t")
		n, err := strconv.Atoi(fields[0])
		if err != nil {
			n = k + 1
		}
		r := Row{Number: n}
		for _, f := range fields[1:] {
			c := sheet.Cell{Text: f, Kind: sheet.String}
			if v, err := strconv.ParseFloat(f, 64); err == nil {
				c = sheet.Cell{Text: f, Kind: sheet.Number, Number: v}
			} else if f == "" {
				c = sheet.Cell{}
			}
			r.Cells = append(r.Cells, c)
		}
		rows = append(rows, r)
	}
	return rows
}

// FuzzParse feeds Parse sheet rows (not zip files: the sheet readers have
// their own fuzz targets): any rows give rows or an error, never a panic;
// every value fits its column, counts are never negative, and each year
// and measure has one row per agency type.
func FuzzParse(f *testing.F) {
	real := encode(trend(f))
	f.Add(real)
	f.Add([]byte("1\t\t\t\tEngland\tLocal Authority Fostering Agencies\tIndependent Fostering Agencies\n" +
		"2\tTopic\tSub-topic\tData\t2017-18\t2017-18\t2017-18\n" +
		"3\t\tPlaces\tNumber of approved foster places\t87120\t53575\t33540\n"))
	f.Add([]byte("1\tEngland\t\tIndependent Fostering Agencies\tLocal Authority Fostering Agencies\n2\t2012-13\tData\t2012-13\t2012-13\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := Parse("fuzz", "fuzz.xlsx", "Trend Data", decode(data))
		if err != nil {
			if !errors.Is(err, extract.ErrUnreadable) {
				t.Fatalf("error %v is not an unreadable-input error", err)
			}
			return
		}
		if len(rows)%(len(Blocks)*len(Items)) != 0 {
			t.Fatalf("%d rows", len(rows))
		}
		for _, r := range rows {
			for j, v := range r.Values() {
				if !v.Fits(schemas.Fostering.Columns[j].Type) {
					t.Fatalf("column %s: %+v", schemas.Fostering.Columns[j].Name, v)
				}
			}
			if r.Count.Valid && r.Count.Int < 0 {
				t.Fatalf("count %d", r.Count.Int)
			}
			if !r.Count.Valid && r.Count.Status == "" {
				t.Fatalf("null count without a symbol")
			}
		}
	})
}
