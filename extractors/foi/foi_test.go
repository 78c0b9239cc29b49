package foi

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

const (
	part1 = "FOI 2024-0040813 part 1.csv"
	part2 = "FOI 2024-0040813 part 2.csv"
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "sources", "dfe", "foi", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The two parts read as DfE published them: every row, the national and
// a council's figures, c and z kept as symbols.
func TestParseRealFiles(t *testing.T) {
	type want struct {
		year       int64
		level, la  string
		measure    string
		count, pct string // CSV text
	}
	tests := []struct {
		file string
		rows int
		want []want
	}{
		{part1, 1859, []want{
			{2014, schemas.National, "", schemas.MeasureHomesNetGain, "-110", "z"},
			{2024, schemas.National, "", schemas.MeasureHomesNetGain, "-300", "z"},
			{2024, schemas.LocalAuthority, "Northamptonshire", schemas.MeasureHomesNetGain, "z", "z"},
			{2024, schemas.LocalAuthority, "North Northamptonshire", schemas.MeasureHomesNetGain, "8", "z"},
		}},
		{part2, 1870, []want{
			{2014, schemas.National, "", schemas.MeasureHomesOutsideLA, "3170", "55"},
			{2024, schemas.National, "", schemas.MeasureHomesOutsideLA, "5760", "67"},
			{2014, schemas.LocalAuthority, "Sutton", schemas.MeasureHomesOutsideLA, "c", "c"},
			{2014, schemas.LocalAuthority, "Richmond upon Thames", schemas.MeasureHomesOutsideLA, "13", "100"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rows, err := Parse("dfe-foi", tt.file, read(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(rows), tt.rows)
			}
			for _, w := range tt.want {
				found := false
				for _, r := range rows {
					if r.TimePeriod.Int != w.year || r.GeographicLevel.Str != w.level || r.LAName.Str != w.la || r.Measure.Str != w.measure {
						continue
					}
					found = true
					if got := r.ChildrenCount.Text(schemas.Int64); got != w.count {
						t.Errorf("%d %s %q: count %s, want %s", w.year, w.level, w.la, got, w.count)
					}
					if got := r.Percentage.Text(schemas.Float64); got != w.pct {
						t.Errorf("%d %s %q: percentage %s, want %s", w.year, w.level, w.la, got, w.pct)
					}
				}
				if !found {
					t.Errorf("no row %d %s %q", w.year, w.level, w.la)
				}
			}
		})
	}
}

// A renamed header, a bad cell and a file with no header are errors that
// name the file, the line and the column (exit 4).
func TestParseErrors(t *testing.T) {
	data := read(t, part2)
	tests := []struct {
		name   string
		data   []byte
		layout bool
		row    int
		column string
	}{
		{"renamed column", bytes.Replace(data, []byte(",characteristic,number,"), []byte(",characteristic,count,"), 1), true, 14, "number"},
		{"bad number", bytes.Replace(data, []byte(",5760,67"), []byte(",57x0,67"), 1), false, 15, "number"},
		{"unknown measure", bytes.Replace(data, []byte("Placed outside the local authority boundary,5760"), []byte("Placed far away,5760"), 1), false, 15, "characteristic"},
		{"no header", []byte("a title\nnotes\n"), true, 0, "time_period"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("dfe-foi", part2, tt.data)
			if !errors.Is(err, extract.ErrUnreadable) {
				t.Fatalf("err = %v, want an unreadable-input error", err)
			}
			var le *extract.LayoutError
			var ce *extract.CellError
			switch {
			case tt.layout && errors.As(err, &le):
				if le.Row != tt.row || le.Column != tt.column || le.File != part2 {
					t.Errorf("layout error at row %d column %q of %s: %v", le.Row, le.Column, le.File, err)
				}
			case !tt.layout && errors.As(err, &ce):
				if ce.Row != tt.row || ce.Column != tt.column || ce.File != part2 {
					t.Errorf("cell error at row %d column %q of %s: %v", ce.Row, ce.Column, ce.File, err)
				}
			default:
				t.Errorf("err = %v (%T)", err, err)
			}
			if !strings.Contains(err.Error(), part2) {
				t.Errorf("message %q does not name the file", err)
			}
		})
	}
}

// The extractor publishes both parts, part 1 first, and refuses a row two
// files both give.
func TestExtract(t *testing.T) {
	in := []extract.Input{
		{Source: extract.Source{ID: "dfe-foi-2024-0040813-part2", Extractor: "foi", Path: part2}, Data: read(t, part2)},
		{Source: extract.Source{ID: "dfe-foi-2024-0040813-part1", Extractor: "foi", Path: part1}, Data: read(t, part1)},
	}
	tables, _, err := extract.Run(context.Background(), Extractor{}, nil, in)
	if err != nil {
		t.Fatal(err)
	}
	tb := tables[0]
	defer tb.Release()
	if tb.Rows() != 1859+1870 {
		t.Errorf("%d rows", tb.Rows())
	}
	if first := schemas.ReadChildrensHomesLocalityRow(schemas.NewReader(tb), 0); first.SourceID.Str != "dfe-foi-2024-0040813-part1" {
		t.Errorf("first row from %s", first.SourceID.Str)
	}
	dup := append(in, extract.Input{Source: extract.Source{ID: "dfe-foi-copy", Extractor: "foi", Path: "copy.csv"}, Data: read(t, part1)})
	if _, _, err := extract.Run(context.Background(), Extractor{}, nil, dup); err == nil || !strings.Contains(err.Error(), "both give") {
		t.Errorf("err = %v", err)
	}
}

// FuzzParse: any bytes give rows or an error, never a panic; every row's
// values fit their columns.
func FuzzParse(f *testing.F) {
	f.Add(read(f, part2)[:4000])
	f.Add([]byte("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code,characteristic,number\n2024,Reporting year,National,E92000001,England,,,,,,Net gain of children by responsible LA,-3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := Parse("fuzz", "fuzz.csv", data)
		if err != nil {
			return
		}
		for _, r := range rows {
			for j, v := range r.Values() {
				if !v.Fits(schemas.ChildrensHomesLocality.Columns[j].Type) {
					t.Fatalf("column %s: %+v", schemas.ChildrensHomesLocality.Columns[j].Name, v)
				}
			}
		}
	})
}
