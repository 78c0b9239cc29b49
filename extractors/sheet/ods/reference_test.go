package ods

// This file keeps the reader as it was before the byte scanner (scan.go)
// replaced encoding/xml: an unexported, test-only reference that the
// differential tests and FuzzODS compare the scanner against, row by row.
// It is the code of ods.go, rows.go and skip.go at commit 2e2b879 with its
// identifiers prefixed ref; it is not to be changed except to keep it
// compiling.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/internal/zipguard"
)

// refWorkbook is an open ODS file. It keeps only the zip directory and a small
// index of tables; rows are read from the file on demand.
type refWorkbook struct {
	name    string
	content *zip.File
	lim     sheet.Limits
	tables  []refTable
	sheets  []string
}

// refTable is what the index pass learns about one table:table.
type refTable struct {
	name   string
	offset int64      // byte offset of its start tag in content.xml
	depth  int        // element depth of that start tag
	ns     []xml.Attr // namespace declarations in scope from its ancestors
	linked bool       // a cached external-link table, not a sheet
}

var _ sheet.Workbook = (*refWorkbook)(nil)

// refOpen reads the zip directory of an ODS file and indexes its sheets. name
// is used only in error messages. Zero fields of lim take the defaults.
func refOpen(name string, r io.ReaderAt, size int64, lim sheet.Limits) (*refWorkbook, error) {
	lim = lim.WithDefaults()
	zr, err := zipguard.NewReader(name, r, size)
	if err != nil {
		return nil, err
	}
	if mt := zipguard.Find(zr, "mimetype"); mt != nil {
		b, err := zipguard.ReadSmall(name, mt, 256)
		if err != nil {
			return nil, err
		}
		if m := string(bytes.TrimSpace(b)); !strings.HasPrefix(m, MIMEType) {
			return nil, fmt.Errorf("%s: %w: mimetype is %q", name, sheet.ErrNotSpreadsheet, m)
		}
	}
	content := zipguard.Find(zr, contentXML)
	if content == nil {
		return nil, fmt.Errorf("%s: %w: no content.xml in the zip", name, sheet.ErrNotSpreadsheet)
	}
	w := &refWorkbook{name: name, content: content, lim: lim}
	if err := w.index(true); err != nil {
		return nil, err
	}
	return w, nil
}

// Sheets lists the real sheets in workbook order.
func (w *refWorkbook) Sheets() []string { return append([]string(nil), w.sheets...) }

// Close releases nothing today (the caller owns the io.ReaderAt); it exists
// to satisfy sheet.Workbook.
func (w *refWorkbook) Close() error { return nil }

