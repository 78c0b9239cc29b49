// Package validate checks a published release the way its users' tools
// will read it, before it is published and for anyone holding a copy; and
// any folder of EES CSV + .meta.csv files, such as a council keeps.
//
//   - A release: SHA256SUMS, and datapackage.json (every resource's file,
//     size, hash and columns).
//   - Every CSV: a byte-order mark (releases only: EES does not require
//     one), UTF-8, one field per header column, no blank indicator cell.
//   - EES data files (a .csv with its .meta.csv): the screener's checks
//     that apply to them (ees.go): names, mandatory columns, the .meta.csv,
//     time periods and identifiers, geographic levels and their columns,
//     code-name pairs against DfE's lookups, filters, indicator values and
//     symbols, duplicates, blank rows and columns, the API's limits.
//   - Parquet: read back with the Arrow reader, schema equal to schemas/,
//     rows equal to the CSV's (parquet.go).
//   - Excel: the Analysis Function's automatable accessible-spreadsheet
//     rules from the workbook's small parts (excel.go), and cell by cell
//     (cells.go): merged cells, hidden rows and columns, blank rows and
//     columns in tables, anything outside a table, numbers stored as text,
//     the cursor, and the tables' rows against the CSV's.
//
// Each problem is a Finding naming the file, sheet, row and column where
// there is one, and the rule. Rules the standards give only as advice
// (the screener's WARNINGs) are Warnings: reported, not blocking. The EES
// rules are written from DfE's published guidance and the screener's
// documented checks; the screener itself (R, GPL) is not used or copied.
package validate

import (
	"crypto/sha256"
	"slices"

	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	layout "github.com/caredata/caredata/release"
	"github.com/caredata/caredata/schemas"
)

// Finding is one problem found.
type Finding struct {
	File    string
	Sheet   string // worksheet of an Excel file, "" otherwise
	Row     int    // 1-based line of a CSV file or row of a sheet, 0 when not about a row
	Column  string // column name or cell reference, "" when not about a column
	Rule    string // e.g. "csv-ragged-row"
	Detail  string
	Warning bool // the standard advises rather than requires: reported, not blocking
}

func (f Finding) String() string {
	loc := f.File
	if f.Sheet != "" {
		loc += fmt.Sprintf(" sheet %q", f.Sheet)
	}
	if f.Row > 0 {
		loc += fmt.Sprintf(" row %d", f.Row)
	}
	if f.Column != "" {
		loc += fmt.Sprintf(" column %s", f.Column)
	}
	sev := ""
	if f.Warning {
		sev = "warning: "
	}
	return fmt.Sprintf("%s: %s%s: %s", loc, sev, f.Rule, f.Detail)
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

// Warnings are the rules the standards give as advice (the EES screener's
// WARNING results): their findings are reported but do not fail a release.
var Warnings = map[string]bool{}

// Errors returns the findings that fail a release: all but warnings.
func Errors(findings []Finding) []Finding {
	var out []Finding
	for _, f := range findings {
		if !f.Warning {
			out = append(out, f)
		}
	}
	return out
}

// maxPerRule caps the findings of one rule in one file: a broken
// million-row file must not make a million findings.
const maxPerRule = 10

// IsRelease reports whether dir is a caredata release (it has
// SHA256SUMS, datapackage.json or run.json) rather than a plain folder of
// EES files such as a council keeps.
func IsRelease(dir string) bool {
	for _, f := range []string{layout.SumsFile, layout.PackageFile, layout.ReportFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return true
		}
	}
	return false
}

// Dir validates a release folder, or a folder of CSV + .meta.csv files,
// and returns the findings in file order. The files are checked
// concurrently: a whole release is read once, in about a second.
func Dir(dir string) ([]Finding, error) { return check(dir, nil, nil) }

// Staged validates a release the pipeline has just written, before it is
// published. It leaves out what the writers guarantee by construction:
// the files' sha256 and sizes (computed as they were written, in
// SHA256SUMS and datapackage.json), the CSV encoding rules (byte-order
// mark, UTF-8, one field per column) of data files that no EES rule reads
// (la_spend's 118 MB), and the cells of a long sheet beyond its first 4 MB
// (rows one loop of the Excel writer wrote); it takes each dataset's rows
// from the run (rows, by dataset) instead of counting them in the CSVs.
// It still reads back what users' tools read: every Parquet file with the
// Arrow reader, every workbook's parts, sheets and tables, and every EES
// file with the screener's rules.
func Staged(dir string, rows map[string]int) ([]Finding, error) {
	return check(dir, rows, nil)
}

