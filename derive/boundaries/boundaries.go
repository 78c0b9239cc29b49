// Package boundaries derives children_in_care_boundaries: children_in_care
// on consistent local authority boundaries, beside the codes of the year
// that children_in_care itself publishes.
//
// How each local authority row is treated follows la_successors:
//
//   - Every authority is one series under one set of codes: those of its
//     row in the newest year children_in_care has (its codes on 31 March
//     2025; an abolished authority's last ones). A row published under
//     other codes that la_successors links to those by same_area changes
//     (North Yorkshire E10000023, Somerset E10000027, Buckinghamshire
//     E10000002) is shown under the series' codes as same_area_series;
//     by a boundary_change (Gateshead E08000020, Northumberland E06000048,
//     after one house moved between them in 2013) as
//     boundary_change_series. Any other codes fail the run: a series is
//     never joined across a change la_successors does not call the same
//     authority.
//   - An authority divided wholly among successors (relation split, with
//     a DfE code: Bedfordshire and Cheshire 2009, Northamptonshire 2021,
//     Cumbria 2023) also gets, for each year whose 31 March is on or after
//     the change, a sum_of_successors row at its own boundary: each count
//     (children_count, population_estimate) is the successors' added, only
//     when every successor gives one. A suppressed or unavailable part
//     makes the sum null with that part's symbol (c if any part is c), a
//     successor with no row makes it null with x; never a partial sum. The
//     rate per 10,000 is recomputed from the summed count and population,
//     rounded half up to a whole number as DfE's published rates are, and
//     is null with x when either is null. The row replaces the abolished
//     authority's own row of that year (z: not applicable), if any.
//   - Everything else is as published: the merger_part rows of Dorset,
//     Bournemouth, Poole and Bournemouth, Christchurch and Poole (no
//     series is made for an area only part of which moved), the
//     successors' own rows, the rows of authorities in years they did not
//     exist (z), England and the regions.
//
// The ONS county Cornwall and Isles of Scilly (E10000005, split in 2009)
// has no DfE code and DfE always counted Cornwall and the Isles of Scilly
// apart: it gets no sum.
package boundaries

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// Deriver builds children_in_care_boundaries.
type Deriver struct{}

// Name names the deriver in logs and errors.
func (Deriver) Name() string { return "children_in_care_boundaries" }

// Datasets is children_in_care_boundaries.
func (Deriver) Datasets() []*schemas.Dataset {
	return []*schemas.Dataset{&schemas.ChildrenInCareBoundaries}
}

// Needs are every row of children_in_care (England and regions are
// published beside the authorities, as they are) and of la_successors.
func (Deriver) Needs() []extract.Need {
	return []extract.Need{{Dataset: &schemas.ChildrenInCare}, {Dataset: &schemas.LASuccessors}}
}

// Derive reads children_in_care and la_successors, and the lookups for
// the regions of abolished authorities, and writes the view.
func (Deriver) Derive(ctx context.Context, env extract.Env, in extract.Tables, lookups []extract.Input) error {
	lookup, err := geo.FromInputs(lookups, false)
	if err != nil {
		return err
	}
	cic, err := readCare(in)
	if err != nil {
		return err
	}
	succ, err := readSuccessors(in)
	if err != nil {
		return err
	}
	rows, notes, err := Rows(cic, succ, lookup)
	if err != nil {
		return err
	}
	for _, n := range notes {
		env.Notef("children_in_care_boundaries: %s", n)
	}
	b, err := env.Out.Open(&schemas.ChildrenInCareBoundaries)
	if err != nil {
		return err
	}
	for i := range rows {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := rows[i].AppendTo(b); err != nil {
			return err
		}
	}
	return nil
}

func readCare(in extract.Tables) ([]schemas.ChildrenInCareRow, error) {
	t, err := in.Table(&schemas.ChildrenInCare)
	if err != nil {
		return nil, err
	}
	defer t.Release()
	r := schemas.NewReader(t)
	out := make([]schemas.ChildrenInCareRow, t.Rows())
	for i := range out {
		out[i] = schemas.ReadChildrenInCareRow(r, i)
	}
	return out, nil
}

