package ods

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/caredata/caredata/extractors/sheet"
)

// rows streams one table. It pulls tokens only as Next needs them.
type rows struct {
	w     *Workbook
	sheet string
	rc    io.ReadCloser
	d     *xml.Decoder

	depth      int // open elements, counted as in the whole document
	tableDepth int
	groups     []bool // open row groups; true for a collapsed one
	hiddenGrps int    // how many of them are collapsed

	next   int // number of the next table:table-row
	num    int // number of the current row
	cur    []sheet.Cell
	hidden bool
	tmpl   []sheet.Cell // a repeated row's cells, copied for each repeat
	left   int          // repeats of tmpl still to yield

	text strings.Builder
	err  error
	done bool
}

func (r *rows) Row() []sheet.Cell { return r.cur }
func (r *rows) Number() int       { return r.num }
func (r *rows) Hidden() bool      { return r.hidden }
func (r *rows) Err() error        { return r.err }

func (r *rows) Close() error {
	if r.rc == nil {
		return nil
	}
	r.done = true
	err := r.rc.Close()
	r.rc = nil
	return err
}

func (r *rows) fail(err error) bool {
	r.err, r.cur, r.done = err, nil, true
	r.Close()
	return false
}

// token reads the next token, keeping depth and refusing deep nesting.
func (r *rows) token() (xml.Token, error) {
	tok, err := r.d.Token()
	if err != nil {
		return nil, r.w.xmlErr(err)
	}
	switch tok.(type) {
	case xml.StartElement:
		r.depth++
		if r.depth > r.w.lim.MaxDepth {
			return nil, r.w.depthErr(r.depth)
		}
	case xml.EndElement:
		r.depth--
	}
	return tok, nil
}

// skip consumes the rest of the element whose start tag was just read.
func (r *rows) skip() error {
	for base := r.depth; r.depth >= base; {
		if _, err := r.token(); err != nil {
			return err
		}
	}
	return nil
}

func (r *rows) Next() bool {
	if r.done {
		return false
	}
	if r.left > 0 {
		r.left--
		r.num++
		r.cur = slices.Clone(r.tmpl)
		return true
	}
	for {
		tok, err := r.token()
		if err != nil {
			return r.fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != nsTable {
				if err := r.skip(); err != nil {
					return r.fail(err)
				}
				continue
			}
			switch t.Name.Local {
			case "table-row":
				start := r.next
				cells, rep, hidden, err := r.readRow(t)
				if err != nil {
					return r.fail(err)
				}
				r.next = min(r.next+rep, maxRun)
				if len(cells) == 0 {
					continue // blank rows, however many, only advance the count
				}
				if rep > r.w.lim.MaxRowRepeat {
					return r.fail(r.cellErr(start, 0, &sheet.LimitError{File: r.w.name, Part: contentXML, Limit: "MaxRowRepeat", Got: int64(rep), Max: int64(r.w.lim.MaxRowRepeat)}))
				}
				r.num, r.cur, r.hidden = start, cells, hidden || r.hiddenGrps > 0
				if rep > 1 {
					r.tmpl, r.left = slices.Clone(cells), rep-1
				}
				return true
			case "table-row-group":
				hide := attr(t, nsTable, "display") == "false"
				r.groups = append(r.groups, hide)
				if hide {
					r.hiddenGrps++
				}
			case "table-header-rows", "table-rows":
				r.groups = append(r.groups, false)
			default: // columns, shapes, named ranges, sources: no rows inside
				if err := r.skip(); err != nil {
					return r.fail(err)
				}
			}
		case xml.EndElement:
			if r.depth < r.tableDepth {
				r.done = true
				r.Close()
				return false
			}
			if n := len(r.groups); n > 0 && t.Name.Space == nsTable && (t.Name.Local == "table-row-group" || t.Name.Local == "table-header-rows" || t.Name.Local == "table-rows") {
				if r.groups[n-1] {
					r.hiddenGrps--
				}
				r.groups = r.groups[:n-1]
			}
		}
	}
}

