package ofsted

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/caredata/caredata/extract"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/xuri/excelize/v2"

	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

func workbook(year string) string {
	return filepath.Join("..", "..", "sources", "ofsted", "Childrens_social_care_in_England_"+year+"_underlying_data.ods")
}

func lookup(t testing.TB) *geo.Lookup {
	t.Helper()
	l, err := geo.FromInputs(lookupInputs(t), true)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// lookupInputs are the lookups a run gives the extractor (las.csv,
// regions.csv and ONS's Welsh lookup), read from the repository.
func lookupInputs(t testing.TB) []extract.Input {
	t.Helper()
	var in []extract.Input
	for id, f := range map[string]string{geo.SourceLAs: "las.csv", geo.SourceRegions: "regions.csv", geo.SourceWales: "LTLA-UTLA_Apr23_Lookup_England-Wales.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "sources", "lookups", f))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, extract.Input{Source: extract.Source{ID: id, Extractor: extract.Lookups}, Data: b})
	}
	return in
}

// parsed caches the three real registers: each takes a second to read.
var parsed = struct {
	sync.Once
	snaps []*Snapshot
	miss  map[string][]string
	err   error
}{}

func realSnapshots(t *testing.T) []*Snapshot {
	t.Helper()
	parsed.Do(func() {
		l := lookup(t)
		parsed.miss = map[string][]string{}
		years := []string{"2022", "2023", "2025"}
		// The workbooks are parsed in parallel, then located in order.
		snaps := make([]*Snapshot, len(years))
		errs := make([]error, len(years))
		var wg sync.WaitGroup
		for i, y := range years {
			wg.Go(func() {
				data, err := os.ReadFile(workbook(y))
				if err != nil {
					errs[i] = err
					return
				}
				snaps[i], errs[i] = Parse("ofsted-csc-"+y, workbook(y), data)
			})
		}
		wg.Wait()
		if parsed.err = errors.Join(errs...); parsed.err != nil {
			return
		}
		for i, y := range years {
			parsed.miss[y], _ = Locate(snaps[i], l)
		}
		parsed.snaps = snaps
		Harmonise(parsed.snaps)
	})
	if parsed.err != nil {
		t.Fatal(parsed.err)
	}
	return parsed.snaps
}

func national(rows []ShareRow, year int, group string) (ShareRow, bool) {
	for _, r := range rows {
		if r.Snapshot.Year() == year && r.Group == group && r.Geography.Level == schemas.National {
			return r, true
		}
	}
	return ShareRow{}, false
}

// The Care Review's market figure, from Ofsted's full register.
func TestPrivateShareOfChildrensHomes(t *testing.T) {
	t.Parallel()
	rows := Shares(realSnapshots(t))
	tests := []struct {
		year               int
		homes, private     int64
		pct                float64
		places, privPlaces int64
	}{
		{2022, 2798, 2221, 79.4, 11095, 8093},
		// 3,050 is the count in Ofsted's own time-series sheet.
		{2023, 3050, 2466, 80.9, 11857, 8885},
		{2025, 3946, 3320, 84.1, 14275, 11250},
	}
	for _, tt := range tests {
		r, ok := national(rows, tt.year, schemas.GroupChildrensHomes)
		if !ok {
			t.Fatalf("%d: no national row", tt.year)
		}
		tl := r.Tally
		if tl.providers[0] != tt.homes || tl.providers[1] != tt.private {
			t.Errorf("%d: %d homes, %d private; want %d, %d", tt.year, tl.providers[0], tl.providers[1], tt.homes, tt.private)
		}
		if pct := share(tl.providers[1], tl.providers[0]).Float; math.Round(pct*10)/10 != tt.pct {
			t.Errorf("%d: private share %.2f%%, want %.1f%%", tt.year, pct, tt.pct)
		}
		if tl.places[0] != tt.places || tl.places[1] != tt.privPlaces {
			t.Errorf("%d: places %d, private %d; want %d, %d", tt.year, tl.places[0], tl.places[1], tt.places, tt.privPlaces)
		}
	}
}

func TestRegisterSizesAndMatching(t *testing.T) {
	t.Parallel()
	snaps := realSnapshots(t)
	want := map[int]int{2022: 3576, 2023: 3812, 2025: 5600}
	for _, s := range snaps {
		y := s.Date.Year()
		if len(s.Providers) != want[y] {
			t.Errorf("%d: %d providers, want %d (the full register, not the provider-level sheet)", y, len(s.Providers), want[y])
		}
		if m := parsed.miss[s.SourceID[len(s.SourceID)-4:]]; len(m) != 0 {
			t.Errorf("%d: local authority names matched no authority: %v", y, m)
		}
		var redacted, judged int
		for _, p := range s.Providers {
			if p.ProvisionType == "Children's Home" {
				t.Errorf("%d: URN %s keeps the spelling Children's Home", y, p.URN)
			}
			if p.Name == "REDACTED" {
				redacted++
			}
			if p.Judgement != "" {
				judged++
			}
			if p.LAName != "" && p.LA.NewCode == "" {
				t.Errorf("%d: URN %s in %q has no codes", y, p.URN, p.LAName)
			}
		}
		if redacted == 0 {
			t.Errorf("%d: no REDACTED names: redaction lost?", y)
		}
		if judged == 0 || judged == len(s.Providers) {
			t.Errorf("%d: %d of %d providers have a judgement; want some but not all", y, judged, len(s.Providers))
		}
	}
}

// Boundary changes: Cumbria's homes are Cumbria's on 31 March 2023 and
// Cumberland's or Westmorland and Furness's by 2025.
func TestCodesOfTheYearConcerned(t *testing.T) {
	t.Parallel()
	codes := map[int]map[string]string{}
	for _, s := range realSnapshots(t) {
		codes[s.Date.Year()] = map[string]string{}
		for _, p := range s.Providers {
			codes[s.Date.Year()][p.LA.Name] = p.LA.NewCode
		}
	}
	tests := []struct {
		year       int
		name, code string
	}{
		{2023, "Cumbria", "E10000006"},
		{2023, "North Yorkshire", "E10000023"},
		{2025, "Cumberland", "E06000063"},
		{2025, "North Yorkshire", "E06000065"},
		{2025, "Somerset", "E06000066"},
		// Supported accommodation run from Wales: an ONS code, no English region.
		{2025, "Cardiff", "W06000015"},
	}
	for _, tt := range tests {
		if got := codes[tt.year][tt.name]; got != tt.code {
			t.Errorf("%d %s: %q, want %s", tt.year, tt.name, got, tt.code)
		}
	}
	if _, ok := codes[2025]["Cumbria"]; ok {
		t.Error("Cumbria still has providers in 2025")
	}
}

func TestRegionsAndAuthoritiesSumToEngland(t *testing.T) {
	t.Parallel()
	rows := Shares(realSnapshots(t))
	type key struct {
		year  int
		group string
		level string
	}
	sums := map[key]tally{}
	for _, r := range rows {
		k := key{r.Snapshot.Year(), r.Group, r.Geography.Level}
		s := sums[k]
		for i := range s.providers {
			s.providers[i] += r.Tally.providers[i]
			s.places[i] += r.Tally.places[i]
		}
		sums[k] = s
	}
	var checked int
	for k, nat := range sums {
		if k.level != schemas.National {
			continue
		}
		for _, level := range []string{schemas.Regional, schemas.LocalAuthority} {
			if got := sums[key{k.year, k.group, level}]; got != nat {
				t.Errorf("%d %s: %s rows sum to %+v, England is %+v", k.year, k.group, level, got, nat)
			}
			checked++
		}
	}
	if checked != 18 {
		t.Errorf("checked %d sums, want 3 snapshots × 3 groups × 2 levels", checked)
	}
}

func TestOwners(t *testing.T) {
	t.Parallel()
	rows := Owners(realSnapshots(t))
	var top15 float64
	var ranks = map[string]int{}
	for _, r := range rows {
		k := r.Snapshot.Format("2006") + r.Sector
		ranks[k]++
		if r.Rank != ranks[k] {
			t.Fatalf("%s %s: rank %d after %d owners", k, r.Owner, r.Rank, ranks[k]-1)
		}
		if r.Snapshot.Year() == 2023 && r.Sector == "Private" && r.Rank == 15 {
			top15 = r.Cumulative
		}
		for _, v := range r.Variants {
			if ownerKey(v) != ownerKey(r.Owner) {
				t.Errorf("%q merged into %q", v, r.Owner)
			}
		}
	}
	// "About 26%" of private children's-home places in 2023.
	if math.Round(top15) != 26 {
		t.Errorf("top 15 private owners hold %.1f%% of private places in 2023, want about 26%%", top15)
	}
	for _, tt := range []struct{ a, b string }{
		{"Cambian Childcare Ltd", "Cambian Childcare Limited"},
		{"Witherslack  Group LIMITED", "witherslack group ltd"},
		{"Keys Child Care Limited.", "Keys Child Care Ltd"},
	} {
		if ownerKey(tt.a) != ownerKey(tt.b) {
			t.Errorf("ownerKey(%q) != ownerKey(%q)", tt.a, tt.b)
		}
	}
	if ownerKey("Limitless Care Ltd") == ownerKey("Ltdless Care Ltd") {
		t.Error("Limited replaced inside a word")
	}
}

// The 2022 workbook was published as ODS and XLSX: both give the same register.
func TestODSAndXLSXGiveIdenticalProviders(t *testing.T) {
	t.Parallel()
	ods, err := os.ReadFile(workbook("2022"))
	if err != nil {
		t.Fatal(err)
	}
	xlsx, err := os.ReadFile(filepath.Join("testdata", "Childrens_social_care_in_England_2022_underlying_data.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	var a, b *Snapshot
	var errA, errB error
	var wg sync.WaitGroup
	wg.Go(func() { a, errA = Parse("ofsted-csc-2022", "2022.ods", ods) })
	wg.Go(func() { b, errB = Parse("ofsted-csc-2022", "2022.xlsx", xlsx) })
	wg.Wait()
	if err := errors.Join(errA, errB); err != nil {
		t.Fatal(err)
	}
	if len(a.Providers) != len(b.Providers) {
		t.Fatalf("ods %d providers, xlsx %d", len(a.Providers), len(b.Providers))
	}
	for i := range a.Providers {
		if !reflect.DeepEqual(a.Providers[i], b.Providers[i]) {
			t.Fatalf("provider %d differs:\n ods  %+v\n xlsx %+v", i, a.Providers[i], b.Providers[i])
		}
	}
}

// makeWorkbook writes a real XLSX register with the given header.
func makeWorkbook(t *testing.T, sheetName string, header []string, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		t.Fatal(err)
	}
	f.SetCellStr(sheetName, "A1", "Children's social care data in England 2030 - Providers and places at 31 March 2030")
	f.SetSheetRow(sheetName, "A3", &header)
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, 4+i)
		f.SetSheetRow(sheetName, cell, &r)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var fullHeader = []string{"URN", "Provision type", "Registration date", "Name", "Government Office Region", "Local authority", "Sector", "Places", "Organisation name"}

func TestMissingColumns(t *testing.T) {
	t.Parallel()
	header := []string{"URN", "Provision type", "Registration date", "Name", "Government Office Region", "Local authority", "Places"}
	data := makeWorkbook(t, "Providers+places_at_31_Mar_2030", header, []any{"SC1", "Children's home", "01/01/2020", "A", "London", "Camden", 3})
	_, err := Parse("ofsted-csc-2030", "csc_2030.xlsx", data)
	var he *extract.LayoutError
	if !errors.As(err, &he) || !errors.Is(err, ErrMissingColumns) {
		t.Fatalf("err = %v, want an *extract.LayoutError", err)
	}
	if he.File != "csc_2030.xlsx" || he.Sheet != "Providers+places_at_31_Mar_2030" || he.Row != 3 || he.Column != "sector" {
		t.Errorf("error names %s %s row %d column %s, want row 3 column sector", he.File, he.Sheet, he.Row, he.Column)
	}
	if got := strings.Join(he.Missing, ","); got != "sector,organisation name" {
		t.Errorf("missing = %s, want sector,organisation name", got)
	}
	for _, s := range []string{"csc_2030.xlsx", "Providers+places_at_31_Mar_2030", "sector", "organisation name"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("message %q lacks %q", err, s)
		}
	}
}

func TestBadCellsAndSheets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		sheet string
		row   []any
		want  string
	}{
		{"fractional places", "Providers+places_at_31_Mar_2030", []any{"SC1", "Children's home", "01/01/2020", "A", "London", "Camden", "Private", 2.5, "Owner"}, `row 4 column H: places 2.5`},
		{"text places", "Providers+places_at_31_Mar_2030", []any{"SC1", "Children's home", "01/01/2020", "A", "London", "Camden", "Private", "four", "Owner"}, `row 4 column H: places "four"`},
		{"bad date", "Providers+places_at_31_Mar_2030", []any{"SC1", "Children's home", "the first of May", "A", "London", "Camden", "Private", 4, "Owner"}, `row 4 column C: registration date`},
		{"no register sheet", "Providers_2030", []any{"SC1"}, "no sheet named Providers+places_at_31_Mar_YYYY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x", "x.xlsx", makeWorkbook(t, tt.sheet, fullHeader, tt.row))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	// A good row reads, with its date and places typed.
	s, err := Parse("x", "x.xlsx", makeWorkbook(t, "Providers+places_at_31_Mar_2030", fullHeader,
		[]any{"SC1", "Children's Home", "01/05/2020", "REDACTED", "London", "Camden", "Private", 4, "Owner Ltd"}))
	if err != nil {
		t.Fatal(err)
	}
	p := s.Providers[0]
	if p.Registered.Format("2006-01-02") != "2020-05-01" || p.Places != schemas.Int(4) || p.Name != "REDACTED" || s.Date.Format("2006-01-02") != "2030-03-31" {
		t.Errorf("provider %+v on %s", p, s.Date)
	}
}

