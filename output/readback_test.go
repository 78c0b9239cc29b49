package output_test

// Read-back helpers: each turns one published format back into a canonical
// grid (header + rows, one string per logical column, CSV style: plain
// number text, ISO dates, RFC 3339 instants, the bare symbol for a
// suppressed value, "" for null). They read the files with the format's own
// libraries only (encoding/csv, parquet/file + pqarrow, excelize), never
// with package output's code, so the formats can be compared to each other
// and to the input.

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/metadata"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
	"github.com/xuri/excelize/v2"

	"github.com/caredata/caredata/schemas"
)

const utf8BOM = "\ufeff"

// ---------------------------------------------------------------- CSV

// readCSV parses an EES CSV: it must start with a UTF-8 BOM, which is
// stripped before encoding/csv reads it (Go's reader keeps it in the first
// header otherwise). Every record must have the header's width.
func readCSV(data []byte) ([][]string, error) {
	if !bytes.HasPrefix(data, []byte(utf8BOM)) {
		return nil, fmt.Errorf("csv does not start with a UTF-8 BOM: % x", data[:min(len(data), 3)])
	}
	r := csv.NewReader(bytes.NewReader(data[len(utf8BOM):]))
	r.FieldsPerRecord = 0 // every record as wide as the first
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	if len(recs) == 0 {
		return nil, errors.New("csv has no header")
	}
	return recs, nil
}

// quotedFields returns the content of every quoted field in raw CSV text
// (BOM stripped), unescaping doubled quotes. It scans the bytes itself so
// quoting can be checked independently of encoding/csv.
func quotedFields(text string) ([]string, error) {
	var out []string
	atFieldStart := true
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case atFieldStart && c == '"':
			var b strings.Builder
			j := i + 1
			for ; ; j++ {
				if j >= len(text) {
					return nil, fmt.Errorf("unterminated quoted field at byte %d", i)
				}
				if text[j] == '"' {
					if j+1 < len(text) && text[j+1] == '"' {
						b.WriteByte('"')
						j++
						continue
					}
					break
				}
				b.WriteByte(text[j])
			}
			out = append(out, b.String())
			i = j
			atFieldStart = false
		case c == ',' || c == '\n':
			atFieldStart = true
		default:
			atFieldStart = false
		}
	}
	return out, nil
}

// ---------------------------------------------------------------- Parquet

// parquetFile is a Parquet file read back with the Arrow Parquet reader.
type parquetFile struct {
	Grid   [][]string        // logical columns, symbols folded into value cells
	Schema *arrow.Schema     // Arrow schema as pqarrow reads it (all columns)
	KV     map[string]string // file key-value metadata
	Meta   *metadata.FileMetaData
}

