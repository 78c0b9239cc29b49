package output_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// laSpendRows is the size of the real la_spend table.
const laSpendRows = 636_000

// generateLASpend builds n rows of schemas.LASpend shaped like the real
// table: 8 financial years × 425 authorities × 187 service lines and
// measures, about 1,600 distinct strings, an amount that is null with a
// symbol on every 29th row and null without one on every 97th, and a note
// on every 211th. The values come from a fixed sequence, so every call
// builds the same table.
func generateLASpend(tb testing.TB, mem memory.Allocator, n int) schemas.Table {
	tb.Helper()
	ds := &schemas.LASpend
	b := schemas.NewBuilder(mem, ds)
	defer b.Release()
	const nLA, nLine = 425, 187
	classes := []string{"UA", "MD", "LB", "SC", "SD", "O"}
	areas := []string{schemas.SpendAreaChildren, schemas.SpendAreaAdults, schemas.SpendAreaHealth, schemas.SpendAreaOther}
	measures := []string{"Employees", "Running Expenses", "Total Expenditure", "Sales, Fees and Charges", "Other Income",
		"Total Income", schemas.SpendNet, "Memorandum: capital charges", "Memorandum: <support> & services",
		"Memorandum: joint arrangements", "Memorandum: other"}
	symbols := []string{"x", "M", "n", "Y", "c"}
	x := uint64(0x9E3779B97F4A7C15)
	for i := 0; i < n; i++ {
		year := i / (nLA * nLine) % 8
		la := i / nLine % nLA
		line := i % nLine
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		geo := schemas.Str("Local authority")
		newCode, oldCode := fmt.Sprintf("E0%d%06d", 6+la%4, la), schemas.Str(fmt.Sprintf("%03d", 200+la))
		name := fmt.Sprintf("Authority %d, upon Avon", la)
		if la == 0 {
			geo, newCode, oldCode, name = schemas.Str("National"), "E92000001", schemas.Null(), "England"
		} else if la%3 == 0 {
			oldCode = schemas.Null() // a district without children's services
		}
		value := schemas.Int(int64(x%60_000_000) - 5_000_000)
		switch {
		case i%29 == 0:
			value = schemas.Missing(symbols[i/29%len(symbols)])
		case i%97 == 0:
			value = schemas.Null()
		}
		note := schemas.Null()
		if i%211 == 0 {
			note = schemas.Str("Figures for this line were revised after the return was submitted")
		}
		row := []schemas.Value{
			schemas.Int(int64(201718 + year*101)), schemas.Str("Financial year"), geo, schemas.Str(newCode), oldCode,
			schemas.Str(fmt.Sprintf("E%04d", 1000+la)), schemas.Str(name), schemas.Str(classes[la%len(classes)]),
			schemas.Str(areas[line/47]), schemas.Str(fmt.Sprintf("Service line %d", line/11)), schemas.Str(measures[line%len(measures)]),
			value, note, schemas.Str(fmt.Sprintf("mhclg-ro3-20%02d", 18+year)),
		}
		if err := b.Append(row...); err != nil {
			tb.Fatal(err)
		}
	}
	return b.Table()
}

// BenchmarkExcelLASpendShaped writes a generated table shaped like
// la_spend (636,000 rows × 14 columns) as .xlsx with ExcelWriter and, for
// comparison, with StreamExcelWriter (excelize's StreamWriter, which it
// replaced). MB/s is output bytes per second, ns/op wall time, cpu-ns/op
// the CPU time of all goroutines, and xlsx_bytes the file's size.
func BenchmarkExcelLASpendShaped(b *testing.B) {
	tbl := generateLASpend(b, memory.NewGoAllocator(), laSpendRows)
	defer tbl.Release()
	for _, bw := range []struct {
		name string
		w    output.Writer
	}{{"ExcelWriter", output.ExcelWriter{}}, {"StreamExcelWriter", output.StreamExcelWriter{}}} {
		w := bw.w
		b.Run(bw.name, func(b *testing.B) {
			var size countingWriter
			if err := w.Write(&size, output.TableRows(tbl, testSources...), testMeta); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(size.n)
			b.ReportAllocs()
			b.ResetTimer()
			cpu := processCPU()
			for i := 0; i < b.N; i++ {
				if err := w.Write(io.Discard, output.TableRows(tbl, testSources...), testMeta); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(size.n), "xlsx_bytes")
		})
	}
}
