package output

import (
	"fmt"
	"io"
	"strings"
	"sync"

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
//
// excelize builds the workbook: the Cover, Contents and Notes sheets, the
// styles, the document properties, and each data sheet with its title,
// statements, header and table definition, but without the data rows.
// The rows are written here, straight into the data sheet's part of the
// zip file as it is compressed, cell for cell as excelize's StreamWriter
// would write them except for text: the StreamWriter can only write
// strings inline (t="inlineStr"), which for a long table of a few
// repeated names (la_spend: 636,000 rows, about 1,600 distinct strings)
// is most of half a gigabyte of XML to build, escape and compress. Here
// each distinct string goes once into the shared-strings table
// (xl/sharedStrings.xml, after the strings excelize wrote there) and cells
// refer to it (t="s"). The rows' XML is built from the Arrow arrays in the
// caller's goroutine and deflated in another, so that the two overlap;
// the parts are compressed with klauspost/compress's deflate at level
// xlsxDeflateLevel, several times faster than compress/flate's default,
// and written in a fixed order, so that the same table gives the same
// bytes. Nothing goes through temporary files (the StreamWriter spools
// its sheets to them). Memory is bounded by three 256 KB buffers of rows
// plus the distinct text (see sstBudget), never the sheet.
//
// The splice relies on what excelize writes, not on its internals: the
// package's parts through File.SetZipWriter, a data sheet's rows inside
// <sheetData>...</sheetData>, and xl/sharedStrings.xml with an <sst>
// element; excelize's own shared strings keep their indexes.
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
	wb, err := x.newWorkbook(rows, m)
	if err != nil {
		return err
	}
	defer wb.f.Close()
	ds := wb.ds
	for k := range wb.sheets {
		if err := wb.addDataSheet(k); err != nil {
			return fmt.Errorf("xlsx %s sheet %q: %w", ds.Name, wb.sheets[k], err)
		}
	}
	// The cover is the active sheet.
	wb.f.SetActiveSheet(0)
	if err := wb.setDocProps(m); err != nil {
		return err
	}
	p, err := packageParts(wb.f)
	if err != nil {
		return fmt.Errorf("xlsx %s: %w", ds.Name, err)
	}
	sst, err := p.newSharedStrings()
	if err != nil {
		return fmt.Errorf("xlsx %s: %w", ds.Name, err)
	}
	z, err := newXLSXZip(w, p, wb.sheets)
	if err != nil {
		return fmt.Errorf("xlsx %s: %w", ds.Name, err)
	}
	d := newDataRows(wb, z, newRowWriter(ds, wb.st, sst))
	defer d.stop()
	if err := rows.Each(d.add); err != nil {
		return fmt.Errorf("xlsx %s sheet %q: %w", ds.Name, d.current(), err)
	}
	if err := d.finish(); err != nil {
		return fmt.Errorf("xlsx %s sheet %q: %w", ds.Name, d.current(), err)
	}
	if d.written != wb.sum.Rows {
		return fmt.Errorf("xlsx %s: %d rows written, %d expected", ds.Name, d.written, wb.sum.Rows)
	}
	if err := z.finish(sst); err != nil {
		return fmt.Errorf("xlsx %s: %w", ds.Name, err)
	}
	return nil
}

// workbook is an excelize workbook with its Cover, Contents and Notes
// written, and the plan of its data sheets.
type workbook struct {
	f        *excelize.File
	st       styles
	ds       *schemas.Dataset
	sum      Summary
	sheets   []string // the data sheets' names
	perSheet int      // data rows on a full data sheet
	notes    []note
}

func (x ExcelWriter) newWorkbook(rows Rows, m Meta) (*workbook, error) {
	ds := rows.Dataset()
	sum, ok := rows.Summary()
	if !ok {
		return nil, fmt.Errorf("xlsx %s: the number of rows must be known before writing", ds.Name)
	}
	maxRows := x.MaxRows
	if maxRows <= 0 || maxRows > ExcelMaxRows {
		maxRows = ExcelMaxRows
	}
	perSheet := maxRows - headerRow // data rows under the header
	if perSheet < 1 {
		return nil, fmt.Errorf("xlsx %s: MaxRows %d leaves no room for data", ds.Name, maxRows)
	}
	nSheets := (sum.Rows + perSheet - 1) / perSheet
	if nSheets == 0 {
		nSheets = 1
	}
	sheets := make([]string, nSheets)
	for k := range sheets {
		sheets[k] = sheetName(ds.Name, k, nSheets)
	}
	wb := &workbook{f: excelize.NewFile(), ds: ds, sum: sum, sheets: sheets, perSheet: perSheet, notes: workbookNotes(ds, sum)}
	if err := wb.start(m); err != nil {
		wb.f.Close()
		return nil, fmt.Errorf("xlsx %s: %w", ds.Name, err)
	}
	return wb, nil
}

