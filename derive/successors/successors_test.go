package successors_test

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caredata/caredata/derive/successors"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/internal/testrelease"
	"github.com/caredata/caredata/schemas"
)

func entries(t *testing.T, in []extract.Input) []geo.Entry {
	t.Helper()
	l, err := geo.FromInputs(in, false)
	if err != nil {
		t.Fatal(err)
	}
	return l.Entries()
}

// derive runs the deriver on the lookups given and returns its rows and
// the run's notes.
func derive(t *testing.T, in []extract.Input) ([]schemas.LASuccessorsRow, []string) {
	t.Helper()
	out := extract.NewCollect(nil, successors.Deriver{}.Datasets())
	notes := &extract.Notes{}
	env := extract.Env{Log: slog.New(slog.DiscardHandler), Notes: notes, Out: out}
	if err := (successors.Deriver{}).Derive(context.Background(), env, extract.MemTables{}, in); err != nil {
		t.Fatal(err)
	}
	tables := out.Tables()
	defer tables[0].Release()
	r := schemas.NewReader(tables[0])
	rows := make([]schemas.LASuccessorsRow, tables[0].Rows())
	for i := range rows {
		rows[i] = schemas.ReadLASuccessorsRow(r, i)
	}
	return rows, notes.Lines()
}

// Every row of la_successors from the real las.csv: DfE codes, names and
// dates are the lookup's, relations and flags the table's.
func TestRows(t *testing.T) {
	rows, notes := derive(t, testrelease.Lookups(t))
	if len(notes) != 0 {
		t.Errorf("notes: %q", notes)
	}
	type want struct {
		date                 string
		from, fromDfE, fromN string
		to, toDfE, toN       string
		relation             string
		succCoversPred       bool
		predCoversSucc       bool
	}
	const (
		same, split, merger, boundary = schemas.RelationSameArea, schemas.RelationSplit, schemas.RelationMergerPart, schemas.RelationBoundaryChange
	)
	wants := []want{
		{"2009-04-01", "E10000001", "820", "Bedfordshire", "E06000055", "822", "Bedford", split, false, true},
		{"2009-04-01", "E10000001", "820", "Bedfordshire", "E06000056", "823", "Central Bedfordshire", split, false, true},
		{"2009-04-01", "E10000004", "875", "Cheshire", "E06000049", "895", "Cheshire East", split, false, true},
		{"2009-04-01", "E10000004", "875", "Cheshire", "E06000050", "896", "Cheshire West and Chester", split, false, true},
		{"2009-04-01", "E10000005", "", "Cornwall and Isles of Scilly", "E06000052", "908", "Cornwall", split, false, true},
		{"2009-04-01", "E10000005", "", "Cornwall and Isles of Scilly", "E06000053", "420", "Isles of Scilly", split, false, true},
		{"2009-04-01", "E10000010", "", "Durham", "E06000047", "840", "County Durham", same, true, true},
		{"2009-04-01", "E10000022", "", "Northumberland", "E06000048", "929", "Northumberland", same, true, true},
		{"2009-04-01", "E10000026", "", "Shropshire", "E06000051", "893", "Shropshire", same, true, true},
		{"2009-04-01", "E10000033", "", "Wiltshire", "E06000054", "865", "Wiltshire", same, true, true},
		{"2013-04-01", "E06000048", "929", "Northumberland", "E06000057", "929", "Northumberland", boundary, true, false},
		{"2013-04-01", "E08000020", "390", "Gateshead", "E06000057", "929", "Northumberland", boundary, false, false},
		{"2013-04-01", "E08000020", "390", "Gateshead", "E08000037", "390", "Gateshead", boundary, false, true},
		{"2019-04-01", "E06000028", "837", "Bournemouth", "E06000058", "839", "Bournemouth, Christchurch and Poole", merger, true, false},
		{"2019-04-01", "E06000029", "836", "Poole", "E06000058", "839", "Bournemouth, Christchurch and Poole", merger, true, false},
		{"2019-04-01", "E10000009", "835", "Dorset", "E06000058", "839", "Bournemouth, Christchurch and Poole", merger, false, false},
		{"2019-04-01", "E10000009", "835", "Dorset", "E06000059", "838", "Dorset", merger, false, true},
		{"2020-04-01", "E10000002", "825", "Buckinghamshire", "E06000060", "825", "Buckinghamshire", same, true, true},
		{"2021-04-01", "E10000021", "928", "Northamptonshire", "E06000061", "940", "North Northamptonshire", split, false, true},
		{"2021-04-01", "E10000021", "928", "Northamptonshire", "E06000062", "941", "West Northamptonshire", split, false, true},
		{"2023-04-01", "E10000006", "909", "Cumbria", "E06000063", "942", "Cumberland", split, false, true},
		{"2023-04-01", "E10000006", "909", "Cumbria", "E06000064", "943", "Westmorland and Furness", split, false, true},
		{"2023-04-01", "E10000023", "815", "North Yorkshire", "E06000065", "815", "North Yorkshire", same, true, true},
		{"2023-04-01", "E10000027", "933", "Somerset", "E06000066", "933", "Somerset", same, true, true},
		{"2025-05-01", "E08000016", "370", "Barnsley", "E08000038", "370", "Barnsley", boundary, false, true},
		{"2025-05-01", "E08000016", "370", "Barnsley", "E08000039", "373", "Sheffield", boundary, false, false},
		{"2025-05-01", "E08000019", "373", "Sheffield", "E08000039", "373", "Sheffield", boundary, true, false},
	}
	if len(rows) != len(wants) {
		t.Errorf("%d rows, want %d", len(rows), len(wants))
	}
	text := func(v schemas.Value) string { return v.Str }
	for i, w := range wants {
		if i >= len(rows) {
			break
		}
		r := rows[i]
		got := want{r.ChangeDate.Text(schemas.Date32), text(r.PredecessorONSCode), text(r.PredecessorDfECode), text(r.PredecessorName),
			text(r.SuccessorONSCode), text(r.SuccessorDfECode), text(r.SuccessorName), text(r.Relation),
			r.SuccessorCoversPredecessor.Int == 1, r.PredecessorCoversSuccessor.Int == 1}
		if got != w {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got, w)
		}
		if w.fromDfE == "" && (r.PredecessorDfECode.Valid || r.PredecessorDfECode.Status != "") {
			t.Errorf("row %d: predecessor DfE code %+v, want a plain null", i, r.PredecessorDfECode)
		}
		if !r.SuccessorCoversPredecessor.Valid || !r.PredecessorCoversSuccessor.Valid {
			t.Errorf("row %d: a flag is null", i)
		}
		if !strings.HasPrefix(r.Legislation.Str, "The ") || !strings.Contains(r.Legislation.Str, " Order 20") {
			t.Errorf("row %d: legislation %q", i, r.Legislation.Str)
		}
		if r.Note.Str == "" || r.SourceID.Str != geo.SourceLAs {
			t.Errorf("row %d: note %q, source %q", i, r.Note.Str, r.SourceID.Str)
		}
	}
}

