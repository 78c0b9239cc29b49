package ods

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/caredata/caredata/extractors/sheet"
)

// FuzzODS feeds arbitrary content.xml to the reader inside a valid zip (so
// the fuzzer explores the XML, not zip checksums; stored, not deflated,
// to keep each run fast enough for the minimizer). Properties: no panic,
// every error wraps one of the sheet sentinels, every yielded row obeys
// the Rows contract, and the scanner agrees with the encoding/xml
// reference reader (reference_test.go): the same index, and for every
// sheet the same rows and the same outcome (see compareRows).
//
//	go test -run '^$' -fuzz FuzzODS -fuzztime 60s -fuzzminimizetime 5s ./extractors/sheet/ods/
func FuzzODS(f *testing.F) {
	f.Add(linkedDoc)
	f.Add(contentDoc(`<table:table table:name="S">` +
		tr(` table:number-rows-repeated="3" table:visibility="collapse"`, sc("a"), `<table:table-cell table:number-columns-repeated="4"/>`,
			`<table:table-cell office:value-type="float" office:value="1.5"><text:p>1.5</text:p></table:table-cell>`,
			`<table:covered-table-cell/>`,
			`<table:table-cell office:value-type="date" office:date-value="2014-11-11T00:00:00"><text:p>11/11/2014</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="time" office:time-value="PT1H"><text:p>01:00</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="string"><text:p>x<text:s text:c="2"/><text:span>y</text:span><text:tab/><text:line-break/></text:p><text:p>z</text:p></table:table-cell>`) +
		`<table:table-row-group table:display="false">` + tr("", sc("g")) + `</table:table-row-group>` +
		`</table:table>`))
	f.Add(contentDoc(`<table:table table:name="A"><!-- c --><![CDATA[<]]></table:table><table:table table:name="B"/>`))
	f.Add(`<o:document-content xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><o:body><o:spreadsheet><t:table t:name="T"><t:table-row><t:table-cell o:value-type="float" o:value="2"/></t:table-row></t:table></o:spreadsheet></o:body></o:document-content>`)
	f.Add(contentDoc(`<table:table table:name="A"><!-- a --><!-->--><?x ?><x:table-source/></table:table><table:table table:name="B"><![CDATA[]]>]]></table:table>`))
	f.Add("not xml at all")

	lim := sheet.Limits{MaxPartSize: 1 << 20, MaxDepth: 64, MaxCellsPerRow: 1000, MaxColumns: 1000, MaxRowRepeat: 100, MaxCellText: 1 << 12}
	f.Fuzz(func(t *testing.T, content string) {
		file := storedZip(t, content)
		w, err := openBytes(file, lim)
		ref, refErr := refOpen("test.ods", bytes.NewReader(file), int64(len(file)), lim)
		if err != nil {
			if !typed(err) {
				t.Fatalf("untyped Open error: %v", err)
			}
			if refErr == nil {
				t.Fatalf("Open fails (%v) where the reference succeeds", err)
			}
			return
		}
		if refErr != nil {
			t.Fatalf("Open succeeds where the reference fails: %v", refErr)
		}
		if msg := sameIndex(w, ref); msg != "" {
			t.Fatal(msg)
		}
		for _, name := range w.Sheets() {
			rs, err := w.Rows(name)
			if err != nil {
				if !typed(err) {
					t.Fatalf("untyped Rows error: %v", err)
				}
			} else {
				checkContract(t, rs, lim)
			}
			compareRows(t, w, ref, name)
		}
	})
}

// checkContract drains a sheet checking what Rows promises.
func checkContract(t *testing.T, rs sheet.Rows, lim sheet.Limits) {
	t.Helper()
	defer rs.Close()
	last := 0
	for rs.Next() {
		cells := rs.Row()
		switch {
		case len(cells) == 0:
			t.Fatal("empty row yielded")
		case cells[len(cells)-1].IsEmpty():
			t.Fatal("trailing empty cell not trimmed")
		case len(cells) > lim.MaxColumns:
			t.Fatalf("row of %d cells beyond MaxColumns", len(cells))
		case rs.Number() <= last:
			t.Fatalf("row number %d after %d", rs.Number(), last)
		}
		last = rs.Number()
		for _, c := range cells {
			if c.Kind > sheet.Bool || math.IsNaN(c.Number) || math.IsInf(c.Number, 0) || len(c.Text) > lim.MaxCellText {
				t.Fatalf("bad cell %+v", c)
			}
		}
	}
	if err := rs.Err(); err != nil && !typed(err) {
		t.Fatalf("untyped Next error: %v", err)
	}
}

// compareRows reads one sheet with the scanner and with the encoding/xml
// reference, side by side, and fails on the first difference: a row
// (number, hidden, cells), or the outcome. Where the reference fails, the
// scanner must fail at the same row with an error wrapping the same
// sentinel (and the same limit, if one was hit).
func compareRows(t *testing.T, w *Workbook, ref *refWorkbook, name string) (rows, cells int) {
	t.Helper()
	a, aErr := w.Rows(name)
	b, bErr := ref.Rows(name)
	if aErr != nil || bErr != nil {
		if msg := sameErr(aErr, bErr); msg != "" {
			t.Fatalf("sheet %q: Rows: %s", name, msg)
		}
		return 0, 0
	}
	defer a.Close()
	defer b.Close()
	for n := 1; ; n++ {
		an, bn := a.Next(), b.Next()
		if an != bn {
			t.Fatalf("sheet %q row %d: scanner Next %v (%v), reference %v (%v)", name, n, an, a.Err(), bn, b.Err())
		}
		if !an {
			break
		}
		if a.Number() != b.Number() || a.Hidden() != b.Hidden() || !reflect.DeepEqual(a.Row(), b.Row()) {
			t.Fatalf("sheet %q row %d:\n scanner   %d %v %+v\n reference %d %v %+v", name, n, a.Number(), a.Hidden(), a.Row(), b.Number(), b.Hidden(), b.Row())
		}
		rows, cells = rows+1, cells+len(a.Row())
	}
	if msg := sameErr(a.Err(), b.Err()); msg != "" {
		t.Fatalf("sheet %q: %s", name, msg)
	}
	return rows, cells
}

// sameErr compares two readers' errors by what callers may test: nil or
// not, the sentinel, the limit, the cell.
func sameErr(a, b error) string {
	if (a == nil) != (b == nil) {
		return fmt.Sprintf("scanner error %v, reference error %v", a, b)
	}
	if a == nil {
		return ""
	}
	for _, s := range []error{sheet.ErrNotSpreadsheet, sheet.ErrNoSheet, sheet.ErrTooLarge, sheet.ErrMalformed} {
		if errors.Is(a, s) != errors.Is(b, s) {
			return fmt.Sprintf("scanner error %v, reference error %v", a, b)
		}
	}
	var al, bl *sheet.LimitError
	if errors.As(a, &al) != errors.As(b, &bl) || al != nil && al.Limit != bl.Limit {
		return fmt.Sprintf("scanner error %v, reference error %v", a, b)
	}
	var ac, bc *sheet.CellError
	if errors.As(a, &ac) != errors.As(b, &bc) || ac != nil && (ac.Row != bc.Row || ac.Column != bc.Column) {
		return fmt.Sprintf("scanner error %v, reference error %v", a, b)
	}
	return ""
}
