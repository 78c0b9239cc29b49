// Package fostering reads Ofsted's "Fostering in England" dataset workbook
// and publishes the fostering dataset: children placed, approved carers,
// approved households and foster places on 31 March, for England as a
// whole and for local authority and independent fostering agencies apart.
//
// The numbers come from the sheet "Trend Data 2012-18" (any sheet whose
// name starts "Trend Data"): three blocks of columns under the titles
// England, Local Authority Fostering Agencies and Independent Fostering
// Agencies, each a column per year (2012-13 … 2017-18), and one row per
// item, labelled in the column headed "Data". Blocks, years and rows are
// found by those texts, never by position, so a workbook that moves them
// is read the same and one that renames them fails with a LayoutError
// naming the file, sheet, row and column.
//
// Only the items counted on 31 March are published (tables), so that
// time_period is one EES "Reporting year": the year ending 31 March, 2018
// for 2017-18. Ofsted's in-year items (enquiries, approvals, allegations)
// are not. Ofsted's ".." (absent: not supplied, or not collected that
// year) becomes EES x, its "~" (not applicable) z, and a blank cell x: a
// missing figure stays null with its symbol and is never filled in.
package fostering

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/open"
	"github.com/caredata/caredata/schemas"
)

// Extractor publishes fostering.
type Extractor struct{}

// Name is the manifest's extractor key.
func (Extractor) Name() string { return "fostering" }

// Datasets is fostering.
func (Extractor) Datasets() []*schemas.Dataset { return []*schemas.Dataset{&schemas.Fostering} }

// SheetPrefix starts the name of the trend sheet ("Trend Data 2012-18");
// the years after it change with each release.
const SheetPrefix = "Trend Data"

// LabelHeader heads the column of row labels on the row of year headers.
const LabelHeader = "Data"

// Block is one of the trend sheet's column blocks: its title on the sheet
// and the agency type it is published as.
type Block struct {
	Title  string
	Agency string
}

// Blocks are the three column blocks, England first: every share is of
// England's figure.
var Blocks = []Block{
	{"England", schemas.AgencyAll},
	{"Local Authority Fostering Agencies", schemas.AgencyLocal},
	{"Independent Fostering Agencies", schemas.AgencyIndependent},
}

// Item is a row of the trend sheet that is published: its label in the
// "Data" column and the measure it is published as.
type Item struct {
	Label   string
	Measure string
}

// Items are the rows published, all counts on 31 March, in the order the
// dataset gives them. The labels are Ofsted's, compared without regard to
// case or runs of spaces (the sheet has "Total approved carers ").
var Items = []Item{
	{"Number of children/young people in placements (at 31 March)", schemas.MeasureFosterChildren},
	{"Total approved carers", schemas.MeasureFosterCarers},
	{"Total approved households", schemas.MeasureFosterHouseholds},
	{"Number of households approved for one CYP", schemas.MeasureHouseholdsForOne},
	{"Number of households approved for two CYP", schemas.MeasureHouseholdsForTwo},
	{"Number of households approved for three CYP", schemas.MeasureHouseholdsForThree},
	{"Number of households approved for four or more CYP", schemas.MeasureHouseholdsForFour},
	{"Number of approved foster places", schemas.MeasureFosterPlaces},
	{"Number of filled places", schemas.MeasureFilledPlaces},
	{"Number of vacant places", schemas.MeasureVacantPlaces},
	{"Number of places not available", schemas.MeasureUnavailablePlaces},
}

// symbols are Ofsted's markers (Notes sheet of the workbook) and the EES
// symbols they are published as.
var symbols = map[string]string{
	"..": "x", // absent: not supplied, not collected, or not comparable
	"~":  "z", // not applicable (or unknown)
	"":   "x", // a cell left blank: no figure is given
}

// ErrBadValue means a cell of a published row holds neither a whole
// number nor one of Ofsted's markers.
var ErrBadValue = errors.New("not a whole number, '..' or '~'")

// maxRows bounds the rows read from the trend sheet (it has 166): a
// sheet of a million rows is not this table.
const maxRows = 10000

// Row is one row of a sheet as Parse reads it: its 1-based number in the
// sheet and its cells from column A.
type Row struct {
	Number int
	Cells  []sheet.Cell
}

