package ods

import (
	"errors"
	"strings"
	"testing"

	"github.com/caredata/caredata/extractors/sheet"
)

// TestLongTokens reads tokens longer than the scanner's buffer: text it
// must deliver in pieces (in a paragraph, in a skipped comment, in CDATA,
// with entities and multi-byte letters across the cuts), and tags it must
// hold whole, comparing the rows and errors with the encoding/xml
// reference; and a tag over maxToken, which only the scanner refuses.
func TestLongTokens(t *testing.T) {
	long := strings.Repeat("caf\u00e9 &amp; &#x20AC;\r\n\t", 20000) // about 400 KB
	cell := func(inner string) string {
		return `<table:table-cell office:value-type="string">` + inner + `</table:table-cell>`
	}
	docs := map[string]string{
		"paragraph":                           tr("", cell(`<text:p>`+long+`</text:p>`), sc("after")),
		"comment skipped":                     tr("", cell(`<office:annotation><text:p>`+long+`</text:p></office:annotation><text:p>shown</text:p>`)),
		"cdata":                               tr("", cell(`<text:p><![CDATA[`+strings.ReplaceAll(long, "&", "+")+`]]></text:p>`)),
		"string-value":                        tr("", `<table:table-cell office:value-type="string" office:string-value="`+strings.Repeat("a &lt; b ", 30000)+`"/>`, sc("x")),
		"over MaxCellText":                    tr("", cell(`<text:p>`+strings.Repeat(long, 4)+`</text:p>`)),
		"spaces over MaxCellText, collapsing": tr("", cell(`<text:p>a`+strings.Repeat(" ", 1<<20)+`b</text:p>`)),
		"binary data": tr("", cell(`<draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"><draw:image><office:binary-data>`+
			strings.Repeat("QUJD", 300000)+`</office:binary-data></draw:image></draw:frame><text:p>img</text:p>`)),
	}
	for name, rows := range docs {
		t.Run(name, func(t *testing.T) {
			file := odsZip(t, contentDoc(`<table:table table:name="S">`+rows+`</table:table>`))
			lim := sheet.Limits{MaxRatio: 1 << 20} // repeats compress very well
			w, err := openBytes(file, lim)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := refOpen("test.ods", strings.NewReader(string(file)), int64(len(file)), lim)
			if err != nil {
				t.Fatal(err)
			}
			compareRows(t, w, ref, "S")
		})
	}
	t.Run("tag over maxToken", func(t *testing.T) {
		lim := sheet.Limits{MaxCellText: 1000, MaxRatio: 1 << 20}.WithDefaults()
		big := strings.Repeat("x", maxToken(lim)+1)
		err := readEverything(odsZip(t, contentDoc(`<table:table table:name="S">`+
			tr("", `<table:table-cell table:formula="`+big+`"/>`, sc("x"))+`</table:table>`)), lim)
		var le *sheet.LimitError
		if !errors.As(err, &le) || le.Limit != "MaxCellText" {
			t.Fatalf("error = %v, want a LimitError on MaxCellText", err)
		}
	})
}

// TestPlainParagraphs reads paragraphs that plainPara takes straight from
// the buffer, and near misses it must leave to the tokens, comparing with
// the encoding/xml reference, with limits small enough to trip.
func TestPlainParagraphs(t *testing.T) {
	p := func(s string) string { return `<text:p>` + s + `</text:p>` }
	cell := func(inner string) string {
		return `<table:table-cell office:value-type="string">` + inner + `</table:table-cell>`
	}
	docs := map[string]string{
		"plain":          tr("", cell(p("a  b\tc")), cell(p("x")+p("")+p(" y ")), cell(p(""))),
		"entities":       tr("", cell(p("caf&#233; &amp; &lt;b&gt; \r\n x"))),
		"bad entity":     tr("", cell(p("a &nbsp; b"))),
		"cdata end":      tr("", cell(p("a ]]> b"))),
		"control char":   tr("", cell(p("a \x01 b"))),
		"spaced end tag": tr("", cell(p("a")+`<text:p>b</text:p >`)),
		"attributes":     tr("", cell(p("a")+`<text:p text:style-name="P1">b</text:p>`)),
		"other prefix": tr("", cell(p("a")),
			`<table:table-cell xmlns:text="urn:x" office:value-type="string"><text:p>not text</text:p></table:table-cell>`,
			`<table:table-cell xmlns:t="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:value-type="string"><t:p>t</t:p><text:p>u</text:p></table:table-cell>`),
		"too long":      tr("", cell(p(strings.Repeat("x", 60))+p(strings.Repeat("y", 60)))),
		"separator":     tr("", cell(p(strings.Repeat("x", 64))+p(""))),
		"comment after": tr("", cell(p("a")+`<!-- c -->`+p("b"))),
	}
	for name, rows := range docs {
		t.Run(name, func(t *testing.T) {
			file := odsZip(t, contentDoc(`<table:table table:name="S">`+rows+`</table:table>`))
			lim := sheet.Limits{MaxCellText: 64}
			w, err := openBytes(file, lim)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := refOpen("test.ods", strings.NewReader(string(file)), int64(len(file)), lim)
			if err != nil {
				t.Fatal(err)
			}
			compareRows(t, w, ref, "S")
		})
	}
}
