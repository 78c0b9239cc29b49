package output

import (
	"encoding/json"
	"strings"

	"github.com/caredata/caredata/release"
	"github.com/caredata/caredata/schemas"
)

// File is one published file of a release, as datapackage.json lists it.
type File struct {
	Dataset *schemas.Dataset
	Format  Format
	Path    string // relative to the release folder, POSIX
	Bytes   int64
	SHA256  string // hex
}

// missingValues are how each format writes a null: CSV puts the EES symbol
// in the cell, Excel the bracketed GSS shorthand.
func missingValues(f Format) []string {
	codes := []string{"c", "k", "low", "u", "x", "z", "n", "Y", "M"}
	out := []string{""}
	for _, c := range codes {
		switch f {
		case CSV:
			out = append(out, c)
		case Excel:
			out = append(out, "["+c+"]")
		}
	}
	return out
}

// tableSchemaType maps a column type to the Frictionless Table Schema type.
func tableSchemaType(t schemas.Type) string {
	switch t {
	case schemas.Int32, schemas.Int64:
		return "integer"
	case schemas.Float64:
		return "number"
	case schemas.Date32:
		return "date"
	case schemas.Timestamp:
		return "datetime"
	case schemas.Bool:
		return "boolean"
	}
	return "string"
}

// schemaFor describes a file's columns: Parquet has the _status
// companions, CSV and Excel do not.
func schemaFor(f File) release.TableSchema {
	s := release.TableSchema{MissingValues: missingValues(f.Format)}
	if f.Format == MetaCSV {
		for _, h := range MetaHeader {
			s.Fields = append(s.Fields, release.Field{Name: h, Type: "string"})
		}
		s.MissingValues = []string{""}
		return s
	}
	for _, c := range f.Dataset.Columns {
		s.Fields = append(s.Fields, release.Field{Name: c.Name, Type: tableSchemaType(c.Type), Title: c.Label, Description: c.Description})
		if c.Status && f.Format == Parquet {
			s.Fields = append(s.Fields, release.Field{Name: c.StatusName(), Type: "string", Title: c.Label + " (symbol)",
				Description: "The source's symbol when " + c.Name + " is null (c confidential, x not available, z not applicable, ...)"})
		}
	}
	return s
}

// DataPackage returns the release's datapackage.json (Frictionless Data
// Package v2): one resource per file, with size, sha256 and schema; all
// are the release's sources, and sourcesByDataset those each dataset's
// rows came from.
func DataPackage(files []File, m Meta, all []Source, sourcesByDataset map[string][]Source) ([]byte, error) {
	dp := release.DataPackage{
		Schema:   "https://datapackage.org/profiles/2.0/datapackage.json",
		Name:     "caredata-childrens-social-care-england",
		ID:       "caredata-" + m.ReleaseID,
		Title:    "Children's social care in England: open data from caredata",
		Version:  m.ReleaseID,
		Created:  m.Created.UTC().Format("2006-01-02T15:04:05Z"),
		Licenses: []release.Licence{{Name: m.Licence, Path: LicenceURL, Title: "Open Government Licence v3.0"}},
		// Frictionless wants arrays here, never null.
		Sources:   []release.Source{},
		Resources: []release.Resource{},
	}
	for _, s := range all {
		dp.Sources = append(dp.Sources, release.Source{Title: s.Publisher + ": " + s.Title, Path: s.URL, Version: s.Release})
	}
	for _, f := range files {
		r := release.Resource{
			Name:        strings.ReplaceAll(f.Dataset.Name+strings.ReplaceAll(f.Format.Ext, ".", "_"), "-", "_"),
			Type:        "table",
			Title:       f.Dataset.Title,
			Description: f.Dataset.Description,
			Path:        f.Path,
			Format:      f.Format.Name,
			MediaType:   f.Format.MediaType,
			Bytes:       f.Bytes,
			Hash:        "sha256:" + f.SHA256,
			Schema:      schemaFor(f),
		}
		if f.Format == CSV || f.Format == MetaCSV {
			r.Encoding = "utf-8"
			r.Description += " UTF-8 with a byte-order mark, as Explore Education Statistics files are, so that Excel reads it correctly."
			r.Dialect = map[string]any{"delimiter": ",", "lineTerminator": "\n", "quoteChar": "\"", "header": true}
		}
		if f.Format == MetaCSV {
			r.Title += " (EES metadata)"
		}
		for _, s := range sourcesByDataset[f.Dataset.Name] {
			r.Sources = append(r.Sources, release.Source{Title: s.Publisher + ": " + s.Title, Path: s.URL, Version: s.Release})
		}
		dp.Resources = append(dp.Resources, r)
	}
	return json.MarshalIndent(dp, "", "  ")
}
