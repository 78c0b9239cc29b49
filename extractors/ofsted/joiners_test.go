package ofsted

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

func joinersFile(yy int) string {
	return filepath.Join("..", "..", "sources", "ofsted", "joiners_leavers", fmt.Sprintf("joiners_leavers_%d.csv", yy))
}

// joinersCache parses the seven real files once.
var joinersCache = struct {
	sync.Once
	files map[int]*JoinersLeavers
	err   error
}{}

func realJoiners(t *testing.T) map[int]*JoinersLeavers {
	t.Helper()
	joinersCache.Do(func() {
		joinersCache.files = map[int]*JoinersLeavers{}
		for yy := 17; yy <= 23; yy++ {
			data, err := os.ReadFile(joinersFile(yy))
			if err != nil {
				joinersCache.err = err
				return
			}
			f, err := ParseJoinersLeavers(fmt.Sprintf("ofsted-joiners-leavers-20%d", yy), joinersFile(yy), data)
			if err != nil {
				joinersCache.err = err
				return
			}
			joinersCache.files[2000+yy] = f
		}
	})
	if joinersCache.err != nil {
		t.Fatal(joinersCache.err)
	}
	return joinersCache.files
}

// The seven real files. lines are the lines under the header that
// shared/data/later/SOURCES.md counts as data rows; providers leaves out
// the lines of empty fields 2018 and 2019 end with. The children's-home
// counts were made independently of this code, with Python's csv module
// (the 2023 file decoded as cp1252): rows whose "Provision type" equals
// "children's home" ignoring case, whose "Joiner status" is "Joiner",
// whose "Leaver status" is "Leaver", and both.
func TestParseJoinersLeaversRealFiles(t *testing.T) {
	t.Parallel()
	files := realJoiners(t)
	tests := []struct {
		year                   int
		header                 int
		lines, providers       int
		joiners, leavers, both int
	}{
		{2017, 1, 468, 468, 224, 146, 2},
		{2018, 1, 463, 425, 204, 133, 5},
		{2019, 1, 461, 399, 204, 110, 2},
		{2020, 1, 502, 502, 287, 126, 11},
		{2021, 1, 545, 545, 351, 105, 7},
		{2022, 4, 504, 504, 302, 129, 4},
		{2023, 4, 575, 575, 370, 119, 1},
	}
	for _, tt := range tests {
		f := files[tt.year]
		if f.End.Format("2006-01-02") != fmt.Sprintf("%d-03-31", tt.year) || f.Start().Format("2006-01-02") != fmt.Sprintf("%d-03-31", tt.year-1) {
			t.Errorf("%d: period %s to %s", tt.year, f.Start(), f.End)
		}
		if f.Lines != tt.lines || len(f.Movements) != tt.providers {
			t.Errorf("%d: %d lines, %d providers; want %d, %d", tt.year, f.Lines, len(f.Movements), tt.lines, tt.providers)
		}
		if first := f.Movements[0].Line; first != tt.header+1 {
			t.Errorf("%d: first provider on line %d, want %d (header on line %d)", tt.year, first, tt.header+1, tt.header)
		}
		var j, l, b int
		for _, m := range f.Movements {
			if !strings.EqualFold(m.ProvisionType, typeChildrensHome) {
				continue
			}
			if m.Joiner {
				j++
			}
			if m.Leaver {
				l++
			}
			if m.Joiner && m.Leaver {
				b++
			}
		}
		if j != tt.joiners || l != tt.leavers || b != tt.both {
			t.Errorf("%d: children's homes %d joiners, %d leavers, %d both; want %d, %d, %d", tt.year, j, l, b, tt.joiners, tt.leavers, tt.both)
		}
	}
}