func readSuccessors(in extract.Tables) ([]schemas.LASuccessorsRow, error) {
	t, err := in.Table(&schemas.LASuccessors)
	if err != nil {
		return nil, err
	}
	defer t.Release()
	r := schemas.NewReader(t)
	out := make([]schemas.LASuccessorsRow, t.Rows())
	for i := range out {
		out[i] = schemas.ReadLASuccessorsRow(r, i)
	}
	return out, nil
}

// Split is an authority divided wholly among successors, as la_successors
// gives it: the abolished authority's codes, the successors' and the day
// they began.
type Split struct {
	Predecessor schemas.Geography // codes and name; region from the lookup
	Successors  []string          // DfE codes, in la_successors' order (by ONS code)
	Names       map[string]string // DfE code → "Name (ONS, DfE)" from la_successors
	Date        time.Time         // the successors' first day
}

// Splits lists the split relations of la_successors whose predecessor has
// a DfE code, in order of date and predecessor.
func Splits(succ []schemas.LASuccessorsRow, lookup *geo.Lookup) ([]Split, error) {
	var out []Split
	at := map[string]int{}
	for _, s := range succ {
		if s.Relation.Str != schemas.RelationSplit || !s.PredecessorDfECode.Valid {
			continue
		}
		p := s.PredecessorDfECode.Str
		i, ok := at[p]
		if !ok {
			la, found := lookup.ByCode(s.PredecessorONSCode.Str)
			if !found {
				return nil, fmt.Errorf("children_in_care_boundaries: la_successors' predecessor %s (%s) is not in las.csv", s.PredecessorONSCode.Str, s.PredecessorName.Str)
			}
			i = len(out)
			at[p] = i
			out = append(out, Split{
				Predecessor: schemas.Geography{
					Level: schemas.LocalAuthority, CountryCode: geo.England, CountryName: "England",
					RegionCode: la.RegionCode, RegionName: la.RegionName,
					NewLACode: s.PredecessorONSCode.Str, OldLACode: p, LAName: s.PredecessorName.Str,
				},
				Names: map[string]string{},
				Date:  s.ChangeDate.AsTime(schemas.Date32),
			})
		}
		d := s.SuccessorDfECode.Str
		out[i].Successors = append(out[i].Successors, d)
		out[i].Names[d] = named(s.SuccessorName.Str, s.SuccessorONSCode.Str, d)
	}
	return out, nil
}

// named is how published_under names one geography: "Cumbria (E10000006, 909)".
func named(name string, codes ...string) string {
	var cs []string
	for _, c := range codes {
		if c != "" {
			cs = append(cs, c)
		}
	}
	return name + " (" + strings.Join(cs, ", ") + ")"
}

// marchDay is 31 March of a reporting year, the day its counts describe.
func marchDay(year int64) time.Time {
	return time.Date(int(year), time.March, 31, 0, 0, 0, 0, time.UTC)
}

type yearMeasure struct {
	year    int64
	measure string
}

type partKey struct {
	year          int64
	measure, code string
}

