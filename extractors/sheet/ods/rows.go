package ods

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/caredata/caredata/extractors/sheet"
)

// rows streams one table. It pulls tokens only as Next needs them. Its
// logic is the encoding/xml reader's, token for token (reference_test.go):
// only the tokens come from the scanner, and a paragraph of plain text is
// taken whole from its buffer (plainPara).
type rows struct {
	w     *Workbook
	sheet string
	rc    io.Closer
	s     *scanner

	tableDepth int
	groups     []bool // open row groups; true for a collapsed one
	hiddenGrps int    // how many of them are collapsed

	width  int // cells in the last row yielded
	next   int // number of the next table:table-row
	num    int // number of the current row
	cur    []sheet.Cell
	hidden bool
	tmpl   []sheet.Cell // a repeated row's cells, copied for each repeat
	left   int          // repeats of tmpl still to yield

	text     []byte // the current cell's display text
	pName    []byte // how text:p is spelled (see plainPara)
	pGen     int    // scanner.gen when it was
	textBase int    // len(text) when the current character data began
	textLen  int    // bytes of it so far
	err      error
	done     bool
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

// token reads the next token; the end of the input is an error, since the
// table has not ended.
func (r *rows) token() (tokKind, error) {
	k, err := r.s.next()
	if err != nil {
		return 0, r.w.xmlErr(err)
	}
	if k == tokEOF {
		return 0, r.w.xmlErr(io.ErrUnexpectedEOF)
	}
	return k, nil
}

// skip consumes the rest of the element whose start tag was just read.
func (r *rows) skip() error {
	for base := r.s.depth(); r.s.depth() >= base; {
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
	s := r.s
	for {
		k, err := r.token()
		if err != nil {
			return r.fail(err)
		}
		switch k {
		case tokStart:
			if s.ns != nsIDTable {
				if err := r.skip(); err != nil {
					return r.fail(err)
				}
				continue
			}
			switch string(s.local) {
			case "table-row":
				start := r.next
				cells, rep, hidden, err := r.readRow()
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
				r.width = len(cells)
				if rep > 1 {
					r.tmpl, r.left = slices.Clone(cells), rep-1
				}
				return true
			case "table-row-group":
				hide := string(s.attr(nsIDTable, "display")) == "false"
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
		case tokEnd:
			if s.depth() < r.tableDepth {
				r.done = true
				r.Close()
				return false
			}
			if n := len(r.groups); n > 0 && s.ns == nsIDTable {
				switch string(s.local) {
				case "table-row-group", "table-header-rows", "table-rows":
					if r.groups[n-1] {
						r.hiddenGrps--
					}
					r.groups = r.groups[:n-1]
				}
			}
		}
	}
}

// readRow reads one table:table-row, whose start tag was just read. Empty
// cells are counted, and only written out when a non-empty cell follows,
// so trailing runs of 16,000 empty cells cost nothing.
func (r *rows) readRow() (cells []sheet.Cell, rep int, hidden bool, err error) {
	s := r.s
	rowNum := r.next
	if rep, err = intAttr(s, nsIDTable, "number-rows-repeated"); err != nil {
		return nil, 0, false, r.cellErr(rowNum, 0, err)
	}
	switch string(s.attr(nsIDTable, "visibility")) {
	case "collapse", "filter":
		hidden = true
	}
	var (
		col     int // columns consumed so far
		pending int // empty columns not yet written out
		elems   int
		lim     = r.w.lim
	)
	for base := s.depth(); ; {
		k, err := r.token()
		if err != nil {
			return nil, 0, false, err
		}
		switch k {
		case tokEnd:
			if s.depth() < base {
				return cells, rep, hidden, nil
			}
		case tokStart:
			covered := s.ns == nsIDTable && string(s.local) == "covered-table-cell"
			if !covered && !(s.ns == nsIDTable && string(s.local) == "table-cell") {
				if err := r.skip(); err != nil {
					return nil, 0, false, err
				}
				continue
			}
			if elems++; elems > lim.MaxCellsPerRow {
				return nil, 0, false, r.cellErr(rowNum, col, &sheet.LimitError{File: r.w.name, Part: contentXML, Limit: "MaxCellsPerRow", Got: int64(elems), Max: int64(lim.MaxCellsPerRow)})
			}
			n, err := intAttr(s, nsIDTable, "number-columns-repeated")
			if err != nil {
				return nil, 0, false, r.cellErr(rowNum, col, err)
			}
			c, err := r.readCell(covered, rowNum, col)
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
			if cells == nil {
				// A row is mostly as wide as the one before.
				cells = make([]sheet.Cell, 0, max(col+n, min(r.width, lim.MaxColumns)))
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
func (r *rows) readCell(covered bool, rowNum, col int) (sheet.Cell, error) {
	s := r.s
	var valueType, value, dateValue, timeValue, boolValue, stringValue []byte
	for k := range s.attrs {
		a := &s.attrs[k]
		if a.ns != nsIDOffice {
			continue
		}
		switch string(a.local(s)) {
		case "value-type":
			valueType = a.value(s)
		case "value":
			value = a.value(s)
		case "date-value":
			dateValue = a.value(s)
		case "time-value":
			timeValue = a.value(s)
		case "boolean-value":
			boolValue = a.value(s)
		case "string-value":
			stringValue = a.value(s)
		}
	}
	if covered {
		return sheet.Cell{}, r.skip()
	}
	// The values are slices of the scanner's buffers, which the tokens
	// below overwrite: parse them now, and keep a bad one for the error,
	// which comes after the cell's content is read, as it always has.
	var (
		kind   sheet.Kind
		number float64
		date   time.Time
		str    string
		bad    error
	)
	badValue := func(what string, v []byte) error {
		return r.cellErr(rowNum, col, fmt.Errorf("%w: office:value-type %q with %s %q", sheet.ErrMalformed, valueType, what, v))
	}
	switch string(valueType) {
	case "float", "percentage", "currency":
		f, err := strconv.ParseFloat(string(value), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			bad = badValue("office:value", value)
		}
		kind, number = sheet.Number, f
	case "date":
		t, ok := parseDate(string(dateValue))
		if !ok {
			bad = badValue("office:date-value", dateValue)
		}
		kind, date = sheet.Date, t
	case "time":
		d, ok := parseDuration(string(timeValue))
		if !ok {
			bad = badValue("office:time-value", timeValue)
		}
		kind, date = sheet.Date, spreadsheetEpoch.Add(d)
	case "boolean":
		switch string(boolValue) {
		case "true", "1":
			kind, number = sheet.Bool, 1
		case "false", "0":
			kind = sheet.Bool
		default:
			bad = badValue("office:boolean-value", boolValue)
		}
	default:
		if len(stringValue) > 0 {
			str = string(stringValue)
		}
	}
	stringLen := len(stringValue)
	r.text = r.text[:0]
	paras := 0
	for base := s.depth(); ; {
		if ok, err := r.plainPara(paras, rowNum, col); err != nil {
			return sheet.Cell{}, err
		} else if ok {
			paras++
			continue
		}
		k, err := r.token()
		if err != nil {
			return sheet.Cell{}, err
		}
		if k == tokEnd && s.depth() < base {
			break
		}
		if k != tokStart {
			continue
		}
		if s.ns == nsIDText && (string(s.local) == "p" || string(s.local) == "h") {
			if string(s.local) == "p" {
				// Remember how text:p is spelled here, for plainPara.
				e := s.stack[len(s.stack)-1]
				r.pName, r.pGen = append(r.pName[:0], s.names[e.name:e.end]...), s.gen
			}
			if paras > 0 {
				if err := r.room(1, rowNum, col); err != nil {
					return sheet.Cell{}, err
				}
				r.text = append(r.text, '\n')
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
	if bad != nil {
		return sheet.Cell{}, bad
	}
	c := sheet.Cell{Text: string(r.text), Kind: kind, Number: number, Date: date}
	if kind == sheet.Empty { // "string", "void", none: text only
		if paras == 0 {
			if err := r.room(stringLen, rowNum, col); err != nil {
				return sheet.Cell{}, err
			}
			c.Text = str
		}
		if c.Text != "" {
			c.Kind = sheet.String
		}
	}
	return c, nil
}

// plainPara reads a paragraph that is only text, <text:p>...</text:p>
// spelled as the last text:p was with the same namespace declarations in
// scope, straight from the scanner's buffer, and appends it as readCell
// and readPara would; it reports false, having read nothing, for anything
// else (or a paragraph not all in the buffer), which the tokens then read.
func (r *rows) plainPara(paras, rowNum, col int) (bool, error) {
	s := r.s
	n := len(r.pName)
	if n == 0 || s.gen != r.pGen || s.pendingEnd || s.inText || s.depth()+1 > s.maxDepth {
		return false, nil
	}
	b := s.buf[s.pos:s.end]
	start := n + 2 // after "<" name ">"
	if len(b) <= start || b[0] != '<' || b[n+1] != '>' || string(b[1:n+1]) != string(r.pName) {
		return false, nil
	}
	i := bytes.IndexByte(b[start:], '<')
	if i < 0 {
		return false, nil
	}
	end := start + i // "</" name ">"
	if len(b) < end+n+3 || b[end+1] != '/' || b[end+n+2] != '>' || string(b[end+2:end+n+2]) != string(r.pName) {
		return false, nil
	}
	if paras > 0 {
		if err := r.room(1, rowNum, col); err != nil {
			return false, err
		}
		r.text = append(r.text, '\n')
	}
	if i > 0 {
		s.b0, s.b1 = 0, 0
		text, err := s.decode(b[start:end], false, false)
		if err != nil {
			return false, r.w.xmlErr(err)
		}
		if lim := r.w.lim.MaxCellText; len(r.text)+len(text) > lim {
			return false, r.cellErr(rowNum, col, &sheet.LimitError{File: r.w.name, Part: contentXML, Limit: "MaxCellText", Got: int64(len(r.text) + len(text)), Max: int64(lim)})
		}
		r.appendCollapsed(text, true)
	}
	s.pos += end + n + 3
	return true, nil
}

// appendCollapsed appends text to the cell's, white space collapsed as
// OpenDocument does in paragraphs; prevSpace says whether the text so far
// in the paragraph ends in a space (or there is none), and the result
// whether it does after.
func (r *rows) appendCollapsed(text []byte, prevSpace bool) bool {
	for _, b := range text {
		switch b {
		case ' ', '\t', '\n', '\r':
			if !prevSpace {
				r.text = append(r.text, ' ')
				prevSpace = true
			}
		default:
			r.text = append(r.text, b)
			prevSpace = false
		}
	}
	return prevSpace
}

// readPara appends the display text of a text:p, whose start tag was just
// read. OpenDocument collapses white space in paragraphs (runs become one
// space, leading space is dropped) and spells out significant spaces as
// text:s, tabs as text:tab and line breaks as text:line-break.
func (r *rows) readPara(rowNum, col int) error {
	s := r.s
	prevSpace := true
	for base := s.depth(); ; {
		k, err := r.token()
		if err != nil {
			return err
		}
		switch k {
		case tokEnd:
			if s.depth() < base {
				return nil
			}
		case tokText:
			// The limit applies to each whole character data token, as
			// encoding/xml delivers them, however the scanner pieces it.
			if s.textStart {
				r.textBase, r.textLen = len(r.text), 0
			}
			r.textLen += len(s.text)
			if lim := r.w.lim.MaxCellText; r.textBase+r.textLen > lim {
				return r.cellErr(rowNum, col, &sheet.LimitError{File: r.w.name, Part: contentXML, Limit: "MaxCellText", Got: int64(r.textBase + r.textLen), Max: int64(lim)})
			}
			prevSpace = r.appendCollapsed(s.text, prevSpace)
		case tokStart:
			if s.ns == nsIDOffice || (s.ns == nsIDText && (string(s.local) == "note" || string(s.local) == "ruby-text")) {
				// Comments and footnotes anchored in the text.
				if err := r.skip(); err != nil {
					return err
				}
				continue
			}
			if s.ns != nsIDText {
				continue // unknown markup: keep its text
			}
			switch string(s.local) {
			case "s":
				n, err := intAttr(s, nsIDText, "c")
				if err != nil {
					return r.cellErr(rowNum, col, err)
				}
				if err := r.room(n, rowNum, col); err != nil {
					return err
				}
				for range n {
					r.text = append(r.text, ' ')
				}
				prevSpace = false
			case "tab":
				if err := r.room(1, rowNum, col); err != nil {
					return err
				}
				r.text = append(r.text, '\t')
				prevSpace = false
			case "line-break":
				if err := r.room(1, rowNum, col); err != nil {
					return err
				}
				r.text = append(r.text, '\n')
				prevSpace = false
			}
			// text:span, text:a and the like: their text is read as it comes.
		}
	}
}

// room refuses to grow the cell text past MaxCellText.
func (r *rows) room(n, rowNum, col int) error {
	if lim := r.w.lim.MaxCellText; len(r.text)+n > lim {
		return r.cellErr(rowNum, col, &sheet.LimitError{File: r.w.name, Part: contentXML, Limit: "MaxCellText", Got: int64(len(r.text) + n), Max: int64(lim)})
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
