// Package successors derives la_successors: every change of an English
// upper-tier local authority's code since 2009, one row per predecessor
// and successor whose areas overlap.
//
// Codes, names and dates come from DfE's las.csv (read through package
// geo): it says which codes ended and which began on which day, and which
// DfE code each carries, but not how the areas relate. That knowledge is
// the explicit table Changes, one entry per statutory order, listing every
// flow of area from a predecessor to a successor. From it:
//
//   - successor_covers_predecessor is true when the predecessor has no
//     other successor (all of its area went to this one);
//   - predecessor_covers_successor is true when the successor has no
//     other predecessor (all of its area came from this one);
//   - relation is the change's kind, which the table states and Check
//     verifies against those flows.
//
// The relations:
//
//	relation         flows                                         flags (succ ⊇ pred, pred ⊇ succ)
//	same_area        one predecessor, one successor                true, true
//	split            one predecessor, two or more successors,      false, true
//	                 each with no other predecessor
//	merger_part      a successor with two or more predecessors     by row: Bournemouth → BCP true, false;
//	                 (a reorganisation)                            Dorset → BCP false, false; Dorset → Dorset false, true
//	boundary_change  as merger_part, but every authority carries   continuing: false, true (lost area) or
//	                 on under its DfE code: a boundary change      true, false (gained it); the moved area
//	                 order moved a small area between two          false, false
//
// A run fails if the table contradicts the lookup (a code it does not
// have, or a date that is not the successor's first day and the day after
// the predecessor's last). A code the lookup shows starting or ending
// since 2009 that the table does not explain is a note of the run (and
// fails this package's tests on the vendored lookup), so the next
// reorganisation cannot be missed silently.
package successors

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// Change is one statutory change of local authority areas: the day the
// successors began, the order, the relation, and every flow of area from
// a predecessor to a successor (ONS codes).
type Change struct {
	Date     string // yyyy-mm-dd, the successors' first day
	Order    string
	Relation string
	Flows    []Flow
}

// Flow is one predecessor's area, or a part of it, going to one
// successor; Note says which part where that is not the whole of either.
type Flow struct {
	From, To string
	Note     string
}

