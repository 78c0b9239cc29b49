package ods

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caredata/caredata/extractors/sheet"
)

// cell helpers for building table XML.
func sc(text string) string {
	return `<table:table-cell office:value-type="string"><text:p>` + text + `</text:p></table:table-cell>`
}
func tr(attrs string, cells ...string) string {
	return `<table:table-row` + attrs + `>` + strings.Join(cells, "") + `</table:table-row>`
}

// TestFeatures reads small generated sheets exercising each part of the
// format the readers rely on, and compares every yielded row.
func TestFeatures(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s, ns int) time.Time {
		return time.Date(y, m, d, h, min, s, ns, time.UTC)
	}
	tests := []struct {
		name   string
		tables string
		want   []row
	}{{
		name: "repeats are counted, not expanded; trailing empties trimmed",
		tables: `<table:table-column table:number-columns-repeated="16384"/>` +
			tr("", sc("a"), `<table:table-cell table:number-columns-repeated="2"/>`,
				`<table:table-cell office:value-type="float" office:value="2.5"><text:p>2.50</text:p></table:table-cell>`,
				`<table:table-cell table:number-columns-repeated="16380"/>`) +
			tr(` table:number-rows-repeated="1048570"`, `<table:table-cell table:number-columns-repeated="16384"/>`) +
			tr(` table:number-rows-repeated="3"`, `<table:table-cell table:number-columns-repeated="3" office:value-type="string"><text:p>x</text:p></table:table-cell>`) +
			tr(` table:number-rows-repeated="2"`, `<table:table-cell table:number-columns-repeated="5" table:style-name="ce1"/>`),
		want: []row{
			{1, false, []sheet.Cell{str("a"), empty, empty, num(2.5, "2.50")}},
			{1048572, false, []sheet.Cell{str("x"), str("x"), str("x")}},
			{1048573, false, []sheet.Cell{str("x"), str("x"), str("x")}},
			{1048574, false, []sheet.Cell{str("x"), str("x"), str("x")}},
		},
	}, {
		name: "covered cells occupy a column but are empty",
		tables: tr("", `<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>merged</text:p></table:table-cell>`,
			`<table:covered-table-cell office:value-type="string"><text:p>under the merge</text:p></table:covered-table-cell>`, sc("c")),
		want: []row{{1, false, []sheet.Cell{str("merged"), empty, str("c")}}},
	}, {
		name: "typed values",
		tables: tr("",
			`<table:table-cell office:value-type="float" office:value="274968.02709256287"><text:p>274,968</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="percentage" office:value="0.125"><text:p>12.5%</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="currency" office:currency="GBP" office:value="-1234.5"><text:p>-£1,234.50</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="date" office:date-value="2014-11-11"><text:p>11/11/2014</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="date" office:date-value="2021-01-08T13:45:30.5"><text:p>08/01/2021 13:45</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="time" office:time-value="PT12H30M00S"><text:p>12:30</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="boolean" office:boolean-value="false"><text:p>FALSE</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="string" office:string-value="from the attribute"/>`,
			`<table:table-cell office:value-type="string"><text:p/></table:table-cell>`,
			`<table:table-cell office:value-type="float" office:value="7"/>`),
		want: []row{{1, false, []sheet.Cell{
			num(274968.02709256287, "274,968"),
			num(0.125, "12.5%"),
			num(-1234.5, "-£1,234.50"),
			date(utc(2014, 11, 11, 0, 0, 0, 0), "11/11/2014"),
			date(utc(2021, 1, 8, 13, 45, 30, 5e8), "08/01/2021 13:45"),
			date(utc(1899, 12, 30, 12, 30, 0, 0), "12:30"),
			{Kind: sheet.Bool, Number: 1, Text: "TRUE"},
			{Kind: sheet.Bool, Number: 0, Text: "FALSE"},
			str("from the attribute"),
			empty,
			num(7, ""),
		}}},
	}, {
		name: "display text",
		tables: tr("",
			`<table:table-cell office:value-type="string"><text:p>Issued by:</text:p><text:p>Ofsted</text:p><text:p/></table:table-cell>`,
			`<table:table-cell office:value-type="string"><text:p>go <text:span text:style-name="T1">to</text:span> <text:a xlink:href="https://example.org/">the <text:span>link</text:span></text:a></text:p></table:table-cell>`,
			`<table:table-cell office:value-type="string"><text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d<text:s/></text:p></table:table-cell>`,
			`<table:table-cell office:value-type="string"><text:p>
			   two
			   words </text:p></table:table-cell>`,
			`<table:table-cell office:value-type="string"><office:annotation><text:p>a comment</text:p></office:annotation><text:p>shown</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="string"><text:p><text:s/>(C7 = C3 - C6)</text:p></table:table-cell>`,
			`<table:table-cell office:value-type="string"><text:p>caf&#233; &amp; &lt;b&gt;</text:p></table:table-cell>`),
		want: []row{{1, false, []sheet.Cell{
			str("Issued by:\nOfsted\n"),
			str("go to the link"),
			str("a   b\tc\nd "),
			str("two words "),
			str("shown"),
			str(" (C7 = C3 - C6)"),
			str("café & <b>"),
		}}},
	}, {
		name: "hidden rows, groups and header rows",
		tables: `<table:table-header-rows>` + tr("", sc("h")) + `</table:table-header-rows>` +
			tr(` table:visibility="collapse"`, sc("a")) +
			tr(` table:visibility="filter"`, sc("b")) +
			`<table:table-row-group table:display="false">` + tr("", sc("c")) +
			`<table:table-row-group>` + tr("", sc("d")) + `</table:table-row-group></table:table-row-group>` +
			`<table:table-row-group>` + tr(` table:visibility="visible"`, sc("e")) + `</table:table-row-group>` +
			`<table:table-rows>` + tr("", sc("f")) + `</table:table-rows>`,
		want: []row{
			{1, false, []sheet.Cell{str("h")}},
			{2, true, []sheet.Cell{str("a")}},
			{3, true, []sheet.Cell{str("b")}},
			{4, true, []sheet.Cell{str("c")}},
			{5, true, []sheet.Cell{str("d")}},
			{6, false, []sheet.Cell{str("e")}},
			{7, false, []sheet.Cell{str("f")}},
		},
	}, {
		name: "columns, shapes, forms and sub-tables are not rows",
		tables: `<table:table-column-group><table:table-column/></table:table-column-group><table:shapes><x/></table:shapes>` +
			`<office:forms/>` +
			tr("", `<table:table-cell office:value-type="string"><table:table table:name="sub">`+tr("", sc("no"))+`</table:table><text:p>yes</text:p></table:table-cell>`),
		want: []row{{1, false, []sheet.Cell{str("yes")}}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := contentDoc(`<table:table table:name="S">` + tc.tables + `</table:table>`)
			w, err := openBytes(odsZip(t, doc), sheet.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := readSheet(w, "S")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("rows:\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestRowSlicesAreCallers checks that a caller may keep and change Row's
// slice, including across the copies of a repeated row.
func TestRowSlicesAreCallers(t *testing.T) {
	doc := contentDoc(`<table:table table:name="S">` + tr(` table:number-rows-repeated="2"`, sc("x")) + `</table:table>`)
	w, err := openBytes(odsZip(t, doc), sheet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rs, _ := w.Rows("S")
	rs.Next()
	first := rs.Row()
	first[0].Text = "changed"
	rs.Next()
	if got := rs.Row()[0].Text; got != "x" {
		t.Errorf("second copy = %q, want x", got)
	}
}

// TestNamespacesByURI uses other prefixes and a default namespace, as a
// non-LibreOffice writer may: names are matched by namespace, not prefix.
func TestNamespacesByURI(t *testing.T) {
	// Unprefixed attributes are in no namespace, so the table's name needs
	// a prefix even where table is the default namespace.
	doc := `<o:document-content xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0">` +
		`<o:body><o:spreadsheet>` +
		`<table t:name="First" name="not this"><table-row><table-cell/></table-row></table>` +
		`<table t:name="Second" xmlns:p="urn:oasis:names:tc:opendocument:xmlns:text:1.0">` +
		`<table-row><table-cell o:value-type="float" o:value="42"><p:p>42</p:p></table-cell></table-row></table>` +
		`</o:spreadsheet></o:body></o:document-content>`
	w, err := openBytes(odsZip(t, doc), sheet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := w.Sheets(), []string{"First", "Second"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Sheets() = %q, want %q", got, want)
	}
	got, err := readSheet(w, "Second")
	if err != nil {
		t.Fatal(err)
	}
	if want := []row{{1, false, []sheet.Cell{num(42, "42")}}}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %+v, want %+v", got, want)
	}
}

// linkedDoc has real sheets among cached external-link tables, and tables
// whose bodies hold what a careless byte scanner would trip on.
var linkedDoc = contentDoc(
	`<table:table table:name="Real">` + tr("", sc("r")) + `</table:table>` +
		`<table:table table:name="'file:///C:/other.xlsx'#Real"><table:table-source xlink:href="file:///C:/other.xlsx" table:table-name="Real"/>` + tr("", sc("cached")) + `</table:table>` +
		`<table:table table:name="'https://example.org/a.ods'#Data">` + tr("", sc("cached")) + `</table:table>` +
		`<table:table table:name="Plain name, linked"><table:table-source xlink:href="https://example.org/b.ods"/></table:table>` +
		`<table:table table:name="Empty"/>` +
		`<table:table table:name="Tricky" table:print="false">` +
		`<!-- </table:table> <table:table table:name="fake"> -->` +
		`<?pi </table:table>?>` +
		tr("", `<table:table-cell office:value-type="string" table:formula="of:=IF([.A1]&gt;0;&quot;/&gt;&quot;;1)" office:string-value="a/>b>"><text:p><![CDATA[</table:table> <x>]]></text:p></table:table-cell>`) +
		tr("", `<table:table-cell office:value-type="string" office:string-value='single "quoted" />'><text:p>s</text:p></table:table-cell>`) +
		`<table:table-row/>` +
		`</table:table>` +
		`<table:table table:name="Last">` + tr("", sc("l")) + `</table:table>`)

// TestExternalLinkTables checks that cached external-link tables are not
// sheets, by name pattern and by table:table-source, and that odd content
// in skipped bodies does not confuse the index.
func TestExternalLinkTables(t *testing.T) {
	w, err := openBytes(odsZip(t, linkedDoc), sheet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Real", "Empty", "Tricky", "Last"}
	if got := w.Sheets(); !reflect.DeepEqual(got, want) {
		t.Errorf("Sheets() = %q, want %q", got, want)
	}
	for _, name := range []string{"'file:///C:/other.xlsx'#Real", "Plain name, linked", "fake"} {
		if _, err := w.Rows(name); !errors.Is(err, sheet.ErrNoSheet) {
			t.Errorf("Rows(%q) error = %v, want ErrNoSheet", name, err)
		}
	}
	for name, wantRows := range map[string][]row{
		"Real":   {{1, false, []sheet.Cell{str("r")}}},
		"Empty":  nil,
		"Tricky": {{1, false, []sheet.Cell{str("</table:table> <x>")}}, {2, false, []sheet.Cell{str("s")}}},
		"Last":   {{1, false, []sheet.Cell{str("l")}}},
	} {
		got, err := readSheet(w, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, wantRows) {
			t.Errorf("%s rows = %+v, want %+v", name, got, wantRows)
		}
	}
	checkIndexesAgree(t, w)
}

// checkIndexesAgree re-indexes with the encoding/xml reference reader
// (reference_test.go), both with its byte skip and with tokens only, and
// compares: the scanner's index must find exactly what encoding/xml finds.
func checkIndexesAgree(t *testing.T, w *Workbook) {
	t.Helper()
	for _, byteSkip := range []bool{true, false} {
		ref := &refWorkbook{name: w.name, content: w.content, lim: w.lim}
		if err := ref.index(byteSkip); err != nil {
			t.Fatal(err)
		}
		if msg := sameIndex(w, ref); msg != "" {
			t.Errorf("index differs from the encoding/xml index (byte skip %v): %s", byteSkip, msg)
		}
	}
}

// sameIndex compares the scanner's index with the reference reader's,
// returning what differs or "".
func sameIndex(w *Workbook, ref *refWorkbook) string {
	if !reflect.DeepEqual(w.sheets, ref.sheets) {
		return fmt.Sprintf("sheets %q, reference %q", w.sheets, ref.sheets)
	}
	if len(w.tables) != len(ref.tables) {
		return fmt.Sprintf("%d tables, reference %d", len(w.tables), len(ref.tables))
	}
	for i, tb := range w.tables {
		rt := ref.tables[i]
		if tb.name != rt.name || tb.offset != rt.offset || tb.depth != rt.depth || tb.linked != rt.linked {
			return fmt.Sprintf("table %d is %q at %d depth %d linked %v, reference %q at %d depth %d linked %v",
				i, tb.name, tb.offset, tb.depth, tb.linked, rt.name, rt.offset, rt.depth, rt.linked)
		}
	}
	return ""
}

func TestNoSheetError(t *testing.T) {
	w, err := openBytes(odsZip(t, linkedDoc), sheet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.Rows("Missing")
	if !errors.Is(err, sheet.ErrNoSheet) {
		t.Fatalf("error = %v, want ErrNoSheet", err)
	}
	for _, part := range []string{"test.ods", `"Missing"`, `"Real", "Empty", "Tricky", "Last"`} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not mention %s", err, part)
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"PT12H30M00S", 12*time.Hour + 30*time.Minute, true},
		{"PT876600H00M00.5S", 876600*time.Hour + 500*time.Millisecond, true},
		{"P1DT2H", 26 * time.Hour, true},
		{"-PT1H", -time.Hour, true},
		{"PT", 0, false},
		{"P1Y", 0, false},
		{"PT1M2H", 2*time.Hour + time.Minute, true}, // order is not checked; units are
		{"PT1X", 0, false},
		{"PT-1H", 0, false},
		{"PT1e3S", 0, false},
		{"PT99999999999999H", 0, false},
		{"12:30", 0, false},
	}
	for _, tc := range tests {
		got, ok := parseDuration(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("parseDuration(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
