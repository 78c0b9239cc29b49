package validate_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"github.com/caredata/caredata/extract"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/caredata/caredata/extractors/all"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/sources"
	"github.com/caredata/caredata/validate"
)

var good struct {
	sync.Once
	dir string
	err error
}

// TestMain removes the release the tests published (see release).
func TestMain(m *testing.M) {
	code := m.Run()
	if good.dir != "" {
		os.RemoveAll(filepath.Dir(filepath.Dir(good.dir))) // the output root
	}
	os.Exit(code)
}

// release publishes a real release of the DfE sources once.
func release(t testing.TB) string {
	t.Helper()
	good.Do(func() {
		good.dir, good.err = publishWith(func(s map[string]any) bool {
			return s["extractor"] == "cla" || s["extractor"] == extract.Lookups
		})
	})
	if good.err != nil {
		t.Fatal(good.err)
	}
	return good.dir
}

// publishWith publishes a release of the embedded sources keep selects.
func publishWith(keep func(source map[string]any) bool) (string, error) {
	m := fstest.MapFS{}
	fs.WalkDir(sources.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(sources.FS, p)
			m[p] = &fstest.MapFile{Data: b}
		}
		return err
	})
	var man map[string][]map[string]any
	json.Unmarshal(m[pipeline.ManifestFile].Data, &man)
	var kept []map[string]any
	for _, s := range man["sources"] {
		if keep(s) {
			kept = append(kept, s)
		}
	}
	b, _ := json.Marshal(map[string]any{"sources": kept})
	m[pipeline.ManifestFile] = &fstest.MapFile{Data: b}
	out, err := os.MkdirTemp("", "validate-release-")
	if err != nil {
		return "", err
	}
	rel, err := pipeline.Run(context.Background(), pipeline.Options{Sources: m, Out: out, Registry: pipeline.NewRegistry(all.Extractors(), all.Derivers()),
		Now: func() time.Time { return time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) }})
	if err != nil {
		return "", err
	}
	return rel.Dir, nil
}

// A release built from one DfE file has one source_id: the .meta.csv
// leaves that single-item filter out, as EES requires, and the release
// passes.
func TestOneSourceRelease(t *testing.T) {
	t.Parallel()
	dir, err := publishWith(func(s map[string]any) bool {
		return s["source_id"] == "dfe-cla-2025" || s["extractor"] == extract.Lookups
	})
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(filepath.Dir(filepath.Dir(dir)))
	findings, err := validate.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if errs := validate.Errors(findings); len(errs) > 0 {
		t.Errorf("one-source release fails: %v", errs)
	}
	meta, _ := os.ReadFile(filepath.Join(dir, "children_in_care.meta.csv"))
	if strings.Contains(string(meta), "source_id") {
		t.Errorf("single-item filter source_id described:\n%s", meta)
	}
}

// copyRelease copies the good release so a test can damage its copy.
func copyRelease(t *testing.T) string {
	dst := t.TempDir()
	src := release(t)
	entries, _ := os.ReadDir(src)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644)
	}
	return dst
}

func TestGoodReleasePasses(t *testing.T) {
	t.Parallel()
	findings, err := validate.Dir(release(t))
	if err != nil {
		t.Fatal(err)
	}
	var warned []string
	for _, f := range findings {
		if !f.Warning {
			t.Errorf("finding on a good release: %s", f)
		}
		warned = append(warned, f.File+" "+f.Rule+" "+f.Column)
	}
	// Not even the screener's advice: each filter without a Total item
	// names its filter_default.
	if len(warned) > 0 {
		t.Errorf("warnings on a good release: %v", warned)
	}
}

