// Package output writes published tables in the formats caredata's users
// read: Parquet for data engineers, EES-standard CSV (with a .meta.csv
// companion) for council analysts, and accessible Excel workbooks for
// journalists. Every format sits behind the one Writer interface and takes
// its columns from package schemas.
package output

import (
	"io"
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
	Sources   []Source
}

// Source describes one input file behind a table.
type Source struct {
	ID, Publisher, Title, URL, Release string
}

// LicenceURL is the Open Government Licence v3.0, the licence of every
// official statistic caredata republishes.
const LicenceURL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

// Writer writes one table in one format.
type Writer interface {
	Format() Format
	// Applies reports whether the format is published for the dataset
	// (a .meta.csv only exists for EES-shaped datasets).
	Applies(d *schemas.Dataset) bool
	Write(w io.Writer, t schemas.Table, m Meta) error
}

// Writers returns the writers of every published format, in the order
// their files are listed in a release.
func Writers() []Writer {
	return []Writer{ParquetWriter{}, CSVWriter{}, MetaCSVWriter{}, ExcelWriter{}}
}

// symbolsUsed lists, in first-seen order, the symbols a table's CSV and
// Excel files show (see schemas.StandardSymbol).
func symbolsUsed(t schemas.Table) []string {
	r := schemas.NewReader(t)
	seen := map[string]bool{}
	var out []string
	for j, c := range t.Dataset.Columns {
		if !c.Status {
			continue
		}
		for i := 0; i < t.Rows(); i++ {
			if v := r.Value(i, j); !v.Valid && v.Status != "" {
				if s := schemas.StandardSymbol(v.Status); !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
	}
	return out
}
