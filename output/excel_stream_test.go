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

// streamExcelWriter is ExcelWriter as it was before it wrote the data rows
// itself: every row through excelize's StreamWriter, text inline. Tests
// compare the two writers' workbooks cell by cell.
type streamExcelWriter struct{ MaxRows int }

// StreamExcelWriter is streamExcelWriter for the tests of package output_test.
type StreamExcelWriter = streamExcelWriter

// SetSSTBudget sets the budget of shared text until restore is called.
func SetSSTBudget(n int) (restore func()) {
	old := sstBudget
	sstBudget = n
	return func() { sstBudget = old }
}

func (streamExcelWriter) Format() Format                { return Excel }
func (streamExcelWriter) Applies(*schemas.Dataset) bool { return true }
func (streamExcelWriter) NeedsSummary() bool            { return true }

func (x streamExcelWriter) Write(w io.Writer, rows Rows, m Meta) error {
	wb, err := ExcelWriter{MaxRows: x.MaxRows}.newWorkbook(rows, m)
	if err != nil {
		return err
	}
	f, ds, sum := wb.f, wb.ds, wb.sum
	defer f.Close()
	// The cover is the active sheet. Setting it before the data sheets are
	// streamed matters: afterwards excelize would decode and re-encode
	// every streamed sheet to change its view.
	f.SetActiveSheet(0)
	ds2 := &streamSheets{f: f, st: wb.st, ds: ds, sheets: wb.sheets, perSheet: wb.perSheet, total: sum.Rows, notes: wb.notes}
	if err := rows.Each(ds2.add); err != nil {
		return fmt.Errorf("xlsx %s sheet %q: %w", ds.Name, ds2.current(), err)
	}
	if err := ds2.finish(); err != nil {
		return fmt.Errorf("xlsx %s sheet %q: %w", ds.Name, ds2.current(), err)
	}
	if ds2.written != sum.Rows {
		return fmt.Errorf("xlsx %s: %d rows written, %d expected", ds.Name, ds2.written, sum.Rows)
	}
	if err := wb.setDocProps(m); err != nil {
		return err
	}
	if len(wb.sheets) == 1 {
		_, err := f.WriteTo(w)
		return err
	}
	// excelize writes streamed sheets in map order; sort the zip entries
	// so that the same table always gives the same bytes (and sha256).
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return fmt.Errorf("xlsx %s: %w", ds.Name, err)
	}
	return sortedZip(w, buf.Bytes())
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

// streamSheets streams a dataset's rows onto its data sheets, each holding
// at most perSheet rows under its title, statements and header, as one
// Excel table.
type streamSheets struct {
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

func (d *streamSheets) current() string {
	if d.k < len(d.sheets) {
		return d.sheets[d.k]
	}
	return ""
}

// add writes one batch, moving to the next sheet when one is full.
func (d *streamSheets) add(t schemas.Table) error {
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
func (d *streamSheets) finish() error {
	if d.sw == nil && d.written == 0 {
		if err := d.open(0); err != nil {
			return err
		}
	}
	return d.close()
}

// open starts data sheet k with its title, statements and header.
func (d *streamSheets) open(k int) error {
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
func (d *streamSheets) close() error {
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
