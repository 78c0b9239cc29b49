package ofsted

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/schemas"
	"github.com/caredata/caredata/sources"
)

// manifestInputs returns every embedded register of the ofsted extractor
// (not the joiners and leavers files), as a run reads them: from the
// manifest, sha256 checked.
func manifestInputs(t testing.TB) []extract.Input {
	t.Helper()
	m, err := pipeline.LoadManifest(sources.FS)
	if err != nil {
		t.Fatal(err)
	}
	var in []extract.Input
	for _, s := range m.Sources {
		if s.Extractor != "ofsted" || IsJoinersLeavers(s.Path) {
			continue
		}
		i, err := pipeline.ReadSource(sources.FS, s)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, i)
	}
	return in
}

// panel caches every embedded register, 2015-2025, merged, located and
// harmonised as Extract does.
var panel = struct {
	sync.Once
	snaps []*Snapshot
	err   error
}{}

func realPanel(t *testing.T) []*Snapshot {
	t.Helper()
	panel.Do(func() {
		in := manifestInputs(t)
		snaps := make([]*Snapshot, len(in))
		errs := make([]error, len(in))
		var wg sync.WaitGroup
		for i := range in {
			wg.Go(func() { snaps[i], errs[i] = ParseInput(in[i]) })
		}
		wg.Wait()
		if panel.err = errors.Join(errs...); panel.err != nil {
			return
		}
		if snaps, panel.err = mergeSameDate(snaps); panel.err != nil {
			return
		}
		l := lookup(t)
		for _, s := range snaps {
			Locate(s, l)
		}
		Harmonise(snaps)
		panel.snaps = snaps
	})
	if panel.err != nil {
		t.Fatal(panel.err)
	}
	return panel.snaps
}

