// Package open opens a spreadsheet file as a sheet.Workbook, choosing the
// ODS or XLSX reader by the file's content rather than its name: publishers
// have been known to serve one format under the other's extension.
//
// It is a package of its own because the readers import package sheet for
// its types; a dispatcher in sheet would import them back.
package open

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/internal/zipguard"
	"github.com/caredata/caredata/extractors/sheet/ods"
	"github.com/caredata/caredata/extractors/sheet/xlsx"
)

// Open opens the spreadsheet in r, of size bytes, with the default Limits.
// An ODS package names its type in its mimetype entry and an XLSX package
// in [Content_Types].xml; anything else is sheet.ErrNotSpreadsheet. name
// is used only in error messages.
func Open(name string, r io.ReaderAt, size int64) (sheet.Workbook, error) {
	zr, err := zipguard.NewReader(name, r, size)
	if err != nil {
		return nil, err
	}
	if f := zipguard.Find(zr, "mimetype"); f != nil {
		b, err := zipguard.ReadSmall(name, f, 256)
		if err != nil {
			return nil, err
		}
		if m := string(bytes.TrimSpace(b)); strings.HasPrefix(m, ods.MIMEType) {
			return ods.Open(name, r, size, sheet.Limits{})
		} else if m != "" {
			return nil, fmt.Errorf("%s: %w: mimetype is %q", name, sheet.ErrNotSpreadsheet, m)
		}
	}
	if f := zipguard.Find(zr, "[Content_Types].xml"); f != nil {
		b, err := zipguard.ReadSmall(name, f, 4<<20)
		if err != nil {
			return nil, err
		}
		var types struct {
			Overrides []struct {
				ContentType string `xml:",attr"`
			} `xml:"Override"`
		}
		if err := xml.Unmarshal(b, &types); err != nil {
			return nil, fmt.Errorf("%s: [Content_Types].xml: %w: %w", name, sheet.ErrMalformed, err)
		}
		for _, o := range types.Overrides {
			if isWorkbookType(o.ContentType) {
				return xlsx.Open(name, r, size, sheet.Limits{})
			}
		}
		return nil, fmt.Errorf("%s: %w: an Office package without a spreadsheet workbook", name, sheet.ErrNotSpreadsheet)
	}
	// An ODS written without its (optional) mimetype entry.
	if zipguard.Find(zr, "content.xml") != nil {
		return ods.Open(name, r, size, sheet.Limits{})
	}
	return nil, fmt.Errorf("%s: %w: a zip with neither mimetype nor [Content_Types].xml", name, sheet.ErrNotSpreadsheet)
}

// isWorkbookType accepts the main-part types of .xlsx, .xlsm and .xltx.
func isWorkbookType(t string) bool {
	switch t {
	case xlsx.ContentType,
		"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
		"application/vnd.ms-excel.template.macroEnabled.main+xml":
		return true
	}
	return false
}

// OpenFile opens the spreadsheet at path; closing the Workbook closes the
// file.
func OpenFile(path string) (sheet.Workbook, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	w, err := Open(path, f, fi.Size())
	if err != nil {
		f.Close()
		return nil, err
	}
	return fileWorkbook{w, f}, nil
}

// fileWorkbook closes the file along with the workbook.
type fileWorkbook struct {
	sheet.Workbook
	f *os.File
}

func (w fileWorkbook) Close() error {
	err := w.Workbook.Close()
	if e := w.f.Close(); err == nil {
		err = e
	}
	return err
}
