package output_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/xuri/excelize/v2"

	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
	"github.com/caredata/caredata/validate"
)

// allTypesDS has a column of every type, with status companions on the
// numbers.
var allTypesDS = &schemas.Dataset{
	Name:        "all_types",
	Title:       "Every column type",
	Description: "A table of every column type, with awkward text.",
	Columns: []schemas.Column{
		{Name: "year", Type: schemas.Int32},
		{Name: "count", Type: schemas.Int64, Status: true},
		{Name: "rate", Type: schemas.Float64, Status: true},
		{Name: "name", Type: schemas.String},
		{Name: "day", Type: schemas.Date32},
		{Name: "at", Type: schemas.Timestamp},
		{Name: "flag", Type: schemas.Bool},
	},
}

// awkwardText is text that XML, Excel's escapes or white space make hard.
var awkwardText = []string{
	"plain", " leading space", "trailing newline\n", "a\r\nb", "tab\there", `<&>"'`, "_x0041_", "_x005F_x0041_",
	"_x005f_", "_xD800_", "control \x01 and \x1f", "emoji 😀", "]]>", "é à ü", "\ufffe", " ", "x\u2028y",
	strings.Repeat("😀", 20000), // 40,000 UTF-16 units: Excel holds 32,767
}

// allTypesRows returns n rows of allTypesDS: every awkward text, dates
// around Excel's 1900 quirks and far ahead, NaN and infinities, nulls
// with and without symbols.
func allTypesRows(n int) [][]schemas.Value {
	days := []time.Time{day(1899, 12, 30), day(1899, 12, 31), day(1900, 1, 1), day(1900, 2, 28), day(1900, 3, 1),
		day(1970, 1, 1), day(2025, 3, 31), day(2199, 12, 31), day(2400, 2, 29)}
	floats := []float64{0, -0.5, 1e-7, 1e21, 123456789.125, math.NaN(), math.Inf(1), math.Inf(-1), 1.0 / 3}
	symbols := []string{"c", "x", "z", "M", "n", "Y", "low"}
	var rows [][]schemas.Value
	for i := range n {
		count := schemas.Int(int64(i*i) - 50)
		rate := schemas.Float(floats[i%len(floats)])
		switch i % 6 {
		case 1:
			count = schemas.Missing(symbols[i%len(symbols)])
		case 2:
			count, rate = schemas.Null(), schemas.Missing(symbols[(i+3)%len(symbols)])
		case 3:
			rate = schemas.Null()
		}
		d := days[i%len(days)]
		at := d.Add(time.Duration(i*7919) * time.Second)
		dv, tv, name, flag := schemas.Date(d), schemas.Time(at), schemas.Str(awkwardText[i%len(awkwardText)]), schemas.Boolean(i%3 == 0)
		if i%5 == 4 {
			dv, tv, name, flag = schemas.Null(), schemas.Null(), schemas.Null(), schemas.Null()
		}
		rows = append(rows, []schemas.Value{schemas.Int(int64(2000 + i%30)), count, rate, name, dv, tv, flag})
	}
	return rows
}

// cellView is what a reader sees of a cell through excelize.
type cellView struct {
	Type       string // number, text, bool, ...
	Raw, Shown string
	Style      int
	HasLink    bool
	Link       string
}

// workbookView is everything a reader sees of a workbook through excelize.
type workbookView struct {
	Sheets []string
	Active int
	Props  excelize.DocProperties
	Per    map[string]sheetView
}

type sheetView struct {
	Dimension string
	Tables    []string
	Merged    int
	Visible   bool
	Widths    []float64
	Rows      int
	Cells     map[string]cellView
}

