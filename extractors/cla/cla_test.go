package cla

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

// The real DfE files, as vendored.
const (
	file2023 = "cla_number_and_rate_per_10k_children_2019_to_2023.csv"
	file2025 = "cla_number_and_rate_per_10k_children_2021_to_2025.csv"
)

func readSource(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "sources", "dfe", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseReal(t testing.TB) (*Release, *Release) {
	t.Helper()
	old, err := Parse("dfe-cla-2023", file2023, readSource(t, file2023), nil)
	if err != nil {
		t.Fatal(err)
	}
	old.Label = "2023"
	cur, err := Parse("dfe-cla-2025", file2025, readSource(t, file2025), nil)
	if err != nil {
		t.Fatal(err)
	}
	cur.Label = "2025"
	return old, cur
}

func find(rows []Row, period int32, level, code, measure string) (Row, bool) {
	for _, r := range rows {
		if r.TimePeriod == period && r.Geography.Level == level && r.Geography.Code() == code && r.Measure == measure {
			return r, true
		}
	}
	return Row{}, false
}

func TestParseReleaseLayouts(t *testing.T) {
	old, cur := parseReal(t)
	tests := []struct {
		name      string
		rel       *Release
		layout    string
		rows      int
		period    int32
		wantCount int64
	}{
		{"2023 release (population_count, number, at 31 March)", old, "2019 to 2023 release", 2520, 2023, 83840},
		{"2025 release (population_type, children_count, on 31 March)", cur, "2021 to 2025 release", 2505, 2025, 81770},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.rel.Layout != tt.layout {
				t.Errorf("layout = %q, want %q", tt.rel.Layout, tt.layout)
			}
			if len(tt.rel.Rows) != tt.rows {
				t.Errorf("rows = %d, want %d", len(tt.rel.Rows), tt.rows)
			}
			r, ok := find(tt.rel.Rows, tt.period, schemas.National, "E92000001", schemas.MeasureLookedAfter31March)
			if !ok {
				t.Fatalf("no national 31 March row for %d: measure label not harmonised?", tt.period)
			}
			if !r.Count.Valid || r.Count.Int != tt.wantCount {
				t.Errorf("national %d = %+v, want %d", tt.period, r.Count, tt.wantCount)
			}
			for _, r := range tt.rel.Rows {
				switch r.Measure {
				case schemas.MeasureLookedAfter31March, schemas.MeasureStarting, schemas.MeasureCeasing:
				default:
					t.Fatalf("measure %q not harmonised", r.Measure)
				}
			}
		})
	}
}

func TestSuppressionSymbols(t *testing.T) {
	_, cur := parseReal(t)
	tests := []struct {
		name    string
		period  int32
		code    string
		measure string
		field   func(Row) schemas.Value
		status  string
	}{
		// City of London (DfE 201) counts are confidential.
		{"City of London count c", 2025, "201", schemas.MeasureLookedAfter31March, func(r Row) schemas.Value { return r.Count }, "c"},
		{"Isles of Scilly rate c", 2021, "420", schemas.MeasureCeasing, func(r Row) schemas.Value { return r.Rate }, "c"},
		// Cumberland (942) did not exist before April 2023.
		{"Cumberland 2022 count z", 2022, "942", schemas.MeasureLookedAfter31March, func(r Row) schemas.Value { return r.Count }, "z"},
		{"Cumberland 2022 population x", 2022, "942", schemas.MeasureLookedAfter31March, func(r Row) schemas.Value { return r.Population }, "x"},
		{"Cumbria 2025 rate z", 2025, "909", schemas.MeasureLookedAfter31March, func(r Row) schemas.Value { return r.Rate }, "z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := find(cur.Rows, tt.period, schemas.LocalAuthority, tt.code, tt.measure)
			if !ok {
				t.Fatal("row not found")
			}
			v := tt.field(r)
			if v.Valid {
				t.Fatalf("value = %+v, want null", v)
			}
			if v.Status != tt.status {
				t.Errorf("status = %q, want %q", v.Status, tt.status)
			}
		})
	}
	// The spec forbids 0 for a suppressed value: check none slipped through.
	var suppressed int
	for _, r := range cur.Rows {
		for _, v := range []schemas.Value{r.Count, r.Rate, r.Population} {
			if !v.Valid {
				if v.Status == "" {
					t.Errorf("%v: null without a symbol", r.key())
				}
				suppressed++
			}
		}
	}
	if suppressed == 0 {
		t.Error("no suppressed values found in the 2025 release, which has c, x and z")
	}
}

