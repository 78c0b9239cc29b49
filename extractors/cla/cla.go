// Package cla reads DfE's "Children looked after in England including
// adoptions" figures and publishes children_in_care: the Explore Education
// Statistics data file cla_number_and_rate_per_10k_children (2023 release
// on), and the local authority underlying data files of the statistical
// releases of 2010 to 2019 (SFR27/2010 to CLA2019). It also publishes
// placements (placements.go): the national EES table of children looked
// after on 31 March by placement provider, placement type and locality
// (2023 release on), and the same files' provider and locality columns.
//
// Each release restates several years. Releases name their columns
// differently: the EES files population_count/number (2023 release) or
// population_type/children_count (from 2024), "at" or "on" 31 March; the
// underlying data files a column per year (CLA_Mar2017, CLA_Rate2017, ...)
// with their own symbols, levels and spellings. layout.go maps each known
// layout, and an unknown one is an error naming the file and the columns
// found. The newest release wins for every year it covers, whole years at
// a time (a geographic level at a time, and for placements a locality:
// merge.go): merging row by row would count twice the authorities whose
// ONS codes changed (North Yorkshire and Somerset in 2023). Every value a
// newer release changed is listed in revisions.
package cla

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// Extractor publishes children_in_care, placements and their revisions.
type Extractor struct{}

// Name is the manifest's extractor key.
func (Extractor) Name() string { return "cla" }

// Datasets are children_in_care, placements and revisions.
func (Extractor) Datasets() []*schemas.Dataset {
	return []*schemas.Dataset{&schemas.ChildrenInCare, &schemas.Placements, &schemas.Revisions}
}

// Extract parses every release, keeps each year from the newest release
// covering it (placements: each year's level and locality), and lists the
// values newer releases changed.
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
	placed, placedRevs := MergePlacements(releases)
	pb, err := env.Out.Open(&schemas.Placements)
	if err != nil {
		return err
	}
	for _, p := range placed {
		if err := p.Published().AppendTo(pb); err != nil {
			return err
		}
	}
	rb, err := env.Out.Open(&schemas.Revisions)
	if err != nil {
		return err
	}
	for _, r := range append(revs, placedRevs...) {
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
	SourceID   string
	Label      string // the manifest's release label, e.g. "2025"
	Layout     string
	Rows       []Row       // children_in_care
	Placements []Placement // placements
}

// Merge keeps every year of children_in_care from the newest release
// that covers it (newest: the latest last year, then the later label), a
// geographic level at a time, and returns the rows in a stable order with
// the revisions between consecutive releases of a year.
func Merge(releases []*Release) ([]Row, []schemas.Revision) {
	return merge(releases, childrenInCare)
}

// childrenInCare is how merge sees children_in_care.
var childrenInCare = rows[Row, key]{
	dataset:  schemas.ChildrenInCare.Name,
	of:       func(r *Release) []Row { return r.Rows },
	part:     func(r Row) part { return part{year: r.TimePeriod, level: r.Geography.Level} },
	key:      Row.key,
	category: func(r Row) string { return r.Measure },
	absent:   func(r Row) absence { return r.absent },
	columns: append([]column[Row]{
		{"children_count", func(r Row) schemas.Value { return r.Count }, schemas.Int64, 0},
		{"rate_per_10000", func(r Row) schemas.Value { return r.Rate }, schemas.Float64, absentRate},
		{"population_estimate", func(r Row) schemas.Value { return r.Population }, schemas.Int64, absentPopulation},
	}, geography(func(r Row) schemas.Geography { return r.Geography })...),
	less: func(a, b Row) bool {
		if c := compareGeography(a.TimePeriod, a.Geography, b.TimePeriod, b.Geography); c != 0 {
			return c < 0
		}
		return a.Measure < b.Measure
	},
}

var levelRank = map[string]int{schemas.National: 0, schemas.Regional: 1, schemas.LocalAuthority: 2}

// compareGeography orders rows by time period, level (England, regions,
// authorities), region code and code.
func compareGeography(pa int32, a schemas.Geography, pb int32, b schemas.Geography) int {
	switch {
	case pa != pb:
		return cmp.Compare(pa, pb)
	case a.Level != b.Level:
		return cmp.Compare(levelRank[a.Level], levelRank[b.Level])
	case a.RegionCode != b.RegionCode:
		return cmp.Compare(a.RegionCode, b.RegionCode)
	}
	return cmp.Compare(a.Code(), b.Code())
}
