package ofsted

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

// located caches the 2025 snapshot with its premises located, on copies
// so the shared realSnapshots stay as parsed.
var located = struct {
	sync.Once
	snap   *Snapshot
	missed []string
}{}

func supported2025(t *testing.T) (*Snapshot, []SupportedRow) {
	t.Helper()
	snaps := realSnapshots(t)
	located.Do(func() {
		for _, s := range snaps {
			if s.Date.Year() == 2025 {
				c := *s
				c.Premises = append([]Premises(nil), s.Premises...)
				located.missed = locatePremises(&c, lookup(t))
				located.snap = &c
			}
		}
	})
	if located.snap == nil {
		t.Fatal("no 2025 snapshot")
	}
	return located.snap, Supported([]*Snapshot{located.snap})
}

func find(rows []SupportedRow, level, name, sector string) (SupportedRow, bool) {
	for _, r := range rows {
		g := r.Geography
		if g.Level == level && r.Sector == sector && (level == schemas.National || g.RegionName == name && level == schemas.Regional || g.LAName == name) {
			return r, true
		}
	}
	return SupportedRow{}, false
}

func TestSupportedAccommodation2025(t *testing.T) {
	t.Parallel()
	s, rows := supported2025(t)
	for _, other := range realSnapshots(t) {
		if other.Date.Year() != 2025 && other.Premises != nil {
			t.Errorf("%s has premises: only the 2025 workbook has the sheet", other.SourceID)
		}
	}
	if len(s.Premises) != 8119 {
		t.Errorf("%d premises, want 8,119", len(s.Premises))
	}
	if len(located.missed) != 0 {
		t.Errorf("premises local authorities matching nothing: %v", located.missed)
	}
	tests := []struct {
		level, name, sector         string
		providers, premises, places int64
	}{
		// England: Ofsted's national figures (the series' 893 and 20,224).
		{schemas.National, "", "Total", 893, 8119, 20224},
		{schemas.National, "", "Private", 779, 5951, 15239},
		{schemas.National, "", "Voluntary", 74, 1516, 3761},
		{schemas.National, "", "Local Authority", 40, 652, 1224},
		{schemas.Regional, "North West", "Total", 152, 2020, 3589},
		{schemas.Regional, "London", "Private", 159, 603, 2504},
		{schemas.LocalAuthority, "Manchester", "Total", 31, 282, 565},
		{schemas.LocalAuthority, "Birmingham", "Total", 53, 193, 613},
		// A sector with no premises in an area is a true 0.
		{schemas.LocalAuthority, "Wolverhampton", "Voluntary", 0, 0, 0},
	}
	for _, tt := range tests {
		r, ok := find(rows, tt.level, tt.name, tt.sector)
		if !ok {
			t.Errorf("%s %s %s: no row", tt.level, tt.name, tt.sector)
			continue
		}
		if r.Providers != tt.providers || r.Premises != tt.premises || r.Places != schemas.Int(tt.places) {
			t.Errorf("%s %s %s: %d providers, %d premises, %+v places; want %d, %d, %d", tt.level, tt.name, tt.sector,
				r.Providers, r.Premises, r.Places, tt.providers, tt.premises, tt.places)
		}
	}
	// The one premises in Wales (Flintshire) is in England's count, as
	// Ofsted's, and in no English area; no Welsh area has a row.
	var regions, las [2]int64
	levels := map[string]int{}
	for _, r := range rows {
		levels[r.Geography.Level]++
		if r.Sector != "Total" {
			continue
		}
		switch r.Geography.Level {
		case schemas.Regional:
			regions[0] += r.Premises
			regions[1] += r.Places.Int
		case schemas.LocalAuthority:
			las[0] += r.Premises
			las[1] += r.Places.Int
			if !strings.HasPrefix(r.Geography.NewLACode, "E") || r.Geography.OldLACode == "" || r.Geography.RegionCode == "" {
				t.Errorf("authority row %+v is not an English authority with its codes and region", r.Geography)
			}
		}
	}
	if regions != [2]int64{8118, 20223} || las != regions {
		t.Errorf("regions sum to %v premises and places, authorities to %v; want England's less Flintshire's one: 8118, 20223", regions, las)
	}
	if want := map[string]int{schemas.National: 4, schemas.Regional: 9 * 4, schemas.LocalAuthority: 150 * 4}; levels[schemas.National] != want[schemas.National] ||
		levels[schemas.Regional] != want[schemas.Regional] || levels[schemas.LocalAuthority] != want[schemas.LocalAuthority] {
		t.Errorf("rows by level %v, want %v", levels, want)
	}
}

// The join: the register's supported accommodation providers are the
// premises' providers, with the same sector, and each provider's places
// in the register are the sum of its premises' places.
func TestPremisesAgreeWithRegister(t *testing.T) {
	t.Parallel()
	s, _ := supported2025(t)
	type sum struct {
		places   int64
		premises int
		sector   string
	}
	byURN := map[string]*sum{}
	for _, p := range s.Premises {
		a := byURN[p.URN]
		if a == nil {
			a = &sum{sector: p.Sector}
			byURN[p.URN] = a
		}
		a.places += p.Places.Int
		a.premises++
		if p.Sector != a.sector {
			t.Errorf("URN %s: premises of sectors %s and %s", p.URN, a.sector, p.Sector)
		}
	}
	var inRegister, without int
	for _, p := range s.Providers {
		if p.ProvisionType != typeSupported {
			continue
		}
		inRegister++
		a := byURN[p.URN]
		if a == nil {
			without++
			if p.Places != schemas.Int(0) {
				t.Errorf("URN %s has no premises but %+v places", p.URN, p.Places)
			}
			continue
		}
		if p.Places != schemas.Int(a.places) || p.Sector != a.sector {
			t.Errorf("URN %s: register %+v places, %s; premises %d places, %s", p.URN, p.Places, p.Sector, a.places, a.sector)
		}
		delete(byURN, p.URN)
	}
	if inRegister != 893 || without != 6 || len(byURN) != 0 {
		t.Errorf("%d providers in the register, %d without premises, %d premises' providers not in it; want 893, 6, 0", inRegister, without, len(byURN))
	}
}

