package output

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/caredata/caredata/schemas"
)

// ExcelMaxRows is the number of rows in an Excel worksheet.
const ExcelMaxRows = 1 << 20

// ExcelWriter writes a workbook that follows the Analysis Function's
// "Releasing statistics in spreadsheets" guidance: a Cover sheet first, a
// Contents sheet linking every table, a Notes sheet explaining the
// shorthand, then the data as a named Excel table with its title in A1,
// numbers stored as numbers and [c]/[x]/[z] shorthand in suppressed cells.
// Tables longer than a worksheet continue on further sheets.
type ExcelWriter struct {
	// MaxRows caps the rows of one worksheet (0: Excel's 1,048,576);
	// tests lower it to exercise the split.
	MaxRows int
}

// Format is XLSX.
func (ExcelWriter) Format() Format { return Excel }

// Applies to every dataset.
func (ExcelWriter) Applies(*schemas.Dataset) bool { return true }

// statements sit in column A above the data table, one per row.
const headerRow = 5 // title, three statements, then the header

// NeedsSummary is true: the sheet states its number of rows above the
// table, and a table longer than a worksheet continues on further sheets.
func (ExcelWriter) NeedsSummary() bool { return true }

// Write writes the rows as an .xlsx workbook.
func (x ExcelWriter) Write(w io.Writer, rows Rows, m Meta) error {
	ds := rows.Dataset()
	sum, ok := rows.Summary()
	if !ok {
		return fmt.Errorf("xlsx %s: the number of rows must be known before writing", ds.Name)
	}
	f := excelize.NewFile()
	defer f.Close()
	maxRows := x.MaxRows
	if maxRows <= 0 || maxRows > ExcelMaxRows {
		maxRows = ExcelMaxRows
	}
	perSheet := maxRows - headerRow // data rows under the header
	if perSheet < 1 {
		return fmt.Errorf("xlsx %s: MaxRows %d leaves no room for data", ds.Name, maxRows)
	}
	nSheets := (sum.Rows + perSheet - 1) / perSheet
	if nSheets == 0 {
		nSheets = 1
	}
	sheets := make([]string, nSheets)
	for k := range sheets {
		sheets[k] = sheetName(ds.Name, k, nSheets)
	}
	notes := workbookNotes(ds, sum)

	styles, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("xlsx %s: %w", ds.Name, err)
	}
	if err := f.SetSheetName("Sheet1", "Cover"); err != nil {
		return err
	}
	if err := writeCover(f, styles, ds, m, sum.Sources, sheets); err != nil {
		return fmt.Errorf("xlsx %s cover: %w", ds.Name, err)
	}
	if err := writeContents(f, styles, ds, sheets); err != nil {
		return fmt.Errorf("xlsx %s contents: %w", ds.Name, err)
	}
	if err := writeNotes(f, styles, notes); err != nil {
		return fmt.Errorf("xlsx %s notes: %w", ds.Name, err)
	}
	// The cover is the active sheet. Setting it before the data sheets are
	// streamed matters: afterwards excelize would decode and re-encode
	// every streamed sheet to change its view.
	f.SetActiveSheet(0)
	ds2 := &dataSheets{f: f, st: styles, ds: ds, sheets: sheets, perSheet: perSheet, total: sum.Rows, notes: notes}
	if err := rows.Each(ds2.add); err != nil {
		return fmt.Errorf("xlsx %s sheet %q: %w", ds.Name, ds2.current(), err)
	}
	if err := ds2.finish(); err != nil {
		return fmt.Errorf("xlsx %s sheet %q: %w", ds.Name, ds2.current(), err)
	}
	if ds2.written != sum.Rows {
		return fmt.Errorf("xlsx %s: %d rows written, %d expected", ds.Name, ds2.written, sum.Rows)
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:       ds.Title,
		Subject:     ds.Name,
		Description: ds.Description,
		Creator:     "caredata",
		Language:    "en-GB",
		Identifier:  m.ReleaseID,
		Created:     m.Created.UTC().Format("2006-01-02T15:04:05Z"),
		Modified:    m.Created.UTC().Format("2006-01-02T15:04:05Z"),
	}); err != nil {
		return fmt.Errorf("xlsx %s properties: %w", ds.Name, err)
	}
	if nSheets == 1 {
		if _, err := f.WriteTo(w); err != nil {
			return fmt.Errorf("xlsx %s: %w", ds.Name, err)
		}
		return nil
	}
	// excelize writes streamed sheets in map order; sort the zip entries
	// so that the same table always gives the same bytes (and sha256).
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return fmt.Errorf("xlsx %s: %w", ds.Name, err)
	}
	if err := sortedZip(w, buf.Bytes()); err != nil {
		return fmt.Errorf("xlsx %s: %w", ds.Name, err)
	}
	return nil
}

