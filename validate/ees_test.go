package validate_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/caredata/caredata/sources"
	"github.com/caredata/caredata/validate"
)

// Rows of the real children_in_care.csv the seeded defects edit.
const (
	natRow = "2019,Reporting year,National,E92000001,England,,,,,,Children looked after on 31 March each year,78140,66,11755593,dfe-cla-2023"
	laRow  = "2019,Reporting year,Local authority,E92000001,England,E12000001,North East,E08000037,390,Gateshead,Children ceasing to be looked after each year,185,47,39004,dfe-cla-2023"
	cic    = "children_in_care.csv"
	cicMet = "children_in_care.meta.csv"
	// natLine is natRow's line: after the header, 1,470 rows of 2010 to
	// 2018 and England's 2019 ceasing row. lastLine+1 is the line a row
	// appended to the file takes.
	natLine  = 1 + 1470 + 2
	lastLine = 1 + 4983
)

func replaceIn(file, old, new string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		edit(t, dir, file, func(s string) string { return strings.Replace(s, old, new, 1) })
	}
}

func appendTo(file, line string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		edit(t, dir, file, func(s string) string { return s + line + "\n" })
	}
}

// sourceIDs matches the source_id at the end of a children_in_care row.
var sourceIDs = regexp.MustCompile(`,dfe-cla-[0-9a-z-]+\r?\n`)

// One seeded defect per EES screener rule, each made from the real
// children_in_care files of a good release.
func TestEESRules(t *testing.T) {
	t.Parallel()
	tests := []seeded{
		{"ees-filename", "Children_in_care.csv", 0, "", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, cic))
			os.WriteFile(filepath.Join(dir, "Children_in_care.csv"), b, 0o644)
		}},
		{"ees-meta-missing", cicMet, 0, "", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, cic)) }},
		{"ees-col-name", cic, 1, "measure type", replaceIn(cic, ",measure,", ",measure type,")},
		{"ees-col-snake-case", cic, 1, "SourceId", replaceIn(cic, ",source_id\n", ",SourceId\n")},
		{"ees-col-required", cic, 1, "country_name", replaceIn(cic, ",country_name,", ",country,")},
		{"ees-meta-columns", cicMet, 1, "hint", replaceIn(cicMet, ",filter_hint,", ",hint,")},
		{"ees-meta-col-name", cicMet, 6, "col_name", replaceIn(cicMet, "\nsource_id,", "\nregion_code,")},
		{"ees-meta-col-type", cicMet, 2, "col_type", replaceIn(cicMet, "measure,Filter,", "measure,Dimension,")},
		{"ees-meta-label", cicMet, 4, "label", replaceIn(cicMet, `"Rate per 10,000 children"`, "Number of children")},
		{"ees-meta-filter-fields", cicMet, 2, "indicator_dp", replaceIn(cicMet, "measure,Filter,Measure,,,,", "measure,Filter,Measure,,,0,")},
		{"ees-meta-unit", cicMet, 3, "indicator_unit", replaceIn(cicMet, "Number of children,,,0", "Number of children,,children,0")},
		{"ees-meta-dp", cicMet, 3, "indicator_dp", replaceIn(cicMet, "Number of children,,,0", "Number of children,,,-1")},
		{"ees-meta-dp-set", cicMet, 3, "indicator_dp", replaceIn(cicMet, "Number of children,,,0", "Number of children,,,")},
		{"ees-meta-grouping", cicMet, 2, "filter_grouping_column", replaceIn(cicMet, "Filter by measure,,", "Filter by measure,measure_group,")},
		{"ees-data-not-in-meta", cic, 1, "source_id", replaceIn(cicMet, "source_id,Filter,Source file,,,,Filter by source file,,dfe-cla-2025\n", "")},
		{"ees-time-period", cic, natLine, "time_period", replaceIn(cic, natRow, "2019/20"+strings.TrimPrefix(natRow, "2019"))},
		{"ees-time-identifier", cic, natLine, "time_identifier", replaceIn(cic, natRow, strings.Replace(natRow, "Reporting year", "Calendar year", 1))},
		{"ees-geog-level", cic, natLine, "geographic_level", replaceIn(cic, natRow, strings.Replace(natRow, "National", "Nation", 1))},
		{"ees-geog-columns", cic, natLine, "ward_code", replaceIn(cic, natRow, strings.Replace(natRow, "National", "Ward", 1))},
		{"ees-geog-completed", cic, 0, "la_name", replaceIn(cic, laRow, strings.Replace(laRow, "Gateshead", "", 1))},
		{"ees-geog-overcompleted", cic, natLine, "region_code", replaceIn(cic, natRow, strings.Replace(natRow, "England,,,", "England,E12000001,North East,", 1))},
		{"ees-geog-combos", cic, 0, "la_name", replaceIn(cic, laRow, strings.Replace(laRow, "Gateshead", "Gateshed", 1))},
		{"ees-geog-region-for-la", cic, 0, "region_code", replaceIn(cic, laRow, strings.Replace(laRow, "E12000001,North East", ",", 1))},
		{"ees-filter-blank", cic, natLine, "measure", replaceIn(cic, natRow, strings.Replace(natRow, "Children looked after on 31 March each year", "", 1))},
		{"ees-filter-whitespace", cic, natLine, "measure", replaceIn(cic, natRow, strings.Replace(natRow, "each year", "each year ", 1))},
		{"ees-filter-singular", cic, 1, "source_id", func(t *testing.T, dir string) {
			edit(t, dir, cic, func(s string) string { return sourceIDs.ReplaceAllString(s, ",dfe-cla-2025\n") })
		}},
		{"ees-filter-default", cicMet, 0, "filter_default", replaceIn(cicMet, "Filter by measure,,Children looked after on 31 March each year", "Filter by measure,,Children in care")},
		{"ees-indicator-value", cic, natLine, "children_count", replaceIn(cic, natRow, strings.Replace(natRow, "78140", "~", 1))},
		{"ees-null", cic, natLine, "children_count", replaceIn(cic, natRow, strings.Replace(natRow, "78140", "NA", 1))},
		{"ees-duplicate-row", cic, lastLine + 1, "", appendTo(cic, natRow)},
		{"ees-empty", cic, lastLine + 1, "", appendTo(cic, ",,,,,,,,,,,,,,")},
		{"ees-api-limits", cic, natLine, "measure", replaceIn(cic, natRow, strings.Replace(natRow, "each year", strings.Repeat("etc", 45), 1))},
	}
	covered := expectFindings(t, tests)
	for rule := range validate.Rules {
		if strings.HasPrefix(rule, "ees-") && !covered[rule] {
			t.Errorf("rule %s has no failing example", rule)
		}
	}
}