const premisesHead = "URN\tProvider name\tProvision type\tPlaces\tPremises Government Office Region\tPremises Local Authority\tSector"

func TestParsePremisesErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, rows string
		want       string
		row        int
		col        string
	}{
		{"fractional places", premisesHead + "\n2739460\tA\tSupported Accommodation\t1.5\tLondon\tCamden\tPrivate", "places 1.5", 2, "D"},
		{"text places", premisesHead + "\n2739460\tA\tSupported Accommodation\tfour\tLondon\tCamden\tPrivate", `places "four"`, 2, "D"},
		{"not supported accommodation", premisesHead + "\n2739460\tA\tChildren's home\t4\tLondon\tCamden\tPrivate", "is not Supported Accommodation", 2, "C"},
		{"no sector", "Title\n" + premisesHead + "\n2739460\tA\tSupported Accommodation\t4\tLondon\tCamden", "no sector", 3, "G"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parsePremises("p.ods", "SA_Premises_at_31_Mar_2030", cells(tt.rows))
			var ce *extract.CellError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a cell error", err)
			}
			if ce.File != "p.ods" || ce.Sheet != "SA_Premises_at_31_Mar_2030" || ce.Row != tt.row || ce.Column != tt.col || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v; want row %d column %s and %q", err, tt.row, tt.col, tt.want)
			}
		})
	}
	_, err := parsePremises("p.ods", "SA_Premises_at_31_Mar_2030", cells("URN\tPlaces\tSector\tLocal authority\n1\t2\tPrivate\tCamden"))
	var le *extract.LayoutError
	if !errors.As(err, &le) || le.Row != 1 || le.Column != "premises government office region" {
		t.Errorf("err = %v, want the premises region column missing from row 1", err)
	}
	if _, err := parsePremises("p.ods", "S", cells(premisesHead+"\n\tnote under the table")); err == nil || !strings.Contains(err.Error(), "no premises") {
		t.Errorf("err = %v, want no premises", err)
	}
}

// FuzzParsePremises feeds the parser arbitrary rows: an error names the
// file and sheet; premises it returns have a URN, a sector and places that
// are a whole number or missing.
func FuzzParsePremises(f *testing.F) {
	f.Add(premisesHead + "\n2739460\tLife Skills\tSupported Accommodation\t7\tWest Midlands\tWolverhampton\tPrivate\n\nnote")
	f.Add("Title\n" + premisesHead + "\n2739460\tA\tSupported Accommodation\t[c]\t\t\tVoluntary\n2\t\t\t-3\t\t\tPrivate")
	f.Fuzz(func(t *testing.T, text string) {
		ps, err := parsePremises("f.ods", "SA_Premises_at_31_Mar_2030", cells(text))
		if err != nil {
			if !strings.Contains(err.Error(), "f.ods") {
				t.Errorf("error %q names no file", err)
			}
			return
		}
		for _, p := range ps {
			if p.URN == "" || p.Sector == "" || p.Places.Valid && p.Places.Int < 0 {
				t.Errorf("premises %+v", p)
			}
		}
	})
}

// The extractor publishes both tables from the 2025 workbook, with the
// series' provision types spelt as the register spells them.
func TestExtractPublishesSeriesAndSupported(t *testing.T) {
	t.Parallel()
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	b, err := os.ReadFile(workbook("2025"))
	if err != nil {
		t.Fatal(err)
	}
	in := []extract.Input{{Source: extract.Source{ID: "ofsted-csc-2025", Extractor: "ofsted", Path: workbook("2025")}, Data: b}}
	in = append(in, lookupInputs(t)...)
	tables, _, err := extract.Run(context.Background(), Extractor{}, mem, in)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		for _, tb := range tables {
			tb.Release()
		}
	}()
	got := map[string]schemas.Table{}
	for _, tb := range tables {
		got[tb.Dataset.Name] = tb
	}
	series, sa := got["ofsted_national_series"], got["supported_accommodation"]
	if series.Rows() != 14*15 || sa.Rows() != (1+9+150)*4 {
		t.Fatalf("rows: series %d, supported %d; want 210, 640", series.Rows(), sa.Rows())
	}
	r := schemas.NewReader(series)
	col := schemas.OfstedNationalSeriesCol
	types := map[string]bool{}
	for i := 0; i < series.Rows(); i++ {
		types[r.Value(i, col.ProvisionType).Str] = true
		if r.Value(i, col.TimePeriod).Int == 2020 && r.Value(i, col.ProvisionType).Str == "Children's home" &&
			r.Value(i, col.Providers) != schemas.Int(2378) {
			t.Errorf("2020 children's homes %+v, want 2,378", r.Value(i, col.Providers))
		}
	}
	for _, want := range []string{"Children's home", "Secure children's home", "Supported Accommodation", "Independent Fostering Agency", "Total"} {
		if !types[want] {
			t.Errorf("no provision type %q in %v", want, types)
		}
	}
}
