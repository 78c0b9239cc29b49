package ods

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/internal/repo"
)

// realODS lists every real ODS workbook in the repository: the embedded
// sources and extractors' testdata. A file found in two places (by name)
// is read once.
func realODS(tb testing.TB) []string {
	tb.Helper()
	dir, err := repo.Root()
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	seen := map[string]bool{}
	for _, pattern := range []string{"sources/*/*.ods", "extractors/*/testdata/*.ods"} {
		matches, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			tb.Fatal(err)
		}
		slices.Sort(matches)
		for _, m := range matches {
			if !seen[filepath.Base(m)] {
				seen[filepath.Base(m)] = true
				out = append(out, m)
			}
		}
	}
	if len(out) == 0 {
		tb.Fatal("no real ODS workbook in the repository (sources/, extractors/*/testdata/)")
	}
	return out
}

// TestScannerMatchesReference reads every sheet of every real workbook
// with the scanner and with the encoding/xml reference reader and requires
// the same sheets, the same index and, row by row, the same rows (number,
// hidden, every cell's Kind, Text, Number and Date).
func TestScannerMatchesReference(t *testing.T) {
	if testing.Short() {
		t.Skip("reads every real sheet twice, once with encoding/xml")
	}
	for _, path := range realODS(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			fi, err := f.Stat()
			if err != nil {
				t.Fatal(err)
			}
			w, err := Open(path, f, fi.Size(), sheet.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			ref, err := refOpen(path, f, fi.Size(), sheet.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if msg := sameIndex(w, ref); msg != "" {
				t.Fatal(msg)
			}
			rows, cells := 0, 0
			for _, name := range w.Sheets() {
				r, c := compareRows(t, w, ref, name)
				rows, cells = rows+r, cells+c
			}
			if rows == 0 {
				t.Fatal("no rows read")
			}
			t.Logf("%d sheets, %d rows, %d cells agree", len(w.Sheets()), rows, cells)
		})
	}
}

// TestCheckpoints checks that the index pass saves the inflater's state
// at the sheets far into the 2025 workbook, no more than the rules allow,
// and that a sheet read from a checkpoint is the sheet read from the start.
func TestCheckpoints(t *testing.T) {
	w := openFile(t, ofsted2025)
	if len(w.checkpoints) < 3 || len(w.checkpoints) > maxCheckpoint {
		t.Fatalf("%d checkpoints", len(w.checkpoints))
	}
	size := 0
	for i, c := range w.checkpoints {
		if i > 0 && c.at-w.checkpoints[i-1].at < checkpointGap {
			t.Errorf("checkpoint %d at %d, %d after the last", i, c.at, c.at-w.checkpoints[i-1].at)
		}
		if !slices.ContainsFunc(w.tables, func(tb table) bool { return tb.offset == c.at && !tb.linked }) {
			t.Errorf("checkpoint %d at %d is not at a sheet", i, c.at)
		}
		size += c.state.Size() + len(c.pending)
	}
	if size > 4<<20 {
		t.Errorf("checkpoints hold %d bytes", size)
	}
	t.Logf("%d checkpoints, %d KB", len(w.checkpoints), size>>10)
	for _, name := range []string{"Providers+places_at_31_Mar_2025", "Leavers+Joiners_at_31_Mar_2025", "In_Year_Time_series"} {
		resumed, err := readSheet(w, name)
		if err != nil {
			t.Fatal(err)
		}
		saved := w.checkpoints
		w.checkpoints = nil
		fromStart, err := readSheet(w, name)
		w.checkpoints = saved
		if err != nil {
			t.Fatal(err)
		}
		if len(resumed) == 0 || !reflect.DeepEqual(resumed, fromStart) {
			t.Errorf("%s: %d rows from a checkpoint, %d from the start, or they differ", name, len(resumed), len(fromStart))
		}
	}
}
