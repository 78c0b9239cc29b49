// Package csvsheet reads a CSV file as a one-sheet sheet.Workbook, so an
// extractor that finds its header by name reads a sheet exported to CSV
// (as Ofsted's older registers survive) with the same code as the
// workbook it came from.
//
// Every cell is a String: a CSV keeps no types, and the extractors already
// parse numbers and dates from text, as they must for text cells in ODS.
// The bytes are decoded by package charset, in the charset the caller
// names (the manifest's media type parameter).
package csvsheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/caredata/caredata/extractors/charset"
	"github.com/caredata/caredata/extractors/sheet"
)

// Decode returns data as UTF-8 by package charset's rule; a charset it
// does not know makes the file malformed.
func Decode(name string, data []byte, cs string) ([]byte, error) {
	out, err := charset.Decode(data, cs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, sheet.ErrMalformed, err)
	}
	return out, nil
}

// Workbook is a CSV file seen as a workbook of one sheet.
type Workbook struct {
	name, sheetName string
	data            []byte
}

// Open decodes data (see Decode) and returns it as a workbook whose one
// sheet is called sheetName. name is used only in error messages.
func Open(name, sheetName string, data []byte, charset string) (*Workbook, error) {
	text, err := Decode(name, data, charset)
	if err != nil {
		return nil, err
	}
	return &Workbook{name: name, sheetName: sheetName, data: text}, nil
}

// Text is the file decoded to UTF-8, as the rows are read from it.
func (w *Workbook) Text() []byte { return w.data }

// Sheets lists the one sheet.
func (w *Workbook) Sheets() []string { return []string{w.sheetName} }

// Rows opens the sheet.
func (w *Workbook) Rows(name string) (sheet.Rows, error) {
	if name != w.sheetName {
		return nil, sheet.NoSheetError(w.name, name, w.Sheets())
	}
	r := csv.NewReader(bytes.NewReader(w.data))
	r.FieldsPerRecord = -1 // exports pad some rows and not others
	r.ReuseRecord = true
	return &rows{file: w.name, r: r}, nil
}

// Close releases nothing: the data belongs to the caller.
func (w *Workbook) Close() error { return nil }

// rows iterates the records, skipping blank ones as the sheet readers do.
type rows struct {
	file string
	r    *csv.Reader
	row  []sheet.Cell
	line int
	// spanned counts the line breaks inside the quoted cells read so far
	// (RSX's header labels have one each), which are not rows.
	spanned int
	err     error
}

func (x *rows) Next() bool {
	if x.err != nil {
		return false
	}
	for {
		rec, err := x.r.Read()
		if errors.Is(err, io.EOF) {
			return false
		}
		if err != nil {
			x.err = fmt.Errorf("%s: %w: %w", x.file, sheet.ErrMalformed, err)
			return false
		}
		line, _ := x.r.FieldPos(0)
		x.line = line - x.spanned
		for _, t := range rec {
			x.spanned += strings.Count(t, "\n")
		}
		n := len(rec)
		for n > 0 && strings.TrimSpace(rec[n-1]) == "" {
			n--
		}
		if n == 0 {
			continue
		}
		x.row = make([]sheet.Cell, n)
		for i, t := range rec[:n] {
			if strings.TrimSpace(t) != "" {
				x.row[i] = sheet.Cell{Text: t, Kind: sheet.String}
			}
		}
		return true
	}
}

func (x *rows) Row() []sheet.Cell { return x.row }

// Number is the record's row in the sheet it was exported from: the line
// it starts on, less the line breaks inside quoted cells above it (blank
// lines are skipped but counted, as blank rows are in a sheet).
func (x *rows) Number() int { return x.line }

// Hidden is always false: a CSV cannot hide a row.
func (x *rows) Hidden() bool { return false }

func (x *rows) Err() error { return x.err }

func (x *rows) Close() error { return nil }