// Rows builds the view from children_in_care and la_successors (see the
// package documentation), sorted as children_in_care is: by year, level,
// region, code and measure. The notes are facts a reader of the run
// should know: an abolished authority's own row that carried a figure in a
// year its sum replaces.
func Rows(cic []schemas.ChildrenInCareRow, succ []schemas.LASuccessorsRow, lookup *geo.Lookup) ([]schemas.ChildrenInCareBoundariesRow, []string, error) {
	splits, err := Splits(succ, lookup)
	if err != nil {
		return nil, nil, err
	}
	splitOf := map[string]*Split{}
	for i := range splits {
		splitOf[splits[i].Predecessor.OldLACode] = &splits[i]
	}
	next := map[string][]schemas.LASuccessorsRow{}
	for _, s := range succ {
		next[s.PredecessorONSCode.Str] = append(next[s.PredecessorONSCode.Str], s)
	}

	// newest is each authority's row of the newest year it has: its
	// codes are the series'. parts indexes the rows a sum reads.
	newest := map[string]*schemas.ChildrenInCareRow{}
	parts := map[partKey]*schemas.ChildrenInCareRow{}
	source := map[yearMeasure]string{}
	var combos []yearMeasure
	for i := range cic {
		r := &cic[i]
		if r.GeographicLevel.Str != schemas.LocalAuthority {
			continue
		}
		code := r.OldLACode.Str
		if n, ok := newest[code]; !ok || r.TimePeriod.Int > n.TimePeriod.Int {
			newest[code] = r
		}
		ym := yearMeasure{r.TimePeriod.Int, r.Measure.Str}
		if _, ok := source[ym]; !ok {
			source[ym] = r.SourceID.Str
			combos = append(combos, ym)
		}
		parts[partKey{r.TimePeriod.Int, r.Measure.Str, code}] = r
	}

	out := make([]schemas.ChildrenInCareBoundariesRow, 0, len(cic)+64)
	var notes []string
	for i := range cic {
		r := &cic[i]
		row := schemas.ChildrenInCareBoundariesRow{
			TimePeriod: r.TimePeriod, TimeIdentifier: r.TimeIdentifier, GeographicLevel: r.GeographicLevel,
			CountryCode: r.CountryCode, CountryName: r.CountryName, RegionCode: r.RegionCode, RegionName: r.RegionName,
			NewLACode: r.NewLACode, OldLACode: r.OldLACode, LAName: r.LAName, Measure: r.Measure,
			BoundaryBasis: schemas.Str(schemas.BasisAsPublished),
			ChildrenCount: r.ChildrenCount, RatePer10000: r.RatePer10000, PopulationEstimate: r.PopulationEstimate,
			SourceID: r.SourceID,
		}
		switch r.GeographicLevel.Str {
		case schemas.National:
			row.PublishedUnder = schemas.Str(named(r.CountryName.Str, r.CountryCode.Str))
		case schemas.Regional:
			row.PublishedUnder = schemas.Str(named(r.RegionName.Str, r.RegionCode.Str))
		case schemas.LocalAuthority:
			code := r.OldLACode.Str
			if s := splitOf[code]; s != nil && !marchDay(r.TimePeriod.Int).Before(s.Date) {
				// The sum of the successors stands in this row's place.
				if r.ChildrenCount.Valid || r.PopulationEstimate.Valid {
					notes = append(notes, fmt.Sprintf("%s (%s) has a figure on 31 March %d, after its division on %s; "+
						"the sum of its successors stands in its place", r.LAName.Str, code, r.TimePeriod.Int, s.Date.Format(time.DateOnly)))
				}
				continue
			}
			row.PublishedUnder = schemas.Str(named(r.LAName.Str, r.NewLACode.Str, code))
			id := newest[code]
			if r.NewLACode.Str != id.NewLACode.Str {
				basis, err := linked(r, id, next)
				if err != nil {
					return nil, nil, err
				}
				row.BoundaryBasis = schemas.Str(basis)
				row.NewLACode, row.LAName = id.NewLACode, id.LAName
			}
		default:
			return nil, nil, fmt.Errorf("children_in_care_boundaries: children_in_care has a row of level %q", r.GeographicLevel.Str)
		}
		out = append(out, row)
	}
	for i := range splits {
		s := &splits[i]
		for _, c := range combos {
			if marchDay(c.year).Before(s.Date) {
				continue
			}
			out = append(out, sumRow(s, c, parts, source[c]))
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		switch {
		case a.TimePeriod.Int != b.TimePeriod.Int:
			return a.TimePeriod.Int < b.TimePeriod.Int
		case a.GeographicLevel.Str != b.GeographicLevel.Str:
			return levelRank[a.GeographicLevel.Str] < levelRank[b.GeographicLevel.Str]
		case a.RegionCode.Str != b.RegionCode.Str:
			return a.RegionCode.Str < b.RegionCode.Str
		case a.OldLACode.Str != b.OldLACode.Str:
			return a.OldLACode.Str < b.OldLACode.Str
		}
		return a.Measure.Str < b.Measure.Str
	})
	return out, notes, nil
}

var levelRank = map[string]int{schemas.National: 0, schemas.Regional: 1, schemas.LocalAuthority: 2}

