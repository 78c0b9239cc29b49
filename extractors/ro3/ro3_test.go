package ro3

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/open"
	"github.com/caredata/caredata/internal/odsedit"
	"github.com/caredata/caredata/schemas"
)

var files = map[int32]string{
	202223: "RO3_2022-23_data_by_LA.ods",
	202324: "RO3_2023-24_data_by_LA.ods",
	202425: "RO3_LA_Data_2024-25_data_by_LA.ods",
}

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "sources", "mhclg", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var parsed = struct {
	sync.Once
	books map[int32]*Workbook
	err   error
}{}

// books parses the three workbooks once per test binary, in parallel;
// the tests only read them.
func books(t *testing.T) map[int32]*Workbook {
	t.Helper()
	parsed.Do(func() {
		parsed.books = map[int32]*Workbook{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for fy, f := range files {
			data := read(t, f)
			wg.Go(func() {
				w, err := Parse("mhclg-ro3", f, data)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					parsed.err = errors.Join(parsed.err, err)
					return
				}
				parsed.books[fy] = w
			})
		}
		wg.Wait()
	})
	if parsed.err != nil {
		t.Fatal(parsed.err)
	}
	return parsed.books
}

func (w *Workbook) authority(name string) *Authority {
	for i := range w.Authorities {
		if strings.HasPrefix(w.Authorities[i].Name, name) {
			return &w.Authorities[i]
		}
	}
	return nil
}

// England's total children's social care net current expenditure, to the
// pound: the England row's full-precision £ thousand × 1,000, rounded
// (12805497.323436623, 14454683.384092197, 15556137.15471 in the files).
func TestEnglandTotals(t *testing.T) {
	t.Parallel()
	want := map[int32]int64{202223: 12_805_497_323, 202324: 14_454_683_384, 202425: 15_556_137_155}
	for fy, w := range books(t) {
		if w.Period != fy {
			t.Errorf("%s: period %d, want %d", w.File, w.Period, fy)
		}
		v := w.England().Values[w.Column(ServiceTotalCSC, MeasureNet)]
		if !v.Valid || v.Int != want[fy] {
			t.Errorf("%d: England TOTAL CHILDREN SOCIAL CARE net = %+v, want %d", fy, v, want[fy])
		}
	}
}

// Reconcile: England includes estimates for missing returns, so it is
// more than the authorities' sum.
func TestReconcile(t *testing.T) {
	t.Parallel()
	wantMissing := map[int32]int{202223: 23, 202324: 44, 202425: 9}
	for fy, w := range books(t) {
		sum, eng, missing := w.Reconcile()
		if missing != wantMissing[fy] {
			t.Errorf("%d: %d missing returns, want %d", fy, missing, wantMissing[fy])
		}
		if sum <= 0 || sum >= eng {
			t.Errorf("%d: authorities £%d, England £%d: England should be the larger", fy, sum, eng)
		}
	}
}

func TestOnlyAuthorities(t *testing.T) {
	t.Parallel()
	want := map[int32]int{202223: 427, 202324: 412, 202425: 411} // England included
	for fy, w := range books(t) {
		if len(w.Authorities) != want[fy] {
			t.Errorf("%d: %d rows, want %d", fy, len(w.Authorities), want[fy])
		}
		for i, a := range w.Authorities {
			if a.England != (i == len(w.Authorities)-1) {
				t.Errorf("%d: England row at %d of %d", fy, i, len(w.Authorities))
			}
			if strings.HasPrefix(a.ECode, "[") || a.ECode == "E-code" || a.ONSCode == "" ||
				strings.Contains(a.Name, "Class Breakdown") || strings.HasPrefix(a.Name, "Unitary Authorities") {
				t.Errorf("%d: row %+v is a subtotal or header, not an authority", fy, a.Name)
			}
			if strings.HasPrefix(a.ECode, "RO3-") || strings.HasPrefix(a.Name, "C1R") {
				t.Errorf("%d: helper row published", fy)
			}
		}
	}
}

