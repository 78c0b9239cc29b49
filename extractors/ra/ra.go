// Package ra reads MHCLG's revenue account budget (RA: what each English
// authority budgeted, before the year, to spend net on each service, in
// £ thousand) and publishes revenue_budgets: one row per financial year ×
// body × service, in pounds.
//
// The RA files survive as CSV exports of the data sheet, read as one-sheet
// workbooks (package csvsheet) with the header found by its identity
// columns (package revenue): 2021-22 (UTF-8 with a byte-order mark; header
// on row 7, an unheaded column between Local authority and Class holding
// S where the return was not received) and 2023-24 (Mac-Roman; header on
// row 10 with Class, Subclass and Notes, M where the return was not
// received). Of the sheet's 200 to 300 columns only the fourteen service
// totals are read, each found by its line number in the row above the
// header (190 education ... 330 children's social care ... 799 total, as
// schemas.RevenueServices lists them) and checked against its label
// ("TOTAL CHILDREN'S SOCIAL CARE"): a line that is missing, or whose label
// is not its service's TOTAL, is a layout error. Amounts are text with
// separators ("252,820"); "..." (not available) becomes x, or M for a
// return not received. The files have no England row with codes (2021-22
// has an uncoded ENGLAND row and class subtotals under the authorities,
// which are not published): only bodies are.
//
// 2021-22 writes London boroughs' class as L, 2023-24 and the outturn
// files as LB: published as LB, so a class means one thing in every year.
package ra

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/charset"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/extractors/revenue"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/csvsheet"
	"github.com/caredata/caredata/schemas"
)

// Extractor publishes revenue_budgets.
type Extractor struct{}

// Name is the manifest's extractor key.
func (Extractor) Name() string { return "ra" }

// Datasets is revenue_budgets.
func (Extractor) Datasets() []*schemas.Dataset {
	return []*schemas.Dataset{&schemas.RevenueBudgets}
}

// Services is the number of service blocks, len(schemas.RevenueServices).
const Services = 14

// Body is one authority's row: its budgeted net current expenditure, in
// pounds, on each service in schemas.RevenueServices' order.
type Body struct {
	ECode, ONSCode, Name, Class string
	Missing                     bool // the return was not received (M or S)
	Values                      [Services]schemas.Value
}

// Budget is one year's parsed file.
type Budget struct {
	File, Sheet, SourceID string
	Period                int32
	Bodies                []*Body
	Columns               [Services]int // 0-based column of each service's total
}

// identityLabels are the identity columns every RA file has; Notes is
// found apart (2021-22 leaves it unheaded).
var identityLabels = []string{"E-code", "ONS Code", "Local authority", "Class"}

// missingMarks are the notes that say the return was not received: M in
// 2023-24, S in 2021-22 ("RA return not received in time for
// publication").
var missingMarks = map[string]bool{"M": true, "S": true}

// classes maps a class as a file writes it to the published one.
var classes = map[string]string{"L": "LB"}

// CheckLabel reports whether a header label is the TOTAL of a service
// ("TOTAL HOUSING SERVICES (GFRA only)" for Housing services (GFRA only);
// "TOTAL SERVICE EXPENDITURE" for Total service expenditure).
func CheckLabel(label, service string) bool {
	k := revenue.ServiceKey(label)
	s := revenue.ServiceKey(service)
	return k == "total "+s || k == s && strings.HasPrefix(s, "total ")
}

// book is one file opened, before its rows are read.
type book struct {
	src    extract.Source
	wb     *csvsheet.Workbook
	sheet  string
	period int32
	cols   [Services]int
}

func openBook(src extract.Source, data []byte) (*book, error) {
	name := strings.TrimSuffix(path.Base(src.Path), path.Ext(src.Path))
	wb, err := csvsheet.Open(src.Path, name, data, charset.FromMediaType(src.MediaType))
	if err != nil {
		return nil, err
	}
	return &book{src: src, wb: wb, sheet: name}, nil
}

// Parse reads one RA CSV export (src.Path names it, its media type gives
// the charset); with src.Release set, the year the title states must be
// that release.
func Parse(src extract.Source, data []byte) (*Budget, error) {
	b, err := openBook(src, data)
	if err != nil {
		return nil, err
	}
	out := &Budget{File: src.Path, Sheet: b.sheet, SourceID: src.ID}
	if err := b.each(func(x *Body) error { out.Bodies = append(out.Bodies, x); return nil }); err != nil {
		return nil, err
	}
	out.Period, out.Columns = b.period, b.cols
	return out, nil
}

