package cla

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/charset"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// The DfE local authority underlying data files of 2010 to 2019, as
// vendored, with their manifest ids and release labels.
var legacyFiles = []struct{ id, label, name string }{
	{"dfe-cla-2010-la", "2010", "SFR27_2010_March.csv"},
	{"dfe-cla-2011-la", "2011", "SFR21_CLA.csv"},
	{"dfe-cla-2012-la", "2012", "SFR20_CLA2012.csv"},
	{"dfe-cla-2013-la", "2013", "SFR36_CLA2013.csv"},
	{"dfe-cla-2014-la", "2014", "SFR36_CLA2014.csv"},
	{"dfe-cla-2015-la", "2015", "SFR34_CLA2015.csv"},
	{"dfe-cla-2016-la", "2016", "SFR41_CLA2016.csv"},
	{"dfe-cla-2017-la", "2017", "SFR50_CLA2017.csv"},
	{"dfe-cla-2018-la", "2018", "CLA2018.csv"},
	{"dfe-cla-2019-la", "2019", "CLA2019.csv"},
}

var places = sync.OnceValues(func() (*geo.Lookup, error) {
	dir := filepath.Join("..", "..", "sources", "lookups")
	las, err := os.ReadFile(filepath.Join(dir, "las.csv"))
	if err != nil {
		return nil, err
	}
	regions, err := os.ReadFile(filepath.Join(dir, "regions.csv"))
	if err != nil {
		return nil, err
	}
	return geo.Load(las, regions)
})

