// Package cscseries derives csc_spend_series: one series of children's
// social care spending, and of spending on children looked after, for
// England and each local authority from 2008-09 to 2024-25, taken from
// two returns that define spending differently, with the break on every
// row (the series column) and in the dataset's notes.
//
//   - 2008-09 to 2013-14: DfE's section 251 outturn (s251_outturn). The
//     total is the return's own "children and young people's services
//     budget (excluding CERA)" line, which covers what that year's return
//     defined (Sure Start and services for young people joined it in
//     2010-11); children looked after is its total children looked after
//     line. National is the sum of the authorities.
//   - 2021-22 to 2024-25: MHCLG's revenue outturn. The total is RSX's
//     children's social care (service_spend, line 330), the one return
//     covering all four years; children looked after is RO3's line
//     (la_spend, 2022-23 onwards: RO3 2021-22 is not vendored). National
//     is MHCLG's England row, which estimates missing returns.
//
// The years between (2014-15 to 2020-21) have no file and no row: nothing
// is interpolated. Authorities are those with a DfE code; each row
// carries the codes in force in its year (Bedfordshire and Cheshire in
// 2008-09, their successors after: see la_successors).
package cscseries

import (
	"context"
	"fmt"
	"regexp"
	"sort"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// Deriver builds csc_spend_series.
type Deriver struct{}

// Name names the deriver in logs and errors.
func (Deriver) Name() string { return "csc_spend_series" }

// Datasets is csc_spend_series.
func (Deriver) Datasets() []*schemas.Dataset { return []*schemas.Dataset{&schemas.CSCSpendSeries} }

// s251Lines maps the section 251 lines the series takes to its measures.
var s251Lines = map[string]string{
	schemas.S251LineTotalExclCERA:    schemas.MeasureCSCTotal,
	schemas.S251LineTotalLookedAfter: schemas.MeasureLookedAfter,
}

// Needs are the two section 251 total lines, RSX's children's social care
// and RO3's children looked after (net current expenditure).
func (Deriver) Needs() []extract.Need {
	s251, rsx, ro3 := schemas.S251OutturnCol, schemas.ServiceSpendCol, schemas.LASpendCol
	return []extract.Need{
		{Dataset: &schemas.S251Outturn, Keep: func(r *schemas.Reader, i int) bool {
			_, ok := s251Lines[r.Value(i, s251.Line).Str]
			return ok
		}},
		{Dataset: &schemas.ServiceSpend, Keep: func(r *schemas.Reader, i int) bool {
			return r.Value(i, rsx.Service).Str == schemas.ServiceChildren
		}},
		{Dataset: &schemas.LASpend, Keep: func(r *schemas.Reader, i int) bool {
			return r.Value(i, ro3.Service).Str == schemas.SpendLookedAfter && r.Value(i, ro3.Measure).Str == schemas.SpendNet
		}},
	}
}

// Derive builds the series.
func (Deriver) Derive(ctx context.Context, env extract.Env, in extract.Tables, lookups []extract.Input) error {
	lookup, err := geo.FromInputs(lookups, false)
	if err != nil {
		return err
	}
	var rows []schemas.CSCSpendSeriesRow
	s251, err := fromS251(in)
	if err != nil {
		return err
	}
	rows = append(rows, s251...)
	rsx, err := fromRevenue(in, lookup, &schemas.ServiceSpend, schemas.SeriesRSX, schemas.MeasureCSCTotal,
		"RSX line 330: Children Social Care, net current expenditure (C7)")
	if err != nil {
		return err
	}
	rows = append(rows, rsx...)
	ro3, err := fromRevenue(in, lookup, &schemas.LASpend, schemas.SeriesRO3, schemas.MeasureLookedAfter,
		"RO3: Children Looked After, net current expenditure (C7)")
	if err != nil {
		return err
	}
	rows = append(rows, ro3...)
	if err := ctx.Err(); err != nil {
		return err
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := &rows[i], &rows[j]
		if a.Measure.Str != b.Measure.Str {
			return a.Measure.Str == schemas.MeasureCSCTotal
		}
		if a.TimePeriod.Int != b.TimePeriod.Int {
			return a.TimePeriod.Int < b.TimePeriod.Int
		}
		if a.GeographicLevel.Str != b.GeographicLevel.Str {
			return a.GeographicLevel.Str == schemas.National
		}
		return a.NewLACode.Str < b.NewLACode.Str
	})
	out, err := env.Out.Open(&schemas.CSCSpendSeries)
	if err != nil {
		return err
	}
	for i := range rows {
		if err := rows[i].AppendTo(out); err != nil {
			return err
		}
	}
	return nil
}