// index makes the pass that lists the tables, skipping their bodies (see
// skipBytes below). It reads raw tokens and resolves namespace prefixes itself, so
// that the decoder keeps no element stack that the byte skip would upset.
// Without byteSkip it skips with tokens only, which tests compare against.
func (w *refWorkbook) index(byteSkip bool) error {
	rc, err := zipguard.Open(w.name, w.content, w.lim)
	if err != nil {
		return err
	}
	defer rc.Close()
	c := &refByteCounter{br: bufio.NewReaderSize(rc, 64<<10)}
	d := xml.NewDecoder(c)
	var (
		open       []xml.Name   // raw names of the open elements
		nsStack    [][]xml.Attr // their xmlns attributes
		sheetDepth = -1         // depth of office:spreadsheet
	)
	for {
		off := c.offset(d)
		tok, err := d.RawToken()
		if err == io.EOF {
			if len(open) > 0 {
				return w.xmlErr(io.ErrUnexpectedEOF)
			}
			break
		}
		if err != nil {
			return w.xmlErr(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			nsStack = append(nsStack, refXmlnsAttrs(t.Attr))
			open = append(open, t.Name)
			depth := len(open)
			if depth > w.lim.MaxDepth {
				return w.depthErr(depth)
			}
			name := xml.Name{Space: refResolve(nsStack, t.Name.Space), Local: t.Name.Local}
			if depth == 1 && name != (xml.Name{Space: nsOffice, Local: "document-content"}) {
				return fmt.Errorf("%s: %w: content.xml root is %s, not office:document-content", w.name, sheet.ErrNotSpreadsheet, t.Name.Local)
			}
			skip, isTable := false, false
			switch {
			case name == xml.Name{Space: nsOffice, Local: "spreadsheet"} && sheetDepth < 0:
				sheetDepth = depth
			case depth == sheetDepth+1 && name == xml.Name{Space: nsTable, Local: "table"}:
				skip, isTable = true, true
			case depth == 2 && name != xml.Name{Space: nsOffice, Local: "body"},
				depth == 3 && sheetDepth < 0:
				skip = true // styles, fonts, scripts, other document kinds
			}
			if !skip {
				continue
			}
			linked, err := false, refErrFallback
			if byteSkip {
				linked, err = w.skipBytes(c, d, depth)
			}
			if err == refErrFallback {
				linked, err = w.skipTokens(d, depth)
			}
			if err != nil {
				return err
			}
			if isTable {
				tb := refTable{offset: off, depth: depth, ns: refInScope(nsStack[:depth-1])}
				for _, a := range t.Attr {
					// An unprefixed attribute is in no namespace, whatever the default.
					if a.Name.Local == "name" && a.Name.Space != "" && refResolve(nsStack, a.Name.Space) == nsTable {
						tb.name = a.Value
					}
				}
				tb.linked = linked || isLinkedName(tb.name)
				w.tables = append(w.tables, tb)
				if !tb.linked {
					w.sheets = append(w.sheets, tb.name)
				}
			}
			open, nsStack = open[:depth-1], nsStack[:depth-1]
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				return w.xmlErr(fmt.Errorf("unexpected end element </%s>", t.Name.Local))
			}
			open, nsStack = open[:len(open)-1], nsStack[:len(nsStack)-1]
		}
	}
	if sheetDepth < 0 {
		return fmt.Errorf("%s: %w: content.xml has no office:spreadsheet", w.name, sheet.ErrNotSpreadsheet)
	}
	return nil
}

// skipTokens is the fallback for skipBytes: it reads raw tokens to the end
// of the element just started at depth, checking that ends match starts.
func (w *refWorkbook) skipTokens(d *xml.Decoder, depth int) (bool, error) {
	found := false
	var open []xml.Name
	for {
		tok, err := d.RawToken()
		if err != nil {
			return false, w.xmlErr(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, t.Name)
			if depth+len(open) > w.lim.MaxDepth {
				return false, w.depthErr(depth + len(open))
			}
			// By local name only, as skipBytes must: no other namespace
			// has a table-source.
			if len(open) == 1 && t.Name.Local == "table-source" {
				found = true
			}
		case xml.EndElement:
			if len(open) == 0 {
				return found, nil // the skipped element's own end (RawToken does not check it)
			}
			if open[len(open)-1] != t.Name {
				return false, w.xmlErr(fmt.Errorf("unexpected end element </%s>", t.Name.Local))
			}
			open = open[:len(open)-1]
		}
	}
}

// Rows opens one sheet. It inflates content.xml from the start, discards
// the bytes before the table and streams the table's rows.
func (w *refWorkbook) Rows(name string) (sheet.Rows, error) {
	var tb *refTable
	for i := range w.tables {
		if !w.tables[i].linked && w.tables[i].name == name {
			tb = &w.tables[i]
			break
		}
	}
	if tb == nil {
		return nil, sheet.NoSheetError(w.name, name, w.sheets)
	}
	rc, err := zipguard.Open(w.name, w.content, w.lim)
	if err != nil {
		return nil, err
	}
	if _, err := io.CopyN(io.Discard, rc, tb.offset); err != nil {
		rc.Close()
		return nil, w.xmlErr(err)
	}
	// The table's start tag relies on namespace prefixes declared by its
	// ancestors, which were discarded: declare them again on a wrapper.
	var pre bytes.Buffer
	pre.WriteString("<ods-resume")
	for _, a := range tb.ns {
		if a.Name.Space == "xmlns" {
			pre.WriteString(" xmlns:" + a.Name.Local + `="`)
		} else {
			pre.WriteString(` xmlns="`)
		}
		xml.EscapeText(&pre, []byte(a.Value))
		pre.WriteString(`"`)
	}
	pre.WriteString(">")
	d := xml.NewDecoder(bufio.NewReaderSize(io.MultiReader(&pre, rc), 64<<10))
	r := &refRows{w: w, sheet: name, rc: rc, d: d, depth: tb.depth - 2, next: 1}
	// The first token is the wrapper, the second the table's start tag.
	for i := 0; i < 2; i++ {
		tok, err := r.token()
		if err != nil {
			rc.Close()
			return nil, err
		}
		t, ok := tok.(xml.StartElement)
		if i == 1 && (!ok || t.Name.Space != nsTable || t.Name.Local != "table" || refAttr(t, nsTable, "name") != name) {
			rc.Close()
			return nil, fmt.Errorf("%s: %w: table %q is not where the index pass found it", w.name, sheet.ErrMalformed, name)
		}
	}
	r.tableDepth = r.depth
	return r, nil
}

