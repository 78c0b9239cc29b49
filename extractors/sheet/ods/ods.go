// Package ods reads OpenDocument spreadsheets (.ods) as sheet.Workbook.
//
// It is hand-written because no maintained Go library reads ODS. It streams
// content.xml out of the zip with encoding/xml, token by token, and never
// holds the document: real Ofsted content.xml files are 40-75 MB, mostly
// runs of empty cells that LibreOffice writes with
// table:number-columns-repeated="16364" and table:number-rows-repeated
// ="1044646"; those runs are counted, never expanded.
//
// Open makes one pass over content.xml to list the sheets (skipping table
// bodies without keeping them) and remembers where each table starts; Rows
// then inflates content.xml again, discards the bytes before that table and
// tokenizes only the table asked for.
//
// Tables that are cached copies of other workbooks' sheets (LibreOffice
// names them 'https://...'#Sheet or 'file://...'#Sheet and gives them a
// table:table-source child) are not sheets of the workbook: the 2022
// Ofsted ODS carries 157 of them. Sheets and Rows ignore them.
package ods

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/internal/zipguard"
)

// MIMEType is what the mimetype entry of an ODS package says.
const MIMEType = "application/vnd.oasis.opendocument.spreadsheet"

// The OpenDocument namespaces the reader matches names against (prefixes
// are whatever the file binds; these are what they must be bound to).
const (
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
)

const contentXML = "content.xml"

// Workbook is an open ODS file. It keeps only the zip directory and a small
// index of tables; rows are read from the file on demand.
type Workbook struct {
	name    string
	content *zip.File
	lim     sheet.Limits
	tables  []table
	sheets  []string
}

// table is what the index pass learns about one table:table.
type table struct {
	name   string
	offset int64      // byte offset of its start tag in content.xml
	depth  int        // element depth of that start tag
	ns     []xml.Attr // namespace declarations in scope from its ancestors
	linked bool       // a cached external-link table, not a sheet
}

var _ sheet.Workbook = (*Workbook)(nil)

// Open reads the zip directory of an ODS file and indexes its sheets. name
// is used only in error messages. Zero fields of lim take the defaults.
func Open(name string, r io.ReaderAt, size int64, lim sheet.Limits) (*Workbook, error) {
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
	w := &Workbook{name: name, content: content, lim: lim}
	if err := w.index(true); err != nil {
		return nil, err
	}
	return w, nil
}

// Sheets lists the real sheets in workbook order.
func (w *Workbook) Sheets() []string { return append([]string(nil), w.sheets...) }

// Close releases nothing today (the caller owns the io.ReaderAt); it exists
// to satisfy sheet.Workbook.
func (w *Workbook) Close() error { return nil }

// index makes the pass that lists the tables, skipping their bodies (see
// skip.go). It reads raw tokens and resolves namespace prefixes itself, so
// that the decoder keeps no element stack that the byte skip would upset.
// Without byteSkip it skips with tokens only, which tests compare against.
func (w *Workbook) index(byteSkip bool) error {
	rc, err := zipguard.Open(w.name, w.content, w.lim)
	if err != nil {
		return err
	}
	defer rc.Close()
	c := &byteCounter{br: bufio.NewReaderSize(rc, 64<<10)}
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
			nsStack = append(nsStack, xmlnsAttrs(t.Attr))
			open = append(open, t.Name)
			depth := len(open)
			if depth > w.lim.MaxDepth {
				return w.depthErr(depth)
			}
			name := xml.Name{Space: resolve(nsStack, t.Name.Space), Local: t.Name.Local}
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
			linked, err := false, errFallback
			if byteSkip {
				linked, err = w.skipBytes(c, d, depth)
			}
			if err == errFallback {
				linked, err = w.skipTokens(d, depth)
			}
			if err != nil {
				return err
			}
			if isTable {
				tb := table{offset: off, depth: depth, ns: inScope(nsStack[:depth-1])}
				for _, a := range t.Attr {
					// An unprefixed attribute is in no namespace, whatever the default.
					if a.Name.Local == "name" && a.Name.Space != "" && resolve(nsStack, a.Name.Space) == nsTable {
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
func (w *Workbook) skipTokens(d *xml.Decoder, depth int) (bool, error) {
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
func (w *Workbook) Rows(name string) (sheet.Rows, error) {
	var tb *table
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
	r := &rows{w: w, sheet: name, rc: rc, d: d, depth: tb.depth - 2, next: 1}
	// The first token is the wrapper, the second the table's start tag.
	for i := 0; i < 2; i++ {
		tok, err := r.token()
		if err != nil {
			rc.Close()
			return nil, err
		}
		t, ok := tok.(xml.StartElement)
		if i == 1 && (!ok || t.Name.Space != nsTable || t.Name.Local != "table" || attr(t, nsTable, "name") != name) {
			rc.Close()
			return nil, fmt.Errorf("%s: %w: table %q is not where the index pass found it", w.name, sheet.ErrMalformed, name)
		}
	}
	r.tableDepth = r.depth
	return r, nil
}

func (w *Workbook) xmlErr(err error) error {
	if errors.Is(err, sheet.ErrTooLarge) || errors.Is(err, sheet.ErrMalformed) {
		return err
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%s: %s: %w: %w", w.name, contentXML, sheet.ErrMalformed, err)
}

func (w *Workbook) depthErr(depth int) error {
	return &sheet.LimitError{File: w.name, Part: contentXML, Limit: "MaxDepth", Got: int64(depth), Max: int64(w.lim.MaxDepth)}
}

// isLinkedName recognises LibreOffice's names for cached external-link
// tables: the quoted URL of the other file, then #, then its sheet name.
// A real sheet name cannot start with an apostrophe in either application.
func isLinkedName(n string) bool {
	return strings.HasPrefix(n, "'") && strings.Contains(n, "'#")
}

// attr returns the value of the attribute space:local, or "".
func attr(t xml.StartElement, space, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

// resolve maps a raw prefix to its namespace using the declarations of
// the open elements, innermost first.
func resolve(stack [][]xml.Attr, prefix string) string {
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

func xmlnsAttrs(attrs []xml.Attr) []xml.Attr {
	var ns []xml.Attr
	for _, a := range attrs {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			ns = append(ns, a)
		}
	}
	return ns
}

// inScope flattens the declarations of the open elements, inner ones
// overriding outer ones for the same prefix.
func inScope(stack [][]xml.Attr) []xml.Attr {
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

// intAttr parses a repeat count such as table:number-columns-repeated: a
// missing one is 1; a nonsense one is an error; a huge one is clamped,
// since runs are counted, not expanded.
func intAttr(t xml.StartElement, space, local string) (int, error) {
	v := attr(t, space, local)
	if v == "" {
		return 1, nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%w: %s:%s=%q", sheet.ErrMalformed, t.Name.Local, local, v)
	}
	return int(min(n, maxRun)), nil
}

// maxRun clamps repeat counts and row numbers, far above any real sheet
// (1,048,576 rows), so sums of them cannot overflow an int.
const maxRun = 1 << 28
