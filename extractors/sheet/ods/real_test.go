package ods

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/caredata/caredata/extractors/sheet"
)

// TestRealSheets checks the sheet lists of the real files: the 2022 file
// holds 173 tables of which 157 are cached external links, and only the
// 16 real sheets (the same as its XLSX twin lists) may be reported.
func TestRealSheets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file   string
		tables int
		want   []string
	}{{
		file: ofsted2022, tables: 173,
		want: []string{"Cover", "Accessibility", "Contents", "Guidance", "Notes", "Meta-data",
			"LA_level_at_31_Mar_2022", "LA_level_in_year_2021-22", "Provider_level_at_31_Mar_2022",
			"Provider_level_in_year_2021-22", "Providers+places_at_31_Mar_2022", "Leavers+Joiners_at_31_Mar_2022",
			"Providers+places_six_monthly", "Latest_OE_31_Mar_Time_Series", "In_Year_Time_series", "LA_inspections_2009-2022"},
	}, {
		file: ofsted2023, tables: 16,
		want: []string{"Cover", "Accessibility", "Contents", "Guidance", "Notes", "Meta-data",
			"LA_level_at_31_Mar_2023", "LA_level_in_year_2022-23", "Provider_level_at_31_Mar_2023",
			"Provider_level_in_year_2022-23", "Providers+places_at_31_Mar_2023", "Leavers+Joiners_at_31_Mar_2023",
			"Providers+places_Time_series", "Latest_OE_31_Mar_Time_Series", "In_Year_Time_series", "LA_inspections_2009-2023"},
	}, {
		file: ofsted2025, tables: 13,
		want: []string{"Cover", "Contents", "Guidance", "Notes", "Meta-data", "Provider_level_at_31_Mar_2025",
			"Provider_level_in_year_2024-25", "Providers+places_at_31_Mar_2025", "SA_Premises_at_31_Mar_2025",
			"Leavers+Joiners_at_31_Mar_2025", "Providers+places_Time_series", "Latest_OE_31_Mar_Time_Series", "In_Year_Time_series"},
	}, {
		file: ro3202223, tables: 4,
		want: []string{"Front_Page", "Notes", "LA_drop-down", "RO3_LA_Data_2022-23"},
	}, {
		file: ro3202324, tables: 4,
		want: []string{"Front_Page", "Notes", "LA_drop-down", "RO3_LA_Data_2023-24"},
	}, {
		file: ro3202425, tables: 4,
		want: []string{"Front_Page", "Notes", "LA_drop-down", "RO3_LA_Data_202425"},
	}}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			w := sharedFile(t, tc.file)
			if got := w.Sheets(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Sheets() = %q\nwant %q", got, tc.want)
			}
			if len(w.tables) != tc.tables {
				t.Errorf("%d tables in content.xml, want %d", len(w.tables), tc.tables)
			}
			// The byte-level skip must agree with encoding/xml on every
			// real file.
			checkIndexesAgree(t, w)
		})
	}
}

// providerCols are the columns a providers sheet's header row must have.
var providerCols = []string{"URN", "Provision type", "Registration date", "Local authority", "Places"}

// headerAndData finds the header row by its names, as extractors do, and
// returns it with the rows below it.
func headerAndData(t *testing.T, rows []row) (header row, data []row) {
	t.Helper()
	for i, r := range rows {
		var texts []string
		for _, c := range r.Cells {
			texts = append(texts, c.Text)
		}
		if !slices.ContainsFunc(providerCols, func(c string) bool { return !slices.Contains(texts, c) }) {
			return r, rows[i+1:]
		}
	}
	t.Fatal("no header row with", providerCols)
	return
}

// col returns the cell under a header name.
func col(t *testing.T, header row, r row, name string) sheet.Cell {
	t.Helper()
	i := slices.IndexFunc(header.Cells, func(c sheet.Cell) bool { return c.Text == name })
	if i < 0 {
		t.Fatalf("no column %q", name)
	}
	if i >= len(r.Cells) {
		return sheet.Cell{}
	}
	return r.Cells[i]
}

