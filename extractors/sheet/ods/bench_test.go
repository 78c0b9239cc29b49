package ods

import (
	"runtime/metrics"
	"testing"
)

// heapSampler tracks the largest heap seen, sampled while rows stream, to
// show that memory stays flat however large content.xml is.
type heapSampler struct {
	s    []metrics.Sample
	peak uint64
}

func newHeapSampler() *heapSampler {
	return &heapSampler{s: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}
}

func (h *heapSampler) sample() {
	metrics.Read(h.s)
	h.peak = max(h.peak, h.s[0].Value.Uint64())
}

// BenchmarkProviders opens a real ODS and streams its providers sheet in
// full: the index pass over all of content.xml, then the sheet. Bytes/op
// is the uncompressed content.xml, so MB/s is XML throughput.
func BenchmarkProviders(b *testing.B) {
	for _, bc := range []struct {
		name, file, sheet string
		rows              int
	}{
		{"2023", ofsted2023, "Providers+places_at_31_Mar_2023", 3816},
		{"2022", ofsted2022, "Providers+places_at_31_Mar_2022", 3580},
	} {
		b.Run(bc.name, func(b *testing.B) {
			w := openFile(b, bc.file)
			b.SetBytes(int64(w.content.UncompressedSize64))
			b.ReportAllocs()
			h := newHeapSampler()
			for b.Loop() {
				w := openFile(b, bc.file)
				rs, err := w.Rows(bc.sheet)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for rs.Next() {
					if n++; n%64 == 0 {
						h.sample()
					}
				}
				if rs.Err() != nil || n != bc.rows {
					b.Fatalf("%d rows, %v", n, rs.Err())
				}
			}
			b.ReportMetric(float64(h.peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// BenchmarkOpen is the index pass alone, over the largest file (75 MB of
// content.xml): it lists the sheets without tokenizing table bodies.
func BenchmarkOpen(b *testing.B) {
	w := openFile(b, ofsted2025)
	b.SetBytes(int64(w.content.UncompressedSize64))
	b.ReportAllocs()
	for b.Loop() {
		if w := openFile(b, ofsted2025); len(w.Sheets()) != 13 {
			b.Fatal(w.Sheets())
		}
	}
}

// BenchmarkRO3 opens a revenue outturn workbook and streams its data
// sheet (about 440 rows of 500 columns, each cell a typed number with
// display text): the cell-heavy case, where Providers is mostly skipping.
func BenchmarkRO3(b *testing.B) {
	for _, bc := range []struct {
		name, file, sheet string
		rows              int
	}{
		{"2022-23", "RO3_2022-23_data_by_LA.ods", "RO3_LA_Data_2022-23", 451},
		{"2024-25", "RO3_LA_Data_2024-25_data_by_LA.ods", "RO3_LA_Data_202425", 431},
	} {
		b.Run(bc.name, func(b *testing.B) {
			w := openFile(b, bc.file)
			b.SetBytes(int64(w.content.UncompressedSize64))
			b.ReportAllocs()
			h := newHeapSampler()
			for b.Loop() {
				w := openFile(b, bc.file)
				rs, err := w.Rows(bc.sheet)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for rs.Next() {
					if n++; n%16 == 0 {
						h.sample()
					}
				}
				if rs.Err() != nil || n != bc.rows {
					b.Fatalf("%d rows, %v", n, rs.Err())
				}
			}
			b.ReportMetric(float64(h.peak)/(1<<20), "peak-heap-MB")
		})
	}
}
