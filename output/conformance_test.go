package output_test

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/compress"
	"github.com/xuri/excelize/v2"

	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testDS exercises every published column type, a status companion on an
// int64 and a float64 indicator, dictionary and plain strings, and every
// EES role.
var testDS = &schemas.Dataset{
	Name:        "conformance_test",
	Title:       "Conformance test table",
	Description: "A small table that exercises every column type the writers support.",
	EES:         true,
	Columns: []schemas.Column{
		{Name: "time_period", Type: schemas.Int32, Label: "Time period", Description: "Year or financial year"},
		{Name: "time_identifier", Type: schemas.String, Label: "Time identifier", Description: "What time_period counts", Dictionary: true},
		{Name: "old_la_code", Type: schemas.String, Label: "Local authority DfE code", Description: "Three digits, kept as text", Dictionary: true},
		{Name: "la_name", Type: schemas.String, Label: "Local authority", Description: "Name with commas and quotes"},
		{Name: "provider_type", Type: schemas.String, Role: schemas.Filter, Label: "Provider type", Description: "Kind of placement", Dictionary: true},
		{Name: "children_count", Type: schemas.Int64, Role: schemas.Indicator, Label: "Number of children", Description: "Children", Status: true},
		{Name: "spend", Type: schemas.Float64, Role: schemas.Indicator, Label: "Spend (£ thousand)", Description: "Gross spend", Unit: "£", DP: 1, Status: true},
		{Name: "period_end", Type: schemas.Date32, Role: schemas.Filter, Label: "Period end", Description: "Last day of the period"},
		{Name: "retrieved_at", Type: schemas.Timestamp, Label: "Retrieved at", Description: "When the source was read"},
	},
	Key: []string{"time_period", "old_la_code", "provider_type"},
}

var testMeta = output.Meta{
	ReleaseID: "2025-06-01",
	Created:   time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC),
	Licence:   "OGL-UK-3.0",
}

// testSources are the sources the test tables' rows came from.
var testSources = []output.Source{
	{ID: "dfe-cla-2025", Publisher: "Department for Education", Title: "Children looked after in England", URL: "https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions", Release: "2025"},
	{ID: "ons-mye-2024", Publisher: "Office for National Statistics", Title: "Mid-year population estimates", URL: "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates", Release: "2024"},
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// smallRows is the test table: each row as input values and as the
// canonical text every format must read back to (written out by hand, not
// computed with the package's own formatting).
var smallRows = []struct {
	in   []schemas.Value
	want []string
}{
	{
		in: []schemas.Value{schemas.Int(2025), schemas.Str("Reporting year"), schemas.Str("202"), schemas.Str("Kingston upon Hull, City of"),
			schemas.Str("Children’s home"), schemas.Int(120), schemas.Float(70.5), schemas.Date(day(2025, 3, 31)),
			schemas.Time(time.Date(2025, 6, 1, 9, 30, 15, 0, time.UTC))},
		want: []string{"2025", "Reporting year", "202", "Kingston upon Hull, City of", "Children’s home", "120", "70.5", "2025-03-31", "2025-06-01T09:30:15Z"},
	},
	{
		in: []schemas.Value{schemas.Int(2025), schemas.Str("Reporting year"), schemas.Str("201"), schemas.Str(`City of London "Corporation"`),
			schemas.Str("Foster care, fees in £"), schemas.Missing("[c]"), schemas.Float(1e6), schemas.Date(day(2025, 3, 31)),
			schemas.Time(time.Date(2025, 6, 1, 9, 30, 15, 0, time.UTC))},
		want: []string{"2025", "Reporting year", "201", `City of London "Corporation"`, "Foster care, fees in £", "c", "1000000", "2025-03-31", "2025-06-01T09:30:15Z"},
	},
	{
		in: []schemas.Value{schemas.Int(202425), schemas.Str("Financial year"), schemas.Null(), schemas.Str("England"),
			schemas.Str("Total"), schemas.Null(), schemas.Float(0.00000015), schemas.Date(day(2024, 3, 31)),
			schemas.Time(time.Date(2024, 12, 31, 23, 59, 59, 0, time.UTC))},
		want: []string{"202425", "Financial year", "", "England", "Total", "", "0.00000015", "2024-03-31", "2024-12-31T23:59:59Z"},
	},
	{
		in: []schemas.Value{schemas.Int(2024), schemas.Str("Reporting year"), schemas.Str("906"), schemas.Str("Isles of Scilly"),
			schemas.Str("Children’s home"), schemas.Int(0), schemas.Missing("x"), schemas.Null(), schemas.Null()},
		want: []string{"2024", "Reporting year", "906", "Isles of Scilly", "Children’s home", "0", "x", "", ""},
	},
	{
		in: []schemas.Value{schemas.Int(2024), schemas.Str("Reporting year"), schemas.Str("330"), schemas.Str("Birmingham"),
			schemas.Str("Secure unit"), schemas.Int(1234567), schemas.Float(-2.25), schemas.Date(day(2023, 3, 31)),
			schemas.Time(time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC))},
		want: []string{"2024", "Reporting year", "330", "Birmingham", "Secure unit", "1234567", "-2.25", "2023-03-31", "2023-01-02T03:04:05Z"},
	},
}

