package ofsted

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/schemas"
)

// memRows streams rows held in memory, numbered from 1 (blank rows are
// kept in the numbering and skipped, as the readers do).
type memRows struct {
	rows [][]sheet.Cell
	i    int
}

func (m *memRows) Next() bool {
	for m.i < len(m.rows) {
		m.i++
		for _, c := range m.rows[m.i-1] {
			if !c.IsEmpty() {
				return true
			}
		}
	}
	return false
}
func (m *memRows) Row() []sheet.Cell { return m.rows[m.i-1] }
func (m *memRows) Number() int       { return m.i }
func (m *memRows) Hidden() bool      { return false }
func (m *memRows) Err() error        { return nil }
func (m *memRows) Close() error      { return nil }

// cells turns tab-separated lines into rows: a number is a Number cell,
// "@YYYY-MM-DD" a Date cell, "" an Empty cell, anything else a String.
func cells(text string) *memRows {
	m := &memRows{}
	for _, line := range strings.Split(text, "\n") {
		var row []sheet.Cell
		for _, t := range strings.Split(line, "\t") {
			c := sheet.Cell{Text: t, Kind: sheet.String}
			if t == "" {
				c.Kind = sheet.Empty
			} else if n, err := strconv.ParseFloat(t, 64); err == nil {
				c.Kind, c.Number = sheet.Number, n
			} else if d, err := time.Parse("@2006-01-02", t); err == nil {
				c.Kind, c.Date = sheet.Date, d
			}
			row = append(row, c)
		}
		for len(row) > 0 && row[len(row)-1].IsEmpty() {
			row = row[:len(row)-1]
		}
		m.rows = append(m.rows, row)
	}
	return m
}

func series2025(t *testing.T) *Series {
	t.Helper()
	var s *Series
	for _, snap := range realSnapshots(t) {
		if (snap.Series != nil) != (snap.Date.Year() != 2022) {
			t.Errorf("%s: series %v; the 2023 and 2025 workbooks have the sheet, 2022's not", snap.SourceID, snap.Series != nil)
		}
		if snap.Series != nil && snap.Date.Year() == 2025 {
			s = snap.Series
		}
	}
	if s == nil || s != LatestSeries(realSnapshots(t)) {
		t.Fatal("no series from the 2025 workbook")
	}
	return s
}

// The figures a register's completeness is divided by.
func TestSeriesHomes(t *testing.T) {
	t.Parallel()
	s := series2025(t)
	for year, want := range map[int]int64{2012: 1984, 2015: 1974, 2019: 2221, 2020: 2378, 2023: 3050, 2024: 3423, 2025: 3946} {
		if got, ok := s.Homes(year); !ok || got != want {
			t.Errorf("Homes(%d) = %d, %v; want %d", year, got, ok, want)
		}
	}
	if _, ok := s.Homes(2011); ok {
		t.Error("Homes(2011): the series starts in 2012")
	}
	years := s.Years()
	if len(years) != 14 || years[0] != 2012 || years[13] != 2025 {
		t.Errorf("years %v, want 2012 to 2025", years)
	}
	if len(s.Rows) != 14*15 || s.SourceID != "ofsted-csc-2025" {
		t.Errorf("%d rows from %s, want 14 years × 15 provision types from ofsted-csc-2025", len(s.Rows), s.SourceID)
	}
}

func TestSeriesValues(t *testing.T) {
	t.Parallel()
	s := series2025(t)
	x, z := schemas.Missing("x"), schemas.Missing("z")
	tests := []struct {
		year              int
		typ               string
		providers, places schemas.Value
	}{
		{2025, "Supported Accommodation", schemas.Int(893), schemas.Int(20224)},
		{2024, "Supported Accommodation", schemas.Int(258), schemas.Int(6012)},
		// Blank in Ofsted's sheet: not collected, so x, never 0.
		{2023, "Supported Accommodation", x, x},
		{2014, "Residential Holiday Scheme for Disabled Children", x, z},
		{2015, "Residential Holiday Scheme for Disabled Children", schemas.Int(6), z},
		{2025, typeFosteringAgency, schemas.Int(339), z},
		{2025, "Voluntary Adoption Agency", schemas.Int(29), z},
		{2025, schemas.FilterTotal, schemas.Int(5600), x},
		{2013, schemas.FilterTotal, schemas.Int(3094), x},
		{2012, schemas.GroupAllHomes, schemas.Int(2090), schemas.Int(12046)},
		{2015, typeChildrensHome, schemas.Int(1974), schemas.Int(9097)},
		{2025, typeSchoolAsHome, schemas.Int(49), schemas.Int(1231)},
		{2025, "Further Education College with Residential Accommodation", schemas.Int(34), schemas.Int(5463)},
	}
	for _, tt := range tests {
		r, ok := s.Get(tt.year, tt.typ)
		if !ok {
			t.Errorf("%d %s: no row", tt.year, tt.typ)
			continue
		}
		if !r.Providers.Equal(tt.providers) || !r.Places.Equal(tt.places) {
			t.Errorf("%d %s: providers %+v places %+v; want %+v, %+v", tt.year, tt.typ, r.Providers, r.Places, tt.providers, tt.places)
		}
	}
}

