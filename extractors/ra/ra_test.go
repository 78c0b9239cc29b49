package ra

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/schemas"
	"github.com/caredata/caredata/sources"
)

// manifestInputs are the embedded RA files as a run reads them.
func manifestInputs(t testing.TB) []extract.Input {
	t.Helper()
	m, err := pipeline.LoadManifest(sources.FS)
	if err != nil {
		t.Fatal(err)
	}
	var in []extract.Input
	for _, s := range m.Sources {
		if s.Extractor != "ra" {
			continue
		}
		i, err := pipeline.ReadSource(sources.FS, s)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, i)
	}
	if len(in) != 2 {
		t.Fatalf("%d RA sources in the manifest, want 2", len(in))
	}
	return in
}

func lookupInputs(t testing.TB) []extract.Input {
	t.Helper()
	var in []extract.Input
	for id, f := range map[string]string{geo.SourceLAs: "las.csv", geo.SourceRegions: "regions.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "sources", "lookups", f))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, extract.Input{Source: extract.Source{ID: id, Extractor: extract.Lookups}, Data: b})
	}
	return in
}

func budgets(t *testing.T) map[int32]*Budget {
	t.Helper()
	out := map[int32]*Budget{}
	for _, i := range manifestInputs(t) {
		b, err := Parse(i.Source, i.Data)
		if err != nil {
			t.Fatal(err)
		}
		out[b.Period] = b
	}
	return out
}

func (b *Budget) body(name string) *Body {
	for _, x := range b.Bodies {
		if x.Name == name {
			return x
		}
	}
	return nil
}

// The raw cells, read with /usr/bin/python3's csv module (utf-8-sig for
// 2021-22, mac_roman for 2023-24): the column whose line-number cell in
// the row above the header is 330 (TOTAL CHILDREN'S SOCIAL CARE), 360
// (TOTAL ADULT SOCIAL CARE) or 799 (TOTAL SERVICE EXPENDITURE), separators
// removed, × 1000.
func TestSampleAuthorities(t *testing.T) {
	b := budgets(t)
	csc, asc, total := 2, 3, 13
	tests := []struct {
		fy                int32
		name, class       string
		csc, asc, allServ int64
	}{
		{202122, "Kent", "SC", 252_820_000, 508_911_000, 2_029_887_000},
		{202122, "Birmingham", "MD", 246_180_000, 350_828_000, 1_847_287_000},
		{202122, "Camden", "LB", 65_530_000, 97_851_000, 510_951_000}, // L in the file
		{202324, "Kent", "SC", 299_643_000, 623_684_000, 2_287_446_000},
		{202324, "Birmingham", "MD", 310_674_000, 472_814_000, 2_193_531_000},
		{202324, "Camden", "LB", 75_905_000, 122_330_000, 589_322_000},
	}
	for _, tt := range tests {
		x := b[tt.fy].body(tt.name)
		if x == nil {
			t.Fatalf("%d: no %s", tt.fy, tt.name)
		}
		if x.Class != tt.class || x.Missing {
			t.Errorf("%d %s: class %q missing %v", tt.fy, tt.name, x.Class, x.Missing)
		}
		for _, c := range []struct {
			k    int
			want int64
		}{{csc, tt.csc}, {asc, tt.asc}, {total, tt.allServ}} {
			if v := x.Values[c.k]; !v.Valid || v.Int != c.want {
				t.Errorf("%d %s %s: %+v, want %d", tt.fy, tt.name, schemas.RevenueServices[c.k].Service, v, c.want)
			}
		}
	}
}

// Counted with python: rows under the header with an ONS code (2021-22
// stops at its uncoded ENGLAND row); returns not received are S in
// 2021-22's unheaded fourth column and M in 2023-24's Notes, every total
// "...".
func TestBodiesAndMissingReturns(t *testing.T) {
	want := map[int32]struct {
		bodies, missing int
		one             string
	}{202122: {425, 6, "The Medway Towns UA"}, 202324: {410, 13, "Hillingdon"}}
	b := budgets(t)
	if len(b) != 2 {
		t.Fatalf("years %v", b)
	}
	for fy, w := range want {
		missing := 0
		for _, x := range b[fy].Bodies {
			if x.ONSCode == "" || x.ONSCode == "E92000001" || strings.EqualFold(x.Name, "england") {
				t.Errorf("%d: %+v is not an authority", fy, x.Name)
			}
			if x.Missing {
				missing++
				for k, v := range x.Values {
					if v.Valid || v.Status != "M" {
						t.Errorf("%d %s %d: %+v, want null M", fy, x.Name, k, v)
					}
				}
			}
		}
		if len(b[fy].Bodies) != w.bodies || missing != w.missing {
			t.Errorf("%d: %d bodies, %d missing; want %+v", fy, len(b[fy].Bodies), missing, w)
		}
		if x := b[fy].body(w.one); x == nil || !x.Missing {
			t.Errorf("%d: %s should be a missing return", fy, w.one)
		}
	}
}

