package cla

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// DfE's national placements tables of the 2023 and 2024 releases, as
// vendored: the same file name in a folder per release.
const placementsFile = "national_cla_on_31_march_by_placement_provider_placement_type_and_locality.csv"

var placementFiles = []struct{ id, label, name string }{
	{"dfe-cla-placements-2023", "2023", "release2023/" + placementsFile},
	{"dfe-cla-placements-2024", "2024", "release2024/" + placementsFile},
}

func readPlacements(t testing.TB, label string) *Release {
	t.Helper()
	for _, f := range placementFiles {
		if f.label == label {
			r, err := Parse(f.id, f.name, readSource(t, f.name), nil)
			if err != nil {
				t.Fatal(err)
			}
			r.Label = f.label
			return r
		}
	}
	t.Fatalf("no placements file of release %s", label)
	return nil
}

// everyRelease parses all fourteen vendored files.
func everyRelease(t testing.TB) []*Release {
	return append(allReleases(t), readPlacements(t, "2023"), readPlacements(t, "2024"))
}

func findPlacement(ps []Placement, year int32, level, code, loc, ptype, provider string) (Placement, bool) {
	for _, p := range ps {
		if p.TimePeriod == year && p.Geography.Level == level && p.Geography.Code() == code &&
			p.Locality == loc && p.Type == ptype && p.Provider == provider {
			return p, true
		}
	}
	return Placement{}, false
}

func TestParseNationalPlacements(t *testing.T) {
	for _, tt := range []struct {
		label string
		years []int32
		// "2f. Placement with parents" (2023) and "2f. Placed with parents
		// or other person with parental responsibility" (2024), and the two
		// spellings of other public provision, are one item each:
		//
		//	grep -h '^2022,.*2f\..*,All children\|^2022,.*2d\..*Other public' release202?/FILE
		parents, public int64
	}{
		{"2023", []int32{2019, 2020, 2021, 2022, 2023}, 4660, 40},
		{"2024", []int32{2020, 2021, 2022, 2023, 2024}, 4670, 40},
	} {
		t.Run(tt.label, func(t *testing.T) {
			rel := readPlacements(t, tt.label)
			if rel.Layout != "national placements by provider, type and locality" || len(rel.Rows) != 0 {
				t.Errorf("layout %q, %d children_in_care rows", rel.Layout, len(rel.Rows))
			}
			if len(rel.Placements) != 720 {
				t.Errorf("%d placements, want 720 (5 years x 18 types x 8 providers)", len(rel.Placements))
			}
			years := map[int32]int{}
			for _, p := range rel.Placements {
				years[p.TimePeriod]++
				if p.Geography.Level != schemas.National || p.Geography.CountryCode != geo.England {
					t.Fatalf("%v: not England", p.key())
				}
				if rank(localityOrder, p.Locality) == len(localityOrder) || rank(typeOrder, p.Type) == len(typeOrder) ||
					rank(providerOrder, p.Provider) == len(providerOrder) {
					t.Fatalf("%v: an item not published", p.key())
				}
				for _, v := range []schemas.Value{p.Count, p.Percentage} {
					if !v.Valid && v.Status != "c" && v.Status != "z" && v.Status != "k" {
						t.Fatalf("%v: status %q", p.key(), v.Status)
					}
				}
			}
			for _, y := range tt.years {
				if years[y] != 144 {
					t.Errorf("%d: %d rows, want 144", y, years[y])
				}
			}
			p, ok := findPlacement(rel.Placements, 2022, schemas.National, geo.England, schemas.LocalityInside, placedWithParents, schemas.ProviderAll)
			if !ok || p.Count != count(tt.parents) || p.Percentage != rate(100) {
				t.Errorf("inside, placed with parents, 2022: %+v", p)
			}
			p, ok = findPlacement(rel.Placements, 2022, schemas.National, geo.England, schemas.LocalityInside, "Other residential settings", providerOtherPublic)
			if !ok || p.Count != count(tt.public) {
				t.Errorf("inside, other residential settings, other public provision, 2022: %+v", p)
			}
			// Group 4 is counted in neither inside nor outside.
			if _, ok := findPlacement(rel.Placements, 2022, schemas.National, geo.England, schemas.LocalityAll, otherPlacement, schemas.ProviderAll); !ok {
				t.Error("no other placements in all localities")
			}
		})
	}
}

