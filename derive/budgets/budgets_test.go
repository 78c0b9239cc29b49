package budgets_test

import (
	"context"
	"testing"

	"github.com/caredata/caredata/derive/budgets"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/internal/testrelease"
	"github.com/caredata/caredata/schemas"
)

// derived runs the deriver, as a run does, on the shared release's
// revenue_budgets and service_spend, keyed by year, ONS code and service.
func derived(t *testing.T) map[[3]string]schemas.BudgetVsOutturnRow {
	t.Helper()
	tables := map[string]schemas.Table{}
	for _, need := range (budgets.Deriver{}).Needs() {
		tables[need.Dataset.Name] = testrelease.Table(t, need.Dataset)
	}
	out, err := extract.Derive(context.Background(), budgets.Deriver{}, nil, tables, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(out[0].Release)
	c := schemas.BudgetVsOutturnCol
	r := schemas.NewReader(out[0])
	rows := map[[3]string]schemas.BudgetVsOutturnRow{}
	for i := 0; i < out[0].Rows(); i++ {
		k := [3]string{r.Value(i, c.TimePeriod).Text(schemas.Int32), r.Value(i, c.NewLACode).Str, r.Value(i, c.Service).Str}
		if _, dup := rows[k]; dup {
			t.Errorf("%v twice", k)
		}
		rows[k] = schemas.BudgetVsOutturnRow{BudgetGBP: r.Value(i, c.BudgetGBP), OutturnGBP: r.Value(i, c.OutturnGBP),
			DifferenceGBP: r.Value(i, c.DifferenceGBP), OverspendPct: r.Value(i, c.OverspendPct),
			LAName: r.Value(i, c.LAName), GeographicLevel: r.Value(i, c.GeographicLevel)}
	}
	return rows
}

// The expected cells are the raw files' (£ thousand, read with Python's
// csv module and pandas' odf reader from RA_2021-22_data_by_LA.csv,
// RA_2023-24_data_Part_1.csv (line numbers 330 and 360 on the row above
// the header), RSX_2021-22_data_by_LA_Live.csv and RSX_2023-24_data_by_LA.ods
// (the Net Current Expenditure (C7) columns of Children Social Care and
// Adult Social Care)), times 1,000.
func TestSampleAuthorities(t *testing.T) {
	rows := derived(t)
	for _, tc := range []struct {
		year, code, service string
		budget, outturn     int64 // pounds; outturn -1: the return is missing
		pct                 float64
	}{
		{"202122", "E10000016", schemas.ServiceChildren, 252_820_000, 260_664_000, 3.1}, // Kent
		{"202122", "E10000016", schemas.ServiceAdults, 508_911_000, 557_555_000, 9.6},
		{"202324", "E10000016", schemas.ServiceChildren, 299_643_000, 322_301_000, 7.6},
		{"202324", "E10000016", schemas.ServiceAdults, 623_684_000, 663_100_000, 6.3},
		{"202122", "E08000025", schemas.ServiceChildren, 246_180_000, 256_815_000, 4.3}, // Birmingham
		{"202122", "E08000025", schemas.ServiceAdults, 350_828_000, 331_951_000, -5.4},
		{"202324", "E08000025", schemas.ServiceChildren, 310_674_000, -1, 0},            // RSX: [x], return not received
		{"202122", "E09000007", schemas.ServiceChildren, 65_530_000, 58_438_000, -10.8}, // Camden
		{"202324", "E09000007", schemas.ServiceChildren, 75_905_000, 75_922_000, 0.0},
		{"202324", "E09000007", schemas.ServiceAdults, 122_330_000, 113_990_000, -6.8},
	} {
		r, ok := rows[[3]string{tc.year, tc.code, tc.service}]
		if !ok {
			t.Errorf("%s %s %s: no row", tc.year, tc.code, tc.service)
			continue
		}
		if r.BudgetGBP != schemas.Int(tc.budget) {
			t.Errorf("%s %s %s: budget %+v, want %d", tc.year, r.LAName.Str, tc.service, r.BudgetGBP, tc.budget)
		}
		if tc.outturn < 0 {
			if r.OutturnGBP.Valid || r.DifferenceGBP.Valid || r.OverspendPct.Valid || r.OutturnGBP.Status == "" {
				t.Errorf("%s %s %s: outturn %+v, difference %+v, pct %+v; want nulls with the missing return's symbol",
					tc.year, r.LAName.Str, tc.service, r.OutturnGBP, r.DifferenceGBP, r.OverspendPct)
			}
			continue
		}
		if r.OutturnGBP != schemas.Int(tc.outturn) || r.DifferenceGBP != schemas.Int(tc.outturn-tc.budget) {
			t.Errorf("%s %s %s: outturn %+v, difference %+v; want %d, %d", tc.year, r.LAName.Str, tc.service, r.OutturnGBP, r.DifferenceGBP, tc.outturn, tc.outturn-tc.budget)
		}
		if r.OverspendPct != schemas.Float(tc.pct) {
			t.Errorf("%s %s %s: overspend %+v%%, want %v", tc.year, r.LAName.Str, tc.service, r.OverspendPct, tc.pct)
		}
	}
}

// England's row sums the authorities whose budget and outturn are both
// known, so it is the sum of the published authority rows.
func TestNationalSumsAuthorities(t *testing.T) {
	rows := derived(t)
	type sum struct{ budget, outturn int64 }
	sums := map[[2]string]*sum{}
	for k, r := range rows {
		if r.GeographicLevel.Str == schemas.National || !r.BudgetGBP.Valid || !r.OutturnGBP.Valid {
			continue
		}
		s := sums[[2]string{k[0], k[2]}]
		if s == nil {
			s = &sum{}
			sums[[2]string{k[0], k[2]}] = s
		}
		s.budget += r.BudgetGBP.Int
		s.outturn += r.OutturnGBP.Int
	}
	if len(sums) != 4 {
		t.Fatalf("%d year and service pairs, want 2 years × 2 services", len(sums))
	}
	for k, s := range sums {
		n, ok := rows[[3]string{k[0], "E92000001", k[1]}]
		if !ok {
			t.Errorf("%v: no National row", k)
			continue
		}
		if n.BudgetGBP != schemas.Int(s.budget) || n.OutturnGBP != schemas.Int(s.outturn) {
			t.Errorf("%v: National %+v / %+v, authorities sum to %d / %d", k, n.BudgetGBP, n.OutturnGBP, s.budget, s.outturn)
		}
		if s.budget < 5e9 {
			t.Errorf("%v: authorities' budgets sum to £%d, implausibly little", k, s.budget)
		}
	}
}