// copyDfE writes a real EES file from DfE into a folder, as a council
// would hold it, with a .meta.csv describing its filter and indicators
// (the EES download's meta file is not among the vendored sources).
func copyDfE(t *testing.T) string {
	dir := t.TempDir()
	b, err := sources.FS.ReadFile("dfe/cla_number_and_rate_per_10k_children_2021_to_2025.csv")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "cla_number_and_rate_per_10k_children.csv"), b, 0o644)
	os.WriteFile(filepath.Join(dir, "cla_number_and_rate_per_10k_children.meta.csv"), []byte(
		"col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column\n"+
			"population_type,Filter,Population type,,,,Filter by population type,\n"+
			"population_estimate,Indicator,Population estimate,,,0,,\n"+
			"children_count,Indicator,Number of children,,,0,,\n"+
			`rate_per_10000,Indicator,"Rate per 10,000 children",,,0,,`+"\n"), 0o644)
	return dir
}

// A folder of EES files that is not a release: DfE's own file passes the
// row checks (time, geography against DfE's lookups, indicators,
// duplicates), and the release-only rules are not applied.
func TestCouncilFolder(t *testing.T) {
	t.Parallel()
	dir := copyDfE(t)
	if validate.IsRelease(dir) {
		t.Fatal("a folder of CSV files taken for a release")
	}
	findings, err := validate.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if errs := validate.Errors(findings); len(errs) > 0 {
		t.Errorf("DfE's file fails: %v", errs)
	}
	var warned []string
	for _, f := range findings {
		warned = append(warned, f.Rule+" "+f.Column)
	}
	// DfE's file has one filter, without a Total: advice, not an error.
	if strings.Join(warned, ";") != "ees-filter-default population_type" {
		t.Errorf("warnings %v", warned)
	}

	// A data file with no .meta.csv, and one with a misspelt authority.
	os.Remove(filepath.Join(dir, "cla_number_and_rate_per_10k_children.meta.csv"))
	edit(t, dir, "cla_number_and_rate_per_10k_children.csv", func(s string) string {
		return strings.Replace(s, ",Hartlepool,", ",Hartlepol,", 1)
	})
	findings, _ = validate.Dir(dir)
	if len(findings) != 1 || findings[0].Rule != "ees-meta-missing" {
		t.Errorf("without meta: %v", findings)
	}
	dir = copyDfE(t)
	edit(t, dir, "cla_number_and_rate_per_10k_children.csv", func(s string) string {
		return strings.Replace(s, ",Hartlepool,", ",Hartlepol,", 1)
	})
	findings, _ = validate.Dir(dir)
	errs := validate.Errors(findings)
	if len(errs) != 1 || errs[0].Rule != "ees-geog-combos" || errs[0].Row < 2 {
		t.Errorf("misspelt authority: %v", errs)
	}
}