// linked returns how a row published under codes other than its series'
// joins the series: through same_area changes only (same_area_series), or
// through a boundary_change (boundary_change_series). It follows
// la_successors from the row's ONS code to the series' through successors
// with the same DfE code, and fails when there is no such path.
func linked(r, id *schemas.ChildrenInCareRow, next map[string][]schemas.LASuccessorsRow) (string, error) {
	basis := schemas.BasisSameArea
	cur, dfe := r.NewLACode.Str, r.OldLACode.Str
	for steps := 0; cur != id.NewLACode.Str; steps++ {
		var step *schemas.LASuccessorsRow
		for k := range next[cur] {
			s := &next[cur][k]
			if (s.Relation.Str == schemas.RelationSameArea || s.Relation.Str == schemas.RelationBoundaryChange) && s.SuccessorDfECode.Str == dfe {
				step = s
			}
		}
		if step == nil || steps > len(next) {
			return "", fmt.Errorf("children_in_care_boundaries: children_in_care publishes DfE code %s as %s (%s) on 31 March %d and as %s (%s) on 31 March %d, "+
				"but la_successors has no same_area or boundary_change change from the one to the other: they cannot be one series "+
				"(add the change to derive/successors.Changes if there is one)",
				dfe, r.NewLACode.Str, r.LAName.Str, r.TimePeriod.Int, id.NewLACode.Str, id.LAName.Str, id.TimePeriod.Int)
		}
		if step.Relation.Str == schemas.RelationBoundaryChange {
			basis = schemas.BasisBoundaryChange
		}
		cur = step.SuccessorONSCode.Str
	}
	return basis, nil
}

// sumRow is the row of a divided authority for one year and measure: its
// successors' figures added (see Sum and Rate).
func sumRow(s *Split, c yearMeasure, parts map[partKey]*schemas.ChildrenInCareRow, yearSource string) schemas.ChildrenInCareBoundariesRow {
	counts := make([]schemas.Value, len(s.Successors))
	pops := make([]schemas.Value, len(s.Successors))
	under := make([]string, len(s.Successors))
	var sources []string
	for k, d := range s.Successors {
		p := parts[partKey{c.year, c.measure, d}]
		if p == nil {
			counts[k], pops[k], under[k] = schemas.Missing("x"), schemas.Missing("x"), s.Names[d]
			continue
		}
		counts[k], pops[k], under[k] = p.ChildrenCount, p.PopulationEstimate, named(p.LAName.Str, p.NewLACode.Str, d)
		if !contains(sources, p.SourceID.Str) {
			sources = append(sources, p.SourceID.Str)
		}
	}
	if len(sources) == 0 {
		sources = []string{yearSource}
	}
	count, pop := Sum(counts), Sum(pops)
	g := s.Predecessor
	return schemas.ChildrenInCareBoundariesRow{
		TimePeriod: schemas.Int(c.year), TimeIdentifier: schemas.Str("Reporting year"),
		GeographicLevel: schemas.Str(g.Level), CountryCode: schemas.Str(g.CountryCode), CountryName: schemas.Str(g.CountryName),
		RegionCode: schemas.Str(g.RegionCode), RegionName: schemas.Str(g.RegionName),
		NewLACode: schemas.Str(g.NewLACode), OldLACode: schemas.Str(g.OldLACode), LAName: schemas.Str(g.LAName),
		Measure:            schemas.Str(c.measure),
		BoundaryBasis:      schemas.Str(schemas.BasisSumOfSuccessors),
		PublishedUnder:     schemas.Str(strings.Join(under, " + ")),
		ChildrenCount:      count,
		RatePer10000:       Rate(count, pop),
		PopulationEstimate: pop,
		SourceID:           schemas.Str(strings.Join(sources, " + ")),
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Sum adds counts only when every one is given: otherwise it is null with
// the symbol of a part that is not (c when any part is c, else the first
// part's; x for a part with no symbol). Never a partial sum.
func Sum(vals []schemas.Value) schemas.Value {
	var total int64
	status := ""
	for _, v := range vals {
		if v.Valid {
			total += v.Int
			continue
		}
		s := v.Status
		if s == "" {
			s = "x"
		}
		if status == "" || s == "c" {
			status = s
		}
	}
	if status != "" {
		return schemas.Missing(status)
	}
	return schemas.Int(total)
}

// Rate is children per 10,000 of the population, rounded half up to a
// whole number as DfE's rates are; null with x when the count or the
// population is null, z when the population is 0.
func Rate(count, pop schemas.Value) schemas.Value {
	switch {
	case !count.Valid || !pop.Valid:
		return schemas.Missing("x")
	case pop.Int == 0:
		return schemas.Missing("z")
	}
	// Whole numbers throughout: (2·count·10000 + pop) / (2·pop) is
	// count·10000/pop rounded half up, with no float error at .5.
	return schemas.Float(float64((2*count.Int*10000 + pop.Int) / (2 * pop.Int)))
}
