package ods

import (
	"math"
	"reflect"
	"testing"

	"github.com/caredata/caredata/extractors/sheet"
)

// FuzzODS feeds arbitrary content.xml to the reader inside a valid zip (so
// the fuzzer explores the XML, not zip checksums; stored, not deflated,
// to keep each run fast enough for the minimizer). Properties: no panic,
// every error wraps one of the sheet sentinels, every yielded row obeys
// the Rows contract, and the byte-skipping index agrees with the token
// index whenever both succeed.
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
		w, err := openBytes(storedZip(t, content), lim)
		if err != nil {
			if !typed(err) {
				t.Fatalf("untyped Open error: %v", err)
			}
			return
		}
		slow := &Workbook{name: w.name, content: w.content, lim: w.lim}
		if err := slow.index(false); err == nil && !reflect.DeepEqual(slow.tables, w.tables) {
			t.Fatalf("indexes differ:\n fast %+v\n slow %+v", w.tables, slow.tables)
		}
		for _, name := range w.Sheets() {
			rs, err := w.Rows(name)
			if err != nil {
				if !typed(err) {
					t.Fatalf("untyped Rows error: %v", err)
				}
				continue
			}
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
			rs.Close()
		}
	})
}
