// Package laprofile derives la_profile, one row per upper-tier local
// authority and financial year, by joining what the extractors published:
// children_in_care (DfE), la_spend (MHCLG RO3) and private_provision_share
// (Ofsted), with ONS's population aged 0 to 17.
//
// Authorities and their codes are those in operation on 31 March at the
// end of the financial year (DfE's las.csv): Cumbria in 2022-23, Cumberland
// and Westmorland and Furness from 2023-24. Each source is joined on the
// key that survives boundary changes: DfE's code for counts and
// population (North Yorkshire is 815 under both its ONS codes), the ONS
// code of that year for spending and children's homes. A value a source
// does not have is null with a status, never 0 and never borrowed from
// another authority.
package laprofile

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/extractors/ro3"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/schemas"
)

// LookupPopulation is the source id of ONS's population aged 0 to 17.
const LookupPopulation = "ons-mye-0-17"

// Deriver builds la_profile.
type Deriver struct {
	Mem memory.Allocator // nil: the default allocator
}

// Name names the deriver in logs and errors.
func (Deriver) Name() string { return "la_profile" }

// Datasets is la_profile.
func (Deriver) Datasets() []*schemas.Dataset { return []*schemas.Dataset{&schemas.LAProfile} }

type yearCode struct {
	year int
	code string
}

// column returns a reader and the index of each named column, or an error
// naming the dataset and the missing column.
func columns(t schemas.Table, names ...string) (*schemas.Reader, []int, error) {
	idx := make([]int, len(names))
	for i, n := range names {
		if idx[i] = t.Dataset.Column(n); idx[i] < 0 {
			return nil, nil, fmt.Errorf("%s has no column %s", t.Dataset.Name, n)
		}
	}
	return schemas.NewReader(t), idx, nil
}

// Uses lists the datasets la_profile is built from, for its sources.
func (Deriver) Uses() []string {
	return []string{schemas.ChildrenInCare.Name, schemas.LASpend.Name, schemas.PrivateProvisionShare.Name}
}

// Derive joins the tables.
func (d Deriver) Derive(ctx context.Context, tables map[string]schemas.Table, lookups []pipeline.Input) ([]schemas.Table, error) {
	mem := d.Mem
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	for _, name := range []string{schemas.ChildrenInCare.Name, schemas.LASpend.Name, schemas.PrivateProvisionShare.Name} {
		if _, ok := tables[name]; !ok {
			return nil, fmt.Errorf("needs dataset %s, which no extractor published", name)
		}
	}
	lookup, err := geo.FromInputs(lookups, false)
	if err != nil {
		return nil, err
	}
	popIn, err := pipeline.FindLookup(lookups, LookupPopulation)
	if err != nil {
		return nil, err
	}
	pop, err := population(popIn)
	if err != nil {
		return nil, err
	}
	counts, rates, err := careCounts(tables[schemas.ChildrenInCare.Name])
	if err != nil {
		return nil, err
	}
	spend, years, err := spending(tables[schemas.LASpend.Name])
	if err != nil {
		return nil, err
	}
	homes, shares, snapshots, err := childrensHomes(tables[schemas.PrivateProvisionShare.Name])
	if err != nil {
		return nil, err
	}

	b := schemas.NewBuilder(mem, &schemas.LAProfile)
	defer b.Release()
	for _, fy := range years {
		start := fy / 100
		end := start + 1
		for _, la := range lookup.Operating(time.Date(end, time.March, 31, 0, 0, 0, 0, time.UTC)) {
			dfe := yearCode{end, la.OldCode}
			ons := yearCode{end, la.NewCode}
			count, rate := get(counts, dfe), get(rates, dfe)
			p := get(pop, yearCode{start, la.OldCode})
			csc := get(spend[ro3.ServiceTotalCSC], yearCode{fy, la.NewCode})
			cla := get(spend[ro3.ServiceCLA], yearCode{fy, la.NewCode})
			h, share := schemas.Missing("x"), schemas.Missing("x")
			if snapshots[end] {
				// Ofsted's register for that day is a source: no row means no homes.
				h, share = schemas.Int(0), schemas.Missing("z")
				if v, ok := homes[ons]; ok {
					h, share = v, shares[ons]
				}
			}
			row := []schemas.Value{schemas.Int(int64(fy)), schemas.Str("Financial year")}
			row = append(row, schemas.Geography{Level: schemas.LocalAuthority, CountryCode: geo.England, CountryName: "England",
				RegionCode: la.RegionCode, RegionName: la.RegionName, NewLACode: la.NewCode, OldLACode: la.OldCode, LAName: la.Name}.Values()...)
			row = append(row, count, rate, csc, cla,
				get(spend[ro3.ServiceResidential], yearCode{fy, la.NewCode}),
				get(spend[ro3.ServiceFostering], yearCode{fy, la.NewCode}),
				p, ratio(csc, p), ratio(cla, count), h, share)
			if err := b.Append(row...); err != nil {
				return nil, err
			}
		}
	}
	return []schemas.Table{b.Table()}, nil
}