// The table explains every code the vendored las.csv shows starting or
// ending since 2009: when DfE adds the next reorganisation, this fails
// until Changes has it.
func TestEveryChangeExplained(t *testing.T) {
	es := entries(t, testrelease.Lookups(t))
	if err := successors.Check(successors.Changes, es); err != nil {
		t.Fatal(err)
	}
	if u := successors.Unexplained(successors.Changes, es); len(u) != 0 {
		t.Errorf("las.csv shows changes derive/successors.Changes does not explain:\n%s", strings.Join(u, "\n"))
	}
	// Every change the issue names is there.
	orders := map[string]bool{}
	for _, c := range successors.Changes {
		orders[c.Order] = true
	}
	for _, o := range []string{
		"The Bedfordshire (Structural Changes) Order 2008", "The Cheshire (Structural Changes) Order 2008",
		"The Bournemouth, Dorset and Poole (Structural Changes) Order 2018", "The Northamptonshire (Structural Changes) Order 2020",
		"The Cumbria (Structural Changes) Order 2022", "The North Yorkshire (Structural Changes) Order 2022",
		"The Somerset (Structural Changes) Order 2022",
	} {
		if !orders[o] {
			t.Errorf("no change made by %s", o)
		}
	}
}

// A change missing from the table, or one the lookup gains, is reported;
// the deriver makes it a note of the run.
func TestUnexplained(t *testing.T) {
	in := testrelease.Lookups(t)
	es := entries(t, in)
	var noCumbria []successors.Change
	for _, c := range successors.Changes {
		if !strings.HasPrefix(c.Order, "The Cumbria") {
			noCumbria = append(noCumbria, c)
		}
	}
	got := successors.Unexplained(noCumbria, es)
	want := []string{
		"E06000063 (Cumberland) begins on 2023-04-01",
		"joint row E06000063 / E06000064 (Cumberland / Westmorland and Furness) begins on 2023-04-01 but E06000063 is no successor of a change that day",
		"E06000064 (Westmorland and Furness) begins on 2023-04-01",
		"E10000006 (Cumbria) ends on 2023-03-31",
	}
	if !slices.Equal(got, want) {
		t.Errorf("without Cumbria:\n got %q\nwant %q", got, want)
	}

	// A new authority in a refreshed las.csv, and a county it ends.
	for i := range in {
		if in[i].Source.ID != geo.SourceLAs {
			continue
		}
		b := bytes.Replace(in[i].Data, []byte("E10000003,Cambridgeshire,01/01/2009,,"), []byte("E10000003,Cambridgeshire,01/01/2009,31/03/2028,"), 1)
		if bytes.Equal(b, in[i].Data) {
			t.Fatal("Cambridgeshire's row is not in las.csv as expected")
		}
		b = append(b, "E06000099,Newshire,01/04/2028,,E12000006,E06,Unitary Authorities,live,999\n"...)
		in[i].Data = b
	}
	rows, notes := derive(t, in)
	if len(rows) != 27 {
		t.Errorf("%d rows", len(rows))
	}
	wantNotes := []string{
		"la_successors: E10000003 (Cambridgeshire) ends on 2028-03-31, which derive/successors.Changes does not explain: add the order that made it",
		"la_successors: E06000099 (Newshire) begins on 2028-04-01, which derive/successors.Changes does not explain: add the order that made it",
	}
	if !slices.Equal(notes, wantNotes) {
		t.Errorf("notes:\n got %q\nwant %q", notes, wantNotes)
	}
}

