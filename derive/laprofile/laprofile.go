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
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// LookupPopulation is the source id of ONS's population aged 0 to 17.
const LookupPopulation = "ons-mye-0-17"

// Deriver builds la_profile.
type Deriver struct{}

// Name names the deriver in logs and errors.
func (Deriver) Name() string { return "la_profile" }

// Datasets is la_profile.
func (Deriver) Datasets() []*schemas.Dataset { return []*schemas.Dataset{&schemas.LAProfile} }

// Needs are the rows la_profile joins: authorities' 31 March counts, the
// children's social care lines of net current expenditure, and the
// children's homes rows of private_provision_share.
func (Deriver) Needs() []extract.Need {
	cic, spend, share := schemas.ChildrenInCareCol, schemas.LASpendCol, schemas.PrivateProvisionShareCol
	return []extract.Need{
		{Dataset: &schemas.ChildrenInCare, Keep: func(r *schemas.Reader, i int) bool {
			return r.Value(i, cic.GeographicLevel).Str == schemas.LocalAuthority && r.Value(i, cic.Measure).Str == schemas.MeasureLookedAfter31March
		}},
		{Dataset: &schemas.LASpend, Keep: func(r *schemas.Reader, i int) bool {
			return r.Value(i, spend.Measure).Str == schemas.SpendNet && r.Value(i, spend.ServiceArea).Str == schemas.SpendAreaChildren &&
				slices.Contains(services, r.Value(i, spend.Service).Str)
		}},
		{Dataset: &schemas.PrivateProvisionShare, Keep: func(r *schemas.Reader, i int) bool {
			return r.Value(i, share.ProvisionGroup).Str == schemas.GroupChildrensHomes
		}},
	}
}

type yearCode struct {
	year int
	code string
}

// services are the children's social care lines la_profile carries.
var services = []string{schemas.SpendTotalChildren, schemas.SpendLookedAfter, schemas.SpendResidential, schemas.SpendFostering}