// get returns the value for a key, or x (not available) when the source
// has no row for it.
func get(m map[yearCode]schemas.Value, k yearCode) schemas.Value {
	if v, ok := m[k]; ok {
		return v
	}
	return schemas.Missing("x")
}

// ratio divides two values; a missing operand's status carries over, and
// a zero denominator is z (not applicable).
func ratio(num, den schemas.Value) schemas.Value {
	switch {
	case !num.Valid:
		return schemas.Missing(orX(num.Status))
	case !den.Valid:
		return schemas.Missing(orX(den.Status))
	case den.Int == 0:
		return schemas.Missing("z")
	}
	return schemas.Float(float64(num.Int) / float64(den.Int))
}

func orX(s string) string {
	if s == "" {
		return "x"
	}
	return s
}

// careCounts indexes the 31 March counts and rates of authorities by
// reporting year and DfE code.
func careCounts(t schemas.Table) (counts, rates map[yearCode]schemas.Value, err error) {
	r, c, err := columns(t, "time_period", "geographic_level", "old_la_code", "measure", "children_count", "rate_per_10000")
	if err != nil {
		return nil, nil, err
	}
	counts, rates = map[yearCode]schemas.Value{}, map[yearCode]schemas.Value{}
	for i := 0; i < t.Rows(); i++ {
		if r.Value(i, c[1]).Str != schemas.LocalAuthority || r.Value(i, c[3]).Str != schemas.MeasureLookedAfter31March {
			continue
		}
		k := yearCode{int(r.Value(i, c[0]).Int), r.Value(i, c[2]).Str}
		counts[k], rates[k] = r.Value(i, c[4]), r.Value(i, c[5])
	}
	return counts, rates, nil
}

// spending indexes net current expenditure by service line, financial
// year and ONS code, and lists the financial years in order.
func spending(t schemas.Table) (map[string]map[yearCode]schemas.Value, []int, error) {
	r, c, err := columns(t, "time_period", "new_la_code", "service_area", "service", "measure", "value_gbp")
	if err != nil {
		return nil, nil, err
	}
	out := map[string]map[yearCode]schemas.Value{}
	for _, req := range ro3.Required {
		out[req.Service] = map[yearCode]schemas.Value{}
	}
	seen := map[int]bool{}
	var years []int
	for i := 0; i < t.Rows(); i++ {
		if r.Value(i, c[4]).Str != ro3.MeasureNet || r.Value(i, c[2]).Str != ro3.AreaChildren {
			continue
		}
		m, ok := out[r.Value(i, c[3]).Str]
		if !ok {
			continue
		}
		fy := int(r.Value(i, c[0]).Int)
		if !seen[fy] {
			seen[fy] = true
			years = append(years, fy)
		}
		m[yearCode{fy, r.Value(i, c[1]).Str}] = r.Value(i, c[5])
	}
	sort.Ints(years)
	return out, years, nil
}

// childrensHomes indexes each authority's children's homes and private
// share by snapshot year and ONS code, and says which years have a register.
func childrensHomes(t schemas.Table) (homes, shares map[yearCode]schemas.Value, snapshots map[int]bool, err error) {
	r, c, err := columns(t, "time_period", "geographic_level", "new_la_code", "provision_group", "providers_total", "private_share_providers_pct")
	if err != nil {
		return nil, nil, nil, err
	}
	homes, shares, snapshots = map[yearCode]schemas.Value{}, map[yearCode]schemas.Value{}, map[int]bool{}
	for i := 0; i < t.Rows(); i++ {
		if r.Value(i, c[3]).Str != schemas.GroupChildrensHomes {
			continue
		}
		y := int(r.Value(i, c[0]).Int)
		snapshots[y] = true
		if r.Value(i, c[1]).Str != schemas.LocalAuthority {
			continue
		}
		k := yearCode{y, r.Value(i, c[2]).Str}
		homes[k], shares[k] = r.Value(i, c[4]), r.Value(i, c[5])
	}
	return homes, shares, snapshots, nil
}

// population reads ONS's mid-year estimates of children aged 0 to 17 (an
// EES-shaped file): local authority rows by mid-year and DfE code.
func population(in pipeline.Input) (map[yearCode]schemas.Value, error) {
	rows, err := readCSV(in, "time_period", "geographic_level", "old_la_code", "population_estimate")
	if err != nil {
		return nil, err
	}
	out := map[yearCode]schemas.Value{}
	for _, r := range rows {
		if r.get("geographic_level") != schemas.LocalAuthority {
			continue
		}
		y, err := strconv.Atoi(r.get("time_period"))
		if err != nil {
			return nil, fmt.Errorf("%s line %d column time_period: %q is not a year", in.Source.Path, r.line, r.get("time_period"))
		}
		v := r.get("population_estimate")
		k := yearCode{y, r.get("old_la_code")}
		if schemas.IsSymbol(v) {
			out[k] = schemas.Missing(v)
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s line %d column population_estimate: %q is not a count", in.Source.Path, r.line, v)
		}
		out[k] = schemas.Int(n)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no local authority rows", in.Source.Path)
	}
	return out, nil
}