// readRow reads one table:table-row, whose start tag was just read. Empty
// cells are counted, and only written out when a non-empty cell follows,
// so trailing runs of 16,000 empty cells cost nothing.
func (r *rows) readRow(start xml.StartElement) (cells []sheet.Cell, rep int, hidden bool, err error) {
	rowNum := r.next
	if rep, err = intAttr(start, nsTable, "number-rows-repeated"); err != nil {
		return nil, 0, false, r.cellErr(rowNum, 0, err)
	}
	switch attr(start, nsTable, "visibility") {
	case "collapse", "filter":
		hidden = true
	}
	var (
		col     int // columns consumed so far
		pending int // empty columns not yet written out
		elems   int
		lim     = r.w.lim
	)
	for base := r.depth; ; {
		tok, err := r.token()
		if err != nil {
			return nil, 0, false, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if r.depth < base {
				return cells, rep, hidden, nil
			}
		case xml.StartElement:
			covered := t.Name.Space == nsTable && t.Name.Local == "covered-table-cell"
			if !covered && !(t.Name.Space == nsTable && t.Name.Local == "table-cell") {
				if err := r.skip(); err != nil {
					return nil, 0, false, err
				}
				continue
			}
			if elems++; elems > lim.MaxCellsPerRow {
				return nil, 0, false, r.cellErr(rowNum, col, &sheet.LimitError{File: r.w.name, Part: contentXML, Limit: "MaxCellsPerRow", Got: int64(elems), Max: int64(lim.MaxCellsPerRow)})
			}
			n, err := intAttr(t, nsTable, "number-columns-repeated")
			if err != nil {
				return nil, 0, false, r.cellErr(rowNum, col, err)
			}
			c, err := r.readCell(t, covered, rowNum, col)
			if err != nil {
				return nil, 0, false, err
			}
			if c.IsEmpty() {
				pending = min(pending+n, maxRun)
				col = min(col+n, maxRun)
				continue
			}
			if col+n > lim.MaxColumns {
				return nil, 0, false, r.cellErr(rowNum, min(col, lim.MaxColumns), &sheet.LimitError{File: r.w.name, Part: contentXML, Limit: "MaxColumns", Got: int64(col + n), Max: int64(lim.MaxColumns)})
			}
			cells = slices.Grow(cells, pending+n)
			cells = append(cells, make([]sheet.Cell, pending)...)
			for range n {
				cells = append(cells, c)
			}
			pending = 0
			col += n
		}
	}
}

// readCell reads one cell, whose start tag was just read. A covered cell
// (hidden under a merge) occupies its column but is always empty.
func (r *rows) readCell(start xml.StartElement, covered bool, rowNum, col int) (sheet.Cell, error) {
	var valueType, value, dateValue, timeValue, boolValue, stringValue string
	for _, a := range start.Attr {
		if a.Name.Space != nsOffice {
			continue
		}
		switch a.Name.Local {
		case "value-type":
			valueType = a.Value
		case "value":
			value = a.Value
		case "date-value":
			dateValue = a.Value
		case "time-value":
			timeValue = a.Value
		case "boolean-value":
			boolValue = a.Value
		case "string-value":
			stringValue = a.Value
		}
	}
	if covered {
		return sheet.Cell{}, r.skip()
	}
	r.text.Reset()
	paras := 0
	for base := r.depth; ; {
		tok, err := r.token()
		if err != nil {
			return sheet.Cell{}, err
		}
		if _, ok := tok.(xml.EndElement); ok && r.depth < base {
			break
		}
		t, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if t.Name.Space == nsText && (t.Name.Local == "p" || t.Name.Local == "h") {
			if paras > 0 {
				if err := r.room(1, rowNum, col); err != nil {
					return sheet.Cell{}, err
				}
				r.text.WriteByte('\n')
			}
			paras++
			if err := r.readPara(rowNum, col); err != nil {
				return sheet.Cell{}, err
			}
			continue
		}
		// Comments (office:annotation), drawings, nested tables: not the
		// cell's display text.
		if err := r.skip(); err != nil {
			return sheet.Cell{}, err
		}
	}
	c := sheet.Cell{Text: r.text.String()}
	bad := func(what, v string) (sheet.Cell, error) {
		return sheet.Cell{}, r.cellErr(rowNum, col, fmt.Errorf("%w: office:value-type %q with %s %q", sheet.ErrMalformed, valueType, what, v))
	}
	switch valueType {
	case "float", "percentage", "currency":
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return bad("office:value", value)
		}
		c.Kind, c.Number = sheet.Number, f
	case "date":
		t, ok := parseDate(dateValue)
		if !ok {
			return bad("office:date-value", dateValue)
		}
		c.Kind, c.Date = sheet.Date, t
	case "time":
		d, ok := parseDuration(timeValue)
		if !ok {
			return bad("office:time-value", timeValue)
		}
		c.Kind, c.Date = sheet.Date, spreadsheetEpoch.Add(d)
	case "boolean":
		switch boolValue {
		case "true", "1":
			c.Kind, c.Number = sheet.Bool, 1
		case "false", "0":
			c.Kind = sheet.Bool
		default:
			return bad("office:boolean-value", boolValue)
		}
	default: // "string", "void", none: text only
		if paras == 0 {
			if err := r.room(len(stringValue), rowNum, col); err != nil {
				return sheet.Cell{}, err
			}
			c.Text = stringValue
		}
		if c.Text != "" {
			c.Kind = sheet.String
		}
	}
	return c, nil
}