// start writes the styles, Cover, Contents and Notes.
func (wb *workbook) start(m Meta) error {
	var err error
	f, ds := wb.f, wb.ds
	if wb.st, err = newStyles(f); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "Cover"); err != nil {
		return err
	}
	if err := writeCover(f, wb.st, ds, m, wb.sum.Sources, wb.sheets); err != nil {
		return fmt.Errorf("cover: %w", err)
	}
	if err := writeContents(f, wb.st, ds, wb.sheets); err != nil {
		return fmt.Errorf("contents: %w", err)
	}
	if err := writeNotes(f, wb.st, wb.notes); err != nil {
		return fmt.Errorf("notes: %w", err)
	}
	return nil
}

// rowsOn returns the rows of the whole table, lo to hi (0-based, hi
// excluded), that data sheet k holds.
func (wb *workbook) rowsOn(k int) (lo, hi int) {
	lo = k * wb.perSheet
	return lo, min(lo+wb.perSheet, wb.sum.Rows)
}

// statements are data sheet k's title and the statements above its table.
func (wb *workbook) statements(k int) []string {
	ds := wb.ds
	lo, hi := wb.rowsOn(k)
	title := ds.Title
	if len(wb.sheets) > 1 {
		title += fmt.Sprintf(" (part %d of %d)", k+1, len(wb.sheets))
	}
	refs := make([]string, len(wb.notes))
	for i, nt := range wb.notes {
		refs[i] = nt.ref
	}
	return []string{
		title,
		"This worksheet contains one table. Notes on the source and shorthand are on the Notes sheet: " + strings.Join(refs, ", ") + ".",
		"Blank cells mean the column does not apply to the row (for example region columns on national rows) or the source gave no value.",
		rowsStatement(lo, hi, wb.sum.Rows),
	}
}

// addDataSheet adds data sheet k with its title, statements, header and
// the table that its rows, written later, will fill (Excel needs a header
// and at least one row to make one).
func (wb *workbook) addDataSheet(k int) error {
	f, sheet, ds := wb.f, wb.sheets[k], wb.ds
	lo, hi := wb.rowsOn(k)
	ncol := len(ds.Columns)
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	lastCol, err := excelize.ColumnNumberToName(ncol)
	if err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", lastCol, 18); err != nil {
		return err
	}
	if err := setColumnA(f, sheet, wb.statements(k)); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", wb.st.title); err != nil {
		return err
	}
	header := ds.Header()
	first := fmt.Sprintf("A%d", headerRow)
	if err := f.SetSheetRow(sheet, first, &header); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, first, fmt.Sprintf("%s%d", lastCol, headerRow), wb.st.header); err != nil {
		return err
	}
	if err := setDimension(f, sheet, ncol, headerRow+hi-lo); err != nil {
		return err
	}
	if hi == lo {
		return nil
	}
	last := fmt.Sprintf("%s%d", lastCol, headerRow+hi-lo)
	return f.AddTable(sheet, &excelize.Table{Range: first + ":" + last, Name: tableName(sheet), StyleName: "TableStyleLight9"})
}

