// Package budgets derives budget_vs_outturn: for each authority with
// social care responsibilities and each financial year that has both a
// revenue account budget (RA, in revenue_budgets) and a revenue outturn
// summary (RSX, in service_spend), what it budgeted to spend net on
// children's social care, and on adult social care as a comparator,
// beside what it spent.
//
// An authority is one with a DfE code (children's services); shire
// districts, police, fire and other bodies, which budget and spend
// nothing on social care, are left out. A side the returns do not give
// (a return not received, a body in one file only) is null with its
// symbol, never 0. The National row sums the authorities whose budget
// and outturn are both known, so England's overspend compares like with
// like; RA has no England row of its own.
package budgets

import (
	"context"
	"sort"

	"github.com/caredata/caredata/derive/revenue"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

// Deriver builds budget_vs_outturn.
type Deriver struct{}

// Name names the deriver in logs and errors.
func (Deriver) Name() string { return "budget_vs_outturn" }

// Datasets is budget_vs_outturn.
func (Deriver) Datasets() []*schemas.Dataset { return []*schemas.Dataset{&schemas.BudgetVsOutturn} }

// Services are the services compared: children's social care, and adult
// social care as the comparator the seed documents use.
var Services = []string{schemas.ServiceChildren, schemas.ServiceAdults}

func compared(s string) bool { return s == Services[0] || s == Services[1] }

// Needs are the social care rows of revenue_budgets and service_spend.
func (Deriver) Needs() []extract.Need {
	b, s := schemas.RevenueBudgetsCol, schemas.ServiceSpendCol
	return []extract.Need{
		{Dataset: &schemas.RevenueBudgets, Keep: func(r *schemas.Reader, i int) bool { return compared(r.Value(i, b.Service).Str) }},
		{Dataset: &schemas.ServiceSpend, Keep: func(r *schemas.Reader, i int) bool { return compared(r.Value(i, s.Service).Str) }},
	}
}

// key is one authority's service in one year.
type key struct {
	year          int64
	code, service string
	ecode         string
}

// side is one return's figure for a key, with the body's names.
type side struct {
	value    schemas.Value
	sourceID string
	body     revenue.Body
}

// Derive joins the two returns.
func (Deriver) Derive(ctx context.Context, env extract.Env, in extract.Tables, _ []extract.Input) error {
	budget, err := read(in, &schemas.RevenueBudgets, schemas.RevenueBudgetsCol.BudgetNetCurrentExpenditureGBP)
	if err != nil {
		return err
	}
	outturn, err := read(in, &schemas.ServiceSpend, schemas.ServiceSpendCol.NetCurrentExpenditureGBP)
	if err != nil {
		return err
	}
	budgetYears, outturnYears := years(budget), years(outturn)
	keys := map[key]bool{}
	for _, m := range []map[key]side{budget, outturn} {
		for k, s := range m {
			if budgetYears[k.year] && outturnYears[k.year] && s.body.OldCode != "" {
				keys[k] = true
			}
		}
	}
	sorted := make([]key, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Slice(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.year != b.year {
			return a.year < b.year
		}
		if a.service != b.service {
			return serviceOrder(a.service) < serviceOrder(b.service)
		}
		if a.code != b.code {
			return a.code < b.code
		}
		return a.ecode < b.ecode
	})
	out, err := env.Out.Open(&schemas.BudgetVsOutturn)
	if err != nil {
		return err
	}
	type total struct{ budget, outturn int64 }
	var nationals []key
	sums := map[key]*total{}
	var rows []schemas.BudgetVsOutturnRow
	for _, k := range sorted {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, o := lookup(budget, k), lookup(outturn, k)
		body := o.body
		if body.Name == "" {
			body = b.body
		}
		row := schemas.BudgetVsOutturnRow{
			TimePeriod: schemas.Int(k.year), TimeIdentifier: schemas.Str("Financial year"),
			Service: schemas.Str(k.service), BudgetGBP: b.value, OutturnGBP: o.value,
			DifferenceGBP: revenue.Difference(o.value, b.value), OverspendPct: revenue.ChangePct(b.value, o.value),
			BudgetSourceID: schemas.Str(b.sourceID), OutturnSourceID: schemas.Str(o.sourceID),
		}
		body.Fill(&row.GeographicLevel, &row.NewLACode, &row.OldLACode, &row.ECode, &row.LAName, &row.LAClass)
		rows = append(rows, row)
		n := key{year: k.year, service: k.service}
		if sums[n] == nil {
			sums[n] = &total{}
			nationals = append(nationals, n)
		}
		if b.value.Valid && o.value.Valid {
			sums[n].budget += b.value.Int
			sums[n].outturn += o.value.Int
		}
	}
	// National rows first within each year, as EES tables put them.
	i := 0
	for _, n := range nationals {
		s := sums[n]
		bv, ov := schemas.Int(s.budget), schemas.Int(s.outturn)
		nat := schemas.BudgetVsOutturnRow{
			TimePeriod: schemas.Int(n.year), TimeIdentifier: schemas.Str("Financial year"),
			Service: schemas.Str(n.service), BudgetGBP: bv, OutturnGBP: ov,
			DifferenceGBP: revenue.Difference(ov, bv), OverspendPct: revenue.ChangePct(bv, ov),
		}
		revenue.England.Fill(&nat.GeographicLevel, &nat.NewLACode, &nat.OldLACode, &nat.ECode, &nat.LAName, &nat.LAClass)
		if err := nat.AppendTo(out); err != nil {
			return err
		}
		for ; i < len(rows) && rows[i].TimePeriod.Int == n.year && rows[i].Service.Str == n.service; i++ {
			if err := rows[i].AppendTo(out); err != nil {
				return err
			}
		}
	}
	return nil
}

func serviceOrder(s string) int {
	if s == Services[0] {
		return 0
	}
	return 1
}

// lookup returns a key's side, or x (not available) when the return has
// no row for it.
func lookup(m map[key]side, k key) side {
	if s, ok := m[k]; ok {
		return s
	}
	return side{value: schemas.Missing("x")}
}

// years are the financial years a return covers.
func years(m map[key]side) map[int64]bool {
	out := map[int64]bool{}
	for k := range m {
		out[k.year] = true
	}
	return out
}

// read indexes a revenue table's social care rows by year, body and
// service.
func read(in extract.Tables, ds *schemas.Dataset, value int) (map[key]side, error) {
	t, err := in.Table(ds)
	if err != nil {
		return nil, err
	}
	cols := revenue.BodyColumnsOf(ds)
	period, service, source := ds.Column("time_period"), ds.Column("service"), ds.Column("source_id")
	r := schemas.NewReader(t)
	out := make(map[key]side, t.Rows())
	for i := 0; i < t.Rows(); i++ {
		body := cols.Read(r, i)
		if body.Level == schemas.National {
			continue // RSX's England row: National here sums the authorities
		}
		k := key{year: r.Value(i, period).Int, code: body.NewCode, ecode: body.ECode, service: r.Value(i, service).Str}
		out[k] = side{value: r.Value(i, value), sourceID: r.Value(i, source).Str, body: body}
	}
	return out, nil
}