// Single rows read from the real files, one per layout of the dates.
func TestParseJoinersLeaversRows(t *testing.T) {
	t.Parallel()
	files := realJoiners(t)
	find := func(year int, urn string) Movement {
		for _, m := range files[year].Movements {
			if m.URN == urn {
				return m
			}
		}
		t.Fatalf("%d: no URN %s", year, urn)
		return Movement{}
	}
	tests := []struct {
		year                 int
		urn                  string
		typ, sector, la      string
		places               schemas.Value
		registered, closed   string
		joiner, leaver       bool
		name, reason, region string
	}{
		// 2017: "First effective date (that the provider became active)", and "NULL" places.
		{2017, "1027165", "Residential Family Centre", "Private", "Croydon", schemas.Int(6), "2015-05-13", "2015-11-30", false, true, "Grange Park Parenting Assessment Unit Ltd", "", "London"},
		{2017, "1183029", "Independent Fostering Agency", "Private", "Luton", schemas.Null(), "2015-12-01", "2016-11-09", false, true, "Bright Start Fostering", "", "East of England"},
		// 2019: "Registration date" and "Date closed".
		{2019, "1164379", "Children's home", "Private", "Sandwell", schemas.Int(4), "2015-10-25", "2018-09-06", false, true, "REDACTED", "", "West Midlands"},
		// 2021: "Resigned/closed date".
		{2021, "1227330", "Children's home", "Private", "Telford and Wrekin", schemas.Int(3), "2016-05-04", "2021-01-15", false, true, "REDACTED", "", "West Midlands"},
		// 2023: cp1252 (0x96 is an en dash), and joined and left in the year.
		{2023, "SC450627", "Independent Fostering Agency", "Private", "Worcestershire", schemas.Null(), "2012-10-19", "2022-07-08", false, true, "Regional Foster Families – West Midlands", "In previous year, not in current dataset (closed date in Year)", "West Midlands"},
		{2023, "2678405", "Children's home", "Private", "Lancashire", schemas.Int(4), "2022-05-13", "2022-12-20", true, true, "REDACTED", "Joiner and Leaver in current reporting period", "North West"},
	}
	for _, tt := range tests {
		m := find(tt.year, tt.urn)
		got := fmt.Sprint(m.ProvisionType, "|", m.Sector, "|", m.LAName, "|", m.Places, "|", m.Registered.Format("2006-01-02"), "|",
			m.Closed.Format("2006-01-02"), "|", m.Joiner, "|", m.Leaver, "|", m.Name, "|", m.Reason, "|", m.RegionName)
		want := fmt.Sprint(tt.typ, "|", tt.sector, "|", tt.la, "|", tt.places, "|", tt.registered, "|", tt.closed, "|",
			tt.joiner, "|", tt.leaver, "|", tt.name, "|", tt.reason, "|", tt.region)
		if got != want {
			t.Errorf("%d URN %s:\n got %s\nwant %s", tt.year, tt.urn, got, want)
		}
	}
}

func TestIsJoinersLeavers(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		"ofsted/joiners_leavers/joiners_leavers_23.csv":                    true,
		"JOINERS_LEAVERS_17.CSV":                                           true,
		"ofsted/Childrens_social_care_in_England_2023_underlying_data.ods": false,
		"ofsted/provider_at_march_2019.csv":                                false,
		"joiners_leavers_2023.csv":                                         false,
	} {
		if IsJoinersLeavers(p) != want {
			t.Errorf("IsJoinersLeavers(%q) = %v", p, !want)
		}
	}
}

const joinersHeader = "URN,Provision type,Government Office Region,Local authority,Sector,Places,Registration date,Date closed,Joiner status,Leaver status,Name\n"

func TestParseJoinersLeaversErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, data string
		line             int
		column           string
		want             string
	}{
		{"missing column", "joiners_leavers_30.csv", "Title at 31 March 2030\nURN,Provision type,Local authority,Sector,Registration date,Joiner status\nSC1,Children's home,Camden,Private,01/01/2029,Joiner\n",
			2, "leaver status", "missing leaver status"},
		{"bad status", "joiners_leavers_30.csv", joinersHeader + "SC1,Children's home,London,Camden,Private,3,01/01/2029,,Yes,,A\n",
			2, "Joiner status", `"Yes" is neither joiner nor empty`},
		{"neither", "joiners_leavers_30.csv", joinersHeader + "SC1,Children's home,London,Camden,Private,3,01/01/2029,,,,A\n",
			2, "Joiner status", "neither a joiner nor a leaver"},
		{"bad date", "joiners_leavers_30.csv", joinersHeader + "SC1,Children's home,London,Camden,Private,3,01/01/2029,the 5th,,Leaver,A\n",
			2, "Date closed", `"the 5th" is not a date`},
		{"bad places", "joiners_leavers_30.csv", joinersHeader + "SC1,Children's home,London,Camden,Private,2.5,01/01/2029,,Joiner,,A\n",
			2, "Places", `places "2.5"`},
		{"repeated URN", "joiners_leavers_30.csv", joinersHeader + "SC1,Children's home,London,Camden,Private,3,01/01/2029,,Joiner,,A\n\nSC1,Children's home,London,Camden,Private,3,01/01/2029,,Joiner,,A\n",
			4, "URN", "repeats line 2"},
		{"year of another file", "joiners_leavers_30.csv", "Leavers and Joiners at 31 Mar 2029\n" + joinersHeader + "SC1,Children's home,London,Camden,Private,3,01/01/2029,,Joiner,,A\n",
			0, "", "the name says the year to 31 March 2030"},
		{"not a joiners file", "joiners_2030.csv", joinersHeader, 0, "", "not a joiners and leavers file"},
		{"no rows", "joiners_leavers_30.csv", joinersHeader, 1, "", "no providers under the header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseJoinersLeavers("x", tt.file, []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.file) {
				t.Fatalf("err = %v, want %q naming %s", err, tt.want, tt.file)
			}
			var ce *extract.CellError
			var le *extract.LayoutError
			switch {
			case errors.As(err, &ce):
				if ce.Row != tt.line || ce.Column != tt.column || !errors.Is(err, ErrBadValue) {
					t.Errorf("cell error at line %d column %q, want line %d column %q: %v", ce.Row, ce.Column, tt.line, tt.column, err)
				}
			case errors.As(err, &le):
				if le.Row != tt.line || le.Column != tt.column {
					t.Errorf("layout error at row %d column %q, want %d %q: %v", le.Row, le.Column, tt.line, tt.column, err)
				}
			case tt.line != 0:
				t.Errorf("err %T, want one naming line %d", err, tt.line)
			}
		})
	}
}

// FuzzParseJoinersLeavers: any bytes give movements or an error, never a
// panic; a movement always has a URN, a type and a status.
func FuzzParseJoinersLeavers(f *testing.F) {
	for _, yy := range []int{17, 22, 23} {
		data, err := os.ReadFile(joinersFile(yy))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data[:min(len(data), 3000)])
	}
	f.Add([]byte(joinersHeader + "SC1,Children's home,London,Camden,Private,3,01/01/2029,,Joiner,,A\n"))
	f.Add([]byte("\xef\xbb\xbfTitle 31 Mar 2030\n" + joinersHeader + "SC1,\x92,\"a\nb\",,,NULL,,,Joiner,Leaver,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := ParseJoinersLeavers("fuzz", "joiners_leavers_30.csv", data)
		if err != nil {
			return
		}
		if len(j.Movements) == 0 {
			t.Fatal("no movements and no error")
		}
		for _, m := range j.Movements {
			if m.URN == "" || m.ProvisionType == "" || !m.Joiner && !m.Leaver || m.Line <= 0 {
				t.Fatalf("movement %+v", m)
			}
			if m.Places.Valid && m.Places.Int < 0 {
				t.Fatalf("negative places %+v", m)
			}
		}
	})
}
