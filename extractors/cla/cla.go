// Package cla reads DfE's "Children looked after in England including
// adoptions" figures and publishes children_in_care: the Explore Education
// Statistics data file cla_number_and_rate_per_10k_children (2023 release
// on), and the local authority underlying data files of the statistical
// releases of 2010 to 2019 (SFR27/2010 to CLA2019).
//
// Each release restates several years. Releases name their columns
// differently: the EES files population_count/number (2023 release) or
// population_type/children_count (from 2024), "at" or "on" 31 March; the
// underlying data files a column per year (CLA_Mar2017, CLA_Rate2017, ...)
// with their own symbols, levels and spellings. layout.go maps each known
// layout, and an unknown one is an error naming the file and the columns
// found. The newest release wins for every year it covers, whole years at
// a time: merging row by row would count twice the authorities whose ONS
// codes changed (North Yorkshire and Somerset in 2023). Every value a
// newer release changed is listed in revisions.
package cla

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// Extractor publishes children_in_care and its revisions.
type Extractor struct{}

// Name is the manifest's extractor key.
func (Extractor) Name() string { return "cla" }

// Datasets are children_in_care and revisions.
func (Extractor) Datasets() []*schemas.Dataset {
	return []*schemas.Dataset{&schemas.ChildrenInCare, &schemas.Revisions}
}

// Extract parses every release, keeps each year from the newest release
// covering it, and lists the values newer releases changed.
func (e Extractor) Extract(ctx context.Context, env extract.Env, in []extract.Input) error {
	// DfE's lookups place the underlying data files' rows; the EES files
	// need none, so a run without lookups reads those.
	places, placesErr := geo.FromInputs(in, false)
	var releases []*Release
	for _, i := range extract.Own(in) {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := Parse(i.Source.ID, i.Source.Path, i.Data, places)
		if errors.Is(err, ErrNoLookup) && placesErr != nil {
			return fmt.Errorf("%w: %v", err, placesErr)
		}
		if err != nil {
			return err
		}
		r.Label = i.Source.Release
		releases = append(releases, r)
	}
	rows, revs := Merge(releases)
	cic, err := env.Out.Open(&schemas.ChildrenInCare)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := r.Published().AppendTo(cic); err != nil {
			return err
		}
	}
	rb, err := env.Out.Open(&schemas.Revisions)
	if err != nil {
		return err
	}
	for _, r := range revs {
		if err := r.Row().AppendTo(rb); err != nil {
			return err
		}
	}
	return nil
}

// Row is one row of children_in_care.
type Row struct {
	TimePeriod     int32
	TimeIdentifier string
	Geography      schemas.Geography
	Measure        string
	Count          schemas.Value
	Rate           schemas.Value
	Population     schemas.Value
	SourceID       string
	// absent marks the values the file does not carry: a column it lacks
	// (published null with status x) or codes filled in from DfE's lookup.
	// Revisions never compare them.
	absent absence
}

// absence is a set of values a file does not carry.
type absence uint8

const (
	absentRate       absence = 1 << iota // rate_per_10000
	absentPopulation                     // population_estimate
	absentNewLACode                      // new_la_code (2010: DfE codes only)
	absentRegion                         // region_code and region_name of an authority
)

// Published returns the row as children_in_care publishes it.
func (r Row) Published() *schemas.ChildrenInCareRow {
	g := r.Geography
	return &schemas.ChildrenInCareRow{
		TimePeriod: schemas.Int(int64(r.TimePeriod)), TimeIdentifier: schemas.Str(r.TimeIdentifier),
		GeographicLevel: schemas.Str(g.Level), CountryCode: schemas.Str(g.CountryCode), CountryName: schemas.Str(g.CountryName),
		RegionCode: schemas.Str(g.RegionCode), RegionName: schemas.Str(g.RegionName),
		NewLACode: schemas.Str(g.NewLACode), OldLACode: schemas.Str(g.OldLACode), LAName: schemas.Str(g.LAName),
		Measure: schemas.Str(r.Measure), ChildrenCount: r.Count, RatePer10000: r.Rate, PopulationEstimate: r.Population,
		SourceID: schemas.Str(r.SourceID),
	}
}

// key identifies a row across releases: the time period, the level, the
// code of that level (the DfE code for authorities, which survives ONS
// recoding) and the measure.
type key struct {
	period  int32
	level   string
	code    string
	measure string
}

func (r Row) key() key {
	return key{r.TimePeriod, r.Geography.Level, r.Geography.Code(), r.Measure}
}

// String is the key as revisions print it.
func (k key) String() string {
	codeCol := "country_code"
	switch k.level {
	case schemas.LocalAuthority:
		codeCol = "old_la_code"
	case schemas.Regional:
		codeCol = "region_code"
	}
	return fmt.Sprintf("time_period=%d; geographic_level=%s; %s=%s; measure=%s", k.period, k.level, codeCol, k.code, k.measure)
}

// Release is one parsed data file.
type Release struct {
	SourceID string
	Label    string // the manifest's release label, e.g. "2025"
	Layout   string
	Rows     []Row
}

// lastYear is the latest time period the release covers.
func (r *Release) lastYear() int32 {
	var y int32
	for _, row := range r.Rows {
		y = max(y, row.TimePeriod)
	}
	return y
}