// The table must agree with the lookup and with itself; a change that
// does not is an error of the run, naming the order.
func TestCheck(t *testing.T) {
	es := entries(t, testrelease.Lookups(t))
	cumbria := func(edit func(*successors.Change)) []successors.Change {
		c := successors.Change{Date: "2023-04-01", Order: "The Cumbria (Structural Changes) Order 2022", Relation: schemas.RelationSplit,
			Flows: []successors.Flow{{From: "E10000006", To: "E06000063"}, {From: "E10000006", To: "E06000064"}}}
		edit(&c)
		return []successors.Change{c}
	}
	tests := []struct {
		name    string
		changes []successors.Change
		want    string // in the error; "" for none
	}{
		{"as it is", cumbria(func(*successors.Change) {}), ""},
		{"wrong date", cumbria(func(c *successors.Change) { c.Date = "2023-04-02" }), "ends predecessor E10000006 (Cumbria) on \"2023-03-31\", not the day before 2023-04-02"},
		{"unknown code", cumbria(func(c *successors.Change) { c.Flows[1].To = "E06000099" }), "successor E06000099 is not in las.csv"},
		{"still operating", cumbria(func(c *successors.Change) { c.Flows[0].From = "E10000003" }), "ends predecessor E10000003 (Cambridgeshire) on \"\""},
		{"not a same_area", cumbria(func(c *successors.Change) { c.Relation = schemas.RelationSameArea }), "is same_area, but it has more than one flow"},
		{"not a merger", cumbria(func(c *successors.Change) { c.Relation = schemas.RelationMergerPart }), "no successor has two predecessors"},
		{"unknown relation", cumbria(func(c *successors.Change) { c.Relation = "whole" }), "that is no relation"},
		{"twice", cumbria(func(c *successors.Change) { c.Flows[1] = c.Flows[0] }), "lists E10000006 → E06000063 twice"},
		{"Dorset as boundary change", []successors.Change{{Date: "2019-04-01", Order: "Dorset", Relation: schemas.RelationBoundaryChange,
			Flows: []successors.Flow{{From: "E10000009", To: "E06000059"}, {From: "E10000009", To: "E06000058"}, {From: "E06000028", To: "E06000058"}, {From: "E06000029", To: "E06000058"}}}},
			"E10000009 has no successor with its DfE code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := successors.Check(tt.changes, es)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
		})
	}
}

// The change date is the successor's first day and the day after the
// predecessor's last, in las.csv, for every row.
func TestDatesFromLookup(t *testing.T) {
	in := testrelease.Lookups(t)
	byCode := map[string]geo.Entry{}
	for _, e := range entries(t, in) {
		byCode[e.NewCode] = e
	}
	rows, _ := derive(t, in)
	for _, r := range rows {
		day := r.ChangeDate.AsTime(schemas.Date32)
		from, to := byCode[r.PredecessorONSCode.Str], byCode[r.SuccessorONSCode.Str]
		if !to.From.Equal(day) || !from.To.AddDate(0, 0, 1).Equal(day) || day.Before(time.Date(2009, 1, 2, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s → %s on %s: las.csv has %s to %s and from %s", r.PredecessorONSCode.Str, r.SuccessorONSCode.Str,
				day.Format(time.DateOnly), from.Name, from.To.Format(time.DateOnly), to.From.Format(time.DateOnly))
		}
	}
}