// generatedRows returns n rows of testDS (some suppressed, some null) and
// their canonical text.
func generatedRows(n int) (in [][]schemas.Value, want [][]string) {
	for i := 0; i < n; i++ {
		code := fmt.Sprintf("%03d", 800+i)
		count, countText := schemas.Int(int64(i*7)), strconv.Itoa(i*7)
		switch i % 5 {
		case 1:
			count, countText = schemas.Missing("c"), "c"
		case 3:
			count, countText = schemas.Null(), ""
		}
		spend, spendText := schemas.Float(float64(i)+0.25), strconv.Itoa(i)+".25"
		if i%4 == 2 {
			spend, spendText = schemas.Missing("[z]"), "z"
		}
		d := day(2020+i%5, 3, 31)
		ts := time.Date(2025, 1, 1+i, 8, i, 0, 0, time.UTC)
		in = append(in, []schemas.Value{schemas.Int(int64(2020 + i%5)), schemas.Str("Reporting year"), schemas.Str(code),
			schemas.Str("Authority " + code + ", with comma"), schemas.Str("Children’s home"), count, spend, schemas.Date(d), schemas.Time(ts)})
		want = append(want, []string{strconv.Itoa(2020 + i%5), "Reporting year", code, "Authority " + code + ", with comma",
			"Children’s home", countText, spendText, d.Format(time.DateOnly), ts.Format(time.RFC3339)})
	}
	return in, want
}

// buildTable builds a table of ds from rows with the given allocator.
func buildTable(tb testing.TB, mem memory.Allocator, ds *schemas.Dataset, rows [][]schemas.Value) schemas.Table {
	tb.Helper()
	b := schemas.NewBuilder(mem, ds)
	defer b.Release()
	for i, r := range rows {
		if err := b.Append(r...); err != nil {
			tb.Fatalf("append row %d: %v", i+1, err)
		}
	}
	return b.Table()
}

func writeTable(tb testing.TB, w output.Writer, tbl schemas.Table, m output.Meta) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := w.Write(&buf, output.TableRows(tbl, testSources...), m); err != nil {
		tb.Fatalf("%T.Write: %v", w, err)
	}
	if buf.Len() == 0 {
		tb.Fatalf("%T wrote nothing", w)
	}
	return buf.Bytes()
}

// writerName names a writer in subtests and messages.
func writerName(w output.Writer) string {
	name := strings.TrimPrefix(w.Format().Ext, ".")
	if x, ok := w.(output.ExcelWriter); ok && x.MaxRows > 0 {
		name += fmt.Sprintf("_maxrows%d", x.MaxRows)
	}
	return name
}

// formatSuite holds the format-specific half of the conformance suite.
type formatSuite struct {
	// read turns a data file back into the canonical grid; nil for
	// companions that do not hold the rows (.meta.csv).
	read func(t *testing.T, data []byte, mem memory.Allocator) [][]string
	// check asserts the format's own rules on a written file.
	check func(t *testing.T, w output.Writer, data []byte, tbl schemas.Table, caseName string)
}

