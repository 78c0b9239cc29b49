package laprofile_test

import (
	"context"
	"math"
	"testing"

	"github.com/caredata/caredata/extract"

	"github.com/caredata/caredata/derive/laprofile"
	"github.com/caredata/caredata/internal/testrelease"
	"github.com/caredata/caredata/schemas"
)

// realProfile derives la_profile, as a run does, from the shared release
// of the embedded sources (its children_in_care, la_spend and
// private_provision_share) and the lookups.
func realProfile(t *testing.T) (schemas.Table, schemas.Table) {
	t.Helper()
	lookups := testrelease.Lookups(t)
	tables := map[string]schemas.Table{}
	for _, need := range (laprofile.Deriver{}).Needs() {
		tables[need.Dataset.Name] = testrelease.Table(t, need.Dataset)
	}
	out, err := extract.Derive(context.Background(), laprofile.Deriver{}, nil, tables, lookups)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(out[0].Release)
	return out[0], tables[schemas.ChildrenInCare.Name]
}

type row map[string]schemas.Value

func rows(t schemas.Table) []row {
	r := schemas.NewReader(t)
	out := make([]row, t.Rows())
	for i := range out {
		out[i] = row{}
		for j, c := range t.Dataset.Columns {
			out[i][c.Name] = r.Value(i, j)
		}
	}
	return out
}

func TestProfile(t *testing.T) {
	profile, cic := realProfile(t)
	all := rows(profile)
	perYear := map[int64]int{}
	seen := map[[2]string]bool{}
	byKey := map[[2]string]row{}
	for _, r := range all {
		fy := r["time_period"].Int
		perYear[fy]++
		k := [2]string{r["time_period"].Text(schemas.Int32), r["old_la_code"].Str}
		if seen[k] {
			t.Errorf("%v twice", k)
		}
		seen[k] = true
		byKey[k] = r
	}
	// Every upper-tier authority of each year: 152 before Cumbria was
	// split on 1 April 2023, 153 after.
	for fy, n := range map[int64]int{202223: 152, 202324: 153, 202425: 153} {
		if perYear[fy] != n {
			t.Errorf("%d: %d authorities, want %d", fy, perYear[fy], n)
		}
	}
	if len(perYear) != 3 {
		t.Errorf("years %v", perYear)
	}
	tests := []struct {
		fy, code, name, ons string
		check               func(t *testing.T, r row)
	}{
		{"202223", "909", "Cumbria", "E10000006", func(t *testing.T, r row) {
			want := map[string]int64{"children_in_care_31_march": 740, "csc_net_expenditure_gbp": 110_514_000, "population_0_17": 90547, "childrens_homes_in_la": 49}
			for c, v := range want {
				if r[c] != schemas.Int(v) {
					t.Errorf("%s = %+v, want %d", c, r[c], v)
				}
			}
			if got := r["csc_spend_per_child_gbp"].Float; math.Abs(got-110_514_000.0/90547) > 1e-9 {
				t.Errorf("spend per child %v", got)
			}
		}},
		{"202223", "815", "North Yorkshire", "E10000023", nil},
		{"202425", "815", "North Yorkshire", "E06000065", nil},
		{"202324", "942", "Cumberland", "E06000063", func(t *testing.T, r row) {
			// Ofsted's register of 31 March 2024 (a CSV export, Mac-Roman)
			// lists 15 children's homes in Cumberland (python3 csv count of
			// provision type "Children's home", any case).
			if r["childrens_homes_in_la"] != schemas.Int(15) {
				t.Errorf("homes %+v, want 15", r["childrens_homes_in_la"])
			}
		}},
		{"202425", "942", "Cumberland", "E06000063", func(t *testing.T, r row) {
			// Cumberland's 2024-25 return was missing.
			if v := r["csc_net_expenditure_gbp"]; v.Valid || v.Status != "M" {
				t.Errorf("csc %+v, want null M", v)
			}
			if v := r["csc_spend_per_child_gbp"]; v.Valid || v.Status != "M" {
				t.Errorf("per child %+v, want null M", v)
			}
		}},
		{"202425", "201", "City of London", "E09000001", func(t *testing.T, r row) {
			if v := r["children_in_care_31_march"]; v.Valid || v.Status != "c" {
				t.Errorf("count %+v, want null c", v)
			}
			if v := r["cla_spend_per_child_in_care_gbp"]; v.Valid || v.Status != "c" {
				t.Errorf("per child in care %+v, want null c", v)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fy+" "+tt.name, func(t *testing.T) {
			r, ok := byKey[[2]string{tt.fy, tt.code}]
			if !ok {
				t.Fatal("no row")
			}
			if r["new_la_code"].Str != tt.ons || r["la_name"].Str != tt.name {
				t.Errorf("%s %s, want %s %s", r["la_name"].Str, r["new_la_code"].Str, tt.name, tt.ons)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
	for _, gone := range [][2]string{{"202324", "909"}, {"202223", "942"}} {
		if _, ok := byKey[gone]; ok {
			t.Errorf("%v: an authority outside its dates of operation", gone)
		}
	}

	// population_0_17 is the population DfE's release gives for the count.
	dfe := map[[2]string]schemas.Value{}
	for _, r := range rows(cic) {
		if r["geographic_level"].Str == schemas.LocalAuthority && r["measure"].Str == schemas.MeasureLookedAfter31March {
			dfe[[2]string{r["time_period"].Text(schemas.Int32), r["old_la_code"].Str}] = r["population_estimate"]
		}
	}
	var compared int
	for k, r := range byKey {
		fy := r["time_period"].Int
		end := [2]string{schemas.Int(fy/100 + 1).Text(schemas.Int32), k[1]}
		if d, ok := dfe[end]; ok && d.Valid && r["population_0_17"].Valid {
			compared++
			if d.Int != r["population_0_17"].Int {
				t.Errorf("%v: ONS %d, DfE %d", k, r["population_0_17"].Int, d.Int)
			}
		}
	}
	if compared < 400 {
		t.Errorf("only %d populations compared", compared)
	}
}
