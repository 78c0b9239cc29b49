package rsx

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/extractors/ro3"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/internal/odsedit"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/schemas"
	"github.com/caredata/caredata/sources"
)

// manifestInputs are the embedded RSX files as a run reads them: from the
// manifest, sha256 checked, with their releases and media types.
func manifestInputs(t testing.TB) []extract.Input {
	t.Helper()
	m, err := pipeline.LoadManifest(sources.FS)
	if err != nil {
		t.Fatal(err)
	}
	var in []extract.Input
	for _, s := range m.Sources {
		if s.Extractor != "rsx" {
			continue
		}
		i, err := pipeline.ReadSource(sources.FS, s)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, i)
	}
	if len(in) != 4 {
		t.Fatalf("%d RSX sources in the manifest, want 4", len(in))
	}
	return in
}

// lookupInputs are the geography lookups a run gives every extractor.
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

var parsed = struct {
	sync.Once
	years map[int32]*Outturn
	err   error
}{}

// outturns parses the four embedded files once per test binary, in
// parallel.
func outturns(t *testing.T) map[int32]*Outturn {
	t.Helper()
	parsed.Do(func() {
		in := manifestInputs(t)
		parsed.years = map[int32]*Outturn{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, i := range in {
			wg.Go(func() {
				o, err := Parse(i.Source, i.Data)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					parsed.err = errors.Join(parsed.err, err)
					return
				}
				parsed.years[o.Period] = o
			})
		}
		wg.Wait()
	})
	if parsed.err != nil {
		t.Fatal(parsed.err)
	}
	return parsed.years
}

func (o *Outturn) body(name string) *Body {
	for _, b := range o.Bodies {
		if b.Name == name {
			return b
		}
	}
	return nil
}

// England's net current expenditure on every service, to the pound.
// Computed independently with /usr/bin/python3: pandas.read_excel(engine=
// "odf", header=None, dtype=object) for the ODS files, csv.reader for the
// 2021-22 export; the England row (ONS code E92000001), columns 7+7k+6
// (ODS) or 6+7k+6 (CSV) for the k-th service, then Decimal(repr(value))
// × 1000 rounded half up (separators removed from the CSV's text).
var englandNet = map[int32][Services]int64{
	202122: {34_838_544_000, 5_330_781_000, 11_270_191_000, 18_971_928_000, 4_232_223_000, 2_179_018_000, 2_435_761_000,
		5_511_397_000, 2_061_003_000, 13_607_072_000, 2_267_463_000, 4_090_599_000, 254_911_000, 107_050_892_000},
	202223: {37_125_453_226, 4_778_633_491, 12_805_497_323, 20_516_549_947, 3_850_863_723, 2_273_553_534, 2_644_295_461,
		5_938_731_413, 2_106_422_349, 14_618_320_000, 2_422_789_434, 4_274_920_725, 184_319_693, 113_540_350_320},
	202324: {39_912_956_972, 4_973_279_107, 14_454_683_384, 23_321_572_533, 3_891_982_462, 2_783_801_358, 2_671_120_903,
		6_435_901_023, 2_132_265_542, 15_803_026_927, 2_585_123_870, 4_306_482_473, 164_615_081, 123_436_811_635},
	202425: {44_390_881_206, 5_416_068_443, 15_556_137_155, 25_243_898_401, 4_131_934_852, 3_248_711_834, 2_667_408_069,
		6_637_333_050, 2_535_466_619, 16_908_554_200, 2_800_506_590, 4_495_556_541, 126_203_805, 134_158_660_766},
}

func TestEnglandNetByService(t *testing.T) {
	t.Parallel()
	years := outturns(t)
	if len(years) != 4 {
		t.Fatalf("years %d", len(years))
	}
	for fy, want := range englandNet {
		e := years[fy].England()
		if e == nil {
			t.Fatalf("%d: no England row", fy)
		}
		for k, w := range want {
			if v := e.Values[k][Net]; !v.Valid || v.Int != w {
				t.Errorf("%d %s: %+v, want %d", fy, schemas.RevenueServices[k].Service, v, w)
			}
		}
	}
}