// sortedZip copies a zip archive with its entries in name order, keeping
// [Content_Types].xml first as Office expects.
func sortedZip(w io.Writer, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i].Name, files[j].Name
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	zw := zip.NewWriter(w)
	for _, f := range files {
		if err := zw.Copy(f); err != nil {
			return err
		}
	}
	return zw.Close()
}

// sheetName names the k-th of n data sheets; Excel allows 31 characters.
func sheetName(dataset string, k, n int) string {
	if n == 1 {
		return truncate(dataset, 31)
	}
	suffix := fmt.Sprintf("_%d", k+1)
	return truncate(dataset, 31-len(suffix)) + suffix
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

type styles struct{ title, header, date, datetime int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	if s.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 15}}); err != nil {
		return s, err
	}
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return s, err
	}
	dateFmt := "yyyy-mm-dd"
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return s, err
	}
	dtFmt := "yyyy-mm-dd hh:mm:ss"
	s.datetime, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dtFmt})
	return s, err
}

// note is one row of the Notes table; it is referenced as [note N].
type note struct{ ref, text string }

func workbookNotes(ds *schemas.Dataset, sum Summary) []note {
	symbols := sum.Symbols
	var srcs []string
	for _, s := range sum.Sources {
		srcs = append(srcs, fmt.Sprintf("%s, %s (release %s, %s)", s.Publisher, s.Title, s.Release, s.URL))
	}
	n := []note{{text: ds.Description + " Sources: " + orNone(strings.Join(srcs, "; ")) + "."}}
	if len(symbols) > 0 {
		var parts []string
		for _, s := range symbols {
			part := fmt.Sprintf("[%s] %s", s, schemas.SymbolMeaning(s))
			for _, src := range schemas.SymbolsShownAs(s) {
				part += fmt.Sprintf(" (including the source's %s: %s)", src, schemas.SymbolMeaning(src))
			}
			parts = append(parts, part)
		}
		n = append(n, note{text: "Shorthand used in place of a number: " + strings.Join(parts, "; ") + "."})
	}
	for i := range n {
		n[i].ref = fmt.Sprintf("[note %d]", i+1)
	}
	return n
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// setRows writes one statement per row in column A from row 1.
func setColumnA(f *excelize.File, sheet string, lines []string) error {
	for i, l := range lines {
		if err := f.SetCellStr(sheet, fmt.Sprintf("A%d", i+1), l); err != nil {
			return err
		}
	}
	return nil
}

func writeCover(f *excelize.File, st styles, ds *schemas.Dataset, m Meta, sources []Source, sheets []string) error {
	lines := []string{
		ds.Title,
		ds.Description,
		"This workbook holds the dataset " + ds.Name + " on " + sheetList(sheets) + "; the Notes sheet explains the shorthand and sources.",
	}
	for _, s := range sources {
		lines = append(lines, fmt.Sprintf("Source: %s, %s, release %s: %s", s.Publisher, s.Title, s.Release, s.URL))
	}
	lines = append(lines,
		"Licence: Open Government Licence v3.0 ("+m.Licence+"): "+LicenceURL,
		"Release: "+m.ReleaseID+", published "+m.Created.UTC().Format("2 January 2006"),
		"Where to get the data: this release folder also holds "+ds.Name+".csv (with "+ds.Name+".meta.csv where it applies) and "+ds.Name+".parquet, with the same rows, and datapackage.json describing every file.",
		"Produced by caredata, an open data pipeline for children's social care in England.",
	)
	if err := setColumnA(f, "Cover", lines); err != nil {
		return err
	}
	if err := f.SetCellStyle("Cover", "A1", "A1", st.title); err != nil {
		return err
	}
	if err := setDimension(f, "Cover", 1, len(lines)); err != nil {
		return err
	}
	return f.SetColWidth("Cover", "A", "A", 120)
}

func sheetList(sheets []string) string {
	if len(sheets) == 1 {
		return "the sheet " + sheets[0]
	}
	return fmt.Sprintf("the %d sheets %s", len(sheets), strings.Join(sheets, ", "))
}

// writeTable writes a small marked-up table under column-A statements.
func writeTable(f *excelize.File, st styles, sheet, title string, header []string, rows [][]string, links []string) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	if err := setColumnA(f, sheet, []string{title, "This worksheet contains one table."}); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", st.title); err != nil {
		return err
	}
	top := 3
	if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", top), &header); err != nil {
		return err
	}
	for i, r := range rows {
		cell := fmt.Sprintf("A%d", top+1+i)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
		if links != nil && links[i] != "" {
			if err := f.SetCellHyperLink(sheet, cell, links[i], "Location"); err != nil {
				return err
			}
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(header), top+len(rows))
	if err := f.SetColWidth(sheet, "A", "A", 30); err != nil {
		return err
	}
	col, _ := excelize.ColumnNumberToName(len(header))
	if err := f.SetColWidth(sheet, "B", col, 100); err != nil {
		return err
	}
	if err := setDimension(f, sheet, len(header), top+len(rows)); err != nil {
		return err
	}
	return f.AddTable(sheet, &excelize.Table{Range: fmt.Sprintf("A%d:%s", top, last), Name: sheet + "_table", StyleName: "TableStyleLight1"})
}