// The acceptance figures: children looked after on 31 March, England.
func TestMergeNationalSeries(t *testing.T) {
	old, cur := parseReal(t)
	// Order of the arguments must not matter: releases are ordered by what they cover.
	for _, order := range [][]*Release{{old, cur}, {cur, old}} {
		rows, _ := Merge(order)
		want := map[int32]struct {
			count  int64
			source string
		}{
			2019: {78140, "dfe-cla-2023"}, 2020: {80000, "dfe-cla-2023"}, 2021: {80780, "dfe-cla-2025"},
			2022: {82090, "dfe-cla-2025"}, 2023: {83750, "dfe-cla-2025"}, 2024: {83530, "dfe-cla-2025"},
			2025: {81770, "dfe-cla-2025"},
		}
		for y, w := range want {
			r, ok := find(rows, y, schemas.National, "E92000001", schemas.MeasureLookedAfter31March)
			if !ok {
				t.Fatalf("%d: no national row", y)
			}
			if r.Count.Int != w.count || r.SourceID != w.source {
				t.Errorf("%d: %d from %s, want %d from %s", y, r.Count.Int, r.SourceID, w.count, w.source)
			}
		}
		if len(rows) != 2*504+2505 {
			t.Errorf("merged rows = %d, want %d (2019-2020 from the 2023 release, 2021-2025 from the 2025 release)", len(rows), 2*504+2505)
		}
		seen := map[key]bool{}
		for _, r := range rows {
			if seen[r.key()] {
				t.Fatalf("%v twice in the merged rows", r.key())
			}
			seen[r.key()] = true
		}
	}
}

// North Yorkshire kept DfE code 815 but its ONS code changed from
// E10000023 to E06000065: merging on ONS code would count it twice.
func TestMergeWholeYearsNotRows(t *testing.T) {
	old, cur := parseReal(t)
	rows, revs := Merge([]*Release{old, cur})
	var n int
	for _, r := range rows {
		if r.TimePeriod == 2022 && r.Geography.OldLACode == "815" && r.Measure == schemas.MeasureLookedAfter31March {
			n++
			if r.Geography.NewLACode != "E06000065" {
				t.Errorf("North Yorkshire 2022 new_la_code = %s, want the newer release's E06000065", r.Geography.NewLACode)
			}
		}
	}
	if n != 1 {
		t.Errorf("North Yorkshire 2022 appears %d times, want 1", n)
	}
	wantRev := schemas.Revision{Dataset: "children_in_care",
		Key:    "time_period=2022; geographic_level=Local authority; old_la_code=815; measure=Children looked after on 31 March each year",
		Column: "new_la_code", OldValue: "E10000023", NewValue: "E06000065", OldSourceID: "dfe-cla-2023", NewSourceID: "dfe-cla-2025"}
	if !contains(revs, wantRev) {
		t.Errorf("revisions lack %+v", wantRev)
	}
}

func contains(revs []schemas.Revision, r schemas.Revision) bool {
	for _, x := range revs {
		if x == r {
			return true
		}
	}
	return false
}

func TestRevisions(t *testing.T) {
	old, cur := parseReal(t)
	_, revs := Merge([]*Release{old, cur})
	nat := "time_period=2023; geographic_level=National; country_code=E92000001; measure=" + schemas.MeasureLookedAfter31March
	tests := []schemas.Revision{
		{Key: nat, Column: "children_count", OldValue: "83840", NewValue: "83750"},
		{Key: nat, Column: "rate_per_10000", OldValue: "71", NewValue: "70"},
		{Key: "time_period=2021; geographic_level=National; country_code=E92000001; measure=" + schemas.MeasureLookedAfter31March,
			Column: "children_count", OldValue: "80770", NewValue: "80780"},
		// Cumberland was added to the history by the newer release.
		{Key: "time_period=2021; geographic_level=Local authority; old_la_code=942; measure=" + schemas.MeasureLookedAfter31March,
			Column: "row", NewValue: "present"},
		// Dorset's pre-2019 code 835 was dropped from 2021.
		{Key: "time_period=2021; geographic_level=Local authority; old_la_code=835; measure=" + schemas.MeasureLookedAfter31March,
			Column: "row", OldValue: "present"},
	}
	for _, w := range tests {
		w.Dataset, w.OldSourceID, w.NewSourceID = "children_in_care", "dfe-cla-2023", "dfe-cla-2025"
		t.Run(w.Column+" "+w.Key, func(t *testing.T) {
			if !contains(revs, w) {
				t.Errorf("missing revision %+v", w)
			}
		})
	}
	for _, r := range revs {
		if r.OldValue == r.NewValue {
			t.Errorf("revision that changes nothing: %+v", r)
		}
		if !strings.HasPrefix(r.Key, "time_period=2021") && !strings.HasPrefix(r.Key, "time_period=2022") && !strings.HasPrefix(r.Key, "time_period=2023") {
			t.Errorf("revision outside the overlapping years 2021-2023: %+v", r)
		}
	}
	// A release compared with itself revises nothing.
	if _, none := Merge([]*Release{old, {SourceID: "copy", Label: "2023b", Rows: old.Rows}}); len(none) != 0 {
		t.Errorf("identical releases gave %d revisions", len(none))
	}
}

