// Package output writes published tables in the formats caredata's users
// read: Parquet for data engineers, EES-standard CSV (with a .meta.csv
// companion) for council analysts, and accessible Excel workbooks for
// journalists. Every format sits behind the one Writer interface and takes
// its columns from package schemas.
package output

import (
	"io"
	"strings"
	"time"

	"github.com/caredata/caredata/schemas"
)

// Format names a published file format.
type Format struct {
	Name      string // "parquet", "csv", "xlsx": the Frictionless format
	Ext       string // file name suffix after the dataset name, e.g. ".csv"
	MediaType string
}

// Formats published for every dataset.
var (
	Parquet = Format{Name: "parquet", Ext: ".parquet", MediaType: "application/vnd.apache.parquet"}
	CSV     = Format{Name: "csv", Ext: ".csv", MediaType: "text/csv"}
	MetaCSV = Format{Name: "csv", Ext: ".meta.csv", MediaType: "text/csv"}
	Excel   = Format{Name: "xlsx", Ext: ".xlsx", MediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
)

// Meta is what a writer needs to know about the release besides the rows:
// it goes into Parquet key-value metadata and the Excel cover sheet.
type Meta struct {
	ReleaseID string
	Created   time.Time
	Licence   string // e.g. "OGL-UK-3.0"
}

// Source describes one input file behind a table.
type Source struct {
	ID, Publisher, Title, URL, Release string
}

// LicenceURL is the Open Government Licence v3.0, the licence of every
// official statistic caredata republishes.
const LicenceURL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

// Writer writes one dataset in one format.
type Writer interface {
	Format() Format
	// Applies reports whether the format is published for the dataset
	// (a .meta.csv only exists for EES-shaped datasets).
	Applies(d *schemas.Dataset) bool
	// NeedsSummary reports whether Write must know the Summary before the
	// first batch: Excel states the number of rows above the table and
	// splits long tables across sheets. Such a writer is given rows that
	// can be read after they were all built (the written Parquet file).
	NeedsSummary() bool
	// Write writes every batch of rows to w, in order.
	Write(w io.Writer, rows Rows, m Meta) error
}

// Rows is one dataset's rows as batches.
type Rows interface {
	Dataset() *schemas.Dataset
	// Each calls fn with every batch in order; a batch is valid only
	// during the call. An error from fn stops Each and is returned.
	Each(fn func(schemas.Table) error) error
	// Summary returns the facts about all the rows, and whether they are
	// known yet: always after Each returns, and before it for rows that
	// were complete when handed over.
	Summary() (Summary, bool)
}

// Summary is what writers need to know about a whole table that no
// single batch tells.
type Summary struct {
	Rows int
	// Symbols are the symbols the CSV and Excel files show (see
	// schemas.StandardSymbol), column by column in first-seen order.
	Symbols []string
	// Sources are the input files the rows came from.
	Sources []Source
}

// Writers returns the writers of every published format, in the order
// their files are listed in a release.
func Writers() []Writer {
	return []Writer{ParquetWriter{}, CSVWriter{}, MetaCSVWriter{}, ExcelWriter{}}
}

// Tally gathers a Summary batch by batch, and the ids of the sources the
// rows name in their source id columns.
type Tally struct {
	rows    int
	symbols [][]string // per status column, first-seen order
	seen    []map[string]bool
	ids     map[string]bool
}

// Add counts one batch.
func (t *Tally) Add(b schemas.Table) {
	ds := b.Dataset
	if t.symbols == nil {
		t.symbols = make([][]string, len(ds.Columns))
		t.seen = make([]map[string]bool, len(ds.Columns))
		t.ids = map[string]bool{}
	}
	t.rows += b.Rows()
	r := schemas.NewReader(b)
	for j, c := range ds.Columns {
		switch {
		case c.Status:
			st := r.Status(j)
			if st == nil {
				continue
			}
			for i := 0; i < b.Rows(); i++ {
				if st.IsNull(i) {
					continue
				}
				s := schemas.StandardSymbol(st.Value(i))
				if t.seen[j] == nil {
					t.seen[j] = map[string]bool{}
				}
				if !t.seen[j][s] {
					t.seen[j][s] = true
					t.symbols[j] = append(t.symbols[j], s)
				}
			}
		case IsSourceColumn(ds, c):
			for i := 0; i < b.Rows(); i++ {
				if v := r.Value(i, j); v.Valid {
					t.ids[v.Str] = true
				}
			}
		}
	}
}

// IsSourceColumn reports whether a column holds the ids of the input files
// rows came from (source_id, old_source_id, new_source_id); the sources
// dataset's own id column lists every input, not where rows came from.
func IsSourceColumn(ds *schemas.Dataset, c schemas.Column) bool {
	return strings.HasSuffix(c.Name, "source_id") && ds.Name != schemas.Sources.Name
}

// Rows is the number of rows counted.
func (t *Tally) Rows() int { return t.rows }

// Symbols lists the symbols shown, column by column in first-seen order,
// each once.
func (t *Tally) Symbols() []string {
	var out []string
	seen := map[string]bool{}
	for _, col := range t.symbols {
		for _, s := range col {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// SourceIDs returns the ids named in the source id columns, and whether
// the dataset has such a column at all.
func (t *Tally) SourceIDs(ds *schemas.Dataset) (map[string]bool, bool) {
	for _, c := range ds.Columns {
		if IsSourceColumn(ds, c) {
			return t.ids, true
		}
	}
	return nil, false
}

// TableRows returns a complete table as Rows, one batch, with its Summary
// known up front; the rows came from sources.
func TableRows(t schemas.Table, sources ...Source) Rows {
	var tally Tally
	if t.Record != nil {
		tally.Add(t)
	}
	return &tableRows{t: t, sum: Summary{Rows: t.Rows(), Symbols: tally.Symbols(), Sources: sources}}
}

type tableRows struct {
	t   schemas.Table
	sum Summary
}

func (r *tableRows) Dataset() *schemas.Dataset { return r.t.Dataset }
func (r *tableRows) Summary() (Summary, bool)  { return r.sum, true }
func (r *tableRows) Each(fn func(schemas.Table) error) error {
	if r.t.Record == nil || r.t.Rows() == 0 {
		return nil
	}
	return fn(r.t)
}