// StagedDataset applies Staged's checks to the files of one dataset (its
// .parquet, .csv, .meta.csv and .xlsx) of rows rows, so that a run can
// check each dataset as soon as its files are written.
func StagedDataset(dir, dataset string, rows int) ([]Finding, error) {
	return check(dir, map[string]int{dataset: rows}, func(name string) bool {
		stem, _, _ := strings.Cut(name, ".")
		return stem == dataset
	})
}

// check validates the files of dir that keep accepts (all when nil).
func check(dir string, staged map[string]int, keep func(string) bool) ([]Finding, error) {
	files, err := listFiles(dir)
	if err != nil {
		return nil, err
	}
	if keep != nil {
		files = slices.DeleteFunc(files, func(f string) bool { return !keep(f) })
	}
	lk, err := embeddedLookups()
	if err != nil {
		return nil, err
	}
	release := IsRelease(dir) || staged != nil
	v := &validation{dir: dir, hashes: map[string]*hashed{}, rows: map[string]*future{}}
	for _, name := range files {
		v.hashes[name] = &hashed{}
		if strings.HasSuffix(name, ".csv") && !strings.HasSuffix(name, ".meta.csv") {
			stem := strings.TrimSuffix(name, ".csv")
			v.rows[stem] = &future{done: make(chan struct{})}
			if n, ok := staged[stem]; ok {
				v.rows[stem].set(n)
			}
		}
	}
	// In a staged release, only the EES data files' CSVs are read.
	eesData := func(name string) bool {
		_, err := os.Stat(filepath.Join(dir, strings.TrimSuffix(name, ".csv")+".meta.csv"))
		return err == nil
	}
	var (
		wg      sync.WaitGroup
		results = make([][]Finding, len(files)+1)
		pkg     = make(chan map[string][]string, 1)
	)
	run := func(slot int, fn func(add func(Finding)) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			add := func(f Finding) { results[slot] = append(results[slot], f) }
			if err := fn(add); err != nil {
				add(Finding{File: files[min(slot, len(files)-1)], Rule: "csv-ragged-row", Detail: err.Error()})
			}
		}()
	}
	switch {
	case staged != nil:
		pkg <- numericColumns(files)
	case release:
		run(len(files), func(add func(Finding)) error {
			v.checkSums(files, add)
			pkg <- v.checkPackage(add)
			return nil
		})
	default:
		pkg <- map[string][]string{}
	}
	numeric := sync.OnceValue(func() map[string][]string { return <-pkg })
	for i, name := range files {
		stem := strings.TrimSuffix(name, ".csv")
		switch {
		case strings.HasSuffix(name, ".meta.csv"):
			data := strings.TrimSuffix(name, ".meta.csv") + ".csv"
			run(i, func(add func(Finding)) error {
				if _, err := os.Stat(filepath.Join(dir, data)); err != nil {
					add(Finding{File: name, Rule: "ees-meta-missing", Detail: "no data file " + data})
				}
				return checkEncoding(dir, name, release, add)
			})
		case strings.HasSuffix(name, ".csv"):
			if staged != nil {
				if _, ok := staged[stem]; ok && !eesData(name) {
					continue
				}
			}
			run(i, func(add func(Finding)) error {
				n, err := checkCSV(dir, name, release, lk, add)
				if _, given := staged[stem]; !given {
					v.rows[stem].set(n)
				} else if n != staged[stem] {
					add(Finding{File: name, Rule: "csv-ragged-row", Detail: fmt.Sprintf("%d rows, the run built %d", n, staged[stem])})
				}
				return err
			})
		case strings.HasSuffix(name, ".parquet"):
			run(i, func(add func(Finding)) error {
				checkParquet(dir, name, v.rowsOf, add)
				return nil
			})
		case strings.HasSuffix(name, ".xlsx"):
			run(i, func(add func(Finding)) error {
				stem := strings.TrimSuffix(name, ".xlsx")
				checkExcel(dir, name, staged != nil, func() int { return v.rowsOf(stem) }, func() []string { return numeric()[stem] }, add)
				return nil
			})
		}
	}
	wg.Wait()
	var out []Finding
	for _, r := range results {
		count := map[string]int{}
		for _, f := range r {
			f.Warning = Warnings[f.Rule]
			k := f.File + "\x00" + f.Rule
			if count[k]++; count[k] <= maxPerRule {
				out = append(out, f)
			}
		}
		for k, n := range count {
			if n > maxPerRule {
				file, rule, _ := strings.Cut(k, "\x00")
				out = append(out, Finding{File: file, Rule: rule, Warning: Warnings[rule], Detail: fmt.Sprintf("and %d more like this", n-maxPerRule)})
			}
		}
	}
	return out, nil
}

