package s251

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/charset"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/schemas"
	"github.com/caredata/caredata/sources"
)

// manifestInputs returns the s251 files and the lookups, as a run reads
// them: from the embedded manifest, sha256 checked.
func manifestInputs(t testing.TB) []extract.Input {
	t.Helper()
	m, err := pipeline.LoadManifest(sources.FS)
	if err != nil {
		t.Fatal(err)
	}
	var own, lookups []extract.Input
	for _, s := range m.Sources {
		if s.Extractor != "s251" && s.Extractor != extract.Lookups {
			continue
		}
		i, err := pipeline.ReadSource(sources.FS, s)
		if err != nil {
			t.Fatal(err)
		}
		if s.Extractor == extract.Lookups {
			lookups = append(lookups, i)
		} else {
			own = append(own, i)
		}
	}
	if len(own) != 6 {
		t.Fatalf("%d s251 files in the manifest, want 6", len(own))
	}
	return append(own, lookups...)
}

// parsed caches the six files, parsed.
var parsed = struct {
	sync.Once
	files map[int32]*File
	err   error
}{}

func realFiles(t testing.TB) map[int32]*File {
	t.Helper()
	parsed.Do(func() {
		in := manifestInputs(t)
		places, err := geo.FromInputs(in, false)
		if err != nil {
			parsed.err = err
			return
		}
		parsed.files = map[int32]*File{}
		for _, i := range extract.Own(in) {
			p, err := Period(i.Source.Release)
			if err != nil {
				parsed.err = err
				return
			}
			f, err := Parse(i.Source.Path, i.Data, charset.FromMediaType(i.Source.MediaType), p, places)
			if err != nil {
				parsed.err = err
				return
			}
			parsed.files[p] = f
		}
	})
	if parsed.err != nil {
		t.Fatal(parsed.err)
	}
	return parsed.files
}

func TestParseRealFiles(t *testing.T) {
	for _, p := range Periods {
		f := realFiles(t)[p]
		if f == nil {
			t.Fatalf("no file for %d", p)
		}
		t.Logf("%d: %d authorities, %d lines, %d rows, %d partial National cells", p, len(f.Authorities), len(f.Labels), len(f.Rows), f.Partial)
	}
}

// published runs the extractor on the embedded files once and keeps
// its rows.
var published = struct {
	sync.Once
	rows  []schemas.S251OutturnRow
	notes []string
	err   error
}{}

func publishedRows(t testing.TB) []schemas.S251OutturnRow {
	t.Helper()
	published.Do(func() {
		mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
		tables, notes, err := extract.Run(context.Background(), Extractor{}, mem, manifestInputs(t))
		if err != nil {
			published.err = err
			return
		}
		r := schemas.NewReader(tables[0])
		for i := range tables[0].Rows() {
			published.rows = append(published.rows, schemas.ReadS251OutturnRow(r, i))
		}
		published.notes = notes
		tables[0].Release()
		if n := mem.CurrentAlloc(); n != 0 {
			published.err = fmt.Errorf("%d bytes of Arrow memory not released", n)
		}
	})
	if published.err != nil {
		t.Fatal(published.err)
	}
	return published.rows
}