func (w *refWorkbook) xmlErr(err error) error {
	if errors.Is(err, sheet.ErrTooLarge) || errors.Is(err, sheet.ErrMalformed) {
		return err
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%s: %s: %w: %w", w.name, contentXML, sheet.ErrMalformed, err)
}

func (w *refWorkbook) depthErr(depth int) error {
	return &sheet.LimitError{File: w.name, Part: contentXML, Limit: "MaxDepth", Got: int64(depth), Max: int64(w.lim.MaxDepth)}
}

// attr returns the value of the attribute space:local, or "".
func refAttr(t xml.StartElement, space, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

// refResolve maps a raw prefix to its namespace using the declarations of
// the open elements, innermost first.
func refResolve(stack [][]xml.Attr, prefix string) string {
	if prefix == "xml" {
		return "http://www.w3.org/XML/1998/namespace"
	}
	for i := len(stack) - 1; i >= 0; i-- {
		for _, a := range stack[i] {
			if (prefix == "" && a.Name.Space == "" && a.Name.Local == "xmlns") || (prefix != "" && a.Name.Space == "xmlns" && a.Name.Local == prefix) {
				return a.Value
			}
		}
	}
	return prefix
}

func refXmlnsAttrs(attrs []xml.Attr) []xml.Attr {
	var ns []xml.Attr
	for _, a := range attrs {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			ns = append(ns, a)
		}
	}
	return ns
}

// refInScope flattens the declarations of the open elements, inner ones
// overriding outer ones for the same prefix.
func refInScope(stack [][]xml.Attr) []xml.Attr {
	var out []xml.Attr
	seen := map[string]int{}
	for _, level := range stack {
		for _, a := range level {
			key := a.Name.Space + ":" + a.Name.Local
			if i, ok := seen[key]; ok {
				out[i] = a
				continue
			}
			seen[key] = len(out)
			out = append(out, a)
		}
	}
	return out
}

// refIntAttr parses a repeat count such as table:number-columns-repeated: a
// missing one is 1; a nonsense one is an error; a huge one is clamped,
// since runs are counted, not expanded.
func refIntAttr(t xml.StartElement, space, local string) (int, error) {
	v := refAttr(t, space, local)
	if v == "" {
		return 1, nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%w: %s:%s=%q", sheet.ErrMalformed, t.Name.Local, local, v)
	}
	return int(min(n, maxRun)), nil
}

// refRows streams one table. It pulls tokens only as Next needs them.
type refRows struct {
	w     *refWorkbook
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

func (r *refRows) Row() []sheet.Cell { return r.cur }
func (r *refRows) Number() int       { return r.num }
func (r *refRows) Hidden() bool      { return r.hidden }
func (r *refRows) Err() error        { return r.err }

func (r *refRows) Close() error {
	if r.rc == nil {
		return nil
	}
	r.done = true
	err := r.rc.Close()
	r.rc = nil
	return err
}

func (r *refRows) fail(err error) bool {
	r.err, r.cur, r.done = err, nil, true
	r.Close()
	return false
}

// token reads the next token, keeping depth and refusing deep nesting.
func (r *refRows) token() (xml.Token, error) {
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
func (r *refRows) skip() error {
	for base := r.depth; r.depth >= base; {
		if _, err := r.token(); err != nil {
			return err
		}
	}
	return nil
}

func (r *refRows) Next() bool {
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
				hide := refAttr(t, nsTable, "display") == "false"
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
func (r *refRows) readRow(start xml.StartElement) (cells []sheet.Cell, rep int, hidden bool, err error) {
	rowNum := r.next
	if rep, err = refIntAttr(start, nsTable, "number-rows-repeated"); err != nil {
		return nil, 0, false, r.cellErr(rowNum, 0, err)
	}
	switch refAttr(start, nsTable, "visibility") {
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
			n, err := refIntAttr(t, nsTable, "number-columns-repeated")
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
func (r *refRows) readCell(start xml.StartElement, covered bool, rowNum, col int) (sheet.Cell, error) {
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
func (r *refRows) readPara(rowNum, col int) error {
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
				n, err := refIntAttr(t, nsText, "c")
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
func (r *refRows) room(n, rowNum, col int) error {
	if lim := r.w.lim.MaxCellText; r.text.Len()+n > lim {
		return r.cellErr(rowNum, col, &sheet.LimitError{File: r.w.name, Part: contentXML, Limit: "MaxCellText", Got: int64(r.text.Len() + n), Max: int64(lim)})
	}
	return nil
}

func (r *refRows) cellErr(row, col int, err error) error {
	return &sheet.CellError{File: r.w.name, Sheet: r.sheet, Row: row, Column: sheet.ColumnName(col), Err: err}
}

// The index pass only needs each table's name and where it starts, yet the
// tables are 99% of content.xml and encoding/xml tokenizes at about 40 MB/s.
// So once the decoder has returned a table's start tag, the pass takes the
// byte stream from under it and skips the body by scanning for '<' and
// counting open elements (quotes, comments, CDATA and processing
// instructions are respected, so a '<' or '>' inside them does not count),
// then hands the stream back after the table's end tag. That is about five
// times faster. It is safe because encoding/xml reads a bufio.Reader (an
// io.ByteReader) one byte at a time and, after a start tag, holds no byte
// back; refByteCounter checks that on every use and the pass falls back to
// skipping with tokens if it does not hold. Rows tokenizes the table it
// reads with encoding/xml in full, so nothing here decides cell content.

// refByteCounter counts the bytes the decoder takes, and keeps the last two,
// so the pass knows its exact position and whether a start tag was "/>".
type refByteCounter struct {
	br           *bufio.Reader
	n            int64 // bytes consumed from br
	skipped      int64 // of which consumed by skipBytes, unknown to the decoder
	last, before byte
}

// offset is the position in content.xml of the decoder's next token.
func (c *refByteCounter) offset(d *xml.Decoder) int64 { return d.InputOffset() + c.skipped }

func (c *refByteCounter) ReadByte() (byte, error) {
	b, err := c.br.ReadByte()
	if err == nil {
		c.n++
		c.before, c.last = c.last, b
	}
	return b, err
}

func (c *refByteCounter) Read(p []byte) (int, error) {
	n, err := c.br.Read(p)
	c.n += int64(n)
	return n, err
}

// refErrFallback means the byte scanner cannot start here.
var refErrFallback = errors.New("ods: byte skip not possible")

// skipBytes consumes the content and end tag of the element whose start
// tag the decoder has just returned, at depth. It reports whether the
// element has a direct child whose local name is table-source.
func (w *refWorkbook) skipBytes(c *refByteCounter, d *xml.Decoder, depth int) (bool, error) {
	if c.n != c.offset(d) || c.last != '>' || c.before == '/' {
		// The decoder holds a byte back, or the element was <x/> and
		// has no body: let the decoder handle it.
		return false, refErrFallback
	}
	s := refScanner{br: c.br}
	linked := false
	open := 0 // elements open inside the one being skipped
	for {
		if err := s.until('<'); err != nil {
			return false, w.scanErr(err)
		}
		b, err := s.peek(1)
		if err != nil {
			return false, w.scanErr(err)
		}
		switch b[0] {
		case '/':
			if err := s.tag(); err != nil {
				return false, w.scanErr(err)
			}
			if open == 0 {
				c.n += s.n
				c.skipped += s.n
				c.before, c.last = '?', '>'
				return linked, nil
			}
			open--
		case '!':
			b, err := s.peek(8)
			if err != nil {
				return false, w.scanErr(err)
			}
			// Step over the opener first, so "<!-->" does not end where it
			// starts (encoding/xml agrees).
			switch {
			case bytes.HasPrefix(b, []byte("!--")):
				err = s.skipThen(3, "-->")
			case bytes.HasPrefix(b, []byte("![CDATA[")):
				err = s.skipThen(8, "]]>")
			default:
				err = fmt.Errorf("unexpected <%s", b[:1])
			}
			if err != nil {
				return false, w.scanErr(err)
			}
		case '?':
			if err := s.skipThen(1, "?>"); err != nil {
				return false, w.scanErr(err)
			}
		default:
			name, _ := s.peek(64)
			if open == 0 && refIsTableSource(name) {
				linked = true
			}
			if err := s.tag(); err != nil {
				return false, w.scanErr(err)
			}
			if !s.selfClosed {
				open++
				if depth+open > w.lim.MaxDepth {
					return false, w.depthErr(depth + open)
				}
			}
		}
	}
}

// refIsTableSource reports whether a start tag's name (the bytes after '<')
// has the local name table-source.
func refIsTableSource(b []byte) bool {
	end := bytes.IndexAny(b, " \t\r\n/>")
	if end < 0 {
		return false
	}
	name := b[:end]
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return string(name) == "table-source"
}

func (w *refWorkbook) scanErr(err error) error {
	if errors.Is(err, sheet.ErrTooLarge) || errors.Is(err, sheet.ErrMalformed) {
		return err
	}
	if err == io.EOF || err == bufio.ErrBufferFull {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%s: %s: %w: %w", w.name, contentXML, sheet.ErrMalformed, err)
}

// scanner consumes a bufio.Reader in the few ways skipBytes needs,
// counting what it consumes.
type refScanner struct {
	br         *bufio.Reader
	n          int64
	selfClosed bool
}

// until consumes up to and including the next c.
func (s *refScanner) until(c byte) error {
	for {
		b, err := s.br.ReadSlice(c)
		s.n += int64(len(b))
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}

func (s *refScanner) peek(n int) ([]byte, error) {
	b, err := s.br.Peek(n)
	if len(b) > 0 {
		return b, nil
	}
	return nil, err
}

// skipThen consumes n bytes, then up to and including the terminator.
func (s *refScanner) skipThen(n int, term string) error {
	d, err := s.br.Discard(n)
	s.n += int64(d)
	if err != nil {
		return err
	}
	return s.past(term)
}

// past consumes up to and including the terminator.
func (s *refScanner) past(term string) error {
	last := term[len(term)-1]
	var tail []byte // the last len(term) bytes consumed
	for {
		b, err := s.br.ReadSlice(last)
		s.n += int64(len(b))
		tail = append(tail, b...)
		if len(tail) > len(term) {
			tail = tail[len(tail)-len(term):]
		}
		if err == nil && string(tail) == term {
			return nil
		}
		if err != nil && err != bufio.ErrBufferFull {
			return err
		}
	}
}

// tag consumes a tag up to and including its closing '>', which is the
// first one outside a quoted attribute value, and notes whether it was
// self-closing ("/>").
func (s *refScanner) tag() error {
	var quote, prev byte
	for {
		b, err := s.br.ReadSlice('>')
		s.n += int64(len(b))
		if err != nil && err != bufio.ErrBufferFull {
			return err
		}
		for i, ch := range b {
			switch {
			case quote != 0:
				if ch == quote {
					quote = 0
				}
			case ch == '"' || ch == '\'':
				quote = ch
			case ch == '>' && i == len(b)-1:
				s.selfClosed = prev == '/'
				return nil
			}
			prev = ch
		}
	}
}
