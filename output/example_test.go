package output_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// CSVWriter writes the EES data standard's CSV: minimal quoting, plain
// numbers, and the source's symbol in place of a suppressed count. The
// file starts with a UTF-8 byte-order mark for Excel; it is trimmed here
// only so the example output is readable.
func ExampleCSVWriter() {
	ds := &schemas.Dataset{
		Name: "example",
		Columns: []schemas.Column{
			{Name: "time_period", Type: schemas.Int32},
			{Name: "la_name", Type: schemas.String},
			{Name: "children_count", Type: schemas.Int64, Status: true},
			{Name: "rate_per_10000", Type: schemas.Float64},
		},
	}
	b := schemas.NewBuilder(memory.NewGoAllocator(), ds)
	defer b.Release()
	rows := [][]schemas.Value{
		{schemas.Int(2025), schemas.Str("Kingston upon Hull, City of"), schemas.Int(1040), schemas.Float(1e6)},
		{schemas.Int(2025), schemas.Str("City of London"), schemas.Missing("[c]"), schemas.Float(70.5)},
	}
	for _, r := range rows {
		if err := b.Append(r...); err != nil {
			log.Fatal(err)
		}
	}
	tbl := b.Table()
	defer tbl.Release()

	var buf bytes.Buffer
	if err := (output.CSVWriter{}).Write(&buf, output.TableRows(tbl), output.Meta{}); err != nil {
		log.Fatal(err)
	}
	fmt.Print(strings.TrimPrefix(buf.String(), "\ufeff"))
	// Output:
	// time_period,la_name,children_count,rate_per_10000
	// 2025,"Kingston upon Hull, City of",1040,1000000
	// 2025,City of London,c,70.5
}
