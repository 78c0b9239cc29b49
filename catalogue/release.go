package catalogue

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/caredata/caredata/output"
	layout "github.com/caredata/caredata/release"
	"github.com/caredata/caredata/schemas"
)

// sourceRow is one row of sources.csv.
type sourceRow struct {
	ID, Publisher, Title, URL, Licence, Release, RetrievedAt string
}

// release is what the page knows of a release folder.
type release struct {
	dir     string
	pkg     layout.DataPackage
	run     layout.Report
	sources []sourceRow // sources.csv in its order; nil when absent
}

// load reads datapackage.json, run.json and, when the release has it,
// sources.csv.
func load(dir string) (*release, error) {
	r := &release{dir: dir}
	pkg, err := layout.ReadPackage(dir)
	if err != nil {
		return nil, err
	}
	run, err := layout.ReadReport(dir)
	if err != nil {
		return nil, err
	}
	r.pkg, r.run = *pkg, *run
	if err := r.readSources(); err != nil {
		return nil, err
	}
	return r, nil
}

// readSources reads sources.csv, if the release has it, for the source
// lines of datasets and charts.
func (r *release) readSources() error {
	src := schemas.SourcesCol
	err := eachRow(filepath.Join(r.dir, schemas.Sources.Name+".csv"),
		schemas.Sources.Names(src.SourceID, src.Publisher, src.Title, src.URL, src.Licence, src.Release, src.RetrievedAt),
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
