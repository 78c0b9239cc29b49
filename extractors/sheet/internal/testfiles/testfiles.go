// Package testfiles finds the real published spreadsheets the tests read.
// They are looked up by file name in the places the repository and the
// shared data directory keep them, since files move between the embedded
// sources and extractors' testdata as the project grows; a test whose file
// is nowhere to be found is skipped, not failed.
package testfiles

import (
	"os"
	"path/filepath"
	"testing"
)

// Ofsted's underlying data workbooks.
const (
	Ofsted2022ODS  = "Childrens_social_care_in_England_2022_underlying_data.ods"
	Ofsted2022XLSX = "Childrens_social_care_in_England_2022_underlying_data.xlsx"
	Ofsted2023ODS  = "Childrens_social_care_in_England_2023_underlying_data.ods"
	Ofsted2025ODS  = "Childrens_social_care_in_England_2025_underlying_data.ods"
)

// dirs are searched in order, relative to the module root.
var dirs = []string{
	"sources/ofsted",
	"extractors/ofsted/testdata",
	"../shared/data/ofsted",
	"../shared/data/mhclg-ro3",
}

// Path returns the path of the named file, or skips the test.
func Path(tb testing.TB, name string) string {
	tb.Helper()
	root, err := moduleRoot()
	if err != nil {
		tb.Fatal(err)
	}
	for _, d := range dirs {
		p := filepath.Join(root, d, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	tb.Skipf("%s not found under %s in %v", name, root, dirs)
	return ""
}

// moduleRoot walks up from the test's directory to the one holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
