// Package claimhistory derives claim_history, the ledger of claim_checks
// across releases: the previous release's claim_history (read through
// extract.Env.Previous) carried forward, and a row for each claim whose
// verdict, or the statistic beside it (value, period or source file),
// differs from the last row the ledger holds for it, or that the ledger
// does not hold yet. So the release in which a claim went out of date,
// or in which a publisher revised the figure it was checked against,
// stays on record after later releases change it again.
//
// A claim is its document and its place in it (document_id,
// claim_index). A claim that a later release no longer checks (its
// document removed) keeps its rows and gets no new one.
package claimhistory

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

// Deriver builds claim_history.
type Deriver struct{}

// Name names the deriver in logs and errors.
func (Deriver) Name() string { return schemas.ClaimHistory.Name }

// Datasets is claim_history.
func (Deriver) Datasets() []*schemas.Dataset { return []*schemas.Dataset{&schemas.ClaimHistory} }

// Needs is every row of claim_checks.
func (Deriver) Needs() []extract.Need { return []extract.Need{{Dataset: &schemas.ClaimChecks}} }

// claim identifies a claim across releases.
type claim struct {
	document string
	index    int64
}

// state is what the ledger follows of a claim's check.
type state struct {
	verdict, period, source string
	value                   schemas.Value
}

// Derive carries the ledger forward and adds this release's changes.
func (Deriver) Derive(ctx context.Context, env extract.Env, in extract.Tables, _ []extract.Input) error {
	out, err := env.Out.Open(&schemas.ClaimHistory)
	if err != nil {
		return err
	}
	var rows []schemas.ClaimHistoryRow
	last := map[claim]state{}
	if env.Previous != nil {
		prev, err := env.Previous.Table(&schemas.ClaimHistory)
		if err != nil {
			return err
		}
		r := schemas.NewReader(prev)
		for i := 0; i < prev.Rows(); i++ {
			// Strings read from the table live as long as its buffers:
			// keep copies, as the table is released before the rows are written.
			row := cloneStrings(schemas.ReadClaimHistoryRow(r, i))
			rows = append(rows, row)
			last[claim{row.DocumentID.Str, row.ClaimIndex.Int}] = state{row.Verdict.Str, row.StatisticPeriod.Str, row.StatisticSourceID.Str, row.StatisticValue}
		}
		prev.Release()
	}
	checks, err := in.Table(&schemas.ClaimChecks)
	if err != nil {
		return err
	}
	defer checks.Release()
	c := schemas.ClaimChecksCol
	r := schemas.NewReader(checks)
	created := schemas.Null()
	if !env.Release.Created.IsZero() {
		created = schemas.Time(env.Release.Created)
	}
	for i := 0; i < checks.Rows(); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		k := claim{r.Value(i, c.DocumentID).Str, r.Value(i, c.ClaimIndex).Int}
		now := state{r.Value(i, c.Verdict).Str, r.Value(i, c.StatisticPeriod).Str, r.Value(i, c.StatisticSourceID).Str, r.Value(i, c.StatisticValue)}
		before, seen := last[k]
		change := ""
		switch {
		case !seen:
			change = schemas.ChangeFirstChecked
		case before.verdict != now.verdict:
			change = schemas.ChangeVerdict
		case before.period != now.period || before.source != now.source || !before.value.Equal(now.value):
			change = schemas.ChangeStatistic
		default:
			continue
		}
		row := schemas.ClaimHistoryRow{
			DocumentID: schemas.Str(k.document), ClaimIndex: schemas.Int(k.index), Mention: r.Value(i, c.Mention),
			ReleaseID: schemas.Str(env.Release.ID), ReleaseCreated: created, Change: schemas.Str(change),
			Verdict: schemas.Str(now.verdict), StatisticValue: now.value, StatisticPeriod: r.Value(i, c.StatisticPeriod),
			StatisticSourceID: r.Value(i, c.StatisticSourceID), Explanation: r.Value(i, c.Explanation),
			PreviousVerdict: schemas.Null(), PreviousStatisticValue: schemas.Null(), PreviousStatisticPeriod: schemas.Null(),
		}
		if seen {
			row.PreviousVerdict, row.PreviousStatisticValue = schemas.Str(before.verdict), before.value
			row.PreviousStatisticPeriod = schemas.Str(before.period)
		}
		rows = append(rows, cloneStrings(row))
		last[k] = now
	}
	// By claim, then in release order (release ids sort by time).
	sort.SliceStable(rows, func(a, b int) bool {
		x, y := rows[a], rows[b]
		if x.DocumentID.Str != y.DocumentID.Str {
			return x.DocumentID.Str < y.DocumentID.Str
		}
		if x.ClaimIndex.Int != y.ClaimIndex.Int {
			return x.ClaimIndex.Int < y.ClaimIndex.Int
		}
		return x.ReleaseID.Str < y.ReleaseID.Str
	})
	for i := range rows {
		if err := rows[i].AppendTo(out); err != nil {
			return fmt.Errorf("claim_history: %w", err)
		}
	}
	return nil
}

// cloneStrings copies a row's text out of the table it was read from.
func cloneStrings(row schemas.ClaimHistoryRow) schemas.ClaimHistoryRow {
	for _, v := range []*schemas.Value{&row.DocumentID, &row.Mention, &row.ReleaseID, &row.Change, &row.Verdict,
		&row.PreviousVerdict, &row.StatisticPeriod, &row.PreviousStatisticPeriod, &row.StatisticSourceID, &row.Explanation} {
		if v.Valid {
			*v = schemas.Str(strings.Clone(v.Str))
		}
	}
	return row
}