// Extract reads each workbook's trend sheet. Two workbooks giving the same
// year are an error: which to publish would be a guess.
func (Extractor) Extract(ctx context.Context, env extract.Env, in []extract.Input) error {
	b, err := env.Out.Open(&schemas.Fostering)
	if err != nil {
		return err
	}
	seen := map[int64]string{}
	for _, i := range extract.Own(in) {
		if err := ctx.Err(); err != nil {
			return err
		}
		name, rows, err := ReadSheet(i.Source.Path, i.Data)
		if err != nil {
			return err
		}
		out, err := Parse(i.Source.ID, i.Source.Path, name, rows)
		if err != nil {
			return err
		}
		years := map[int64]bool{}
		for _, r := range out {
			years[r.TimePeriod.Int] = true
		}
		for y := range years {
			if prev, dup := seen[y]; dup {
				return fmt.Errorf("%s and %s both give fostering on 31 March %d", prev, i.Source.Path, y)
			}
			seen[y] = i.Source.Path
		}
		for _, r := range out {
			if err := r.AppendTo(b); err != nil {
				return err
			}
		}
		if n, most := Mismatches(out); n > 0 {
			cells := len(out) / len(Blocks)
			env.Notef("fostering: in %s, local authority and independent agencies' figures add up to England's in %d of %d cases and differ by at most %d in %d: Ofsted rounds every figure to the nearest 5",
				i.Source.Path, cells-n, cells, most, n)
		}
	}
	return nil
}

// ReadSheet opens a workbook and reads its trend sheet's rows.
func ReadSheet(file string, data []byte) (string, []Row, error) {
	wb, err := open.Open(file, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", nil, err
	}
	defer wb.Close()
	var name string
	for _, s := range wb.Sheets() {
		if strings.HasPrefix(strings.TrimSpace(s), SheetPrefix) {
			if name != "" {
				return "", nil, &extract.LayoutError{File: file, Sheet: s, Detail: fmt.Sprintf("two sheets start %q: %q and %q", SheetPrefix, name, s)}
			}
			name = s
		}
	}
	if name == "" {
		return "", nil, &extract.LayoutError{File: file, Detail: fmt.Sprintf("no sheet named %q…", SheetPrefix), Found: wb.Sheets()}
	}
	rs, err := wb.Rows(name)
	if err != nil {
		return "", nil, err
	}
	defer rs.Close()
	var rows []Row
	for rs.Next() {
		if len(rows) == maxRows {
			return "", nil, &extract.LayoutError{File: file, Sheet: name, Row: rs.Number(), Detail: fmt.Sprintf("more than %d rows: not the trend table", maxRows)}
		}
		rows = append(rows, Row{Number: rs.Number(), Cells: rs.Row()})
	}
	if err := rs.Err(); err != nil {
		return "", nil, err
	}
	return name, rows, nil
}

// norm is a label as compared: trimmed, spaces collapsed, lower case.
func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// text is cell j of a row, or "" beyond its end.
func text(cells []sheet.Cell, j int) string {
	if j < 0 || j >= len(cells) {
		return ""
	}
	return cells[j].Text
}

// span is a block's place on the sheet: its first column and years.
type span struct {
	block Block
	col   int
	years []int // the year each column ends in: 2013 for 2012-13
}

