// Package validate checks a published release the way its users' tools
// will read it, before it is published and for anyone holding a copy:
// SHA256SUMS, datapackage.json (every resource's file, size, hash and
// columns), and the EES data standard's file rules for CSV files (a
// byte-order mark, the header, one field per column on every row, no blank
// indicator cells). Each problem is a Finding naming the file, the row and
// column where there is one, and the rule.
//
// Parquet files are read back with the Arrow reader and compared with
// schemas/ and with their CSV's row count (parquet.go); Excel files are
// checked against the accessible-spreadsheet rules their small parts show
// (excel.go). Still to come: cell-level spreadsheet checks and the rest of
// the EES screener's rules (time, geography, code-name pairs).
package validate

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Finding is one problem found.
type Finding struct {
	File   string
	Row    int    // 1-based line of a CSV file, 0 when not about a row
	Column string // column name, "" when not about a column
	Rule   string // e.g. "csv-ragged-row"
	Detail string
}

func (f Finding) String() string {
	loc := f.File
	if f.Row > 0 {
		loc += fmt.Sprintf(" row %d", f.Row)
	}
	if f.Column != "" {
		loc += fmt.Sprintf(" column %s", f.Column)
	}
	return fmt.Sprintf("%s: %s: %s", loc, f.Rule, f.Detail)
}

// Rules lists every rule with what it checks, for `caredata validate` to
// print and for tests to cover one by one.
var Rules = map[string]string{
	"sums-missing":         "SHA256SUMS exists",
	"sums-mismatch":        "every file listed in SHA256SUMS exists with that sha256",
	"sums-unlisted":        "every file of the release is listed in SHA256SUMS",
	"package-invalid":      "datapackage.json is valid JSON with licences and resources",
	"package-resource":     "every resource's file exists with the bytes and sha256 it states",
	"package-fields":       "a CSV resource's schema fields are its header, in order",
	"csv-bom":              "CSV files start with a UTF-8 byte-order mark (EES, Excel)",
	"csv-ragged-row":       "every CSV row has one field per header column",
	"csv-blank-indicator":  "EES files have no blank indicator cell (a symbol stands for a missing value)",
	"csv-meta-missing-col": "every column a .meta.csv describes exists in its data file",
	"csv-utf8":             "CSV files are UTF-8",
}

// Dir validates a release folder and returns the findings, in file order.
func Dir(dir string) ([]Finding, error) {
	var out []Finding
	add := func(f Finding) { out = append(out, f) }
	files, err := listFiles(dir)
	if err != nil {
		return nil, err
	}
	checkSums(dir, files, add)
	indicators := checkPackage(dir, add)
	rows := map[string]int{}
	for _, name := range files {
		if strings.HasSuffix(name, ".csv") {
			n, err := checkCSV(dir, name, indicators[strings.TrimSuffix(name, ".csv")], add)
			if err != nil {
				return nil, err
			}
			rows[strings.TrimSuffix(name, ".csv")] = n
		}
	}
	for _, name := range files {
		switch {
		case strings.HasSuffix(name, ".parquet"):
			checkParquet(dir, name, rows, add)
		case strings.HasSuffix(name, ".xlsx"):
			n, ok := rows[strings.TrimSuffix(name, ".xlsx")]
			if !ok {
				n = -1 // no CSV to say how many rows: require the table
			}
			checkExcel(dir, name, n, add)
		}
	}
	return out, nil
}

func listFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			files = append(files, e.Name())
		}
	}
	sort.Strings(files)
	return files, nil
}

func fileSHA(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}

func checkSums(dir string, files []string, add func(Finding)) {
	b, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		add(Finding{File: "SHA256SUMS", Rule: "sums-missing", Detail: err.Error()})
		return
	}
	listed := map[string]bool{}
	for i, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok {
			add(Finding{File: "SHA256SUMS", Row: i + 1, Rule: "sums-mismatch", Detail: fmt.Sprintf("line %q is not \"<sha256>  <file>\"", line)})
			continue
		}
		listed[name] = true
		got, _, err := fileSHA(filepath.Join(dir, name))
		switch {
		case err != nil:
			add(Finding{File: name, Rule: "sums-mismatch", Detail: "listed in SHA256SUMS but unreadable: " + err.Error()})
		case got != sum:
			add(Finding{File: name, Rule: "sums-mismatch", Detail: fmt.Sprintf("sha256 %s, SHA256SUMS says %s", got, sum)})
		}
	}
	for _, f := range files {
		if f != "SHA256SUMS" && !listed[f] {
			add(Finding{File: f, Rule: "sums-unlisted", Detail: "not listed in SHA256SUMS"})
		}
	}
}

