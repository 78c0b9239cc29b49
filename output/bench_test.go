package output_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// benchRows is the size of the generated benchmark table.
const benchRows = 100_000

// generateChildrenInCare builds n rows of schemas.ChildrenInCare shaped
// like the real file: local authorities by year and measure, with a
// suppressed count every 17th row and a missing population every 23rd.
func generateChildrenInCare(tb testing.TB, mem memory.Allocator, n int) schemas.Table {
	tb.Helper()
	ds := &schemas.ChildrenInCare
	b := schemas.NewBuilder(mem, ds)
	defer b.Release()
	measures := []string{schemas.MeasureLookedAfter31March, schemas.MeasureStarting, schemas.MeasureCeasing}
	for i := 0; i < n; i++ {
		la := i / 3 % 153
		geo := schemas.Geography{
			Level: schemas.LocalAuthority, CountryCode: "E92000001", CountryName: "England",
			RegionCode: fmt.Sprintf("E120000%02d", la%9+1), RegionName: fmt.Sprintf("Region %d", la%9+1),
			NewLACode: fmt.Sprintf("E06%06d", la), OldLACode: fmt.Sprintf("%03d", 200+la), LAName: fmt.Sprintf("Authority %d, upon Avon", la),
		}
		count, rate := schemas.Int(int64(i%900)), schemas.Float(float64(i%9000)/10)
		if i%17 == 0 {
			count, rate = schemas.Missing("c"), schemas.Missing("c")
		}
		pop := schemas.Int(int64(40000 + i%50000))
		if i%23 == 0 {
			pop = schemas.Missing("x")
		}
		row := []schemas.Value{schemas.Int(int64(2000 + i/459%26)), schemas.Str("Reporting year")}
		row = append(row, geo.Values()...)
		row = append(row, schemas.Str(measures[i%3]), count, rate, pop, schemas.Str(fmt.Sprintf("dfe-cla-%d", 2021+i%5)))
		if err := b.Append(row...); err != nil {
			tb.Fatal(err)
		}
	}
	return b.Table()
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)

// BenchmarkWriters writes a 100,000-row children_in_care table in every
// format; MB/s is output bytes per second.
func BenchmarkWriters(b *testing.B) {
	tbl := generateChildrenInCare(b, memory.NewGoAllocator(), benchRows)
	defer tbl.Release()
	for _, w := range output.Writers() {
		b.Run(writerName(w), func(b *testing.B) {
			var size countingWriter
			if err := w.Write(&size, output.TableRows(tbl, testSources...), testMeta); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(size.n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := w.Write(io.Discard, output.TableRows(tbl, testSources...), testMeta); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