// RSX's children's social care is RO3's TOTAL CHILDREN SOCIAL CARE: the
// England row's net current expenditure agrees to the pound in every year
// both cover, read here from the embedded RO3 workbooks by package ro3.
func TestAgreesWithRO3(t *testing.T) {
	t.Parallel()
	years := outturns(t)
	csc := ServiceIndex(schemas.ServiceChildren)
	for fy, f := range map[int32]string{202223: "RO3_2022-23_data_by_LA.ods", 202324: "RO3_2023-24_data_by_LA.ods", 202425: "RO3_LA_Data_2024-25_data_by_LA.ods"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "sources", "mhclg", f))
		if err != nil {
			t.Fatal(err)
		}
		w, err := ro3.Parse("ro3", f, data)
		if err != nil {
			t.Fatal(err)
		}
		ro3Net := w.England().Values[w.Column(ro3.ServiceTotalCSC, ro3.MeasureNet)]
		rsxNet := years[fy].England().Values[csc][Net]
		if !ro3Net.Valid || ro3Net != rsxNet {
			t.Errorf("%d: RO3 £%+v, RSX £%+v", fy, ro3Net, rsxNet)
		}
		// Every authority's too: the same return summarised.
		for _, a := range w.Authorities {
			b := years[fy].bodyByCode(a.ECode)
			if b == nil {
				t.Errorf("%d: %s %s in RO3, not RSX", fy, a.ECode, a.Name)
				continue
			}
			if r, s := a.Values[w.Column(ro3.ServiceTotalCSC, ro3.MeasureNet)], b.Values[csc][Net]; r != s {
				t.Errorf("%d %s: RO3 %+v, RSX %+v", fy, a.Name, r, s)
			}
		}
	}
}

func (o *Outturn) bodyByCode(ecode string) *Body {
	for _, b := range o.Bodies {
		if b.ECode == ecode {
			return b
		}
	}
	return nil
}

func TestBodiesAndMissingReturns(t *testing.T) {
	t.Parallel()
	// Counted with python: rows from the header to the England row, with
	// an E-code; M in Notes.
	want := map[int32]struct{ bodies, missing int }{202122: {427, 4}, 202223: {427, 23}, 202324: {412, 44}, 202425: {411, 9}}
	for fy, o := range outturns(t) {
		missing := 0
		for i, b := range o.Bodies {
			if b.England != (i == len(o.Bodies)-1) {
				t.Errorf("%d: England row at %d of %d", fy, i, len(o.Bodies))
			}
			if strings.HasPrefix(b.ECode, "[") || b.ECode == "E-code" || strings.HasPrefix(b.ECode, "RSX-") {
				t.Errorf("%d: %q %q is a subtotal, header or helper row", fy, b.ECode, b.Name)
			}
			if b.Missing {
				missing++
				for k := range b.Values {
					for j, v := range b.Values[k] {
						if v.Valid || v.Status != "M" {
							t.Errorf("%d %s %d/%d: %+v, want null M", fy, b.Name, k, j, v)
						}
					}
				}
			}
		}
		if len(o.Bodies) != want[fy].bodies || missing != want[fy].missing {
			t.Errorf("%d: %d bodies, %d missing; want %+v", fy, len(o.Bodies), missing, want[fy])
		}
	}
}

// Sample authorities' children's and adult social care net current
// expenditure, from the same python reading as englandNet (Birmingham's
// returns for 2022-23 to 2024-25 are [x] with M in Notes).
func TestSampleAuthorities(t *testing.T) {
	t.Parallel()
	years := outturns(t)
	csc, asc := ServiceIndex(schemas.ServiceChildren), ServiceIndex(schemas.ServiceAdults)
	const m = -1 // missing return
	tests := []struct {
		fy       int32
		name     string
		csc, asc int64
	}{
		{202122, "Kent", 260_664_000, 557_555_000},
		{202122, "Birmingham", 256_815_000, 331_951_000},
		{202122, "Camden", 58_438_000, 87_584_000},
		{202223, "Kent", 285_779_000, 574_994_000},
		{202223, "Birmingham", m, m},
		{202223, "Camden", 65_858_000, 96_838_000},
		{202324, "Kent CC", 322_301_000, 663_100_000},
		{202324, "Birmingham", m, m},
		{202324, "Camden", 75_922_000, 113_990_000},
		{202425, "Kent CC", 355_466_920, 721_076_000},
		{202425, "Birmingham", m, m},
		{202425, "Camden", 92_206_000, 128_204_000},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(int(tt.fy))+" "+tt.name, func(t *testing.T) {
			b := years[tt.fy].body(tt.name)
			if b == nil {
				t.Fatal("not found")
			}
			for _, c := range []struct {
				k    int
				want int64
			}{{csc, tt.csc}, {asc, tt.asc}} {
				v := b.Values[c.k][Net]
				if c.want == m {
					if v.Valid || v.Status != "M" || !b.Missing {
						t.Errorf("%s: %+v, want null M", schemas.RevenueServices[c.k].Service, v)
					}
				} else if !v.Valid || v.Int != c.want {
					t.Errorf("%s: %+v, want %d", schemas.RevenueServices[c.k].Service, v, c.want)
				}
			}
		})
	}
}

