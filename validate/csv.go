package validate

import (
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/caredata/caredata/output"
)

func csvHeader(path string) ([]string, error) {
	f, br, _, err := output.OpenCSV(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csv.NewReader(br).Read()
}

func readAllCSV(path string) ([][]string, error) {
	f, br, _, err := output.OpenCSV(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

// checkEncoding applies the file rules every CSV shares (BOM, UTF-8,
// ragged rows) to a small file such as a .meta.csv.
func checkEncoding(dir, name string, release bool, add func(Finding)) error {
	_, err := scanCSV(dir, name, release, add, nil)
	return err
}

// checkCSV streams one data file. A file with a .meta.csv companion is an
// EES data file: its rows get the EES screener's checks (ees.go) in the
// same pass. In a folder that is not a release, every data file must have
// one; in a release, only the EES-shaped datasets do.
func checkCSV(dir, name string, release bool, lk *lookups, add func(Finding)) (int, error) {
	if !fileNameOK.MatchString(name) {
		add(Finding{File: name, Rule: "ees-filename", Detail: "file names use only lower-case letters, digits, - and _"})
	}
	meta := strings.TrimSuffix(name, ".csv") + ".meta.csv"
	metaRows, err := readAllCSV(filepath.Join(dir, meta))
	if err != nil {
		if !release {
			add(Finding{File: name, Rule: "ees-meta-missing", Detail: "no " + meta + " describes this data file"})
		}
		return scanCSV(dir, name, release, add, nil)
	}
	var e *eesFile
	n, err := scanCSV(dir, name, release, add, func(header []string) rowChecker {
		checkMetaColumns(name, meta, metaRows, header, add)
		e = newEESFile(name, meta, metaRows, header, lk, add)
		return e
	})
	if e != nil {
		e.finish(n)
	}
	return n, err
}

// rowChecker checks the rows of a file after its header.
type rowChecker interface {
	row(line int, rec []string)
	blankIndicators() []int
}

func (e *eesFile) blankIndicators() []int { return e.indicators }

// scanCSV streams a CSV file with the rules every CSV shares, handing each
// row to the checker made from the header, if any. A release promises a
// byte-order mark (Excel needs it to read UTF-8); EES itself does not
// require one, so a council's folder is not held to it.
func scanCSV(dir, name string, requireBOM bool, add func(Finding), checker func(header []string) rowChecker) (rows int, err error) {
	f, br, bom, err := output.OpenCSV(filepath.Join(dir, name))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if !bom && requireBOM {
		add(Finding{File: name, Rule: "csv-bom", Detail: "no UTF-8 byte-order mark"})
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		add(Finding{File: name, Row: 1, Rule: "csv-ragged-row", Detail: "no header: " + err.Error()})
		return 0, nil
	}
	header = append([]string(nil), header...)
	var rc rowChecker
	if checker != nil {
		rc = checker(header)
	}
	var blank []int
	if rc != nil {
		blank = rc.blankIndicators()
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			add(Finding{File: name, Row: line, Rule: "csv-ragged-row", Detail: err.Error()})
			return rows, nil
		}
		rows++
		if len(rec) != len(header) {
			add(Finding{File: name, Row: line, Rule: "csv-ragged-row", Detail: fmt.Sprintf("%d fields, header has %d", len(rec), len(header))})
			continue
		}
		for _, i := range blank {
			if rec[i] == "" {
				add(Finding{File: name, Row: line, Column: header[i], Rule: "csv-blank-indicator", Detail: "blank indicator cell: EES needs a value or a symbol (c, x, z, low)"})
			}
		}
		for _, v := range rec {
			if !isUTF8(v) {
				add(Finding{File: name, Row: line, Rule: "csv-utf8", Detail: "not UTF-8"})
				break
			}
		}
		if rc != nil {
			rc.row(line, rec)
		}
	}
	return rows, nil
}

func isUTF8(s string) bool { return utf8.ValidString(s) }

// checkMetaColumns checks that every column a .meta.csv describes is in
// its data file.
func checkMetaColumns(data, meta string, rows [][]string, header []string, add func(Finding)) {
	have := map[string]bool{}
	for _, h := range header {
		have[h] = true
	}
	if len(rows) == 0 {
		return
	}
	col := -1
	for i, h := range rows[0] {
		if h == "col_name" {
			col = i
		}
	}
	if col < 0 {
		return // ees-meta-columns reports it
	}
	for i, r := range rows[1:] {
		if col < len(r) && !have[r[col]] {
			add(Finding{File: meta, Row: i + 2, Column: "col_name", Rule: "csv-meta-missing-col", Detail: fmt.Sprintf("%q is not a column of %s", r[col], data)})
		}
	}
}
