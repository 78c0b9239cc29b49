// Package growth derives spend_growth: for England and every body of
// service_spend, each service's change in net current expenditure between
// every pair of published financial years, in pounds and per cent (cash),
// and the service's rank among the thirteen services by that per cent,
// so that "rising faster than any other area" is one filter away.
//
// A pair is published for a body only when service_spend has the body in
// both years (Cumbria ends in 2022-23 and Cumberland begins in 2023-24:
// neither has a change across the reorganisation). A change from a year
// whose spending was not positive has no percentage (z), and an amount
// the return does not give leaves both null with its symbol.
package growth

import (
	"context"
	"sort"

	"github.com/caredata/caredata/derive/revenue"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

// Deriver builds spend_growth.
type Deriver struct{}

// Name names the deriver in logs and errors.
func (Deriver) Name() string { return "spend_growth" }

// Datasets is spend_growth.
func (Deriver) Datasets() []*schemas.Dataset { return []*schemas.Dataset{&schemas.SpendGrowth} }

// Needs is every row of service_spend.
func (Deriver) Needs() []extract.Need {
	return []extract.Need{{Dataset: &schemas.ServiceSpend}}
}

// bodyKey identifies a body across years (ONS code and E-code: police
// and fire bodies share an ONS area code with nothing else but the E-code
// is what MHCLG keys on).
type bodyKey struct{ code, ecode string }

// year is one body's net current expenditure per service in one year.
type year struct {
	body   revenue.Body
	values map[string]schemas.Value
}

// Derive computes the changes.
func (Deriver) Derive(ctx context.Context, env extract.Env, in extract.Tables, _ []extract.Input) error {
	t, err := in.Table(&schemas.ServiceSpend)
	if err != nil {
		return err
	}
	c := schemas.ServiceSpendCol
	cols := revenue.BodyColumnsOf(&schemas.ServiceSpend)
	r := schemas.NewReader(t)
	byYear := map[int64]map[bodyKey]*year{}
	var order []bodyKey // first appearance, England first
	national := map[bodyKey]bool{}
	seen := map[bodyKey]bool{}
	for i := 0; i < t.Rows(); i++ {
		fy := r.Value(i, c.TimePeriod).Int
		body := cols.Read(r, i)
		k := bodyKey{body.NewCode, body.ECode}
		if byYear[fy] == nil {
			byYear[fy] = map[bodyKey]*year{}
		}
		y := byYear[fy][k]
		if y == nil {
			y = &year{body: body, values: map[string]schemas.Value{}}
			byYear[fy][k] = y
		}
		y.values[r.Value(i, c.Service).Str] = r.Value(i, c.NetCurrentExpenditureGBP)
		if !seen[k] {
			seen[k] = true
			order = append(order, k)
			national[k] = body.Level == schemas.National
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		return national[order[i]] && !national[order[j]]
	})
	var years []int64
	for fy := range byYear {
		years = append(years, fy)
	}
	sort.Slice(years, func(i, j int) bool { return years[i] < years[j] })

	out, err := env.Out.Open(&schemas.SpendGrowth)
	if err != nil {
		return err
	}
	for a := 0; a < len(years); a++ {
		for b := a + 1; b < len(years); b++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			for _, k := range order {
				from, to := byYear[years[a]][k], byYear[years[b]][k]
				if from == nil || to == nil {
					continue
				}
				if err := appendBody(out, years[a], years[b], from, to); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// appendBody appends one body's rows for one pair of years, the services
// in the returns' order, each ranked by its exact (unrounded) change.
func appendBody(out *schemas.Builder, fromYear, toYear int64, from, to *year) error {
	type ranked struct {
		service string
		ratio   float64
	}
	var rs []ranked
	for _, s := range schemas.RevenueServices {
		if s.Service == schemas.ServiceTotal {
			continue
		}
		if q, ok := revenue.Ratio(value(from, s.Service), value(to, s.Service)); ok {
			rs = append(rs, ranked{s.Service, q})
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].ratio > rs[j].ratio })
	rank := map[string]int64{}
	for i, x := range rs {
		if i > 0 && x.ratio == rs[i-1].ratio {
			rank[x.service] = rank[rs[i-1].service] // equal changes share a rank
			continue
		}
		rank[x.service] = int64(i + 1)
	}
	for _, s := range schemas.RevenueServices {
		f, t := value(from, s.Service), value(to, s.Service)
		row := schemas.SpendGrowthRow{
			FromYear: schemas.Int(fromYear), ToYear: schemas.Int(toYear), Service: schemas.Str(s.Service),
			FromGBP: f, ToGBP: t, ChangeGBP: revenue.Difference(t, f), ChangePct: revenue.ChangePct(f, t),
		}
		switch n, ok := rank[s.Service]; {
		case ok:
			row.RankByChangePct = schemas.Int(n)
		case s.Service == schemas.ServiceTotal:
			row.RankByChangePct = schemas.Missing("z")
		default:
			row.RankByChangePct = row.ChangePct
		}
		to.body.Fill(&row.GeographicLevel, &row.NewLACode, &row.OldLACode, &row.ECode, &row.LAName, &row.LAClass)
		if err := row.AppendTo(out); err != nil {
			return err
		}
	}
	return nil
}

// value is a body's amount for a service, x where its row lacks it.
func value(y *year, service string) schemas.Value {
	if v, ok := y.values[service]; ok {
		return v
	}
	return schemas.Missing("x")
}
