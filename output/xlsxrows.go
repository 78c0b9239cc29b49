package output

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/xuri/excelize/v2"

	"github.com/caredata/caredata/schemas"
)

// This file writes the data rows of a worksheet as SpreadsheetML, cell
// for cell what excelize's StreamWriter.SetRow writes for the same
// values, except that text goes into the shared-strings table (t="s")
// instead of inline (t="inlineStr"):
//
//	<row r="6"><c r="A6"><v>202425</v></c><c r="B6" t="s"><v>41</v></c>...</row>
//
// numbers as strconv formats them (ints in base 10, floats with
// FormatFloat(v, 'f', -1, 64)), dates and instants as Excel serials with
// their style, true/false as t="b", a null with a symbol as the text
// [symbol], a null without one as no cell at all.

// sstBudget caps the bytes of distinct text the shared-strings table
// collects. A table's shared strings are written after its rows, so they
// stay in memory; text first seen after the budget is spent is written
// inline (t="inlineStr", as excelize's stream writer writes all text),
// which keeps the memory of a table of mostly distinct text bounded.
var sstBudget = 32 << 20

// sharedStrings is the workbook's shared-strings table: the strings
// excelize wrote for the Cover, Contents, Notes and the data sheets'
// statements and headers (base of them), then the data rows' strings in
// the order they were first seen.
type sharedStrings struct {
	index map[string]int // text -> index in the whole table
	text  []string       // index -> text, as held in index ("" for excelize's strings not in it)
	ref   [][]byte       // index -> the end of a cell that refers to it, `" t="s"><v>12</v></c>`
	base  int            // excelize's strings, indexes 0..base-1
	si    bytes.Buffer   // <si> elements of the strings added here
	n     int            // strings added here
	refs  int            // cells written here that refer to the table
	bytes int            // text bytes added here, against sstBudget
}

// lookup returns the index of text, adding it to the table if it is new
// and the budget allows; ok is false when the text must be written inline.
func (s *sharedStrings) lookup(text string) (i int, ok bool) {
	if i, ok := s.index[text]; ok {
		return i, true
	}
	if s.bytes+len(text) > sstBudget {
		return 0, false
	}
	text = strings.Clone(text) // text may point into an Arrow buffer
	i = s.base + s.n
	s.index[text] = i
	s.text = append(s.text, text)
	s.ref = append(s.ref, nil)
	s.n++
	s.bytes += len(text)
	s.si.WriteString("<si>")
	s.si.Write(appendText(nil, text))
	s.si.WriteString("</si>")
	return i, true
}

// appendText appends a <t> element holding text as excelize's stream
// writer escapes it: cut to Excel's 32,767 UTF-16 units, XML-escaped by
// encoding/xml.EscapeText except that line feeds stay as they are,
// characters not allowed in XML replaced by U+FFFD, literal _xHHHH_
// sequences escaped as _x005F_xHHHH_ (ECMA-376 ST_Xstring), and
// xml:space="preserve" when the text starts or ends with white space.
func appendText(dst []byte, text string) []byte {
	text = truncateUTF16(text, excelMaxCellChars)
	preserve := false
	if text != "" {
		first, last := text[0], text[len(text)-1]
		preserve = isXMLSpace(first) || isXMLSpace(last)
	}
	if preserve {
		dst = append(dst, `<t xml:space="preserve">`...)
	} else {
		dst = append(dst, "<t>"...)
	}
	if strings.Contains(text, "_x") {
		text = bstrMarshal(text)
	}
	dst = appendEscaped(dst, text)
	return append(dst, "</t>"...)
}

func isXMLSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// appendEscaped escapes text as encoding/xml.EscapeText does, but leaves
// '\n' alone (excelize undoes EscapeText's &#xA;).
func appendEscaped(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\r':
			esc = "&#xD;"
		default:
			if !isXMLChar(r) || (r == utf8.RuneError && width == 1) {
				esc = "\uFFFD"
				break
			}
			i += width
			continue
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, esc...)
		i += width
		last = i
	}
	return append(dst, s[last:]...)
}