func (wb *workbook) setDocProps(m Meta) error {
	ds := wb.ds
	if err := wb.f.SetDocProps(&excelize.DocProperties{
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
	return nil
}

// dataRows writes a dataset's rows onto its data sheets, each holding at
// most perSheet rows under its title, statements and header. The rows'
// XML is built in the caller's goroutine and deflated in another (see
// sheetPipe), so that on two cores the one overlaps the other.
type dataRows struct {
	wb      *workbook
	z       *xlsxZip
	rw      *rowWriter
	free    chan []byte // buffers for rw.buf
	pipe    *sheetPipe  // sheet k's, while its rows are written
	k       int         // sheet being written
	started bool        // sheet k's part is started
	written int         // rows written, on all sheets
}

// pipeBuffers is how many row buffers are in flight: one being filled,
// one being deflated, one waiting.
const pipeBuffers = 3

func newDataRows(wb *workbook, z *xlsxZip, rw *rowWriter) *dataRows {
	d := &dataRows{wb: wb, z: z, rw: rw, free: make(chan []byte, pipeBuffers)}
	for range pipeBuffers - 1 {
		d.free <- make([]byte, 0, cap(rw.buf))
	}
	return d
}

func (d *dataRows) current() string {
	if d.k < len(d.wb.sheets) {
		return d.wb.sheets[d.k]
	}
	return ""
}

// add writes one batch, moving to the next sheet when one is full.
func (d *dataRows) add(t schemas.Table) error {
	if !d.started {
		if err := d.open(); err != nil {
			return err
		}
	}
	if err := d.rw.batch(t); err != nil {
		return err
	}
	for i, n := 0, t.Rows(); i < n; i++ {
		if d.written == d.wb.sum.Rows {
			return fmt.Errorf("more rows than the %d stated", d.wb.sum.Rows)
		}
		lo, _ := d.wb.rowsOn(d.k)
		if d.written-lo == d.wb.perSheet {
			if err := d.close(); err != nil {
				return err
			}
			d.k++
			if err := d.open(); err != nil {
				return err
			}
			lo, _ = d.wb.rowsOn(d.k)
		}
		if err := d.rw.row(i, headerRow+1+d.written-lo); err != nil {
			return fmt.Errorf("row %d %w", d.written+1, err)
		}
		d.written++
		if len(d.rw.buf) >= rowBufSize {
			if err := d.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// open starts sheet k's part and its pipe.
func (d *dataRows) open() error {
	if err := d.z.openSheet(d.k); err != nil {
		return err
	}
	d.started = true
	d.pipe = startSheetPipe(d.z.cur, d.free)
	return nil
}

// flush hands the rows built so far to the pipe.
func (d *dataRows) flush() error {
	if len(d.rw.buf) == 0 {
		return nil
	}
	d.pipe.full <- d.rw.buf
	d.rw.buf = <-d.free
	return d.pipe.failed()
}

// close ends sheet k: the pipe's last rows, then the part's rest.
func (d *dataRows) close() error {
	if d.pipe == nil {
		return nil
	}
	err := d.flush()
	if perr := d.pipe.close(); err == nil {
		err = perr
	}
	d.pipe = nil
	if err != nil {
		return err
	}
	return d.z.closeSheet()
}

// stop ends the pipe after an error, so that its goroutine does not
// outlive Write.
func (d *dataRows) stop() {
	if d.pipe != nil {
		d.pipe.close()
		d.pipe = nil
	}
}

// finish ends the last sheet written and writes any later one without
// rows (when the rows were fewer than stated, which Write then reports).
func (d *dataRows) finish() error {
	if !d.started {
		if err := d.open(); err != nil {
			return err
		}
	}
	if err := d.close(); err != nil {
		return err
	}
	for d.k+1 < len(d.wb.sheets) {
		d.k++
		if err := d.open(); err != nil {
			return err
		}
		if err := d.close(); err != nil {
			return err
		}
	}
	return nil
}

// sheetPipe writes the buffers sent on full to a data sheet's zip entry in
// its own goroutine, returning each to free once written; deflating is
// most of the work of writing a big sheet.
type sheetPipe struct {
	full chan []byte
	done chan struct{}
	mu   sync.Mutex
	err  error
}

func startSheetPipe(w io.Writer, free chan<- []byte) *sheetPipe {
	p := &sheetPipe{full: make(chan []byte), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for b := range p.full {
			if p.failed() == nil {
				if _, err := w.Write(b); err != nil {
					p.mu.Lock()
					p.err = err
					p.mu.Unlock()
				}
			}
			free <- b[:0]
		}
	}()
	return p
}

// failed returns the error of a write that failed, if one did.
func (p *sheetPipe) failed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// close waits for the buffers sent to be written.
func (p *sheetPipe) close() error {
	close(p.full)
	<-p.done
	return p.failed()
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
	for _, t := range ds.Notes {
		n = append(n, note{text: t})
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