func lookup(t testing.TB) *geo.Lookup {
	t.Helper()
	l, err := places()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func readLegacy(t testing.TB, name string) *Release {
	t.Helper()
	for _, f := range legacyFiles {
		if f.name == name {
			r, err := Parse(f.id, f.name, readSource(t, f.name), lookup(t))
			if err != nil {
				t.Fatal(err)
			}
			r.Label = f.label
			return r
		}
	}
	t.Fatalf("%s is not a legacy file", name)
	return nil
}

// allReleases parses all twelve vendored files.
func allReleases(t testing.TB) []*Release {
	t.Helper()
	old, cur := parseReal(t)
	rels := []*Release{old, cur}
	for _, f := range legacyFiles {
		rels = append(rels, readLegacy(t, f.name))
	}
	return rels
}

func count(v int64) schemas.Value  { return schemas.Int(v) }
func rate(v float64) schemas.Value { return schemas.Float(v) }

// TestLegacyLayouts reads each underlying data file. The England figures
// were read from the files with awk, not with this package:
//
//	awk -F, 'FNR==1{delete h; for(i=1;i<=NF;i++) h[$i]=i; next} $3=="NATIONAL"{print $h["CLA_Mar2017"]}' FILE
func TestLegacyLayouts(t *testing.T) {
	x := schemas.Missing("x")
	tests := []struct {
		file    string
		layout  string
		rows    int   // national + regions + authorities, times the years
		years   []int // years covered
		england map[int32][3]schemas.Value
	}{
		{"SFR27_2010_March.csv", "SFR27/2010 underlying data", 1 + 9 + 152, []int{2010},
			map[int32][3]schemas.Value{2010: {count(64400), x, count(11012300)}}},
		{"SFR21_CLA.csv", "SFR21/2011 underlying data", 1 + 11 + 151, []int{2011},
			map[int32][3]schemas.Value{2011: {count(65520), x, x}}},
		{"SFR20_CLA2012.csv", "SFR20/2012 underlying data", 163, []int{2012},
			map[int32][3]schemas.Value{2012: {count(67050), x, x}}},
		{"SFR36_CLA2013.csv", "SFR36/2013 underlying data", 163, []int{2013},
			map[int32][3]schemas.Value{2013: {count(68110), x, x}}},
		{"SFR36_CLA2014.csv", "SFR36/2014 underlying data", 163, []int{2014},
			map[int32][3]schemas.Value{2014: {count(68840), x, x}}},
		{"SFR34_CLA2015.csv", "SFR34/2015 underlying data", 163, []int{2015},
			map[int32][3]schemas.Value{2015: {count(69540), x, x}}},
		{"SFR41_CLA2016.csv", "SFR41/2016 underlying data", 163, []int{2016},
			map[int32][3]schemas.Value{2016: {count(70440), x, x}}},
		// SFR50/2017 also lists the Isles of Scilly, with a blank level.
		{"SFR50_CLA2017.csv", "SFR50/2017 underlying data", 1 + 11 + 152, []int{2017},
			map[int32][3]schemas.Value{2017: {count(72670), x, x}}},
		{"CLA2018.csv", "CLA2018 underlying data (2014 to 2018)", 5 * 163, []int{2014, 2015, 2016, 2017, 2018},
			map[int32][3]schemas.Value{
				2014: {count(68810), rate(60), count(11506450)}, 2015: {count(69470), rate(60), count(11591700)},
				2016: {count(70400), rate(60), count(11677860)}, 2017: {count(72590), rate(62), count(11785280)},
				2018: {count(75420), rate(64), count(11866960)}}},
		// CLA2019's CLA_Pop2014 is the population behind CLA_Rate2015.
		{"CLA2019.csv", "CLA2019 underlying data (2015 to 2019)", 5 * 164, []int{2015, 2016, 2017, 2018, 2019},
			map[int32][3]schemas.Value{
				2015: {count(69470), rate(60), count(11591700)}, 2016: {count(70410), rate(60), count(11677860)},
				2017: {count(72610), rate(62), count(11785280)}, 2018: {count(75370), rate(64), count(11866960)},
				2019: {count(78150), rate(65), count(11954620)}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rel := readLegacy(t, tt.file)
			if rel.Layout != tt.layout {
				t.Errorf("layout = %q, want %q", rel.Layout, tt.layout)
			}
			if len(rel.Rows) != tt.rows {
				t.Errorf("rows = %d, want %d", len(rel.Rows), tt.rows)
			}
			years := map[int]bool{}
			for _, r := range rel.Rows {
				years[int(r.TimePeriod)] = true
				// The files carry only the 31 March count.
				if r.Measure != schemas.MeasureLookedAfter31March {
					t.Fatalf("%v: measure %q", r.key(), r.Measure)
				}
				if r.TimeIdentifier != "Reporting year" || r.SourceID != rel.SourceID {
					t.Fatalf("%v: %q %q", r.key(), r.TimeIdentifier, r.SourceID)
				}
				for _, v := range []schemas.Value{r.Count, r.Rate, r.Population} {
					if !v.Valid && v.Status == "" {
						t.Fatalf("%v: a null without a symbol", r.key())
					}
				}
			}
			var got []int
			for y := range years {
				got = append(got, y)
			}
			sort.Ints(got)
			if len(got) != len(tt.years) || got[0] != tt.years[0] || got[len(got)-1] != tt.years[len(tt.years)-1] {
				t.Errorf("years %v, want %v", got, tt.years)
			}
			for y, want := range tt.england {
				r, ok := find(rel.Rows, y, schemas.National, geo.England, schemas.MeasureLookedAfter31March)
				if !ok {
					t.Fatalf("no England row for %d", y)
				}
				if g := r.Geography; g.CountryName != "England" || g.RegionCode != "" || g.OldLACode != "" {
					t.Errorf("England %d geography %+v", y, g)
				}
				for i, got := range []schemas.Value{r.Count, r.Rate, r.Population} {
					if got != want[i] {
						t.Errorf("England %d %s = %+v, want %+v", y, childrenInCare.columns[i].name, got, want[i])
					}
				}
			}
		})
	}
}

// Three councils in 2012 (SFR20/2012, the only file of that year) and in
// 2016 (won by CLA2019; SFR41/2016 and CLA2018 gave other counts), as the
// raw files give them:
//
//	grep -h ',330,\|,886,\|,909,' SFR20_CLA2012.csv       (CLA_Mar2012 is column 5)
//	awk -F, 'FNR==1{delete h; for(i=1;i<=NF;i++) h[$i]=i; next} $4=="330"||$4=="886"||$4=="909" {print FILENAME, $4, $h["CLA_Mar2016"], $h["CLA_Rate2016"], $h["CLA_Pop2015"], $h["CLA_Pop2016"]}' SFR41_CLA2016.csv CLA2018.csv CLA2019.csv
func TestSampleCouncils(t *testing.T) {
	rows, revs := Merge(allReleases(t))
	x := schemas.Missing("x")
	tests := []struct {
		year             int32
		code, ons, name  string
		region           string
		count, rate, pop schemas.Value
		source           string
		revisedFrom      []string // earlier counts, oldest first
	}{
		{2012, "330", "E08000025", "Birmingham", "E12000005", count(1896), x, x, "dfe-cla-2012-la", nil},
		{2012, "886", "E10000016", "Kent", "E12000008", count(1798), x, x, "dfe-cla-2012-la", nil},
		{2012, "909", "E10000006", "Cumbria", "E12000002", count(600), x, x, "dfe-cla-2012-la", nil},
		{2016, "330", "E08000025", "Birmingham", "E12000005", count(1810), rate(64), count(284011), "dfe-cla-2019-la", []string{"1814", "1812"}},
		{2016, "886", "E10000016", "Kent", "E12000008", count(2314), rate(70), count(330334), "dfe-cla-2019-la", []string{"2310"}},
		{2016, "909", "E10000006", "Cumbria", "E12000002", count(659), rate(71), count(92933), "dfe-cla-2019-la", []string{"661"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.name, " ", tt.year), func(t *testing.T) {
			r, ok := find(rows, tt.year, schemas.LocalAuthority, tt.code, schemas.MeasureLookedAfter31March)
			if !ok {
				t.Fatal("no row")
			}
			g := r.Geography
			if g.NewLACode != tt.ons || g.LAName != tt.name || g.RegionCode != tt.region || g.CountryCode != geo.England {
				t.Errorf("geography %+v", g)
			}
			if r.Count != tt.count || r.Rate != tt.rate || r.Population != tt.pop || r.SourceID != tt.source {
				t.Errorf("got %+v %+v %+v from %s, want %+v %+v %+v from %s", r.Count, r.Rate, r.Population, r.SourceID, tt.count, tt.rate, tt.pop, tt.source)
			}
			var from []string
			for _, rv := range revs {
				if rv.Key == r.key().String() && rv.Column == "children_count" {
					from = append(from, rv.OldValue)
				}
			}
			if strings.Join(from, ",") != strings.Join(tt.revisedFrom, ",") {
				t.Errorf("revised from %v, want %v", from, tt.revisedFrom)
			}
		})
	}
}

// England on 31 March, every year, from the newest file covering it.
func TestEnglandSeries2010To2025(t *testing.T) {
	rels := allReleases(t)
	want := []struct {
		count  int64
		source string
	}{
		{64400, "dfe-cla-2010-la"}, {65520, "dfe-cla-2011-la"}, {67050, "dfe-cla-2012-la"}, {68110, "dfe-cla-2013-la"},
		{68810, "dfe-cla-2018-la"}, {69470, "dfe-cla-2019-la"}, {70410, "dfe-cla-2019-la"}, {72610, "dfe-cla-2019-la"},
		{75370, "dfe-cla-2019-la"}, {78140, "dfe-cla-2023"}, {80000, "dfe-cla-2023"}, {80780, "dfe-cla-2025"},
		{82090, "dfe-cla-2025"}, {83750, "dfe-cla-2025"}, {83530, "dfe-cla-2025"}, {81770, "dfe-cla-2025"},
	}
	// The order the files come in does not matter.
	rev := append([]*Release(nil), rels...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	for _, order := range [][]*Release{rels, rev} {
		rows, _ := Merge(order)
		for i, w := range want {
			y := int32(2010 + i)
			r, ok := find(rows, y, schemas.National, geo.England, schemas.MeasureLookedAfter31March)
			if !ok {
				t.Fatalf("%d: no England row", y)
			}
			if !r.Count.Valid || r.Count.Int != w.count || r.SourceID != w.source {
				t.Errorf("%d: %+v from %s, want %d from %s", y, r.Count, r.SourceID, w.count, w.source)
			}
		}
	}
}

// England on 31 March 2017: 72,670 in SFR50/2017, 72,590 in CLA2018,
// 72,610 in CLA2019; the newest wins and each change is a revision.
func TestRevisionsAcrossOldFiles(t *testing.T) {
	_, revs := Merge(allReleases(t))
	eng := func(y string) string {
		return "time_period=" + y + "; geographic_level=National; country_code=E92000001; measure=" + schemas.MeasureLookedAfter31March
	}
	var got []schemas.Revision
	for _, r := range revs {
		if r.Key == eng("2017") {
			got = append(got, r)
		}
	}
	want := []schemas.Revision{
		{Dataset: "children_in_care", Key: eng("2017"), Column: "children_count", OldValue: "72670", NewValue: "72590", OldSourceID: "dfe-cla-2017-la", NewSourceID: "dfe-cla-2018-la"},
		{Dataset: "children_in_care", Key: eng("2017"), Column: "children_count", OldValue: "72590", NewValue: "72610", OldSourceID: "dfe-cla-2018-la", NewSourceID: "dfe-cla-2019-la"},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("England 2017 revisions:\n got %+v\nwant %+v", got, want)
	}
	// 2019: CLA2019's 78,150 was revised to 78,140 by the 2019 to 2023 EES file.
	w19 := schemas.Revision{Dataset: "children_in_care", Key: eng("2019"), Column: "children_count", OldValue: "78150", NewValue: "78140", OldSourceID: "dfe-cla-2019-la", NewSourceID: "dfe-cla-2023"}
	if !contains(revs, w19) {
		t.Errorf("revisions lack %+v", w19)
	}
	for _, r := range revs {
		if r.OldValue == r.NewValue {
			t.Errorf("revision that changes nothing: %+v", r)
		}
		// A column a file lacks (SFR50/2017 has no rate) is not a value it gave.
		if r.OldValue == "x" && (r.Column == "rate_per_10000" || r.Column == "population_estimate") {
			t.Errorf("revision of a value the older file does not carry: %+v", r)
		}
		// The underlying data files carry no starting or ceasing counts.
		if !strings.HasSuffix(r.Key, schemas.MeasureLookedAfter31March) && r.OldSourceID != "dfe-cla-2023" {
			t.Errorf("revision of a measure the older file does not carry: %+v", r)
		}
		// Regions of authorities are DfE's lookup's before 2019, not the files'.
		if (r.Column == "region_code" || r.Column == "region_name") && strings.HasSuffix(r.OldSourceID, "-la") &&
			strings.Contains(r.Key, "Local authority") {
			t.Errorf("revision of a region the older file does not give: %+v", r)
		}
	}
}

func TestLegacyGeography(t *testing.T) {
	tests := []struct {
		file   string
		year   int32
		level  string
		code   string
		want   schemas.Geography
		absent absence
	}{
		// 2010 gives DfE codes only: ONS code, name and region are las.csv's.
		{"SFR27_2010_March.csv", 2010, schemas.LocalAuthority, "840", schemas.Geography{Level: schemas.LocalAuthority, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E12000001", RegionName: "North East", NewLACode: "E06000047", OldLACode: "840", LAName: "County Durham"}, absentRegion | absentNewLACode},
		{"SFR27_2010_March.csv", 2010, schemas.LocalAuthority, "822", schemas.Geography{Level: schemas.LocalAuthority, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E12000006", RegionName: "East of England", NewLACode: "E06000055", OldLACode: "822", LAName: "Bedford"}, absentRegion | absentNewLACode},
		{"SFR27_2010_March.csv", 2010, schemas.LocalAuthority, "929", schemas.Geography{Level: schemas.LocalAuthority, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E12000001", RegionName: "North East", NewLACode: "E06000048", OldLACode: "929", LAName: "Northumberland"}, absentRegion | absentNewLACode},
		{"SFR27_2010_March.csv", 2010, schemas.LocalAuthority, "301", schemas.Geography{Level: schemas.LocalAuthority, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E12000007", RegionName: "London", NewLACode: "E09000002", OldLACode: "301", LAName: "Barking and Dagenham"}, absentRegion | absentNewLACode},
		// Regions by name, in DfE's spelling ("North East ", "London ").
		{"SFR27_2010_March.csv", 2010, schemas.Regional, "E12000007", schemas.Geography{Level: schemas.Regional, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E12000007", RegionName: "London"}, 0},
		{"SFR27_2010_March.csv", 2010, schemas.Regional, "E12000001", schemas.Geography{Level: schemas.Regional, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E12000001", RegionName: "North East"}, 0},
		// 2011 to 2018 give Inner London London's ONS code.
		{"SFR21_CLA.csv", 2011, schemas.Regional, "E13000001", schemas.Geography{Level: schemas.Regional, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E13000001", RegionName: "Inner London"}, 0},
		{"CLA2018.csv", 2014, schemas.Regional, "E13000002", schemas.Geography{Level: schemas.Regional, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E13000002", RegionName: "Outer London"}, 0},
		// CLA2019 writes YORKSHIRE AND HUMBER.
		{"CLA2019.csv", 2019, schemas.Regional, "E12000003", schemas.Geography{Level: schemas.Regional, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E12000003", RegionName: "Yorkshire and The Humber"}, 0},
		// The files' own ONS codes, even where ONS had replaced them:
		// Gateshead's E08000020 until SFR50/2017, E08000037 from CLA2018.
		{"SFR50_CLA2017.csv", 2017, schemas.LocalAuthority, "390", schemas.Geography{Level: schemas.LocalAuthority, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E12000001", RegionName: "North East", NewLACode: "E08000020", OldLACode: "390", LAName: "Gateshead"}, absentRegion},
		{"CLA2018.csv", 2017, schemas.LocalAuthority, "390", schemas.Geography{Level: schemas.LocalAuthority, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E12000001", RegionName: "North East", NewLACode: "E08000037", OldLACode: "390", LAName: "Gateshead"}, absentRegion},
		// SFR50/2017's Isles of Scilly row has a blank level.
		{"SFR50_CLA2017.csv", 2017, schemas.LocalAuthority, "420", schemas.Geography{Level: schemas.LocalAuthority, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E12000009", RegionName: "South West", NewLACode: "E06000053", OldLACode: "420", LAName: "Isles of Scilly"}, absentRegion},
		{"CLA2019.csv", 2016, schemas.LocalAuthority, "810", schemas.Geography{Level: schemas.LocalAuthority, CountryCode: geo.England, CountryName: "England",
			RegionCode: "E12000003", RegionName: "Yorkshire and The Humber", NewLACode: "E06000010", OldLACode: "810", LAName: "Kingston upon Hull, City of"}, absentRegion},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.code, func(t *testing.T) {
			r, ok := find(readLegacy(t, tt.file).Rows, tt.year, tt.level, tt.code, schemas.MeasureLookedAfter31March)
			if !ok {
				t.Fatal("no row")
			}
			if r.Geography != tt.want {
				t.Errorf("geography\n got %+v\nwant %+v", r.Geography, tt.want)
			}
			if r.absent&(absentRegion|absentNewLACode) != tt.absent {
				t.Errorf("absent = %b, want %b", r.absent, tt.absent)
			}
		})
	}
	// Every authority of every file is in DfE's las.csv under the codes
	// and name published (the EES validator checks the same).
	l := lookup(t)
	for _, f := range legacyFiles {
		for _, r := range readLegacy(t, f.name).Rows {
			g := r.Geography
			if g.Level != schemas.LocalAuthority {
				continue
			}
			la, ok := l.ByCode(g.NewLACode)
			if !ok || la.OldCode != g.OldLACode || la.Name != g.LAName || la.RegionCode != g.RegionCode {
				t.Errorf("%s: %+v is not las.csv's %+v", f.name, g, la)
			}
		}
	}
}

// Values a file lacks are null with status x, never 0; the files' own
// symbols are published as the EES ones.
func TestLegacySymbols(t *testing.T) {
	// CLA2019 writes "." for the Isles of Scilly's rates (no children).
	r, ok := find(readLegacy(t, "CLA2019.csv").Rows, 2017, schemas.LocalAuthority, "420", schemas.MeasureLookedAfter31March)
	if !ok {
		t.Fatal("no Isles of Scilly 2017")
	}
	if r.Count != count(0) || r.Rate != schemas.Missing("z") || r.Population != count(382) {
		t.Errorf("Isles of Scilly 2017: %+v %+v %+v", r.Count, r.Rate, r.Population)
	}
	// SFR21/2011 has no rate or population: x, marked as not carried.
	r, _ = find(readLegacy(t, "SFR21_CLA.csv").Rows, 2011, schemas.LocalAuthority, "201", schemas.MeasureLookedAfter31March)
	if r.Count != count(9) || r.Rate != schemas.Missing("x") || r.Population != schemas.Missing("x") || r.absent&(absentRate|absentPopulation) != absentRate|absentPopulation {
		t.Errorf("City of London 2011: %+v %+v %+v absent %b", r.Count, r.Rate, r.Population, r.absent)
	}
	// The files' x (suppressed) is EES's c; ".." is x; "-" is low.
	for sym, want := range map[string]string{"x": "c", "..": "x", ".": "z", "-": "low"} {
		data := strings.Replace(string(readSource(t, "SFR20_CLA2012.csv")), "LA,330,Birmingham,1896,", "LA,330,Birmingham,"+sym+",", 1)
		rel, err := Parse("t", "SFR20_CLA2012.csv", []byte(data), lookup(t))
		if err != nil {
			t.Fatal(err)
		}
		r, _ := find(rel.Rows, 2012, schemas.LocalAuthority, "330", schemas.MeasureLookedAfter31March)
		if r.Count.Valid || r.Count.Status != want {
			t.Errorf("%q: count %+v, want status %q", sym, r.Count, want)
		}
	}
	// Every mapped symbol is an EES one, and the Notes sheet names each.
	notes := strings.Join(schemas.ChildrenInCare.Notes, " ")
	for src, s := range legacySymbols {
		if !schemas.IsSymbol(s.ees) || schemas.StandardSymbol(s.ees) != s.ees {
			t.Errorf("%q maps to %q, not an EES symbol", src, s.ees)
		}
		if !strings.Contains(notes, "'"+src+"' as "+s.ees) {
			t.Errorf("children_in_care's notes do not say that %q is shown as %q: %s", src, s.ees, notes)
		}
	}
}

// A byte that is not UTF-8 is read as Windows-1252: St Helens written
// with a cp1252 apostrophe (0x92) still matches DfE's "St. Helens".
func TestLegacyCP1252(t *testing.T) {
	const file = "SFR27_2010_March.csv"
	raw := string(readSource(t, file))
	data := strings.Replace(raw, "LA,342,St Helens,", "LA,342,St Helen\x92s,", 1)
	if data == raw {
		t.Fatal("edit changed nothing")
	}
	rel, err := Parse("t", file, []byte(data), lookup(t))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := find(rel.Rows, 2010, schemas.LocalAuthority, "342", schemas.MeasureLookedAfter31March)
	if r.Geography.LAName != "St. Helens" || r.Geography.NewLACode != "E08000013" {
		t.Errorf("geography %+v", r.Geography)
	}
	if got, err := charset.Decode([]byte("St Helen\x92s"), ""); err != nil || string(got) != "St Helen’s" {
		t.Errorf("decoded %q, %v", got, err)
	}
}

func TestLegacyErrors(t *testing.T) {
	edit := func(name, from, to string) []byte {
		s := string(readSource(t, name))
		out := strings.Replace(s, from, to, 1)
		if out == s {
			t.Fatalf("edit %q changed nothing", from)
		}
		return []byte(out)
	}
	tests := []struct {
		name    string
		file    string
		data    []byte
		wantErr error
		line    int
		column  string
	}{
		{"unknown level", "SFR20_CLA2012.csv", edit("SFR20_CLA2012.csv", ",LA,330,", ",LEA,330,"), ErrBadValue, 0, "geog_l"},
		{"unknown region", "SFR20_CLA2012.csv", edit("SFR20_CLA2012.csv", "NORTH EAST", "NORTHERN"), ErrBadValue, 3, "geog_n"},
		{"ONS code of another authority", "SFR20_CLA2012.csv", edit("SFR20_CLA2012.csv", "E08000025,LA,330,", "E08000026,LA,330,"), ErrBadValue, 0, "New_geog_code"},
		{"name of another authority", "SFR20_CLA2012.csv", edit("SFR20_CLA2012.csv", "LA,330,Birmingham,", "LA,330,Coventry,"), ErrBadValue, 0, "geog_n"},
		{"DfE code no authority had in 2010", "SFR27_2010_March.csv", edit("SFR27_2010_March.csv", "LA,330,Birmingham,", "LA,820,Birmingham,"), ErrBadValue, 0, "geog_c"},
		{"count with separator", "SFR20_CLA2012.csv", edit("SFR20_CLA2012.csv", "LA,330,Birmingham,1896,", "LA,330,Birmingham,\"1,896\","), ErrNotNumber, 0, "CLA_Mar2012"},
		{"EES symbol the files do not use", "CLA2019.csv", edit("CLA2019.csv", "LA,201,City of London,8,", "LA,201,City of London,u,"), ErrNotNumber, 14, "CLA_Mar2015"},
		{"blank count", "SFR20_CLA2012.csv", edit("SFR20_CLA2012.csv", "LA,330,Birmingham,1896,", "LA,330,Birmingham,,"), ErrNotNumber, 0, "CLA_Mar2012"},
		{"duplicate authority", "SFR20_CLA2012.csv", edit("SFR20_CLA2012.csv", "E09000001,LA,201,City of London,", "E09000007,LA,202,Camden,"), ErrDuplicate, 15, "geog_c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t", tt.file, tt.data, lookup(t))
			var ce *extract.CellError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *extract.CellError", err)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if ce.File != tt.file || ce.Column != tt.column || (tt.line > 0 && ce.Row != tt.line) || ce.Row < 2 {
				t.Errorf("error at %s line %d column %s, want %s line %d column %s", ce.File, ce.Row, ce.Column, tt.file, tt.line, tt.column)
			}
		})
	}
	// An underlying data file cannot be placed without DfE's lookup.
	if _, err := Parse("t", "SFR20_CLA2012.csv", readSource(t, "SFR20_CLA2012.csv"), nil); !errors.Is(err, ErrNoLookup) {
		t.Errorf("without lookup: %v", err)
	}
}

// A header that covers more years than a known layout is not read as
// that layout: CLA2019 with a sixth year is unknown, not a 2015 file.
func TestLegacyUnknownLayout(t *testing.T) {
	tests := []struct {
		name, file, from, to string
		column               string
		missing              string
	}{
		{"extra year", "CLA2019.csv", ",CLA_Mar2019,", ",CLA_Mar2019,CLA_Mar2020,", "CLA_Mar2020", ""},
		{"renamed count", "CLA2018.csv", ",CLA_Mar2016,", ",CLA_March2016,", "CLA_Mar2016", "CLA_Mar2016"},
		{"no population", "CLA2018.csv", ",CLA_Pop2016,", ",CLA_Popn2016,", "CLA_Pop2016", "CLA_Pop2016"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := string(readSource(t, tt.file))
			data := strings.Replace(s, tt.from, tt.to, 1)
			if data == s {
				t.Fatal("edit changed nothing")
			}
			_, err := Parse("t", tt.file, []byte(data), lookup(t))
			var le *extract.LayoutError
			if !errors.As(err, &le) || !errors.Is(err, ErrUnknownLayout) {
				t.Fatalf("err = %v, want *extract.LayoutError", err)
			}
			if le.Column != tt.column || strings.Join(le.Missing, ",") != tt.missing {
				t.Errorf("column %q missing %v, want %q %q (%v)", le.Column, le.Missing, tt.column, tt.missing, err)
			}
		})
	}
}

// Every legacy file is read whole through the extractor, with DfE's lookups
// from the inputs as a run gives them.
func TestExtractAllSources(t *testing.T) {
	var in []extract.Input
	for _, f := range []struct{ id, label, name string }{{"dfe-cla-2023", "2023", file2023}, {"dfe-cla-2025", "2025", file2025}} {
		in = append(in, extract.Input{Source: extract.Source{ID: f.id, Extractor: "cla", Path: f.name, Release: f.label}, Data: readSource(t, f.name)})
	}
	for _, f := range append(legacyFiles, placementFiles...) {
		in = append(in, extract.Input{Source: extract.Source{ID: f.id, Extractor: "cla", Path: f.name, Release: f.label}, Data: readSource(t, f.name)})
	}
	dir := filepath.Join("..", "..", "sources", "lookups")
	for id, name := range map[string]string{geo.SourceLAs: "las.csv", geo.SourceRegions: "regions.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, extract.Input{Source: extract.Source{ID: id, Extractor: extract.Lookups, Path: name}, Data: b})
	}
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	tables, _, err := extract.Run(t.Context(), Extractor{}, mem, in)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, tbl := range tables {
		n[tbl.Dataset.Name] += tbl.Rows()
		tbl.Release()
	}
	if n["children_in_care"] != 4983 {
		t.Errorf("children_in_care rows = %d, want 4983 (2010: 162, 2011-2014: 4 x 163, 2015-2018: 4 x 164, 2019-2025: 3,513)", n["children_in_care"])
	}
	// 2011 to 2016: 163 places x 10 (all children, 7 providers, inside,
	// outside); 2017: 164 x 12 (and inside or outside over 20 miles);
	// 2018: 163 x 13 (and over 20 miles); 2019: 164 x 13 less England's
	// 10 the national table wins; national table: 6 years x 144.
	if want := 6*163*10 + 164*12 + 163*13 + 164*13 - 10 + 6*144; n["placements"] != want {
		t.Errorf("placements rows = %d, want %d", n["placements"], want)
	}
	// 2,018 of children_in_care, 148 of placements.
	if n["revisions"] != 2018+148 {
		t.Errorf("revisions = %d, want %d", n["revisions"], 2018+148)
	}
	// Without the lookups, an underlying data file is an error naming why.
	var noLookups []extract.Input
	for _, i := range in {
		if i.Source.Extractor != extract.Lookups {
			noLookups = append(noLookups, i)
		}
	}
	if err := (Extractor{}).Extract(t.Context(), extract.Env{}, noLookups); !errors.Is(err, ErrNoLookup) {
		t.Errorf("without lookups: %v", err)
	}
}

func BenchmarkParseLegacy(b *testing.B) {
	data := readSource(b, "CLA2019.csv")
	l := lookup(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("dfe-cla-2019-la", "CLA2019.csv", data, l); err != nil {
			b.Fatal(err)
		}
	}
}