func edit(t *testing.T, dir, name string, fn func(string) string) {
	t.Helper()
	p := filepath.Join(dir, name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	out := fn(string(b))
	if out == string(b) {
		t.Fatalf("edit of %s changed nothing", name)
	}
	os.WriteFile(p, []byte(out), 0o644)
}

// seeded is one seeded defect: the damage done to a copy of the good
// release, and the file, row (0: any) and column its finding must name.
type seeded struct {
	rule, file string
	row        int
	column     string
	damage     func(t *testing.T, dir string)
}

// expectFindings damages a copy of the good release for each defect and
// checks that validate.Dir reports it where it is, as an error or a
// warning as its rule says; it returns the rules covered.
func expectFindings(t *testing.T, tests []seeded) map[string]bool {
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.rule] = true
		t.Run(tt.rule, func(t *testing.T) {
			t.Parallel() // each damages its own copy
			dir := copyRelease(t)
			tt.damage(t, dir)
			findings, err := validate.Dir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range findings {
				if f.Rule == tt.rule && f.File == tt.file && (tt.row == 0 || f.Row == tt.row) && f.Column == tt.column {
					if f.Warning != validate.Warnings[tt.rule] {
						t.Errorf("%s: warning %v, want %v", f, f.Warning, validate.Warnings[tt.rule])
					}
					return
				}
			}
			t.Errorf("no %s finding on %s row %d column %q; got %v", tt.rule, tt.file, tt.row, tt.column, findings)
		})
	}
	return covered
}

// One seeded defect per rule, made from the good release.
func TestEachRuleFails(t *testing.T) {
	t.Parallel()
	const nat = "2025,Reporting year,National,E92000001,England,,,,,,Children looked after on 31 March each year,81770"
	tests := []seeded{
		{"sums-missing", "SHA256SUMS", 0, "", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "SHA256SUMS")) }},
		{"sums-mismatch", "revisions.parquet", 0, "", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "revisions.parquet"), []byte("PAR1"), 0o644)
		}},
		{"sums-unlisted", "extra.txt", 0, "", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "extra.txt"), []byte("x"), 0o644)
		}},
		{"package-invalid", "datapackage.json", 0, "", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "datapackage.json"), []byte("{"), 0o644)
		}},
		{"package-resource", "sources.xlsx", 0, "", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "sources.xlsx")) }},
		{"package-fields", "children_in_care.csv", 1, "", func(t *testing.T, dir string) {
			edit(t, dir, "children_in_care.csv", func(s string) string { return strings.Replace(s, ",measure,", ",population_type,", 1) })
		}},
		{"csv-bom", "sources.csv", 0, "", func(t *testing.T, dir string) {
			edit(t, dir, "sources.csv", func(s string) string { return strings.TrimPrefix(s, "\ufeff") })
		}},
		{"csv-ragged-row", "revisions.csv", 3, "", func(t *testing.T, dir string) {
			edit(t, dir, "revisions.csv", func(s string) string {
				lines := strings.SplitN(s, "\n", 4)
				lines[2] += ",extra"
				return strings.Join(lines, "\n")
			})
		}},
		{"csv-blank-indicator", "children_in_care.csv", 0, "children_count", func(t *testing.T, dir string) {
			edit(t, dir, "children_in_care.csv", func(s string) string { return strings.Replace(s, nat, strings.TrimSuffix(nat, "81770"), 1) })
		}},
		{"csv-meta-missing-col", "children_in_care.meta.csv", 2, "col_name", func(t *testing.T, dir string) {
			edit(t, dir, "children_in_care.meta.csv", func(s string) string { return strings.Replace(s, "\nmeasure,", "\npopulation_type,", 1) })
		}},
		{"csv-utf8", "sources.csv", 2, "", func(t *testing.T, dir string) {
			edit(t, dir, "sources.csv", func(s string) string {
				return strings.Replace(s, "Department for Education", "Department for Educ\xe9tion", 1)
			})
		}},
	}
	covered := expectFindings(t, tests)
	for r := range validate.Rules {
		if strings.HasPrefix(r, "parquet-") || strings.HasPrefix(r, "xlsx-") || strings.HasPrefix(r, "ees-") {
			covered[r] = true // TestParquetRules, TestExcelRules
		}
	}
	for rule := range validate.Rules {
		if !covered[rule] {
			t.Errorf("rule %s has no failing example", rule)
		}
	}
}

