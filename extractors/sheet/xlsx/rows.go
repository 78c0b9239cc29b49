package xlsx

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/caredata/caredata/extractors/sheet"
)

// rows walks excelize's row iterator (display text, hidden flag) and the
// cell scanner (type, style, stored value) in step, row number by row
// number.
type rows struct {
	w     *Workbook
	sheet string
	ex    *excelize.Rows
	rc    io.ReadCloser
	sc    *scanner

	n      int // rows excelize has stepped through; its Next visits every number
	num    int
	cur    []sheet.Cell
	hidden bool
	err    error
	done   bool
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
	if e := r.ex.Close(); err == nil {
		err = e
	}
	r.rc = nil
	return err
}

func (r *rows) fail(err error) bool {
	r.err, r.cur, r.done = err, nil, true
	r.Close()
	return false
}

func (r *rows) malformed(err error) error {
	if _, ok := err.(*sheet.LimitError); ok {
		return err
	}
	return fmt.Errorf("%s: sheet %q: %w: %w", r.w.name, r.sheet, sheet.ErrMalformed, err)
}

func (r *rows) Next() bool {
	if r.done {
		return false
	}
	for {
		if !r.ex.Next() {
			if err := r.ex.Error(); err != nil {
				return r.fail(r.malformed(err))
			}
			r.done = true
			r.Close()
			return false
		}
		r.n++
		vals, err := r.ex.Columns()
		if err != nil {
			return r.fail(r.malformed(err))
		}
		hidden := r.ex.GetRowOpts().Hidden
		recs, err := r.sc.row(r.n)
		if err != nil {
			return r.fail(r.malformed(err))
		}
		cells, err := r.build(vals, recs)
		if err != nil {
			return r.fail(err)
		}
		if len(cells) == 0 {
			continue
		}
		r.num, r.cur, r.hidden = r.n, cells, hidden
		return true
	}
}

// build joins one row's display texts with its cell records.
func (r *rows) build(vals []string, recs []cellRec) ([]sheet.Cell, error) {
	width := len(vals)
	for _, c := range recs {
		width = max(width, c.col+1)
	}
	if width > r.w.lim.MaxColumns {
		return nil, r.cellErr(r.w.lim.MaxColumns, &sheet.LimitError{File: r.w.name, Part: r.w.parts[r.sheet], Limit: "MaxColumns", Got: int64(width), Max: int64(r.w.lim.MaxColumns)})
	}
	cells := make([]sheet.Cell, width)
	for i, v := range vals {
		if v != "" {
			cells[i] = sheet.Cell{Kind: sheet.String, Text: v}
		}
	}
	for _, c := range recs {
		disp := ""
		if c.col < len(vals) {
			disp = vals[c.col]
		}
		cell, err := r.cell(c, disp)
		if err != nil {
			return nil, err
		}
		cells[c.col] = cell
	}
	for len(cells) > 0 && cells[len(cells)-1].IsEmpty() {
		cells = cells[:len(cells)-1]
	}
	return cells, nil
}

// maxSerial is 31 December 9999, the last date either application shows.
const maxSerial = 2958465

// cell types one cell from its record; disp is excelize's display text.
func (r *rows) cell(c cellRec, disp string) (sheet.Cell, error) {
	out := sheet.Cell{Text: disp}
	switch c.t {
	case "s", "str", "inlineStr", "e":
		if disp == "" {
			return sheet.Cell{}, nil
		}
		out.Kind = sheet.String
	case "b":
		out.Kind = sheet.Bool
		if c.v == "1" || c.v == "true" {
			out.Number = 1
		}
	case "d": // ISO 8601 in the cell, rare (Strict OOXML)
		t, err := time.Parse("2006-01-02T15:04:05", c.v)
		if err != nil {
			if t, err = time.Parse("2006-01-02", c.v); err != nil {
				return sheet.Cell{}, r.cellErr(c.col, fmt.Errorf("%w: date cell %q", sheet.ErrMalformed, c.v))
			}
		}
		out.Kind, out.Date = sheet.Date, t
	default: // "n" or none: a number, maybe shown as a date
		if c.v == "" {
			if disp == "" {
				return sheet.Cell{}, nil // styled but blank
			}
			out.Kind = sheet.String
			return out, nil
		}
		f, err := strconv.ParseFloat(c.v, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return sheet.Cell{}, r.cellErr(c.col, fmt.Errorf("%w: numeric cell %q", sheet.ErrMalformed, c.v))
		}
		if f >= 0 && f <= maxSerial && r.w.isDate(c.s) {
			t, err := excelize.ExcelDateToTime(f, r.w.date1904)
			if err == nil {
				out.Kind, out.Date = sheet.Date, t
				return out, nil
			}
		}
		out.Kind, out.Number = sheet.Number, f
	}
	return out, nil
}