// find returns the published row of a year, DfE code ("" for England)
// and line.
func find(t *testing.T, period int64, oldCode, line string) schemas.S251OutturnRow {
	t.Helper()
	level := schemas.LocalAuthority
	if oldCode == "" {
		level = schemas.National
	}
	var found []schemas.S251OutturnRow
	for _, r := range publishedRows(t) {
		if r.TimePeriod.Int == period && r.GeographicLevel.Str == level && r.OldLACode.Str == oldCode && r.Line.Str == line {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d %q %q: %d rows, want 1", period, oldCode, line, len(found))
	}
	return found[0]
}

// Every file is read whole: its authorities times its lines, and a
// National row per line.
func TestRowCounts(t *testing.T) {
	tests := []struct {
		period             int64
		authorities, lines int
	}{
		{200809, 150, 47}, {200910, 152, 44}, {201011, 152, 52}, {201112, 152, 41}, {201213, 152, 35}, {201314, 152, 36},
	}
	n := map[int64]map[string]int{}
	las := map[int64]map[string]bool{}
	for _, r := range publishedRows(t) {
		p := r.TimePeriod.Int
		if n[p] == nil {
			n[p], las[p] = map[string]int{}, map[string]bool{}
		}
		n[p][r.GeographicLevel.Str]++
		if r.GeographicLevel.Str == schemas.LocalAuthority {
			las[p][r.NewLACode.Str] = true
		}
	}
	total := 0
	for _, tt := range tests {
		if got := n[tt.period][schemas.LocalAuthority]; got != tt.authorities*tt.lines {
			t.Errorf("%d: %d authority rows, want %d x %d", tt.period, got, tt.authorities, tt.lines)
		}
		if got := len(las[tt.period]); got != tt.authorities {
			t.Errorf("%d: %d authorities, want %d", tt.period, got, tt.authorities)
		}
		if got := n[tt.period][schemas.National]; got != tt.lines {
			t.Errorf("%d: %d National rows, want %d", tt.period, got, tt.lines)
		}
		total += (tt.authorities + 1) * tt.lines
	}
	if got := len(publishedRows(t)); got != total {
		t.Errorf("%d rows, want %d", got, total)
	}
}

// England's figures equal sums computed independently from the raw CSV
// files with Python's csv module (/usr/bin/python3): every authority's
// cell of the line read as a decimal.Decimal, exactly, blank and NULL
// cells skipped, added, and the sum rounded to the pound with
// decimal.ROUND_HALF_UP (half away from zero). The total
// line is the one whose label contains "excluding CERA"; residential care
// the one whose label, less its number, is "Residential care".
func TestEnglandTotals(t *testing.T) {
	tests := []struct {
		period                     int64
		totalNet                   int64 // Total ... (excluding CERA), net current expenditure
		residentialPrivate, resNet int64
	}{
		{200809, 5290467077, 458296808, 872253005},
		{200910, 6098771675, 558885557, 924688366},
		{201011, 8432235645, 597298777, 965150026},
		{201112, 8036549285, 654051008, 997664686},
		{201213, 8253657793, 616002494, 937309794},
		{201314, 8295582772, 624419651, 957419577},
	}
	for _, tt := range tests {
		total := find(t, tt.period, "", schemas.S251LineTotalExclCERA)
		if got := total.NetCurrentExpenditureGBP; !got.Valid || got.Int != tt.totalNet {
			t.Errorf("%d: England total net current expenditure %s, want %d", tt.period, got.Text(schemas.Int64), tt.totalNet)
		}
		res := find(t, tt.period, "", schemas.S251LineResidential)
		if got := res.PrivateProvisionGBP; !got.Valid || got.Int != tt.residentialPrivate {
			t.Errorf("%d: England residential care, private provision %s, want %d", tt.period, got.Text(schemas.Int64), tt.residentialPrivate)
		}
		if got := res.NetCurrentExpenditureGBP; !got.Valid || got.Int != tt.resNet {
			t.Errorf("%d: England residential care, net %s, want %d", tt.period, got.Text(schemas.Int64), tt.resNet)
		}
	}
}

// One authority's row, cell by cell, as the file prints it: Kent's
// residential care in 2013-14 (whole pounds), Islington's in 2010-11
// (pence, rounded: 544811.98, 4906632.2, 0, 0, 5451444.18, 1643633.28,
// 3807810.9) and Kent's in 2008-09 (no own/other public split).
func TestAuthorityRows(t *testing.T) {
	tests := []struct {
		period                                 int64
		oldCode, newCode, name, region, source string
		number                                 string
		label                                  string
		own, private, other, vol, public       string
		total, income, net                     string
	}{
		{201314, "886", "E10000016", "Kent", "E12000008", "dfe-s251-outturn-2013-14", "6", "6 Residential care",
			"1051362", "12560595", "0", "0", "1051362", "13611957", "1618805", "11993152"},
		{201011, "206", "E09000019", "Islington", "E12000007", "dfe-s251-outturn-2010-11", "9", "Residential care",
			"544812", "4906632", "0", "0", "544812", "5451444", "1643633", "3807811"},
		{200809, "886", "E10000016", "Kent", "E12000008", "dfe-s251-outturn-2008-09", "5", "5 Residential care",
			"x", "6157739", "x", "0", "0", "6157739", "755317", "5402422"},
	}
	for _, tt := range tests {
		r := find(t, tt.period, tt.oldCode, schemas.S251LineResidential)
		got := []string{r.TimeIdentifier.Str, r.CountryCode.Str, r.CountryName.Str, r.RegionCode.Str, r.NewLACode.Str, r.LAName.Str,
			r.LineGroup.Str, r.SourceLineLabel.Str, r.SourceID.Str, r.LineNumber.Text(schemas.Int32),
			r.OwnProvisionGBP.Text(schemas.Int64), r.PrivateProvisionGBP.Text(schemas.Int64), r.OtherPublicGBP.Text(schemas.Int64),
			r.VoluntaryGBP.Text(schemas.Int64), r.PublicGBP.Text(schemas.Int64), r.TotalExpenditureGBP.Text(schemas.Int64),
			r.IncomeGBP.Text(schemas.Int64), r.NetCurrentExpenditureGBP.Text(schemas.Int64)}
		want := []string{"Financial year", geo.England, "England", tt.region, tt.newCode, tt.name,
			GroupLookedAfter, tt.label, tt.source, tt.number,
			tt.own, tt.private, tt.other, tt.vol, tt.public, tt.total, tt.income, tt.net}
		if !slices.Equal(got, want) {
			t.Errorf("%d %s residential care:\n got %q\nwant %q", tt.period, tt.name, got, want)
		}
	}
}

// Bedfordshire and Cheshire report for 2008-09 only, under their county
// codes of 31 March 2009; their successors from 2009-10.
func TestSplitAuthorities(t *testing.T) {
	tests := []struct {
		oldCode, newCode string
		from, to         int64
	}{
		{"820", "E10000001", 200809, 200809}, // Bedfordshire
		{"875", "E10000004", 200809, 200809}, // Cheshire
		{"822", "E06000055", 200910, 201314}, // Bedford
		{"823", "E06000056", 200910, 201314}, // Central Bedfordshire
		{"895", "E06000049", 200910, 201314}, // Cheshire East
		{"896", "E06000050", 200910, 201314}, // Cheshire West and Chester
		{"908", "E06000052", 200809, 201314}, // Cornwall: the 2009 unitary's code in 2008-09 too
	}
	for _, tt := range tests {
		years := map[int64]bool{}
		for _, r := range publishedRows(t) {
			if r.OldLACode.Str == tt.oldCode {
				years[r.TimePeriod.Int] = true
				if r.NewLACode.Str != tt.newCode {
					t.Fatalf("%s in %d: new_la_code %s, want %s", tt.oldCode, r.TimePeriod.Int, r.NewLACode.Str, tt.newCode)
				}
			}
		}
		for _, p := range Periods {
			if want := int64(p) >= tt.from && int64(p) <= tt.to; years[int64(p)] != want {
				t.Errorf("%s (%s) in %d: present %v, want %v", tt.oldCode, tt.newCode, p, years[int64(p)], want)
			}
		}
	}
}

// Blank and NULL cells are z, 2008-09's missing columns x, and England is
// z only where no authority gives a figure (the England figures summed
// with Python as in TestEnglandTotals).
func TestStatuses(t *testing.T) {
	tests := []struct {
		period        int64
		oldCode, line string
		own, net      string
	}{
		{201112, "886", "Youth work (memorandum)", "z", "z"},
		{201213, "", "Teenage pregnancy services (memorandum)", "z", "z"},
		{200809, "", "Fostering services", "x", "1083980685"},
		{201011, "", "Capital expenditure from revenue (CERA)", "z", "16562411"},
	}
	for _, tt := range tests {
		r := find(t, tt.period, tt.oldCode, tt.line)
		if got := r.OwnProvisionGBP.Text(schemas.Int64); got != tt.own {
			t.Errorf("%d %q %q: own provision %s, want %s", tt.period, tt.oldCode, tt.line, got, tt.own)
		}
		if got := r.NetCurrentExpenditureGBP.Text(schemas.Int64); got != tt.net {
			t.Errorf("%d %q %q: net %s, want %s", tt.period, tt.oldCode, tt.line, got, tt.net)
		}
	}
	if len(published.notes) == 0 {
		t.Error("no run notes: the 2008-09 unitary authorities and the partial National sums should be noted")
	}
}

// realFile reads an embedded file by name.
func realFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := sources.FS.ReadFile("dfe/s251/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func lookup(t testing.TB) *geo.Lookup {
	t.Helper()
	l, err := geo.FromInputs(manifestInputs(t), false)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// A changed file fails naming the file, the row (CSV line) and the column.
func TestDrift(t *testing.T) {
	places := lookup(t)
	tests := []struct {
		name     string
		file     string
		period   int32
		old, new string // replaced once
		layout   bool   // a LayoutError, else a CellError
		row      int    // 0: the line of the replaced text
		column   string
	}{
		{"renamed header 2013-14", "outturn_1314.csv", 201314, "NetCurrentExpenditure", "NetSpend", true, 1, "net current expenditure"},
		{"renamed header 2008-09", "outturn_0809.csv", 200809, "PRIVATE (x)", "PRIVATE SECTOR (x)", true, 1, "private provision"},
		{"renamed header 2009-10", "outturn_0910.csv", 200910, "Own Provision (y)", "Own (y)", true, 1, "own provision"},
		{"unknown label", "outturn_1314.csv", 201314, "6 Residential care", "6 Residential homes", true, 0, "CYPServiceDescription"},
		{"unknown label 2008-09", "outturn_0809.csv", 200809, "5 Residential care", "5 Residential homes", true, 0, "S52 Line Reference:"},
		{"two lines one line", "outturn_1314.csv", 201314, "7 Fostering services", "7 Residential care", true, 0, "CYPServiceDescription"},
		{"bad number", "outturn_1314.csv", 201314, "1051362", "1O51362", false, 0, "OwnProvision"},
		{"unknown authority", "outturn_1011.csv", 201011, "201,City of London,", "999,City of London,", false, 0, "LA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := string(realFile(t, tt.file))
			at := strings.Index(data, tt.old)
			if at < 0 {
				t.Fatalf("%q not in %s", tt.old, tt.file)
			}
			row := tt.row
			if row == 0 {
				row = strings.Count(data[:at], "\n") + 1
			}
			_, err := Parse(tt.file, []byte(strings.Replace(data, tt.old, tt.new, 1)), "windows-1252", tt.period, places)
			var le *extract.LayoutError
			var ce *extract.CellError
			switch {
			case err == nil:
				t.Fatal("no error")
			case !errors.Is(err, extract.ErrUnreadable):
				t.Errorf("%v does not wrap ErrUnreadable", err)
			case tt.layout && errors.As(err, &le):
				if le.File != tt.file || le.Row != row || le.Column != tt.column {
					t.Errorf("got file %q row %d column %q, want %q %d %q: %v", le.File, le.Row, le.Column, tt.file, row, tt.column, err)
				}
			case !tt.layout && errors.As(err, &ce):
				if ce.File != tt.file || ce.Row != row || ce.Column != tt.column {
					t.Errorf("got file %q row %d column %q, want %q %d %q: %v", ce.File, ce.Row, ce.Column, tt.file, row, tt.column, err)
				}
			default:
				t.Errorf("wrong error type %T: %v", err, err)
			}
			t.Log(err)
		})
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		null bool
		bad  bool
	}{
		{"0", 0, false, false}, {"123", 123, false, false}, {"544811.98", 544812, false, false}, {"4906632.2", 4906632, false, false},
		{"2.5", 3, false, false}, {"-2.5", -3, false, false}, {"-2.49999", -2, false, false}, {"-13882", -13882, false, false},
		{"-7.45058E-09", 0, false, false}, {"", 0, true, false}, {"NULL", 0, true, false},
		{"1,051,362", 0, false, true}, {"12.", 0, false, true}, {".5", 0, false, true}, {"-", 0, false, true}, {"NaN", 0, false, true},
		{"1e300", 0, false, true}, {"x", 0, false, true}, {"99999999999999999999", 0, false, true},
	}
	for _, tt := range tests {
		v, null, err := ParseAmount(tt.in)
		if (err != nil) != tt.bad || (err == nil && (v != tt.want || null != tt.null)) {
			t.Errorf("ParseAmount(%q) = %d, %v, %v; want %d, %v, bad %v", tt.in, v, null, err, tt.want, tt.null, tt.bad)
		}
	}
}

func TestPeriod(t *testing.T) {
	for in, want := range map[string]int32{"2008-09": 200809, "2013-14": 201314, "2008-10": 0, "2008": 0, "08-09": 0} {
		got, err := Period(in)
		if got != want || (err != nil) != (want == 0) {
			t.Errorf("Period(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

// BenchmarkExtract runs the extractor on the six embedded files, as a run
// does: decoding, parsing, summing and appending every row.
func BenchmarkExtract(b *testing.B) {
	in := manifestInputs(b)
	b.ReportAllocs()
	for b.Loop() {
		tables, _, err := extract.Run(context.Background(), Extractor{}, memory.DefaultAllocator, in)
		if err != nil {
			b.Fatal(err)
		}
		tables[0].Release()
	}
}

// Exact sums carry billionths into pounds whatever the signs, so a
// National figure is the printed amounts' sum rounded once.
func TestAmountSums(t *testing.T) {
	tests := []struct {
		in   []string
		want Amount
		rnd  int64
	}{
		{[]string{"0.5", "0.5"}, Amount{1, 0}, 1},
		{[]string{"1.015", "2.49", "0.000000001"}, Amount{3, 505000001}, 4},
		{[]string{"-2.75", "1.5"}, Amount{-1, -250000000}, -1},
		{[]string{"-0.25", "-0.25"}, Amount{0, -500000000}, -1},
		{[]string{"10", "-0.4"}, Amount{9, 600000000}, 10},
		{[]string{"-7.45058E-09", "3"}, Amount{2, 999999993}, 3},
		{[]string{"1234567.123456789123"}, Amount{1234567, 123456789}, 1234567},
	}
	for _, tt := range tests {
		var sum Amount
		for _, s := range tt.in {
			a, null, err := ParseExact(s)
			if err != nil || null {
				t.Fatalf("ParseExact(%q): %v, null %v", s, err, null)
			}
			sum = sum.Add(a)
		}
		if sum != tt.want || sum.Round() != tt.rnd {
			t.Errorf("%v: sum %+v rounds to %d, want %+v and %d", tt.in, sum, sum.Round(), tt.want, tt.rnd)
		}
	}
}
