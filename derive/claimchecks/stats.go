package claimchecks

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/caredata/caredata/schemas"
)

// release is a statistic's value as one source file gives it.
type release struct {
	sourceID  string
	label     string    // the sources table's release label, e.g. 2023
	published time.Time // publication date, or the latest it can have been
	exact     bool      // published is the sources table's date, not the schedule's bound
	value     float64
}

// observation is one period of a statistic: its row, when it was first
// published, and its value in each release caredata holds (oldest first;
// the last is the value the published dataset carries).
type observation struct {
	ref       time.Time // the reference date: 31 March of the count, or the end of the financial year
	period    string    // "31 March 2023" or "2023-24"
	key       string
	published time.Time // when the period was first published, at the latest
	exact     bool
	releases  []release
	// caveat qualifies the statistic wherever it is quoted: an Ofsted
	// register that lists fewer homes than Ofsted's own count.
	caveat string
}

// latest is the value the published dataset carries.
func (o *observation) latest() release { return o.releases[len(o.releases)-1] }

// at returns the value as it stood on date d: from the newest release
// published before d, or, when none was, from the oldest release held
// (later is then true).
func (o *observation) at(d time.Time) (r release, later bool) {
	for i := len(o.releases) - 1; i >= 0; i-- {
		if o.releases[i].published.Before(d) {
			return o.releases[i], false
		}
	}
	return o.releases[0], true
}

// Publication schedules: the latest date each publisher's figures for a
// period have appeared by, used where the sources table gives no date.
func scheduleDate(dataset string, ref time.Time) time.Time {
	y := ref.Year()
	switch dataset {
	case schemas.ChildrenInCare.Name:
		// DfE publishes the year to 31 March in November or December.
		return time.Date(y, time.December, 31, 0, 0, 0, 0, time.UTC)
	case schemas.LASpend.Name, schemas.ServiceSpend.Name, schemas.BudgetVsOutturn.Name:
		// MHCLG publishes a year's revenue outturn in the autumn or winter after it ends.
		return time.Date(y+1, time.March, 31, 0, 0, 0, 0, time.UTC)
	case schemas.Fostering.Name:
		// Ofsted's Fostering in England for the year to 31 March comes out the following winter.
		return time.Date(y+1, time.March, 31, 0, 0, 0, 0, time.UTC)
	default:
		// Ofsted publishes its register of 31 March in the summer (updates to September).
		return time.Date(y, time.September, 30, 0, 0, 0, 0, time.UTC)
	}
}

// index reads the published tables a claim can be checked against.
type index struct {
	tables    map[string]schemas.Table
	sources   map[string]release                    // by source id: label and publication date
	snapshots map[string]string                     // care_providers snapshot date → source id
	revised   map[string][]release                  // dataset, key and column → older releases' values
	readers   map[string]*schemas.Reader            // by dataset
	byTarget  map[*Target]map[string][]*observation // by rank and place
	places    *places                               // nil: every claim is England's
}

func newIndex(tables map[string]schemas.Table) *index {
	x := &index{tables: tables, sources: map[string]release{}, snapshots: map[string]string{},
		revised: map[string][]release{}, readers: map[string]*schemas.Reader{}, byTarget: map[*Target]map[string][]*observation{}}
	x.readSources()
	x.readSnapshots()
	x.readRevisions()
	return x
}

// table returns a dataset's table and reader, or false when the run has
// no rows of it.
func (x *index) table(name string) (schemas.Table, *schemas.Reader, bool) {
	t, ok := x.tables[name]
	if !ok || t.Record == nil || t.Rows() == 0 {
		return schemas.Table{}, nil, false
	}
	r, ok := x.readers[name]
	if !ok {
		r = schemas.NewReader(t)
		x.readers[name] = r
	}
	return t, r, true
}

var yearRe = regexp.MustCompile(`\b(19|20)\d\d\b`)

// readSources reads each source's release label and, where the sources
// table has a published column, its publication date.
func (x *index) readSources() {
	t, r, ok := x.table(schemas.Sources.Name)
	if !ok {
		return
	}
	c := schemas.SourcesCol
	for i := 0; i < t.Rows(); i++ {
		s := release{sourceID: r.Value(i, c.SourceID).Str, label: r.Value(i, c.Release).Str}
		if d, ok := dateValue(r.Value(i, c.Published), t.Dataset.Columns[c.Published].Type); ok {
			s.published, s.exact = d, true
		}
		x.sources[s.sourceID] = s
	}
}

