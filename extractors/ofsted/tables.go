package ofsted

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

// Provision types and sectors as Ofsted spells them (after Harmonise).
const (
	typeChildrensHome   = "Children's home"
	typeSecureHome      = "Secure children's home"
	typeSchoolAsHome    = "Residential special school (registered as a children's home)"
	typeFosteringAgency = "Independent Fostering Agency"

	sectorPrivate        = "Private"
	sectorLocalAuthority = "Local Authority"
	sectorVoluntary      = "Voluntary"
)

// groups says which provision types each provision group counts; types are
// compared without case.
var groups = []struct {
	name  string
	types []string
}{
	{schemas.GroupChildrensHomes, []string{typeChildrensHome}},
	{schemas.GroupFosteringAgencies, []string{typeFosteringAgency}},
	{schemas.GroupAllHomes, []string{typeChildrensHome, typeSecureHome, typeSchoolAsHome}},
}

func inGroup(p *Provider, types []string) bool {
	for _, t := range types {
		if strings.EqualFold(p.ProvisionType, t) {
			return true
		}
	}
	return false
}

func providersTable(out extract.Output, snaps []*Snapshot) error {
	b, err := out.Open(&schemas.CareProviders)
	if err != nil {
		return err
	}
	for _, s := range snaps {
		for _, p := range s.Providers {
			registered := schemas.Null()
			if !p.Registered.IsZero() {
				registered = schemas.Date(p.Registered)
			}
			if err := b.Append(schemas.Date(s.Date), schemas.Str(p.URN), schemas.Str(p.Name),
				schemas.Str(p.ProvisionType), schemas.Str(p.Sector), p.Places, registered, schemas.Str(p.Owner),
				schemas.Str(p.LAName), schemas.Str(p.LA.NewCode), schemas.Str(p.LA.OldCode),
				schemas.Str(p.RegionCode), schemas.Str(p.RegionName), schemas.Str(p.OfstedRegion),
				schemas.Str(p.Judgement), schemas.Str(p.SourceID)); err != nil {
				return err
			}
		}
	}
	return nil
}

// tally counts providers and places by sector.
type tally struct {
	providers, places [5]int64 // total, private, local authority, voluntary, other
	withPlaces        int64    // providers that have places at all
}

func (t *tally) add(p *Provider) {
	k := 4
	switch p.Sector {
	case sectorPrivate:
		k = 1
	case sectorLocalAuthority:
		k = 2
	case sectorVoluntary:
		k = 3
	}
	t.providers[0]++
	t.providers[k]++
	if p.Places.Valid {
		t.places[0] += p.Places.Int
		t.places[k] += p.Places.Int
		t.withPlaces++
	}
}

// share is 100 × part / whole, or "z" (not applicable) when whole is 0,
// as for the places of fostering agencies, which have none.
func share(part, whole int64) schemas.Value {
	if whole == 0 {
		return schemas.Missing("z")
	}
	return schemas.Float(100 * float64(part) / float64(whole))
}

// ShareRow is one row of private_provision_share.
type ShareRow struct {
	Snapshot  time.Time
	Geography schemas.Geography
	Group     string
	Tally     tally
	// HasPlaces is false for a register without places (2015): its
	// places are not available (x), not zero.
	HasPlaces bool
}

// Shares aggregates each snapshot's register by provision group for
// England, each region and each local authority with such provision.
func Shares(snaps []*Snapshot) []ShareRow {
	var out []ShareRow
	for _, s := range snaps {
		for _, g := range groups {
			rows := map[schemas.Geography]*ShareRow{}
			for i := range s.Providers {
				p := &s.Providers[i]
				if !inGroup(p, g.types) {
					continue
				}
				var buf [3]schemas.Geography
				for _, geo := range geographies(&buf, p.RegionCode, p.RegionName, p.LA) {
					r := rows[geo]
					if r == nil {
						r = &ShareRow{Snapshot: s.Date, Geography: geo, Group: g.name, HasPlaces: s.HasPlaces}
						rows[geo] = r
					}
					r.Tally.add(p)
				}
			}
			for _, geo := range keysOf(rows) {
				out = append(out, *rows[geo])
			}
		}
	}
	return out
}