type resource struct {
	Path   string `json:"path"`
	Format string `json:"format"`
	Bytes  int64  `json:"bytes"`
	Hash   string `json:"hash"`
	Schema struct {
		Fields []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"fields"`
	} `json:"schema"`
}

// checkPackage checks datapackage.json and returns, per CSV stem, the
// names of its numeric columns (the indicators that must not be blank).
func checkPackage(dir string, add func(Finding)) map[string][]string {
	numeric := map[string][]string{}
	b, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		add(Finding{File: "datapackage.json", Rule: "package-invalid", Detail: err.Error()})
		return numeric
	}
	var dp struct {
		Licenses  []struct{ Name string } `json:"licenses"`
		Resources []resource              `json:"resources"`
	}
	if err := json.Unmarshal(b, &dp); err != nil {
		add(Finding{File: "datapackage.json", Rule: "package-invalid", Detail: err.Error()})
		return numeric
	}
	if len(dp.Licenses) == 0 || len(dp.Resources) == 0 {
		add(Finding{File: "datapackage.json", Rule: "package-invalid", Detail: "no licences or no resources"})
	}
	for _, r := range dp.Resources {
		got, n, err := fileSHA(filepath.Join(dir, filepath.FromSlash(r.Path)))
		switch {
		case err != nil:
			add(Finding{File: r.Path, Rule: "package-resource", Detail: "resource file unreadable: " + err.Error()})
			continue
		case n != r.Bytes:
			add(Finding{File: r.Path, Rule: "package-resource", Detail: fmt.Sprintf("%d bytes, datapackage.json says %d", n, r.Bytes)})
		case "sha256:"+got != r.Hash:
			add(Finding{File: r.Path, Rule: "package-resource", Detail: fmt.Sprintf("sha256:%s, datapackage.json says %s", got, r.Hash)})
		}
		if r.Format != "csv" {
			continue
		}
		var names []string
		for _, f := range r.Schema.Fields {
			names = append(names, f.Name)
			if (f.Type == "integer" || f.Type == "number") && !strings.HasSuffix(r.Path, ".meta.csv") {
				stem := strings.TrimSuffix(r.Path, ".csv")
				numeric[stem] = append(numeric[stem], f.Name)
			}
		}
		header, err := csvHeader(filepath.Join(dir, r.Path))
		if err == nil && strings.Join(header, ",") != strings.Join(names, ",") {
			add(Finding{File: r.Path, Row: 1, Rule: "package-fields", Detail: fmt.Sprintf("header %v, datapackage.json fields %v", header, names)})
		}
	}
	return numeric
}

func csvHeader(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if b, _ := br.Peek(3); string(b) == "\ufeff" {
		br.Discard(3)
	}
	return csv.NewReader(br).Read()
}

// checkCSV streams one CSV file. indicators are its numeric columns; a
// blank cell in one of them breaks the EES standard only in files with a
// .meta.csv companion (EES-shaped datasets).
func checkCSV(dir, name string, indicators []string, add func(Finding)) (rows int, err error) {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	if b, _ := br.Peek(3); string(b) != "\ufeff" {
		add(Finding{File: name, Rule: "csv-bom", Detail: "no UTF-8 byte-order mark"})
	} else {
		br.Discard(3)
	}
	ees := false
	if !strings.HasSuffix(name, ".meta.csv") {
		_, err := os.Stat(strings.TrimSuffix(path, ".csv") + ".meta.csv")
		ees = err == nil
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
	check := map[int]string{}
	if ees {
		for _, ind := range indicators {
			for i, h := range header {
				if h == ind {
					check[i] = h
				}
			}
		}
	}
	reported := map[string]int{}
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
		for i, col := range check {
			if rec[i] == "" && reported[col] < 3 { // the first few are enough to act on
				reported[col]++
				add(Finding{File: name, Row: line, Column: col, Rule: "csv-blank-indicator", Detail: "blank indicator cell: EES needs a value or a symbol (c, x, z, low)"})
			}
		}
		for _, v := range rec {
			if !isUTF8(v) {
				add(Finding{File: name, Row: line, Rule: "csv-utf8", Detail: "not UTF-8"})
				break
			}
		}
	}
	if strings.HasSuffix(name, ".meta.csv") {
		return rows, checkMeta(dir, name, add)
	}
	return rows, nil
}

func isUTF8(s string) bool { return bytes.Equal([]byte(strings.ToValidUTF8(s, "\uFFFD")), []byte(s)) }

// checkMeta checks that every column a .meta.csv describes is in its data file.
func checkMeta(dir, name string, add func(Finding)) error {
	data := strings.TrimSuffix(name, ".meta.csv") + ".csv"
	header, err := csvHeader(filepath.Join(dir, data))
	if err != nil {
		add(Finding{File: name, Rule: "csv-meta-missing-col", Detail: "data file " + data + " unreadable"})
		return nil
	}
	have := map[string]bool{}
	for _, h := range header {
		have[h] = true
	}
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if b, _ := br.Peek(3); string(b) == "\ufeff" {
		br.Discard(3)
	}
	rows, err := csv.NewReader(br).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil
	}
	for i, r := range rows[1:] {
		if len(r) > 0 && !have[r[0]] {
			add(Finding{File: name, Row: i + 2, Column: "col_name", Rule: "csv-meta-missing-col", Detail: fmt.Sprintf("%q is not a column of %s", r[0], data)})
		}
	}
	return nil
}