// dateValue reads a date column, or a YYYY-MM-DD string.
func dateValue(v schemas.Value, typ schemas.Type) (time.Time, bool) {
	if !v.Valid {
		return time.Time{}, false
	}
	switch typ {
	case schemas.Date32, schemas.Timestamp:
		return v.AsTime(typ), true
	case schemas.String:
		d, err := time.Parse("2006-01-02", v.Str)
		return d, err == nil
	}
	return time.Time{}, false
}

// readSnapshots maps each Ofsted snapshot date to the file it came from
// (private_provision_share and provider_owners do not name it).
func (x *index) readSnapshots() {
	t, r, ok := x.table(schemas.CareProviders.Name)
	if !ok {
		return
	}
	d, s := schemas.CareProvidersCol.SnapshotDate, schemas.CareProvidersCol.SourceID
	for i := 0; i < t.Rows(); i++ {
		k := r.Value(i, d).Text(schemas.Date32)
		if _, seen := x.snapshots[k]; !seen {
			x.snapshots[k] = r.Value(i, s).Str
		}
	}
}

func revKey(dataset, key, column string) string { return dataset + "\x00" + key + "\x00" + column }

// readRevisions keeps the values older releases gave, so a claim can be
// compared with the figure as it stood when the document was written.
func (x *index) readRevisions() {
	t, r, ok := x.table(schemas.Revisions.Name)
	if !ok {
		return
	}
	c := schemas.RevisionsCol
	for i := 0; i < t.Rows(); i++ {
		old := r.Value(i, c.OldValue)
		v, err := strconv.ParseFloat(old.Str, 64)
		if !old.Valid || err != nil {
			continue
		}
		k := revKey(r.Value(i, c.Dataset).Str, r.Value(i, c.Key).Str, r.Value(i, c.Column).Str)
		x.revised[k] = append(x.revised[k], release{sourceID: r.Value(i, c.OldSourceID).Str, value: v})
	}
}

// keyText is a row's identifying columns as revisions print them.
func keyText(t schemas.Table, r *schemas.Reader, i int) string { return t.Dataset.KeyText(r, i) }

// sourceRelease describes a source file as a release of a dataset: its
// label and its publication date (the sources table's, or the schedule's
// bound for the newest period it covers, newest given).
func (x *index) sourceRelease(dataset, id string, newest time.Time) release {
	s := x.sources[id]
	s.sourceID = id
	if s.exact {
		return s
	}
	if m := yearRe.FindString(s.label); m != "" && dataset == schemas.ChildrenInCare.Name {
		y, _ := strconv.Atoi(m)
		newest = time.Date(y, time.March, 31, 0, 0, 0, 0, time.UTC)
	}
	s.published = scheduleDate(dataset, newest)
	return s
}

// series returns England's observations of a target, oldest period
// first; rank is provider_owners' rank for LargestOwners.
func (x *index) series(tg *Target, rank int, pl *Place) []*observation {
	k := strconv.Itoa(rank) + "|" + pl.key()
	if m, ok := x.byTarget[tg]; ok {
		if s, ok := m[k]; ok {
			return s
		}
	} else {
		x.byTarget[tg] = map[string][]*observation{}
	}
	s := x.build(tg, rank, pl)
	sort.Slice(s, func(i, j int) bool { return s[i].ref.Before(s[j].ref) })
	x.byTarget[tg][k] = s
	return s
}

