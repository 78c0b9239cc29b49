package ods

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/internal/testfiles"
)

// nsDecl binds the usual LibreOffice prefixes.
const nsDecl = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
	`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
	`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
	`xmlns:xlink="http://www.w3.org/1999/xlink"`

// contentDoc wraps table elements into a content.xml like LibreOffice's.
func contentDoc(tables string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<office:document-content ` + nsDecl + ` office:version="1.3">` +
		`<office:automatic-styles><style name="ce1"/></office:automatic-styles>` +
		`<office:body><office:spreadsheet>` + tables + `</office:spreadsheet></office:body></office:document-content>`
}

// odsZip builds an ODS package: the mimetype entry (stored, first, as the
// format requires) then content.xml.
func odsZip(tb testing.TB, content string) []byte {
	return zipOf(tb, "mimetype", MIMEType, "content.xml", content)
}

// storedZip is odsZip without compression.
func storedZip(tb testing.TB, content string) []byte {
	return zipMethod(tb, zip.Store, "mimetype", MIMEType, "content.xml", content)
}

// zipOf builds a zip of name, content pairs.
func zipOf(tb testing.TB, pairs ...string) []byte {
	return zipMethod(tb, zip.Deflate, pairs...)
}

func zipMethod(tb testing.TB, method uint16, pairs ...string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(pairs); i += 2 {
		h := &zip.FileHeader{Name: pairs[i], Method: method}
		if pairs[i] == "mimetype" {
			h.Method = zip.Store
		}
		f, err := zw.CreateHeader(h)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := f.Write([]byte(pairs[i+1])); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func openBytes(b []byte, lim sheet.Limits) (*Workbook, error) {
	return Open("test.ods", bytes.NewReader(b), int64(len(b)), lim)
}

// row is one yielded row, for comparing with what a test expects.
type row struct {
	Num    int
	Hidden bool
	Cells  []sheet.Cell
}

// readSheet drains one sheet.
func readSheet(w sheet.Workbook, name string) ([]row, error) {
	rs, err := w.Rows(name)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		out = append(out, row{rs.Number(), rs.Hidden(), rs.Row()})
	}
	return out, rs.Err()
}

// readEverything opens a package and drains every sheet, returning the
// first error: the path a hostile file must fail on somewhere, typed.
func readEverything(b []byte, lim sheet.Limits) error {
	w, err := openBytes(b, lim)
	if err != nil {
		return err
	}
	defer w.Close()
	for _, s := range w.Sheets() {
		if _, err := readSheet(w, s); err != nil {
			return err
		}
	}
	return nil
}

// typed reports whether err wraps one of the sentinels every reader error
// must wrap.
func typed(err error) bool {
	for _, s := range []error{sheet.ErrNotSpreadsheet, sheet.ErrNoSheet, sheet.ErrTooLarge, sheet.ErrMalformed} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// Cell constructors for expectations.
func str(s string) sheet.Cell { return sheet.Cell{Kind: sheet.String, Text: s} }
func num(v float64, text string) sheet.Cell {
	return sheet.Cell{Kind: sheet.Number, Number: v, Text: text}
}
func date(t time.Time, text string) sheet.Cell {
	return sheet.Cell{Kind: sheet.Date, Date: t, Text: text}
}

var empty sheet.Cell

// real files, found by testfiles.Path.
const (
	ofsted2022 = testfiles.Ofsted2022ODS
	ofsted2023 = testfiles.Ofsted2023ODS
	ofsted2025 = testfiles.Ofsted2025ODS
	ro3202223  = testfiles.RO3202223
	ro3202324  = testfiles.RO3202324
	ro3202425  = testfiles.RO3202425
)

// realWorkbooks holds the real files opened once per test binary, by
// name: the tests only read them, and Rows streams are independent, so
// tests and subtests share them and run in parallel.
var realWorkbooks sync.Map // name → *realWorkbook

type realWorkbook struct {
	once sync.Once
	w    *Workbook
	err  error
}

// sharedFile returns the real file opened once per test binary (see
// realWorkbooks), from its bytes in memory. A missing file fails the test.
func sharedFile(tb testing.TB, name string) *Workbook {
	tb.Helper()
	path := testfiles.Path(tb, name)
	v, _ := realWorkbooks.LoadOrStore(name, &realWorkbook{})
	rw := v.(*realWorkbook)
	rw.once.Do(func() {
		b, err := os.ReadFile(path)
		if err != nil {
			rw.err = err
			return
		}
		rw.w, rw.err = Open(path, bytes.NewReader(b), int64(len(b)), sheet.Limits{})
	})
	if rw.err != nil {
		tb.Fatal(rw.err)
	}
	return rw.w
}

// openFile opens a real file by name; a missing file fails the test.
func openFile(tb testing.TB, name string) *Workbook {
	tb.Helper()
	path := testfiles.Path(tb, name)
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	fi, err := f.Stat()
	if err != nil {
		tb.Fatal(err)
	}
	w, err := Open(path, f, fi.Size(), sheet.Limits{})
	if err != nil {
		tb.Fatal(err)
	}
	return w
}
