package open_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"reflect"
	"sync"
	"testing"

	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/internal/testfiles"
	"github.com/caredata/caredata/extractors/sheet/ods"
	"github.com/caredata/caredata/extractors/sheet/open"
	"github.com/caredata/caredata/extractors/sheet/xlsx"
)

type row struct {
	Num    int
	Hidden bool
	Cells  []sheet.Cell
}

func readSheet(t *testing.T, w sheet.Workbook, name string) []row {
	t.Helper()
	rows, err := readRows(w, name)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func readRows(w sheet.Workbook, name string) ([]row, error) {
	rs, err := w.Rows(name)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		out = append(out, row{rs.Number(), rs.Hidden(), rs.Row()})
	}
	return out, rs.Err()
}

// TestSameWorkbookTwoFormats reads the 2022 Ofsted workbook, published as
// ODS and as XLSX, and requires identical output: the same sheet names (the
// ODS also holds 157 cached external-link tables, which must not show) and,
// for every sheet, the same rows, row numbers, hidden flags and cells —
// kind, display text, full-precision number and date alike.
func TestSameWorkbookTwoFormats(t *testing.T) {
	t.Parallel()
	ods2022, xlsx2022 := testfiles.Path(t, testfiles.Ofsted2022ODS), testfiles.Path(t, testfiles.Ofsted2022XLSX)
	o, err := open.OpenFile(ods2022)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() }) // after the parallel subtests
	x, err := open.OpenFile(xlsx2022)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	if !reflect.DeepEqual(o.Sheets(), x.Sheets()) || len(o.Sheets()) != 16 {
		t.Fatalf("sheets differ:\n ods  %q\n xlsx %q", o.Sheets(), x.Sheets())
	}
	// Each sheet is compared in a subtest of its own, in parallel: Rows
	// streams are independent (see TestConcurrentRows).
	for _, name := range o.Sheets() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a, b := readSheet(t, o, name), readSheet(t, x, name)
			if len(a) != len(b) {
				t.Fatalf("%d rows from ODS, %d from XLSX", len(a), len(b))
			}
			if len(a) == 0 {
				t.Fatal("no rows")
			}
			diffs := 0
			for i := range a {
				if !reflect.DeepEqual(a[i], b[i]) {
					if diffs++; diffs <= 5 {
						t.Errorf("row %d differs:\n ods  %+v\n xlsx %+v", a[i].Num, a[i], b[i])
					}
				}
			}
			if name == "Providers+places_at_31_Mar_2022" {
				if len(a) != 3580 || a[len(a)-1].Num != 3580 {
					t.Errorf("%d rows ending at %d, want 3580", len(a), a[len(a)-1].Num)
				}
				kinds := map[sheet.Kind]int{}
				for _, r := range a {
					for _, c := range r.Cells {
						kinds[c.Kind]++
					}
				}
				// The comparison covered numbers and dates, not just text.
				if kinds[sheet.Number] < 1000 || kinds[sheet.Date] < 3000 {
					t.Errorf("cell kinds %v: too few numbers or dates compared", kinds)
				}
			}
		})
	}
}

// TestDispatchByContent checks that the format is taken from the content,
// not the name.
func TestDispatchByContent(t *testing.T) {
	t.Parallel()
	ods2022, xlsx2022 := testfiles.Path(t, testfiles.Ofsted2022ODS), testfiles.Path(t, testfiles.Ofsted2022XLSX)
	for _, tc := range []struct {
		path, name string
		isODS      bool
	}{
		{ods2022, "misnamed.xlsx", true},
		{xlsx2022, "misnamed.ods", false},
	} {
		b, err := os.ReadFile(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		w, err := open.Open(tc.name, bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		_, gotODS := w.(*ods.Workbook)
		_, gotXLSX := w.(*xlsx.Workbook)
		if gotODS != tc.isODS || gotXLSX == tc.isODS {
			t.Errorf("%s opened as %T", tc.name, w)
		}
		w.Close()
	}
}

func zipOf(t *testing.T, pairs ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(pairs); i += 2 {
		w, err := zw.Create(pairs[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(pairs[i+1]))
	}
	zw.Close()
	return buf.Bytes()
}

func TestNotSpreadsheets(t *testing.T) {
	for name, b := range map[string][]byte{
		"a CSV":         []byte("URN,Name\n"),
		"an empty file": nil,
		"a Word file": zipOf(t, "[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`),
		"an ODF text":    zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<x/>"),
		"some other zip": zipOf(t, "readme.txt", "hello"),
	} {
		_, err := open.Open(name, bytes.NewReader(b), int64(len(b)))
		if !errors.Is(err, sheet.ErrNotSpreadsheet) {
			t.Errorf("%s: error = %v, want ErrNotSpreadsheet", name, err)
		}
	}
	if _, err := open.OpenFile("no/such/file.ods"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: error = %v", err)
	}
}

// TestConcurrentRows reads several sheets of one workbook at once, in both
// formats, and checks each matches a sequential read: Rows streams are
// independent (run with -race).
func TestConcurrentRows(t *testing.T) {
	t.Parallel()
	ods2022, xlsx2022 := testfiles.Path(t, testfiles.Ofsted2022ODS), testfiles.Path(t, testfiles.Ofsted2022XLSX)
	for _, path := range []string{ods2022, xlsx2022} {
		w, err := open.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		names := []string{"Cover", "LA_level_at_31_Mar_2022", "Providers+places_six_monthly", "Meta-data"}
		want := map[string][]row{}
		for _, n := range names {
			want[n] = readSheet(t, w, n)
		}
		got := make([][]row, len(names))
		errs := make([]error, len(names))
		var wg sync.WaitGroup
		for i, n := range names {
			wg.Go(func() { got[i], errs[i] = readRows(w, n) })
		}
		wg.Wait()
		for i, n := range names {
			if errs[i] != nil {
				t.Errorf("%s %s: %v", path, n, errs[i])
			} else if !reflect.DeepEqual(got[i], want[n]) {
				t.Errorf("%s %s: concurrent read differs", path, n)
			}
		}
		w.Close()
	}
}
