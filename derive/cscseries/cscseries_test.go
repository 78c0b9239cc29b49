package cscseries_test

import (
	"context"
	"strings"
	"testing"

	"github.com/caredata/caredata/derive/cscseries"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/internal/testrelease"
	"github.com/caredata/caredata/schemas"
)

type row struct {
	series, definition string
	value              schemas.Value
}

// derived runs the deriver, as a run does, on the shared release's
// s251_outturn, service_spend and la_spend, keyed by year, level, ONS
// code and measure.
func derived(t *testing.T) map[[4]string]row {
	t.Helper()
	tables := map[string]schemas.Table{}
	for _, need := range (cscseries.Deriver{}).Needs() {
		tables[need.Dataset.Name] = testrelease.Table(t, need.Dataset)
	}
	out, err := extract.Derive(context.Background(), cscseries.Deriver{}, nil, tables, testrelease.Lookups(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(out[0].Release)
	c := schemas.CSCSpendSeriesCol
	r := schemas.NewReader(out[0])
	rows := map[[4]string]row{}
	for i := 0; i < out[0].Rows(); i++ {
		k := [4]string{r.Value(i, c.TimePeriod).Text(schemas.Int32), r.Value(i, c.GeographicLevel).Str, r.Value(i, c.NewLACode).Str, r.Value(i, c.Measure).Str}
		if _, dup := rows[k]; dup {
			t.Errorf("%v twice", k)
		}
		rows[k] = row{r.Value(i, c.Series).Str, r.Value(i, c.Definition).Str, r.Value(i, c.NetCurrentExpenditureGBP)}
	}
	return rows
}

// England's series, each figure independently computed from the raw
// files: section 251 as the exact sum of the authorities' cells of the
// line (Python's decimal module, rounded half up once); RSX and RO3 as
// the England row's cell (pandas' odf reader, Python's csv module for
// RSX 2021-22), £ thousand × 1,000 rounded to the pound.
func TestEnglandSeries(t *testing.T) {
	rows := derived(t)
	for _, tc := range []struct {
		year    string
		measure string
		series  string
		want    int64
	}{
		{"200809", schemas.MeasureCSCTotal, schemas.SeriesS251, 5_290_467_077},
		{"200910", schemas.MeasureCSCTotal, schemas.SeriesS251, 6_098_771_675},
		{"201011", schemas.MeasureCSCTotal, schemas.SeriesS251, 8_432_235_645},
		{"201112", schemas.MeasureCSCTotal, schemas.SeriesS251, 8_036_549_285},
		{"201213", schemas.MeasureCSCTotal, schemas.SeriesS251, 8_253_657_793},
		{"201314", schemas.MeasureCSCTotal, schemas.SeriesS251, 8_295_582_772},
		{"202122", schemas.MeasureCSCTotal, schemas.SeriesRSX, 11_270_191_000},
		{"202223", schemas.MeasureCSCTotal, schemas.SeriesRSX, 12_805_497_323},
		{"202324", schemas.MeasureCSCTotal, schemas.SeriesRSX, 14_454_683_384},
		{"202425", schemas.MeasureCSCTotal, schemas.SeriesRSX, 15_556_137_155},
		{"200809", schemas.MeasureLookedAfter, schemas.SeriesS251, 2_453_068_036},
		{"201314", schemas.MeasureLookedAfter, schemas.SeriesS251, 3_516_321_602},
		{"202223", schemas.MeasureLookedAfter, schemas.SeriesRO3, 6_574_915_434},
		{"202425", schemas.MeasureLookedAfter, schemas.SeriesRO3, 8_434_512_296},
	} {
		r, ok := rows[[4]string{tc.year, schemas.National, "", tc.measure}]
		if !ok {
			t.Errorf("England %s %s: no row", tc.year, tc.measure)
			continue
		}
		if r.series != tc.series || r.value != schemas.Int(tc.want) {
			t.Errorf("England %s %s: %s %+v, want %s %d", tc.year, tc.measure, r.series, r.value, tc.series, tc.want)
		}
		if r.definition == "" || strings.Contains(r.definition, ": 46 ") {
			t.Errorf("England %s %s: definition %q", tc.year, tc.measure, r.definition)
		}
	}
}

// The years between the two returns have no file and no row; no year of
// one return is labelled with the other; authorities of 2008-09 carry
// the codes of the day (Bedfordshire before its split).
func TestBreakAndGaps(t *testing.T) {
	rows := derived(t)
	years := map[string]map[string]bool{}
	for k, r := range rows {
		if years[k[0]] == nil {
			years[k[0]] = map[string]bool{}
		}
		years[k[0]][r.series] = true
		if y := k[0]; y >= "201415" && y <= "202021" {
			t.Errorf("%v: a row in a year with no file", k)
		}
	}
	for y, s := range years {
		if len(s) != 1 && !(len(s) == 2 && s[schemas.SeriesRSX] && s[schemas.SeriesRO3]) {
			t.Errorf("%s mixes returns %v", y, s)
		}
		if want := y <= "201314"; s[schemas.SeriesS251] != want {
			t.Errorf("%s: returns %v", y, s)
		}
	}
	if len(years) != 10 {
		t.Errorf("%d years, want 6 of section 251 and 4 of RSX", len(years))
	}
	if _, ok := rows[[4]string{"200809", schemas.LocalAuthority, "E10000001", schemas.MeasureCSCTotal}]; !ok {
		t.Error("no Bedfordshire (E10000001) in 2008-09")
	}
	if _, ok := rows[[4]string{"200910", schemas.LocalAuthority, "E10000001", schemas.MeasureCSCTotal}]; ok {
		t.Error("Bedfordshire (E10000001) in 2009-10, after its split")
	}
	if _, ok := rows[[4]string{"200910", schemas.LocalAuthority, "E06000056", schemas.MeasureCSCTotal}]; !ok {
		t.Error("no Central Bedfordshire (E06000056) in 2009-10")
	}
}
