package validate

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"sync"
)

func init() {
	for k, v := range map[string]string{
		"xlsx-open":           "an Excel file is a readable workbook",
		"xlsx-cover-first":    "the first sheet is the cover, and the workbook opens on it",
		"xlsx-sheet-names":    "sheet names are unique, at most 31 characters, trimmed and visible",
		"xlsx-doc-props":      "the document title and language are set",
		"xlsx-contents-links": "the Contents sheet links to every other sheet but the cover",
		"xlsx-one-table":      "every sheet but the cover holds exactly one marked-up table (none for a dataset with no rows)",
		"xlsx-table-anchor":   "every table starts in column A",
		"xlsx-table-header":   "every table's header cells are unique and not empty",
		"xlsx-title-a1":       "every sheet has its title in A1",
	} {
		Rules[k] = v
	}
}

type xlsxSheet struct {
	Name  string `xml:"name,attr"`
	State string `xml:"state,attr"`
	RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
}

type rels struct {
	Rel []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// checkExcel checks the Analysis Function's automatable
// accessible-spreadsheet rules that the workbook's small parts show: it
// reads the workbook, its relationships, the document properties, the
// tables and the start of each sheet, never a whole data sheet, so a
// 600,000-row workbook is checked in milliseconds.
// dataRows is the dataset's row count (from its CSV): Excel cannot mark up
// a table without a data row, so an empty dataset's sheet has none.
// checkExcel checks a workbook. For the release gate (staged), a sheet
// longer than one scanning chunk (4 MB of XML: la_spend's data sheet is
// 280 MB) is read cell by cell only as far as its first chunk, which holds
// its title, statements, header and first rows: its other rows come from
// the same loop of the writer, and `caredata validate` reads them all.
func checkExcel(dir, name string, staged bool, dataRows func() int, numeric func() []string, add func(Finding)) {
	zr, err := zip.OpenReader(path.Join(dir, name))
	if err != nil {
		add(Finding{File: name, Rule: "xlsx-open", Detail: err.Error()})
		return
	}
	defer zr.Close()
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	decode := func(part string, v any) error {
		f, ok := parts[part]
		if !ok {
			return fmt.Errorf("no part %s", part)
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		return xml.NewDecoder(rc).Decode(v)
	}
	var wb struct {
		Views []struct {
			ActiveTab int `xml:"activeTab,attr"`
		} `xml:"bookViews>workbookView"`
		Sheets []xlsxSheet `xml:"sheets>sheet"`
	}
	if err := decode("xl/workbook.xml", &wb); err != nil || len(wb.Sheets) == 0 {
		add(Finding{File: name, Rule: "xlsx-open", Detail: fmt.Sprintf("no sheets: %v", err)})
		return
	}
	var wbRels rels
	if err := decode("xl/_rels/workbook.xml.rels", &wbRels); err != nil {
		add(Finding{File: name, Rule: "xlsx-open", Detail: err.Error()})
		return
	}
	target := map[string]string{}
	for _, r := range wbRels.Rel {
		target[r.ID] = path.Join("xl", strings.TrimPrefix(r.Target, "/xl/"))
	}

	if !regexp.MustCompile(`(?i)^(cover|front)`).MatchString(wb.Sheets[0].Name) || (len(wb.Views) > 0 && wb.Views[0].ActiveTab != 0) {
		add(Finding{File: name, Rule: "xlsx-cover-first", Detail: fmt.Sprintf("first sheet %q, workbook opens on sheet %d", wb.Sheets[0].Name, activeTab(wb.Views))})
	}
	seen := map[string]bool{}
	for _, s := range wb.Sheets {
		if seen[s.Name] || len([]rune(s.Name)) > 31 || strings.TrimSpace(s.Name) != s.Name || s.State == "hidden" || s.State == "veryHidden" {
			add(Finding{File: name, Rule: "xlsx-sheet-names", Detail: fmt.Sprintf("sheet %q (state %q) breaks the naming rules", s.Name, s.State)})
		}
		seen[s.Name] = true
	}
	var core struct {
		Title    string `xml:"title"`
		Language string `xml:"language"`
	}
	if err := decode("docProps/core.xml", &core); err != nil || strings.TrimSpace(core.Title) == "" || strings.TrimSpace(core.Language) == "" {
		add(Finding{File: name, Rule: "xlsx-doc-props", Detail: fmt.Sprintf("title %q, language %q", core.Title, core.Language)})
	}

	// Shared strings are read only if a cell needs one.
	sharedStrings := sharedStringsOf(decode)
	tableRows := 0
	for i, s := range wb.Sheets {
		sheetPart := target[s.RID]
		title, links, err := sheetStart(parts[sheetPart])
		if err != nil {
			add(Finding{File: name, Rule: "xlsx-open", Detail: fmt.Sprintf("sheet %q: %v", s.Name, err)})
			continue
		}
		if strings.TrimSpace(title) == "" {
			add(Finding{File: name, Column: "A1", Rule: "xlsx-title-a1", Detail: fmt.Sprintf("sheet %q has no title in A1", s.Name)})
		}
		if strings.EqualFold(s.Name, "contents") {
			linked := map[string]bool{}
			for _, l := range links {
				sheet, _, _ := strings.Cut(l, "!")
				linked[strings.Trim(sheet, "'")] = true
			}
			for _, other := range wb.Sheets {
				if other.Name != s.Name && i != 0 && other.Name != wb.Sheets[0].Name && !linked[other.Name] {
					add(Finding{File: name, Rule: "xlsx-contents-links", Detail: fmt.Sprintf("Contents does not link to sheet %q", other.Name)})
				}
			}
		}
		tbl := sheetTable(name, s.Name, sheetPart, i == 0, dataRows, decode, add)
		a, _ := parseRef(tbl.Ref)
		if data := i > 0 && !strings.EqualFold(s.Name, "contents") && !strings.EqualFold(s.Name, "notes"); data && a.row1 > 0 {
			tableRows += a.row1 - a.row0
		}
		num := map[int]bool{}
		for _, n := range numeric() {
			for j, c := range tbl.Columns {
				if c.Name == n {
					num[a.col0+j] = true
				}
			}
		}
		sc := &cellScan{table: a, numeric: num, shared: sharedStrings, prefix: staged && parts[sheetPart].UncompressedSize64 > chunkSize,
			emit: func(rule string, row int, cell, detail string) {
				add(Finding{File: name, Sheet: s.Name, Row: row, Column: cell, Rule: rule, Detail: detail})
			}}
		var rc io.ReadCloser = errReader{}
		if part := parts[sheetPart]; part.UncompressedSize64 > chunkSize {
			rc = inflate(part)
		} else if rc, err = part.Open(); err != nil {
			rc = errReader{err}
		}
		err = sc.scan(rc, int64(parts[sheetPart].UncompressedSize64))
		rc.Close()
		if err != nil {
			add(Finding{File: name, Sheet: s.Name, Rule: "xlsx-open", Detail: err.Error()})
		}
	}
	if n := dataRows(); n >= 0 && tableRows != n {
		add(Finding{File: name, Rule: "xlsx-rows", Detail: fmt.Sprintf("the data tables hold %d rows, the CSV %d", tableRows, n)})
	}
}

// table is the part of a table definition the checks use.
type table struct {
	Ref     string `xml:"ref,attr"`
	Columns []struct {
		Name string `xml:"name,attr"`
	} `xml:"tableColumns>tableColumn"`
}

// sheetTable finds a sheet's one table and checks its anchor and header;
// it returns a zero table for the cover, a sheet with none, or a broken one.
func sheetTable(name, sheet, sheetPart string, cover bool, dataRows func() int, decode func(string, any) error, add func(Finding)) table {
	var tbl table
	if cover {
		return tbl // the cover is statements, not a table
	}
	var sr rels
	relPart := path.Join(path.Dir(sheetPart), "_rels", path.Base(sheetPart)+".rels")
	decode(relPart, &sr)
	var tables []string
	for _, r := range sr.Rel {
		if strings.Contains(r.Target, "tables/") {
			tables = append(tables, path.Join(path.Dir(sheetPart), r.Target))
		}
	}
	if len(tables) == 0 && dataRows() == 0 {
		return tbl
	}
	if len(tables) != 1 {
		add(Finding{File: name, Sheet: sheet, Rule: "xlsx-one-table", Detail: fmt.Sprintf("sheet %q has %d tables", sheet, len(tables))})
		return tbl
	}
	if err := decode(path.Clean(tables[0]), &tbl); err != nil {
		add(Finding{File: name, Sheet: sheet, Rule: "xlsx-one-table", Detail: fmt.Sprintf("sheet %q table: %v", sheet, err)})
		return table{}
	}
	if a, ok := parseRef(tbl.Ref); !ok || a.col0 != 1 {
		add(Finding{File: name, Sheet: sheet, Rule: "xlsx-table-anchor", Detail: fmt.Sprintf("sheet %q table %s does not start in column A", sheet, tbl.Ref)})
	}
	headers := map[string]bool{}
	for _, c := range tbl.Columns {
		if strings.TrimSpace(c.Name) == "" || headers[c.Name] {
			add(Finding{File: name, Sheet: sheet, Rule: "xlsx-table-header", Detail: fmt.Sprintf("sheet %q: header %q empty or repeated", sheet, c.Name)})
		}
		headers[c.Name] = true
	}
	return tbl
}

func activeTab(v []struct {
	ActiveTab int `xml:"activeTab,attr"`
}) int {
	if len(v) == 0 {
		return 0
	}
	return v[0].ActiveTab
}

// sheetStart reads a sheet only as far as it must: A1's text (inline or a
// shared-string index resolved by the caller as "non-empty") and, for a
// small sheet such as Contents, its hyperlinks' locations.
func sheetStart(f *zip.File) (a1 string, links []string, err error) {
	if f == nil {
		return "", nil, fmt.Errorf("missing part")
	}
	rc, err := f.Open()
	if err != nil {
		return "", nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	inA1, small := false, f.UncompressedSize64 < 1<<20
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return a1, links, nil
		}
		if err != nil {
			return a1, links, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				inA1 = attrOf(t, "r") == "A1"
			case "v", "t":
				if inA1 {
					var s string
					d.DecodeElement(&s, &t)
					a1 = s
					inA1 = false
				}
			case "hyperlink":
				links = append(links, attrOf(t, "location"))
			case "row":
				// Past row 1 of a big sheet there is nothing more to read.
				if attrOf(t, "r") != "1" && !small && a1 != "" {
					return a1, links, nil
				}
			}
		}
	}
}

func attrOf(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// sharedStringsOf returns a lookup of the workbook's shared strings that
// reads them on first use.
func sharedStringsOf(decode func(string, any) error) func(int) (string, bool) {
	load := sync.OnceValue(func() []string {
		var sst struct {
			SI []struct {
				T string `xml:"t"`
				R []struct {
					T string `xml:"t"`
				} `xml:"r"`
			} `xml:"si"`
		}
		decode("xl/sharedStrings.xml", &sst)
		out := make([]string, len(sst.SI))
		for i, si := range sst.SI {
			out[i] = si.T
			for _, r := range si.R {
				out[i] += r.T
			}
		}
		return out
	})
	return func(i int) (string, bool) {
		s := load()
		if i < 0 || i >= len(s) {
			return "", false
		}
		return s[i], true
	}
}
