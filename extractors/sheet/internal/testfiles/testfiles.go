// Package testfiles finds the real published spreadsheets the tests read.
// Every one is kept in the repository (the embedded sources, or an
// extractor's testdata), so that the tests read the same bytes on every
// clone; a file that is missing fails the test, since a skipped test
// would pass on a clone where it checks nothing.
package testfiles

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/caredata/caredata/internal/repo"
)

// Ofsted's underlying data workbooks.
const (
	Ofsted2022ODS  = "Childrens_social_care_in_England_2022_underlying_data.ods"
	Ofsted2022XLSX = "Childrens_social_care_in_England_2022_underlying_data.xlsx"
	Ofsted2023ODS  = "Childrens_social_care_in_England_2023_underlying_data.ods"
	Ofsted2025ODS  = "Childrens_social_care_in_England_2025_underlying_data.ods"
)

// MHCLG's revenue outturn (RO3) workbooks.
const (
	RO3202223 = "RO3_2022-23_data_by_LA.ods"
	RO3202324 = "RO3_2023-24_data_by_LA.ods"
	RO3202425 = "RO3_LA_Data_2024-25_data_by_LA.ods"
)

// dirs holds each file's folder, relative to the module root.
var dirs = map[string]string{
	Ofsted2022ODS:  "sources/ofsted",
	Ofsted2022XLSX: "extractors/ofsted/testdata",
	Ofsted2023ODS:  "sources/ofsted",
	Ofsted2025ODS:  "sources/ofsted",
	RO3202223:      "sources/mhclg",
	RO3202324:      "sources/mhclg",
	RO3202425:      "sources/mhclg",
}

// Path returns the path of the named file in the repository, failing the
// test if the name is unknown or the file is missing.
func Path(tb testing.TB, name string) string {
	tb.Helper()
	dir, ok := dirs[name]
	if !ok {
		tb.Fatalf("testfiles: no real file named %q", name)
	}
	root, err := repo.Root()
	if err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(root, dir, name)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("testfiles: %s is missing from the repository: %v", filepath.Join(dir, name), err)
	}
	return p
}