// Parse reads the trend sheet's rows (file and sheet name its messages)
// into the dataset's rows: for each year, each item of Items, and each
// block of Blocks.
func Parse(sourceID, file, sheetName string, rows []Row) ([]*schemas.FosteringRow, error) {
	layoutErr := func(row int, column string, detail string) error {
		return &extract.LayoutError{File: file, Sheet: sheetName, Row: row, Column: column, Detail: detail}
	}
	// The titles row: the first holding all three block titles. Where
	// none does, the row holding most of them is named.
	titleAt, best, bestFound := -1, -1, 0
	var cols []int
	for k, r := range rows {
		found, at := 0, make([]int, len(Blocks))
		for b := range Blocks {
			at[b] = -1
			for j, c := range r.Cells {
				if norm(c.Text) == norm(Blocks[b].Title) {
					at[b] = j
					found++
					break
				}
			}
		}
		if found == len(Blocks) {
			titleAt, cols = k, at
			break
		}
		if found > bestFound {
			best, bestFound = k, found
		}
	}
	if titleAt < 0 {
		var missing, found []string
		row := 0
		if best >= 0 {
			row = rows[best].Number
			for _, c := range rows[best].Cells {
				if c.Text != "" {
					found = append(found, c.Text)
				}
			}
		}
		for _, b := range Blocks {
			if best < 0 || !rowHas(rows[best].Cells, b.Title) {
				missing = append(missing, b.Title)
			}
		}
		return nil, &extract.LayoutError{File: file, Sheet: sheetName, Row: row, Column: missing[0], Missing: missing, Found: found,
			Detail: "no row holds the three block titles"}
	}
	// The year headers are on the next row, with "Data" over the labels.
	if titleAt+1 >= len(rows) {
		return nil, layoutErr(rows[titleAt].Number+1, LabelHeader, "no row of year headers under the block titles")
	}
	head := rows[titleAt+1]
	labelCol := -1
	for j, c := range head.Cells {
		if norm(c.Text) == norm(LabelHeader) {
			labelCol = j
			break
		}
	}
	if labelCol < 0 {
		return nil, layoutErr(head.Number, LabelHeader, "no column headed "+LabelHeader+" (the row labels) on the row of year headers")
	}
	spans := make([]span, len(Blocks))
	for b := range Blocks {
		// A block runs from its title to the column before the next
		// block's title or the first blank cell, whichever comes first:
		// all of it must be consecutive years.
		end := cols[b]
		for end < len(head.Cells) && strings.TrimSpace(head.Cells[end].Text) != "" {
			end++
		}
		for o := range Blocks {
			if cols[o] > cols[b] && cols[o] < end {
				end = cols[o]
			}
		}
		s := span{block: Blocks[b], col: cols[b]}
		for j := cols[b]; j < end; j++ {
			y, ok := year(text(head.Cells, j))
			if !ok || (len(s.years) > 0 && y != s.years[len(s.years)-1]+1) {
				if len(s.years) == 0 {
					return nil, layoutErr(head.Number, Blocks[b].Title, fmt.Sprintf("column %s under the title holds %q, not a year such as 2012-13", sheet.ColumnName(j), text(head.Cells, j)))
				}
				return nil, layoutErr(head.Number, Blocks[b].Title, fmt.Sprintf("column %s holds %q, not the year after %s", sheet.ColumnName(j), text(head.Cells, j), yearLabel(s.years[len(s.years)-1])))
			}
			s.years = append(s.years, y)
		}
		if len(s.years) == 0 {
			return nil, layoutErr(head.Number, Blocks[b].Title, fmt.Sprintf("column %s under the title is blank, not a year such as 2012-13", sheet.ColumnName(cols[b])))
		}
		if labelCol >= cols[b] && labelCol < cols[b]+len(s.years) {
			return nil, layoutErr(head.Number, LabelHeader, fmt.Sprintf("column %s is both the labels and a year of %s", sheet.ColumnName(labelCol), Blocks[b].Title))
		}
		spans[b] = s
	}
	// Every block must give the same years: a share needs England's.
	for b := 1; b < len(spans); b++ {
		want, got := spans[0].years, spans[b].years
		for k := range max(len(want), len(got)) {
			if k < len(want) && k < len(got) && want[k] == got[k] {
				continue
			}
			missing := ""
			if k < len(want) {
				missing = yearLabel(want[k])
			} else {
				missing = yearLabel(got[k])
			}
			return nil, layoutErr(head.Number, missing, fmt.Sprintf("%s gives years %s to %s in column %s on, %s %s to %s: column %s holds %q",
				spans[0].block.Title, yearLabel(want[0]), yearLabel(want[len(want)-1]), sheet.ColumnName(spans[0].col),
				spans[b].block.Title, yearLabel(got[0]), yearLabel(got[len(got)-1]), sheet.ColumnName(spans[b].col+k), text(head.Cells, spans[b].col+k)))
		}
	}
	// The items' rows, below the headers, each labelled once.
	itemRow := make([]int, len(Items))
	for k := range itemRow {
		itemRow[k] = -1
	}
	for k := titleAt + 2; k < len(rows); k++ {
		label := norm(text(rows[k].Cells, labelCol))
		for it := range Items {
			if label != norm(Items[it].Label) {
				continue
			}
			if itemRow[it] >= 0 {
				return nil, layoutErr(rows[k].Number, sheet.ColumnName(labelCol), fmt.Sprintf("%q labels rows %d and %d", Items[it].Label, rows[itemRow[it]].Number, rows[k].Number))
			}
			itemRow[it] = k
		}
	}
	var missing []string
	for it, k := range itemRow {
		if k < 0 {
			missing = append(missing, Items[it].Label)
		}
	}
	if len(missing) > 0 {
		return nil, &extract.LayoutError{File: file, Sheet: sheetName, Row: head.Number, Column: LabelHeader, Missing: missing,
			Detail: fmt.Sprintf("no row under the header row is labelled so in column %s", sheet.ColumnName(labelCol))}
	}
	// The values, then each block's share of England's.
	values := make([][][]schemas.Value, len(Items)) // item, block, year
	for it, k := range itemRow {
		r := rows[k]
		values[it] = make([][]schemas.Value, len(spans))
		for b, s := range spans {
			values[it][b] = make([]schemas.Value, len(s.years))
			for y := range s.years {
				j := s.col + y
				v, err := count(cellAt(r.Cells, j))
				if err != nil {
					return nil, &extract.CellError{File: file, Sheet: sheetName, Row: r.Number, Column: sheet.ColumnName(j), Value: text(r.Cells, j), Err: err}
				}
				values[it][b][y] = v
			}
		}
	}
	var out []*schemas.FosteringRow
	for y, yr := range spans[0].years {
		for it, item := range Items {
			all := values[it][0][y]
			for b, s := range spans {
				v := values[it][b][y]
				out = append(out, &schemas.FosteringRow{
					TimePeriod: schemas.Int(int64(yr)), TimeIdentifier: schemas.Str("Reporting year"),
					GeographicLevel: schemas.Str(schemas.National), CountryCode: schemas.Str("E92000001"), CountryName: schemas.Str("England"),
					Measure: schemas.Str(item.Measure), AgencyType: schemas.Str(s.block.Agency),
					Count: v, ShareOfAllPct: Share(v, all), SourceID: schemas.Str(sourceID),
				})
			}
		}
	}
	return out, nil
}