// messWith returns the real 2025 file with one edit applied, so that
// broken inputs are made from real ones in code rather than committed.
func messWith(t *testing.T, edit func(string) string) []byte {
	t.Helper()
	s := string(readSource(t, file2025))
	out := edit(s)
	if out == s {
		t.Fatal("edit changed nothing")
	}
	return []byte(out)
}

func TestParseErrors(t *testing.T) {
	const nat2025 = "2025,Reporting year,National,E92000001,England,,,,,,Children looked after on 31 March each year,12183016,81770,67"
	tests := []struct {
		name    string
		edit    func(string) string
		wantErr error
		line    int
		column  string
	}{
		{"count with separator", func(s string) string {
			return strings.Replace(s, nat2025, strings.Replace(nat2025, ",81770,", ",\"81,770\",", 1), 1)
		}, ErrNotNumber, 3, "children_count"},
		{"legacy symbol", func(s string) string {
			return strings.Replace(s, nat2025, strings.Replace(nat2025, ",81770,67", ",81770,:", 1), 1)
		}, ErrNotNumber, 3, "rate_per_10000"},
		{"unknown measure label", func(s string) string {
			return strings.Replace(s, nat2025, strings.Replace(nat2025, "on 31 March", "in March", 1), 1)
		}, ErrBadValue, 3, "population_type"},
		{"unknown geographic level", func(s string) string {
			return strings.Replace(s, nat2025, strings.Replace(nat2025, "National", "Nation", 1), 1)
		}, ErrBadValue, 3, "geographic_level"},
		{"duplicate row", func(s string) string {
			return strings.Replace(s, nat2025, nat2025+"\n"+nat2025, 1)
		}, ErrDuplicate, 4, "population_type"},
		{"time period not a year", func(s string) string {
			return strings.Replace(s, nat2025, strings.Replace(nat2025, "2025,", "2025/26,", 1), 1)
		}, ErrBadValue, 3, "time_period"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("dfe-cla-2025", file2025, messWith(t, tt.edit), nil)
			var ce *extract.CellError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *extract.CellError", err)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if ce.File != file2025 || ce.Row != tt.line || ce.Column != tt.column {
				t.Errorf("error at %s line %d column %s, want %s line %d column %s", ce.File, ce.Row, ce.Column, file2025, tt.line, tt.column)
			}
			if !strings.Contains(err.Error(), file2025) {
				t.Errorf("message %q does not name the file", err)
			}
		})
	}
}

func TestParseUnknownLayout(t *testing.T) {
	// A future release renames the count column again.
	data := messWith(t, func(s string) string { return strings.Replace(s, ",children_count,", ",child_count,", 1) })
	_, err := Parse("dfe-cla-2027", "cla_2023_to_2027.csv", data, nil)
	var le *extract.LayoutError
	if !errors.As(err, &le) || !errors.Is(err, ErrUnknownLayout) {
		t.Fatalf("err = %v, want *extract.LayoutError wrapping ErrUnknownLayout", err)
	}
	if le.File != "cla_2023_to_2027.csv" {
		t.Errorf("File = %q", le.File)
	}
	if strings.Join(le.Missing, ",") != "children_count" {
		t.Errorf("Missing = %v, want [children_count]", le.Missing)
	}
	if !strings.Contains(err.Error(), "child_count") || !strings.Contains(err.Error(), "missing children_count") {
		t.Errorf("message %q should list the columns found and missing", err)
	}
	if le.Found[0] != "time_period" {
		t.Errorf("first column found = %q: byte-order mark not stripped", le.Found[0])
	}
}

func TestParseWithoutBOM(t *testing.T) {
	data := bytes.TrimPrefix(readSource(t, file2025), []byte("\ufeff"))
	rel, err := Parse("dfe-cla-2025", file2025, data, nil)
	if err != nil || len(rel.Rows) != 2505 {
		t.Fatalf("without BOM: %v, %d rows", err, len(rel.Rows))
	}
}

func BenchmarkParse(b *testing.B) {
	data := readSource(b, file2025)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("dfe-cla-2025", file2025, data, nil); err != nil {
			b.Fatal(err)
		}
	}
}