func writeContents(f *excelize.File, st styles, ds *schemas.Dataset, sheets []string) error {
	rows := [][]string{{"Notes", "Notes explaining the sources and the shorthand used in the tables"}}
	links := []string{"'Notes'!A1"}
	for k, s := range sheets {
		desc := ds.Title
		if len(sheets) > 1 {
			desc += fmt.Sprintf(" (part %d of %d)", k+1, len(sheets))
		}
		rows = append(rows, []string{s, desc})
		links = append(links, "'"+s+"'!A1")
	}
	return writeTable(f, st, "Contents", "Contents", []string{"Sheet name", "Table description"}, rows, links)
}

func writeNotes(f *excelize.File, st styles, notes []note) error {
	rows := make([][]string, len(notes))
	for i, n := range notes {
		rows[i] = []string{n.ref, n.text}
	}
	return writeTable(f, st, "Notes", "Notes", []string{"Note number", "Note text"}, rows, nil)
}

// dataSheets streams a dataset's rows onto its data sheets, each holding
// at most perSheet rows under its title, statements and header, as one
// Excel table.
type dataSheets struct {
	f        *excelize.File
	st       styles
	ds       *schemas.Dataset
	sheets   []string
	perSheet int
	total    int
	notes    []note

	k       int // sheet being written; -1 before the first
	sw      *excelize.StreamWriter
	lo      int // first row (0-based, of the whole table) on sheet k
	written int
	row     []any
}

func (d *dataSheets) current() string {
	if d.k < len(d.sheets) {
		return d.sheets[d.k]
	}
	return ""
}

// add writes one batch, moving to the next sheet when one is full.
func (d *dataSheets) add(t schemas.Table) error {
	if d.sw == nil && d.written == 0 {
		if err := d.open(0); err != nil {
			return err
		}
	}
	r := schemas.NewReader(t)
	ncol := len(d.ds.Columns)
	if d.row == nil {
		d.row = make([]any, ncol)
	}
	for i := 0; i < t.Rows(); i++ {
		if d.written-d.lo == d.perSheet {
			if err := d.close(); err != nil {
				return err
			}
			if err := d.open(d.k + 1); err != nil {
				return err
			}
		}
		for j, c := range d.ds.Columns {
			v := r.Value(i, j)
			// Excel cuts longer text silently; refuse rather than publish a cut value.
			if len(v.Str) > excelMaxCellChars && utf8.RuneCountInString(v.Str) > excelMaxCellChars {
				return fmt.Errorf("row %d column %s: %d characters, more than an Excel cell holds (%d)",
					d.written+1, c.Name, utf8.RuneCountInString(v.Str), excelMaxCellChars)
			}
			d.row[j] = excelCell(v, c.Type, d.st)
		}
		cell, _ := excelize.CoordinatesToCellName(1, headerRow+1+d.written-d.lo)
		if err := d.sw.SetRow(cell, d.row); err != nil {
			return err
		}
		d.written++
	}
	return nil
}