func (r *rows) cellErr(col int, err error) error {
	return &sheet.CellError{File: r.w.name, Sheet: r.sheet, Row: r.n, Column: sheet.ColumnName(col), Err: err}
}

// cellRec is what the scanner keeps of a <c> element.
type cellRec struct {
	col int // 0-based
	t   string
	s   int
	v   string
}

// scanner reads <row> and <c> elements of a worksheet part in order.
type scanner struct {
	d       *xml.Decoder
	pending *xml.StartElement // a <row> read ahead of the row asked for
	last    int               // number of the last row consumed
	done    bool
}

func newScanner(r io.Reader) *scanner {
	return &scanner{d: xml.NewDecoder(bufio.NewReaderSize(r, 64<<10))}
}

// row returns the cell records of row n, or nil if the part has no row n.
// Rows must be asked for in increasing order, as excelize visits them.
func (s *scanner) row(n int) ([]cellRec, error) {
	for {
		if s.pending == nil {
			if s.done {
				return nil, nil
			}
			start, err := s.nextRow()
			if err != nil {
				return nil, err
			}
			if start == nil {
				s.done = true
				return nil, nil
			}
			s.pending = start
		}
		num := s.last + 1
		for _, a := range s.pending.Attr {
			if a.Name.Local == "r" {
				v, err := strconv.Atoi(a.Value)
				if err != nil || v < 1 {
					return nil, fmt.Errorf("row number %q", a.Value)
				}
				num = v
			}
		}
		if num > n {
			return nil, nil
		}
		s.pending, s.last = nil, num
		if num < n {
			if err := s.d.Skip(); err != nil {
				return nil, err
			}
			continue
		}
		return s.cells()
	}
}

// nextRow reads up to the next <row> start tag; nil at the end of sheetData.
func (s *scanner) nextRow() (*xml.StartElement, error) {
	for {
		tok, err := s.d.Token()
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "row" {
				t = t.Copy()
				return &t, nil
			}
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				return nil, nil
			}
		}
	}
}

// value reads the rest of a <c> element, returning the text of its <v>.
func (s *scanner) value() (string, error) {
	var v []byte
	inV := false
	for depth := 1; depth > 0; {
		tok, err := s.d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			inV = depth == 2 && t.Name.Local == "v"
		case xml.EndElement:
			depth--
			inV = false
		case xml.CharData:
			if inV {
				v = append(v, t...)
			}
		}
	}
	return string(v), nil
}

// cells reads the <c> elements of the row whose start tag was just read.
func (s *scanner) cells() ([]cellRec, error) {
	var (
		recs []cellRec
		col  = -1
	)
	for {
		tok, err := s.d.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return recs, nil
		case xml.StartElement:
			if t.Name.Local != "c" {
				if err := s.d.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			col++
			rec := cellRec{col: col}
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "r":
					x, _, err := excelize.CellNameToCoordinates(a.Value)
					if err != nil {
						return nil, err
					}
					rec.col, col = x-1, x-1
				case "s":
					if rec.s, err = strconv.Atoi(a.Value); err != nil {
						return nil, err
					}
				case "t":
					rec.t = a.Value
				}
			}
			if rec.v, err = s.value(); err != nil {
				return nil, err
			}
			recs = append(recs, rec)
		}
	}
}
