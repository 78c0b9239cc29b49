package claimchecks_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/caredata/caredata/derive/claimchecks"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/documents"
	"github.com/caredata/caredata/internal/testrelease"
	"github.com/caredata/caredata/schemas"
)

// A claim that names a council or region is checked against that area's
// row, matched with DfE's lookup (the same names the extractors use); a
// statistic published for England only says so.
func TestPlaces(t *testing.T) {
	text := "---\ntitle: Local figures\npublished: 2026-01-10\n---\n" +
		"In Kent, 1,896 children were looked after by the council on 31 March 2025.\n\n" +
		"Kent County Council spent £355 million on children's social care in 2024-25.\n\n" +
		"In the North West, 89 per cent of children's homes are run by private providers.\n\n" +
		"In Manchester, 1,500 children are in care.\n\n" +
		"In Kent, independent fostering agencies provide 40 per cent of approved fostering places.\n"
	byMention := checkText(t, text)
	for _, tc := range []struct {
		mention, verdict string
		value            float64
		key              string
		explains         []string
	}{
		{"1,896", schemas.VerdictConsistent, 1896, "old_la_code=886", []string{"1,896 children looked after in Kent on 31 March 2025"}},
		{"£355 million", schemas.VerdictConsistent, 355466920, "new_la_code=E10000016", []string{"net spending by Kent on children's social care in 2024-25"}},
		{"89 per cent", schemas.VerdictConsistent, 88.96484375, "region_code=E12000002", []string{"of children's homes in the North West run by private providers"}},
		{"1,500", schemas.VerdictDiffers, 1280, "old_la_code=352", []string{"1,280 children looked after in Manchester"}},
		{"40 per cent", schemas.VerdictNotCheckable, 0, "", []string{"for England only, not for Kent"}},
	} {
		r, ok := byMention[tc.mention]
		if !ok {
			t.Errorf("%s: no check", tc.mention)
			continue
		}
		if r["verdict"].Str != tc.verdict || (tc.value != 0 && r["statistic_value"].Float != tc.value) || !strings.Contains(r["statistic_key"].Str, tc.key) {
			t.Errorf("%s: %s %v %q, want %s %v %q", tc.mention, r["verdict"].Str, r["statistic_value"].Float, r["statistic_key"].Str, tc.verdict, tc.value, tc.key)
		}
		for _, s := range tc.explains {
			if !strings.Contains(r["explanation"].Str, s) {
				t.Errorf("%s: explanation lacks %q: %s", tc.mention, s, r["explanation"].Str)
			}
		}
	}
}

// Spending claims against the revenue datasets: growth over a stated span
// (service_spend, RSX) and overspends (budget_vs_outturn), for England and
// a named council.
func TestSpendingClaims(t *testing.T) {
	text := "---\ntitle: Budgets\npublished: 2026-01-10\n---\n" +
		"Councils' spending on children's social care rose by 38 per cent since 2021-22.\n\n" +
		"Councils overspent their children's social care budgets by £1.6 billion in 2023-24.\n\n" +
		"Kent overspent its children's social care budget by £23 million in 2023-24.\n"
	got := checkText(t, text)
	for _, tc := range []struct {
		mention, rule, verdict string
		value                  float64
		explains               string
	}{
		// RSX England: £11,270,191,000 in 2021-22, £15,556,137,155 in 2024-25.
		{"38 per cent", "spend-change", schemas.VerdictConsistent, 38.02904631341208, "from £11.3 billion in 2021-22 to £15.6 billion in 2024-25"},
		// budget_vs_outturn National 2023-24: £12,868,969,000 less £11,286,383,000.
		{"£1.6 billion", "spend-overspend", schemas.VerdictConsistent, 1582586000, "2023-24"},
		// Kent 2023-24: £322,301,000 less £299,643,000.
		{"£23 million", "spend-overspend", schemas.VerdictConsistent, 22658000, "Kent"},
	} {
		r, ok := got[tc.mention]
		if !ok {
			t.Errorf("%s: no check", tc.mention)
			continue
		}
		if r["match_rule"].Str != tc.rule || r["verdict"].Str != tc.verdict || math.Abs(r["statistic_value"].Float-tc.value) > 1e-6 {
			t.Errorf("%s: %s %s %v, want %s %s %v", tc.mention, r["match_rule"].Str, r["verdict"].Str, r["statistic_value"].Float, tc.rule, tc.verdict, tc.value)
		}
		if !strings.Contains(r["explanation"].Str, tc.explains) {
			t.Errorf("%s: explanation lacks %q: %s", tc.mention, tc.explains, r["explanation"].Str)
		}
	}
}