var suites = map[string]formatSuite{
	".parquet": {
		read: func(t *testing.T, data []byte, mem memory.Allocator) [][]string {
			pf, err := readParquet(data, mem)
			if err != nil {
				t.Fatal(err)
			}
			return pf.Grid
		},
		check: checkParquet,
	},
	".csv": {
		read: func(t *testing.T, data []byte, _ memory.Allocator) [][]string {
			g, err := readCSV(data)
			if err != nil {
				t.Fatal(err)
			}
			return g
		},
		check: checkCSV,
	},
	".meta.csv": {check: checkMetaCSV},
	".xlsx": {
		read: func(t *testing.T, data []byte, _ memory.Allocator) [][]string {
			g, err := readExcel(data, testDS)
			if err != nil {
				t.Fatal(err)
			}
			return g
		},
		check: checkExcel,
	},
}

// TestConformance puts every writer of output.Writers() (and the Excel
// writer with a small MaxRows, to split sheets) through the same suite:
// each writes the same tables; data formats must read back, with
// independent readers, to exactly the input and to each other; each file
// must follow its format's rules.
func TestConformance(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	header := testDS.Header()
	var small [][]schemas.Value
	smallWant := [][]string{header}
	for _, r := range smallRows {
		small = append(small, r.in)
		smallWant = append(smallWant, r.want)
	}
	gen, genWant := generatedRows(23)
	cases := []struct {
		name string
		rows [][]schemas.Value
		want [][]string
	}{
		{"small", small, smallWant},
		{"empty", nil, [][]string{header}},
		{"onerow", small[:1], smallWant[:2]},
		{"rows23", gen, append([][]string{header}, genWant...)},
	}
	tables := make([]schemas.Table, len(cases))
	for i, c := range cases {
		tables[i] = buildTable(t, mem, testDS, c.rows)
		defer tables[i].Release()
		if got := tables[i].Rows(); got != len(c.rows) {
			t.Fatalf("%s: built %d rows, want %d", c.name, got, len(c.rows))
		}
	}

	writers := append(output.Writers(), output.ExcelWriter{MaxRows: 10})
	seen := map[string]bool{}
	for _, w := range output.Writers() {
		seen[w.Format().Ext] = true
	}
	for _, ext := range []string{".parquet", ".csv", ".meta.csv", ".xlsx"} {
		if !seen[ext] {
			t.Errorf("output.Writers() has no writer for %s", ext)
		}
	}

	// readback[case][writer] is the canonical grid a data format gave back.
	readback := map[string]map[string][][]string{}
	for _, w := range writers {
		name := writerName(w)
		t.Run(name, func(t *testing.T) {
			f := w.Format()
			if f.Name == "" || f.MediaType == "" || !strings.HasPrefix(f.Ext, ".") {
				t.Errorf("format %+v is incomplete", f)
			}
			suite, ok := suites[f.Ext]
			if !ok {
				t.Fatalf("no conformance checks for format %q: add them to suites", f.Ext)
			}
			if !w.Applies(testDS) {
				t.Fatalf("%s does not apply to an EES dataset", name)
			}
			for i, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					data := writeTable(t, w, tables[i], testMeta)
					// Releases publish sha256 of every file: same input, same bytes.
					if again := writeTable(t, w, tables[i], testMeta); !bytes.Equal(data, again) {
						t.Errorf("two writes of the same table differ (%d and %d bytes; same zip entries: %v)",
							len(data), len(again), f.Ext == ".xlsx" && sameZipEntries(t, data, again))
					}
					if suite.read != nil {
						got := suite.read(t, data, mem)
						assertGrid(t, got, c.want)
						if readback[c.name] == nil {
							readback[c.name] = map[string][][]string{}
						}
						readback[c.name][name] = got
					}
					suite.check(t, w, data, tables[i], c.name)
				})
			}
		})
	}

	// The data formats agree with each other, cell for cell.
	t.Run("cross-format", func(t *testing.T) {
		for _, c := range cases {
			got := readback[c.name]
			want := []string{"parquet", "csv", "xlsx", "xlsx_maxrows10"}
			for _, w := range want {
				if got[w] == nil {
					t.Errorf("%s: no read-back from %s", c.name, w)
				}
			}
			for _, w := range want[1:] {
				if got[w] != nil && got["parquet"] != nil && !slices.EqualFunc(got["parquet"], got[w], slices.Equal) {
					t.Errorf("%s: %s and parquet read back differently:\n%s\n%s", c.name, w, got[w], got["parquet"])
				}
			}
		}
	})
}