// rowHas reports whether a row holds a cell reading s.
func rowHas(cells []sheet.Cell, s string) bool {
	for _, c := range cells {
		if norm(c.Text) == norm(s) {
			return true
		}
	}
	return false
}

// cellAt is cell j of a row, or an empty cell beyond its end (rows are
// trimmed of trailing empty cells).
func cellAt(cells []sheet.Cell, j int) sheet.Cell {
	if j < len(cells) {
		return cells[j]
	}
	return sheet.Cell{}
}

// year reads a year header such as "2012-13" as the year it ends in,
// 2013; the two halves must be consecutive years.
func year(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 7 || s[4] != '-' {
		return 0, false
	}
	n := 0
	for k, ch := range s {
		if k == 4 {
			continue
		}
		if ch < '0' || ch > '9' {
			return 0, false
		}
		if k < 4 {
			n = n*10 + int(ch-'0')
		}
	}
	end := int(s[5]-'0')*10 + int(s[6]-'0')
	if n < 1900 || (n+1)%100 != end {
		return 0, false
	}
	return n + 1, true
}

// yearLabel writes a year ending 31 March as the sheet does: 2013 → "2012-13".
func yearLabel(y int) string { return fmt.Sprintf("%d-%02d", y-1, y%100) }

// count reads a cell of a published row: a whole number stored as a
// number, or one of Ofsted's markers, which becomes a null carrying the
// EES symbol. Never 0 for a marker.
func count(c sheet.Cell) (schemas.Value, error) {
	switch c.Kind {
	case sheet.Number:
		if c.Number < 0 || c.Number > 1e12 || c.Number != math.Trunc(c.Number) {
			return schemas.Value{}, ErrBadValue
		}
		return schemas.Int(int64(c.Number)), nil
	case sheet.Empty, sheet.String:
		// The sheet writes ".." with spaces around it in places (" .. ").
		if sym, ok := symbols[strings.TrimSpace(c.Text)]; ok {
			return schemas.Missing(sym), nil
		}
	}
	return schemas.Value{}, ErrBadValue
}

// Share is part as a percentage of all, rounded half up to one decimal
// place as Ofsted's publications round shares: exact integer arithmetic,
// so 33,540 of 87,120 (38.4986…%) is 38.5 on every machine. Where either
// figure is missing the share is null with that figure's symbol (the
// part's first); where all is 0 it is z.
func Share(part, all schemas.Value) schemas.Value {
	switch {
	case !part.Valid:
		return schemas.Missing(symbolOf(part))
	case !all.Valid:
		return schemas.Missing(symbolOf(all))
	case all.Int == 0:
		return schemas.Missing("z")
	}
	// round(1000 × part / all) half up, in tenths of a per cent.
	tenths := (2000*part.Int + all.Int) / (2 * all.Int)
	return schemas.Float(float64(tenths) / 10)
}

// symbolOf is a null value's symbol, x where it carries none.
func symbolOf(v schemas.Value) string {
	if v.Status != "" {
		return v.Status
	}
	return "x"
}

// Mismatches counts the items and years where local authority and
// independent agencies do not add up to England, and the largest
// difference (rows come in threes, England first, as Parse gives them).
// Ofsted rounds every figure to the nearest 5, so some differ by 5; a run
// notes how many.
func Mismatches(rows []*schemas.FosteringRow) (n int, most int64) {
	for k := 0; k+len(Blocks) <= len(rows); k += len(Blocks) {
		all, la, ifa := rows[k].Count, rows[k+1].Count, rows[k+2].Count
		if all.Valid && la.Valid && ifa.Valid && la.Int+ifa.Int != all.Int {
			n++
			d := la.Int + ifa.Int - all.Int
			if d < 0 {
				d = -d
			}
			most = max(most, d)
		}
	}
	return n, most
}