func TestParquetRules(t *testing.T) {
	t.Parallel()
	expectFindings(t, []seeded{
		{"parquet-read", "sources.parquet", 0, "", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "sources.parquet"), []byte("not parquet"), 0o644)
		}},
		// A release's revisions file under another dataset's name: its
		// schema is not that dataset's.
		{"parquet-schema", "sources.parquet", 0, "", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "revisions.parquet"))
			os.WriteFile(filepath.Join(dir, "sources.parquet"), b, 0o644)
		}},
		{"parquet-rows", "revisions.parquet", 0, "", func(t *testing.T, dir string) {
			edit(t, dir, "revisions.csv", func(s string) string { return s[:strings.LastIndex(strings.TrimSuffix(s, "\n"), "\n")+1] })
		}},
	})
}

// BenchmarkDir validates a real release: the DfE datasets, or the whole
// release in CAREDATA_RELEASE (e.g. out/latest after `caredata run`).
func BenchmarkDir(b *testing.B) {
	dir := os.Getenv("CAREDATA_RELEASE")
	if dir == "" {
		dir = release(b)
	}
	var size int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if fi, err := e.Info(); err == nil {
			size += fi.Size()
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if findings, err := validate.Dir(dir); err != nil || len(validate.Errors(findings)) > 0 {
			b.Fatal(err, findings)
		}
	}
}