// isXMLChar reports whether r may appear in an XML 1.0 document (the
// Char production, as encoding/xml checks it).
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// truncateUTF16 cuts s to at most n UTF-16 code units, as excelize does
// to text longer than a cell holds.
func truncateUTF16(s string, n int) string {
	if len(s) <= n {
		return s // n bytes are at most n UTF-16 units
	}
	units := 0
	for i, r := range s {
		if units += utf16.RuneLen(r); units > n {
			return s[:i]
		}
	}
	return s
}

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal escapes literal _xHHHH_ sequences, which readers would take
// for an escaped character. It is excelize's own function (lib.go,
// BSD-3-Clause, Copyright 2016 - 2026 The excelize Authors), copied so that
// the text reads back exactly as text excelize wrote.
func bstrMarshal(s string) (result string) {
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}

var (
	excelMinTime1900      = time.Date(1899, time.December, 31, 0, 0, 0, 0, time.UTC)
	excelBuggyPeriodStart = time.Date(1900, time.March, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
)

// excelSerial is excelize's timeToExcelTime for the 1900 date system
// (date.go, BSD-3-Clause, Copyright 2016 - 2026 The excelize Authors):
// the serial of t, and whether it is positive (excelize writes a time that
// is not as RFC 3339 text).
func excelSerial(t time.Time) (float64, bool) {
	const (
		day         = 24 * time.Hour
		maxDuration = 290 * 364 * day
	)
	if t.Before(excelMinTime1900) {
		return 0, false
	}
	tt, diff, result := t, t.Sub(excelMinTime1900), 0.0
	for diff >= maxDuration {
		result += float64(maxDuration / day)
		tt = tt.Add(-maxDuration)
		diff = tt.Sub(excelMinTime1900)
	}
	rem := diff % day
	result += float64(diff-rem)/float64(day) + float64(rem)/float64(day)
	// Excel counts 29 February 1900, which did not exist.
	if t.After(excelBuggyPeriodStart) {
		result++
	}
	return result, result > 0
}

// rowWriter encodes a dataset's rows as worksheet rows.
type rowWriter struct {
	cols []rowCol
	sst  *sharedStrings
	buf  []byte
	ref  []byte // the current row's number
}

// rowCol is one logical column: where it is in a batch and how its cells
// start.
type rowCol struct {
	typ           schemas.Type
	value, status int    // Arrow field indexes; status -1 when none
	open          []byte // `<c r="B`
	style         []byte // ` s="3"` for dates and instants
	name          string

	// The batch being written.
	arr    arrow.Array
	nulls  bool   // arr has nulls: look at its validity bitmap
	bitmap []byte // arr's validity bitmap
	offset int    // arr's offset into it
	str    *array.String
	// dict and dictStr are a string column read as a dictionary (see
	// ParquetFile.ScanStringDictionaries); shared caches each distinct
	// value's shared-string index for the batch (-1 not yet looked up,
	// -2 written inline).
	dict    *array.Dictionary
	dictStr *array.String
	shared  []int
	i32     []int32
	i64     []int64
	f64     []float64
	d32     []arrow.Date32
	ts      []arrow.Timestamp
	boolv   *array.Boolean
	statuv  *array.String

	// The last string written and its index: values repeat in runs.
	last    string
	lastIdx int
	hasLast bool
	symbols map[string]int // source symbol -> index of its [shorthand]
}

func newRowWriter(ds *schemas.Dataset, st styles, sst *sharedStrings) *rowWriter {
	rw := &rowWriter{sst: sst, buf: make([]byte, 0, rowBufSize+4096)}
	field := 0
	for j, c := range ds.Columns {
		col := rowCol{typ: c.Type, value: field, status: -1, name: c.Name, symbols: map[string]int{}}
		field++
		if c.Status {
			col.status = field
			field++
		}
		name, _ := excelize.ColumnNumberToName(j + 1) // fails only past Excel's 16,384 columns
		col.open = append([]byte(`<c r="`), name...)
		switch c.Type {
		case schemas.Date32:
			col.style = []byte(` s="` + strconv.Itoa(st.date) + `"`)
		case schemas.Timestamp:
			col.style = []byte(` s="` + strconv.Itoa(st.datetime) + `"`)
		}
		rw.cols = append(rw.cols, col)
	}
	return rw
}

// rowBufSize is how much row XML is gathered before it is written out.
const rowBufSize = 256 << 10

// batch points the columns at a batch's arrays.
func (rw *rowWriter) batch(t schemas.Table) error {
	rec := t.Record
	for j := range rw.cols {
		c := &rw.cols[j]
		c.arr = rec.Column(c.value)
		c.nulls, c.bitmap, c.offset = c.arr.NullN() > 0, c.arr.NullBitmapBytes(), c.arr.Data().Offset()
		var ok bool
		switch c.typ {
		case schemas.String:
			c.dict, c.dictStr = nil, nil
			if d, isDict := c.arr.(*array.Dictionary); isDict {
				if c.dictStr, ok = d.Dictionary().(*array.String); ok {
					c.dict = d
					c.shared = slices.Grow(c.shared[:0], c.dictStr.Len())[:c.dictStr.Len()]
					for k := range c.shared {
						c.shared[k] = -1
					}
				}
				break
			}
			c.str, ok = c.arr.(*array.String)
		case schemas.Int32:
			var a *array.Int32
			if a, ok = c.arr.(*array.Int32); ok {
				c.i32 = a.Int32Values()
			}
		case schemas.Int64:
			var a *array.Int64
			if a, ok = c.arr.(*array.Int64); ok {
				c.i64 = a.Int64Values()
			}
		case schemas.Float64:
			var a *array.Float64
			if a, ok = c.arr.(*array.Float64); ok {
				c.f64 = a.Float64Values()
			}
		case schemas.Date32:
			var a *array.Date32
			if a, ok = c.arr.(*array.Date32); ok {
				c.d32 = a.Date32Values()
			}
		case schemas.Timestamp:
			var a *array.Timestamp
			if a, ok = c.arr.(*array.Timestamp); ok {
				c.ts = a.TimestampValues()
			}
		case schemas.Bool:
			c.boolv, ok = c.arr.(*array.Boolean)
		}
		if !ok {
			return fmt.Errorf("column %s: %s values in a %s column", c.name, c.arr.DataType(), c.typ)
		}
		c.statuv = nil
		if c.status >= 0 {
			if c.statuv, ok = rec.Column(c.status).(*array.String); !ok {
				return fmt.Errorf("column %s: status companion of type %s", c.name, rec.Column(c.status).DataType())
			}
		}
	}
	return nil
}

// row appends row i of the current batch as row number r of the sheet.
func (rw *rowWriter) row(i, r int) error {
	b := rw.buf
	rw.ref = strconv.AppendInt(rw.ref[:0], int64(r), 10)
	b = append(b, `<row r="`...)
	b = append(b, rw.ref...)
	b = append(b, `">`...)
	for j := range rw.cols {
		c := &rw.cols[j]
		if c.nulls && !bitutil.BitIsSet(c.bitmap, c.offset+i) {
			if c.statuv != nil && c.statuv.IsValid(i) {
				b = rw.symbol(b, c, c.statuv.Value(i))
			}
			continue
		}
		switch c.typ {
		case schemas.String:
			var s string
			vi := -1
			if c.dict != nil {
				// Each distinct value is looked up once a batch.
				vi = c.dict.GetValueIndex(i)
				if k := c.shared[vi]; k >= 0 {
					b = rw.shared(b, c, nil, k)
					continue
				}
				s = c.dictStr.Value(vi)
			} else {
				s = c.str.Value(i)
			}
			if c.hasLast && s == c.last {
				b = rw.shared(b, c, nil, c.lastIdx)
				continue
			}
			// Excel cuts longer text silently; refuse rather than publish a cut value.
			if len(s) > excelMaxCellChars && utf8.RuneCountInString(s) > excelMaxCellChars {
				rw.buf = b
				return fmt.Errorf("column %s: %d characters, more than an Excel cell holds (%d)",
					c.name, utf8.RuneCountInString(s), excelMaxCellChars)
			}
			k, ok := rw.sst.lookup(s)
			if !ok {
				b = rw.inline(b, c, nil, s)
				continue
			}
			if vi >= 0 {
				c.shared[vi] = k
			}
			c.last, c.lastIdx, c.hasLast = rw.sst.text[k], k, true
			b = rw.shared(b, c, nil, k)
		case schemas.Int32:
			b = rw.number(b, c)
			b = strconv.AppendInt(b, int64(c.i32[i]), 10)
			b = append(b, "</v></c>"...)
		case schemas.Int64:
			b = rw.number(b, c)
			b = strconv.AppendInt(b, c.i64[i], 10)
			b = append(b, "</v></c>"...)
		case schemas.Float64:
			v := c.f64[i]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				b = rw.text(b, c, nil, fmt.Sprint(v))
				continue
			}
			b = rw.number(b, c)
			b = strconv.AppendFloat(b, v, 'f', -1, 64)
			b = append(b, "</v></c>"...)
		case schemas.Date32:
			b = rw.instant(b, c, c.d32[i].ToTime())
		case schemas.Timestamp:
			b = rw.instant(b, c, time.Unix(int64(c.ts[i])/1000, 0).UTC())
		case schemas.Bool:
			b = append(b, c.open...)
			b = append(b, rw.ref...)
			if c.boolv.Value(i) {
				b = append(b, `" t="b"><v>1</v></c>`...)
			} else {
				b = append(b, `" t="b"><v>0</v></c>`...)
			}
		}
	}
	rw.buf = append(b, "</row>"...)
	return nil
}

