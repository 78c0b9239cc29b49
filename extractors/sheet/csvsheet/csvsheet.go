// Package csvsheet reads a CSV file as a one-sheet sheet.Workbook, so an
// extractor that finds its header by name reads a sheet exported to CSV
// (as Ofsted's older registers survive) with the same code as the
// workbook it came from.
//
// Every cell is a String: a CSV keeps no types, and the extractors already
// parse numbers and dates from text, as they must for text cells in ODS.
// The bytes are decoded by the charset the caller names (the manifest's
// media type parameter), because legacy exports are Windows-1252 or
// Mac-Roman and the two cannot be told apart reliably by their bytes; a
// file that is valid UTF-8 is read as UTF-8 whatever the caller says, and
// a byte-order mark is dropped.
package csvsheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/caredata/caredata/extractors/sheet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// Charset returns the charset parameter of a media type such as
// "text/csv; charset=macintosh", lower case, or "" when it has none.
func Charset(mediaType string) string {
	_, params, err := mime.ParseMediaType(mediaType)
	if err != nil {
		return ""
	}
	return strings.ToLower(params["charset"])
}

// decoders are the legacy charsets by their IANA names and aliases.
var decoders = map[string]encoding.Encoding{
	"windows-1252": charmap.Windows1252,
	"cp1252":       charmap.Windows1252,
	"macintosh":    charmap.Macintosh,
	"x-mac-roman":  charmap.Macintosh,
	"mac-roman":    charmap.Macintosh,
	"iso-8859-1":   charmap.ISO8859_1,
	"latin1":       charmap.ISO8859_1,
}

// Decode returns data as UTF-8: unchanged (less a byte-order mark) when it
// is valid UTF-8, otherwise decoded from charset (Windows-1252 when
// charset is "" or utf-8, the commonest origin of such files).
func Decode(name string, data []byte, charset string) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return data, nil
	}
	if charset == "" || charset == "utf-8" || charset == "utf8" {
		charset = "windows-1252"
	}
	enc, ok := decoders[charset]
	if !ok {
		return nil, fmt.Errorf("%s: %w: charset %q is not one caredata reads", name, sheet.ErrMalformed, charset)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: not %s: %w", name, sheet.ErrMalformed, charset, err)
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
	err  error
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
		x.line, _ = x.r.FieldPos(0)
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

// Number is the line the record starts on, which is its row in the sheet
// it was exported from unless a cell spans lines.
func (x *rows) Number() int { return x.line }

// Hidden is always false: a CSV cannot hide a row.
func (x *rows) Hidden() bool { return false }

func (x *rows) Err() error { return x.err }

func (x *rows) Close() error { return nil }