// TestProviders reads the providers sheets in full and checks the number
// of providers and known rows against values read from content.xml by an
// independent (Python) parser.
func TestProviders(t *testing.T) {
	t.Parallel()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	type known struct {
		num             int
		urn             sheet.Cell
		provision, la   string
		registered      time.Time
		registeredText  string
		places          sheet.Cell
		extra, extraCol string
	}
	tests := []struct {
		file, sheet string
		headerRow   int
		headerWidth int
		providers   int
		first, last known
	}{{
		file: ofsted2023, sheet: "Providers+places_at_31_Mar_2023", headerRow: 4, headerWidth: 21, providers: 3812,
		first: known{5, num(2611190, "2611190"), "Residential special school (registered as a children's home)", "West Northamptonshire",
			day(2021, 1, 8), "08/01/2021", num(20, "20"), "Cambian Autism Services Limited", "Organisation name"},
		last: known{3816, str("SC483623"), "Children's home", "Haringey",
			day(2015, 6, 29), "29/06/2015", num(5, "5"), "Kartikeya Solutions Limited", "Organisation name"},
	}, {
		file: ofsted2022, sheet: "Providers+places_at_31_Mar_2022", headerRow: 4, headerWidth: 20, providers: 3576,
		first: known{5, num(1027077, "1027077"), "Secure Training Centre", "Milton Keynes",
			day(2014, 11, 11), "11/11/2014", empty, "Oakhill  ", "Address 2"},
		last: known{3580, str("SC490365"), "Children's home", "Hackney",
			day(2015, 5, 5), "05/05/2015", num(8, "8"), "Bayis Sheli Limited", "Organisation name"},
	}, {
		file: ofsted2025, sheet: "Providers+places_at_31_Mar_2025", headerRow: 4, headerWidth: 22, providers: 5600,
		first: known{5, num(1027077, "1027077"), "Secure Training Centre", "Milton Keynes",
			day(2014, 11, 11), "11/11/2014", empty, "", "Linked education URN"},
		last: known{5604, str("SC490365"), "Children's home", "Hackney",
			day(2015, 5, 5), "05/05/2015", num(8, "8"), "", "Linked education URN"},
	}}
	for _, tc := range tests {
		t.Run(tc.sheet, func(t *testing.T) {
			t.Parallel()
			w := sharedFile(t, tc.file)
			rows, err := readSheet(w, tc.sheet)
			if err != nil {
				t.Fatal(err)
			}
			header, data := headerAndData(t, rows)
			if header.Num != tc.headerRow || len(header.Cells) != tc.headerWidth {
				t.Errorf("header at row %d with %d cells, want row %d with %d", header.Num, len(header.Cells), tc.headerRow, tc.headerWidth)
			}
			if len(data) != tc.providers {
				t.Errorf("%d rows under the header, want %d providers", len(data), tc.providers)
			}
			for _, k := range []known{tc.first, tc.last} {
				i := slices.IndexFunc(data, func(r row) bool { return r.Num == k.num })
				if i < 0 {
					t.Fatalf("no row %d", k.num)
				}
				r := data[i]
				if got := col(t, header, r, "URN"); got != k.urn {
					t.Errorf("row %d URN = %+v, want %+v", k.num, got, k.urn)
				}
				if got := col(t, header, r, "Provision type"); got != str(k.provision) {
					t.Errorf("row %d provision = %+v, want %q", k.num, got, k.provision)
				}
				if got := col(t, header, r, "Local authority"); got != str(k.la) {
					t.Errorf("row %d LA = %+v, want %q", k.num, got, k.la)
				}
				if got := col(t, header, r, "Registration date"); got != date(k.registered, k.registeredText) {
					t.Errorf("row %d registered = %+v, want %v", k.num, got, k.registered)
				}
				if got := col(t, header, r, "Places"); got != k.places {
					t.Errorf("row %d places = %+v, want %+v", k.num, got, k.places)
				}
				want := empty
				if k.extra != "" {
					want = str(k.extra)
				}
				if got := col(t, header, r, k.extraCol); got != want {
					t.Errorf("row %d %s = %+v, want %+v", k.num, k.extraCol, got, want)
				}
			}
		})
	}
}

