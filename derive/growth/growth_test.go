package growth_test

import (
	"context"
	"testing"

	"github.com/caredata/caredata/derive/growth"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/internal/testrelease"
	"github.com/caredata/caredata/schemas"
)

type key struct {
	from, to int64
	code     string
	service  string
}

// derived runs the deriver on the shared release's service_spend.
func derived(t *testing.T) map[key]schemas.SpendGrowthRow {
	t.Helper()
	tables := map[string]schemas.Table{schemas.ServiceSpend.Name: testrelease.Table(t, &schemas.ServiceSpend)}
	out, err := extract.Derive(context.Background(), growth.Deriver{}, nil, tables, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(out[0].Release)
	c := schemas.SpendGrowthCol
	r := schemas.NewReader(out[0])
	rows := map[key]schemas.SpendGrowthRow{}
	for i := 0; i < out[0].Rows(); i++ {
		k := key{r.Value(i, c.FromYear).Int, r.Value(i, c.ToYear).Int, r.Value(i, c.NewLACode).Str + "/" + r.Value(i, c.ECode).Str, r.Value(i, c.Service).Str}
		if _, dup := rows[k]; dup {
			t.Errorf("%v twice", k)
		}
		rows[k] = schemas.SpendGrowthRow{FromGBP: r.Value(i, c.FromGBP), ToGBP: r.Value(i, c.ToGBP), ChangeGBP: r.Value(i, c.ChangeGBP),
			ChangePct: r.Value(i, c.ChangePct), RankByChangePct: r.Value(i, c.RankByChangePct)}
	}
	return rows
}

// England's net current expenditure in RSX's England rows (read with
// pandas' odf reader and Python's csv module, £ thousand × 1,000, rounded
// to the pound) and the changes between them.
func TestEnglandGrowth(t *testing.T) {
	rows := derived(t)
	for _, tc := range []struct {
		from, to int64
		service  string
		a, b     int64
		pct      float64
		rank     int64 // 0: not checked
	}{
		{202223, 202425, schemas.ServiceChildren, 12_805_497_323, 15_556_137_155, 21.5, 0},
		{202223, 202425, schemas.ServiceAdults, 20_516_549_947, 25_243_898_401, 23.0, 0},
		{202223, 202425, schemas.ServiceHousing, 2_273_553_534, 3_248_711_834, 42.9, 1},
		{202223, 202425, schemas.ServiceOther, 184_319_693, 126_203_805, -31.5, 13},
		{202122, 202425, schemas.ServiceChildren, 11_270_191_000, 15_556_137_155, 38.0, 0},
		{202122, 202223, schemas.ServiceEducation, 34_838_544_000, 37_125_453_226, 6.6, 0},
		{202122, 202425, schemas.ServiceTotal, 107_050_892_000, 134_158_660_766, 25.3, 0},
	} {
		r, ok := rows[key{tc.from, tc.to, "E92000001/Eng", tc.service}]
		if !ok {
			t.Errorf("England %d→%d %s: no row", tc.from, tc.to, tc.service)
			continue
		}
		if r.FromGBP != schemas.Int(tc.a) || r.ToGBP != schemas.Int(tc.b) || r.ChangeGBP != schemas.Int(tc.b-tc.a) {
			t.Errorf("England %d→%d %s: %+v → %+v (%+v), want %d → %d", tc.from, tc.to, tc.service, r.FromGBP, r.ToGBP, r.ChangeGBP, tc.a, tc.b)
		}
		if r.ChangePct != schemas.Float(tc.pct) {
			t.Errorf("England %d→%d %s: %+v%%, want %v", tc.from, tc.to, tc.service, r.ChangePct, tc.pct)
		}
		if tc.rank != 0 && r.RankByChangePct != schemas.Int(tc.rank) {
			t.Errorf("England %d→%d %s: rank %+v, want %d", tc.from, tc.to, tc.service, r.RankByChangePct, tc.rank)
		}
	}
	// Children's social care did not grow fastest from 2022-23 to 2024-25:
	// housing and adult social care grew faster, in cash.
	csc := rows[key{202223, 202425, "E92000001/Eng", schemas.ServiceChildren}]
	asc := rows[key{202223, 202425, "E92000001/Eng", schemas.ServiceAdults}]
	if !csc.RankByChangePct.Valid || !asc.RankByChangePct.Valid || csc.RankByChangePct.Int <= asc.RankByChangePct.Int {
		t.Errorf("ranks: children's social care %+v, adult social care %+v; want adult ahead", csc.RankByChangePct, asc.RankByChangePct)
	}
	if total := rows[key{202223, 202425, "E92000001/Eng", schemas.ServiceTotal}]; total.RankByChangePct.Valid {
		t.Errorf("the total is ranked among the services: %+v", total.RankByChangePct)
	}
}

// Every pair of the four published years is there, later year after
// earlier, and no pair reaches outside them.
func TestPairs(t *testing.T) {
	rows := derived(t)
	pairs := map[[2]int64]bool{}
	for k := range rows {
		if k.from >= k.to {
			t.Fatalf("%v: from is not before to", k)
		}
		pairs[[2]int64{k.from, k.to}] = true
	}
	want := [][2]int64{{202122, 202223}, {202122, 202324}, {202122, 202425}, {202223, 202324}, {202223, 202425}, {202324, 202425}}
	if len(pairs) != len(want) {
		t.Errorf("pairs %v, want %v", pairs, want)
	}
	for _, p := range want {
		if !pairs[p] {
			t.Errorf("no rows for %d→%d", p[0], p[1])
		}
	}
}
