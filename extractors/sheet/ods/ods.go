// Package ods reads OpenDocument spreadsheets (.ods) as sheet.Workbook.
//
// It is hand-written because no maintained Go library reads ODS. It streams
// content.xml out of the zip and never holds the document: real Ofsted
// content.xml files are 40-75 MB, mostly runs of empty cells that
// LibreOffice writes with table:number-columns-repeated="16364" and
// table:number-rows-repeated="1044646"; those runs are counted, never
// expanded.
//
// The XML is read by a byte-level scanner (scan.go) over the inflated
// bytes, not by encoding/xml, which spent most of the time allocating
// tokens: names, attribute values and text are slices of the scanner's
// buffer, and a table is read at a few hundred MB/s. The scanner accepts
// and decodes exactly what encoding/xml does (entities, line ends, UTF-8,
// names, namespaces matched by URI, not prefix); the encoding/xml reader
// it replaced is kept in reference_test.go, and the tests and FuzzODS
// compare the two row by row.
//
// Open makes one pass over content.xml to list the sheets: it tokenizes
// down to office:spreadsheet and skips table bodies by counting elements,
// without tokenizing them. It remembers where each table starts, and at
// sheets far into the file it saves the inflater's state (content.go).
// Rows then resumes inflating from the nearest saved state (or from the
// start), skips the bytes before its table and tokenizes only that table.
//
// Tables that are cached copies of other workbooks' sheets (LibreOffice
// names them 'https://...'#Sheet or 'file://...'#Sheet and gives them a
// table:table-source child) are not sheets of the workbook: the 2022
// Ofsted ODS carries 157 of them. Sheets and Rows ignore them.
package ods

import (
	"archive/zip"
	"bytes"
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
	name        string
	r           io.ReaderAt
	content     *zip.File
	lim         sheet.Limits
	tables      []table
	sheets      []string
	checkpoints []checkpoint // see content.go
}

// table is what the index pass learns about one table:table.
type table struct {
	name   string
	offset int64     // byte offset of its start tag in content.xml
	depth  int       // element depth of that start tag
	ns     []binding // namespace declarations in scope from its ancestors
	linked bool      // a cached external-link table, not a sheet
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
	w := &Workbook{name: name, r: r, content: content, lim: lim}
	if err := w.index(); err != nil {
		return nil, err
	}
	return w, nil
}

// Sheets lists the real sheets in workbook order.
func (w *Workbook) Sheets() []string { return append([]string(nil), w.sheets...) }

// Close releases nothing today (the caller owns the io.ReaderAt); it exists
// to satisfy sheet.Workbook.
func (w *Workbook) Close() error { return nil }

// index makes the pass that lists the tables. It tokenizes the document
// down to office:spreadsheet, and skips the bodies of tables (and of
// styles, scripts and the like) with scanner.skipBody.
func (w *Workbook) index() error {
	st, err := w.openContent()
	if err != nil {
		return err
	}
	defer st.Close()
	return w.indexStream(st)
}

// indexStream is index reading st.
func (w *Workbook) indexStream(st *stream) error {
	s := newScanner(st, w.name, w.lim, true)
	sheetDepth := -1 // depth of office:spreadsheet
	for {
		off := s.offset()
		k, err := s.next()
		if err != nil {
			return w.xmlErr(err)
		}
		if k == tokEOF {
			if s.depth() > 0 {
				return w.xmlErr(io.ErrUnexpectedEOF)
			}
			break
		}
		if k != tokStart {
			continue
		}
		depth := s.depth()
		local := string(s.local)
		if depth == 1 && (s.ns != nsIDOffice || local != "document-content") {
			return fmt.Errorf("%s: %w: content.xml root is %s, not office:document-content", w.name, sheet.ErrNotSpreadsheet, local)
		}
		skip, isTable := false, false
		switch {
		case s.ns == nsIDOffice && local == "spreadsheet" && sheetDepth < 0:
			sheetDepth = depth
		case depth == sheetDepth+1 && s.ns == nsIDTable && local == "table":
			skip, isTable = true, true
		case depth == 2 && (s.ns != nsIDOffice || local != "body"),
			depth == 3 && sheetDepth < 0:
			skip = true // styles, fonts, scripts, other document kinds
		}
		if !skip {
			continue
		}
		var tb table
		saved := len(w.checkpoints)
		if isTable {
			tb = table{offset: off, depth: depth, ns: s.bindsAbove(depth)}
			for k := range s.attrs {
				// An unprefixed attribute is in no namespace, whatever the default.
				if a := &s.attrs[k]; a.ns == nsIDTable && string(a.local(s)) == "name" {
					tb.name = string(a.value(s))
				}
			}
			if !isLinkedName(tb.name) {
				w.saveCheckpoint(st, s, off)
			}
		}
		linked, err := s.skipBody()
		if err != nil {
			return w.xmlErr(err)
		}
		if isTable {
			if linked {
				w.checkpoints = w.checkpoints[:saved] // Rows never reads it
			}
			tb.linked = linked || isLinkedName(tb.name)
			w.tables = append(w.tables, tb)
			if !tb.linked {
				w.sheets = append(w.sheets, tb.name)
			}
		}
	}
	if sheetDepth < 0 {
		return fmt.Errorf("%s: %w: content.xml has no office:spreadsheet", w.name, sheet.ErrNotSpreadsheet)
	}
	return nil
}

// bindsAbove copies the namespace declarations of the open elements above
// depth.
func (s *scanner) bindsAbove(depth int) []binding {
	var out []binding
	for _, b := range s.binds {
		if b.depth < depth {
			out = append(out, b)
		}
	}
	return out
}

// Rows opens one sheet. It inflates content.xml from the nearest
// checkpoint before the table (see content.go), or from the start,
// discards the bytes before the table and streams the table's rows.
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
	s, rc, err := w.openAt(tb.offset)
	if err != nil {
		return nil, err
	}
	// The table's start tag relies on namespace prefixes declared by its
	// ancestors, which were discarded: declare them again.
	s.base = tb.depth - 1
	s.binds = append(s.binds, tb.ns...)
	r := &rows{w: w, sheet: name, rc: rc, s: s, next: 1}
	k, err := s.next()
	if err != nil {
		rc.Close()
		return nil, w.xmlErr(err)
	}
	if k != tokStart || s.ns != nsIDTable || string(s.local) != "table" || string(s.attr(nsIDTable, "name")) != name {
		rc.Close()
		return nil, fmt.Errorf("%s: %w: table %q is not where the index pass found it", w.name, sheet.ErrMalformed, name)
	}
	r.tableDepth = s.depth()
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

// isLinkedName recognises LibreOffice's names for cached external-link
// tables: the quoted URL of the other file, then #, then its sheet name.
// A real sheet name cannot start with an apostrophe in either application.
func isLinkedName(n string) bool {
	return strings.HasPrefix(n, "'") && strings.Contains(n, "'#")
}

// intAttr parses a repeat count such as table:number-columns-repeated of
// the start tag just read: a missing one is 1; a nonsense one is an error;
// a huge one is clamped, since runs are counted, not expanded.
func intAttr(s *scanner, ns nsID, local string) (int, error) {
	v := s.attr(ns, local)
	if len(v) == 0 {
		return 1, nil
	}
	n, err := strconv.ParseUint(string(v), 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%w: %s:%s=%q", sheet.ErrMalformed, s.local, local, v)
	}
	return int(min(n, maxRun)), nil
}

// maxRun clamps repeat counts and row numbers, far above any real sheet
// (1,048,576 rows), so sums of them cannot overflow an int.
const maxRun = 1 << 28