// readPara appends the display text of a text:p, whose start tag was just
// read. OpenDocument collapses white space in paragraphs (runs become one
// space, leading space is dropped) and spells out significant spaces as
// text:s, tabs as text:tab and line breaks as text:line-break.
func (r *rows) readPara(rowNum, col int) error {
	prevSpace := true
	for base := r.depth; ; {
		tok, err := r.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if r.depth < base {
				return nil
			}
		case xml.CharData:
			if err := r.room(len(t), rowNum, col); err != nil {
				return err
			}
			for _, b := range t {
				switch b {
				case ' ', '\t', '\n', '\r':
					if !prevSpace {
						r.text.WriteByte(' ')
						prevSpace = true
					}
				default:
					r.text.WriteByte(b)
					prevSpace = false
				}
			}
		case xml.StartElement:
			if t.Name.Space == nsOffice || (t.Name.Space == nsText && (t.Name.Local == "note" || t.Name.Local == "ruby-text")) {
				// Comments and footnotes anchored in the text.
				if err := r.skip(); err != nil {
					return err
				}
				continue
			}
			if t.Name.Space != nsText {
				continue // unknown markup: keep its text
			}
			switch t.Name.Local {
			case "s":
				n, err := intAttr(t, nsText, "c")
				if err != nil {
					return r.cellErr(rowNum, col, err)
				}
				if err := r.room(n, rowNum, col); err != nil {
					return err
				}
				r.text.WriteString(strings.Repeat(" ", n))
				prevSpace = false
			case "tab":
				if err := r.room(1, rowNum, col); err != nil {
					return err
				}
				r.text.WriteByte('\t')
				prevSpace = false
			case "line-break":
				if err := r.room(1, rowNum, col); err != nil {
					return err
				}
				r.text.WriteByte('\n')
				prevSpace = false
			}
			// text:span, text:a and the like: their text is read as it comes.
		}
	}
}

// room refuses to grow the cell text past MaxCellText.
func (r *rows) room(n, rowNum, col int) error {
	if lim := r.w.lim.MaxCellText; r.text.Len()+n > lim {
		return r.cellErr(rowNum, col, &sheet.LimitError{File: r.w.name, Part: contentXML, Limit: "MaxCellText", Got: int64(r.text.Len() + n), Max: int64(lim)})
	}
	return nil
}

func (r *rows) cellErr(row, col int, err error) error {
	return &sheet.CellError{File: r.w.name, Sheet: r.sheet, Row: row, Column: sheet.ColumnName(col), Err: err}
}

// spreadsheetEpoch is day zero of both applications' date serials, the day
// a bare time of day is dated.
var spreadsheetEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// parseDate reads office:date-value, an xsd:date or xsd:dateTime, usually
// without a zone (taken as UTC, as XLSX serials are).
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02", "2006-01-02T15:04:05Z07:00", "2006-01-02Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// parseDuration reads office:time-value, an xsd:duration such as
// PT12H30M00S or PT876600H00M00.5S; years and months have no fixed length
// and are refused.
func parseDuration(s string) (time.Duration, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if !strings.HasPrefix(s, "P") || len(s) < 3 {
		return 0, false
	}
	s = s[1:]
	var (
		total int64   // nanoseconds, summed as integers to keep precision
		est   float64 // the same in floating point, to catch overflow
	)
	inTime := false
	for s != "" {
		if s[0] == 'T' {
			if inTime {
				return 0, false
			}
			inTime, s = true, s[1:]
			continue
		}
		i := strings.IndexAny(s, "DHMS")
		if i <= 0 {
			return 0, false
		}
		v, err := strconv.ParseFloat(s[:i], 64)
		if err != nil || v < 0 || strings.ContainsAny(s[:i], "eE+-") {
			return 0, false
		}
		var unit float64
		switch {
		case s[i] == 'D' && !inTime:
			unit = 86400e9
		case s[i] == 'H' && inTime:
			unit = 3600e9
		case s[i] == 'M' && inTime:
			unit = 60e9
		case s[i] == 'S' && inTime:
			unit = 1e9
		default:
			return 0, false
		}
		est += v * unit
		if est >= math.MaxInt64 {
			return 0, false
		}
		total += int64(math.Round(v * unit))
		s = s[i+1:]
	}
	d := time.Duration(total) // est kept it within about 292 years
	if neg {
		d = -d
	}
	return d, true
}