// Changes lists every code change of an English upper-tier authority
// since 1 January 2009 (the first date in las.csv). Orders, on
// legislation.gov.uk:
//   - 2009: the Bedfordshire (Structural Changes) Order 2008 (S.I.
//     2008/907), the Cheshire (Structural Changes) Order 2008 (S.I.
//     2008/634), the Cornwall, County Durham, Northumberland, Shropshire
//     and Wiltshire (Structural Change) Orders 2008;
//   - 2013: the Gateshead and Northumberland (Boundary Change) Order 2013
//     (one house, Ravenside Bungalow, from Gateshead to Northumberland);
//   - 2019: the Bournemouth, Dorset and Poole (Structural Changes) Order
//     2018 (S.I. 2018/648);
//   - 2020: the Buckinghamshire (Structural Changes) Order 2019 (S.I.
//     2019/957);
//   - 2021: the Northamptonshire (Structural Changes) Order 2020;
//   - 2023: the Cumbria (S.I. 2022/331), North Yorkshire (S.I. 2022/328)
//     and Somerset (S.I. 2022/329) (Structural Changes) Orders 2022;
//   - 2025: the Barnsley and Sheffield (Boundary Change) Order 2024 (S.I.
//     2024/1328; the Oughtibridge Mill housing development wholly into
//     Sheffield). The order's transfer date is 1 April 2025; las.csv
//     starts the new codes on 1 May 2025, and its date is the one
//     published.
var Changes = []Change{
	{"2009-04-01", "The Bedfordshire (Structural Changes) Order 2008", schemas.RelationSplit, []Flow{
		{"E10000001", "E06000055", "The borough of Bedford"},
		{"E10000001", "E06000056", "The districts of Mid Bedfordshire and South Bedfordshire"},
	}},
	{"2009-04-01", "The Cheshire (Structural Changes) Order 2008", schemas.RelationSplit, []Flow{
		{"E10000004", "E06000049", "The districts of Congleton, Crewe and Nantwich, and Macclesfield"},
		{"E10000004", "E06000050", "The districts of Chester, Ellesmere Port and Neston, and Vale Royal"},
	}},
	{"2009-04-01", "The Cornwall (Structural Change) Order 2008", schemas.RelationSplit, []Flow{
		{"E10000005", "E06000052", "Cornwall County Council became the unitary Cornwall Council. The ONS county code covered Cornwall and the Isles of Scilly; " +
			"DfE already counted Cornwall (908) and the Isles of Scilly (420) apart, and las.csv gives the county code no DfE code"},
		{"E10000005", "E06000053", "The Council of the Isles of Scilly kept its area and DfE code 420 and took its own ONS code; the ONS county code had covered Cornwall and the Isles of Scilly"},
	}},
	{"2009-04-01", "The County Durham (Structural Change) Order 2008", schemas.RelationSameArea, []Flow{
		{"E10000010", "E06000047", "The county council became the one council for the county's area, its districts abolished; DfE code 840 is the council's before and after (las.csv gives the county code none)"},
	}},
	{"2009-04-01", "The Northumberland (Structural Change) Order 2008", schemas.RelationSameArea, []Flow{
		{"E10000022", "E06000048", "The county council became the one council for the county's area, its districts abolished; DfE code 929 is the council's before and after (las.csv gives the county code none)"},
	}},
	{"2009-04-01", "The Shropshire (Structural Change) Order 2008", schemas.RelationSameArea, []Flow{
		{"E10000026", "E06000051", "The county council became the one council for the county's area (not Telford and Wrekin), its districts abolished; DfE code 893 is the council's before and after (las.csv gives the county code none)"},
	}},
	{"2009-04-01", "The Wiltshire (Structural Change) Order 2008", schemas.RelationSameArea, []Flow{
		{"E10000033", "E06000054", "The county council became the one council for the county's area (not Swindon), its districts abolished; DfE code 865 is the council's before and after (las.csv gives the county code none)"},
	}},
	{"2013-04-01", "The Gateshead and Northumberland (Boundary Change) Order 2013", schemas.RelationBoundaryChange, []Flow{
		{"E08000020", "E08000037", "Gateshead without the land around Ravenside Bungalow, which went to Northumberland"},
		{"E08000020", "E06000057", "The land around Ravenside Bungalow (one house), moved from Gateshead to Northumberland"},
		{"E06000048", "E06000057", "All of Northumberland, which also took the land around Ravenside Bungalow from Gateshead"},
	}},
	{"2019-04-01", "The Bournemouth, Dorset and Poole (Structural Changes) Order 2018", schemas.RelationMergerPart, []Flow{
		{"E10000009", "E06000059", "Dorset county without Christchurch: the districts of East Dorset, North Dorset, Purbeck, West Dorset, and Weymouth and Portland"},
		{"E10000009", "E06000058", "The borough of Christchurch, a district of Dorset county"},
		{"E06000028", "E06000058", "All of Bournemouth, merged with Christchurch and Poole"},
		{"E06000029", "E06000058", "All of Poole, merged with Bournemouth and Christchurch"},
	}},
	{"2020-04-01", "The Buckinghamshire (Structural Changes) Order 2019", schemas.RelationSameArea, []Flow{
		{"E10000002", "E06000060", "The county council and the districts of Aylesbury Vale, Chiltern, South Bucks and Wycombe were replaced by one council for the county's area (not Milton Keynes)"},
	}},
	{"2021-04-01", "The Northamptonshire (Structural Changes) Order 2020", schemas.RelationSplit, []Flow{
		{"E10000021", "E06000061", "The districts of Corby, East Northamptonshire, Kettering and Wellingborough. las.csv also has the joint row E06000061 / E06000062 (940 / 941) for figures DfE gives for the two together"},
		{"E10000021", "E06000062", "The districts of Daventry, Northampton and South Northamptonshire. las.csv also has the joint row E06000061 / E06000062 (940 / 941) for figures DfE gives for the two together"},
	}},
	{"2023-04-01", "The Cumbria (Structural Changes) Order 2022", schemas.RelationSplit, []Flow{
		{"E10000006", "E06000063", "The districts of Allerdale, Carlisle and Copeland. las.csv also has the joint row E06000063 / E06000064 (942 / 943) for figures DfE gives for the two together"},
		{"E10000006", "E06000064", "The districts of Barrow-in-Furness, Eden and South Lakeland. las.csv also has the joint row E06000063 / E06000064 (942 / 943) for figures DfE gives for the two together"},
	}},
	{"2023-04-01", "The North Yorkshire (Structural Changes) Order 2022", schemas.RelationSameArea, []Flow{
		{"E10000023", "E06000065", "The county council and its seven districts were replaced by one council for the county's area (not York); DfE code 815 unchanged"},
	}},
	{"2023-04-01", "The Somerset (Structural Changes) Order 2022", schemas.RelationSameArea, []Flow{
		{"E10000027", "E06000066", "The county council and its four districts were replaced by one council for the county's area (not Bath and North East Somerset or North Somerset); DfE code 933 unchanged"},
	}},
	{"2025-05-01", "The Barnsley and Sheffield (Boundary Change) Order 2024", schemas.RelationBoundaryChange, []Flow{
		{"E08000016", "E08000038", "Barnsley without its part of the Oughtibridge Mill housing development, which went to Sheffield. The order's transfer date is 1 April 2025; las.csv starts the new codes on 1 May 2025"},
		{"E08000016", "E08000039", "Barnsley's part of the Oughtibridge Mill housing development, moved to Sheffield. The order's transfer date is 1 April 2025; las.csv starts the new codes on 1 May 2025"},
		{"E08000019", "E08000039", "All of Sheffield, which also took Barnsley's part of the Oughtibridge Mill housing development. The order's transfer date is 1 April 2025; las.csv starts the new codes on 1 May 2025"},
	}},
}

