package geo

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func load(t testing.TB) *Lookup {
	t.Helper()
	dir := filepath.Join("..", "..", "sources", "lookups")
	las, err := os.ReadFile(filepath.Join(dir, "las.csv"))
	if err != nil {
		t.Fatal(err)
	}
	regions, err := os.ReadFile(filepath.Join(dir, "regions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := Load(las, regions)
	if err != nil {
		t.Fatal(err)
	}
	ons, err := os.ReadFile(filepath.Join(dir, "LTLA-UTLA_Apr23_Lookup_England-Wales.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.AddWales(ons); err != nil {
		t.Fatal(err)
	}
	return l
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestMatch(t *testing.T) {
	l := load(t)
	mar23, mar25 := day(2023, 3, 31), day(2025, 3, 31)
	tests := []struct {
		name          string
		on            time.Time
		code, old, to string // to: the DfE name
		region        string
	}{
		{"Southend on Sea", mar23, "E06000033", "882", "Southend-on-Sea", "E12000006"},
		{"Bristol", mar23, "E06000023", "801", "Bristol, City of", "E12000009"},
		{"Kingston upon Hull", mar23, "E06000010", "810", "Kingston upon Hull, City of", "E12000003"},
		{"Herefordshire", mar23, "E06000019", "884", "Herefordshire, County of", "E12000005"},
		{"Durham", mar23, "E06000047", "840", "County Durham", "E12000001"},
		{"St Helens", mar23, "E08000013", "342", "St. Helens", "E12000002"},
		{"Bournemouth, Christchurch & Poole", mar23, "E06000058", "839", "Bournemouth, Christchurch and Poole", "E12000009"},
		{"  camden ", mar23, "E09000007", "202", "Camden", "E12000007"},
		// Boundary changes: the codes of the date concerned.
		{"Cumbria", mar23, "E10000006", "909", "Cumbria", "E12000002"},
		{"North Yorkshire", mar23, "E10000023", "815", "North Yorkshire", "E12000003"},
		{"North Yorkshire", mar25, "E06000065", "815", "North Yorkshire", "E12000003"},
		{"Somerset", mar25, "E06000066", "933", "Somerset", "E12000009"},
		{"Cumberland", mar25, "E06000063", "942", "Cumberland", "E12000002"},
		// Barnsley's new code starts on 1 May 2025.
		{"Barnsley", mar25, "E08000016", "370", "Barnsley", "E12000003"},
		{"Barnsley", day(2025, 6, 1), "E08000038", "370", "Barnsley", "E12000003"},
		{"Dorset", day(2018, 3, 31), "E10000009", "835", "Dorset", "E12000009"},
		{"Dorset", day(2020, 3, 31), "E06000059", "838", "Dorset", "E12000009"},
		{"Cardiff", mar25, "W06000015", "", "Cardiff", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.on.Format("2006-01-02"), func(t *testing.T) {
			la, err := l.Match(tt.name, tt.on)
			if err != nil {
				t.Fatal(err)
			}
			if la.NewCode != tt.code || la.OldCode != tt.old || la.Name != tt.to || la.RegionCode != tt.region {
				t.Errorf("got %+v", la)
			}
		})
	}
}

func TestNoMatch(t *testing.T) {
	l := load(t)
	for _, tt := range []struct {
		name string
		on   time.Time
	}{
		{"Cumbria", day(2024, 3, 31)},    // abolished
		{"Cumberland", day(2023, 3, 31)}, // not yet created
		{"Atlantis", day(2023, 3, 31)},
		{"", day(2023, 3, 31)},
	} {
		_, err := l.Match(tt.name, tt.on)
		if !errors.Is(err, ErrNoMatch) {
			t.Errorf("Match(%q, %s) err = %v, want ErrNoMatch", tt.name, tt.on.Format("2006-01-02"), err)
		}
	}
}

func TestRegion(t *testing.T) {
	l := load(t)
	for name, code := range map[string]string{"London": "E12000007", "Yorkshire and the Humber": "E12000003", "East of England": "E12000006", "Wales": ""} {
		if got := l.Region(name); got != code {
			t.Errorf("Region(%q) = %q, want %q", name, got, code)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	regions := []byte("region_code,region_name\nE12000001,North East\n")
	tests := []struct{ name, las, want string }{
		{"missing column", "new_la_code,la_name\nE06000001,Hartlepool\n", `no column "date_of_operation"`},
		{"bad date", "new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,old_la_code\nE06000001,Hartlepool,2009-01-01,,E12000001,805\n", "line 2 column date_of_operation"},
		{"unknown region", "new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,old_la_code\nE06000001,Hartlepool,01/01/2009,,E12000099,805\n", `region "E12000099"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load([]byte(tt.las), regions)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// FuzzMatch: any name, any date: no panic, and a match is an authority
// operating that day whose name normalises to the same key.
func FuzzMatch(f *testing.F) {
	l := load(f)
	for _, s := range []string{"Southend on Sea", "Durham", "St. Helens", "Bournemouth, Christchurch & Poole", "", "ÿ,&&-"} {
		f.Add(s, int64(19448))
	}
	f.Fuzz(func(t *testing.T, name string, days int64) {
		on := time.Unix(0, 0).UTC().AddDate(0, 0, int(days%40000))
		la, err := l.Match(name, on)
		if err != nil {
			return
		}
		if !la.Operating(on) {
			t.Fatalf("%q matched %+v, not operating on %s", name, la, on)
		}
		found := false
		for _, k := range keys(la.Name) {
			if k == Normalise(name) {
				found = true
			}
		}
		if !found {
			t.Fatalf("%q matched %q", name, la.Name)
		}
	})
}

// Entries keeps the rows Match leaves out: terminated counties without a
// DfE code, and the joint rows of authorities DfE reports together.
func TestEntries(t *testing.T) {
	l := load(t)
	byCode := map[string]Entry{}
	for _, e := range l.Entries() {
		if e.Country != England || !strings.HasPrefix(e.NewCode, "E") {
			t.Errorf("%+v is not an English row", e)
		}
		byCode[e.NewCode] = e
	}
	if len(byCode) != 175 {
		t.Errorf("%d English rows, want the 175 of las.csv (all but British Forces overseas)", len(byCode))
	}
	tests := []struct {
		code, old, name string
		from, to        time.Time
		parts           []string
	}{
		{"E10000010", "", "Durham", day(2009, 1, 1), day(2009, 3, 31), nil},
		{"E10000006", "909", "Cumbria", day(2009, 1, 1), day(2023, 3, 31), nil},
		{"E06000065", "815", "North Yorkshire", day(2023, 4, 1), time.Time{}, nil},
		{"E06000063 / E06000064", "942 / 943", "Cumberland / Westmorland and Furness", day(2023, 4, 1), time.Time{}, []string{"E06000063", "E06000064"}},
		{"E09000021 / E09000027", "314 / 318", "Kingston upon Thames / Richmond upon Thames", day(2009, 1, 1), time.Time{}, []string{"E09000021", "E09000027"}},
	}
	for _, tt := range tests {
		e, ok := byCode[tt.code]
		if !ok {
			t.Errorf("%s: not among the entries", tt.code)
			continue
		}
		if e.OldCode != tt.old || e.Name != tt.name || !e.From.Equal(tt.from) || !e.To.Equal(tt.to) || !slices.Equal(e.Parts, tt.parts) {
			t.Errorf("%s: got %+v", tt.code, e)
		}
	}
	// What Match sees is unchanged: a county without a DfE code or a
	// joint row is not an authority to match names to.
	if la, ok := l.ByCode("E10000010"); ok {
		t.Errorf("ByCode found the DfE-less county %+v", la)
	}
	if _, err := l.Match("Durham", day(2009, 3, 1)); !errors.Is(err, ErrNoMatch) {
		t.Errorf("Durham before 1 April 2009: %v, want no match", err)
	}
}

func TestByDfECode(t *testing.T) {
	l := load(t)
	tests := []struct {
		code      string
		on        time.Time
		ons, name string
		region    string
		wantErr   bool
	}{
		{"840", day(2010, 3, 31), "E06000047", "County Durham", "E12000001", false},
		{"390", day(2010, 3, 31), "E08000020", "Gateshead", "E12000001", false},
		{"390", day(2014, 3, 31), "E08000037", "Gateshead", "E12000001", false},
		{"929", day(2010, 3, 31), "E06000048", "Northumberland", "E12000001", false},
		{"835", day(2010, 3, 31), "E10000009", "Dorset", "E12000009", false},
		{"201", day(2010, 3, 31), "E09000001", "City of London", "E12000007", false},
		{"420", day(2010, 3, 31), "E06000053", "Isles of Scilly", "E12000009", false},
		// Bedfordshire (820) was abolished on 1 April 2009.
		{"820", day(2010, 3, 31), "", "", "", true},
		{"999", day(2010, 3, 31), "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.code+" "+tt.on.Format("2006"), func(t *testing.T) {
			la, err := l.ByDfECode(tt.code, tt.on)
			if tt.wantErr {
				if !errors.Is(err, ErrNoMatch) {
					t.Fatalf("err = %v, want ErrNoMatch", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if la.NewCode != tt.ons || la.Name != tt.name || la.RegionCode != tt.region {
				t.Errorf("got %+v", la)
			}
		})
	}
}

func TestNamed(t *testing.T) {
	l := load(t)
	la, err := l.ByDfECode("810", day(2012, 3, 31))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"Kingston Upon Hull, City of": true, "Kingston upon Hull": true,
		"kingston-upon-hull": true, "Hull": false, "East Riding of Yorkshire": false} {
		if got := la.Named(name); got != want {
			t.Errorf("Named(%q) = %v, want %v", name, got, want)
		}
	}
}