func (x *index) build(tg *Target, rank int, pl *Place) []*observation {
	t, r, ok := x.table(tg.Dataset)
	if !ok {
		return nil
	}
	vc := t.Dataset.Column(tg.Column)
	if vc < 0 {
		return nil
	}
	var out []*observation
	// share, when set, is the value of row i instead of its cell: a share
	// computed from two rows (placements).
	var share func(i int) (float64, bool)
	add := func(i int, ref time.Time, period, sourceID string, caveat ...string) {
		v := r.Value(i, vc)
		if !v.Valid {
			return // suppressed or not applicable: nothing to compare with
		}
		f := v.Float
		if t.Dataset.Columns[vc].Type != schemas.Float64 {
			f = float64(v.Int)
		}
		if share != nil {
			var ok bool
			if f, ok = share(i); !ok {
				return
			}
		}
		o := &observation{ref: ref, period: period, key: keyText(t, r, i), caveat: strings.Join(caveat, "")}
		newest := x.sourceRelease(tg.Dataset, sourceID, ref)
		newest.value = f
		for _, old := range x.revised[revKey(tg.Dataset, o.key, tg.Column)] {
			if share != nil {
				break // a revised count is not a revised share
			}
			rel := x.sourceRelease(tg.Dataset, old.sourceID, ref)
			rel.value = old.value
			o.releases = append(o.releases, rel)
		}
		o.releases = append(o.releases, newest)
		sort.SliceStable(o.releases, func(a, b int) bool { return o.releases[a].published.Before(o.releases[b].published) })
		// The period was first published by the schedule's date, or by
		// the oldest release held, whichever is earlier.
		o.published = scheduleDate(tg.Dataset, ref)
		if first := o.releases[0]; first.published.Before(o.published) {
			o.published, o.exact = first.published, first.exact
		}
		out = append(out, o)
	}
	switch tg.Dataset {
	case schemas.ChildrenInCare.Name:
		c := schemas.ChildrenInCareCol
		for i := 0; i < t.Rows(); i++ {
			if !inPlace(pl, r.Value(i, c.GeographicLevel).Str, r.Value(i, c.OldLACode).Str, r.Value(i, c.NewLACode).Str, r.Value(i, c.RegionCode).Str) ||
				r.Value(i, c.Measure).Str != tg.Measure {
				continue
			}
			y := int(r.Value(i, c.TimePeriod).Int)
			add(i, time.Date(y, time.March, 31, 0, 0, 0, 0, time.UTC), fmt.Sprintf("31 March %d", y), r.Value(i, c.SourceID).Str)
		}
	case schemas.PrivateProvisionShare.Name:
		c := schemas.PrivateProvisionShareCol
		for i := 0; i < t.Rows(); i++ {
			if !inPlace(pl, r.Value(i, c.GeographicLevel).Str, r.Value(i, c.OldLACode).Str, r.Value(i, c.NewLACode).Str, r.Value(i, c.RegionCode).Str) ||
				r.Value(i, c.ProvisionGroup).Str != tg.Group {
				continue
			}
			d := r.Value(i, c.SnapshotDate)
			ref := d.AsTime(schemas.Date32)
			add(i, ref, ref.Format("2 January 2006"), x.snapshots[d.Text(schemas.Date32)], incompleteRegister(r, i))
		}
	case schemas.ProviderOwners.Name:
		c := schemas.ProviderOwnersCol
		for i := 0; i < t.Rows(); i++ {
			if r.Value(i, c.Sector).Str != "Private" || r.Value(i, c.RankInSector).Int != int64(rank) {
				continue
			}
			d := r.Value(i, c.SnapshotDate)
			ref := d.AsTime(schemas.Date32)
			add(i, ref, ref.Format("2 January 2006"), x.snapshots[d.Text(schemas.Date32)])
		}
	case schemas.Fostering.Name:
		c := schemas.FosteringCol
		for i := 0; i < t.Rows(); i++ {
			if r.Value(i, c.GeographicLevel).Str != schemas.National || r.Value(i, c.Measure).Str != tg.Measure ||
				r.Value(i, c.AgencyType).Str != tg.Agency {
				continue
			}
			y := int(r.Value(i, c.TimePeriod).Int)
			add(i, time.Date(y, time.March, 31, 0, 0, 0, 0, time.UTC), fmt.Sprintf("31 March %d", y), r.Value(i, c.SourceID).Str)
		}
	case schemas.Placements.Name:
		// The share of all children looked after on 31 March (all
		// localities, placement types and providers) that the target's
		// locality and provider hold, from DfE's rounded counts.
		c := schemas.PlacementsCol
		here := func(i int) bool {
			return inPlace(pl, r.Value(i, c.GeographicLevel).Str, r.Value(i, c.OldLACode).Str, r.Value(i, c.NewLACode).Str, r.Value(i, c.RegionCode).Str) &&
				r.Value(i, c.PlacementType).Str == schemas.PlacementTypeAll
		}
		all := map[int64]int64{}
		for i := 0; i < t.Rows(); i++ {
			if v := r.Value(i, c.ChildrenCount); here(i) && v.Valid && r.Value(i, c.Locality).Str == schemas.LocalityAll &&
				r.Value(i, c.PlacementProvider).Str == schemas.ProviderAll {
				all[r.Value(i, c.TimePeriod).Int] = v.Int
			}
		}
		share = func(i int) (float64, bool) {
			a := all[r.Value(i, c.TimePeriod).Int]
			if a == 0 {
				return 0, false
			}
			return 100 * float64(r.Value(i, c.ChildrenCount).Int) / float64(a), true
		}
		for i := 0; i < t.Rows(); i++ {
			if !here(i) || r.Value(i, c.Locality).Str != tg.Locality || r.Value(i, c.PlacementProvider).Str != tg.Provider {
				continue
			}
			y := int(r.Value(i, c.TimePeriod).Int)
			add(i, time.Date(y, time.March, 31, 0, 0, 0, 0, time.UTC), fmt.Sprintf("31 March %d", y), r.Value(i, c.SourceID).Str)
		}
	case schemas.LAProfile.Name, schemas.SupportedAccommodation.Name:
		// la_profile by financial year (councils only); supported
		// accommodation on 31 March, all sectors.
		ds := t.Dataset
		period, level, old, code, region := ds.Column("time_period"), ds.Column("geographic_level"), ds.Column("old_la_code"),
			ds.Column("new_la_code"), ds.Column("region_code")
		sector, source := ds.Column("sector"), ds.Column("source_id")
		for i := 0; i < t.Rows(); i++ {
			if !inPlace(pl, r.Value(i, level).Str, r.Value(i, old).Str, r.Value(i, code).Str, r.Value(i, region).Str) ||
				(sector >= 0 && r.Value(i, sector).Str != schemas.FilterTotal) {
				continue
			}
			p := int(r.Value(i, period).Int)
			src := ""
			if source >= 0 {
				src = r.Value(i, source).Str
			}
			if p >= 100000 { // a financial year, 202425
				start := p / 100
				add(i, time.Date(start+1, time.March, 31, 0, 0, 0, 0, time.UTC), fmt.Sprintf("%d-%02d", start, (start+1)%100), src)
			} else {
				add(i, time.Date(p, time.March, 31, 0, 0, 0, 0, time.UTC), fmt.Sprintf("31 March %d", p), src)
			}
		}
	case schemas.BudgetVsOutturn.Name, schemas.ServiceSpend.Name:
		period, level, code, service, source := t.Dataset.Column("time_period"), t.Dataset.Column("geographic_level"),
			t.Dataset.Column("new_la_code"), t.Dataset.Column("service"), t.Dataset.Column("outturn_source_id")
		if source < 0 {
			source = t.Dataset.Column("source_id")
		}
		for i := 0; i < t.Rows(); i++ {
			if !inPlace(pl, r.Value(i, level).Str, "", r.Value(i, code).Str, "") || r.Value(i, service).Str != tg.Service {
				continue
			}
			fy := int(r.Value(i, period).Int)
			start := fy / 100
			add(i, time.Date(start+1, time.March, 31, 0, 0, 0, 0, time.UTC), fmt.Sprintf("%d-%02d", start, (start+1)%100), r.Value(i, source).Str)
		}
	case schemas.LASpend.Name:
		c := schemas.LASpendCol
		for i := 0; i < t.Rows(); i++ {
			if !inPlace(pl, r.Value(i, c.GeographicLevel).Str, "", r.Value(i, c.NewLACode).Str, "") || r.Value(i, c.Service).Str != tg.Service ||
				r.Value(i, c.Measure).Str != schemas.SpendNet || r.Value(i, c.ServiceArea).Str != schemas.SpendAreaChildren {
				continue
			}
			fy := int(r.Value(i, c.TimePeriod).Int)
			start := fy / 100
			add(i, time.Date(start+1, time.March, 31, 0, 0, 0, 0, time.UTC), fmt.Sprintf("%d-%02d", start, (start+1)%100), r.Value(i, c.SourceID).Str)
		}
	}
	return out
}