// each reads the sheet and calls fn with each body (fn's to keep);
// b.period is set before the first.
func (b *book) each(fn func(*Body) error) error {
	file, sheetName := b.src.Path, b.sheet
	rows, err := b.wb.Rows(sheetName)
	if err != nil {
		return err
	}
	defer rows.Close()
	header := revenue.Header{Labels: identityLabels}
	var (
		at    map[string]int
		notes = -1
		above []sheet.Cell // the row of line numbers
		title string
	)
	for rows.Next() {
		row := rows.Row()
		if at == nil {
			found, ok := header.Try(row, rows.Number())
			if !ok {
				if t := revenue.Text(row, 0); title == "" {
					if _, ok := revenue.Period(t); ok {
						title = t
					}
				}
				above = row
				continue
			}
			at = found
			if b.period, err = revenue.TitlePeriod(b.src, b.sheet, title, rows.Number(), false); err != nil {
				return err
			}
			notes = notesColumn(row, at)
			if b.cols, err = b.columns(row, above, rows.Number()); err != nil {
				return err
			}
			continue
		}
		get := func(label string) string { return revenue.Text(row, at[label]) }
		x := &Body{ECode: get("E-code"), ONSCode: get("ONS Code"), Name: get("Local authority"), Class: get("Class")}
		if strings.EqualFold(x.Name, "England") || x.ONSCode == revenue.EnglandCode {
			break // class subtotals and footnotes follow
		}
		if x.ONSCode == "" {
			continue // a blank or footnote row
		}
		if c, ok := classes[x.Class]; ok {
			x.Class = c
		}
		x.Missing = missingMarks[revenue.Text(row, notes)]
		for k, i := range b.cols {
			v, _, err := revenue.Value(revenue.Cell(row, i), x.Missing)
			if err != nil {
				return &extract.CellError{File: file, Sheet: sheetName, Row: rows.Number(), Column: sheet.ColumnName(i), Err: err}
			}
			x.Values[k] = v
		}
		if err := fn(x); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if at == nil {
		return header.Err(file, sheetName)
	}
	return nil
}

// notesColumn is the column headed Notes or, where none is (2021-22), the
// unheaded column among the identity columns; -1 when there is neither.
func notesColumn(header []sheet.Cell, at map[string]int) int {
	last := 0
	for _, i := range at {
		last = max(last, i)
	}
	unheaded := -1
	for i := 0; i < len(header) && i <= last+3; i++ {
		t := revenue.Clean(header[i].Text)
		if strings.EqualFold(t, "Notes") {
			return i
		}
		if t == "" && i < last && unheaded < 0 {
			unheaded = i
		}
	}
	return unheaded
}

// columns finds each service's total by its line number in the row
// above the header and checks the header names it.
func (b *book) columns(header, lines []sheet.Cell, headerRow int) (cols [Services]int, err error) {
	file, sheetName := b.src.Path, b.sheet
	var missing []string
	for k, s := range schemas.RevenueServices {
		cols[k] = -1
		for i, c := range lines {
			n, err := strconv.Atoi(strings.TrimSpace(c.Text))
			if err != nil || n != int(s.Line) {
				continue
			}
			if cols[k] >= 0 {
				return cols, &extract.LayoutError{File: file, Sheet: sheetName, Row: headerRow - 1, Column: sheet.ColumnName(i),
					Detail: fmt.Sprintf("columns %s and %s are both line %d", sheet.ColumnName(cols[k]), sheet.ColumnName(i), s.Line)}
			}
			cols[k] = i
		}
		if cols[k] < 0 {
			missing = append(missing, fmt.Sprintf("line %d (%s)", s.Line, s.Service))
			continue
		}
		if h := revenue.Text(header, cols[k]); !CheckLabel(h, s.Service) {
			return cols, &extract.LayoutError{File: file, Sheet: sheetName, Row: headerRow, Column: sheet.ColumnName(cols[k]),
				Detail: fmt.Sprintf("line %d is headed %q, not TOTAL %s", s.Line, revenue.Clean(h), strings.ToUpper(s.Service))}
		}
	}
	if len(missing) > 0 {
		return cols, &extract.LayoutError{File: file, Sheet: sheetName, Row: headerRow - 1, Column: missing[0], Missing: missing,
			Detail: "the row above the header lacks service lines"}
	}
	return cols, nil
}

// Extract reads every file and publishes revenue_budgets, financial years
// in order, each body's rows as it is read.
func (e Extractor) Extract(ctx context.Context, env extract.Env, in []extract.Input) error {
	lookup, err := geo.FromInputs(in, false)
	if err != nil {
		return err
	}
	own := extract.Own(in)
	for _, i := range own {
		if _, ok := revenue.Period(i.Source.Release); !ok {
			return fmt.Errorf("%s: release %q is not a financial year", i.Source.ID, i.Source.Release)
		}
	}
	sort.SliceStable(own, func(i, j int) bool { return own[i].Source.Release < own[j].Source.Release })
	for k := 1; k < len(own); k++ {
		if a, b := own[k-1].Source, own[k].Source; a.Release == b.Release {
			return fmt.Errorf("%s and %s are both RA for %s", a.ID, b.ID, b.Release)
		}
	}
	out, err := env.Out.Open(&schemas.RevenueBudgets)
	if err != nil {
		return err
	}
	for _, i := range own {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := openBook(i.Source, i.Data)
		if err != nil {
			return err
		}
		var bodies, missing int
		err = b.each(func(x *Body) error {
			bodies++
			if x.Missing {
				missing++
			}
			return appendBody(out, b, x, lookup)
		})
		if err != nil {
			return err
		}
		env.Notef("ra %d: %d bodies' budgets, %d of them not received (amounts null with status M); the RA files have no England figures", b.period, bodies, missing)
	}
	return nil
}

// appendBody appends a body's fourteen service rows.
func appendBody(out *schemas.Builder, b *book, x *Body, lookup *geo.Lookup) error {
	level, name, old := revenue.Body(lookup, x.ONSCode, x.Name)
	row := schemas.RevenueBudgetsRow{TimePeriod: schemas.Int(int64(b.period)), TimeIdentifier: schemas.Str("Financial year"),
		GeographicLevel: schemas.Str(level), NewLACode: schemas.Str(x.ONSCode), OldLACode: schemas.Str(old),
		ECode: schemas.Str(x.ECode), LAName: schemas.Str(name), LAClass: schemas.Str(x.Class), SourceID: schemas.Str(b.src.ID)}
	for k, s := range schemas.RevenueServices {
		row.Service, row.Line = schemas.Str(s.Service), schemas.Int(int64(s.Line))
		row.BudgetNetCurrentExpenditureGBP = x.Values[k]
		if err := row.AppendTo(out); err != nil {
			return err
		}
	}
	return nil
}