// TestRO3 reads the revenue outturn data sheets: about 500 columns, hidden
// helper rows above or below the table, the header found by name, and
// full-precision numbers behind rounded display text. The files are the
// embedded sources' (sources/mhclg).
func TestRO3(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, sheet     string
		rows, lastRow   int
		hidden          []int
		hiddenFirst     string // first non-empty text in the first hidden row
		headerRow, cols int
		lastHeader      string
		englandRow      int
		englandC1       sheet.Cell // column H, the first money column
	}{{
		file: ro3202223, sheet: "RO3_LA_Data_2022-23", rows: 451, lastRow: 451,
		hidden: []int{7, 8, 9, 10}, hiddenFirst: "RO3-cscsr-empl",
		headerRow: 12, cols: 525, lastHeader: "Net Current Expenditure\n (C7 = C3 - C6)495",
		englandRow: 439, englandC1: num(274968.02709256287, "274,968"),
	}, {
		file: ro3202324, sheet: "RO3_LA_Data_2023-24", rows: 436, lastRow: 436,
		hidden: []int{7, 8, 9, 10}, hiddenFirst: "RO3-cscsr-empl",
		headerRow: 12, cols: 525, lastHeader: "Net Current Expenditure\n (C7 = C3 - C6)495",
		englandRow: 424, englandC1: num(286107.19475509907, "286,107"),
	}, {
		file: ro3202425, sheet: "RO3_LA_Data_202425", rows: 431, lastRow: 431,
		hidden: []int{431}, hiddenFirst: "RO3-cscsr-empl",
		headerRow: 7, cols: 497, lastHeader: "Supporting people ancillary expenditure (included within total adult social care) - Net Current Expenditure (C7 = C3 - C6)",
		englandRow: 418, englandC1: num(298128.33046999999, "298,128"),
	}}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			w := sharedFile(t, tc.file)
			rows, err := readSheet(w, tc.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tc.rows || rows[len(rows)-1].Num != tc.lastRow {
				t.Errorf("%d rows ending at %d, want %d ending at %d", len(rows), rows[len(rows)-1].Num, tc.rows, tc.lastRow)
			}
			var hidden []int
			for _, r := range rows {
				if r.Hidden {
					hidden = append(hidden, r.Num)
				}
			}
			if !reflect.DeepEqual(hidden, tc.hidden) {
				t.Errorf("hidden rows %v, want %v", hidden, tc.hidden)
			}
			for _, r := range rows {
				if r.Num == tc.hidden[0] {
					i := slices.IndexFunc(r.Cells, func(c sheet.Cell) bool { return c.Text != "" })
					if i < 0 || r.Cells[i].Text != tc.hiddenFirst {
						t.Errorf("hidden row %d starts %v, want %q", r.Num, r.Cells, tc.hiddenFirst)
					}
				}
			}
			i := slices.IndexFunc(rows, func(r row) bool { return len(r.Cells) > 0 && r.Cells[0].Text == "E-code" })
			if i < 0 {
				t.Fatal("no header row starting E-code")
			}
			h := rows[i]
			if h.Num != tc.headerRow || len(h.Cells) != tc.cols || h.Cells[tc.cols-1].Text != tc.lastHeader {
				t.Errorf("header row %d, %d columns, last %q; want row %d, %d columns, last %q",
					h.Num, len(h.Cells), h.Cells[len(h.Cells)-1].Text, tc.headerRow, tc.cols, tc.lastHeader)
			}
			e := slices.IndexFunc(rows, func(r row) bool { return len(r.Cells) > 2 && r.Cells[2].Text == "ENGLAND" })
			if e < 0 || rows[e].Num != tc.englandRow || len(rows[e].Cells) != tc.cols || rows[e].Cells[7] != tc.englandC1 {
				t.Errorf("ENGLAND row %+v, want row %d with %d columns and H = %+v", rows[e].Num, tc.englandRow, tc.cols, tc.englandC1)
			}
		})
	}
}
