package ofsted

import (
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// changeGroups are provider_changes' provision groups: private_provision_share's
// and every provision type together (nil types).
var changeGroups = append(append([]struct {
	name  string
	types []string
}{}, groups...), struct {
	name  string
	types []string
}{schemas.GroupAllProviders, nil})

// member reports whether a provision type is in a group; nil types is all.
func member(types []string, provisionType string) bool {
	if types == nil {
		return true
	}
	for _, t := range types {
		if strings.EqualFold(provisionType, t) {
			return true
		}
	}
	return false
}

// Period is the span between two registers, or the year a joiners and
// leavers file covers where a register is missing at one end.
type Period struct {
	Start, End    time.Time
	Before, After *Snapshot       // nil when there is no register of that date
	Joiners       *JoinersLeavers // nil when no file covers exactly this period
}

// Panel reports whether the period has a register at both ends, so
// providers can be compared by URN.
func (p *Period) Panel() bool { return p.Before != nil && p.After != nil }

// Basis says where the period's opened and closed counts come from: the
// joiners and leavers file wins where there is one.
func (p *Period) Basis() string {
	if p.Joiners != nil {
		return schemas.BasisJoinersLeavers
	}
	return schemas.BasisRegisters
}

// Periods pairs consecutive registers and attaches the joiners and leavers
// file of exactly that year (the file of the year to 31 March 2019 goes
// with the registers of 31 March 2018 and 2019). A file with no such pair
// becomes a period of its own, with whichever register exists at either
// end, unless a longer span between registers already ends on its date:
// that file is returned in skipped rather than give the year two rows.
func Periods(snaps []*Snapshot, files []*JoinersLeavers) (periods []*Period, skipped []*JoinersLeavers) {
	byDate := map[time.Time]*Snapshot{}
	for _, s := range snaps {
		byDate[s.Date] = s
	}
	ends := map[time.Time]*Period{}
	for i := 1; i < len(snaps); i++ {
		p := &Period{Start: snaps[i-1].Date, End: snaps[i].Date, Before: snaps[i-1], After: snaps[i]}
		periods = append(periods, p)
		ends[p.End] = p
	}
	for _, f := range files {
		p, ok := ends[f.End]
		switch {
		case ok && p.Start.Equal(f.Start()):
			p.Joiners = f
		case ok:
			skipped = append(skipped, f)
		default:
			periods = append(periods, &Period{Start: f.Start(), End: f.End, Before: byDate[f.Start()], After: byDate[f.End], Joiners: f})
		}
	}
	sort.Slice(periods, func(i, j int) bool { return periods[i].End.Before(periods[j].End) })
	return periods, skipped
}

// Change holds one row's counts; see schemas.ProviderChanges for each.
type Change struct {
	AtStart, AtEnd                             int64
	TypeIn, TypeOut, SectorIn, SectorOut       int64
	OwnerChanged                               int64
	OpenedPanel, ClosedPanel, RegisteredBefore int64
	OpenedJL, ClosedJL, BothJL                 int64
	PanelNotJoiner, JoinerNotPanel             int64
	PanelNotLeaver, LeaverNotPanel             int64
}

// ChangeRow is one row of provider_changes.
type ChangeRow struct {
	Period    *Period
	Geography schemas.Geography
	Group     string
	Sector    string
	Change
}

// place is where a provider is counted: its authority and region.
type place struct {
	la                     geo.LA
	regionCode, regionName string
}

func placeOf(p *Provider) place { return place{p.LA, p.RegionCode, p.RegionName} }

// tables accumulates one period's rows of one group.
type tables struct {
	group string
	rows  map[schemas.Geography]map[string]*Change
}

// add applies f to the rows of the place's geographies (England, its
// region, its English authority) for the sector and for Total.
func (t *tables) add(pl place, sector string, f func(*Change)) {
	var buf [3]schemas.Geography
	geos := geographies(&buf, pl.regionCode, pl.regionName, pl.la)
	for _, g := range geos {
		bySector := t.rows[g]
		if bySector == nil {
			bySector = map[string]*Change{}
			t.rows[g] = bySector
		}
		for _, s := range []string{sector, schemas.SectorTotal} {
			c := bySector[s]
			if c == nil {
				c = &Change{}
				bySector[s] = c
			}
			f(c)
		}
	}
}

// Changes counts each period's openings, closures and changes by group,
// geography and sector. lookup places a closed provider in the authority
// its name means at the end of the period.
func Changes(periods []*Period, lookup *geo.Lookup) []ChangeRow {
	var out []ChangeRow
	// Owner keys are worked out once per spelling: a few thousand owners
	// recur across every period and group.
	keys := map[string]string{}
	ownerKey := func(name string) string {
		k, ok := keys[name]
		if !ok {
			k = ownerMatchKey(name)
			keys[name] = k
		}
		return k
	}
	for _, p := range periods {
		before, after := index(p.Before), index(p.After)
		for _, g := range changeGroups {
			t := &tables{group: g.name, rows: map[schemas.Geography]map[string]*Change{}}
			countPeriod(t, p, before, after, g.types, lookup, ownerKey)
			out = append(out, t.sorted(p)...)
		}
	}
	return out
}

func countPeriod(t *tables, p *Period, before, after map[string]*Provider, types []string, lookup *geo.Lookup, ownerKey func(string) string) {
	var joiners, leavers map[string]bool
	if p.Joiners != nil {
		joiners, leavers = map[string]bool{}, map[string]bool{}
		for _, m := range p.Joiners.Movements {
			joiners[m.URN] = joiners[m.URN] || m.Joiner
			leavers[m.URN] = leavers[m.URN] || m.Leaver
		}
	}
	if p.Panel() {
		for urn, b := range after {
			a, was := before[urn]
			inA, inB := was && member(types, a.ProvisionType), member(types, b.ProvisionType)
			pl := placeOf(b)
			switch {
			case !was && inB:
				t.add(pl, b.Sector, func(c *Change) {
					c.AtEnd++
					c.OpenedPanel++
					if !b.Registered.IsZero() && !b.Registered.After(p.Start) {
						c.RegisteredBefore++
					}
					if joiners != nil && !joiners[urn] {
						c.PanelNotJoiner++
					}
				})
			case inA && inB:
				t.add(pl, a.Sector, func(c *Change) { c.AtStart++ })
				t.add(pl, b.Sector, func(c *Change) { c.AtEnd++ })
				if a.Sector != b.Sector {
					t.add(pl, a.Sector, func(c *Change) { c.SectorOut++ })
					t.add(pl, b.Sector, func(c *Change) { c.SectorIn++ })
				}
				if a.Owner != "" && b.Owner != "" && ownerKey(a.Owner) != ownerKey(b.Owner) {
					t.add(pl, b.Sector, func(c *Change) { c.OwnerChanged++ })
				}
			case inA:
				t.add(pl, a.Sector, func(c *Change) { c.AtStart++; c.TypeOut++ })
			case inB:
				t.add(pl, b.Sector, func(c *Change) { c.AtEnd++; c.TypeIn++ })
			}
		}
		for urn, a := range before {
			if _, stays := after[urn]; stays || !member(types, a.ProvisionType) {
				continue
			}
			t.add(closedPlace(a, p.End, lookup), a.Sector, func(c *Change) {
				c.AtStart++
				c.ClosedPanel++
				if leavers != nil && !leavers[urn] {
					c.PanelNotLeaver++
				}
			})
		}
	} else {
		// One register only: its providers, placed by its own codes.
		for _, b := range after {
			if member(types, b.ProvisionType) {
				t.add(placeOf(b), b.Sector, func(c *Change) { c.AtEnd++ })
			}
		}
		for _, a := range before {
			if member(types, a.ProvisionType) {
				t.add(placeOf(a), a.Sector, func(c *Change) { c.AtStart++ })
			}
		}
	}
	if p.Joiners == nil {
		return
	}
	for i := range p.Joiners.Movements {
		m := &p.Joiners.Movements[i]
		if !member(types, m.ProvisionType) {
			continue
		}
		pl := place{m.LA, m.RegionCode, ""}
		if m.LA.RegionCode != "" {
			pl.regionName = m.LA.RegionName
		} else if m.RegionCode != "" && lookup != nil {
			pl.regionName = lookup.RegionName(m.RegionCode)
		}
		_, inBefore := before[m.URN]
		_, inAfter := after[m.URN]
		t.add(pl, m.Sector, func(c *Change) {
			if m.Joiner {
				c.OpenedJL++
			}
			if m.Leaver {
				c.ClosedJL++
			}
			if m.Joiner && m.Leaver {
				c.BothJL++
			}
			if !p.Panel() {
				return
			}
			// Registers compared, a joiner is a URN on the later register
			// only; a leaver one on the earlier only.
			if m.Joiner && !m.Leaver && !(inAfter && !inBefore) {
				c.JoinerNotPanel++
			}
			if m.Leaver && !m.Joiner && !(inBefore && !inAfter) {
				c.LeaverNotPanel++
			}
		})
	}
}

// ownerWords are dropped from owner names before comparing them: company
// suffixes, "the", and the words councils drop or add between registers
// ("Wakefield Metropolitan District Council" is "Wakefield Council").
var ownerWords = map[string]bool{"ltd": true, "limited": true, "plc": true, "llp": true, "the": true,
	"metropolitan": true, "district": true, "borough": true, "county": true}

// ownerMatchKey is looser than provider_owners' ownerKey, because a change
// of owner is counted for each home: between two registers Ofsted respells
// owners far more often than homes change hands ("Witherslack Group" and
// "Witherslack Group Ltd", "Hillcrest Children's Services" and "Hillcrest
// Childrens Services", "Smooth Stone" and "Smoothstone"). Beyond ownerKey
// it drops apostrophes, ownerWords and company numbers (six digits or
// more), reads "&" as "and", and closes up the spaces.
func ownerMatchKey(name string) string {
	k := strings.NewReplacer("'", "", "’", "", "&", " and ").Replace(strings.ToLower(name))
	var b strings.Builder
	for _, w := range strings.FieldsFunc(k, func(r rune) bool { return !('a' <= r && r <= 'z' || '0' <= r && r <= '9') }) {
		if ownerWords[w] || len(w) >= 6 && strings.Trim(w, "0123456789") == "" {
			continue
		}
		b.WriteString(w)
	}
	return b.String()
}

// closedPlace is where a provider that closed is counted: the authority its
// name means at the end of the period (North Yorkshire's new code after
// April 2023), or its own where that authority had gone (Cumbria).
func closedPlace(a *Provider, end time.Time, lookup *geo.Lookup) place {
	if lookup == nil || a.LAName == "" {
		return placeOf(a)
	}
	la, err := lookup.Match(a.LAName, end)
	if err != nil || la.RegionCode == "" {
		return placeOf(a)
	}
	return place{la, la.RegionCode, la.RegionName}
}

func index(s *Snapshot) map[string]*Provider {
	out := map[string]*Provider{}
	if s == nil {
		return out
	}
	for i := range s.Providers {
		out[s.Providers[i].URN] = &s.Providers[i]
	}
	return out
}

// sorted lists the rows: England, regions, then authorities by region and
// code; Total before the sectors in alphabetical order.
func (t *tables) sorted(p *Period) []ChangeRow {
	geos := keysOf(t.rows)
	var out []ChangeRow
	for _, g := range geos {
		sectors := make([]string, 0, len(t.rows[g]))
		for s := range t.rows[g] {
			if s != schemas.SectorTotal {
				sectors = append(sectors, s)
			}
		}
		sort.Strings(sectors)
		for _, s := range append([]string{schemas.SectorTotal}, sectors...) {
			out = append(out, ChangeRow{Period: p, Geography: g, Group: t.group, Sector: s, Change: *t.rows[g][s]})
		}
	}
	return out
}

// LocateMovements fills each movement's codes from its local authority
// name as at the end of the year (or its start, for an authority gone by
// then) and returns the names that matched neither.
func LocateMovements(j *JoinersLeavers, lookup *geo.Lookup) []string {
	unmatched := map[string]bool{}
	for i := range j.Movements {
		m := &j.Movements[i]
		la, err := lookup.Match(m.LAName, j.End)
		if err != nil {
			la, err = lookup.Match(m.LAName, j.Start())
		}
		if err != nil {
			if m.LAName != "" {
				unmatched[m.LAName] = true
			}
			la = geo.LA{}
		}
		m.LA = la
		m.RegionCode = la.RegionCode
		if m.RegionCode == "" {
			m.RegionCode = lookup.Region(m.RegionName)
		}
	}
	names := make([]string, 0, len(unmatched))
	for n := range unmatched {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// harmoniseMovements spells the files' provision types and sectors as the
// registers do ("Children's Home" is "Children's home"), and, for those
// the registers lack, as the files most often do.
func harmoniseMovements(snaps []*Snapshot, files []*JoinersLeavers) {
	for _, get := range []struct {
		reg func(*Provider) string
		mv  func(*Movement) *string
	}{
		{func(p *Provider) string { return p.ProvisionType }, func(m *Movement) *string { return &m.ProvisionType }},
		{func(p *Provider) string { return p.Sector }, func(m *Movement) *string { return &m.Sector }},
	} {
		best := map[string]string{}
		for _, s := range snaps {
			for i := range s.Providers {
				v := get.reg(&s.Providers[i])
				best[strings.ToLower(v)] = v
			}
		}
		counts := map[string]map[string]int{}
		for _, f := range files {
			for i := range f.Movements {
				v := *get.mv(&f.Movements[i])
				k := strings.ToLower(v)
				if _, ok := best[k]; ok {
					continue
				}
				if counts[k] == nil {
					counts[k] = map[string]int{}
				}
				counts[k][v]++
			}
		}
		for k, spellings := range counts {
			best[k] = mostCommon(spellings)
		}
		for _, f := range files {
			for i := range f.Movements {
				v := get.mv(&f.Movements[i])
				*v = best[strings.ToLower(*v)]
			}
		}
	}
}

// hasOwners and hasRegistration say whether a register gives the column at
// all: without it a count that needs it is x, not 0.
func hasOwners(s *Snapshot) bool {
	for i := range s.Providers {
		if s.Providers[i].Owner != "" {
			return true
		}
	}
	return false
}

func hasRegistration(s *Snapshot) bool {
	for i := range s.Providers {
		if !s.Providers[i].Registered.IsZero() {
			return true
		}
	}
	return false
}

// changesTable reads the joiners and leavers files, compares them with the
// registers and publishes provider_changes, noting where the two disagree.
func changesTable(env extract.Env, log *slog.Logger, lookup *geo.Lookup, snaps []*Snapshot, in []extract.Input) error {
	files := make([]*JoinersLeavers, 0, len(in))
	seen := map[time.Time]string{}
	for _, i := range in {
		f, err := ParseJoinersLeavers(i.Source.ID, i.Source.Path, i.Data)
		if err != nil {
			return err
		}
		if prev, dup := seen[f.End]; dup {
			return fmt.Errorf("%s and %s are both joiners and leavers of the year to %s", prev, f.SourceID, f.End.Format("2 January 2006"))
		}
		seen[f.End] = f.SourceID
		for _, name := range LocateMovements(f, lookup) {
			log.Warn("ofsted: local authority name matches no authority; counted in England and its region only", "source", f.SourceID, "la_name", name)
		}
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].End.Before(files[j].End) })
	harmoniseMovements(snaps, files)
	periods, skipped := Periods(snaps, files)
	for _, f := range skipped {
		env.Notef("provider_changes: %s (year to %s) is not used: the registers on either side are more than a year apart",
			f.SourceID, f.End.Format("2 January 2006"))
	}
	rows := Changes(periods, lookup)
	for _, line := range Reconcile(rows) {
		env.Notef("%s", line)
	}
	b, err := env.Out.Open(&schemas.ProviderChanges)
	if err != nil {
		return err
	}
	for i := range rows {
		r := rowValues(&rows[i])
		if err := r.AppendTo(b); err != nil {
			return err
		}
	}
	return nil
}

// rowValues writes a row's counts, x (not available) where the period has
// no source for a count.
func rowValues(r *ChangeRow) *schemas.ProviderChangesRow {
	p := r.Period
	x := schemas.Missing("x")
	n := func(v int64, ok bool) schemas.Value {
		if !ok {
			return x
		}
		return schemas.Int(v)
	}
	panel, jl := p.Panel(), p.Joiners != nil
	owners := panel && hasOwners(p.Before) && hasOwners(p.After)
	registration := panel && hasRegistration(p.After)
	opened, closed := n(r.OpenedPanel, panel), n(r.ClosedPanel, panel)
	if jl {
		opened, closed = schemas.Int(r.OpenedJL), schemas.Int(r.ClosedJL)
	}
	out := &schemas.ProviderChangesRow{
		TimePeriod: schemas.Int(int64(p.End.Year())), TimeIdentifier: schemas.Str("Reporting year"),
		PeriodStart:    schemas.Date(p.Start),
		ProvisionGroup: schemas.Str(r.Group), Sector: schemas.Str(r.Sector), Basis: schemas.Str(p.Basis()),
		ProvidersAtStart: n(r.AtStart, p.Before != nil), Opened: opened, Closed: closed,
		ChangedTypeIn: n(r.TypeIn, panel), ChangedTypeOut: n(r.TypeOut, panel),
		ChangedSectorIn: n(r.SectorIn, panel), ChangedSectorOut: n(r.SectorOut, panel),
		ChangedOwner: n(r.OwnerChanged, owners), ProvidersAtEnd: n(r.AtEnd, p.After != nil),
		OpenedPanel: n(r.OpenedPanel, panel), ClosedPanel: n(r.ClosedPanel, panel),
		OpenedPanelRegisteredBeforeStart: n(r.RegisteredBefore, registration),
		OpenedJoinersLeavers:             n(r.OpenedJL, jl), ClosedJoinersLeavers: n(r.ClosedJL, jl),
		OpenedAndClosedJoinersLeavers: n(r.BothJL, jl),
		OpenedPanelNotJoiner:          n(r.PanelNotJoiner, panel && jl), JoinerNotOpenedPanel: n(r.JoinerNotPanel, panel && jl),
		ClosedPanelNotLeaver: n(r.PanelNotLeaver, panel && jl), LeaverNotClosedPanel: n(r.LeaverNotPanel, panel && jl),
	}
	g := r.Geography.Values()
	out.GeographicLevel, out.CountryCode, out.CountryName, out.RegionCode = g[0], g[1], g[2], g[3]
	out.RegionName, out.NewLACode, out.OldLACode, out.LAName = g[4], g[5], g[6], g[7]
	return out
}

// Reconcile describes, for England's children's homes and all provision
// types, each period where the joiners and leavers file and the registers
// both count openings and closures (saying whether they agree and which
// providers each misses), and each period where the registers' openings
// include providers registered before it began.
func Reconcile(rows []ChangeRow) []string {
	var out []string
	for _, r := range rows {
		if r.Geography.Level != schemas.National || r.Sector != schemas.SectorTotal ||
			(r.Group != schemas.GroupChildrensHomes && r.Group != schemas.GroupAllProviders) {
			continue
		}
		p := r.Period
		what := fmt.Sprintf("provider_changes: year to %s, %s in England", p.End.Format("2 January 2006"), strings.ToLower(r.Group))
		if p.Start.AddDate(1, 0, 0) != p.End {
			what = fmt.Sprintf("provider_changes: %s to %s, %s in England", p.Start.Format("2 January 2006"), p.End.Format("2 January 2006"), strings.ToLower(r.Group))
		}
		if p.Panel() && r.RegisteredBefore > 0 {
			out = append(out, fmt.Sprintf("%s: %d of the %d the registers show as opened were registered on or before %s (missing from the earlier register, not new)",
				what, r.RegisteredBefore, r.OpenedPanel, p.Start.Format("2 January 2006")))
		}
		if !p.Panel() || p.Joiners == nil {
			continue
		}
		// The registers cannot see a provider that joined and left within
		// the year: set those aside before comparing.
		dOpen := r.OpenedJL - r.BothJL - r.OpenedPanel
		dClose := r.ClosedJL - r.BothJL - r.ClosedPanel
		verdict := "agree"
		if dOpen != 0 || dClose != 0 {
			verdict = fmt.Sprintf("disagree by %+d opened and %+d closed", dOpen, dClose)
		}
		out = append(out, fmt.Sprintf("%s: Ofsted's joiners and leavers (%s) count %d opened and %d closed, %d of them both; "+
			"the registers %d opened and %d closed: set aside the %d that opened and closed within the year, they %s "+
			"(opened on the registers but not Ofsted joiners %d, joiners not opened on the registers %d; "+
			"closed on the registers but not leavers %d, leavers not closed on the registers %d)",
			what, p.Joiners.SourceID, r.OpenedJL, r.ClosedJL, r.BothJL, r.OpenedPanel, r.ClosedPanel, r.BothJL, verdict,
			r.PanelNotJoiner, r.JoinerNotPanel, r.PanelNotLeaver, r.LeaverNotPanel))
	}
	return out
}