// sameZipEntries reports whether two zip archives hold the same named
// entries with the same contents, in any order.
func sameZipEntries(t *testing.T, a, b []byte) bool {
	t.Helper()
	entries := func(data []byte) map[string]string {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			m[zf.Name] = string(body)
		}
		return m
	}
	return maps.Equal(entries(a), entries(b))
}

func assertGrid(t *testing.T, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("read back %d rows (header included), want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
}

// ---------------------------------------------------------------- CSV

var (
	plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	isoDate     = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

func checkCSV(t *testing.T, _ output.Writer, data []byte, tbl schemas.Table, caseName string) {
	if !bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		t.Errorf("no UTF-8 BOM at the start: % x", data[:3])
	}
	text := strings.TrimPrefix(string(data), utf8BOM)
	checkLines(t, text)
	if !utf8.ValidString(text) {
		t.Error("not valid UTF-8")
	}
	// Minimal quoting: a quoted field must need its quotes.
	quoted, err := quotedFields(text)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range quoted {
		if !strings.ContainsAny(q, ",\"\r\n") && strings.TrimSpace(q) == q {
			t.Errorf("field %q is quoted but needs no quotes", q)
		}
	}
	recs, err := readCSV(data)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], tbl.Dataset.Header()) {
		t.Errorf("header %q, want %q (no _status columns)", recs[0], tbl.Dataset.Header())
	}
	for i, rec := range recs[1:] {
		for j, c := range tbl.Dataset.Columns {
			v := rec[j]
			if v == "" || (c.Status && schemas.IsSymbol(v) && !strings.HasPrefix(v, "[")) {
				continue
			}
			ok := true
			switch c.Type {
			case schemas.Int32, schemas.Int64, schemas.Float64:
				ok = plainNumber.MatchString(v) // no exponent, no separators, no units
			case schemas.Date32:
				ok = isoDate.MatchString(v)
			case schemas.Timestamp:
				_, err := time.Parse(time.RFC3339, v)
				ok = err == nil && strings.HasSuffix(v, "Z")
			}
			if !ok {
				t.Errorf("row %d %s: %q is not plain %s text", i+1, c.Name, v, c.Type)
			}
		}
	}
	if caseName == "small" {
		// Fields that need quotes have them.
		for _, want := range []string{`"Kingston upon Hull, City of"`, `"City of London ""Corporation"""`, `"Foster care, fees in £"`, ",Children’s home,"} {
			if !strings.Contains(text, want) {
				t.Errorf("csv does not contain %s", want)
			}
		}
		golden(t, "small.csv.golden", data)
	}
}

// checkLines asserts LF line ends and a final newline.
func checkLines(t *testing.T, text string) {
	t.Helper()
	if strings.Contains(text, "\r") {
		t.Error("CR in file: line ends must be LF")
	}
	if !strings.HasSuffix(text, "\n") {
		t.Error("file does not end with a newline")
	}
	if strings.Contains(text, "\n\n") {
		t.Error("blank line in file")
	}
}

