package validate

import (
	"fmt"
	"strings"
	"testing"
)

// sheetXML is a worksheet of n table rows under a header at row 1, with
// the row hidden at hide (0: none).
func sheetXML(n, hide int) string {
	var b strings.Builder
	b.WriteString(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>year</t></is></c><c r="B1" t="inlineStr"><is><t>value</t></is></c></row>`)
	for r := 2; r <= n+1; r++ {
		hidden := ""
		if r == hide {
			hidden = ` hidden="1"`
		}
		fmt.Fprintf(&b, `<row r="%d"%s><c r="A%d"><v>2025</v></c><c r="B%d"><v>%d</v></c></row>`, r, hidden, r, r, r)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

// The release gate reads a long sheet cell by cell only as far as its
// first chunk: a defect there is found, one beyond it is left to
// `caredata validate`, which reads every row; and the checks that need
// every row (blank rows or columns at the table's end) are not made on
// the part it reads.
func TestPrefixScan(t *testing.T) {
	const rows = 120_000 // about 7 MB of XML: two chunks
	for _, tt := range []struct {
		name   string
		hide   int
		prefix bool
		want   bool
	}{
		{"whole sheet, defect at the start", 10, false, true},
		{"whole sheet, defect at the end", rows, false, true},
		{"first chunk, defect at the start", 10, true, true},
		{"first chunk, defect at the end", rows, true, false},
		{"first chunk, no defect", 0, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x := sheetXML(rows, tt.hide)
			if len(x) < 3*chunkSize/2 {
				t.Fatalf("sheet of %d bytes is not longer than a chunk", len(x))
			}
			var found []string
			s := &cellScan{table: area{col0: 1, row0: 1, col1: 2, row1: rows + 1}, prefix: tt.prefix,
				emit: func(rule string, row int, cell, detail string) { found = append(found, rule) }}
			if err := s.scan(strings.NewReader(x), int64(len(x))); err != nil {
				t.Fatal(err)
			}
			hidden := strings.Contains(strings.Join(found, " "), "xlsx-hidden")
			if hidden != tt.want || len(found) > 1 {
				t.Errorf("findings %v, want a hidden row: %v", found, tt.want)
			}
		})
	}
}