// GroupCounts are Ofsted's own national counts of providers by snapshot
// date and provision group (schemas.Group*), from its national time
// series: what a complete register would hold.
type GroupCounts map[time.Time]map[string]int64

// seriesGroups says which of the national series' provision types each
// provision group of private_provision_share compares with.
var seriesGroups = map[string]string{
	schemas.GroupChildrensHomes:    typeChildrensHome,
	schemas.GroupFosteringAgencies: typeFosteringAgency,
	schemas.GroupAllHomes:          schemas.GroupAllHomes, // Ofsted's "All Children's Homes"
}

// SeriesCounts are the counts of the groups in Ofsted's national series,
// by 31 March (none when there is no series).
func SeriesCounts(s *Series) GroupCounts {
	out := GroupCounts{}
	if s == nil {
		return out
	}
	for group, typ := range seriesGroups {
		for _, y := range s.Years() {
			if r, ok := s.Get(y, typ); ok && r.Providers.Valid {
				date := time.Date(y, time.March, 31, 0, 0, 0, 0, time.UTC)
				if out[date] == nil {
					out[date] = map[string]int64{}
				}
				out[date][group] = r.Providers.Int
			}
		}
	}
	return out
}

// Completeness compares England's count in a snapshot's register with
// Ofsted's national count for the date and group: the count, the
// register's percentage of it and the coverage (schemas.Coverage*).
func (c GroupCounts) Completeness(date time.Time, group string, inRegister int64) (count, pct schemas.Value, coverage string) {
	n, ok := c[date][group]
	if !ok || n == 0 {
		return schemas.Missing("x"), schemas.Missing("x"), schemas.CoverageUnknown
	}
	coverage = schemas.CoverageComplete
	if inRegister < n {
		coverage = schemas.CoverageIncomplete
	}
	return schemas.Int(n), schemas.Float(100 * float64(inRegister) / float64(n)), coverage
}

// shareTable writes private_provision_share; every row of a date and
// group carries England's completeness, as a reader of one authority's
// row needs to know the register it comes from is short.
func shareTable(out extract.Output, snaps []*Snapshot, counts GroupCounts) error {
	b, err := out.Open(&schemas.PrivateProvisionShare)
	if err != nil {
		return err
	}
	rows := Shares(snaps)
	england := map[time.Time]map[string]int64{}
	for _, r := range rows {
		if r.Geography.Level == schemas.National {
			if england[r.Snapshot] == nil {
				england[r.Snapshot] = map[string]int64{}
			}
			england[r.Snapshot][r.Group] = r.Tally.providers[0]
		}
	}
	for _, r := range rows {
		v := []schemas.Value{schemas.Int(int64(r.Snapshot.Year())), schemas.Str("Reporting year"), schemas.Date(r.Snapshot)}
		v = append(v, r.Geography.Values()...)
		v = append(v, schemas.Str(r.Group))
		for _, n := range r.Tally.providers {
			v = append(v, schemas.Int(n))
		}
		for _, n := range r.Tally.places {
			switch {
			case !r.HasPlaces:
				v = append(v, schemas.Missing("x")) // the register gives none (2015)
			case r.Tally.withPlaces == 0:
				v = append(v, schemas.Missing("z")) // agencies have no places
			default:
				v = append(v, schemas.Int(n))
			}
		}
		placesShare := schemas.Missing("x")
		if r.HasPlaces {
			placesShare = share(r.Tally.places[1], r.Tally.places[0])
		}
		v = append(v, share(r.Tally.providers[1], r.Tally.providers[0]), placesShare)
		count, pct, coverage := counts.Completeness(r.Snapshot, r.Group, england[r.Snapshot][r.Group])
		v = append(v, count, pct, schemas.Str(coverage))
		if err := b.Append(v...); err != nil {
			return err
		}
	}
	return nil
}