func checkMetaCSV(t *testing.T, _ output.Writer, data []byte, tbl schemas.Table, caseName string) {
	checkLines(t, strings.TrimPrefix(string(data), utf8BOM))
	recs, err := readCSV(data)
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp", "filter_hint", "filter_grouping_column", "filter_default"}
	if !slices.Equal(recs[0], wantHeader) {
		t.Fatalf("meta header %q, want %q", recs[0], wantHeader)
	}
	var described []string
	labels := map[string]bool{}
	for _, r := range recs[1:] {
		described = append(described, r[0])
		if r[2] == "" || labels[r[2]] {
			t.Errorf("%s: label %q empty or not unique", r[0], r[2])
		}
		labels[r[2]] = true
		switch r[1] {
		case "Filter":
			if r[4] != "" || r[5] != "" || r[3] != "" {
				t.Errorf("filter %s has indicator fields %q", r[0], r)
			}
			if !strings.HasPrefix(r[6], "Filter by ") {
				t.Errorf("filter %s hint %q", r[0], r[6])
			}
			// filter_default is an item of the data (EES checks it), or
			// blank for a filter with a Total item or no rows.
			if col := slices.Index(tbl.Dataset.Header(), r[0]); r[8] != "" && !slices.ContainsFunc(readRows(t, tbl), func(row []string) bool { return row[col] == r[8] }) {
				t.Errorf("filter %s: filter_default %q is not in the data", r[0], r[8])
			}
		case "Indicator":
			if dp, err := strconv.Atoi(r[5]); err != nil || dp < 0 {
				t.Errorf("indicator %s: indicator_dp %q is not an integer >= 0", r[0], r[5])
			}
			if r[6] != "" || r[7] != "" || r[8] != "" {
				t.Errorf("indicator %s has filter fields %q", r[0], r)
			}
			if !slices.Contains([]string{"", "%", "pp", "£", "£m", "numberstring"}, r[4]) {
				t.Errorf("indicator %s: unit %q not allowed by EES", r[0], r[4])
			}
		default:
			t.Errorf("%s: col_type %q", r[0], r[1])
		}
	}
	// Filters and indicators only, in column order; time and geography
	// (observational) columns are not described, nor a filter with one
	// item (EES fails it): in the small table both filters vary, in the
	// others provider_type and, with one row, period_end do not; an empty
	// table's are all described.
	want := map[string][]string{
		"small":  {"provider_type", "children_count", "spend", "period_end"},
		"rows23": {"children_count", "spend", "period_end"},
		"empty":  {"provider_type", "children_count", "spend", "period_end"},
		"onerow": {"children_count", "spend"},
	}[caseName]
	if !slices.Equal(described, want) {
		t.Errorf("%s: meta describes %q, want %q", caseName, described, want)
	}
	if caseName == "small" {
		golden(t, "small.meta.csv.golden", data)
	}
}

// ---------------------------------------------------------------- Parquet

func checkParquet(t *testing.T, _ output.Writer, data []byte, tbl schemas.Table, _ string) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	pf, err := readParquet(data, mem)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("PAR1")) || !bytes.HasSuffix(data, []byte("PAR1")) {
		t.Error("missing PAR1 magic")
	}
	// Schema: exactly Dataset.Arrow(), status companions included.
	want := tbl.Dataset.Arrow()
	if pf.Schema.NumFields() != want.NumFields() {
		t.Fatalf("schema has %d fields, want %d:\n%s\nwant\n%s", pf.Schema.NumFields(), want.NumFields(), pf.Schema, want)
	}
	for i, wf := range want.Fields() {
		gf := pf.Schema.Field(i)
		switch {
		case gf.Name != wf.Name || gf.Nullable != wf.Nullable:
			t.Errorf("field %d: got %s, want %s", i, gf, wf)
		case arrow.TypeEqual(gf.Type, wf.Type):
		default:
			t.Errorf("field %d: got %s, want %s", i, gf, wf)
		}
	}
	if got := pf.Meta.NumRows; got != int64(tbl.Rows()) {
		t.Errorf("file has %d rows, want %d", got, tbl.Rows())
	}
	// Key-value metadata.
	ids := make([]string, len(testSources))
	for i, s := range testSources {
		ids[i] = s.ID
	}
	for k, v := range map[string]string{
		"caredata.dataset":    tbl.Dataset.Name,
		"caredata.title":      tbl.Dataset.Title,
		"caredata.release_id": testMeta.ReleaseID,
		"caredata.licence":    testMeta.Licence,
		"caredata.source_ids": strings.Join(ids, ","),
	} {
		got, ok := pf.KV[k]
		if !ok {
			t.Errorf("key-value metadata %s missing (have %v)", k, slices.Sorted(maps.Keys(pf.KV)))
		} else if got != v {
			t.Errorf("key-value metadata %s = %q, want %q", k, got, v)
		}
	}
	if _, ok := pf.KV["ARROW:schema"]; !ok {
		t.Error("Arrow schema not stored in the file")
	}
	// zstd on every column chunk; dictionary pages exactly on the
	// repetitive string columns and status companions.
	dict := map[string]bool{}
	for _, c := range tbl.Dataset.Columns {
		dict[c.Name] = c.Dictionary
		if c.Status {
			dict[c.StatusName()] = true
		}
	}
	chunks := 0
	for g := 0; g < len(pf.Meta.GetRowGroups()); g++ {
		rg := pf.Meta.RowGroup(g)
		if rg.NumColumns() != want.NumFields() {
			t.Errorf("row group %d has %d columns, want %d", g, rg.NumColumns(), want.NumFields())
		}
		for c := 0; c < rg.NumColumns(); c++ {
			cc, err := rg.ColumnChunk(c)
			if err != nil {
				t.Fatal(err)
			}
			chunks++
			path := cc.PathInSchema().String()
			if cc.Compression() != compress.Codecs.Snappy {
				t.Errorf("row group %d column %s: compression %s, want snappy", g, path, cc.Compression())
			}
			if cc.HasDictionaryPage() != dict[path] {
				t.Errorf("row group %d column %s: dictionary page %v, want %v", g, path, cc.HasDictionaryPage(), dict[path])
			}
		}
	}
	if tbl.Rows() > 0 && chunks == 0 {
		t.Error("no column chunks in a non-empty file")
	}
}