// readParquet reads a Parquet file with parquet/file and pqarrow. A column
// named X_status directly after a column X is X's status companion: it is
// not a logical column, and when X is null its symbol becomes X's cell.
// A row with both a value and a symbol is an error.
func readParquet(data []byte, mem memory.Allocator) (*parquetFile, error) {
	rdr, err := file.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parquet open: %w", err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		return nil, fmt.Errorf("pqarrow: %w", err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		return nil, fmt.Errorf("parquet read: %w", err)
	}
	defer tbl.Release()

	pf := &parquetFile{Schema: tbl.Schema(), KV: map[string]string{}, Meta: rdr.MetaData()}
	kv := rdr.MetaData().KeyValueMetadata()
	keys, vals := kv.Keys(), kv.Values()
	for i := range keys {
		pf.KV[keys[i]] = vals[i]
	}

	schema := tbl.Schema()
	n := int(tbl.NumRows())
	type logical struct {
		name          string
		value, status []string
		valid, hasSym []bool
	}
	var cols []*logical
	for i, f := range schema.Fields() {
		vals, valid, err := columnStrings(tbl.Column(i))
		if err != nil {
			return nil, fmt.Errorf("parquet column %s: %w", f.Name, err)
		}
		if base, ok := strings.CutSuffix(f.Name, "_status"); ok && len(cols) > 0 && cols[len(cols)-1].name == base {
			if f.Type.ID() != arrow.STRING {
				return nil, fmt.Errorf("parquet status column %s has type %s", f.Name, f.Type)
			}
			cols[len(cols)-1].status, cols[len(cols)-1].hasSym = vals, valid
			continue
		}
		cols = append(cols, &logical{name: f.Name, value: vals, valid: valid})
	}
	header := make([]string, len(cols))
	for j, c := range cols {
		header[j] = c.name
	}
	pf.Grid = append(pf.Grid, header)
	for i := 0; i < n; i++ {
		row := make([]string, len(cols))
		for j, c := range cols {
			switch {
			case c.valid[i] && c.hasSym != nil && c.hasSym[i]:
				return nil, fmt.Errorf("parquet row %d column %s: value %q and symbol %q both set", i+1, c.name, c.value[i], c.status[i])
			case c.valid[i]:
				row[j] = c.value[i]
			case c.hasSym != nil && c.hasSym[i]:
				row[j] = schemas.StandardSymbol(c.status[i]) // as CSV and Excel show it
			}
		}
		pf.Grid = append(pf.Grid, row)
	}
	return pf, nil
}

// columnStrings renders a chunked Arrow column as canonical text.
func columnStrings(col *arrow.Column) ([]string, []bool, error) {
	var out []string
	var valid []bool
	for _, chunk := range col.Data().Chunks() {
		for i := 0; i < chunk.Len(); i++ {
			if chunk.IsNull(i) {
				out, valid = append(out, ""), append(valid, false)
				continue
			}
			var s string
			switch a := chunk.(type) {
			case *array.Int32:
				s = strconv.FormatInt(int64(a.Value(i)), 10)
			case *array.Int64:
				s = strconv.FormatInt(a.Value(i), 10)
			case *array.Float64:
				s = strconv.FormatFloat(a.Value(i), 'f', -1, 64)
			case *array.Date32:
				s = a.Value(i).ToTime().UTC().Format(time.DateOnly)
			case *array.Timestamp:
				unit := a.DataType().(*arrow.TimestampType).Unit
				s = a.Value(i).ToTime(unit).UTC().Format(time.RFC3339)
			case *array.String:
				s = a.Value(i)
			default:
				return nil, nil, fmt.Errorf("unexpected Arrow type %s", chunk.DataType())
			}
			out, valid = append(out, s), append(valid, true)
		}
	}
	return out, valid, nil
}

// ---------------------------------------------------------------- Excel

// shorthandRE is a GSS shorthand cell: the symbol in square brackets.
var shorthandRE = regexp.MustCompile(`^\[([A-Za-z]+)\]$`)

// excelDataSheets returns, in workbook order, the sheets holding ds's data:
// the sheet named ds.Name, or ds.Name_1, ds.Name_2, ... when split.
func excelDataSheets(f *excelize.File, ds *schemas.Dataset) []string {
	split := regexp.MustCompile(`^` + regexp.QuoteMeta(ds.Name) + `_[0-9]+$`)
	var out []string
	for _, s := range f.GetSheetList() {
		if s == ds.Name || split.MatchString(s) {
			out = append(out, s)
		}
	}
	return out
}

// excelHeaderRow finds the 1-based row on sheet whose cells equal ds's
// header, returning it and the sheet's rows (raw values).
func excelHeaderRow(f *excelize.File, sheet string, ds *schemas.Dataset) (int, [][]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return 0, nil, err
	}
	var all [][]string
	for rows.Next() {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			rows.Close()
			return 0, nil, err
		}
		all = append(all, cols)
	}
	if err := rows.Close(); err != nil {
		return 0, nil, err
	}
	want := ds.Header()
	for i, r := range all {
		if slices.Equal(r, want) {
			return i + 1, all, nil
		}
	}
	return 0, all, fmt.Errorf("sheet %q: no row equals the header %v", sheet, want)
}