func TestExtractPublishesThreeTables(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("reads three real workbooks")
	}
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	var in []extract.Input
	for _, y := range []string{"2023"} {
		b, err := os.ReadFile(workbook(y))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, extract.Input{Source: extract.Source{ID: "ofsted-csc-" + y, Extractor: "ofsted", Path: workbook(y)}, Data: b})
	}
	in = append(in, lookupInputs(t)...)
	tables, _, err := extract.Run(context.Background(), Extractor{}, mem, in)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, tb := range tables {
		got[tb.Dataset.Name] = tb.Rows()
		tb.Release()
	}
	if got["care_providers"] != 3812 || got["private_provision_share"] == 0 || got["provider_owners"] == 0 {
		t.Errorf("rows %v", got)
	}
	// Without the lookups the extractor says which is missing.
	if _, _, err := extract.Run(context.Background(), Extractor{}, mem, in[:1]); err == nil || !strings.Contains(err.Error(), "dfe-las") {
		t.Errorf("err = %v, want the missing lookup named", err)
	}
}

func BenchmarkParse2023(b *testing.B) {
	data, err := os.ReadFile(workbook("2023"))
	if err != nil {
		b.Fatal(err)
	}
	// Throughput is reported per byte of the workbook file.
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("ofsted-csc-2023", "2023.ods", data); err != nil {
			b.Fatal(err)
		}
	}
}