func TestNotes(t *testing.T) {
	t.Parallel()
	years := outturns(t)
	tests := []struct {
		fy         int32
		name, want string
	}{
		{202425, "Greater London Authority", "[note 4] Transport for London fares income"},
		{202223, "West Yorkshire Police", "[note 3] Greater Manchester and West Yorkshire"},
		// The CSV export has no Notes sheet: the reference alone.
		{202122, "Greater Manchester Combined Authority", "[note 2]"},
		{202425, "Camden", ""},
	}
	for _, tt := range tests {
		b := years[tt.fy].body(tt.name)
		if b == nil {
			t.Fatalf("%d: no %s", tt.fy, tt.name)
		}
		if !strings.HasPrefix(b.Note, tt.want) || (tt.want == "") != (b.Note == "") {
			t.Errorf("%d %s: note %q, want %q", tt.fy, tt.name, b.Note, tt.want)
		}
	}
}

// The columns found by label are those the files' helper rows give: line
// number and column number (Row_no, Col_no: in view in the 2021-22 export,
// hidden in 2022-23 and 2023-24), and for 2024-25, which has only a hidden
// row of codes (RSX-edu-empl ...), the line and column 2022-23 gives each
// code. Read here without the extractor's labelling.
func TestColumnsAgreeWithHelperRows(t *testing.T) {
	t.Parallel()
	years := outturns(t)
	type lc struct{ line, col int }
	byCode := map[string]lc{}
	for _, fy := range []int32{202122, 202223, 202324, 202425} {
		o := years[fy]
		helper := readHelperRows(t, o)
		got := map[int]lc{} // column → line, measure from the helper rows
		if fy == 202425 {
			for i, code := range helper["codes"] {
				if code != "" {
					got[i] = byCode[code]
				}
			}
		} else {
			for i, l := range helper["Row_no"] {
				line, err1 := strconv.Atoi(l)
				col, err2 := strconv.Atoi(helper["Col_no"][i])
				if err1 == nil && err2 == nil {
					got[i] = lc{line, col}
					if code := helper["codes"][i]; code != "" && fy == 202223 {
						byCode[code] = lc{line, col}
					}
				}
			}
		}
		if len(got) != Services*len(Measures) {
			t.Errorf("%d: %d helper columns", fy, len(got))
		}
		for k, s := range schemas.RevenueServices {
			line := int(s.Line)
			if s.Service == schemas.ServiceTotal {
				line = 699 // RSX's number for the total; RA's is 799
			}
			for j, i := range o.Columns[k] {
				if h := got[i]; h.line != line || h.col != j+1 {
					t.Errorf("%d column %s: extractor says line %d C%d, helper rows %+v", fy, sheet.ColumnName(i), s.Line, j+1, h)
				}
			}
		}
	}
}