// numericColumns names, per CSV stem, the numeric columns the schemas give
// the dataset (in a release checked from outside, datapackage.json says).
func numericColumns(files []string) map[string][]string {
	out := map[string][]string{}
	for _, f := range files {
		stem, ok := strings.CutSuffix(f, ".csv")
		if !ok || strings.HasSuffix(stem, ".meta") {
			continue
		}
		if ds := schemas.ByName(stem); ds != nil {
			for _, c := range ds.Columns {
				if c.Type.Numeric() {
					out[stem] = append(out[stem], c.Name)
				}
			}
		}
	}
	return out
}

// validation holds what the concurrent checks share: each file's sha256,
// computed once, and each CSV's row count for the Parquet and Excel checks.
type validation struct {
	dir    string
	hashes map[string]*hashed
	rows   map[string]*future
}

type hashed struct {
	once sync.Once
	sum  string
	n    int64
	err  error
}

func (v *validation) sha(name string) (string, int64, error) {
	h, ok := v.hashes[name]
	if !ok {
		return fileSHA(filepath.Join(v.dir, filepath.FromSlash(name)))
	}
	h.once.Do(func() { h.sum, h.n, h.err = fileSHA(filepath.Join(v.dir, name)) })
	return h.sum, h.n, h.err
}

// future is a CSV's row count, known once the CSV is read.
type future struct {
	done chan struct{}
	n    int
}

func (f *future) set(n int) { f.n = n; close(f.done) }

// rowsOf waits for the CSV of stem and returns its rows, or -1 when there
// is no such CSV.
func (v *validation) rowsOf(stem string) int {
	f, ok := v.rows[stem]
	if !ok {
		return -1
	}
	<-f.done
	return f.n
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

func (v *validation) checkSums(files []string, add func(Finding)) {
	dir := v.dir
	b, err := os.ReadFile(filepath.Join(dir, layout.SumsFile))
	if err != nil {
		add(Finding{File: layout.SumsFile, Rule: "sums-missing", Detail: err.Error()})
		return
	}
	listed := map[string]bool{}
	for i, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok {
			add(Finding{File: layout.SumsFile, Row: i + 1, Rule: "sums-mismatch", Detail: fmt.Sprintf("line %q is not \"<sha256>  <file>\"", line)})
			continue
		}
		listed[name] = true
		got, _, err := v.sha(name)
		switch {
		case err != nil:
			add(Finding{File: name, Rule: "sums-mismatch", Detail: "listed in SHA256SUMS but unreadable: " + err.Error()})
		case got != sum:
			add(Finding{File: name, Rule: "sums-mismatch", Detail: fmt.Sprintf("sha256 %s, SHA256SUMS says %s", got, sum)})
		}
	}
	for _, f := range files {
		if f != layout.SumsFile && !listed[f] {
			add(Finding{File: f, Rule: "sums-unlisted", Detail: "not listed in SHA256SUMS"})
		}
	}
}

// checkPackage checks datapackage.json and returns, per CSV stem, the
// names of its numeric columns (the indicators that must not be blank).
func (v *validation) checkPackage(add func(Finding)) map[string][]string {
	dir := v.dir
	numeric := map[string][]string{}
	b, err := os.ReadFile(filepath.Join(dir, layout.PackageFile))
	if err != nil {
		add(Finding{File: layout.PackageFile, Rule: "package-invalid", Detail: err.Error()})
		return numeric
	}
	var dp layout.DataPackage
	if err := json.Unmarshal(b, &dp); err != nil {
		add(Finding{File: layout.PackageFile, Rule: "package-invalid", Detail: err.Error()})
		return numeric
	}
	if len(dp.Licenses) == 0 || len(dp.Resources) == 0 {
		add(Finding{File: layout.PackageFile, Rule: "package-invalid", Detail: "no licences or no resources"})
	}
	for _, r := range dp.Resources {
		got, n, err := v.sha(r.Path)
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