// Since is the first day las.csv knows: a code in operation on it is the
// starting point, not a change.
var Since = time.Date(2009, time.January, 1, 0, 0, 0, 0, time.UTC)

// Deriver builds la_successors. It reads only the lookups.
type Deriver struct{}

// Name names the deriver in logs and errors.
func (Deriver) Name() string { return "la_successors" }

// Datasets is la_successors.
func (Deriver) Datasets() []*schemas.Dataset { return []*schemas.Dataset{&schemas.LASuccessors} }

// Needs is empty: la_successors comes from las.csv and the table.
func (Deriver) Needs() []extract.Need { return nil }

// Derive writes a row per flow of Changes, in order of date, predecessor
// and successor.
func (Deriver) Derive(ctx context.Context, env extract.Env, _ extract.Tables, lookups []extract.Input) error {
	lookup, err := geo.FromInputs(lookups, false)
	if err != nil {
		return err
	}
	rows, err := Rows(Changes, lookup.Entries())
	if err != nil {
		return err
	}
	for _, u := range Unexplained(Changes, lookup.Entries()) {
		env.Notef("la_successors: %s, which derive/successors.Changes does not explain: add the order that made it", u)
	}
	b, err := env.Out.Open(&schemas.LASuccessors)
	if err != nil {
		return err
	}
	for i := range rows {
		if err := rows[i].AppendTo(b); err != nil {
			return err
		}
	}
	return nil
}

