package output

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/caredata/caredata/internal/english"
	"github.com/caredata/caredata/schemas"
)

// bom starts every CSV: Excel on Windows needs it to read UTF-8 (so "£"
// and "’" survive), and EES downloads carry it too.
const bom = "\ufeff"

// CSVWriter writes the EES data standard's CSV: UTF-8 with a byte-order
// mark, LF line ends, minimal RFC 4180 quoting, plain numbers, ISO dates,
// and the suppression symbol itself in a suppressed cell. The Parquet-only
// _status columns are left out.
type CSVWriter struct{}

// Format is CSV.
func (CSVWriter) Format() Format { return CSV }

// Applies to every dataset.
func (CSVWriter) Applies(*schemas.Dataset) bool { return true }

// OpenCSV opens a CSV file as CSVWriter writes it, for reading back: the
// reader starts past the UTF-8 byte-order mark (which encoding/csv would
// keep in the first header), and hadBOM says whether there was one. The
// caller closes f.
func OpenCSV(path string) (f *os.File, r *bufio.Reader, hadBOM bool, err error) {
	f, err = os.Open(path)
	if err != nil {
		return nil, nil, false, err
	}
	r = bufio.NewReaderSize(f, 1<<16)
	if b, _ := r.Peek(len(bom)); string(b) == bom {
		r.Discard(len(bom))
		hadBOM = true
	}
	return f, r, hadBOM, nil
}

// NeedsSummary is false: CSV streams.
func (CSVWriter) NeedsSummary() bool { return false }

// Write writes the rows as CSV. Rows are formatted straight into a byte
// buffer (appendRecord), with encoding/csv's quoting rules: la_spend's
// 8.9 million cells would otherwise each become a string first.
func (CSVWriter) Write(w io.Writer, rows Rows, _ Meta) error {
	ds := rows.Dataset()
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(bom); err != nil {
		return err
	}
	line := appendRecord(nil, ds.Header())
	if _, err := bw.Write(line); err != nil {
		return fmt.Errorf("csv %s: %w", ds.Name, err)
	}
	var cell []byte
	// Text repeats down a column (an authority's name on 1,400 rows of
	// la_spend): each text column keeps its last value and that value's
	// field, quoted as needed, and reuses the field while the value is
	// the same.
	last := make([]struct {
		text, field []byte // the value (a copy: the batch goes) and its field
		ok          bool
	}, len(ds.Columns))
	err := rows.Each(func(t schemas.Table) error {
		r := schemas.NewReader(t)
		for i := 0; i < t.Rows(); i++ {
			line = line[:0]
			for j, c := range ds.Columns {
				if j > 0 {
					line = append(line, ',')
				}
				v := r.Value(i, j)
				if c.Type == schemas.String && v.Valid {
					l := &last[j]
					if !l.ok || string(l.text) != v.Str {
						l.text = append(l.text[:0], v.Str...)
						l.field, l.ok = appendField(l.field[:0], l.text), true
					}
					line = append(line, l.field...)
					continue
				}
				cell = v.AppendText(cell[:0], c.Type)
				line = appendField(line, cell)
			}
			line = append(line, '\n')
			if _, err := bw.Write(line); err != nil {
				return fmt.Errorf("csv %s: %w", ds.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// appendRecord appends one CSV line of fields, as encoding/csv.Writer
// writes it with its defaults (comma, LF line ends).
func appendRecord(dst []byte, fields []string) []byte {
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendField(dst, []byte(f))
	}
	return append(dst, '\n')
}

// appendField appends one field, quoted where encoding/csv would quote it
// (a comma, quote, CR or LF inside, a leading space, or the field \.),
// with quotes doubled; CR and LF stay as they are, as encoding/csv leaves
// them when UseCRLF is false.
func appendField(dst, f []byte) []byte {
	if !needsQuotes(f) {
		return append(dst, f...)
	}
	dst = append(dst, '"')
	for {
		i := bytes.IndexByte(f, '"')
		if i < 0 {
			break
		}
		dst = append(dst, f[:i+1]...)
		dst = append(dst, '"')
		f = f[i+1:]
	}
	dst = append(dst, f...)
	return append(dst, '"')
}

// needsQuotes is encoding/csv's fieldNeedsQuotes for the comma.
func needsQuotes(f []byte) bool {
	if len(f) == 0 {
		return false
	}
	if string(f) == `\.` {
		return true
	}
	for _, c := range f {
		if c == '\n' || c == '\r' || c == '"' || c == ',' {
			return true
		}
	}
	if c := f[0]; c < utf8.RuneSelf {
		return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
	}
	r, _ := utf8.DecodeRune(f)
	return unicode.IsSpace(r)
}

// MetaCSVWriter writes the EES .meta.csv companion: one row per filter and
// indicator column (time and geography columns are observational units
// and are not described).
type MetaCSVWriter struct{}

// Format is the .meta.csv companion.
func (MetaCSVWriter) Format() Format { return MetaCSV }

// Applies to EES-shaped datasets only: a meta file beside a table without
// time and geography columns would fail every EES check.
func (MetaCSVWriter) Applies(d *schemas.Dataset) bool { return d.EES }

// MetaHeader is the EES metadata file's header, in the standard's order.
// filter_default is optional in EES; it is written so that a filter with
// no Total item opens on a sensible one.
var MetaHeader = []string{"col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp", "filter_hint", "filter_grouping_column", "filter_default"}

// NeedsSummary is false: the filter items are gathered as the rows pass.
func (MetaCSVWriter) NeedsSummary() bool { return false }

// Write writes the .meta.csv of the rows' dataset.
func (MetaCSVWriter) Write(w io.Writer, rows Rows, _ Meta) error {
	ds := rows.Dataset()
	items := make([]map[string]bool, len(ds.Columns))
	for j, c := range ds.Columns {
		if c.Role == schemas.Filter {
			items[j] = map[string]bool{}
		}
	}
	if err := rows.Each(func(t schemas.Table) error {
		r := schemas.NewReader(t)
		for j, c := range ds.Columns {
			if items[j] == nil {
				continue
			}
			for i := 0; i < t.Rows(); i++ {
				items[j][r.Value(i, j).Text(c.Type)] = true
			}
		}
		return nil
	}); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(bom)
	cw := csv.NewWriter(bw)
	cw.Write(MetaHeader)
	for j, c := range ds.Columns {
		switch c.Role {
		case schemas.Filter:
			if len(items[j]) == 1 {
				// EES: a filter with one item is left out of the
				// .meta.csv (the screener fails it); a release built from
				// one source file has one source_id, say.
				continue
			}
			hint := "Filter by " + english.LowerFirst(c.Label)
			if c.Hint != "" {
				hint = c.Hint
			}
			cw.Write([]string{c.Name, "Filter", c.Label, "", "", "", hint, "", filterDefault(c, items[j])})
		case schemas.Indicator:
			cw.Write([]string{c.Name, "Indicator", c.Label, "", c.Unit, strconv.Itoa(c.DP), "", "", ""})
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("meta csv %s: %w", ds.Name, err)
	}
	return bw.Flush()
}

// filterDefault is blank when the filter has a Total item (EES's own
// default), the column's Default when the data has it, and otherwise the
// greatest item: the newest snapshot date or source release.
func filterDefault(c schemas.Column, items map[string]bool) string {
	switch {
	case len(items) == 0, items["Total"]:
		return ""
	case c.Default != "" && items[c.Default]:
		return c.Default
	}
	var last string
	for it := range items {
		if it > last {
			last = it
		}
	}
	return last
}
