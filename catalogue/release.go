package catalogue

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/caredata/caredata/output"
)

// The files of a release the page is built from. They are named here
// rather than taken from package pipeline, which calls this package.
const (
	packageFile = "datapackage.json"
	reportFile  = "run.json"
	sourcesCSV  = "sources.csv"
)

// dataPackage is the part of datapackage.json the page reads.
type dataPackage struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Version  string `json:"version"`
	Created  string `json:"created"`
	Licenses []struct {
		Name  string `json:"name"`
		Path  string `json:"path"`
		Title string `json:"title"`
	} `json:"licenses"`
	Resources []resource `json:"resources"`
}

type resource struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Path        string `json:"path"`
	Format      string `json:"format"`
	Bytes       int64  `json:"bytes"`
	Schema      struct {
		Fields []struct {
			Name        string `json:"name"`
			Type        string `json:"type"`
			Title       string `json:"title"`
			Description string `json:"description"`
		} `json:"fields"`
		PrimaryKey []string `json:"primaryKey"`
	} `json:"schema"`
	Sources []struct {
		Title   string `json:"title"`
		Path    string `json:"path"`
		Version string `json:"version"`
	} `json:"sources"`
}

// runReport is run.json (pipeline.Report), read as published.
type runReport struct {
	RunID      string    `json:"run_id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Sources    []struct {
		ID     string `json:"source_id"`
		Path   string `json:"path"`
		Status string `json:"status"`
		Fetch  string `json:"fetch"`
	} `json:"sources"`
	Rows     map[string]int `json:"rows"`
	Previous string         `json:"previous_release"`
	Changes  []struct {
		Dataset  string `json:"dataset"`
		Before   int    `json:"rows_before"`
		After    int    `json:"rows_after"`
		Added    int    `json:"rows_added"`
		Removed  int    `json:"rows_removed"`
		Revised  int    `json:"values_revised"`
		Compared bool   `json:"compared_by_key"`
		NewInRun bool   `json:"new_dataset"`
	} `json:"changes"`
	Notes []string `json:"notes"`
}

// sourceRow is one row of sources.csv.
type sourceRow struct {
	ID, Publisher, Title, URL, Licence, Release, RetrievedAt string
}

// release is what the page knows of a release folder.
type release struct {
	dir     string
	pkg     dataPackage
	run     runReport
	sources []sourceRow // sources.csv in its order; nil when absent
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

// load reads datapackage.json, run.json and, when the release has it,
// sources.csv.
func load(dir string) (*release, error) {
	r := &release{dir: dir}
	if err := readJSON(filepath.Join(dir, packageFile), &r.pkg); err != nil {
		return nil, err
	}
	if err := readJSON(filepath.Join(dir, reportFile), &r.run); err != nil {
		return nil, err
	}
	if err := r.readSources(); err != nil {
		return nil, err
	}
	return r, nil
}

// readSources reads sources.csv, if the release has it, for the source
// lines of datasets and charts.
func (r *release) readSources() error {
	err := eachRow(filepath.Join(r.dir, sourcesCSV),
		[]string{"source_id", "publisher", "title", "url", "licence", "release", "retrieved_at"},
		func(v []string) error {
			r.sources = append(r.sources, sourceRow{v[0], v[1], v[2], v[3], v[4], v[5], v[6]})
			return nil
		})
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// source returns the sources.csv row with that id.
func (r *release) source(id string) (sourceRow, bool) {
	for _, s := range r.sources {
		if s.ID == id {
			return s, true
		}
	}
	return sourceRow{}, false
}

// has reports whether the release folder holds the file.
func (r *release) has(name string) bool {
	_, err := os.Stat(filepath.Join(r.dir, name))
	return err == nil
}

// eachRow streams a published CSV (UTF-8 with a byte-order mark) and calls
// fn with the named columns of every row, in the order asked. The slice is
// reused between calls. A missing column is an error naming the file.
func eachRow(path string, cols []string, fn func([]string) error) error {
	f, br, _, err := output.OpenCSV(path)
	if err != nil {
		return err
	}
	defer f.Close()
	name := filepath.Base(path)
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: header: %w", name, err)
	}
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = -1
		for j, h := range header {
			if h == c {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return fmt.Errorf("%s: no column %q (columns: %s)", name, c, strings.Join(header, ", "))
		}
	}
	vals := make([]string, len(cols))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for i, j := range idx {
			vals[i] = rec[j]
		}
		if err := fn(vals); err != nil {
			line, _ := cr.FieldPos(0)
			return fmt.Errorf("%s line %d: %w", name, line, err)
		}
	}
}