// number starts a number cell, up to its value.
func (rw *rowWriter) number(b []byte, c *rowCol) []byte {
	b = append(b, c.open...)
	b = append(b, rw.ref...)
	b = append(b, '"')
	b = append(b, c.style...)
	return append(b, "><v>"...)
}

// instant writes a date or instant as excelize does: its serial with the
// column's style, or RFC 3339 text before 1900.
func (rw *rowWriter) instant(b []byte, c *rowCol, t time.Time) []byte {
	serial, ok := excelSerial(t)
	if !ok {
		return rw.text(b, c, c.style, t.Format(time.RFC3339Nano))
	}
	b = rw.number(b, c)
	b = strconv.AppendFloat(b, serial, 'f', -1, 64)
	return append(b, "</v></c>"...)
}

// symbol writes a null's source symbol as its bracketed shorthand.
func (rw *rowWriter) symbol(b []byte, c *rowCol, status string) []byte {
	if k, ok := c.symbols[status]; ok {
		return rw.shared(b, c, nil, k)
	}
	text := "[" + schemas.StandardSymbol(status) + "]"
	k, ok := rw.sst.lookup(text)
	if !ok {
		return rw.inline(b, c, nil, text)
	}
	c.symbols[strings.Clone(status)] = k
	return rw.shared(b, c, nil, k)
}