// Derive joins the tables.
func (d Deriver) Derive(ctx context.Context, env extract.Env, in extract.Tables, lookups []extract.Input) error {
	lookup, err := geo.FromInputs(lookups, false)
	if err != nil {
		return err
	}
	popIn, err := extract.FindLookup(lookups, LookupPopulation)
	if err != nil {
		return err
	}
	pop, err := population(popIn)
	if err != nil {
		return err
	}
	counts, rates, err := careCounts(in)
	if err != nil {
		return err
	}
	spend, years, err := spending(in)
	if err != nil {
		return err
	}
	homes, shares, snapshots, err := childrensHomes(in)
	if err != nil {
		return err
	}

	b, err := env.Out.Open(&schemas.LAProfile)
	if err != nil {
		return err
	}
	for _, fy := range years {
		start := fy / 100
		end := start + 1
		for _, la := range lookup.Operating(time.Date(end, time.March, 31, 0, 0, 0, 0, time.UTC)) {
			dfe := yearCode{end, la.OldCode}
			ons := yearCode{end, la.NewCode}
			count, rate := get(counts, dfe), get(rates, dfe)
			p := get(pop, yearCode{start, la.OldCode})
			csc := get(spend[schemas.SpendTotalChildren], yearCode{fy, la.NewCode})
			cla := get(spend[schemas.SpendLookedAfter], yearCode{fy, la.NewCode})
			h, share := schemas.Missing("x"), schemas.Missing("x")
			if snapshots[end] {
				// Ofsted's register for that day is a source: no row means no homes.
				h, share = schemas.Int(0), schemas.Missing("z")
				if v, ok := homes[ons]; ok {
					h, share = v, shares[ons]
				}
			}
			row := schemas.LAProfileRow{
				TimePeriod: schemas.Int(int64(fy)), TimeIdentifier: schemas.Str("Financial year"),
				GeographicLevel: schemas.Str(schemas.LocalAuthority), CountryCode: schemas.Str(geo.England), CountryName: schemas.Str("England"),
				RegionCode: schemas.Str(la.RegionCode), RegionName: schemas.Str(la.RegionName),
				NewLACode: schemas.Str(la.NewCode), OldLACode: schemas.Str(la.OldCode), LAName: schemas.Str(la.Name),
				ChildrenInCare31March: count, RatePer10000: rate,
				CSCNetExpenditureGBP: csc, CLANetExpenditureGBP: cla,
				ResidentialCareNetExpenditureGBP: get(spend[schemas.SpendResidential], yearCode{fy, la.NewCode}),
				FosteringNetExpenditureGBP:       get(spend[schemas.SpendFostering], yearCode{fy, la.NewCode}),
				Population0To17:                  p, CSCSpendPerChildGBP: ratio(csc, p), CLASpendPerChildInCareGBP: ratio(cla, count),
				ChildrensHomesInLA: h, PrivateShareChildrensHomesPct: share,
			}
			if err := row.AppendTo(b); err != nil {
				return err
			}
		}
	}
	return nil
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
func careCounts(in extract.Tables) (counts, rates map[yearCode]schemas.Value, err error) {
	c := schemas.ChildrenInCareCol
	t, err := in.Table(&schemas.ChildrenInCare)
	if err != nil {
		return nil, nil, err
	}
	defer t.Release()
	r := schemas.NewReader(t)
	counts, rates = map[yearCode]schemas.Value{}, map[yearCode]schemas.Value{}
	for i := 0; i < t.Rows(); i++ {
		k := yearCode{int(r.Value(i, c.TimePeriod).Int), r.Value(i, c.OldLACode).Str}
		counts[k], rates[k] = r.Value(i, c.ChildrenCount), r.Value(i, c.RatePer10000)
	}
	return counts, rates, nil
}

// spending indexes net current expenditure by service line, financial
// year and ONS code, and lists the financial years in order.
func spending(in extract.Tables) (map[string]map[yearCode]schemas.Value, []int, error) {
	c := schemas.LASpendCol
	out := map[string]map[yearCode]schemas.Value{}
	for _, s := range services {
		out[s] = map[yearCode]schemas.Value{}
	}
	t, err := in.Table(&schemas.LASpend)
	if err != nil {
		return nil, nil, err
	}
	defer t.Release()
	r := schemas.NewReader(t)
	seen := map[int]bool{}
	var years []int
	for i := 0; i < t.Rows(); i++ {
		fy := int(r.Value(i, c.TimePeriod).Int)
		if !seen[fy] {
			seen[fy] = true
			years = append(years, fy)
		}
		out[r.Value(i, c.Service).Str][yearCode{fy, r.Value(i, c.NewLACode).Str}] = r.Value(i, c.ValueGBP)
	}
	sort.Ints(years)
	return out, years, nil
}

// childrensHomes indexes each authority's children's homes and private
// share by snapshot year and ONS code, and says which years have a register.
func childrensHomes(in extract.Tables) (homes, shares map[yearCode]schemas.Value, snapshots map[int]bool, err error) {
	c := schemas.PrivateProvisionShareCol
	t, err := in.Table(&schemas.PrivateProvisionShare)
	if err != nil {
		return nil, nil, nil, err
	}
	defer t.Release()
	r := schemas.NewReader(t)
	homes, shares, snapshots = map[yearCode]schemas.Value{}, map[yearCode]schemas.Value{}, map[int]bool{}
	for i := 0; i < t.Rows(); i++ {
		y := int(r.Value(i, c.TimePeriod).Int)
		snapshots[y] = true
		if r.Value(i, c.GeographicLevel).Str != schemas.LocalAuthority {
			continue
		}
		k := yearCode{y, r.Value(i, c.NewLACode).Str}
		homes[k], shares[k] = r.Value(i, c.ProvidersTotal), r.Value(i, c.PrivateShareProvidersPct)
	}
	return homes, shares, snapshots, nil
}

// population reads ONS's mid-year estimates of children aged 0 to 17 (an
// EES-shaped file): local authority rows by mid-year and DfE code.
func population(in extract.Input) (map[yearCode]schemas.Value, error) {
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