// readHelperRows reads the rows labelled Row_no and Col_no and the row of
// RSX- codes: column index → text.
func readHelperRows(t *testing.T, o *Outturn) map[string]map[int]string {
	t.Helper()
	var in extract.Input
	for _, i := range manifestInputs(t) {
		if i.Source.Path == o.File {
			in = i
		}
	}
	b, err := openBook(in.Source, in.Data)
	if err != nil {
		t.Fatal(err)
	}
	defer b.wb.Close()
	rows, err := b.wb.Rows(b.sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]map[int]string{"codes": {}, "Row_no": {}, "Col_no": {}}
	for rows.Next() {
		row := rows.Row()
		for _, c := range row {
			if k := strings.TrimSpace(c.Text); k == "Row_no" || k == "Col_no" {
				for i, c := range row {
					out[k][i] = strings.TrimSpace(c.Text)
				}
			}
		}
		for i, c := range row {
			if strings.HasPrefix(c.Text, "RSX-") {
				out["codes"][i] = c.Text
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestParseLabel(t *testing.T) {
	none := column{service: -1, measure: -1}
	tests := []struct {
		header string
		prev   column
		want   column
		err    string
	}{
		{"Education services - Employees\n (C1)", none, column{0, 0}, ""},
		{"Education services- Running Expenses (C2)", none, column{0, 1}, ""},
		{"Children Social Care -  Net Current Expenditure (C7 = C3 - C6)", none, column{2, 6}, ""},
		{"Environmental and regulatory services -Total Income (C6 = C4 + C5)", none, column{7, 5}, ""},
		{"Housing services (GFRA only) - Sales, Fees and Charges (C4)", none, column{5, 3}, ""},
		{"Total Service Expenditure - Other Income (C5)", none, column{13, 4}, ""},
		{"Children's social care - Employees (C1)", none, column{2, 0}, ""},
		{"TOTAL CHILDREN'S SOCIAL CARE - Employees (C1)", none, column{}, "is not a service"},
		// The 2021-22 export's measure alone follows its service's C6.
		{"Net Current Expenditure\n (C7 = C3 - C6)", column{7, 5}, column{7, 6}, ""},
		{"Net Current Expenditure (C7 = C3 - C6)", column{7, 3}, column{}, "names no service"},
		{"Net Current Expenditure (C7 = C3 - C6)", none, column{}, "names no service"},
		{"Children Services - Employees (C1)", none, column{}, `"Children Services" is not a service`},
		{"Education services - Employees (C2)", none, column{}, "Employees is C1, not C2"},
		{"Education services - Staff", none, column{}, "is not \"service - measure (Cn)\""},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			got, err := parseLabel(tt.header, tt.prev)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func input(t *testing.T, path string) extract.Input {
	t.Helper()
	for _, i := range manifestInputs(t) {
		if strings.HasSuffix(i.Source.Path, path) {
			return i
		}
	}
	t.Fatalf("no input %s", path)
	return extract.Input{}
}

// release returns in as the manifest might (mis)state its release.
func release(in extract.Input, r string) extract.Input {
	in.Source.Release = r
	return in
}

// A publisher's change fails with an error naming the file, sheet, row
// and column. Each case edits a real file.
func TestSchemaDrift(t *testing.T) {
	t.Parallel()
	ods := input(t, "RSX_LA_Data_2024-25_data_by_LA.ods")
	csv := input(t, "RSX_2021-22_data_by_LA_Live.csv")
	odsEdit := func(from, to string) []byte {
		b, err := odsedit.Replace(ods.Data, from, to)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	csvEdit := func(from, to string) []byte {
		if !bytes.Contains(csv.Data, []byte(from)) {
			t.Fatalf("%q not in the CSV", from)
		}
		return bytes.ReplaceAll(csv.Data, []byte(from), []byte(to))
	}
	tests := []struct {
		name string
		in   extract.Input
		data []byte
		want []string
	}{
		{"renamed service (ODS)", ods, odsEdit("Children Social Care - Net Current Expenditure", "Children Services - Net Current Expenditure"),
			[]string{"RSX_LA_Data_2024-25_data_by_LA.ods", `sheet "RSX_LA_Data_202425"`, `row 7 column "AB"`, `"Children Services" is not a service`}},
		{"renamed service (CSV)", csv, csvEdit("Children Social Care -  Net Current Expenditure", "Children Services -  Net Current Expenditure"),
			[]string{"RSX_2021-22_data_by_LA_Live.csv", `sheet "RSX_2021-22_data_by_LA_Live"`, `row 11 column "AA"`, `"Children Services" is not a service`}},
		{"service missing (CSV)", csv, csvEdit("Police services - ", ""),
			[]string{`row 11 column "BR"`, `header "Employees (C1)" names no service`}},
		{"measure renamed (ODS)", ods, odsEdit("Adult Social Care - Other Income (C5)", "Adult Social Care - Grants (C5)"),
			[]string{`row 7 column "AG"`, `"Adult Social Care - Grants (C5)" is not "service - measure (Cn)"`}},
		{"header cell emptied (ODS)", ods, odsEdit("Central services - Employees (C1)", ""),
			[]string{`sheet "RSX_LA_Data_202425" row 7 column "Central services - Employees"`, "missing Central services - Employees"}},
		{"renamed identity column", ods, odsEdit(">ONS Code<", ">ONS code (2024)<"),
			[]string{`row 7 column "ONS Code"`, "ONS code (2024)"}},
		{"year differs from the file name", csv, csvEdit("Revenue Outturn (RO) 2021-22 Final", "Revenue Outturn (RO) 2020-21 Final"),
			[]string{"the title says 2020-21, the sheet name 2021-22"}},
		{"year differs from the manifest", release(ods, "2023-24"), ods.Data,
			[]string{`sheet "RSX_LA_Data_202425"`, "the title says 2024-25, the manifest's release 2023-24"}},
		{"no England row", csv, csvEdit("Eng,E92000001,ENGLAND", "Eng,E92000009,ENGLAND"),
			[]string{"no England row"}},
		{"words for an amount", csv, csvEdit(`E07000223,Adur,,SD,SD,0,`, `E07000223,Adur,,SD,SD,nil,`),
			[]string{`sheet "RSX_2021-22_data_by_LA_Live" row 12 column G`, `"nil" is not an amount`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.in.Source, tt.data)
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

// The extractor publishes every body × service, with DfE's names, and
// refuses two files for one year.
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
	if len(tables) != 1 || tables[0].Rows() != (427+427+412+411)*Services {
		t.Fatalf("tables %v", tables)
	}
	r := schemas.NewReader(tables[0])
	found := 0
	for i := range tables[0].Rows() {
		row := schemas.ReadServiceSpendRow(r, i)
		if row.ECode.Str == "E2701" && row.Service.Str == schemas.ServiceChildren {
			// "York UA" in 2023-24 and 2024-25, "York" before: DfE's name.
			if row.LAName.Str != "York" || row.OldLACode.Str != "816" || row.GeographicLevel.Str != schemas.LocalAuthority || row.Line.Int != 330 {
				t.Errorf("York: %+v", row)
			}
			found++
		}
		if row.NewLACode.Str == "E92000001" && row.GeographicLevel.Str != schemas.National {
			t.Errorf("England: %+v", row)
		}
	}
	if found != 4 {
		t.Errorf("York in %d years", found)
	}
	if len(notes) != 4 || !strings.Contains(notes[0], "rsx 202122: England children's social care net current expenditure £11,270,191,000") {
		t.Errorf("notes %q", notes)
	}
	dup := append(manifestInputs(t), lookupInputs(t)...)
	dup[1].Source.Release = dup[0].Source.Release
	if _, _, err := extract.Run(context.Background(), Extractor{}, nil, dup); err == nil || !strings.Contains(err.Error(), "both RSX") {
		t.Errorf("two files for one year: %v", err)
	}
}

// FuzzParse feeds the RSX reader CSV exports: the first rows of the real
// one, damaged. It must return bodies or an error, never panic, and keep
// every body's amounts whole pounds or null with a symbol.
func FuzzParse(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("..", "..", "sources", "mhclg", "rsx", "RSX_2021-22_data_by_LA_Live.csv"))
	if err != nil {
		f.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	var head []byte
	for _, l := range lines[:20] {
		head = append(head, l...)
	}
	var eng []byte
	for _, l := range lines {
		if bytes.HasPrefix(l, []byte("Eng,E92000001")) {
			eng = l
		}
	}
	f.Add(append(append([]byte{}, head...), eng...))
	f.Add(head)
	f.Add([]byte("RSX 2021-22\nE-code,ONS Code,Local authority,Notes,Class\nEng,E92000001,ENGLAND,,Eng\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		o, err := Parse(extract.Source{ID: "x", Path: "x.csv"}, b)
		if err != nil {
			return
		}
		if o.England() == nil || o.Period == 0 {
			t.Fatalf("parsed without England row or year: %+v", o)
		}
		for _, x := range o.Bodies {
			for k := range x.Values {
				for _, v := range x.Values[k] {
					if !v.Valid && v.Status != "" && !schemas.IsSymbol(v.Status) {
						t.Fatalf("status %q", v.Status)
					}
				}
			}
		}
	})
}

// BenchmarkExtract runs the extractor over the four files, as a run does.
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