// Merge keeps every year from the newest release that covers it (newest:
// the latest last year, then the later label), and returns the rows in a
// stable order with the revisions between consecutive releases of a year.
func Merge(releases []*Release) ([]Row, []schemas.Revision) {
	order := append([]*Release(nil), releases...)
	sort.SliceStable(order, func(i, j int) bool {
		yi, yj := order[i].lastYear(), order[j].lastYear()
		if yi != yj {
			return yi < yj
		}
		return order[i].Label < order[j].Label
	})
	// byYear[y] lists, oldest first, each release's rows for year y.
	type part struct {
		source string
		rows   []Row
	}
	byYear := map[int32][]part{}
	for _, r := range order {
		years := map[int32][]Row{}
		for _, row := range r.Rows {
			years[row.TimePeriod] = append(years[row.TimePeriod], row)
		}
		for y, rows := range years {
			byYear[y] = append(byYear[y], part{r.SourceID, rows})
		}
	}
	years := make([]int32, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	sort.Slice(years, func(i, j int) bool { return years[i] < years[j] })

	var out []Row
	var revs []schemas.Revision
	for _, y := range years {
		parts := byYear[y]
		for k := 1; k < len(parts); k++ {
			revs = append(revs, diff(parts[k-1].source, parts[k].source, parts[k-1].rows, parts[k].rows)...)
		}
		out = append(out, parts[len(parts)-1].rows...)
	}
	sortRows(out)
	return out, revs
}

var levelRank = map[string]int{schemas.National: 0, schemas.Regional: 1, schemas.LocalAuthority: 2}

func sortRows(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch {
		case a.TimePeriod != b.TimePeriod:
			return a.TimePeriod < b.TimePeriod
		case a.Geography.Level != b.Geography.Level:
			return levelRank[a.Geography.Level] < levelRank[b.Geography.Level]
		case a.Geography.RegionCode != b.Geography.RegionCode:
			return a.Geography.RegionCode < b.Geography.RegionCode
		case a.Geography.Code() != b.Geography.Code():
			return a.Geography.Code() < b.Geography.Code()
		}
		return a.Measure < b.Measure
	})
}

// compared are the columns a revision can change, other than the key.
// The bit in absent says when a file does not carry the column at all.
var compared = []struct {
	column string
	get    func(Row) schemas.Value
	typ    schemas.Type
	bit    absence
}{
	{"children_count", func(r Row) schemas.Value { return r.Count }, schemas.Int64, 0},
	{"rate_per_10000", func(r Row) schemas.Value { return r.Rate }, schemas.Float64, absentRate},
	{"population_estimate", func(r Row) schemas.Value { return r.Population }, schemas.Int64, absentPopulation},
	{"new_la_code", func(r Row) schemas.Value { return schemas.Str(r.Geography.NewLACode) }, schemas.String, absentNewLACode},
	{"la_name", func(r Row) schemas.Value { return schemas.Str(r.Geography.LAName) }, schemas.String, 0},
	{"region_code", func(r Row) schemas.Value { return schemas.Str(r.Geography.RegionCode) }, schemas.String, absentRegion},
	{"region_name", func(r Row) schemas.Value { return schemas.Str(r.Geography.RegionName) }, schemas.String, absentRegion},
}

// diff lists what the newer rows of one year changed from the older ones:
// values both files give, and rows one file has and the other lacks of a
// measure both carry (the underlying data files carry only the 31 March
// count, so the EES files' starting and ceasing rows revise nothing).
func diff(oldSource, newSource string, older, newer []Row) []schemas.Revision {
	ds := schemas.ChildrenInCare.Name
	was := make(map[key]Row, len(older))
	oldMeasures, newMeasures := map[string]bool{}, map[string]bool{}
	for _, r := range older {
		was[r.key()] = r
		oldMeasures[r.Measure] = true
	}
	for _, r := range newer {
		newMeasures[r.Measure] = true
	}
	var revs []schemas.Revision
	seen := make(map[key]bool, len(newer))
	for _, n := range newer {
		k := n.key()
		seen[k] = true
		o, ok := was[k]
		if !ok {
			if oldMeasures[k.measure] {
				revs = append(revs, schemas.Revision{Dataset: ds, Key: k.String(), Column: "row", NewValue: "present", OldSourceID: oldSource, NewSourceID: newSource})
			}
			continue
		}
		for _, c := range compared {
			if (o.absent|n.absent)&c.bit != 0 {
				continue
			}
			ov, nv := c.get(o), c.get(n)
			if !ov.Equal(nv) {
				revs = append(revs, schemas.Revision{Dataset: ds, Key: k.String(), Column: c.column,
					OldValue: ov.Text(c.typ), NewValue: nv.Text(c.typ), OldSourceID: oldSource, NewSourceID: newSource})
			}
		}
	}
	for _, o := range older {
		if k := o.key(); !seen[k] && newMeasures[k.measure] {
			revs = append(revs, schemas.Revision{Dataset: ds, Key: k.String(), Column: "row", OldValue: "present", OldSourceID: oldSource, NewSourceID: newSource})
		}
	}
	sort.SliceStable(revs, func(i, j int) bool { return revs[i].Key < revs[j].Key })
	return revs
}