// Ofsted's group columns are sums of its type columns: All Children's
// Homes of the three kinds of home, All of every type from 2014 (before,
// All also counts local authority fostering and adoption agencies, which
// have no column: note 2).
func TestSeriesSums(t *testing.T) {
	t.Parallel()
	s := series2025(t)
	for _, y := range s.Years() {
		var homes, homePlaces, all int64
		for _, r := range s.Rows {
			if r.Year != y {
				continue
			}
			switch r.ProvisionType {
			case typeChildrensHome, typeSecureHome, typeSchoolAsHome:
				homes += r.Providers.Int
				homePlaces += r.Places.Int
				all += r.Providers.Int
			case schemas.GroupAllHomes, schemas.FilterTotal:
			default:
				all += r.Providers.Int // a missing count's Int is 0
			}
		}
		g, _ := s.Get(y, schemas.GroupAllHomes)
		if g.Providers.Int != homes || g.Places.Int != homePlaces {
			t.Errorf("%d: all children's homes %d (%d places), the three kinds sum to %d (%d)", y, g.Providers.Int, g.Places.Int, homes, homePlaces)
		}
		tot, _ := s.Get(y, schemas.FilterTotal)
		if y >= 2014 && tot.Providers.Int != all || y < 2014 && tot.Providers.Int <= all {
			t.Errorf("%d: total %d, the types sum to %d", y, tot.Providers.Int, all)
		}
	}
}

// The registers caredata reads are complete: each holds exactly the homes
// and providers Ofsted's series counts for its year.
func TestRegistersAgreeWithSeries(t *testing.T) {
	t.Parallel()
	s := series2025(t)
	for _, snap := range realSnapshots(t) {
		y := snap.Date.Year()
		var homes int64
		for _, p := range snap.Providers {
			if p.ProvisionType == typeChildrensHome {
				homes++
			}
		}
		want, ok := s.Homes(y)
		if !ok || homes != want {
			t.Errorf("%d: register has %d children's homes, series %d", y, homes, want)
		}
		if tot, _ := s.Get(y, schemas.FilterTotal); tot.Providers != schemas.Int(int64(len(snap.Providers))) {
			t.Errorf("%d: register has %d providers, series %+v", y, len(snap.Providers), tot.Providers)
		}
	}
}

// The 2023 workbook's series (dates as text "31-Mar-15", "-" where not
// collected) says what the 2025 one says for 2012 to 2023, apart from
// supported accommodation, which it has no column for: no year was revised.
func TestSeries2023AgreesWith2025(t *testing.T) {
	t.Parallel()
	s25 := series2025(t)
	var s23 *Series
	for _, snap := range realSnapshots(t) {
		if snap.Date.Year() == 2023 {
			s23 = snap.Series
		}
	}
	if s23 == nil {
		t.Fatal("no series in the 2023 workbook")
	}
	if y := s23.Years(); len(y) != 12 || y[0] != 2012 || y[11] != 2023 || len(s23.Rows) != 12*14 {
		t.Fatalf("2023 series: years %v, %d rows; want 2012 to 2023, 14 types", y, len(s23.Rows))
	}
	for _, r := range s23.Rows {
		w, ok := s25.Get(r.Year, r.ProvisionType)
		if !ok || !w.Providers.Equal(r.Providers) || !w.Places.Equal(r.Places) {
			t.Errorf("%d %s: 2023 workbook %+v %+v, 2025 workbook %+v %+v", r.Year, r.ProvisionType, r.Providers, r.Places, w.Providers, w.Places)
		}
	}
	if r, _ := s23.Get(2013, "Residential Holiday Scheme for Disabled Children"); r.Providers != schemas.Missing("x") {
		t.Errorf("2013 holiday schemes %+v: Ofsted's - is x", r.Providers)
	}
}

const seriesHead = "Date\tData type\tChildren's Homes\tSupported Accommodation\tAll"

func TestParseSeriesErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, rows string
		want       string // in the message, after file, sheet and row
		row        int
		col        string
	}{
		{"not 31 March", seriesHead + "\n@2025-03-30\tProviders\t1\t2\t3", "not a 31 March", 2, "A"},
		{"text date", seriesHead + "\nMarch 2025\tProviders\t1\t2\t3", `"March 2025"`, 2, "A"},
		{"short text date", seriesHead + "\n30-Mar-25\tProviders\t1\t2\t3", "30 March 2025 is not a 31 March", 2, "A"},
		{"fraction", seriesHead + "\n@2025-03-31\tProviders\t1.5\t2\t3", "1.5 is not a whole number", 2, "C"},
		{"words", seriesHead + "\n@2025-03-31\tPlaces\t1\tmany\t3", `"many"`, 2, "D"},
		{"unknown data type", seriesHead + "\n@2025-03-31\tHomes\t1\t2\t3", "neither Providers nor Places", 2, "B"},
		{"repeated year", seriesHead + "\n@2025-03-31\tProviders\t1\t2\t3\n31 March 2025 [Note 1]\tProviders\t1\t2\t3", "repeat row 2", 3, "A"},
		{"repeated type", "Date\tData type\tChildren's Homes\tChildren’s homes", `repeats column C`, 1, "D"},
		{"beyond header", seriesHead + "\n@2025-03-31\tProviders\t1\t2\t3\t4", "right of the last", 2, "F"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseSeries("s.ods", seriesSheet, cells(tt.rows))
			var ce *extract.CellError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a cell error", err)
			}
			if ce.File != "s.ods" || ce.Sheet != seriesSheet || ce.Row != tt.row || ce.Column != tt.col || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v; want row %d column %s and %q", err, tt.row, tt.col, tt.want)
			}
		})
	}
	for _, rows := range []string{"Title only", "Date\tData type\tChildren's Homes", "@2025-03-31\tProviders\t1"} {
		_, err := parseSeries("s.ods", seriesSheet, cells(rows))
		var le *extract.LayoutError
		if !errors.As(err, &le) || le.File != "s.ods" || le.Sheet != seriesSheet || !strings.Contains(err.Error(), "Date | Data type") {
			t.Errorf("%q: err = %v, want a layout error naming the header", rows, err)
		}
	}
}

func TestParseSeriesLayout(t *testing.T) {
	t.Parallel()
	// The places table first, a note between, a type only with places,
	// a symbol and "..": the Data type column says which count a row is.
	rows := "Table b\nDate\tData type\tChildren's Homes\tAll\tNew Type\n31 March 2024 [Note 1]\tPlaces\t10\t\t[c]\n\n" +
		"Table a\nDate\tData type\tChildren's Homes\tAll\n@2024-03-31\tProviders\t2\t..\n31-Mar-23 [Note 2]\tProviders\t1\t5"
	s, err := parseSeries("s.ods", seriesSheet, cells(rows))
	if err != nil {
		t.Fatal(err)
	}
	x := schemas.Missing("x")
	want := []SeriesRow{
		{2023, typeChildrensHome, schemas.Int(1), x},
		{2023, schemas.FilterTotal, schemas.Int(5), x},
		{2023, "New Type", x, x},
		{2024, typeChildrensHome, schemas.Int(2), schemas.Int(10)},
		{2024, schemas.FilterTotal, x, x},
		{2024, "New Type", x, schemas.Missing("c")},
	}
	if len(s.Rows) != len(want) {
		t.Fatalf("rows %+v", s.Rows)
	}
	for i, r := range s.Rows {
		w := want[i]
		if r.Year != w.Year || r.ProvisionType != w.ProvisionType || !r.Providers.Equal(w.Providers) || !r.Places.Equal(w.Places) {
			t.Errorf("row %d: %+v, want %+v", i, r, w)
		}
	}
}

// FuzzParseSeries feeds the parser arbitrary rows: it must return a
// series or an error naming the file and sheet, never panic, and a series
// it returns holds whole counts or symbols, one row per year and type.
func FuzzParseSeries(f *testing.F) {
	f.Add(seriesHead + "\n@2025-03-31\tProviders\t3946\t893\t5600\n31 March 2012 [Note 1]\tProviders\t1984\n\n" +
		"Date\tData type\tChildren's Homes\tSupported Accommodation\n@2025-03-31\tPlaces\t14275\t20224")
	f.Add("Date\tData type\tAll\n@2025-03-31\tPlaces\t[c]\n@2024-03-31\tProviders\t..")
	f.Add(seriesHead + "\n@2025-03-31\tProviders\t-1\t2.5\tx")
	f.Fuzz(func(t *testing.T, text string) {
		s, err := parseSeries("f.ods", seriesSheet, cells(text))
		if err != nil {
			if !strings.Contains(err.Error(), "f.ods") || !strings.Contains(err.Error(), seriesSheet) {
				t.Errorf("error %q names no file and sheet", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, r := range s.Rows {
			k := strconv.Itoa(r.Year) + "\x00" + strings.ToLower(r.ProvisionType)
			if seen[k] {
				t.Errorf("%d %s twice", r.Year, r.ProvisionType)
			}
			seen[k] = true
			for _, v := range []schemas.Value{r.Providers, r.Places} {
				if v.Valid && v.Int < 0 || !v.Valid && v.Status == "" {
					t.Errorf("%d %s: value %+v is neither a count nor a symbol", r.Year, r.ProvisionType, v)
				}
			}
		}
	})
}