func viewWorkbook(t *testing.T, data []byte) workbookView {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	v := workbookView{Sheets: f.GetSheetList(), Active: f.GetActiveSheetIndex(), Props: *props, Per: map[string]sheetView{}}
	for _, s := range v.Sheets {
		var sv sheetView
		sv.Dimension, _ = f.GetSheetDimension(s)
		tables, err := f.GetTables(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			stripes := tb.ShowRowStripes != nil && *tb.ShowRowStripes
			tb.ShowRowStripes, tb.ShowHeaderRow = nil, nil
			sv.Tables = append(sv.Tables, fmt.Sprintf("%+v stripes %v", tb, stripes))
		}
		m, _ := f.GetMergeCells(s)
		sv.Merged = len(m)
		sv.Visible, _ = f.GetSheetVisible(s)
		raw, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		shown, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		sv.Rows = len(raw)
		width := 0
		sv.Cells = map[string]cellView{}
		for i, r := range raw {
			width = max(width, len(r))
			for j, x := range r {
				if x == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
				typ, _ := f.GetCellType(s, ref)
				c := cellView{Raw: x, Type: map[excelize.CellType]string{
					excelize.CellTypeUnset: "number", excelize.CellTypeNumber: "number",
					excelize.CellTypeSharedString: "text", excelize.CellTypeInlineString: "text",
					excelize.CellTypeBool: "bool", excelize.CellTypeDate: "date", excelize.CellTypeFormula: "formula",
					excelize.CellTypeError: "error"}[typ]}
				c.Shown = shown[i][j]
				c.Style, _ = f.GetCellStyle(s, ref)
				if s == "Contents" {
					c.HasLink, c.Link, _ = f.GetCellHyperLink(s, ref)
				}
				sv.Cells[ref] = c
			}
		}
		for c := 1; c <= width+1; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, _ := f.GetColWidth(s, name)
			sv.Widths = append(sv.Widths, w)
		}
		v.Per[s] = sv
	}
	return v
}

// diffViews reports how two workbook views differ, at most a few cells.
func diffViews(t *testing.T, old, new workbookView) {
	t.Helper()
	if !slices.Equal(old.Sheets, new.Sheets) || old.Active != new.Active || old.Props != new.Props {
		t.Fatalf("workbooks differ:\nold %v active %d %+v\nnew %v active %d %+v", old.Sheets, old.Active, old.Props, new.Sheets, new.Active, new.Props)
	}
	for _, s := range old.Sheets {
		o, n := old.Per[s], new.Per[s]
		if o.Dimension != n.Dimension || o.Merged != n.Merged || o.Visible != n.Visible || o.Rows != n.Rows ||
			!slices.Equal(o.Widths, n.Widths) || !slices.Equal(o.Tables, n.Tables) {
			t.Errorf("sheet %s differs:\nold %s %d %v %d rows widths %v tables %+v\nnew %s %d %v %d rows widths %v tables %+v", s,
				o.Dimension, o.Merged, o.Visible, o.Rows, o.Widths, o.Tables, n.Dimension, n.Merged, n.Visible, n.Rows, n.Widths, n.Tables)
		}
		bad := 0
		for ref, oc := range o.Cells {
			if nc, ok := n.Cells[ref]; !ok || nc != oc {
				if bad++; bad <= 5 {
					t.Errorf("sheet %s cell %s:\nold %+.200v\nnew %+.200v (present %v)", s, ref, oc, nc, ok)
				}
			}
		}
		for ref := range n.Cells {
			if _, ok := o.Cells[ref]; !ok {
				if bad++; bad <= 5 {
					t.Errorf("sheet %s cell %s: only in the new workbook: %+.200v", s, ref, n.Cells[ref])
				}
			}
		}
		if bad > 5 {
			t.Errorf("sheet %s: %d cells differ", s, bad)
		}
	}
}