// finish closes the last sheet (opening it first for an empty table).
func (d *dataSheets) finish() error {
	if d.sw == nil && d.written == 0 {
		if err := d.open(0); err != nil {
			return err
		}
	}
	return d.close()
}

// open starts data sheet k with its title, statements and header.
func (d *dataSheets) open(k int) error {
	if k >= len(d.sheets) {
		return fmt.Errorf("more rows than the %d stated", d.total)
	}
	d.k, d.lo = k, d.written
	sheet, ds := d.sheets[k], d.ds
	hi := min(d.lo+d.perSheet, d.total)
	if _, err := d.f.NewSheet(sheet); err != nil {
		return err
	}
	// The stream writer writes the dimension when it starts, so set it first.
	if err := setDimension(d.f, sheet, len(ds.Columns), headerRow+hi-d.lo); err != nil {
		return err
	}
	sw, err := d.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	d.sw = sw
	ncol := len(ds.Columns)
	if err := sw.SetColWidth(1, ncol, 18); err != nil {
		return err
	}
	title := ds.Title
	if len(d.sheets) > 1 {
		title += fmt.Sprintf(" (part %d of %d)", k+1, len(d.sheets))
	}
	refs := make([]string, len(d.notes))
	for i, nt := range d.notes {
		refs[i] = nt.ref
	}
	statements := []string{
		title,
		"This worksheet contains one table. Notes on the source and shorthand are on the Notes sheet: " + strings.Join(refs, ", ") + ".",
		"Blank cells mean the column does not apply to the row (for example region columns on national rows) or the source gave no value.",
		rowsStatement(d.lo, hi, d.total),
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: d.st.title, Value: statements[0]}}); err != nil {
		return err
	}
	for i, s := range statements[1:] {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), []any{s}); err != nil {
			return err
		}
	}
	header := make([]any, ncol)
	for j, c := range ds.Columns {
		header[j] = excelize.Cell{StyleID: d.st.header, Value: c.Name}
	}
	return sw.SetRow(fmt.Sprintf("A%d", headerRow), header)
}

// close adds the sheet's table (Excel needs a header and at least one
// row to make one) and flushes the stream.
func (d *dataSheets) close() error {
	n := d.written - d.lo
	if n > 0 {
		ncol := len(d.ds.Columns)
		last, _ := excelize.CoordinatesToCellName(ncol, headerRow+n)
		first, _ := excelize.CoordinatesToCellName(1, headerRow)
		if err := d.sw.AddTable(&excelize.Table{Range: first + ":" + last, Name: tableName(d.sheets[d.k]), StyleName: "TableStyleLight9"}); err != nil {
			return err
		}
	}
	err := d.sw.Flush()
	d.sw = nil
	return err
}

// excelMaxCellChars is the most characters an Excel cell holds.
const excelMaxCellChars = 32767

func rowsStatement(lo, hi, total int) string {
	if total == 0 {
		return "This table has no rows in this release."
	}
	return fmt.Sprintf("Rows %d to %d of %d.", lo+1, hi, total)
}

// setDimension declares the used range of a sheet: readers such as
// openpyxl in read-only mode trust it and would otherwise see only A1.
func setDimension(f *excelize.File, sheet string, cols, rows int) error {
	last, err := excelize.CoordinatesToCellName(cols, rows)
	if err != nil {
		return err
	}
	return f.SetSheetDimension(sheet, "A1:"+last)
}

// tableName makes an Excel table name: letters, digits and underscores,
// starting with a letter.
func tableName(sheet string) string {
	var b strings.Builder
	for _, r := range sheet {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	return "t_" + b.String()
}

// excelCell stores numbers as numbers, dates as dates, and a suppressed
// value as its bracketed GSS shorthand text.
func excelCell(v schemas.Value, t schemas.Type, st styles) any {
	if !v.Valid {
		if v.Status != "" {
			return "[" + schemas.StandardSymbol(v.Status) + "]"
		}
		return nil
	}
	switch t {
	case schemas.Int32, schemas.Int64:
		return v.Int
	case schemas.Float64:
		return v.Float
	case schemas.Date32:
		return excelize.Cell{StyleID: st.date, Value: v.AsTime(t)}
	case schemas.Timestamp:
		return excelize.Cell{StyleID: st.datetime, Value: v.AsTime(t)}
	case schemas.Bool:
		return v.Int != 0
	}
	return v.Str
}