// rewriteXLSX edits one part of a workbook in the release copy.
func rewriteXLSX(t *testing.T, file, part string, fn func(string) string) {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	changed := false
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == part {
			nb := fn(string(b))
			changed = nb != string(b)
			b = []byte(nb)
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zr.Close()
	zw.Close()
	if !changed {
		t.Fatalf("%s: edit of %s changed nothing", file, part)
	}
	os.WriteFile(file, buf.Bytes(), 0o644)
}

func TestExcelRules(t *testing.T) {
	t.Parallel()
	// Each defect is made in the release copy's sources.xlsx.
	tests := []struct {
		rule, column string // the cell a finding names, if any
		damage       func(t *testing.T, x string)
	}{
		{"xlsx-open", "", func(t *testing.T, x string) { os.WriteFile(x, []byte("not a zip"), 0o644) }},
		{"xlsx-cover-first", "", func(t *testing.T, x string) {
			rewriteXLSX(t, x, "xl/workbook.xml", func(s string) string { return strings.Replace(s, `name="Cover"`, `name="Introduction"`, 1) })
		}},
		{"xlsx-sheet-names", "", func(t *testing.T, x string) {
			rewriteXLSX(t, x, "xl/workbook.xml", func(s string) string { return strings.Replace(s, `name="Notes"`, `name="Notes" state="hidden"`, 1) })
		}},
		{"xlsx-doc-props", "", func(t *testing.T, x string) {
			rewriteXLSX(t, x, "docProps/core.xml", func(s string) string { return strings.Replace(s, "<dc:language>en-GB</dc:language>", "", 1) })
		}},
		{"xlsx-contents-links", "", func(t *testing.T, x string) {
			rewriteXLSX(t, x, "xl/worksheets/sheet2.xml", func(s string) string {
				return strings.Replace(s, `<hyperlink ref="A4" location="&#39;Notes&#39;!A1"></hyperlink>`, "", 1)
			})
		}},
		{"xlsx-one-table", "", func(t *testing.T, x string) {
			rewriteXLSX(t, x, "xl/worksheets/_rels/sheet4.xml.rels", func(s string) string { return strings.Replace(s, "../tables/", "../elsewhere/", 1) })
		}},
		{"xlsx-table-anchor", "", func(t *testing.T, x string) {
			rewriteXLSX(t, x, "xl/tables/table3.xml", func(s string) string { return strings.Replace(s, `ref="A5:`, `ref="B5:`, 1) })
		}},
		{"xlsx-table-header", "", func(t *testing.T, x string) {
			rewriteXLSX(t, x, "xl/tables/table3.xml", func(s string) string { return strings.Replace(s, `name="publisher"`, `name="source_id"`, 1) })
		}},
		{"xlsx-title-a1", "A1", func(t *testing.T, x string) {
			rewriteXLSX(t, x, "xl/worksheets/sheet4.xml", func(s string) string { return strings.Replace(s, `r="A1"`, `r="C1"`, 1) })
		}},
	}
	var seeds []seeded
	for _, tt := range tests {
		seeds = append(seeds, seeded{tt.rule, "sources.xlsx", 0, tt.column, func(t *testing.T, dir string) {
			tt.damage(t, filepath.Join(dir, "sources.xlsx"))
		}})
	}
	expectFindings(t, seeds)
}

// One seeded defect per cell-level spreadsheet rule, in the data sheet of
// the real children_in_care.xlsx (row 7 is England's 2019 count, 78,140).
func TestExcelCellRules(t *testing.T) {
	t.Parallel()
	const sheet = "xl/worksheets/sheet4.xml"
	row7 := regexp.MustCompile(`<row r="7">.*?</row>`)
	tests := []struct {
		rule   string
		row    int
		column string
		part   string
		edit   func(string) string
	}{
		{"xlsx-merged-cells", 0, "A1:C1", sheet, func(s string) string {
			return strings.Replace(s, "</sheetData>", `</sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>`, 1)
		}},
		{"xlsx-hidden", 7, "", sheet, func(s string) string { return strings.Replace(s, `<row r="7">`, `<row r="7" hidden="1">`, 1) }},
		{"xlsx-blank-row", 7, "", sheet, func(s string) string { return row7.ReplaceAllString(s, `<row r="7"></row>`) }},
		{"xlsx-blank-column", 5, "O5", sheet, func(s string) string {
			return regexp.MustCompile(`<c r="O\d+"[^>]*>.*?</c>`).ReplaceAllString(s, "")
		}},
		{"xlsx-outside-table", 7, "P7", sheet, func(s string) string {
			return row7.ReplaceAllStringFunc(s, func(r string) string {
				return strings.TrimSuffix(r, "</row>") + `<c r="P7" t="inlineStr"><is><t>stray</t></is></c></row>`
			})
		}},
		{"xlsx-number-as-text", 7, "L7", sheet, func(s string) string {
			return strings.Replace(s, `<c r="L7"><v>3650</v></c>`, `<c r="L7" t="inlineStr"><is><t>3650</t></is></c>`, 1)
		}},
		{"xlsx-cursor-a1", 0, "B7", sheet, func(s string) string {
			return strings.Replace(s, `<sheetView workbookViewId="0">`, `<sheetView workbookViewId="0"><selection activeCell="B7" sqref="B7"/>`, 1)
		}},
		{"xlsx-rows", 0, "", "xl/tables/table3.xml", func(s string) string { return strings.ReplaceAll(s, ":O4988", ":O4987") }},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			t.Parallel() // each damages its own copy
			dir := copyRelease(t)
			rewriteXLSX(t, filepath.Join(dir, "children_in_care.xlsx"), tt.part, tt.edit)
			findings, err := validate.Dir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range findings {
				if f.Rule == tt.rule && f.File == "children_in_care.xlsx" && f.Row == tt.row && f.Column == tt.column {
					if tt.part == sheet && f.Sheet != "children_in_care" {
						t.Errorf("%s: sheet %q", f, f.Sheet)
					}
					return
				}
			}
			t.Errorf("no %s finding at row %d cell %q; got %v", tt.rule, tt.row, tt.column, findings)
		})
	}
}