// Rows checks the changes (Check) and returns a row per flow, with the
// lookup's codes, names and dates, ordered by date, predecessor and
// successor.
func Rows(changes []Change, entries []geo.Entry) ([]schemas.LASuccessorsRow, error) {
	if err := Check(changes, entries); err != nil {
		return nil, err
	}
	byCode := authorities(entries)
	var rows []schemas.LASuccessorsRow
	for _, c := range changes {
		succs, preds := map[string]int{}, map[string]int{}
		for _, f := range c.Flows {
			succs[f.From]++
			preds[f.To]++
		}
		for _, f := range c.Flows {
			from, to := byCode[f.From], byCode[f.To]
			rows = append(rows, schemas.LASuccessorsRow{
				ChangeDate:         schemas.Date(to.From),
				PredecessorONSCode: schemas.Str(from.NewCode), PredecessorDfECode: code(from.OldCode), PredecessorName: schemas.Str(from.Name),
				SuccessorONSCode: schemas.Str(to.NewCode), SuccessorDfECode: code(to.OldCode), SuccessorName: schemas.Str(to.Name),
				Relation:                   schemas.Str(c.Relation),
				SuccessorCoversPredecessor: schemas.Boolean(succs[f.From] == 1),
				PredecessorCoversSuccessor: schemas.Boolean(preds[f.To] == 1),
				Legislation:                schemas.Str(c.Order), Note: schemas.Str(f.Note),
				SourceID: schemas.Str(geo.SourceLAs),
			})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.ChangeDate.Int != b.ChangeDate.Int {
			return a.ChangeDate.Int < b.ChangeDate.Int
		}
		if a.PredecessorONSCode.Str != b.PredecessorONSCode.Str {
			return a.PredecessorONSCode.Str < b.PredecessorONSCode.Str
		}
		return a.SuccessorONSCode.Str < b.SuccessorONSCode.Str
	})
	return rows, nil
}

// code is a DfE code, null when las.csv gives none.
func code(c string) schemas.Value {
	if c == "" {
		return schemas.Null()
	}
	return schemas.Str(c)
}

// authorities indexes the lookup's rows that are one authority (not
// joint rows) by ONS code.
func authorities(entries []geo.Entry) map[string]geo.Entry {
	m := map[string]geo.Entry{}
	for _, e := range entries {
		if !e.Joint() {
			m[e.NewCode] = e
		}
	}
	return m
}

// Check reports the first way the changes contradict themselves or the
// lookup: a code the lookup lacks; a date that is not each successor's
// first day and the day after each predecessor's last; a predecessor or
// successor in two changes, or a flow listed twice; or a relation its
// flows do not have (see the package documentation).
func Check(changes []Change, entries []geo.Entry) error {
	byCode := authorities(entries)
	asPred, asSucc := map[string]string{}, map[string]string{}
	for _, c := range changes {
		day, err := time.Parse(time.DateOnly, c.Date)
		if err != nil {
			return fmt.Errorf("la_successors: %s: %w", c.Order, err)
		}
		if len(c.Flows) == 0 {
			return fmt.Errorf("la_successors: %s has no flows", c.Order)
		}
		succs, preds := map[string][]string{}, map[string][]string{}
		seen := map[Flow]bool{}
		for _, f := range c.Flows {
			if seen[Flow{From: f.From, To: f.To}] {
				return fmt.Errorf("la_successors: %s lists %s → %s twice", c.Order, f.From, f.To)
			}
			seen[Flow{From: f.From, To: f.To}] = true
			from, ok := byCode[f.From]
			if !ok {
				return fmt.Errorf("la_successors: %s: predecessor %s is not in las.csv", c.Order, f.From)
			}
			to, ok := byCode[f.To]
			if !ok {
				return fmt.Errorf("la_successors: %s: successor %s is not in las.csv", c.Order, f.To)
			}
			if from.To.IsZero() || !from.To.AddDate(0, 0, 1).Equal(day) {
				return fmt.Errorf("la_successors: %s: las.csv ends predecessor %s (%s) on %q, not the day before %s",
					c.Order, f.From, from.Name, dateText(from.To), c.Date)
			}
			if !to.From.Equal(day) {
				return fmt.Errorf("la_successors: %s: las.csv starts successor %s (%s) on %s, not %s",
					c.Order, f.To, to.Name, dateText(to.From), c.Date)
			}
			for _, x := range []struct {
				in   map[string]string
				code string
			}{{asPred, f.From}, {asSucc, f.To}} {
				if o, ok := x.in[x.code]; ok && o != c.Order {
					return fmt.Errorf("la_successors: %s is in two changes: %s and %s", x.code, o, c.Order)
				}
				x.in[x.code] = c.Order
			}
			succs[f.From] = append(succs[f.From], f.To)
			preds[f.To] = append(preds[f.To], f.From)
		}
		if err := checkRelation(c, succs, preds, byCode); err != nil {
			return err
		}
	}
	return nil
}

