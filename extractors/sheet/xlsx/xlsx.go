// Package xlsx reads Office Open XML workbooks (.xlsx) as sheet.Workbook,
// through github.com/xuri/excelize/v2.
//
// excelize's streaming iterator (File.Rows) gives each row's display text
// and hidden flag, but only strings: it does not say whether a cell holds
// the number 1027078 or the text "1027078", nor which style (and so which
// date format) it has (qax-os/excelize#1284). excelize exposes those through
// GetCellType and GetCellStyle, which load the whole worksheet into memory
// on first use (qax-os/excelize#1722). So this package walks the same
// worksheet part a second time, in step with excelize, reading only each
// cell's reference, type, style and stored value with encoding/xml. Shared
// strings, display formatting, number formats, date serial conversion and
// the sheet list all come from excelize.
package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
	"github.com/xuri/nfp"

	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/internal/zipguard"
)

// ContentType is the [Content_Types].xml override that marks the main part
// of an XLSX workbook.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

// Workbook is an open XLSX file.
type Workbook struct {
	name     string
	f        *excelize.File
	zr       *zip.Reader
	lim      sheet.Limits
	sheets   []string
	parts    map[string]string // sheet name → worksheet part
	date1904 bool

	mu      sync.Mutex   // guards dateFmt: several Rows may run at once
	dateFmt map[int]bool // style index → has a date or time format
}

var _ sheet.Workbook = (*Workbook)(nil)

// Open opens an XLSX file. name is used only in error messages. Zero fields
// of lim take the defaults; since excelize inflates every XML part when it
// opens a file, MaxPartSize caps the package's total uncompressed size too.
func Open(name string, r io.ReaderAt, size int64, lim sheet.Limits) (*Workbook, error) {
	lim = lim.WithDefaults()
	zr, err := zipguard.NewReader(name, r, size)
	if err != nil {
		return nil, err
	}
	var total int64
	for _, e := range zr.File {
		if err := zipguard.Check(name, e, lim); err != nil {
			return nil, err
		}
		total += int64(min(e.UncompressedSize64, 1<<62))
		if total > lim.MaxPartSize {
			return nil, &sheet.LimitError{File: name, Part: "(all parts)", Limit: "MaxPartSize", Got: total, Max: lim.MaxPartSize}
		}
	}
	wbPart, err := officeDocument(name, zr)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit:    lim.MaxPartSize,
		UnzipXMLSizeLimit: min(lim.MaxPartSize, 16<<20),
		// Built-in format 14 is "the reader's short date": Excel shows it
		// in the machine's locale, excelize in US order (11-11-14). The
		// publishers are British and LibreOffice wrote 11/11/2014 into
		// their ODS copies, so show it as a British reader sees it.
		ShortDatePattern: "dd/mm/yyyy",
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, sheet.ErrMalformed, err)
	}
	w := &Workbook{name: name, f: f, zr: zr, lim: lim, sheets: f.GetSheetList(), dateFmt: map[int]bool{}}
	if f.WorkBook == nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w: no workbook part", name, sheet.ErrNotSpreadsheet)
	}
	if pr := f.WorkBook.WorkbookPr; pr != nil {
		w.date1904 = pr.Date1904
	}
	if w.parts, err = sheetParts(name, zr, wbPart, f); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// Sheets lists the workbook's sheets in order; external-link caches are
// separate parts in XLSX and never appear here.
func (w *Workbook) Sheets() []string { return append([]string(nil), w.sheets...) }

// Close releases excelize's temporary files.
func (w *Workbook) Close() error { return w.f.Close() }

// Rows streams one sheet.
func (w *Workbook) Rows(name string) (sheet.Rows, error) {
	part, ok := w.parts[name]
	if !ok {
		return nil, sheet.NoSheetError(w.name, name, w.sheets)
	}
	zf := zipguard.Find(w.zr, part)
	if zf == nil {
		return nil, fmt.Errorf("%s: %w: sheet %q: no part %s", w.name, sheet.ErrMalformed, name, part)
	}
	ex, err := w.f.Rows(name)
	if err != nil {
		return nil, fmt.Errorf("%s: sheet %q: %w: %w", w.name, name, sheet.ErrMalformed, err)
	}
	rc, err := zipguard.Open(w.name, zf, w.lim)
	if err != nil {
		ex.Close()
		return nil, err
	}
	return &rows{w: w, sheet: name, ex: ex, rc: rc, sc: newScanner(rc)}, nil
}

// isDate reports whether a style's number format shows a date or time,
// which is how XLSX marks a number as a date.
func (w *Workbook) isDate(style int) bool {
	if style <= 0 {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if v, ok := w.dateFmt[style]; ok {
		return v
	}
	v := false
	if st, err := w.f.GetStyle(style); err == nil && st != nil {
		if st.CustomNumFmt != nil {
			v = isDateCode(*st.CustomNumFmt)
		} else {
			v = isBuiltInDate(st.NumFmt)
		}
	}
	w.dateFmt[style] = v
	return v
}

// isDateCode parses a custom number format with excelize's own parser and
// looks for date or time tokens (d, m, y, h, s, [h]) in any section.
func isDateCode(code string) bool {
	p := nfp.NumberFormatParser()
	for _, sec := range p.Parse(code) {
		for _, tok := range sec.Items {
			if tok.TType == nfp.TokenTypeDateTimes || tok.TType == nfp.TokenTypeElapsedDateTimes {
				return true
			}
		}
	}
	return false
}

// isBuiltInDate knows the built-in number formats that are dates or times
// (ECMA-376 part 1, 18.8.30, and the East Asian ones); excelize keeps its
// table of them unexported.
func isBuiltInDate(id int) bool {
	switch {
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58, id >= 71 && id <= 81:
		return true
	}
	return false
}

// officeDocument finds the workbook part through the package relationships,
// as the part need not be xl/workbook.xml.
func officeDocument(file string, zr *zip.Reader) (string, error) {
	rels, err := readRels(file, zr, "_rels/.rels")
	if err != nil {
		return "", err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return strings.TrimPrefix(r.Target, "/"), nil
		}
	}
	return "", fmt.Errorf("%s: %w: no officeDocument relationship", file, sheet.ErrNotSpreadsheet)
}

type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

func readRels(file string, zr *zip.Reader, name string) ([]relationship, error) {
	zf := zipguard.Find(zr, name)
	if zf == nil {
		return nil, fmt.Errorf("%s: %w: no %s", file, sheet.ErrNotSpreadsheet, name)
	}
	b, err := zipguard.ReadSmall(file, zf, 4<<20)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Rels []relationship `xml:"Relationship"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %s: %w: %w", file, name, sheet.ErrMalformed, err)
	}
	return doc.Rels, nil
}

// sheetParts maps each sheet name to its worksheet part, joining the
// workbook's sheet list (from excelize) with the workbook relationships.
func sheetParts(file string, zr *zip.Reader, wbPart string, f *excelize.File) (map[string]string, error) {
	dir, base := path.Split(wbPart)
	rels, err := readRels(file, zr, dir+"_rels/"+base+".rels")
	if err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		targets[r.ID] = t
	}
	parts := map[string]string{}
	for _, s := range f.WorkBook.Sheets.Sheet {
		if t, ok := targets[s.ID]; ok {
			parts[s.Name] = t
		}
	}
	return parts, nil
}
