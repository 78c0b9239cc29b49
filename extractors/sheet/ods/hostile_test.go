package ods

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"strings"
	"testing"

	"github.com/caredata/caredata/extractors/sheet"
)

// TestHostile feeds files built to break a naive reader and checks each
// fails with the right typed error, wherever in Open/Rows/Next it fails.
func TestHostile(t *testing.T) {
	table := func(body string) string {
		return contentDoc(`<table:table table:name="S">` + body + `</table:table>`)
	}
	nest := func(open, close string, n int) string {
		return strings.Repeat(open, n) + strings.Repeat(close, n)
	}
	tests := []struct {
		name    string
		file    []byte
		lim     sheet.Limits
		want    error  // sentinel for errors.Is
		limit   string // LimitError.Limit, if one is expected
		cellCol string // CellError.Column, if one is expected
		cellRow int
	}{{
		name: "not a zip",
		file: []byte("URN,Name\n1027078,Rainsbrook\n"),
		want: sheet.ErrNotSpreadsheet,
	}, {
		name: "empty input",
		file: nil,
		want: sheet.ErrNotSpreadsheet,
	}, {
		name: "zip without content.xml",
		file: zipOf(t, "mimetype", MIMEType, "styles.xml", "<x/>"),
		want: sheet.ErrNotSpreadsheet,
	}, {
		name: "a text document",
		file: zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", contentDoc("")),
		want: sheet.ErrNotSpreadsheet,
	}, {
		name: "content.xml that is not a spreadsheet",
		file: zipOf(t, "content.xml", `<office:document-content `+nsDecl+`><office:body><office:text/></office:body></office:document-content>`),
		want: sheet.ErrNotSpreadsheet,
	}, {
		name: "zip bomb: compression ratio",
		file: odsZip(t, contentDoc(strings.Repeat(" ", 4<<20)+`<table:table table:name="S"/>`)),
		want: sheet.ErrTooLarge, limit: "MaxRatio",
	}, {
		name: "content.xml over the size cap",
		file: odsZip(t, table(tr("", sc(strings.Repeat("x", 2<<20))))),
		lim:  sheet.Limits{MaxPartSize: 1 << 20},
		want: sheet.ErrTooLarge, limit: "MaxPartSize",
	}, {
		name: "zip header lying about the size",
		file: lyingZip(t, table(strings.Repeat(" ", 3<<20))),
		want: sheet.ErrMalformed,
	}, {
		name: "deep nesting in a cell",
		file: odsZip(t, table(tr("", `<table:table-cell office:value-type="string"><text:p>`+nest("<text:span>", "</text:span>", 200)+`</text:p></table:table-cell>`))),
		want: sheet.ErrTooLarge, limit: "MaxDepth",
	}, {
		name: "deep nesting in a table the index skips",
		file: odsZip(t, contentDoc(`<table:table table:name="A">`+nest("<x>", "</x>", 200)+`</table:table><table:table table:name="B"/>`)),
		want: sheet.ErrTooLarge, limit: "MaxDepth",
	}, {
		name: "deep nesting before the body",
		file: odsZip(t, `<office:document-content `+nsDecl+`><office:automatic-styles>`+nest("<s>", "</s>", 200)+`</office:automatic-styles></office:document-content>`),
		want: sheet.ErrTooLarge, limit: "MaxDepth",
	}, {
		name: "too many cell elements in a row",
		file: odsZip(t, table(tr("", strings.Repeat("<table:table-cell/>", 20001)))),
		want: sheet.ErrTooLarge, limit: "MaxCellsPerRow", cellRow: 1, cellCol: "ACOG",
	}, {
		name: "a value beyond the last column",
		file: odsZip(t, table(tr("", sc("a"))+tr("", `<table:table-cell table:number-columns-repeated="16384"/>`, sc("past the edge")))),
		want: sheet.ErrTooLarge, limit: "MaxColumns", cellRow: 2, cellCol: "XFE",
	}, {
		name: "a non-empty row repeated a million times",
		file: odsZip(t, table(tr(` table:number-rows-repeated="1000000"`, sc("x")))),
		want: sheet.ErrTooLarge, limit: "MaxRowRepeat", cellRow: 1, cellCol: "A",
	}, {
		name: "a space run of two million",
		file: odsZip(t, table(tr("", `<table:table-cell office:value-type="string"><text:p><text:s text:c="2000000"/></text:p></table:table-cell>`))),
		want: sheet.ErrTooLarge, limit: "MaxCellText", cellRow: 1, cellCol: "A",
	}, {
		name: "unclosed element",
		file: odsZip(t, strings.TrimSuffix(table(tr("", sc("a"))), "</office:document-content>")),
		want: sheet.ErrMalformed,
	}, {
		name: "mismatched end tag",
		file: odsZip(t, contentDoc(`<table:table table:name="S"></table:table-row></table:table>`)),
		want: sheet.ErrMalformed,
	}, {
		name: "entity expansion (billion laughs)",
		file: odsZip(t, `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>`+
			strings.TrimPrefix(table(tr("", sc("&b;"))), `<?xml version="1.0" encoding="UTF-8"?>`)),
		want: sheet.ErrMalformed,
	}, {
		name: "an encoding other than UTF-8",
		file: odsZip(t, strings.Replace(table(tr("", sc("a"))), "UTF-8", "ISO-8859-1", 1)),
		want: sheet.ErrMalformed,
	}, {
		name: "a number that is not one",
		file: odsZip(t, table(tr("", sc("a"))+tr("")+tr("", sc("URN"), `<table:table-cell office:value-type="float" office:value="1O27078"><text:p>1O27078</text:p></table:table-cell>`))),
		want: sheet.ErrMalformed, cellRow: 3, cellCol: "B",
	}, {
		name: "a date that is not one",
		file: odsZip(t, table(tr("", `<table:table-cell office:value-type="date" office:date-value="11/11/2014"><text:p>11/11/2014</text:p></table:table-cell>`))),
		want: sheet.ErrMalformed, cellRow: 1, cellCol: "A",
	}, {
		name: "a negative repeat count",
		file: odsZip(t, table(tr("", `<table:table-cell table:number-columns-repeated="-1"/>`))),
		want: sheet.ErrMalformed, cellRow: 1, cellCol: "A",
	}, {
		name: "a bad boolean",
		file: odsZip(t, table(tr("", `<table:table-cell office:value-type="boolean" office:boolean-value="yes"/>`))),
		want: sheet.ErrMalformed, cellRow: 1, cellCol: "A",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := readEverything(tc.file, tc.lim)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error = %v, want %v", err, tc.want)
			}
			if tc.limit != "" {
				var le *sheet.LimitError
				if !errors.As(err, &le) || le.Limit != tc.limit {
					t.Errorf("error = %v, want a LimitError on %s", err, tc.limit)
				}
			}
			if tc.cellCol != "" {
				var ce *sheet.CellError
				if !errors.As(err, &ce) || ce.Row != tc.cellRow || ce.Column != tc.cellCol || ce.Sheet != "S" || ce.File != "test.ods" {
					t.Errorf("error = %v, want a CellError at S!%s%d", err, tc.cellCol, tc.cellRow)
				}
			}
		})
	}
}

// lyingZip stores content.xml with a central directory that claims 1 KB
// uncompressed, so the header checks pass and only the bytes tell.
func lyingZip(t *testing.T, content string) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write([]byte(content))
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "content.xml", Method: zip.Deflate,
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: 1024,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}