// checkRelation checks that a change's flows have the shape its relation
// names.
func checkRelation(c Change, succs, preds map[string][]string, byCode map[string]geo.Entry) error {
	merged := false
	for _, p := range preds {
		merged = merged || len(p) > 1
	}
	bad := func(why string) error {
		return fmt.Errorf("la_successors: %s is %s, but %s", c.Order, c.Relation, why)
	}
	switch c.Relation {
	case schemas.RelationSameArea:
		if len(c.Flows) != 1 {
			return bad("it has more than one flow")
		}
	case schemas.RelationSplit:
		if len(succs) != 1 || len(c.Flows) < 2 || merged {
			return bad("its flows are not one predecessor into two or more successors that have no other")
		}
	case schemas.RelationMergerPart, schemas.RelationBoundaryChange:
		if !merged {
			return bad("no successor has two predecessors")
		}
		if c.Relation == schemas.RelationMergerPart {
			break
		}
		// Every authority carries on under its DfE code: each
		// predecessor has a successor with its DfE code, and the
		// other way round.
		for _, f := range c.Flows { // in the table's order, so the error is always the same
			if !sameDfE(byCode[f.From], succs[f.From], byCode) {
				return bad(f.From + " has no successor with its DfE code")
			}
			if !sameDfE(byCode[f.To], preds[f.To], byCode) {
				return bad(f.To + " has no predecessor with its DfE code")
			}
		}
	default:
		return bad("that is no relation of la_successors")
	}
	return nil
}

func sameDfE(a geo.Entry, others []string, byCode map[string]geo.Entry) bool {
	for _, o := range others {
		if a.OldCode != "" && byCode[o].OldCode == a.OldCode {
			return true
		}
	}
	return false
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// Unexplained lists what the lookup shows changing since Since that the
// changes do not explain: an authority that ended and is no change's
// predecessor, one that began after Since and is no change's successor,
// or a joint row begun after Since whose parts are not all successors of
// a change on its first day.
func Unexplained(changes []Change, entries []geo.Entry) []string {
	pred, succ := map[string]bool{}, map[string]string{}
	for _, c := range changes {
		for _, f := range c.Flows {
			pred[f.From] = true
			succ[f.To] = c.Date
		}
	}
	var out []string
	for _, e := range entries {
		from := e.From.Format(time.DateOnly)
		switch {
		case e.Joint():
			if !e.From.After(Since) {
				continue
			}
			for _, p := range e.Parts {
				if succ[p] != from {
					out = append(out, fmt.Sprintf("joint row %s (%s) begins on %s but %s is no successor of a change that day", e.NewCode, e.Name, from, p))
					break
				}
			}
		default:
			if !e.To.IsZero() && !pred[e.NewCode] {
				out = append(out, fmt.Sprintf("%s (%s) ends on %s", e.NewCode, e.Name, e.To.Format(time.DateOnly)))
			}
			if e.From.After(Since) && succ[e.NewCode] == "" {
				out = append(out, fmt.Sprintf("%s (%s) begins on %s", e.NewCode, e.Name, from))
			}
		}
	}
	return out
}