// text writes a text cell, shared if the budget allows.
func (rw *rowWriter) text(b []byte, c *rowCol, style []byte, s string) []byte {
	if k, ok := rw.sst.lookup(s); ok {
		return rw.shared(b, c, style, k)
	}
	return rw.inline(b, c, style, s)
}

func (rw *rowWriter) shared(b []byte, c *rowCol, style []byte, k int) []byte {
	rw.sst.refs++
	b = append(b, c.open...)
	b = append(b, rw.ref...)
	if style != nil {
		b = append(b, '"')
		b = append(b, style...)
		b = append(b, ` t="s"><v>`...)
		b = strconv.AppendInt(b, int64(k), 10)
		return append(b, "</v></c>"...)
	}
	end := rw.sst.ref[k]
	if end == nil {
		end = strconv.AppendInt([]byte(`" t="s"><v>`), int64(k), 10)
		end = append(end, "</v></c>"...)
		rw.sst.ref[k] = end
	}
	return append(b, end...)
}

func (rw *rowWriter) inline(b []byte, c *rowCol, style []byte, s string) []byte {
	b = append(b, c.open...)
	b = append(b, rw.ref...)
	b = append(b, '"')
	b = append(b, style...)
	b = append(b, ` t="inlineStr"><is>`...)
	b = appendText(b, s)
	return append(b, "</is></c>"...)
}