// checkText checks the claims of one document given as text, against the
// shared release with the lookups.
func checkText(t *testing.T, text string) map[string]row {
	t.Helper()
	docs := []extract.Input{{Data: []byte(text), Source: extract.Source{ID: "document-text", Extractor: extract.Documents,
		Path: "text.txt", MediaType: "text/plain"}}}
	ts, _, err := extract.Run(context.Background(), documents.Extractor{}, nil, docs)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]schemas.Table{}
	for _, tb := range ts {
		tables[tb.Dataset.Name] = tb
		t.Cleanup(tb.Release)
	}
	for _, need := range (claimchecks.Deriver{}).Needs() {
		if ds := need.Dataset; ds != &schemas.Claims && ds != &schemas.Documents {
			tables[ds.Name] = testrelease.Table(t, ds)
		}
	}
	out, err := extract.Derive(context.Background(), claimchecks.Deriver{}, nil, tables, testrelease.Lookups(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(out[0].Release)
	got := map[string]row{}
	for _, r := range rows(out[0]) {
		got[r["mention"].Str] = r
		t.Logf("%q: %s %s [%s %s] %s", r["mention"].Str, r["verdict"].Str, r["match_rule"].Str, r["statistic_value"].Text(schemas.Float64), r["statistic_period"].Str, r["explanation"].Str)
	}
	return got
}

// Placement claims against placements: the private share and the share
// placed outside their council, from DfE's counts (England on 31 March
// 2024: 31,310 and 36,010 of 83,630).
func TestPlacementClaims(t *testing.T) {
	got := checkText(t, "---\ntitle: Placements\npublished: 2026-01-10\n---\n"+
		"Some 37 per cent of children in care were placed by private providers.\n\n"+
		"And 43 per cent of children looked after live outside their council's boundary.\n")
	for _, tc := range []struct {
		mention, rule string
		value         float64
	}{
		{"37 per cent", "placed-private", 100 * 31310.0 / 83630},
		{"43 per cent", "placed-out-of-area", 100 * 36010.0 / 83630},
	} {
		r := got[tc.mention]
		if r["match_rule"].Str != tc.rule || r["verdict"].Str != schemas.VerdictConsistent || math.Abs(r["statistic_value"].Float-tc.value) > 1e-9 ||
			r["statistic_period"].Str != "31 March 2024" {
			t.Errorf("%s: %s %s %v %s, want %s consistent %v on 31 March 2024", tc.mention, r["match_rule"].Str, r["verdict"].Str,
				r["statistic_value"].Float, r["statistic_period"].Str, tc.rule, tc.value)
		}
	}
}

// Spending per child, published for councils (la_profile), and supported
// accommodation on 31 March 2025 (893 providers, 8,119 premises, 20,224
// places in England).
func TestPerChildAndSupportedClaims(t *testing.T) {
	got := checkText(t, "---\ntitle: More\npublished: 2026-01-10\n---\n"+
		"Kent spent £1,000 per child on children's social care in 2024-25.\n\n"+
		"English councils spend £1,300 per child on children's social care.\n\n"+
		"Ofsted had registered 893 providers of supported accommodation by 31 March 2025, offering 20,224 places.\n")
	for _, tc := range []struct {
		mention, rule, verdict string
		explains               string
	}{
		{"£1,000", "spend-per-child", "", "per child aged 0 to 17 in Kent in 2024-25"},
		{"£1,300", "spend-per-child", schemas.VerdictNotCheckable, "for each council (la_profile), not for England"},
		{"893", "supported-providers", schemas.VerdictConsistent, "893 supported accommodation providers in England on 31 March 2025"},
		{"20,224", "supported-places", schemas.VerdictConsistent, "20,224 places in supported accommodation in England"},
	} {
		r := got[tc.mention]
		if r["match_rule"].Str != tc.rule || (tc.verdict != "" && r["verdict"].Str != tc.verdict) || !strings.Contains(r["explanation"].Str, tc.explains) {
			t.Errorf("%s: %s %s %q, want %s %s %q", tc.mention, r["match_rule"].Str, r["verdict"].Str, r["explanation"].Str, tc.rule, tc.verdict, tc.explains)
		}
	}
}

// A period stated relative to the document: "ten years ago" in a
// document of January 2026 is ten years before the latest count out then
// (31 March 2025): 31 March 2015, 69,470 children looked after.
func TestYearsAgo(t *testing.T) {
	got := checkText(t, "---\ntitle: Then\npublished: 2026-01-10\n---\n"+
		"Ten years ago there were 69,500 children in care in England.\n")
	r := got["69,500"]
	if r["verdict"].Str != schemas.VerdictConsistent || !strings.Contains(r["explanation"].Str, "69,470 children looked after in England on 31 March 2015") {
		t.Errorf("69,500 ten years ago: %s %s", r["verdict"].Str, r["explanation"].Str)
	}
}

// "Faster than any other area": a growth claim that says so is told
// where spend_growth ranks children's social care over the same years
// (2021-22 to 2024-25: second, behind housing's 49.1%).
func TestFasterThanAnyOther(t *testing.T) {
	got := checkText(t, "---\ntitle: Growth\npublished: 2026-01-10\n---\n"+
		"Spending on children's social care has risen by 38 per cent since 2021-22, faster than any other area of council spending.\n")
	r := got["38 per cent"]
	if r["verdict"].Str != schemas.VerdictConsistent ||
		!strings.Contains(r["explanation"].Str, "spend_growth ranks it 2nd of 13, and housing services (GFRA only) grew fastest (49.1%)") {
		t.Errorf("38 per cent: %s %s", r["verdict"].Str, r["explanation"].Str)
	}
}