func TestSplitPlacementType(t *testing.T) {
	for _, tt := range []struct{ in, loc, ptype string }{
		{"1. All children looked after at 31 March", schemas.LocalityAll, schemas.PlacementTypeAll},
		{"2. All children placed inside council boundary", schemas.LocalityInside, schemas.PlacementTypeAll},
		{"3. All children placed outside council boundary", schemas.LocalityOutside, schemas.PlacementTypeAll},
		{"4. Other placement", schemas.LocalityAll, otherPlacement},
		{"2a. Foster placements", schemas.LocalityInside, "Foster placements"},
		{"3c. Secure units, children's homes and semi-independent living accommodation", schemas.LocalityOutside, "Secure units, children's homes and semi-independent living accommodation"},
		{"3b. Secure homes and children's homes", schemas.LocalityOutside, "Secure homes and children's homes"},
		{"2f. Placement with parents", schemas.LocalityInside, placedWithParents},
		{"3f. Placed with parents or other person with parental responsibility", schemas.LocalityOutside, placedWithParents},
		{"2z. Placed in a lighthouse", "", ""},
		{"1a. Foster placements", "", ""},
		{"4. Other placements", "", ""},
		{"5. All children", "", ""},
		{"Foster placements", "", ""},
	} {
		loc, ptype, ok := splitPlacementType(tt.in)
		if loc != tt.loc || ptype != tt.ptype || ok != (tt.loc != "") {
			t.Errorf("%q: %q %q %v, want %q %q", tt.in, loc, ptype, ok, tt.loc, tt.ptype)
		}
	}
}

