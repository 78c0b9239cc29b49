package schemas

import (
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestDatasetsWellFormed(t *testing.T) {
	for _, d := range All {
		seen := map[string]bool{}
		for _, c := range d.Columns {
			if seen[c.Name] || seen[c.StatusName()] && c.Status {
				t.Errorf("%s: column %s twice", d.Name, c.Name)
			}
			seen[c.Name] = true
			if c.Label == "" || c.Description == "" {
				t.Errorf("%s.%s: label and description are required", d.Name, c.Name)
			}
			if c.Name != strings.ToLower(c.Name) || strings.ContainsAny(c.Name, " -") {
				t.Errorf("%s.%s: not snake_case", d.Name, c.Name)
			}
		}
		for _, k := range d.Key {
			if d.Column(k) < 0 {
				t.Errorf("%s: key column %s does not exist", d.Name, k)
			}
		}
		if d.EES {
			for _, c := range []string{"time_period", "time_identifier", "geographic_level", "country_code", "country_name"} {
				if d.Column(c) < 0 {
					t.Errorf("%s is EES-shaped but lacks %s", d.Name, c)
				}
			}
		}
	}
}

func TestValueText(t *testing.T) {
	tests := []struct {
		name string
		v    Value
		typ  Type
		want string
	}{
		{"int", Int(81770), Int64, "81770"},
		{"large float has no exponent", Float(1e21), Float64, "1000000000000000000000"},
		{"float keeps precision", Float(298128.33046999999), Float64, "298128.33047"},
		{"suppressed", Missing("[c]"), Int64, "c"},
		{"plain null", Null(), Int64, ""},
		{"date", Date(time.Date(2023, 3, 31, 15, 0, 0, 0, time.UTC)), Date32, "2023-03-31"},
		{"timestamp", Time(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)), Timestamp, "2026-11-23T02:00:00Z"},
		{"pound sign", Str("£2.6bn"), String, "£2.6bn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.Text(tt.typ); got != tt.want {
				t.Errorf("Text = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNormaliseSymbol(t *testing.T) {
	for in, want := range map[string]string{"[x]": "x", " c ": "c", "[ z ]": "z", "low": "low", "[Y]": "Y", "M": "M"} {
		if got := NormaliseSymbol(in); got != want || !IsSymbol(in) {
			t.Errorf("NormaliseSymbol(%q) = %q (symbol %v), want %q", in, got, IsSymbol(in), want)
		}
	}
	for _, s := range []string{"0", "", "~", ":", "NA", "1,234"} {
		if IsSymbol(s) {
			t.Errorf("IsSymbol(%q) = true", s)
		}
	}
}

func TestBuilderRoundTrip(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	b := NewBuilder(mem, &ChildrenInCare)
	defer b.Release()
	g := Geography{Level: LocalAuthority, CountryCode: "E92000001", CountryName: "England", RegionCode: "E13000001",
		RegionName: "Inner London", NewLACode: "E09000001", OldLACode: "201", LAName: "City of London"}
	row := append([]Value{Int(2025), Str("Reporting year")}, g.Values()...)
	row = append(row, Str(MeasureLookedAfter31March), Missing("c"), Missing("c"), Int(847), Str("dfe-cla-2025"))
	if err := b.Append(row...); err != nil {
		t.Fatal(err)
	}
	if err := b.Append(row[:3]...); err == nil {
		t.Error("short row accepted")
	}
	bad := append([]Value(nil), row...)
	bad[len(bad)-1] = Missing("x") // source_id has no status column
	if err := b.Append(bad...); err == nil {
		t.Error("symbol in a column without status accepted")
	}
	tab := b.Table()
	defer tab.Release()
	if tab.Rows() != 1 {
		t.Fatalf("rows = %d", tab.Rows())
	}
	got := NewReader(tab).Row(0)
	for j := range row {
		if !got[j].Equal(row[j]) {
			t.Errorf("column %s: %+v, want %+v", ChildrenInCare.Columns[j].Name, got[j], row[j])
		}
	}
}
