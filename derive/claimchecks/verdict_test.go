package claimchecks

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/ro3"
	"github.com/caredata/caredata/schemas"
)

type cells map[string]schemas.Value

// table builds a table of ds from rows given by column name; columns not
// named are null.
func table(t *testing.T, mem memory.Allocator, ds *schemas.Dataset, rows ...cells) schemas.Table {
	t.Helper()
	b := schemas.NewBuilder(mem, ds)
	defer b.Release()
	for _, r := range rows {
		vals := make([]schemas.Value, len(ds.Columns))
		for j, c := range ds.Columns {
			if v, ok := r[c.Name]; ok {
				vals[j] = v
			} else {
				vals[j] = schemas.Null()
			}
			delete(r, c.Name)
		}
		for n := range r {
			t.Fatalf("%s has no column %s", ds.Name, n)
		}
		if err := b.Append(vals...); err != nil {
			t.Fatal(err)
		}
	}
	tb := b.Table()
	t.Cleanup(tb.Release)
	return tb
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// statistics are England's figures as the embedded sources give them:
// DfE's 2023 release covers 2019-2023 and its 2025 release 2021-2025
// (revising 2021-2023); Ofsted's registers of 2022, 2023 and 2025; RO3
// for three financial years.
func statistics(t *testing.T, mem memory.Allocator, sourcesDS *schemas.Dataset, published map[string]string) map[string]schemas.Table {
	t.Helper()
	var cic []cells
	var revs []cells
	counts := map[int]struct {
		v   int64
		src string
		old int64
	}{2019: {78140, "dfe-cla-2023", 0}, 2020: {80000, "dfe-cla-2023", 0}, 2021: {80780, "dfe-cla-2025", 80770},
		2022: {82090, "dfe-cla-2025", 82080}, 2023: {83750, "dfe-cla-2025", 83840}, 2024: {83530, "dfe-cla-2025", 0},
		2025: {81770, "dfe-cla-2025", 0}}
	for y, c := range counts {
		cic = append(cic, cells{"time_period": schemas.Int(int64(y)), "time_identifier": schemas.Str("Reporting year"),
			"geographic_level": schemas.Str(schemas.National), "country_code": schemas.Str("E92000001"),
			"country_name": schemas.Str("England"), "measure": schemas.Str(schemas.MeasureLookedAfter31March),
			"children_count": schemas.Int(c.v), "source_id": schemas.Str(c.src)})
		if c.old != 0 {
			revs = append(revs, cells{"dataset": schemas.Str(schemas.ChildrenInCare.Name),
				"key":    schemas.Str("time_period=" + itoa(y) + "; geographic_level=National; country_code=E92000001; measure=" + schemas.MeasureLookedAfter31March),
				"column": schemas.Str("children_count"), "old_value": schemas.Str(itoa(int(c.old))), "new_value": schemas.Str(itoa(int(c.v))),
				"old_source_id": schemas.Str("dfe-cla-2023"), "new_source_id": schemas.Str("dfe-cla-2025")})
		}
	}
	// A local authority row and another measure are not England's 31 March count.
	cic = append(cic, cells{"time_period": schemas.Int(2025), "geographic_level": schemas.Str(schemas.LocalAuthority),
		"old_la_code": schemas.Str("201"), "measure": schemas.Str(schemas.MeasureLookedAfter31March),
		"children_count": schemas.Missing("c"), "source_id": schemas.Str("dfe-cla-2025")},
		cells{"time_period": schemas.Int(2025), "geographic_level": schemas.Str(schemas.National), "country_code": schemas.Str("E92000001"),
			"measure": schemas.Str(schemas.MeasureStarting), "children_count": schemas.Int(32270), "source_id": schemas.Str("dfe-cla-2025")})
	var pps, providers []cells
	for _, s := range []struct {
		date  string
		share float64
		src   string
	}{{"2022-03-31", 79.37812723373838, "ofsted-csc-2022"}, {"2023-03-31", 80.85245901639344, "ofsted-csc-2023"},
		{"2025-03-31", 84.13583375570198, "ofsted-csc-2025"}} {
		d := schemas.Date(day(s.date))
		pps = append(pps, cells{"time_period": schemas.Int(int64(day(s.date).Year())), "snapshot_date": d,
			"geographic_level": schemas.Str(schemas.National), "country_code": schemas.Str("E92000001"),
			"provision_group": schemas.Str(schemas.GroupChildrensHomes), "private_share_providers_pct": schemas.Float(s.share)},
			cells{"time_period": schemas.Int(int64(day(s.date).Year())), "snapshot_date": d,
				"geographic_level": schemas.Str(schemas.National), "country_code": schemas.Str("E92000001"),
				"provision_group": schemas.Str(schemas.GroupFosteringAgencies), "private_share_providers_pct": schemas.Float(83)})
		providers = append(providers, cells{"snapshot_date": d, "urn": schemas.Str("SC1"), "source_id": schemas.Str(s.src)})
	}
	var spend []cells
	for _, s := range []struct {
		fy  int64
		v   int64
		src string
	}{{202223, 12805497323, "mhclg-ro3-2022-23"}, {202324, 14454683384, "mhclg-ro3-2023-24"}, {202425, 15556137155, "mhclg-ro3-2024-25"}} {
		spend = append(spend, cells{"time_period": schemas.Int(s.fy), "geographic_level": schemas.Str(schemas.National),
			"new_la_code": schemas.Str("E92000001"), "e_code": schemas.Str("Eng"), "service_area": schemas.Str(ro3.AreaChildren),
			"service": schemas.Str(ro3.ServiceTotalCSC), "measure": schemas.Str(ro3.MeasureNet), "value_gbp": schemas.Int(s.v),
			"source_id": schemas.Str(s.src)},
			cells{"time_period": schemas.Int(s.fy), "geographic_level": schemas.Str(schemas.National),
				"new_la_code": schemas.Str("E92000001"), "e_code": schemas.Str("Eng"), "service_area": schemas.Str(ro3.AreaAdults),
				"service": schemas.Str("TOTAL ADULT SOCIAL CARE"), "measure": schemas.Str(ro3.MeasureNet), "value_gbp": schemas.Int(s.v * 2),
				"source_id": schemas.Str(s.src)})
	}
	var srcs []cells
	for _, s := range []struct{ id, release string }{{"dfe-cla-2023", "2023"}, {"dfe-cla-2025", "2025"},
		{"ofsted-csc-2022", "2022"}, {"ofsted-csc-2023", "2023"}, {"ofsted-csc-2025", "2025"},
		{"mhclg-ro3-2022-23", "2022-23"}, {"mhclg-ro3-2023-24", "2023-24"}, {"mhclg-ro3-2024-25", "2024-25"}} {
		row := cells{"source_id": schemas.Str(s.id), "release": schemas.Str(s.release)}
		if p, ok := published[s.id]; ok {
			row["published"] = schemas.Date(day(p))
		}
		srcs = append(srcs, row)
	}
	return map[string]schemas.Table{
		schemas.ChildrenInCare.Name:        table(t, mem, &schemas.ChildrenInCare, cic...),
		schemas.Revisions.Name:             table(t, mem, &schemas.Revisions, revs...),
		schemas.PrivateProvisionShare.Name: table(t, mem, &schemas.PrivateProvisionShare, pps...),
		schemas.CareProviders.Name:         table(t, mem, &schemas.CareProviders, providers...),
		schemas.LASpend.Name:               table(t, mem, &schemas.LASpend, spend...),
		schemas.Sources.Name:               table(t, mem, sourcesDS, srcs...),
	}
}

func compare(c Claim, comparator string) Claim {
	c.Comparator = comparator
	return c
}

func itoa(n int) string { return schemas.Int(int64(n)).Text(schemas.Int64) }

// withPublished is the sources dataset with a published column, as a
// release may one day carry it.
func withPublished() *schemas.Dataset {
	ds := schemas.Sources
	ds.Columns = append(append([]schemas.Column(nil), ds.Columns...),
		schemas.Column{Name: "published", Type: schemas.Date32, Label: "Published", Description: "Publication date"})
	return &ds
}

func TestVerdicts(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	t.Cleanup(func() { mem.AssertSize(t, 0) }) // after the tables are released
	const (
		cic, pp, sp = TopicChildrenInCare, TopicPrivateProvision, TopicSpend
		homes       = "of children's homes are run by private providers."
	)
	type want struct {
		verdict, reason string
		value           float64 // statistic shown; NaN for none
		period, source  string
		explains        []string
	}
	tests := []struct {
		name      string
		c         Claim
		date      string // "" unknown
		published map[string]string
		want      want
	}{
		// Children in care.
		{"right when written, outdated now", claimIn(cic, UnitCount, 83840, "83,840", "children in care",
			"There are 83,840 children in care."), "2024-03-01", nil,
			want{schemas.VerdictOutdated, "", 81770, "31 March 2025", "dfe-cla-2025",
				[]string{"was consistent with 83,840 children looked after in England on 31 March 2023 (DfE), as DfE's 2023 release gave it (its 2025 release revised it to 83,750), the latest published before this document (1 March 2024)", "the latest figure is 81,770"}}},
		{"an old release's figure, date unknown", claimIn(cic, UnitCount, 83840, "83,840", "children in care",
			"There are 83,840 children in care."), "", nil,
			want{schemas.VerdictOutdated, "", 81770, "31 March 2025", "dfe-cla-2025",
				[]string{"matches an older figure, 83,840", "on 31 March 2023", "81,770", "date is unknown"}}},
		{"more than 80,000 in the release of the time", compare(claimIn(cic, UnitCount, 80000, "80,000", "children in care",
			"There are now more than 80,000 children in care in England."), "gt"), "2022-05-23", nil,
			want{schemas.VerdictConsistent, "", 80770, "31 March 2021", "dfe-cla-2023",
				[]string{"more than 80,000 is consistent with 80,770", "31 March 2021", "23 May 2022", "revised it to 80,780", "81,770 on 31 March 2025, also fits"}}},
		{"almost 80,000 was an older year", compare(claimIn(cic, UnitCount, 80000, "80,000", "children in care",
			"There are almost 80,000 children in care."), "approx"), "", nil,
			want{schemas.VerdictOutdated, "", 81770, "31 March 2025", "dfe-cla-2025",
				[]string{"almost 80,000 matches an older figure, 80,000 children looked after in England on 31 March 2020"}}},
		{"an older year's figure when a newer one was out", claimIn(cic, UnitCount, 78000, "78,000", "children in care",
			"There are 78,000 children in care."), "2022-05-23", nil,
			want{schemas.VerdictOutdated, "", 81770, "31 March 2025", "dfe-cla-2025",
				[]string{"matches an older figure, 78,140 children looked after in England on 31 March 2019 (DfE)",
					"80,770 on 31 March 2021 had been published before this document (23 May 2022)", "the latest figure is 81,770 on 31 March 2025"}}},
		{"rounded to the thousand", claimIn(cic, UnitCount, 82000, "82,000", "children in care",
			"There are 82,000 children in care."), "", nil,
			want{schemas.VerdictConsistent, "", 81770, "31 March 2025", "dfe-cla-2025", []string{"date is unknown"}}},
		{"within 5%", claimIn(cic, UnitCount, 85000, "85,000", "children in care",
			"There are 85,000 children in care."), "", nil,
			want{schemas.VerdictClose, "", 81770, "31 March 2025", "dfe-cla-2025", []string{"within 5%"}}},
		{"differs", claimIn(cic, UnitCount, 95000, "95,000", "children in care",
			"There are 95,000 children in care."), "2026-01-01", nil,
			want{schemas.VerdictDiffers, "", 81770, "31 March 2025", "dfe-cla-2025", []string{"differs by 16.2% from 81,770"}}},
		{"a forecast", func() Claim {
			c := claimIn(cic, UnitCount, 100000, "100,000", "children",
				"The number of children in care is rising above 100,000.")
			c.IsProjection, c.Comparator = true, "gt"
			return c
		}(), "2022-05-23", nil,
			want{schemas.VerdictPending, ReasonForecast, 81770, "31 March 2025", "dfe-cla-2025",
				[]string{"forecast", "gives no date", "81,770 children looked after in England on 31 March 2025 (DfE)"}}},
		// A forecast with a date is judged once a release reaches it.
		{"a forecast due and come true", func() Claim {
			c := claimIn(cic, UnitCount, 80000, "80,000", "children",
				"The number of children in care will rise above 80,000 by 2023.")
			c.IsProjection, c.Comparator = true, "gt"
			return c
		}(), "2020-06-01", nil,
			want{schemas.VerdictConsistent, "", 83750, "31 March 2023", "dfe-cla-2025",
				[]string{"judged against the figure on 31 March 2023 (the year it names, 2023)", "came true", "83,750"}}},
		{"a forecast due and not come true", func() Claim {
			c := claimIn(cic, UnitCount, 90000, "90,000", "children",
				"On current trends the number of children in care will rise above 90,000 within five years.")
			c.IsProjection, c.Comparator = true, "gt"
			return c
		}(), "2019-06-01", nil,
			want{schemas.VerdictDiffers, "", 81770, "31 March 2025", "dfe-cla-2025",
				[]string{"31 March 2025 (five years from the document", "did not come true", "81,770"}}},
		{"a forecast not yet due", func() Claim {
			c := claimIn(cic, UnitCount, 100000, "100,000", "children",
				"The number of children in care is set to rise above 100,000 by 2032.")
			c.IsProjection, c.Comparator = true, "gt"
			return c
		}(), "2022-05-23", nil,
			want{schemas.VerdictPending, ReasonForecast, 81770, "31 March 2025", "dfe-cla-2025",
				[]string{"31 March 2032 (the year it names, 2032)", "do not reach yet"}}},
		{"only later figures, and they differ", claimIn(cic, UnitCount, 60000, "60,000", "children in care",
			"There are 60,000 children in care."), "2018-01-01", nil,
			want{schemas.VerdictNotCheckable, ReasonOnlyLater, 78140, "31 March 2019", "dfe-cla-2023", []string{"published after this document (1 January 2018)"}}},
		{"foster carers match nothing", claimIn(cic, UnitCount, 44000, "44,000", "foster carers",
			"There are 44,000 foster carers looking after children in care."), "", nil,
			want{schemas.VerdictNotCheckable, ReasonNoMatch, math.NaN(), "", "", []string{"foster carers"}}},

		// Private provision: Ofsted's register of 31 March 2023 counts as
		// published by 30 September 2023 unless the sources table says when.
		{"seed: 78 per cent before any register held", claimIn(pp, UnitPercent, 78, "78 per cent", "children's homes", "Some 78 per cent "+homes),
			"2021-06-18", nil,
			want{schemas.VerdictClose, "", 79.37812723373838, "31 March 2022", "ofsted-csc-2022",
				[]string{"79.4%", "31 March 2022", "earliest", "18 June 2021", "80.9% on 31 March 2023 and 84.1% on 31 March 2025"}}},
		{"84 per cent now", claimIn(pp, UnitPercent, 84, "84 per cent", "children's homes", "Some 84 per cent "+homes), "", nil,
			want{schemas.VerdictConsistent, "", 84.13583375570198, "31 March 2025", "ofsted-csc-2025", nil}},
		{"81 per cent, date unknown", claimIn(pp, UnitPercent, 81, "81 per cent", "children's homes", "Some 81 per cent "+homes), "", nil,
			want{schemas.VerdictOutdated, "", 84.13583375570198, "31 March 2025", "ofsted-csc-2025", []string{"80.9%", "84.1%"}}},
		{"81 per cent in January 2024", claimIn(pp, UnitPercent, 81, "81 per cent", "children's homes", "Some 81 per cent "+homes), "2024-01-10", nil,
			want{schemas.VerdictOutdated, "", 84.13583375570198, "31 March 2025", "ofsted-csc-2025", []string{"was consistent with 80.9%"}}},
		// A register is compared at its 31 March, out or not by the
		// document's date (Target.AtReference).
		{"81 per cent in August 2023: the 2023 register counts though it may not be out", claimIn(pp, UnitPercent, 81, "81 per cent", "children's homes", "Some 81 per cent "+homes),
			"2023-08-01", nil,
			want{schemas.VerdictOutdated, "", 84.13583375570198, "31 March 2025", "ofsted-csc-2025",
				[]string{"was consistent with 80.9%", "31 March 2023", "1 August 2023", "may not have been out by then"}}},
		{"81 per cent in August 2023, the register's date known", claimIn(pp, UnitPercent, 81, "81 per cent", "children's homes", "Some 81 per cent "+homes),
			"2023-08-01", map[string]string{"ofsted-csc-2023": "2023-07-28"},
			want{schemas.VerdictOutdated, "", 84.13583375570198, "31 March 2025", "ofsted-csc-2025", []string{"was consistent with 80.9%", "1 August 2023"}}},
		{"fostering places, in a release without the fostering dataset", claimIn(pp, UnitPercent, 41, "41 per cent", "approved fostering places",
			"Some 41 per cent of approved fostering places are provided by independent fostering agencies."), "", nil,
			want{schemas.VerdictNotCheckable, ReasonMissing, math.NaN(), "", "", []string{"Fostering in England", "not in this release"}}},

		// Spending.
		{"£15.6 billion", claimIn(sp, UnitGBP, 15.6e9, "£15.6 billion", "", "Councils spent £15.6 billion on children's social care."), "", nil,
			want{schemas.VerdictConsistent, "", 15556137155, "2024-25", "mhclg-ro3-2024-25", []string{"£15.6 billion net spending by English councils on children's social care in 2024-25 (MHCLG)"}}},
		{"£10 billion before any outturn held", claimIn(sp, UnitGBP, 1e10, "£10 billion", "", "Councils spent £10 billion on children's social care last year."), "2022-05-23", nil,
			want{schemas.VerdictNotCheckable, ReasonOnlyLater, 12805497323, "2022-23", "mhclg-ro3-2022-23", []string{"£12.8 billion", "2022-23"}}},
		{"£13 billion in June 2024", claimIn(sp, UnitGBP, 13e9, "£13 billion", "", "Councils spent £13 billion on children's social care."), "2024-06-01", nil,
			want{schemas.VerdictOutdated, "", 15556137155, "2024-25", "mhclg-ro3-2024-25", []string{"was consistent with £12.8 billion", "2022-23"}}},
		{"over several years", func() Claim {
			c := claimIn(sp, UnitGBP, 45e9, "£45 billion", "", "Councils spent £45 billion on children's social care in three years.")
			c.PeriodYears = 3
			return c
		}(), "", nil, want{schemas.VerdictNotCheckable, ReasonNotPublished, 15556137155, "2024-25", "mhclg-ro3-2024-25", []string{"not summed over 3 years"}}},
		{"adult social care", claimIn(sp, UnitGBP, 2e10, "£20 billion", "", "Councils spent £20 billion on adult social care."), "", nil,
			want{schemas.VerdictNotCheckable, ReasonNoMatch, math.NaN(), "", "", nil}},

		// A period the claim states is the one checked, when it was out.
		{"spend in a stated year", claimIn(sp, UnitGBP, 12.8e9, "£12.8bn", "", "Councils spent £12.8bn on children's social care in 2022-23."), "2024-11-28", nil,
			want{schemas.VerdictConsistent, "", 12805497323, "2022-23", "mhclg-ro3-2022-23", []string{"the period the claim states", "the latest figure is £15.6 billion in 2024-25"}}},
		{"a count on a stated day", claimIn(cic, UnitCount, 83840, "83,840", "children in care",
			"There were 83,840 children in care on 31 March 2023."), "2024-03-01", nil,
			want{schemas.VerdictConsistent, "", 83840, "31 March 2023", "dfe-cla-2023", []string{"as DfE's 2023 release gave it", "the period the claim states", "the latest figure is 81,770"}}},
		{"a count in a stated year, date unknown", claimIn(cic, UnitCount, 78140, "78,140", "children in care",
			"In 2019, 78,140 children were in care."), "", nil,
			want{schemas.VerdictConsistent, "", 78140, "31 March 2019", "dfe-cla-2023", []string{"the period the claim states"}}},
		{"a stated year not yet out is not used", claimIn(sp, UnitGBP, 15.6e9, "£15.6bn", "", "Councils will spend £15.6bn on children's social care in 2024-25."), "2025-06-01", nil,
			want{schemas.VerdictDiffers, "", 14454683384, "2023-24", "mhclg-ro3-2023-24", []string{"2023-24"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := &schemas.Sources
			if tt.published != nil {
				ds = withPublished()
			}
			x := newIndex(statistics(t, mem, ds, tt.published))
			var date time.Time
			if tt.date != "" {
				date = day(tt.date)
			}
			res := x.check(tt.c, date)
			t.Log(res.Verdict, res.Reason, res.Explanation)
			w := tt.want
			if res.Verdict != w.verdict || res.Reason != w.reason {
				t.Errorf("verdict %s (%s), want %s (%s): %s", res.Verdict, res.Reason, w.verdict, w.reason, res.Explanation)
			}
			switch {
			case math.IsNaN(w.value):
				if res.Statistic != nil {
					t.Errorf("statistic %v shown, want none", res.Value)
				}
			case res.Statistic == nil:
				t.Errorf("no statistic, want %v", w.value)
			case res.Value.value != w.value || res.Statistic.period != w.period || res.Value.sourceID != w.source:
				t.Errorf("statistic %v %s %s, want %v %s %s", res.Value.value, res.Statistic.period, res.Value.sourceID, w.value, w.period, w.source)
			}
			for _, s := range w.explains {
				if !strings.Contains(res.Explanation, s) {
					t.Errorf("explanation lacks %q: %s", s, res.Explanation)
				}
			}
			if n := strings.Count(res.Explanation, ". "); n > 0 || !strings.HasSuffix(res.Explanation, ".") {
				t.Errorf("explanation is not one sentence: %s", res.Explanation)
			}
			if res.Compared != (res.Verdict != schemas.VerdictNotCheckable && res.Verdict != schemas.VerdictPending) {
				t.Errorf("difference given: %v for %s", res.Compared, res.Verdict)
			}
		})
	}
}

// A run without documents has an empty claims table: no rows, no error.
// A run with documents but without statistics makes their claims not
// checkable, naming the statistic.
func TestMissingInputs(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	t.Cleanup(func() { mem.AssertSize(t, 0) }) // after the tables are released
	d := Deriver{}
	for name, tables := range map[string]map[string]schemas.Table{
		"no tables":    {},
		"empty claims": {schemas.Claims.Name: table(t, mem, &schemas.Claims)},
	} {
		out, err := extract.Derive(context.Background(), d, mem, tables, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(out) != 1 || out[0].Dataset != &schemas.ClaimChecks || out[0].Rows() != 0 {
			t.Errorf("%s: %d tables", name, len(out))
		}
		for _, tb := range out {
			tb.Release()
		}
	}
	claims := table(t, mem, &schemas.Claims, cells{"document_id": schemas.Str("note"), "claim_index": schemas.Int(0),
		"mention": schemas.Str("80,000"), "sentence": schemas.Str("There are 80,000 children in care."), "value": schemas.Float(80000),
		"unit": schemas.Str(UnitCount), "comparator": schemas.Str("eq"), "topic": schemas.Str(TopicChildrenInCare),
		"subject": schemas.Str("children in care"), "is_projection": schemas.Boolean(false), "source_id": schemas.Str("document-note")},
		cells{"document_id": schemas.Str("note"), "claim_index": schemas.Int(1), "mention": schemas.Str("one third"),
			"sentence": schemas.Str("Social workers spend one third of their time with families."), "value": schemas.Float(33.33),
			"unit": schemas.Str(UnitPercent), "comparator": schemas.Str("eq"), "topic": schemas.Str("workforce"),
			"is_projection": schemas.Boolean(false), "source_id": schemas.Str("document-note")})
	out, err := extract.Derive(context.Background(), d, mem, map[string]schemas.Table{schemas.Claims.Name: claims,
		schemas.ChildrenInCare.Name: table(t, mem, &schemas.ChildrenInCare)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer out[0].Release()
	if out[0].Rows() != 1 {
		t.Fatalf("%d rows, want 1 (the workforce claim is not checked)", out[0].Rows())
	}
	r := schemas.NewReader(out[0])
	get := func(n string) schemas.Value { return r.Value(0, schemas.ClaimChecks.Column(n)) }
	if get("verdict").Str != schemas.VerdictNotCheckable || get("not_checkable_reason").Str != ReasonMissing ||
		!strings.Contains(get("explanation").Str, "Children looked after by local authorities in England on 31 March") ||
		get("statistic_value").Valid || get("document_date").Valid || get("dataset").Str != schemas.ChildrenInCare.Name {
		t.Errorf("row %+v", r.Row(0))
	}
}

// The period a claim states, found only in the words next to its figure.
func TestStatedPeriod(t *testing.T) {
	series := []*observation{{period: "31 March 2022"}, {period: "31 March 2023"}, {period: "2022-23"}, {period: "2023-24"}}
	for _, tc := range []struct {
		before, mention, after string
		want                   int
	}{
		{"Councils spent ", "£12.8bn", " in 2022/23.", 2},
		{"In the year 2023 to 2024 councils spent ", "£14.5bn", ".", 3},
		{"", "83,840", " children were in care at the end of March 2023.", 1},
		{"As at 31 March 2022, ", "79 per cent", " of homes were private.", 0},
		{"", "80,000", " children are in care.", -1},
		{"", "80,000", " children are in care, up from the figure " + strings.Repeat("reported long ago ", 4) + "in 2022.", -1},
		{"", "£2bn", " since 2020.", -1},
		{"", "£2bn", " in 2021-22.", -1}, // a year the series does not hold
	} {
		c := Claim{Before: tc.before, Mention: tc.mention, After: tc.after}
		if got := statedPeriod(c, series); got != tc.want {
			t.Errorf("%q %q %q: period %d, want %d", tc.before, tc.mention, tc.after, got, tc.want)
		}
	}
}

// span reads the years a change runs over, near the figure first.
func TestSpan(t *testing.T) {
	for _, tc := range []struct {
		sentence, mention string
		end, want         int
	}{
		{"The number rose to 83,840, up 2 per cent on the year before and almost a quarter more than a decade earlier.", "2 per cent", 2023, 1},
		{"The number rose to 83,840, up 2 per cent on the year before and almost a quarter more than a decade earlier.", "a quarter", 2023, 10},
		{"Spending has risen by 38 per cent since 2021-22.", "38 per cent", 2025, 3},
		{"Spending has risen by 40 per cent since 2015.", "40 per cent", 2025, 10},
		{"It has doubled over the past five years, a rise of 100 per cent.", "100 per cent", 2025, 5},
		{"It rose by 12 per cent.", "12 per cent", 2025, 0},
	} {
		c := claimIn(TopicChildrenInCare, UnitPercent, 0, tc.mention, "", tc.sentence)
		if got, _ := span(c, tc.end); got != tc.want {
			t.Errorf("%q in %q: span %d, want %d", tc.mention, tc.sentence, got, tc.want)
		}
	}
}

// horizon reads the date a forecast is judged at.
func TestHorizon(t *testing.T) {
	made := time.Date(2022, time.May, 23, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		sentence, want string
	}{
		{"The number will rise above 100,000 by 2032.", "2032-03-31"},
		{"It called for £2.6 billion over five years to stop the number rising above 100,000.", "2028-03-31"},
		{"Within a decade the number could pass 100,000.", "2033-03-31"},
		{"The number is rising above 100,000.", ""},
		{"By 2019 it had passed 78,000, and it will reach 100,000.", ""},
	} {
		c := claimIn(TopicChildrenInCare, UnitCount, 100000, "100,000", "children", tc.sentence)
		got, _ := horizon(c, made)
		g := ""
		if !got.IsZero() {
			g = got.Format("2006-01-02")
		}
		if g != tc.want {
			t.Errorf("%q: judged on %q, want %q", tc.sentence, g, tc.want)
		}
	}
}