// TestExcelSameAsStreamWriter: the workbook ExcelWriter writes reads back,
// through excelize, exactly as the one excelize's StreamWriter wrote
// (StreamExcelWriter, the writer before): same sheets, cells, values
// (raw and as shown), types (shared and inline text both text), styles,
// tables, widths, links and properties.
func TestExcelSameAsStreamWriter(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	small := buildTable(t, mem, allTypesDS, allTypesRows(len(awkwardText)*3))
	defer small.Release()
	medium := generateLASpend(t, mem, 3_000)
	defer medium.Release()
	conformance := func() schemas.Table {
		rows, _ := generatedRows(23)
		return buildTable(t, mem, testDS, rows)
	}()
	defer conformance.Release()
	empty := buildTable(t, mem, testDS, nil)
	defer empty.Release()
	for _, tc := range []struct {
		name    string
		tbl     schemas.Table
		maxRows int
		budget  int // bytes of distinct text shared before the rest is inline
	}{
		{"small", small, 0, 0},
		{"small_budget", small, 0, 200},
		{"small_split", small, 20, 0},
		{"medium", medium, 0, 0},
		{"medium_split", medium, 1_200, 0},
		{"medium_budget", medium, 0, 300},
		{"conformance_split", conformance, 10, 0},
		{"empty", empty, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.budget > 0 {
				defer output.SetSSTBudget(tc.budget)()
			}
			old := writeTable(t, output.StreamExcelWriter{MaxRows: tc.maxRows}, tc.tbl, testMeta)
			new := writeTable(t, output.ExcelWriter{MaxRows: tc.maxRows}, tc.tbl, testMeta)
			diffViews(t, viewWorkbook(t, old), viewWorkbook(t, new))
			if inline := bytes.Contains(zipParts(t, new)["xl/worksheets/sheet4.xml"], []byte(`t="inlineStr"`)); inline != (tc.budget > 0) {
				t.Errorf("inline text %v with a budget of %d", inline, tc.budget)
			}
		})
	}
}

// The independent reader: archive/zip and encoding/xml only.

type xSST struct {
	SI []struct {
		T string `xml:"t"`
		R []struct {
			T string `xml:"t"`
		} `xml:"r"`
	} `xml:"si"`
}

