package ods

import (
	"bytes"
	"io"
	"os"
	"runtime/metrics"
	"syscall"
	"testing"
	"time"

	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/internal/testfiles"
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

// cpuTime is the CPU the process has used, user and system, GC included:
// on a shared machine it is steadier than ns/op.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchSheet opens a real file and streams one sheet in full, b.N times,
// with the scanner or (ref) the encoding/xml reference reader. Bytes/op
// is the uncompressed content.xml, so MB/s is XML throughput; it reports
// the peak heap sampled while rows stream and the CPU per op.
func benchSheet(b *testing.B, file, name string, rows int, ref bool) {
	path := testfiles.Path(b, file)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	open := func() (sheet.Workbook, error) {
		if ref {
			return refOpen(path, f, fi.Size(), sheet.Limits{})
		}
		return Open(path, f, fi.Size(), sheet.Limits{})
	}
	w, err := Open(path, f, fi.Size(), sheet.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(w.content.UncompressedSize64))
	b.ReportAllocs()
	h := newHeapSampler()
	cpu := cpuTime()
	for b.Loop() {
		w, err := open()
		if err != nil {
			b.Fatal(err)
		}
		rs, err := w.Rows(name)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rs.Next() {
			if n++; n%16 == 0 {
				h.sample()
			}
		}
		if rs.Err() != nil || n != rows {
			b.Fatalf("%d rows, %v", n, rs.Err())
		}
	}
	b.ReportMetric(float64(h.peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

type benchCase struct {
	name, file, sheet string
	rows              int
}

// providers are the Ofsted providers sheets: the index pass over all of
// content.xml, then one sheet of about 10 MB of it, far down the file.
var providers = []benchCase{
	{"2023", ofsted2023, "Providers+places_at_31_Mar_2023", 3816},
	{"2022", ofsted2022, "Providers+places_at_31_Mar_2022", 3580},
}

// ro3 are revenue outturn data sheets (about 440 rows of 500 columns,
// each cell a typed number with display text): the cell-heavy case, where
// the sheet is nearly all of content.xml.
var ro3 = []benchCase{
	{"2022-23", "RO3_2022-23_data_by_LA.ods", "RO3_LA_Data_2022-23", 451},
	{"2024-25", "RO3_LA_Data_2024-25_data_by_LA.ods", "RO3_LA_Data_202425", 431},
}

// BenchmarkProviders opens a real ODS and streams its providers sheet in
// full.
func BenchmarkProviders(b *testing.B) {
	for _, bc := range providers {
		b.Run(bc.name, func(b *testing.B) { benchSheet(b, bc.file, bc.sheet, bc.rows, false) })
	}
}

// BenchmarkRO3 opens a revenue outturn workbook and streams its data
// sheet.
func BenchmarkRO3(b *testing.B) {
	for _, bc := range ro3 {
		b.Run(bc.name, func(b *testing.B) { benchSheet(b, bc.file, bc.sheet, bc.rows, false) })
	}
}

// BenchmarkReference is BenchmarkProviders and BenchmarkRO3 with the
// encoding/xml reader the scanner replaced, for a before-and-after on the
// same machine at the same time.
func BenchmarkReference(b *testing.B) {
	for _, set := range []struct {
		name  string
		cases []benchCase
	}{{"Providers", providers}, {"RO3", ro3}} {
		for _, bc := range set.cases {
			b.Run(set.name+"/"+bc.name, func(b *testing.B) { benchSheet(b, bc.file, bc.sheet, bc.rows, true) })
		}
	}
}

// BenchmarkOpen is the index pass alone, over the largest file (75 MB of
// content.xml): it lists the sheets without tokenizing table bodies.
func BenchmarkOpen(b *testing.B) {
	w := openFile(b, ofsted2025)
	b.SetBytes(int64(w.content.UncompressedSize64))
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		if w := openFile(b, ofsted2025); len(w.Sheets()) != 13 {
			b.Fatal(w.Sheets())
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// BenchmarkIndexInMemory is the index pass over the 2023 workbook's
// content.xml already inflated: the scanner's share of BenchmarkOpen.
func BenchmarkIndexInMemory(b *testing.B) {
	w := openFile(b, ofsted2023)
	rc, err := w.content.Open()
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(rc)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		v := &Workbook{name: w.name, content: w.content, lim: w.lim}
		if err := v.indexStream(&stream{ReadCloser: io.NopCloser(bytes.NewReader(data))}); err != nil || len(v.sheets) != 16 {
			b.Fatal(err, v.sheets)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// BenchmarkRowsInMemory reads the 2023 providers sheet from content.xml
// already inflated: the scanner's share of reading a sheet.
func BenchmarkRowsInMemory(b *testing.B) {
	w := openFile(b, ofsted2023)
	rc, err := w.content.Open()
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(rc)
	if err != nil {
		b.Fatal(err)
	}
	var tb table
	for _, t := range w.tables {
		if t.name == providers[0].sheet {
			tb = t
		}
	}
	b.SetBytes(int64(len(data)) - tb.offset)
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		s := newScanner(bytes.NewReader(data[tb.offset:]), w.name, w.lim, false)
		s.off, s.base = tb.offset, tb.depth-1
		s.binds = append(s.binds, tb.ns...)
		if k, err := s.next(); err != nil || k != tokStart {
			b.Fatal(err)
		}
		r := &rows{w: w, sheet: tb.name, rc: io.NopCloser(nil), s: s, next: 1, tableDepth: s.depth()}
		n := 0
		for r.Next() {
			n++
		}
		if r.Err() != nil || n != providers[0].rows {
			b.Fatal(n, r.Err())
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// BenchmarkRowsResume reads the 2023 providers sheet (27.7 MB into
// content.xml) from an open workbook, resuming the inflater from the
// checkpoint the index pass saved, and from the start of content.xml as
// Rows did before there were checkpoints.
func BenchmarkRowsResume(b *testing.B) {
	for _, resume := range []bool{true, false} {
		name := "checkpoint"
		if !resume {
			name = "from-start"
		}
		b.Run(name, func(b *testing.B) {
			w := openFile(b, ofsted2023)
			if !resume {
				w.checkpoints = nil
			}
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				rows, err := readSheet(w, providers[0].sheet)
				if err != nil || len(rows) != providers[0].rows {
					b.Fatal(len(rows), err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}
