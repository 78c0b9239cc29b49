// Package release declares, once, what a published caredata release is on
// disk: the output folder's layout (releases/<id>/, the latest link, the
// lock, the raw store), the names of the files every release holds, and
// the shapes of run.json ([Report]) and datapackage.json ([DataPackage]).
// The pipeline writes them; the catalogue, the validator and the server
// read them through the same types, so a field cannot drift between a
// writer and a reader. It imports only the standard library.
package release

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Layout of the output root.
const (
	// ReleasesDir holds one folder per release, named by its id.
	ReleasesDir = "releases"
	// LatestLink is a symbolic link to releases/<id> of the newest release.
	LatestLink = "latest"
	// LockFile is the lock a run holds on the output root.
	LockFile = ".lock"
	// RawDir is the content-addressed store of every input a release was
	// built from: raw/<sha256>.
	RawDir = "raw"
	// StagingPrefix starts the hidden folder a release is written into
	// before it is renamed into place.
	StagingPrefix = ".staging-"
)

// Files every release holds besides the datasets.
const (
	SumsFile    = "SHA256SUMS"
	PackageFile = "datapackage.json"
	ReportFile  = "run.json"
	PageFile    = "index.html"
)

// Latest returns the id of the release out/latest points at, or "" when
// nothing has been published.
func Latest(out string) (string, error) {
	target, err := os.Readlink(filepath.Join(out, LatestLink))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return filepath.Base(target), nil
}

// Dir is the folder of release id under out.
func Dir(out, id string) string { return filepath.Join(out, ReleasesDir, id) }

// Report is run.json: what a release was built from and what changed.
type Report struct {
	RunID      string           `json:"run_id"`
	StartedAt  time.Time        `json:"started_at"`
	FinishedAt time.Time        `json:"finished_at"`
	Inputs     string           `json:"inputs_sha256"` // digest of every source id and sha256
	Sources    []ReportSource   `json:"sources"`
	Datasets   map[string]int   `json:"rows"`
	Previous   string           `json:"previous_release,omitempty"`
	Changes    []DatasetChanges `json:"changes,omitempty"`
	Notes      []string         `json:"notes,omitempty"`
}

// ReportSource is one input as the run used it.
type ReportSource struct {
	ID     string `json:"source_id"`
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
	// Status is new (not in the previous release), changed or unchanged.
	Status string `json:"status"`
	// Fetch is what fetching did (fetched, changed, unchanged, stale);
	// empty when the source was not fetched.
	Fetch string `json:"fetch,omitempty"`
}

// DatasetChanges compares a dataset with the previous release: rows
// before and after, and by key the rows added and removed and the values
// a kept row changed.
type DatasetChanges struct {
	Dataset  string `json:"dataset"`
	Before   int    `json:"rows_before"`
	After    int    `json:"rows_after"`
	Added    int    `json:"rows_added"`
	Removed  int    `json:"rows_removed"`
	Revised  int    `json:"values_revised"`
	Compared bool   `json:"compared_by_key"`
	NewInRun bool   `json:"new_dataset,omitempty"`
}

// ReadReport reads run.json of the release in dir.
func ReadReport(dir string) (*Report, error) {
	var r Report
	if err := readJSON(filepath.Join(dir, ReportFile), &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// DataPackage is datapackage.json (Frictionless Data Package v2): one
// resource per file of the release, with size, sha256 and schema.
type DataPackage struct {
	Schema    string     `json:"$schema"`
	Name      string     `json:"name"`
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Version   string     `json:"version"`
	Created   string     `json:"created"`
	Licenses  []Licence  `json:"licenses"`
	Sources   []Source   `json:"sources"`
	Resources []Resource `json:"resources"`
}

// Licence is a data package licence.
type Licence struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Title string `json:"title"`
}

// Source is a data package source: a publisher's file.
type Source struct {
	Title   string `json:"title"`
	Path    string `json:"path"`
	Version string `json:"version,omitempty"`
}

// Resource is one file of the release.
type Resource struct {
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Path        string         `json:"path"`
	Format      string         `json:"format"`
	MediaType   string         `json:"mediatype"`
	Encoding    string         `json:"encoding,omitempty"`
	Bytes       int64          `json:"bytes"`
	Hash        string         `json:"hash"`
	Dialect     map[string]any `json:"dialect,omitempty"`
	Schema      TableSchema    `json:"schema"`
	Sources     []Source       `json:"sources,omitempty"`
}

// TableSchema is a resource's Frictionless table schema.
type TableSchema struct {
	Fields        []Field  `json:"fields"`
	MissingValues []string `json:"missingValues"`
	PrimaryKey    []string `json:"primaryKey,omitempty"`
}

// Field is one column of a table schema.
type Field struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
}

// ReadPackage reads datapackage.json of the release in dir.
func ReadPackage(dir string) (*DataPackage, error) {
	var p DataPackage
	if err := readJSON(filepath.Join(dir, PackageFile), &p); err != nil {
		return nil, err
	}
	return &p, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return nil
}
