package ofsted

import (
	"strings"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/sheet"
)

// ErrMissingColumns means a sheet's header lacks columns the extractor
// needs (an *extract.LayoutError names the sheet, the header row found and
// the missing columns).
var ErrMissingColumns = extract.ErrUnknownLayout

// field is one column the extractor reads, under every name Ofsted has
// given it across releases.
type field struct {
	key      string
	names    []string // normalised header texts
	required bool
	// since is the first year whose register has the column: a register
	// of an earlier 31 March may lack it (2015 has no places, registers
	// before 2018 no owner, before 2019 no registration date), a later one
	// must have it, so a renamed header is still an error.
	since int
}

// needed reports whether a register of year must have the field.
func (f field) needed(year int) bool { return f.required && year >= f.since }

// judgementNames are the names of the latest full inspection's overall
// judgement: "overall effectiveness" until 2018, then "overall experiences
// and progress of children and young people", prefixed "latest full
// inspection" in some years.
var judgementNames = []string{
	"latest full inspection overall experiences and progress of children and young people",
	"overall experiences and progress of children and young people",
	"latest full inspection overall effectiveness",
	"overall effectiveness",
}

// providerFields are the columns of a register sheet: Providers+places
// (every registered provider) or, where only that survives, the
// Provider_level sheet (inspected providers, with their judgement).
// Address columns are deliberately absent: they are never read.
var providerFields = []field{
	{key: "urn", names: []string{"urn"}, required: true},
	{key: "type", names: []string{"provision type"}, required: true},
	{key: "registered", names: []string{"registration date"}, required: true, since: 2019},
	{key: "status", names: []string{"registration status", "reg status"}},
	{key: "name", names: []string{"name", "provider name", "setting name"}},
	// 2015's "Region" is Ofsted's region (it joins the North East with
	// Yorkshire and the Humber), not the Government Office Region.
	{key: "ofsted_region", names: []string{"ofsted region", "region"}},
	{key: "region", names: []string{"government office region"}, required: true, since: 2016},
	{key: "la", names: []string{"local authority"}, required: true},
	{key: "sector", names: []string{"sector"}, required: true},
	{key: "places", names: []string{"places"}, required: true, since: 2016},
	{key: "owner", names: []string{"organisation name", "organisation which owns the provider", "organisation"}, required: true, since: 2018},
	{key: "judgement", names: judgementNames},
}

// judgementFields are the columns read from the Provider_level sheet: the
// latest full inspection's overall judgement has had several names.
var judgementFields = []field{
	{key: "urn", names: []string{"urn"}, required: true},
	{key: "judgement", names: judgementNames, required: true},
}

// normHeader compares header texts without case, spacing or line breaks.
func normHeader(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// columns maps each field's key to its column index in a header row, and
// lists the names of the fields a register of year needs that it lacks.
func columns(header []sheet.Cell, fields []field, year int) (map[string]int, []string) {
	at := map[string]int{}
	for i, c := range header {
		h := normHeader(c.Text)
		for _, f := range fields {
			if _, done := at[f.key]; done {
				continue
			}
			for _, n := range f.names {
				if h == n {
					at[f.key] = i
				}
			}
		}
	}
	var missing []string
	for _, f := range fields {
		if _, ok := at[f.key]; !ok && f.needed(year) {
			missing = append(missing, f.names[0])
		}
	}
	return at, missing
}

// findHeader reads rows until one holds every required field, and returns
// the column map with the rows left positioned after the header. The
// header is found by its names, never by a fixed row number: Ofsted's
// title and note rows above it change from year to year.
func findHeader(file, sheetName string, rows sheet.Rows, fields []field, year int) (map[string]int, error) {
	var best []string
	bestRow, bestMissing := 0, len(fields)+1
	for n := 0; rows.Next(); n++ {
		row := rows.Row()
		at, missing := columns(row, fields, year)
		if len(missing) == 0 {
			return at, nil
		}
		if len(missing) < bestMissing && len(at) > 0 {
			bestMissing, bestRow = len(missing), rows.Number()
			best = nil
			for _, c := range row {
				best = append(best, c.Text)
			}
		}
		if n > 50 { // a header lower than this is not a header
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var missing []string
	for _, f := range fields {
		if f.needed(year) {
			missing = append(missing, f.names[0])
		}
	}
	if best != nil {
		_, missing = columns(cellsOf(best), fields, year)
	}
	return nil, &extract.LayoutError{File: file, Sheet: sheetName, Row: bestRow, Column: missing[0], Missing: missing, Found: best}
}

func cellsOf(texts []string) []sheet.Cell {
	out := make([]sheet.Cell, len(texts))
	for i, t := range texts {
		out[i] = sheet.Cell{Text: t, Kind: sheet.String}
	}
	return out
}

// record is a row under a header found by findHeader, read by field key.
type record struct {
	file, sheet string
	at          map[string]int
	rows        sheet.Rows
	row         []sheet.Cell
}

// get is the cell of a field, empty when the row is short or the sheet
// has no such column.
func (r *record) get(key string) sheet.Cell {
	if i, ok := r.at[key]; ok && i < len(r.row) {
		return r.row[i]
	}
	return sheet.Cell{}
}

// cellErr places err at the field's cell of the current row.
func (r *record) cellErr(key string, err error) error {
	return &sheet.CellError{File: r.file, Sheet: r.sheet, Row: r.rows.Number(), Column: sheet.ColumnName(r.at[key]), Err: err}
}