// readExcel reads ds's rows back from an .xlsx workbook, across all its
// data sheets in order. Below the header row each cell must be: for a
// numeric column a number cell (or [symbol] text when the column carries a
// status); for a date or timestamp column a number cell (an Excel serial)
// shown in ISO form; for a string column a text cell. Returned cells are
// canonical (the serial as an ISO date, [c] as c).
func readExcel(data []byte, ds *schemas.Dataset) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("xlsx open: %w", err)
	}
	defer f.Close()
	sheets := excelDataSheets(f, ds)
	if len(sheets) == 0 {
		return nil, fmt.Errorf("xlsx: no data sheet for %s among %v", ds.Name, f.GetSheetList())
	}
	grid := [][]string{ds.Header()}
	for _, sheet := range sheets {
		hdr, all, err := excelHeaderRow(f, sheet, ds)
		if err != nil {
			return nil, err
		}
		for i := hdr; i < len(all); i++ {
			rowNum := i + 1
			raw := all[i]
			if len(raw) > len(ds.Columns) {
				return nil, fmt.Errorf("sheet %q row %d: %d cells, header has %d", sheet, rowNum, len(raw), len(ds.Columns))
			}
			row := make([]string, len(ds.Columns))
			for j, c := range ds.Columns {
				if j >= len(raw) || raw[j] == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(j+1, rowNum)
				v, err := excelCanonical(f, sheet, cell, raw[j], c)
				if err != nil {
					return nil, fmt.Errorf("sheet %q cell %s (%s): %w", sheet, cell, c.Name, err)
				}
				row[j] = v
			}
			grid = append(grid, row)
		}
	}
	return grid, nil
}

func isTextCell(t excelize.CellType) bool {
	return t == excelize.CellTypeSharedString || t == excelize.CellTypeInlineString || t == excelize.CellTypeFormula
}

func isNumberCell(t excelize.CellType) bool {
	return t == excelize.CellTypeUnset || t == excelize.CellTypeNumber
}

// excelCanonical checks one non-empty cell's type and returns its
// canonical text.
func excelCanonical(f *excelize.File, sheet, cell, raw string, c schemas.Column) (string, error) {
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		return "", err
	}
	if isTextCell(typ) {
		if c.Type == schemas.String {
			return raw, nil
		}
		if m := shorthandRE.FindStringSubmatch(raw); m != nil && c.Status {
			return m[1], nil
		}
		return "", fmt.Errorf("%s column holds text %q, not a number or [shorthand]", c.Type, raw)
	}
	if !isNumberCell(typ) {
		return "", fmt.Errorf("unexpected cell type %d", typ)
	}
	if c.Type == schemas.String {
		return "", fmt.Errorf("string column holds number %q", raw)
	}
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return "", fmt.Errorf("number cell %q: %w", raw, err)
	}
	switch c.Type {
	case schemas.Date32, schemas.Timestamp:
		tm, err := excelize.ExcelDateToTime(x, false)
		if err != nil {
			return "", err
		}
		tm = tm.Round(time.Second)
		// The user sees the ISO form, not a serial number.
		shown, err := f.GetCellValue(sheet, cell)
		if err != nil {
			return "", err
		}
		if c.Type == schemas.Date32 {
			if want := tm.Format(time.DateOnly); shown != want {
				return "", fmt.Errorf("date shown as %q, want %q", shown, want)
			}
			return tm.Format(time.DateOnly), nil
		}
		if want := tm.Format(time.DateTime); shown != want {
			return "", fmt.Errorf("timestamp shown as %q, want %q", shown, want)
		}
		return tm.UTC().Format(time.RFC3339), nil
	}
	return strconv.FormatFloat(x, 'f', -1, 64), nil
}
