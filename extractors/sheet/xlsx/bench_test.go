package xlsx

import (
	"os"
	"runtime/metrics"
	"testing"

	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/internal/testfiles"
)

// BenchmarkProviders2022 opens the real XLSX and streams its providers
// sheet in full. Bytes/op is the uncompressed worksheet part.
func BenchmarkProviders2022(b *testing.B) {
	path := testfiles.Path(b, testfiles.Ofsted2022XLSX)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	const name = "Providers+places_at_31_Mar_2022"
	w, err := Open(path, f, fi.Size(), sheet.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range w.zr.File {
		if e.Name == w.parts[name] {
			b.SetBytes(int64(e.UncompressedSize64))
		}
	}
	w.Close()
	b.ReportAllocs()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	for b.Loop() {
		w, err := Open(path, f, fi.Size(), sheet.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		rs, err := w.Rows(name)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rs.Next() {
			if n++; n%64 == 0 {
				metrics.Read(s)
				peak = max(peak, s[0].Value.Uint64())
			}
		}
		if rs.Err() != nil || n != 3580 {
			b.Fatalf("%d rows, %v", n, rs.Err())
		}
		w.Close()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