// The same line of the return has the same label every year: checked
// against the hidden row of codes (RO3-csclkdres-net-cur-exp ...), read
// here independently of the extractor's labelling.
func TestLabelsHarmonisedAcrossYears(t *testing.T) {
	t.Parallel()
	byCode := map[string]Column{}
	where := map[string]int32{}
	b := books(t)
	// The hidden rows of the three files are read in parallel.
	hidden := map[int32]map[int]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for fy, w := range b {
		wg.Go(func() {
			codes, err := hiddenCodes(files[fy], w.Sheet)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("%s: %v", files[fy], err)
			}
			hidden[fy] = codes
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for _, fy := range []int32{202223, 202324, 202425} {
		w, codes := b[fy], hidden[fy]
		if len(codes) == 0 {
			t.Fatalf("%d: no hidden code row", fy)
		}
		for _, c := range w.Columns {
			code := codes[c.Index]
			if code == "" {
				t.Errorf("%d column %s: no code", fy, sheet.ColumnName(c.Index))
				continue
			}
			c.Index = 0
			// The 2022-23 and 2023-24 helper rows swap the codes of the two
			// "Support for carer" Total Income columns; the visible labels,
			// which the extractor reads, agree with 2024-25.
			if fy != 202425 && (code == "RO3-ascsclcrradl-tot-inc" || code == "RO3-ascsclcrrold-tot-inc") {
				continue
			}
			if prev, ok := byCode[code]; ok && prev != c {
				t.Errorf("%s: %d says %+v, %d says %+v", code, where[code], prev, fy, c)
			}
			byCode[code], where[code] = c, fy
		}
	}
	for code, want := range map[string]Column{
		"RO3-csctot-net-cur-exp":    {Area: AreaChildren, Service: ServiceTotalCSC, Measure: MeasureNet},
		"RO3-csclkdres-net-cur-exp": {Area: AreaChildren, Service: ServiceResidential, Measure: MeasureNet},
		"RO3-csclkd-empl":           {Area: AreaChildren, Service: ServiceCLA, Measure: "Employees"},
		"RO3-phtot-tot-exp":         {Area: AreaHealth, Service: "TOTAL PUBLIC HEALTH", Measure: "Total Expenditure"},
		"RO3-phsvmem-run-exp":       {Area: AreaHealth, Service: "TOTAL PUBLIC HEALTH", Measure: "Public Health - agency staff cost memorandum item"},
	} {
		if got := byCode[code]; got != want {
			t.Errorf("%s: %+v, want %+v", code, got, want)
		}
	}
	if len(byCode) < 480 {
		t.Errorf("only %d distinct lines", len(byCode))
	}
}

// hiddenCodes reads the hidden row of RO3 codes: column index → code.
func hiddenCodes(file, sheetName string) (map[int]string, error) {
	data, err := os.ReadFile(filepath.Join("..", "..", "sources", "mhclg", file))
	if err != nil {
		return nil, err
	}
	wb, err := open.Open(file, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	rows, err := wb.Rows(sheetName)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		if !rows.Hidden() {
			continue
		}
		for i, c := range rows.Row() {
			if strings.HasPrefix(c.Text, "RO3-") {
				out[i] = c.Text
			}
		}
	}
	return out, rows.Err()
}

func TestSymbolsNotesAndMissingReturns(t *testing.T) {
	t.Parallel()
	b := books(t)
	get := func(fy int32, la, service, measure string) (schemas.Value, string) {
		w := b[fy]
		a := w.authority(la)
		if a == nil {
			t.Fatalf("%d: no %s", fy, la)
		}
		k := w.Column(service, measure)
		if k < 0 {
			t.Fatalf("%d: no column %s - %s", fy, service, measure)
		}
		return a.Values[k], a.Notes[k]
	}
	tests := []struct {
		name             string
		fy               int32
		la, service, msr string
		status           string
		note             string
		value            int64
	}{
		{"missing return", 202223, "Adur", ServiceTotalCSC, MeasureNet, "M", "", 0},
		{"missing return 2023-24", 202324, "Woking", ServiceTotalCSC, MeasureNet, "M", "", 0},
		{"note in place of a value", 202425, "Gateshead", ServiceResidential, "Employees", "x", "Gateshead were unable to provide a breakdown", 0},
		{"stray punctuation", 202223, "Wakefield", "Dental Services (included above within total public health)", MeasureNet, "x", `holds ">"`, 0},
		{"a number", 202425, "Wolverhampton", "Sure start children's centres and early years", "Employees", "", "", 2_366_000},
		{"negative", 202425, "Wokingham", "Sure start children's centres and early years", "Running Expenses", "", "", -975_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, note := get(tt.fy, tt.la, tt.service, tt.msr)
			if tt.status == "" {
				if !v.Valid || v.Int != tt.value {
					t.Errorf("value %+v, want %d", v, tt.value)
				}
				return
			}
			if v.Valid || v.Status != tt.status {
				t.Errorf("value %+v, want null with status %s", v, tt.status)
			}
			if !strings.Contains(note, tt.note) {
				t.Errorf("note %q lacks %q", note, tt.note)
			}
		})
	}
	// [n] appears in the England row and is kept as n.
	var n int
	for _, w := range b {
		for _, v := range w.England().Values {
			if v.Status == "n" {
				n++
			}
		}
	}
	if n == 0 {
		t.Error("no [n] found in any England row")
	}
}

func TestLabels(t *testing.T) {
	type in struct{ service, header string }
	tests := []struct {
		name string
		in   []in
		want []Column
	}{
		{"two-row header with Excel's digits", []in{
			{"Children's social care - Children Looked After [note 3]", "Employees\n (C1)2"},
			{"Children's social care - Children Looked After [note 3]", "Net Current Expenditure\n (C7 = C3 - C6)8"},
		}, []Column{{0, AreaChildren, ServiceCLA, "Employees"}, {1, AreaChildren, ServiceCLA, MeasureNet}}},
		{"one-row header", []in{
			{"", "Children's social care - Children Looked After of which residential care - Net Current Expenditure (C7 = C3 - C6)"},
			{"", "TOTAL CHILDREN SOCIAL CARE - Net Current Expenditure (C7 = C3 - C6)"},
			{"", "TOTAL CHILDREN SOCIAL CARE - Children's Social Care - agency staff cost memorandum item"},
			{"", "Physical support - adults (18–64) - Employees (C1)"},
		}, []Column{{0, AreaChildren, ServiceResidential, MeasureNet}, {1, AreaChildren, ServiceTotalCSC, MeasureNet},
			{2, AreaChildren, ServiceTotalCSC, "Children's Social Care - agency staff cost memorandum item"},
			{3, AreaAdults, "Physical support - adults (18-64)", "Employees"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l labeller
			for i, x := range tt.in {
				got, err := l.label(i, x.service, x.header)
				if err != nil {
					t.Fatal(err)
				}
				if got != tt.want[i] {
					t.Errorf("%q: %+v, want %+v", x.header, got, tt.want[i])
				}
			}
		})
	}
	var l labeller
	if _, err := l.label(0, "", "Something unexplained"); err == nil {
		t.Error("a label with no measure and no service before it was accepted")
	}
}

// rewrite returns the workbook with content.xml edited, as a publisher's
// next release might change it.
func rewrite(t *testing.T, data []byte, from, to string) []byte {
	t.Helper()
	b, err := odsedit.Replace(data, from, to)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A publisher's change to the layout fails with a layout error naming the
// file, sheet, row and column. Each case edits the 2024-25 workbook and
// parses it on its own, in parallel.
func TestSchemaDrift(t *testing.T) {
	t.Parallel()
	data := read(t, files[202425])
	tests := []struct {
		name, from, to string
		want           []string
		missing        bool // the error is an *extract.LayoutError wrapping ErrMissingColumns
	}{
		{"renamed service line", "TOTAL CHILDREN SOCIAL CARE - ", "TOTAL CHILDREN&apos;S SOCIAL CARE - ",
			[]string{"RO3_LA_Data_2024-25_data_by_LA.ods", `sheet "RO3_LA_Data_202425"`, "row 7", "unknown layout; missing TOTAL CHILDREN SOCIAL CARE - Net Current Expenditure"}, true},
		{"renamed identity column", ">ONS Code<", ">ONS code (2024)<",
			[]string{`sheet "RO3_LA_Data_202425"`, `row 7 column "ONS Code"`, "E-code, ONS Code, Local authority", "ONS code (2024)"}, false},
		{"renamed data sheet", `table:name="RO3_LA_Data_202425"`, `table:name="Data_202425"`,
			[]string{"no data sheet RO3_LA_Data_YYYY-YY", "Data_202425"}, false},
		{"measure renamed", "fostering services - Net Current Expenditure (C7 = C3 - C6)", "fostering services - Net Spend",
			[]string{`sheet "RO3_LA_Data_202425"`, "row 7", "unknown layout; missing Children Looked After of which fostering services - Net Current Expenditure"}, false},
		{"label with no measure", "<text:p>Children's social care: Sure start children's centres and early years - Employees (C1)", "<text:p>Sure start - staff",
			[]string{`sheet "RO3_LA_Data_202425"`, "row 7 column H", `"Sure start - staff" names no measure`}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("x", files[202425], rewrite(t, data, tt.from, tt.to))
			if err == nil {
				t.Fatal("no error")
			}
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			var he *extract.LayoutError
			if tt.missing && (!errors.As(err, &he) || !errors.Is(err, ErrMissingColumns)) {
				t.Errorf("err %v is not an *extract.LayoutError wrapping ErrMissingColumns", err)
			}
		})
	}
}

func FuzzLabel(f *testing.F) {
	f.Add("Children's social care - Children Looked After", "Employees\n (C1)2", "")
	f.Add("", "TOTAL PUBLIC HEALTH - Public Health - agency staff cost memorandum item", "TOTAL PUBLIC HEALTH")
	f.Add("", "x - Net Current Expenditure (C7 = C3 - C6)99", "")
	f.Fuzz(func(t *testing.T, service, header, prev string) {
		l := labeller{prevService: prev, current: AreaOther}
		c, err := l.label(3, service, header)
		if err != nil {
			return
		}
		if c.Service == "" || c.Measure == "" || c.Area == "" || c.Index != 3 {
			t.Fatalf("%q %q: %+v", service, header, c)
		}
	})
}

// BenchmarkParseAll extracts the three workbooks, as a run does.
func BenchmarkParseAll(b *testing.B) {
	data := map[string][]byte{}
	var size int64
	for _, f := range files {
		data[f] = read(b, f)
		size += int64(len(data[f]))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for f, d := range data {
			if _, err := Parse("x", f, d); err != nil {
				b.Fatal(err)
			}
		}
	}
}
