// Package repo finds the repository's root from a test, so that tests read
// real files by their place in the repository (sources/, testdata/) from
// whichever package they run in.
package repo

import (
	"errors"
	"os"
	"path/filepath"
)

// Root walks up from the working folder (a test's package folder) to the
// folder holding go.mod.
func Root() (string, error) {
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
			return "", errors.New("no go.mod above " + dir)
		}
		dir = parent
	}
}