// ---------------------------------------------------------------- Excel

var noteRE = regexp.MustCompile(`\[note [0-9]+\]`)

func checkExcel(t *testing.T, w output.Writer, data []byte, tbl schemas.Table, caseName string) {
	ds := tbl.Dataset
	maxRows := w.(output.ExcelWriter).MaxRows
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	// Workbook: Cover (active), Contents, Notes, then the data sheets.
	sheets := f.GetSheetList()
	dataSheets := excelDataSheets(f, ds)
	if want := append([]string{"Cover", "Contents", "Notes"}, dataSheets...); !slices.Equal(sheets, want) {
		t.Fatalf("sheets %q, want %q", sheets, want)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet %d (%s), want 0 (Cover)", got, f.GetSheetName(got))
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Title != ds.Title {
		t.Errorf("document title %q, want %q", props.Title, ds.Title)
	}
	if props.Language != "en-GB" {
		t.Errorf("document language %q, want en-GB", props.Language)
	}

	// Split: name_1, name_2, ... each within MaxRows.
	if len(dataSheets) > 1 {
		for k, s := range dataSheets {
			if want := fmt.Sprintf("%s_%d", ds.Name, k+1); s != want {
				t.Errorf("data sheet %d named %q, want %q", k+1, s, want)
			}
		}
	} else if len(dataSheets) == 1 && dataSheets[0] != ds.Name {
		t.Errorf("single data sheet named %q, want %q", dataSheets[0], ds.Name)
	}
	if maxRows > 0 && caseName == "rows23" && len(dataSheets) < 3 {
		t.Errorf("23 rows with MaxRows %d on %d sheets, want 3 or more", maxRows, len(dataSheets))
	}
	if maxRows == 0 && len(dataSheets) != 1 {
		t.Errorf("%d data sheets, want 1", len(dataSheets))
	}

	tableNames := map[string]bool{}
	allRefs := map[string]bool{} // [note N] anywhere but the Notes table's first column
	for _, s := range sheets {
		if len(s) > 31 || strings.TrimSpace(s) != s || strings.ContainsAny(s, `[]:*?/\`) {
			t.Errorf("sheet name %q breaks Excel's rules", s)
		}
		if vis, _ := f.GetSheetVisible(s); !vis {
			t.Errorf("sheet %s hidden", s)
		}
		if a1, _ := f.GetCellValue(s, "A1"); strings.TrimSpace(a1) == "" {
			t.Errorf("sheet %s: no title in A1", s)
		}
		if m, err := f.GetMergeCells(s); err != nil || len(m) > 0 {
			t.Errorf("sheet %s: merged cells %v (%v)", s, m, err)
		}
		tables, err := f.GetTables(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			if tableNames[tb.Name] {
				t.Errorf("table name %s used twice", tb.Name)
			}
			tableNames[tb.Name] = true
		}
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			for j, v := range r {
				if s == "Notes" && j == 0 && i > 0 {
					continue
				}
				for _, ref := range noteRE.FindAllString(v, -1) {
					allRefs[ref] = true
				}
			}
		}
	}
	if a1, _ := f.GetCellValue("Cover", "A1"); a1 != ds.Title {
		t.Errorf("Cover A1 %q, want the dataset title %q", a1, ds.Title)
	}

	// Contents: one table, one linked row per sheet after Contents.
	contents := sheetTable(t, f, "Contents", []string{"Sheet name", "Table description"})
	var linked []string
	for _, r := range contents.rows {
		cell, _ := excelize.CoordinatesToCellName(1, r.num)
		ok, target, err := f.GetCellHyperLink("Contents", cell)
		if err != nil || !ok {
			t.Errorf("Contents %s (%s): no hyperlink (%v)", cell, r.cells[0], err)
			continue
		}
		if want := "'" + r.cells[0] + "'!A1"; target != want {
			t.Errorf("Contents %s links to %q, want %q", cell, target, want)
		}
		if r.cells[0] == target || r.cells[1] == "" {
			t.Errorf("Contents %s: unreadable link text %q / description %q", cell, r.cells[0], r.cells[1])
		}
		linked = append(linked, r.cells[0])
	}
	if !slices.Equal(linked, sheets[2:]) {
		t.Errorf("Contents links %q, want every sheet after it %q", linked, sheets[2:])
	}

	// Notes: [note N] numbers, unique, each used; every shorthand explained.
	notes := sheetTable(t, f, "Notes", []string{"Note number", "Note text"})
	noteSet := map[string]bool{}
	var noteText strings.Builder
	for _, r := range notes.rows {
		if !regexp.MustCompile(`^\[note [0-9]+\]$`).MatchString(r.cells[0]) || noteSet[r.cells[0]] {
			t.Errorf("note number %q malformed or repeated", r.cells[0])
		}
		noteSet[r.cells[0]] = true
		noteText.WriteString(r.cells[1] + "\n")
	}
	if len(noteSet) == 0 {
		t.Error("no notes")
	}
	for ref := range allRefs {
		if !noteSet[ref] {
			t.Errorf("%s referenced but not on the Notes sheet", ref)
		}
	}

	// Data sheets.
	total := 0
	for k, s := range dataSheets {
		hdr, all, err := excelHeaderRow(f, s, ds)
		if err != nil {
			t.Fatal(err)
		}
		if a1, _ := f.GetCellValue(s, "A1"); !strings.HasPrefix(a1, ds.Title) {
			t.Errorf("%s A1 %q does not start with the title %q", s, a1, ds.Title)
		}
		for i := 0; i < hdr-1; i++ {
			if len(all[i]) == 0 || all[i][0] == "" || len(all[i]) > 1 {
				t.Errorf("%s row %d above the table: %q, want one statement in column A", s, i+1, all[i])
			}
		}
		sheetRefs := map[string]bool{}
		for _, r := range all[:hdr-1] {
			for _, ref := range noteRE.FindAllString(strings.Join(r, " "), -1) {
				sheetRefs[ref] = true
			}
		}
		for n := range noteSet {
			if !sheetRefs[n] {
				t.Errorf("%s does not reference %s", s, n)
			}
		}
		nData := len(all) - hdr
		total += nData
		if maxRows > 0 && len(all) > maxRows {
			t.Errorf("%s has %d rows, MaxRows is %d", s, len(all), maxRows)
		}
		maxCol := 0
		for _, r := range all {
			maxCol = max(maxCol, len(r))
			for _, v := range r {
				if m := shorthandRE.FindStringSubmatch(v); m != nil && !strings.Contains(noteText.String(), v) {
					t.Errorf("%s: shorthand %s not explained on the Notes sheet", s, v)
				}
			}
		}
		if maxCol != len(ds.Columns) {
			t.Errorf("%s: cells used up to column %d, table has %d columns", s, maxCol, len(ds.Columns))
		}
		last, _ := excelize.CoordinatesToCellName(len(ds.Columns), len(all))
		first, _ := excelize.CoordinatesToCellName(1, hdr)
		tables, _ := f.GetTables(s)
		if nData == 0 {
			// Excel cannot mark up a table with a header only.
			if len(tables) > 1 {
				t.Errorf("%s: %d tables", s, len(tables))
			}
		} else if len(tables) != 1 {
			t.Errorf("%s: %d tables, want exactly 1", s, len(tables))
		} else if want := first + ":" + last; tables[0].Range != want {
			t.Errorf("%s: table range %s, want %s (from column A to the last used cell)", s, tables[0].Range, want)
		}
		if dim, err := f.GetSheetDimension(s); err != nil || dim != "A1:"+last {
			t.Errorf("%s: dimension %q, want A1:%s (%v)", s, dim, last, err)
		}
		if len(dataSheets) > 1 {
			if a1, _ := f.GetCellValue(s, "A1"); !strings.Contains(a1, fmt.Sprintf("part %d of %d", k+1, len(dataSheets))) {
				t.Errorf("%s A1 %q does not say which part it is", s, a1)
			}
		}
	}
	if total != tbl.Rows() {
		t.Errorf("data sheets hold %d rows, table has %d", total, tbl.Rows())
	}
}

type sheetRow struct {
	num   int
	cells []string
}

type markedTable struct{ rows []sheetRow }

// sheetTable finds the single marked-up table of a small sheet, checks its
// header and that it reaches the last used row, and returns its body.
func sheetTable(t *testing.T, f *excelize.File, sheet string, header []string) markedTable {
	t.Helper()
	tables, err := f.GetTables(sheet)
	if err != nil || len(tables) != 1 {
		t.Fatalf("%s: %d tables (%v), want 1", sheet, len(tables), err)
	}
	from, to, _ := strings.Cut(tables[0].Range, ":")
	c1, r1, err1 := excelize.CellNameToCoordinates(from)
	c2, r2, err2 := excelize.CellNameToCoordinates(to)
	if err1 != nil || err2 != nil || c1 != 1 || c2 != len(header) {
		t.Fatalf("%s: table range %s, want columns A to %d", sheet, tables[0].Range, len(header))
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != r2 {
		t.Errorf("%s: table ends at row %d, last used row is %d", sheet, r2, len(rows))
	}
	if !slices.Equal(rows[r1-1], header) {
		t.Errorf("%s: table header %q, want %q", sheet, rows[r1-1], header)
	}
	var mt markedTable
	for i := r1; i < min(r2, len(rows)); i++ {
		cells := append(rows[i], make([]string, len(header))...)[:len(header)]
		mt.rows = append(mt.rows, sheetRow{num: i + 1, cells: cells})
	}
	return mt
}

// ---------------------------------------------------------------- golden

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got %q\nwant %q\n(run go test -update if the change is intended)", path, i+1, g, w)
			}
		}
		t.Fatalf("%s differs", path)
	}
}

// TestApplies: every format is published for every dataset, except the
// .meta.csv companion, which only EES-shaped datasets get.
func TestApplies(t *testing.T) {
	for _, ds := range append([]*schemas.Dataset{testDS}, schemas.All...) {
		for _, w := range output.Writers() {
			want := w.Format().Ext != ".meta.csv" || ds.EES
			if got := w.Applies(ds); got != want {
				t.Errorf("%s.Applies(%s) = %v, want %v", writerName(w), ds.Name, got, want)
			}
		}
	}
}

// readRows renders a table's rows as CSV text, as the CSV writer does.
func readRows(t *testing.T, tbl schemas.Table) [][]string {
	r := schemas.NewReader(tbl)
	var out [][]string
	for i := 0; i < tbl.Rows(); i++ {
		var row []string
		for j, c := range tbl.Dataset.Columns {
			row = append(row, r.Value(i, j).Text(c.Type))
		}
		out = append(out, row)
	}
	return out
}
