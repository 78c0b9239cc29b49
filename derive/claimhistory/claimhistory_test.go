package claimhistory_test

import (
	"context"
	"testing"
	"time"

	"github.com/caredata/caredata/derive/claimhistory"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

// check is the part of a claim_checks row the ledger follows.
type check struct {
	doc, verdict, period, source string
	index                        int64
	value                        float64
}

func checks(t *testing.T, cs ...check) schemas.Table {
	t.Helper()
	b := schemas.NewBuilder(schemas.DefaultAllocator, &schemas.ClaimChecks)
	defer b.Release()
	for _, c := range cs {
		row := schemas.ClaimChecksRow{DocumentID: schemas.Str(c.doc), ClaimIndex: schemas.Int(c.index), Mention: schemas.Str("81,770"),
			Value: schemas.Float(81770), Unit: schemas.Str("count"), Comparator: schemas.Str("eq"), Topic: schemas.Str("children_in_care"),
			Verdict: schemas.Str(c.verdict), StatisticValue: schemas.Float(c.value), StatisticPeriod: schemas.Str(c.period),
			StatisticSourceID: schemas.Str(c.source), Explanation: schemas.Str("because."), SourceID: schemas.Str("document-" + c.doc)}
		if err := row.AppendTo(b); err != nil {
			t.Fatal(err)
		}
	}
	return b.Table()
}

// derive runs the deriver as release id, after previous (its
// claim_history; nil for the first release).
func derive(t *testing.T, id string, cc schemas.Table, previous *schemas.Table) schemas.Table {
	t.Helper()
	var prev extract.Tables
	if previous != nil {
		prev = extract.MemTables{Tables: map[string]schemas.Table{schemas.ClaimHistory.Name: *previous},
			Needs: []extract.Need{{Dataset: &schemas.ClaimHistory}}}
	}
	out, err := extract.DeriveAfter(context.Background(), claimhistory.Deriver{}, nil,
		map[string]schemas.Table{schemas.ClaimChecks.Name: cc}, nil,
		extract.Release{ID: id, Created: time.Date(2026, 1, 1, 2, 0, 0, 0, time.UTC)}, prev)
	if err != nil {
		t.Fatal(err)
	}
	return out[0]
}

func changes(tb schemas.Table) []string {
	c := schemas.ClaimHistoryCol
	r := schemas.NewReader(tb)
	var out []string
	for i := 0; i < tb.Rows(); i++ {
		out = append(out, r.Value(i, c.DocumentID).Str+"#"+r.Value(i, c.ClaimIndex).Text(schemas.Int32)+" "+
			r.Value(i, c.ReleaseID).Str+" "+r.Value(i, c.Change).Str+" "+r.Value(i, c.PreviousVerdict).Str+">"+r.Value(i, c.Verdict).Str+
			" "+r.Value(i, c.PreviousStatisticValue).Text(schemas.Float64)+">"+r.Value(i, c.StatisticValue).Text(schemas.Float64))
	}
	return out
}

func TestLedger(t *testing.T) {
	r1 := derive(t, "r1", checks(t,
		check{"a", "consistent", "31 March 2025", "dfe-cla-2025", 0, 81770},
		check{"a", "pending", "31 March 2025", "dfe-cla-2025", 1, 81770}), nil)
	defer r1.Release()
	// r2: a's first claim's statistic revised (same verdict), the second
	// unchanged, a new document b.
	r2 := derive(t, "r2", checks(t,
		check{"a", "consistent", "31 March 2025", "dfe-cla-2026", 0, 81800},
		check{"a", "pending", "31 March 2025", "dfe-cla-2025", 1, 81770},
		check{"b", "differs", "31 March 2025", "dfe-cla-2025", 0, 81770}), &r1)
	defer r2.Release()
	// r3: the verdict of a's first claim changes; b is no longer checked.
	r3 := derive(t, "r3", checks(t,
		check{"a", "close", "31 March 2026", "dfe-cla-2026", 0, 85000},
		check{"a", "pending", "31 March 2025", "dfe-cla-2025", 1, 81770}), &r2)
	defer r3.Release()
	want := []string{
		"a#0 r1 first_checked >consistent >81770",
		"a#0 r2 statistic_changed consistent>consistent 81770>81800",
		"a#0 r3 verdict_changed consistent>close 81800>85000",
		"a#1 r1 first_checked >pending >81770",
		"b#0 r2 first_checked >differs >81770",
	}
	got := changes(r3)
	if len(got) != len(want) {
		t.Fatalf("ledger:\n%q\nwant\n%q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: %q, want %q", i, got[i], want[i])
		}
	}
}