// TestEveryRegister checks children's homes, private homes and places in
// England for each 31 March against counts made independently of caredata
// from the raw files, with Python's csv module (provision type "Children's
// home" in any case, sector "Private", places summed where given):
//
//	python3 -c 'import csv,io; ...' provider_at_march_2016.csv
//
// 2022, 2023 and 2025 are the ODS workbooks' Providers+places sheets, and
// 2018 is part 2 (the Providers and places sheet), not part 1 (2,038 homes,
// the Provider_level sheet), which gives 2018's judgements.
func TestEveryRegister(t *testing.T) {
	t.Parallel()
	want := []struct {
		year                   int
		homes, private         int64
		places, privatePlaces  int64 // -1: the register has no places
		providerLevel, owners  bool
		providers              int
		source, judgementsFrom string
	}{
		{2015, 1850, 1254, -1, -1, true, false, 2605, "ofsted-csc-2015", ""},
		{2016, 1884, 1301, 8518, 5019, true, false, 2647, "ofsted-csc-2016", ""},
		{2017, 1924, 1368, 8558, -2, true, false, 2688, "ofsted-csc-2017", ""},
		{2018, 2124, 1561, 9430, 6171, false, true, 2941, "ofsted-csc-2018-part2", "ofsted-csc-2018-part1"},
		{2019, 2112, 1574, 9365, -2, true, true, 2864, "ofsted-csc-2019", ""},
		{2020, 2230, 1692, 9517, -2, true, true, 2971, "ofsted-csc-2020", ""},
		{2021, 2624, 2053, 10708, 7662, true, true, 3402, "ofsted-csc-2021", ""},
		{2022, 2798, 2221, 11095, -2, false, true, 3576, "ofsted-csc-2022", ""},
		{2023, 3050, 2466, 11857, -2, false, true, 3812, "ofsted-csc-2023", ""},
		{2024, 3151, 2575, 11999, 9135, true, true, 3876, "ofsted-csc-2024", ""},
		{2025, 3946, 3320, 14275, -2, false, true, 5600, "ofsted-csc-2025", ""},
	}
	snaps := realPanel(t)
	if len(snaps) != len(want) {
		t.Fatalf("%d registers, want %d", len(snaps), len(want))
	}
	shares := Shares(snaps)
	for i, w := range want {
		s := snaps[i]
		if s.Date.Year() != w.year || s.SourceID != w.source || s.JudgementsFrom != w.judgementsFrom {
			t.Errorf("register %d: %s from %s (judgements %q), want %d from %s (%q)", i, s.Date, s.SourceID, s.JudgementsFrom, w.year, w.source, w.judgementsFrom)
		}
		if s.ProviderLevel != w.providerLevel || s.HasOwner != w.owners || s.HasPlaces != (w.places >= 0) || len(s.Providers) != w.providers {
			t.Errorf("%d: provider level %v, owners %v, places %v, %d providers; want %v, %v, %v, %d",
				w.year, s.ProviderLevel, s.HasOwner, s.HasPlaces, len(s.Providers), w.providerLevel, w.owners, w.places >= 0, w.providers)
		}
		r, ok := national(shares, w.year, schemas.GroupChildrensHomes)
		if !ok {
			t.Errorf("%d: no England row", w.year)
			continue
		}
		if r.Tally.providers[0] != w.homes || r.Tally.providers[1] != w.private {
			t.Errorf("%d: %d homes, %d private; want %d, %d", w.year, r.Tally.providers[0], r.Tally.providers[1], w.homes, w.private)
		}
		if w.places >= 0 && r.Tally.places[0] != w.places {
			t.Errorf("%d: %d places, want %d", w.year, r.Tally.places[0], w.places)
		}
		if w.privatePlaces >= 0 && r.Tally.places[1] != w.privatePlaces {
			t.Errorf("%d: %d private places, want %d", w.year, r.Tally.places[1], w.privatePlaces)
		}
		if r.HasPlaces != (w.places >= 0) {
			t.Errorf("%d: HasPlaces %v", w.year, r.HasPlaces)
		}
	}
	// The Care Review's year: 2,624 homes, 78.2% private.
	if r, _ := national(shares, 2021, schemas.GroupChildrensHomes); r.Tally.providers[0] != 2624 ||
		pct(r.Tally.providers[1], r.Tally.providers[0]) != "78.2" {
		t.Errorf("2021: %d homes, %s%% private", r.Tally.providers[0], pct(r.Tally.providers[1], r.Tally.providers[0]))
	}
}

func pct(part, whole int64) string {
	return strconv.FormatFloat(share(part, whole).Float, 'f', 1, 64)
}

// TestFollowAHomeAcrossYears follows real homes by URN from the 2016 CSV
// export to the 2025 workbook (grep of the raw files: SC001531 is a Leeds
// voluntary home of 7 places in both; SC006294 a Wakefield private home of
// 4 places owned by Dove Adolescent Services Limited in 2025).
func TestFollowAHomeAcrossYears(t *testing.T) {
	t.Parallel()
	snaps := realPanel(t)
	find := func(year int, urn string) (Provider, bool) {
		for _, s := range snaps {
			if s.Date.Year() != year {
				continue
			}
			for _, p := range s.Providers {
				if p.URN == urn {
					return p, true
				}
			}
		}
		return Provider{}, false
	}
	for _, c := range []struct {
		urn, la, code, sector, owner2025 string
		places                           int64
	}{
		{"SC001531", "Leeds", "E08000035", "Voluntary", "Catholic Care (Diocese of Leeds)", 7},
		{"SC006294", "Wakefield", "E08000036", "Private", "Dove Adolescent Services Limited", 4},
	} {
		for _, year := range []int{2016, 2025} {
			p, ok := find(year, c.urn)
			if !ok {
				t.Errorf("%s missing in %d", c.urn, year)
				continue
			}
			if p.LAName != c.la || p.LA.NewCode != c.code || p.Sector != c.sector || p.Places != schemas.Int(c.places) || p.ProvisionType != typeChildrensHome {
				t.Errorf("%s in %d: %+v", c.urn, year, p)
			}
			if year == 2025 && p.Owner != c.owner2025 {
				t.Errorf("%s owner in 2025: %q", c.urn, p.Owner)
			}
		}
	}
	// Islington's 1159682 closed between 2024 and 2025.
	if _, ok := find(2024, "1159682"); !ok {
		t.Error("1159682 missing in 2024")
	}
	if _, ok := find(2025, "1159682"); ok {
		t.Error("1159682 still listed in 2025")
	}
}