func TestCheckLabel(t *testing.T) {
	tests := []struct {
		label, service string
		want           bool
	}{
		{"TOTAL CHILDREN'S SOCIAL CARE", schemas.ServiceChildren, true},
		{"TOTAL CHILDREN’S SOCIAL CARE", schemas.ServiceChildren, true},
		{"TOTAL HOUSING SERVICES (GFRA only)", schemas.ServiceHousing, true},
		{"TOTAL SERVICE EXPENDITURE", schemas.ServiceTotal, true},
		{"TOTAL EDUCATION SERVICES", schemas.ServiceEducation, true},
		{"Children's social care", schemas.ServiceChildren, false},
		{"TOTAL ADULT SOCIAL CARE", schemas.ServiceChildren, false},
		{"Other education and community budget", schemas.ServiceEducation, false},
	}
	for _, tt := range tests {
		if got := CheckLabel(tt.label, tt.service); got != tt.want {
			t.Errorf("CheckLabel(%q, %q) = %v", tt.label, tt.service, got)
		}
	}
}

// A publisher's change fails naming file, sheet, row and column.
func TestSchemaDrift(t *testing.T) {
	in := manifestInputs(t)
	ra21, ra23 := in[0], in[1]
	if !strings.Contains(ra21.Source.Path, "2021-22") {
		ra21, ra23 = ra23, ra21
	}
	edit := func(i extract.Input, from, to string) extract.Input {
		if !bytes.Contains(i.Data, []byte(from)) {
			t.Fatalf("%q not in %s", from, i.Source.Path)
		}
		i.Data = bytes.Replace(i.Data, []byte(from), []byte(to), 1)
		return i
	}
	tests := []struct {
		name string
		in   extract.Input
		want []string
	}{
		{"renamed total", edit(ra21, "TOTAL CHILDREN'S SOCIAL CARE", "CHILDREN'S SOCIAL CARE"),
			[]string{"RA_2021-22_data_by_LA.csv", `sheet "RA_2021-22_data_by_LA" row 7 column "AK"`, `line 330 is headed "CHILDREN'S SOCIAL CARE", not TOTAL CHILDREN'S SOCIAL CARE`}},
		{"line number changed", edit(ra23, ",330,", ",331,"),
			[]string{"RA_2023-24_data_Part_1.csv", `row 9 column "line 330 (Children's social care)"`}},
		{"renamed identity column", edit(ra23, "ONS Code", "ONS code 2023"),
			[]string{`row 10 column "ONS Code"`, "ONS code 2023"}},
		{"year differs from the manifest", edit(ra21, "Revenue Account Budget (RA) 2021-22", "Revenue Account Budget (RA) 2022-23"),
			[]string{"the title says 2022-23, the manifest's release 2021-22"}},
		{"words for an amount", edit(ra23, "E3831,E07000223,Adur,SD,SD,,0,0,0,0,0,0,0,", "E3831,E07000223,Adur,SD,SD,,0,0,0,0,0,0,tbc,"),
			[]string{`sheet "RA_2023-24_data_Part_1" row 11 column M`, `"tbc" is not an amount`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in.Source, tt.in.Data)
			if err == nil {
				t.Fatal("no error")
			}
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			if !errors.Is(err, extract.ErrUnreadable) {
				t.Errorf("%v is not ErrUnreadable", err)
			}
		})
	}
}

func TestExtract(t *testing.T) {
	in := append(manifestInputs(t), lookupInputs(t)...)
	tables, notes, err := extract.Run(context.Background(), Extractor{}, nil, in)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		for _, tb := range tables {
			tb.Release()
		}
	}()
	if len(tables) != 1 || tables[0].Rows() != (425+410)*Services {
		t.Fatalf("tables %v", tables)
	}
	r := schemas.NewReader(tables[0])
	for i := range tables[0].Rows() {
		row := schemas.ReadRevenueBudgetsRow(r, i)
		if row.GeographicLevel.Str != schemas.LocalAuthority {
			t.Fatalf("row %d: %+v", i, row)
		}
		if row.ECode.Str == "E4601" && row.Service.Str == schemas.ServiceChildren && (row.OldLACode.Str != "330" || row.Line.Int != 330) {
			t.Errorf("Birmingham: %+v", row)
		}
	}
	if len(notes) != 2 || !strings.HasPrefix(notes[0], "ra 202122: 425 bodies") {
		t.Errorf("notes %q", notes)
	}
}

// FuzzParse feeds the RA reader the real 2023-24 export's first rows,
// damaged: bodies or an error, never a panic.
func FuzzParse(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("..", "..", "sources", "mhclg", "ra", "RA_2023-24_data_Part_1.csv"))
	if err != nil {
		f.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	f.Add(bytes.Join(lines[:14], nil))
	f.Add([]byte("RA 2021-22\n,,,,190\nE-code,ONS Code,Local authority,Class,TOTAL EDUCATION SERVICES\nE1,E06,X,UA,\"1,234\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := Parse(extract.Source{ID: "x", Path: "x.csv", MediaType: "text/csv; charset=macintosh"}, b)
		if err != nil {
			return
		}
		if out.Period == 0 {
			t.Fatal("parsed without a year")
		}
		for _, x := range out.Bodies {
			if x.ONSCode == "" {
				t.Fatalf("body without ONS code: %+v", x)
			}
			for _, v := range x.Values {
				if !v.Valid && v.Status != "" && !schemas.IsSymbol(v.Status) {
					t.Fatalf("status %q", v.Status)
				}
			}
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	in := append(manifestInputs(b), lookupInputs(b)...)
	var size int64
	for _, i := range in {
		size += int64(len(i.Data))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		tables, _, err := extract.Run(context.Background(), Extractor{}, nil, in)
		if err != nil {
			b.Fatal(err)
		}
		for _, t := range tables {
			t.Release()
		}
	}
}
