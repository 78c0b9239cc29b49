package validate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caredata/caredata/internal/testrelease"
	layout "github.com/caredata/caredata/release"
	"github.com/caredata/caredata/validate"
)

// stagedRows reads the rows per dataset as the run states them in run.json.
func stagedRows(t *testing.T, dir string) map[string]int {
	t.Helper()
	r, err := layout.ReadReport(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r.Datasets
}

// The gate a run applies before publishing reads back what users' tools
// read (workbooks cell by cell, Parquet with the Arrow reader, EES files
// with the screener's rules) and leaves out what the writers guarantee by
// construction (files' hashes, the encoding of CSVs no EES rule reads).
func TestStaged(t *testing.T) {
	good := testrelease.Dir(t)
	rows := stagedRows(t, good)
	findings, err := validate.Staged(good, rows)
	if err != nil {
		t.Fatal(err)
	}
	// One warning is by design: a dataset from one source file (fostering)
	// has one source_id, a filter EES forbids, so its .meta.csv leaves the
	// column out and the screener's rule warns that EES will ignore it.
	var unexpected []validate.Finding
	for _, f := range findings {
		if !(f.Warning && f.Rule == "ees-data-not-in-meta" && f.Column == "source_id") {
			unexpected = append(unexpected, f)
		}
	}
	if len(unexpected) > 0 {
		t.Fatalf("the shared release fails the gate: %v", unexpected)
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
		rule   string // "" when the gate, by design, does not look
	}{
		{"a hidden row in a workbook", func(t *testing.T, dir string) {
			rewriteXLSX(t, filepath.Join(dir, "revisions.xlsx"), "xl/worksheets/sheet4.xml", func(s string) string {
				return strings.Replace(s, `<row r="7"`, `<row r="7" hidden="1"`, 1)
			})
		}, "xlsx-hidden"},
		{"a Parquet file that does not read", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "sources.parquet"), []byte("not parquet"), 0o644)
		}, "parquet-read"},
		{"a Parquet file of another dataset", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "claims.parquet"))
			os.WriteFile(filepath.Join(dir, "claim_checks.parquet"), b, 0o644)
		}, "parquet-schema"},
		{"an EES code-name pair not in DfE's lookup", func(t *testing.T, dir string) {
			edit(t, dir, "children_in_care.csv", func(s string) string { return strings.Replace(s, ",Hartlepool,", ",Hartlepol,", 1) })
		}, "ees-geog-combos"},
		// The CSV writer writes one field per column: a hand-damaged file
		// is the validator's business (validate.Dir), not the gate's.
		{"a ragged row in la_spend.csv", func(t *testing.T, dir string) {
			edit(t, dir, "la_spend.csv", func(s string) string { return strings.Replace(s, "\n", ",extra\n", 2) })
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testrelease.Copy(t)
			tt.damage(t, dir)
			findings, err := validate.Staged(dir, rows)
			if err != nil {
				t.Fatal(err)
			}
			if tt.rule == "" {
				if len(validate.Errors(findings)) > 0 {
					t.Errorf("the gate read what it trusts: %v", findings)
				}
				full, _ := validate.Dir(dir)
				if len(validate.Errors(full)) == 0 {
					t.Error("validate.Dir missed the damage too")
				}
				return
			}
			for _, f := range findings {
				if f.Rule == tt.rule {
					return
				}
			}
			t.Errorf("no %s finding: %v", tt.rule, findings)
		})
	}
}