// OwnerRow is one row of provider_owners.
type OwnerRow struct {
	Snapshot   time.Time
	Owner      string
	Variants   []string
	Sector     string
	Homes      int64
	Places     int64
	Share      float64
	Rank       int
	Cumulative float64
}

var (
	nonWord = regexp.MustCompile(`[^a-z0-9&]+`)
	limited = regexp.MustCompile(`\blimited\b`)
)

// ownerKey merges spellings of an owner that differ only in case,
// spacing, punctuation or Limited/Ltd.
func ownerKey(name string) string {
	k := strings.ToLower(name)
	k = limited.ReplaceAllString(k, "ltd")
	return strings.TrimSpace(nonWord.ReplaceAllString(k, " "))
}

// Owners ranks the owners of children's homes by places within each sector.
func Owners(snaps []*Snapshot) []OwnerRow {
	var out []OwnerRow
	for _, s := range snaps {
		if !s.HasPlaces || !s.HasOwner {
			continue // ranking by places needs both (registers from 2018)
		}
		type acc struct {
			row       OwnerRow
			spellings map[string]int
		}
		bySector := map[string]map[string]*acc{}
		for i := range s.Providers {
			p := &s.Providers[i]
			if !strings.EqualFold(p.ProvisionType, typeChildrensHome) {
				continue
			}
			owners := bySector[p.Sector]
			if owners == nil {
				owners = map[string]*acc{}
				bySector[p.Sector] = owners
			}
			k := ownerKey(p.Owner)
			a := owners[k]
			if a == nil {
				a = &acc{row: OwnerRow{Snapshot: s.Date, Sector: p.Sector}, spellings: map[string]int{}}
				owners[k] = a
			}
			a.row.Homes++
			if p.Places.Valid {
				a.row.Places += p.Places.Int
			}
			a.spellings[p.Owner]++
		}
		sectors := make([]string, 0, len(bySector))
		for sec := range bySector {
			sectors = append(sectors, sec)
		}
		sort.Strings(sectors)
		for _, sec := range sectors {
			var rows []OwnerRow
			var total int64
			for _, a := range bySector[sec] {
				a.row.Owner = mostCommon(a.spellings)
				for sp := range a.spellings {
					a.row.Variants = append(a.row.Variants, sp)
				}
				sort.Strings(a.row.Variants)
				total += a.row.Places
				rows = append(rows, a.row)
			}
			sort.Slice(rows, func(i, j int) bool {
				a, b := rows[i], rows[j]
				if a.Places != b.Places {
					return a.Places > b.Places
				}
				if a.Homes != b.Homes {
					return a.Homes > b.Homes
				}
				return a.Owner < b.Owner
			})
			var cum int64
			for i := range rows {
				cum += rows[i].Places
				rows[i].Rank = i + 1
				if total > 0 {
					rows[i].Share = 100 * float64(rows[i].Places) / float64(total)
					rows[i].Cumulative = 100 * float64(cum) / float64(total)
				}
			}
			out = append(out, rows...)
		}
	}
	return out
}

func ownersTable(out extract.Output, snaps []*Snapshot) error {
	b, err := out.Open(&schemas.ProviderOwners)
	if err != nil {
		return err
	}
	for _, r := range Owners(snaps) {
		if err := b.Append(schemas.Date(r.Snapshot), schemas.Str(r.Owner), schemas.Str(strings.Join(r.Variants, " | ")),
			schemas.Str(r.Sector), schemas.Int(r.Homes), schemas.Int(r.Places), schemas.Float(r.Share),
			schemas.Int(int64(r.Rank)), schemas.Float(r.Cumulative)); err != nil {
			return err
		}
	}
	return nil
}