// England's children in private provision on 31 March: 2011 to 2018 from
// the underlying data files' national row, 2019 from the 2023 release's
// national table, 2020 to 2024 from the 2024 release's. Read from the files
// with awk, not with this package:
//
//	awk -F, 'FNR==1{for(i=1;i<=NF;i++){gsub(/\r/,"",$i);h[$i]=i}; next} toupper($(h["geog_l"]))=="NATIONAL"{print FILENAME, $h["CLA_Priv"]}' SFR21_CLA.csv ... CLA2019.csv
//	awk -F, '$6=="1. All children looked after at 31 March" && ($7=="Private provision" || $7=="All children") {print FILENAME, $1, $7, $8, $9}' release202?/FILE
func TestPlacementsEnglandPrivate(t *testing.T) {
	want := []struct {
		private, all int64
		source       string
	}{
		{19080, 65520, "dfe-cla-2011-la"}, {20630, 67050, "dfe-cla-2012-la"}, {21850, 68110, "dfe-cla-2013-la"},
		{22650, 68840, "dfe-cla-2014-la"}, {23480, 69540, "dfe-cla-2015-la"}, {23080, 70440, "dfe-cla-2016-la"},
		{24180, 72670, "dfe-cla-2017-la"}, {25550, 75420, "dfe-cla-2018-la"}, {27390, 78140, "dfe-cla-placements-2023"},
		{28790, 80000, "dfe-cla-placements-2024"}, {29200, 80780, "dfe-cla-placements-2024"}, {31020, 82090, "dfe-cla-placements-2024"},
		{32890, 83760, "dfe-cla-placements-2024"}, {31310, 83630, "dfe-cla-placements-2024"},
	}
	rels := everyRelease(t)
	rev := append([]*Release(nil), rels...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	for _, order := range [][]*Release{rels, rev} {
		ps, _ := MergePlacements(order)
		for i, w := range want {
			y := int32(2011 + i)
			for provider, n := range map[string]int64{schemas.ProviderPrivate: w.private, schemas.ProviderAll: w.all} {
				p, ok := findPlacement(ps, y, schemas.National, geo.England, schemas.LocalityAll, schemas.PlacementTypeAll, provider)
				if !ok || p.Count != count(n) || p.SourceID != w.source {
					t.Errorf("%d %s: %+v from %s, want %d from %s", y, provider, p.Count, p.SourceID, n, w.source)
				}
			}
		}
		if _, ok := findPlacement(ps, 2010, schemas.National, geo.England, schemas.LocalityAll, schemas.PlacementTypeAll, schemas.ProviderAll); ok {
			t.Error("2010 has placements: SFR27/2010 gives no provider or locality")
		}
	}
}

// Three councils in 2012 (SFR20/2012) and 2016 (SFR41/2016, the only
// files giving those years' placements), as the raw files give them:
//
//	awk -F, 'FNR==1{for(i=1;i<=NF;i++){gsub(/\r/,"",$i);h[$i]=i}; next} $(h["geog_c"])=="330"||$(h["geog_c"])=="886"||$(h["geog_c"])=="909" {print FILENAME, $h["geog_c"], $5, $h["CLA_OwnP"], $h["CLA_OthPP"], $h["CLA_Priv"], $h["CLA_Vol"], $h["CLAA_InBound"] $h["CLA_InBound"], $h["CLA_Outbound"]}' SFR20_CLA2012.csv SFR41_CLA2016.csv
func TestPlacementsSampleCouncils(t *testing.T) {
	ps, _ := MergePlacements(everyRelease(t))
	c := schemas.Missing("c") // the files' x
	x := schemas.Missing("x") // no percentage in the files
	for _, tt := range []struct {
		year                                    int32
		code, ons, name, source                 string
		all, own, public, private, vol, in, out schemas.Value
	}{
		{2012, "330", "E08000025", "Birmingham", "dfe-cla-2012-la", count(1896), count(1010), c, count(709), count(10), count(1078), count(715)},
		{2012, "886", "E10000016", "Kent", "dfe-cla-2012-la", count(1798), count(1280), count(9), count(394), c, count(1555), count(169)},
		{2012, "909", "E10000006", "Cumbria", "dfe-cla-2012-la", count(600), count(462), c, count(73), count(7), count(510), count(64)},
		{2016, "330", "E08000025", "Birmingham", "dfe-cla-2016-la", count(1814), count(735), c, count(785), count(137), count(1097), count(717)},
		{2016, "886", "E10000016", "Kent", "dfe-cla-2016-la", count(2310), count(1334), count(9), count(831), count(86), count(1879), count(431)},
		{2016, "909", "E10000006", "Cumbria", "dfe-cla-2016-la", count(661), count(363), c, count(173), count(72), count(486), count(175)},
	} {
		t.Run(fmt.Sprint(tt.name, " ", tt.year), func(t *testing.T) {
			for _, w := range []struct {
				loc, provider string
				want          schemas.Value
			}{
				{schemas.LocalityAll, schemas.ProviderAll, tt.all}, {schemas.LocalityAll, providerOwn, tt.own},
				{schemas.LocalityAll, providerOtherPublic, tt.public}, {schemas.LocalityAll, schemas.ProviderPrivate, tt.private},
				{schemas.LocalityAll, providerVoluntary, tt.vol}, {schemas.LocalityInside, schemas.ProviderAll, tt.in},
				{schemas.LocalityOutside, schemas.ProviderAll, tt.out},
			} {
				p, ok := findPlacement(ps, tt.year, schemas.LocalAuthority, tt.code, w.loc, schemas.PlacementTypeAll, w.provider)
				if !ok {
					t.Fatalf("%s %s: no row", w.loc, w.provider)
				}
				if p.Count != w.want || p.Percentage != x || p.SourceID != tt.source {
					t.Errorf("%s %s: %+v (%+v) from %s, want %+v from %s", w.loc, w.provider, p.Count, p.Percentage, p.SourceID, w.want, tt.source)
				}
				if g := p.Geography; g.NewLACode != tt.ons || g.LAName != tt.name || g.CountryCode != geo.England || g.RegionCode == "" {
					t.Errorf("geography %+v", g)
				}
			}
			// More than 20 miles from home is given from 2017 only.
			if _, ok := findPlacement(ps, tt.year, schemas.LocalAuthority, tt.code, schemas.LocalityOutsideGT20, schemas.PlacementTypeAll, schemas.ProviderAll); ok {
				t.Error("a distance before 2017")
			}
		})
	}
	// 2019: CLA2019's distances and its providers' percentages.
	//
	//	awk -F, 'FNR==1{for(i=1;i<=NF;i++){gsub(/\r/,"",$i);h[$i]=i}; next} $(h["geog_c"])=="909" {print $h["CLA_Priv"], $h["CLA_Priv_pc"], $h["CLA_Par"], $h["CLA_GT20"], $h["CLA_InLA_GT20"], $h["CLA_OutLA_GT20"]}' CLA2019.csv
	for _, w := range []struct {
		loc, provider string
		n, pct        schemas.Value
	}{
		{schemas.LocalityAll, schemas.ProviderPrivate, count(252), rate(37)},
		{schemas.LocalityAll, providerParents, c, c},
		{schemas.LocalityOver20, schemas.ProviderAll, count(402), x},
		{schemas.LocalityInsideGT20, schemas.ProviderAll, count(203), x},
		{schemas.LocalityOutsideGT20, schemas.ProviderAll, count(199), x},
	} {
		p, ok := findPlacement(ps, 2019, schemas.LocalAuthority, "909", w.loc, schemas.PlacementTypeAll, w.provider)
		if !ok || p.Count != w.n || p.Percentage != w.pct || p.SourceID != "dfe-cla-2019-la" {
			t.Errorf("Cumbria 2019 %s %s: %+v %+v from %s, want %+v %+v", w.loc, w.provider, p.Count, p.Percentage, p.SourceID, w.n, w.pct)
		}
	}
}

// The 2024 release's changes to 2020 to 2023, and the 2023 release's to
// CLA2019's England in 2019, are revisions; the regrouped placement types
// are not. The counts were made from the raw files with a script of their
// own (matching the two releases' rows after the renamings): 120 numbers and
// 19 percentages changed in 2020 to 2023, 9 numbers in 2019.
func TestPlacementsRevisions(t *testing.T) {
	ps, revs := MergePlacements(everyRelease(t))
	eng := func(y int32, loc, ptype, provider string) string {
		return placementKey{y, schemas.National, geo.England, loc, ptype, provider}.String()
	}
	for _, w := range []schemas.Revision{
		{Key: eng(2023, schemas.LocalityAll, schemas.PlacementTypeAll, schemas.ProviderPrivate), Column: "children_count", OldValue: "33130", NewValue: "32890",
			OldSourceID: "dfe-cla-placements-2023", NewSourceID: "dfe-cla-placements-2024"},
		{Key: eng(2023, schemas.LocalityAll, schemas.PlacementTypeAll, schemas.ProviderPrivate), Column: "percentage", OldValue: "40", NewValue: "39",
			OldSourceID: "dfe-cla-placements-2023", NewSourceID: "dfe-cla-placements-2024"},
		{Key: eng(2023, schemas.LocalityOutside, "Residential schools", providerOtherLA), Column: "children_count", OldValue: "10", NewValue: "c",
			OldSourceID: "dfe-cla-placements-2023", NewSourceID: "dfe-cla-placements-2024"},
		{Key: eng(2022, schemas.LocalityInside, placedWithParents, schemas.ProviderAll), Column: "children_count", OldValue: "4660", NewValue: "4670",
			OldSourceID: "dfe-cla-placements-2023", NewSourceID: "dfe-cla-placements-2024"},
		{Key: eng(2019, schemas.LocalityAll, schemas.PlacementTypeAll, schemas.ProviderPrivate), Column: "children_count", OldValue: "27190", NewValue: "27390",
			OldSourceID: "dfe-cla-2019-la", NewSourceID: "dfe-cla-placements-2023"},
		{Key: eng(2019, schemas.LocalityInside, schemas.PlacementTypeAll, schemas.ProviderAll), Column: "children_count", OldValue: "45940", NewValue: "45460",
			OldSourceID: "dfe-cla-2019-la", NewSourceID: "dfe-cla-placements-2023"},
	} {
		w.Dataset = "placements"
		if !contains(revs, w) {
			t.Errorf("revisions lack %+v", w)
		}
	}
	n := map[string]int{}
	for _, r := range revs {
		if r.Dataset != "placements" || r.OldValue == r.NewValue || r.Column == "row" {
			t.Errorf("revision %+v", r)
		}
		n[r.NewSourceID+" "+r.Column]++
		for _, old := range []string{"Other placement in the community", "Secure units", "Secure homes", "Independent and semi"} {
			if strings.Contains(r.Key, "placement_type="+old) {
				t.Errorf("a regrouped type revised: %+v", r)
			}
		}
	}
	want := map[string]int{"dfe-cla-placements-2024 children_count": 120, "dfe-cla-placements-2024 percentage": 19, "dfe-cla-placements-2023 children_count": 9}
	if fmt.Sprint(n) != fmt.Sprint(want) {
		t.Errorf("revisions %v, want %v", n, want)
	}
	// 2019's England comes from the national table; CLA2019's distances,
	// which it does not give, stay.
	//
	//	awk -F, 'FNR==1{for(i=1;i<=NF;i++){gsub(/\r/,"",$i);h[$i]=i}; next} $(h["geog_l"])=="NATIONAL"{print $h["CLA_GT20"], $h["CLA_InLA_GT20"], $h["CLA_OutLA_GT20"]}' CLA2019.csv
	for loc, want := range map[string]int64{schemas.LocalityOver20: 15360, schemas.LocalityInsideGT20: 3360, schemas.LocalityOutsideGT20: 11990} {
		p, ok := findPlacement(ps, 2019, schemas.National, geo.England, loc, schemas.PlacementTypeAll, schemas.ProviderAll)
		if !ok || p.Count != count(want) || p.SourceID != "dfe-cla-2019-la" {
			t.Errorf("England 2019 %s: %+v from %s", loc, p.Count, p.SourceID)
		}
	}
	// Each year keeps one release's grouping of types.
	for _, p := range ps {
		old := p.Type == "Other placement in the community" || strings.HasPrefix(p.Type, "Secure units")
		recent := strings.HasPrefix(p.Type, "Secure homes") || strings.HasPrefix(p.Type, "Independent and")
		if (old && p.TimePeriod != 2019) || (recent && p.TimePeriod < 2020) {
			t.Errorf("%v from %s", p.key(), p.SourceID)
		}
	}
}

func TestPlacementsErrors(t *testing.T) {
	const file = "release2024/" + placementsFile
	edit := func(from, to string) []byte {
		s := string(readSource(t, file))
		out := strings.Replace(s, from, to, 1)
		if out == s {
			t.Fatalf("edit %q changed nothing", from)
		}
		return []byte(out)
	}
	for _, tt := range []struct {
		name   string
		data   []byte
		err    error
		column string
	}{
		{"unknown type", edit("2a. Foster placements", "2a. Foster and kinship placements"), ErrBadValue, "placement_type"},
		{"unknown provider", edit(",Private provision,", ",Private provision (for profit),"), ErrBadValue, "placement_provider"},
		{"a region", edit("Reporting year,National,", "Reporting year,Regional,"), ErrBadValue, "geographic_level"},
		{"a symbol EES does not have", edit("All children,83630,", "All children,?,"), ErrNotNumber, "number"},
		{"duplicate", edit("2a. Foster placements", "2b. Secure homes and children's homes"), ErrDuplicate, "placement_provider"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t", file, tt.data, nil)
			var ce *extract.CellError
			if !errors.As(err, &ce) || !errors.Is(err, tt.err) || ce.Column != tt.column || ce.Row < 2 {
				t.Errorf("err = %v, want %v in column %s", err, tt.err, tt.column)
			}
		})
	}
}