// incompleteRegister is the caveat of a private_provision_share row whose
// register lists fewer providers than Ofsted's national count, or "".
func incompleteRegister(r *schemas.Reader, i int) string {
	c := schemas.PrivateProvisionShareCol
	listed, count, pct := r.Value(i, c.ProvidersTotal), r.Value(i, c.OfstedCountProviders), r.Value(i, c.RegisterCompletenessPct)
	national := r.Value(i, c.GeographicLevel).Str == schemas.National
	switch r.Value(i, c.RegisterCoverage).Str {
	case schemas.CoverageComplete:
		if !national {
			// Ofsted's count is England's: a region's or council's homes
			// are complete as England's are.
			return "that register is complete: it lists every home in Ofsted's own count for England"
		}
		return fmt.Sprintf("that register is complete: it lists all %s in Ofsted's own count", thousands(count.Int))
	case schemas.CoverageIncomplete:
		if !national {
			return fmt.Sprintf("that register lists %s%% of the homes in Ofsted's own count for England, as it omits those not yet inspected",
				strconv.FormatFloat(pct.Float, 'f', 1, 64))
		}
	default:
		return ""
	}
	return fmt.Sprintf("that register lists %s of the %s in Ofsted's own count (%s%%), as it omits those not yet inspected",
		thousands(listed.Int), thousands(count.Int), strconv.FormatFloat(pct.Float, 'f', 1, 64))
}