// TestOfstedRegionWins: SC475703 is a Lancashire home that Ofsted's 2025
// register places in Yorkshire and The Humber. The regional totals follow
// Ofsted's column (counted in the sheet exported by LibreOffice: North West
// 1,024 homes, 911 private; Yorkshire and The Humber 362, 256), while
// Lancashire's own row stays in the North West.
func TestOfstedRegionWins(t *testing.T) {
	t.Parallel()
	snaps := realPanel(t)
	var regions = map[string][2]int64{}
	lancashireRegion := ""
	for _, r := range Shares(snaps) {
		if r.Snapshot.Year() != 2025 || r.Group != schemas.GroupChildrensHomes {
			continue
		}
		switch r.Geography.Level {
		case schemas.Regional:
			regions[r.Geography.RegionName] = [2]int64{r.Tally.providers[0], r.Tally.providers[1]}
		case schemas.LocalAuthority:
			if r.Geography.LAName == "Lancashire" {
				lancashireRegion = r.Geography.RegionName
			}
		}
	}
	if regions["North West"] != [2]int64{1024, 911} || regions["Yorkshire and The Humber"] != [2]int64{362, 256} {
		t.Errorf("regions %v", regions)
	}
	if lancashireRegion != "North West" {
		t.Errorf("Lancashire's row is in %q", lancashireRegion)
	}
	// provider_changes places authorities the same way: one set of
	// Lancashire rows, in the North West, SC475703 among its 333 homes
	// at the end of the year to 31 March 2025.
	periods, _ := Periods(snaps, nil)
	var lancashire []string
	for _, r := range Changes(periods, lookup(t)) {
		if r.Geography.LAName == "Lancashire" && r.Period.End.Year() == 2025 && r.Group == schemas.GroupChildrensHomes && r.Sector == schemas.SectorTotal {
			lancashire = append(lancashire, fmt.Sprintf("%s %d", r.Geography.RegionName, r.Change.AtEnd))
		}
	}
	if strings.Join(lancashire, ",") != "North West 333" {
		t.Errorf("Lancashire's provider_changes rows of 2025: %v", lancashire)
	}
	var moved []string
	for _, s := range snaps {
		for _, p := range s.Providers {
			if p.LA.RegionCode != "" && p.RegionCode != p.LA.RegionCode {
				moved = append(moved, s.Date.Format("2006")+" "+p.URN)
			}
		}
	}
	if strings.Join(moved, ",") != "2025 SC475703" {
		t.Errorf("providers outside their authority's region: %v", moved)
	}
}

// TestRenamedCSVHeader: a register CSV whose header lost a column the year
// needs is a LayoutError naming the file, the header row and the column.
func TestRenamedCSVHeader(t *testing.T) {
	t.Parallel()
	for _, in := range manifestInputs(t) {
		if in.Source.ID != "ofsted-csc-2019" {
			continue
		}
		data := []byte(strings.Replace(string(in.Data), ",Registration date,", ",Date registered,", 1))
		_, err := ParseInput(extract.Input{Source: in.Source, Data: data})
		var le *extract.LayoutError
		if !errors.As(err, &le) || le.File != "provider_at_march_2019.csv" || le.Row != 2 || le.Column != "registration date" {
			t.Fatalf("err = %v (%#v)", err, le)
		}
		// The same header is fine for 2017, which had no registration date.
		src := in.Source
		src.Release = "2017"
		if _, err := ParseInput(extract.Input{Source: src, Data: data}); err != nil {
			t.Errorf("as 2017: %v", err)
		}
		return
	}
	t.Fatal("no ofsted-csc-2019 in the manifest")
}