// leadingNumber is the line number some years print inside the label
// ("46 TOTAL CHILDREN ..."); the definition gives it once.
var leadingNumber = regexp.MustCompile(`^\d+\s*`)

// fromS251 takes the section 251 rows, whose geography is already EES's.
func fromS251(in extract.Tables) ([]schemas.CSCSpendSeriesRow, error) {
	t, err := in.Table(&schemas.S251Outturn)
	if err != nil {
		return nil, err
	}
	c := schemas.S251OutturnCol
	r := schemas.NewReader(t)
	rows := make([]schemas.CSCSpendSeriesRow, 0, t.Rows())
	for i := 0; i < t.Rows(); i++ {
		v := func(j int) schemas.Value { return r.Value(i, j) }
		rows = append(rows, schemas.CSCSpendSeriesRow{
			TimePeriod: v(c.TimePeriod), TimeIdentifier: v(c.TimeIdentifier), GeographicLevel: v(c.GeographicLevel),
			CountryCode: v(c.CountryCode), CountryName: v(c.CountryName), RegionCode: v(c.RegionCode), RegionName: v(c.RegionName),
			NewLACode: v(c.NewLACode), OldLACode: v(c.OldLACode), LAName: v(c.LAName),
			Measure: schemas.Str(s251Lines[v(c.Line).Str]), Series: schemas.Str(schemas.SeriesS251),
			NetCurrentExpenditureGBP: v(c.NetCurrentExpenditureGBP),
			Definition: schemas.Str(fmt.Sprintf("Section 251 line %d: %s (net current expenditure)", v(c.LineNumber).Int,
				leadingNumber.ReplaceAllString(v(c.SourceLineLabel).Str, ""))),
			SourceID: v(c.SourceID),
		})
	}
	return rows, nil
}

// fromRevenue takes the England row and the authorities with a DfE code
// from an MHCLG revenue table (service_spend or la_spend), whose rows hold
// one line's net current expenditure each.
func fromRevenue(in extract.Tables, lookup *geo.Lookup, ds *schemas.Dataset, series, measure, definition string) ([]schemas.CSCSpendSeriesRow, error) {
	t, err := in.Table(ds)
	if err != nil {
		return nil, err
	}
	period, level, code := ds.Column("time_period"), ds.Column("geographic_level"), ds.Column("new_la_code")
	source := ds.Column("source_id")
	value := ds.Column("net_current_expenditure_gbp")
	if value < 0 {
		value = ds.Column("value_gbp")
	}
	r := schemas.NewReader(t)
	var rows []schemas.CSCSpendSeriesRow
	for i := 0; i < t.Rows(); i++ {
		row := schemas.CSCSpendSeriesRow{
			TimePeriod: r.Value(i, period), TimeIdentifier: schemas.Str("Financial year"),
			CountryCode: schemas.Str(geo.England), CountryName: schemas.Str("England"),
			Measure: schemas.Str(measure), Series: schemas.Str(series), NetCurrentExpenditureGBP: r.Value(i, value),
			Definition: schemas.Str(definition), SourceID: r.Value(i, source),
		}
		if r.Value(i, level).Str == schemas.National {
			row.GeographicLevel = schemas.Str(schemas.National)
		} else {
			la, ok := lookup.ByCode(r.Value(i, code).Str)
			if !ok || la.OldCode == "" {
				continue // not an authority with children's services
			}
			row.GeographicLevel = schemas.Str(schemas.LocalAuthority)
			row.RegionCode, row.RegionName = schemas.Str(la.RegionCode), schemas.Str(la.RegionName)
			row.NewLACode, row.OldLACode, row.LAName = schemas.Str(la.NewCode), schemas.Str(la.OldCode), schemas.Str(la.Name)
		}
		rows = append(rows, row)
	}
	return rows, nil
}
