package output_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// parquetFileRows reads a published Parquet file in batches, as the
// pipeline hands it to the Excel writer.
type parquetFileRows struct {
	ds   *schemas.Dataset
	path string
	sum  output.Summary
}

func (r *parquetFileRows) Dataset() *schemas.Dataset       { return r.ds }
func (r *parquetFileRows) Summary() (output.Summary, bool) { return r.sum, true }
func (r *parquetFileRows) Each(fn func(schemas.Table) error) error {
	pf, err := output.OpenParquet(r.path)
	if err != nil {
		return err
	}
	defer pf.Close()
	return pf.Scan(context.Background(), r.ds, fn)
}

// TestExcelRealParquet writes a real published table, named by
// CAREDATA_XLSX_PARQUET (a release's la_spend.parquet, say), with
// ExcelWriter and with the excelize StreamWriter it replaced, logs the
// time and size of each, and compares the data sheets cell by cell with
// an encoding/xml reader: the same cells, with the same style, type (text
// inline or shared counts as the same) and text or value.
func TestExcelRealParquet(t *testing.T) {
	path := os.Getenv("CAREDATA_XLSX_PARQUET")
	if path == "" {
		t.Skip("set CAREDATA_XLSX_PARQUET to a published Parquet file")
	}
	name := strings.TrimSuffix(filepath.Base(path), ".parquet")
	var ds *schemas.Dataset
	for _, d := range schemas.All {
		if d.Name == name {
			ds = d
		}
	}
	if ds == nil {
		t.Fatalf("no dataset %s", name)
	}
	var tally output.Tally
	pf, err := output.OpenParquet(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := pf.Scan(context.Background(), ds, func(b schemas.Table) error { tally.Add(b); return nil }); err != nil {
		t.Fatal(err)
	}
	pf.Close()
	cpu, start := processCPU(), time.Now()
	if err := (&parquetFileRows{ds: ds, path: path}).Each(func(schemas.Table) error { return nil }); err != nil {
		t.Fatal(err)
	}
	t.Logf("reading the Parquet file alone: %v wall, %v CPU", time.Since(start).Round(time.Millisecond), (processCPU() - cpu).Round(time.Millisecond))
	rows := &parquetFileRows{ds: ds, path: path, sum: output.Summary{Rows: tally.Rows(), Symbols: tally.Symbols(), Sources: testSources}}
	write := func(w output.Writer) []byte {
		var buf bytes.Buffer
		cpu, start := processCPU(), time.Now()
		if err := w.Write(&buf, rows, testMeta); err != nil {
			t.Fatal(err)
		}
		t.Logf("%T: %d rows, %d bytes in %v wall, %v CPU (Parquet decoding included)", w, tally.Rows(), buf.Len(),
			time.Since(start).Round(time.Millisecond), (processCPU() - cpu).Round(time.Millisecond))
		return buf.Bytes()
	}
	old, new := write(output.StreamExcelWriter{}), write(output.ExcelWriter{})
	oldCells, newCells := xmlCells(t, old, ds.Name), xmlCells(t, new, ds.Name)
	n := 0
	for {
		o, okOld := <-oldCells
		c, okNew := <-newCells
		if !okOld || !okNew {
			if okOld != okNew {
				t.Fatalf("after %d cells, one workbook has more (old %v, new %v)", n, okOld, okNew)
			}
			break
		}
		if o != c {
			t.Fatalf("cell %d differs:\nold %+v\nnew %+v", n, o, c)
		}
		n++
	}
	t.Logf("%d cells the same", n)
}

// xmlCell is a cell of a data sheet as encoding/xml reads it.
type xmlCell struct {
	Ref, Style, Kind, Text string
}

// xmlCells streams the cells of a workbook's sheet, text resolved.
func xmlCells(t *testing.T, data []byte, sheet string) <-chan xmlCell {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	read := func(name string) io.ReadCloser {
		rc, err := files[name].Open()
		if err != nil {
			t.Fatal(err)
		}
		return rc
	}
	var sst xSST
	rc := read("xl/sharedStrings.xml")
	if err := xml.NewDecoder(rc).Decode(&sst); err != nil {
		t.Fatal(err)
	}
	rc.Close()
	strs := make([]string, len(sst.SI))
	for i, si := range sst.SI {
		strs[i] = si.T
		for _, r := range si.R {
			strs[i] += r.T
		}
	}
	// The data sheet is the fourth: Cover, Contents, Notes, data.
	if !bytes.Contains(func() []byte { b, _ := io.ReadAll(read("xl/workbook.xml")); return b }(), []byte(`name="`+sheet+`"`)) {
		t.Fatalf("no sheet %s", sheet)
	}
	ch := make(chan xmlCell, 1024)
	go func() {
		defer close(ch)
		rc := read("xl/worksheets/sheet4.xml")
		defer rc.Close()
		d := xml.NewDecoder(rc)
		for {
			tok, err := d.Token()
			if err != nil {
				return
			}
			start, ok := tok.(xml.StartElement)
			if !ok || start.Name.Local != "c" {
				continue
			}
			var c struct {
				R  string `xml:"r,attr"`
				S  string `xml:"s,attr"`
				T  string `xml:"t,attr"`
				V  string `xml:"v"`
				IS struct {
					T string `xml:"t"`
				} `xml:"is"`
			}
			if err := d.DecodeElement(&c, &start); err != nil {
				return
			}
			cell := xmlCell{Ref: c.R, Style: c.S, Kind: c.T, Text: c.V}
			switch c.T {
			case "s":
				cell.Kind, cell.Text = "text", "?"
				if i, err := parseIndex(c.V); err == nil && i < len(strs) {
					cell.Text = strs[i]
				}
			case "inlineStr":
				cell.Kind, cell.Text = "text", c.IS.T
			}
			ch <- cell
		}
	}()
	return ch
}

func parseIndex(s string) (int, error) {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, io.ErrUnexpectedEOF
		}
		n = n*10 + int(r-'0')
	}
	return n, nil
}