type xSheet struct {
	Rows []struct {
		R     int `xml:"r,attr"`
		Cells []struct {
			R  string `xml:"r,attr"`
			T  string `xml:"t,attr"`
			S  int    `xml:"s,attr"`
			V  string `xml:"v"`
			IS *struct {
				T string `xml:"t"`
			} `xml:"is"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
}

// stXstring undoes ECMA-376's _xHHHH_ escapes (§22.9.2.19).
func stXstring(s string) string {
	return regexp.MustCompile(`_x([0-9A-Fa-f]{4})_`).ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:6], 16, 32)
		return string(rune(n))
	})
}

func zipParts(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = b
	}
	return out
}

// TestExcelSharedStringsIndependentReader reads the workbook with
// archive/zip and encoding/xml only: the data sheet's text cells are
// shared strings that resolve to the CSV's text, numbers are number
// cells, [x] is text, and excelize opens the workbook.
func TestExcelSharedStringsIndependentReader(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var rows [][]schemas.Value
	for _, r := range allTypesRows(200) {
		if s := r[3].Str; strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE }) ||
			len(s) > 1000 || math.IsNaN(r[2].Float) || math.IsInf(r[2].Float, 0) || r[4].Valid && r[4].Int < -25508 {
			continue // XML cannot hold the text, CSV and Excel show NaN or a date before March 1900 differently
		}
		rows = append(rows, r)
	}
	tbl := buildTable(t, mem, allTypesDS, rows)
	defer tbl.Release()
	data := writeTable(t, output.ExcelWriter{}, tbl, testMeta)
	csv, err := readCSV(writeTable(t, output.CSVWriter{}, tbl, testMeta))
	if err != nil {
		t.Fatal(err)
	}
	parts := zipParts(t, data)
	var sst xSST
	if err := xml.Unmarshal(parts["xl/sharedStrings.xml"], &sst); err != nil {
		t.Fatal(err)
	}
	strs := make([]string, len(sst.SI))
	for i, si := range sst.SI {
		strs[i] = si.T
		for _, r := range si.R {
			strs[i] += r.T
		}
		strs[i] = stXstring(strs[i])
	}
	if m := regexp.MustCompile(`uniqueCount="([0-9]+)"`).FindSubmatch(parts["xl/sharedStrings.xml"]); m == nil || string(m[1]) != strconv.Itoa(len(strs)) {
		t.Errorf("uniqueCount %q, %d strings", m, len(strs))
	}
	var sheet xSheet
	if err := xml.Unmarshal(parts["xl/worksheets/sheet4.xml"], &sheet); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(parts["xl/workbook.xml"], []byte(`name="all_types"`)) {
		t.Fatal("sheet4 is not the data sheet")
	}
	// The data sheet's styles for dates, from the date cells' s.
	shared, number := 0, 0
	for k, row := range sheet.Rows {
		if row.R != k+1 {
			t.Fatalf("row %d numbered %d", k+1, row.R)
		}
		if row.R <= 5 {
			continue // title, statements, header
		}
		want := csv[row.R-5]
		got := make([]string, len(allTypesDS.Columns))
		for _, c := range row.Cells {
			col, r, err := excelize.CellNameToCoordinates(c.R)
			if err != nil || r != row.R {
				t.Fatalf("cell %q in row %d", c.R, row.R)
			}
			j, ct := col-1, allTypesDS.Columns[col-1].Type
			switch c.T {
			case "s":
				i, err := strconv.Atoi(c.V)
				if err != nil || i < 0 || i >= len(strs) {
					t.Fatalf("%s: shared string %q of %d", c.R, c.V, len(strs))
				}
				shared++
				got[j] = strs[i]
				if ct != schemas.String {
					if m := shorthandRE.FindStringSubmatch(got[j]); m == nil {
						t.Errorf("%s: %s column holds text %q", c.R, ct, got[j])
					} else {
						got[j] = m[1] // [x] in Excel is x in CSV
					}
				}
			case "", "n":
				number++
				x, err := strconv.ParseFloat(c.V, 64)
				if err != nil {
					t.Fatalf("%s: number %q", c.R, c.V)
				}
				switch ct {
				case schemas.Date32, schemas.Timestamp:
					// Serial days since 1899-12-30 (from March 1900).
					days := math.Floor(x)
					tm := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days)).Add(time.Duration(math.Round((x-days)*86400)) * time.Second)
					got[j] = tm.Format(time.RFC3339)
					if ct == schemas.Date32 {
						got[j] = tm.Format(time.DateOnly)
					}
					if c.S == 0 {
						t.Errorf("%s: date without a style", c.R)
					}
				case schemas.String, schemas.Bool:
					t.Errorf("%s: number in a %s column", c.R, ct)
				default:
					got[j] = strconv.FormatFloat(x, 'f', -1, 64)
				}
			case "b":
				got[j] = map[string]string{"1": "true", "0": "false"}[c.V]
			default:
				t.Errorf("%s: cell type %q", c.R, c.T)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("row %d:\n got %q\nwant %q", row.R, got, want)
		}
	}
	if len(sheet.Rows) != 5+len(csv)-1 {
		t.Errorf("%d rows, want %d", len(sheet.Rows), 5+len(csv)-1)
	}
	if shared == 0 || number == 0 {
		t.Errorf("%d shared-string cells, %d number cells", shared, number)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, err := f.GetCellValue("all_types", "D6"); err != nil || v != csv[1][3] {
		t.Errorf("excelize reads D6 as %q (%v), want %q", v, err, csv[1][3])
	}
}

// TestExcelPassesValidator writes a small release folder (CSV, xlsx,
// datapackage.json, SHA256SUMS) and runs the release validator on it: no
// spreadsheet rule fails, on one data sheet or several. The validator
// resolves shared strings: a number cell turned into a shared string is
// reported as a number stored as text, a [c] shared string is not.
func TestExcelPassesValidator(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	in, _ := generatedRows(40)
	tbl := buildTable(t, mem, testDS, in)
	defer tbl.Release()

	publish := func(t *testing.T, w output.ExcelWriter, edit func(parts map[string][]byte)) []validate.Finding {
		dir := t.TempDir()
		xlsx := writeTable(t, w, tbl, testMeta)
		if edit != nil {
			xlsx = rezip(t, xlsx, edit)
		}
		contents := map[string][]byte{
			testDS.Name + ".csv":  writeTable(t, output.CSVWriter{}, tbl, testMeta),
			testDS.Name + ".xlsx": xlsx,
		}
		var files []output.File
		var sums strings.Builder
		for _, f := range []output.Format{output.CSV, output.Excel} {
			name := testDS.Name + f.Ext
			h := sha256.Sum256(contents[name])
			files = append(files, output.File{Dataset: testDS, Format: f, Path: name, Bytes: int64(len(contents[name])), SHA256: hex.EncodeToString(h[:])})
		}
		dp, err := output.DataPackage(files, testMeta, testSources, nil)
		if err != nil {
			t.Fatal(err)
		}
		contents["datapackage.json"] = dp
		for _, name := range []string{"datapackage.json", testDS.Name + ".csv", testDS.Name + ".xlsx"} {
			h := sha256.Sum256(contents[name])
			fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(h[:]), name)
		}
		contents["SHA256SUMS"] = []byte(sums.String())
		for name, b := range contents {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		findings, err := validate.Dir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var xlsxFindings []validate.Finding
		for _, f := range findings {
			if strings.HasPrefix(f.Rule, "xlsx-") {
				xlsxFindings = append(xlsxFindings, f)
			}
		}
		return xlsxFindings
	}
	for _, w := range []output.ExcelWriter{{}, {MaxRows: 12}} {
		t.Run(writerName(w), func(t *testing.T) {
			if f := publish(t, w, nil); len(f) > 0 {
				t.Errorf("spreadsheet rules fail: %v", f)
			}
		})
	}

	// children_count (F) of the first data row, 0, becomes the shared
	// string at index k.
	toShared := func(t *testing.T, text string) func(parts map[string][]byte) {
		return func(parts map[string][]byte) {
			var sst xSST
			if err := xml.Unmarshal(parts["xl/sharedStrings.xml"], &sst); err != nil {
				t.Fatal(err)
			}
			k := slices.IndexFunc(sst.SI, func(si struct {
				T string `xml:"t"`
				R []struct {
					T string `xml:"t"`
				} `xml:"r"`
			}) bool {
				return si.T == text
			})
			if k < 0 {
				t.Fatalf("no shared string %q", text)
			}
			sheet := parts["xl/worksheets/sheet4.xml"]
			old := []byte(`<c r="F6"><v>0</v></c>`)
			if !bytes.Contains(sheet, old) {
				t.Fatalf("no %s in the sheet", old)
			}
			parts["xl/worksheets/sheet4.xml"] = bytes.Replace(sheet, old, fmt.Appendf(nil, `<c r="F6" t="s"><v>%d</v></c>`, k), 1)
		}
	}
	t.Run("number as shared text", func(t *testing.T) {
		f := publish(t, output.ExcelWriter{}, toShared(t, "Reporting year"))
		if len(f) != 1 || f[0].Rule != "xlsx-number-as-text" || f[0].Column != "F6" {
			t.Errorf("findings %v, want one xlsx-number-as-text in F6", f)
		}
	})
	t.Run("shorthand as shared text", func(t *testing.T) {
		if f := publish(t, output.ExcelWriter{}, toShared(t, "[c]")); len(f) > 0 {
			t.Errorf("findings %v, want none", f)
		}
	})
}

// rezip rewrites a zip archive's parts with edit, in the same order.
func rezip(t *testing.T, data []byte, edit func(parts map[string][]byte)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := zipParts(t, data)
	edit(parts)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(parts[f.Name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestExcelRowCountMismatch: rows that are more or fewer than the
// summary stated are an error, not a workbook with a wrong table.
func TestExcelRowCountMismatch(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	in, _ := generatedRows(30)
	tbl := buildTable(t, mem, testDS, in)
	defer tbl.Release()
	for _, stated := range []int{29, 31, 0} {
		for _, w := range []output.ExcelWriter{{}, {MaxRows: 12}} {
			rows := lyingRows{output.TableRows(tbl, testSources...), stated}
			err := w.Write(io.Discard, rows, testMeta)
			if err == nil {
				t.Errorf("%d rows stated as %d (MaxRows %d): no error", tbl.Rows(), stated, w.MaxRows)
			}
		}
	}
}

// lyingRows states another number of rows than it has.
type lyingRows struct {
	output.Rows
	n int
}

func (r lyingRows) Summary() (output.Summary, bool) {
	s, ok := r.Rows.Summary()
	s.Rows = r.n
	return s, ok
}
