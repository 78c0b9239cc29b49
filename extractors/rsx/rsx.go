// Package rsx reads MHCLG's revenue outturn service expenditure summary
// (RSX: every service of every English authority, in £ thousand) and
// publishes service_spend: one row per financial year × body × service
// with the return's seven measures (C1 employees to C7 net current
// expenditure) as columns, in pounds.
//
// RSX is the same family of sheets as RO3 (package ro3) and shares its
// reading with it (package revenue): the header found by its identity
// columns (E-code, ONS Code, Local authority, Notes, Class), hidden helper
// rows skipped (rows 7-10 above the header in 2022-23 and 2023-24, a code
// row under the tables in 2024-25), the England row published as National
// and the class-subtotal table under it not published, symbols kept as
// statuses, M in Notes (return not received) making every amount null
// with status M. 2021-22 survives only as a CSV export of the data sheet,
// read as a one-sheet workbook (package csvsheet) by the same code: its
// helper rows are not hidden there but sit above the header like titles,
// its amounts are text with separators ("11,270,191") and "..." where a
// return is missing.
//
// Each value column is recognised by its label, "Service - Measure (Cn)",
// whose spacing and hyphens vary ("Education services- Running Expenses
// (C2)", "Children Social Care -  Employees"); the 2021-22 export labels
// one column "Net Current Expenditure (C7 = C3 - C6)" alone, which takes
// the service of the column before it. The fourteen services are those of
// schemas.RevenueServices; a label naming another, or a service or
// measure missing, is a layout error.
//
// The line column is schemas.RevenueServices' line, the same in
// service_spend and revenue_budgets: RSX's own helper rows number the
// total of all services 699 where RA numbers it 799; the other thirteen
// lines agree.
//
// RSX's England children's social care net current expenditure equals
// RO3's England TOTAL CHILDREN SOCIAL CARE net current expenditure to the
// pound in 2022-23, 2023-24 and 2024-25 (£12,805,497,323, £14,454,683,384,
// £15,556,137,155: the same return, summarised; the 2023-24 cells differ
// only in float noise, 14454683.384092195 against ...197); the test
// TestAgreesWithRO3 holds them together.
package rsx

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/charset"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/extractors/revenue"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/csvsheet"
	"github.com/caredata/caredata/extractors/sheet/open"
	"github.com/caredata/caredata/schemas"
)

// Extractor publishes service_spend.
type Extractor struct{}

// Name is the manifest's extractor key.
func (Extractor) Name() string { return "rsx" }

// Datasets is service_spend.
func (Extractor) Datasets() []*schemas.Dataset {
	return []*schemas.Dataset{&schemas.ServiceSpend}
}

// Measures are the return's columns C1 to C7 of every service, in order.
var Measures = [7]string{"Employees", "Running Expenses", "Total Expenditure", "Sales, Fees and Charges",
	"Other Income", "Total Income", "Net Current Expenditure"}

// Net is the index in Measures of net current expenditure (C7).
const Net = 6

// Services is the number of service blocks, len(schemas.RevenueServices).
const Services = 14

// Body is one row of the sheet: a body's amounts, in pounds, for each
// service (in schemas.RevenueServices' order) and measure.
type Body struct {
	ECode, ONSCode, Name, Class string
	Missing                     bool // M in Notes: the return was not received
	England                     bool
	Note                        string // the Notes column's reference with its text
	Values                      [Services][len(Measures)]schemas.Value
	CellNotes                   [Services]string // for amounts that are a note or a slip
}

// Outturn is one year's parsed data sheet.
type Outturn struct {
	File, Sheet, SourceID string
	Period                int32   // 202425
	Bodies                []*Body // the England row last
	// Columns are the 0-based columns of each service's measures.
	Columns [Services][len(Measures)]int
}

// England returns the England row.
func (o *Outturn) England() *Body {
	if n := len(o.Bodies); n > 0 && o.Bodies[n-1].England {
		return o.Bodies[n-1]
	}
	return nil
}

// identityLabels are the identity columns as the RSX sheets name them.
var identityLabels = []string{"E-code", "ONS Code", "Local authority", "Notes", "Class"}

// ignored are header cells right of the identity columns that are not
// amounts.
var ignored = map[string]bool{"detailed class": true, "certified": true, "certification": true}

// labelRE reads "Service - Measure (Cn ...)" with any spacing around the
// hyphen, or the measure alone.
var labelRE = regexp.MustCompile(`(?i)^(?:(.*?)\s*-\s*)?(` + strings.Join(Measures[:], "|") + `)\s*\(C(\d)[^)]*\)$`)

// ServiceIndex returns the index in schemas.RevenueServices of a service
// label, or -1.
func ServiceIndex(label string) int {
	k := revenue.ServiceKey(label)
	for i, s := range schemas.RevenueServices {
		if revenue.ServiceKey(s.Service) == k {
			return i
		}
	}
	return -1
}

// column is what one value column measures.
type column struct{ service, measure int }

// parseLabel reads one header cell; prev is the column before it, for a
// measure given alone (service -1 when there is none).
func parseLabel(header string, prev column) (column, error) {
	h := revenue.Clean(header)
	m := labelRE.FindStringSubmatch(h)
	if m == nil {
		return column{}, fmt.Errorf("header %q is not \"service - measure (Cn)\"", h)
	}
	c := column{service: -1, measure: -1}
	for i, x := range Measures {
		if strings.EqualFold(x, m[2]) {
			c.measure = i
		}
	}
	if m[3] != fmt.Sprint(c.measure+1) {
		return column{}, fmt.Errorf("header %q: %s is C%d, not C%s", h, Measures[c.measure], c.measure+1, m[3])
	}
	if m[1] == "" {
		// The measure alone follows the service's previous measure.
		if prev.service < 0 || prev.measure != c.measure-1 {
			if c.measure == 0 {
				return column{}, fmt.Errorf("header %q names no service", h)
			}
			return column{}, fmt.Errorf("header %q names no service and does not follow its service's C%d", h, c.measure)
		}
		c.service = prev.service
		return c, nil
	}
	if c.service = ServiceIndex(m[1]); c.service < 0 {
		return column{}, fmt.Errorf("header %q: %q is not a service of the revenue returns", h, m[1])
	}
	return c, nil
}

// book is one input opened, before its rows are read.
type book struct {
	src    extract.Source
	wb     sheet.Workbook
	sheet  string
	period int32 // known once the header is read, before the first body
	cols   [Services][len(Measures)]int
}

// openBook opens an ODS workbook or a CSV export and finds its data sheet.
func openBook(src extract.Source, data []byte) (*book, error) {
	file := src.Path
	if strings.EqualFold(path.Ext(file), ".csv") {
		name := strings.TrimSuffix(path.Base(file), path.Ext(file))
		wb, err := csvsheet.Open(file, name, data, charset.FromMediaType(src.MediaType))
		if err != nil {
			return nil, err
		}
		return &book{src: src, wb: wb, sheet: name}, nil
	}
	wb, err := open.Open(file, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	b := &book{src: src, wb: wb}
	for _, s := range wb.Sheets() {
		if strings.HasPrefix(strings.ToLower(s), "rsx_la_data") {
			b.sheet = s
		}
	}
	if b.sheet == "" {
		wb.Close()
		return nil, &extract.LayoutError{File: file, Detail: "no data sheet RSX_LA_Data_YYYY-YY", Found: wb.Sheets()}
	}
	return b, nil
}

// Parse reads one RSX file, ODS or CSV (src.Path tells which; its media
// type gives a CSV's charset); with src.Release set, the year the file
// states must be that release.
func Parse(src extract.Source, data []byte) (*Outturn, error) {
	b, err := openBook(src, data)
	if err != nil {
		return nil, err
	}
	defer b.wb.Close()
	o := &Outturn{File: src.Path, Sheet: b.sheet, SourceID: src.ID}
	err = b.each(func(x *Body) error {
		o.Bodies = append(o.Bodies, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	o.Period, o.Columns = b.period, b.cols
	return o, nil
}

// each reads the data sheet and calls fn with each body, the England row
// last (the Body is fn's to keep); b.period is set before the first.
func (b *book) each(fn func(*Body) error) error {
	file, sheetName := b.src.Path, b.sheet
	notes, err := revenue.ReadNotes(b.wb)
	if err != nil {
		return err
	}
	rows, err := b.wb.Rows(sheetName)
	if err != nil {
		return err
	}
	defer rows.Close()
	header := revenue.Header{Labels: identityLabels}
	var (
		at      map[string]int
		title   string // the first row above the header that names a year
		england bool
	)
	for rows.Next() {
		row := rows.Row()
		if rows.Hidden() {
			continue // helper rows of codes and cell references
		}
		if at == nil {
			found, ok := header.Try(row, rows.Number())
			if !ok {
				if t := revenue.Text(row, 0); title == "" {
					if _, ok := revenue.Period(t); ok {
						title = t
					}
				}
				continue
			}
			at = found
			if b.period, err = revenue.TitlePeriod(b.src, b.sheet, title, rows.Number(), true); err != nil {
				return err
			}
			if b.cols, err = columns(file, sheetName, row, at, rows.Number()); err != nil {
				return err
			}
			continue
		}
		get := func(label string) string { return revenue.Text(row, at[label]) }
		x := &Body{ECode: get("E-code"), ONSCode: get("ONS Code"), Name: get("Local authority"), Class: get("Class")}
		if x.ECode == "" && x.ONSCode == "" {
			continue
		}
		switch n := get("Notes"); {
		case n == "M":
			x.Missing = true
		case n != "":
			x.Note = strings.TrimSpace(n + " " + notes[n])
		}
		x.England = x.ONSCode == revenue.EnglandCode
		for k := range b.cols {
			for j, i := range b.cols[k] {
				v, note, err := revenue.Value(revenue.Cell(row, i), x.Missing)
				if err != nil {
					return &extract.CellError{File: file, Sheet: sheetName, Row: rows.Number(), Column: sheet.ColumnName(i), Err: err}
				}
				x.Values[k][j] = v
				if note != "" {
					x.CellNotes[k] = strings.TrimSpace(x.CellNotes[k] + "; " + Measures[j] + ": " + strings.TrimSpace(note+" "+notes[note]))
					x.CellNotes[k] = strings.TrimPrefix(x.CellNotes[k], "; ")
				}
			}
		}
		if err := fn(x); err != nil {
			return err
		}
		if x.England {
			// The class-subtotal table below is not bodies.
			england = true
			break
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if at == nil {
		return header.Err(file, sheetName)
	}
	if !england {
		return &extract.LayoutError{File: file, Sheet: sheetName, Detail: "no England row (ONS code " + revenue.EnglandCode + ") under the bodies"}
	}
	return nil
}

// columns finds the column of every service's every measure right of the
// identity columns.
func columns(file, sheetName string, header []sheet.Cell, at map[string]int, headerRow int) (cols [Services][len(Measures)]int, err error) {
	first := 0
	for _, i := range at {
		first = max(first, i+1)
	}
	for k := range cols {
		for j := range cols[k] {
			cols[k][j] = -1
		}
	}
	prev := column{service: -1, measure: -1}
	for i := first; i < len(header); i++ {
		h := revenue.Clean(header[i].Text)
		if h == "" || ignored[strings.ToLower(h)] {
			continue
		}
		c, err := parseLabel(h, prev)
		if err != nil {
			return cols, &extract.LayoutError{File: file, Sheet: sheetName, Row: headerRow, Column: sheet.ColumnName(i), Detail: err.Error()}
		}
		if p := cols[c.service][c.measure]; p >= 0 {
			return cols, &extract.LayoutError{File: file, Sheet: sheetName, Row: headerRow, Column: sheet.ColumnName(i),
				Detail: fmt.Sprintf("columns %s and %s are both %s - %s", sheet.ColumnName(p), sheet.ColumnName(i), schemas.RevenueServices[c.service].Service, Measures[c.measure])}
		}
		cols[c.service][c.measure] = i
		prev = c
	}
	var missing []string
	for k := range cols {
		for j, i := range cols[k] {
			if i < 0 {
				missing = append(missing, schemas.RevenueServices[k].Service+" - "+Measures[j])
			}
		}
	}
	if len(missing) > 0 {
		return cols, &extract.LayoutError{File: file, Sheet: sheetName, Row: headerRow, Column: missing[0], Missing: missing}
	}
	return cols, nil
}

// Extract reads every file and publishes service_spend, financial years
// in order, each body's rows as it is read.
func (e Extractor) Extract(ctx context.Context, env extract.Env, in []extract.Input) error {
	lookup, err := geo.FromInputs(in, false)
	if err != nil {
		return err
	}
	own := extract.Own(in)
	sort.SliceStable(own, func(i, j int) bool { return own[i].Source.Release < own[j].Source.Release })
	for _, i := range own {
		if _, ok := revenue.Period(i.Source.Release); !ok {
			return fmt.Errorf("%s: release %q is not a financial year", i.Source.ID, i.Source.Release)
		}
	}
	for k := 1; k < len(own); k++ {
		if a, b := own[k-1].Source, own[k].Source; a.Release == b.Release {
			return fmt.Errorf("%s and %s are both RSX for %s", a.ID, b.ID, b.Release)
		}
	}
	out, err := env.Out.Open(&schemas.ServiceSpend)
	if err != nil {
		return err
	}
	csc := serviceIndex(schemas.ServiceChildren)
	for _, i := range own {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := openBook(i.Source, i.Data)
		if err != nil {
			return err
		}
		var sum, england int64
		var missing int
		err = b.each(func(x *Body) error {
			switch v := x.Values[csc][Net]; {
			case x.England:
				england = v.Int
			case x.Missing:
				missing++
			case v.Valid:
				sum += v.Int
			}
			return appendBody(out, b, x, lookup)
		})
		b.wb.Close()
		if err != nil {
			return err
		}
		env.Notef("rsx %d: England children's social care net current expenditure £%s (the bodies' own returns sum to £%s; %d returns missing, estimated in England's total)",
			b.period, revenue.Money(england), revenue.Money(sum), missing)
	}
	return nil
}

func serviceIndex(name string) int {
	for i, s := range schemas.RevenueServices {
		if s.Service == name {
			return i
		}
	}
	panic("no service " + name)
}

// appendBody appends a body's fourteen service rows.
func appendBody(out *schemas.Builder, b *book, x *Body, lookup *geo.Lookup) error {
	period, src := b.period, b.src
	level, name, old := revenue.Body(lookup, x.ONSCode, x.Name)
	row := schemas.ServiceSpendRow{TimePeriod: schemas.Int(int64(period)), TimeIdentifier: schemas.Str("Financial year"),
		GeographicLevel: schemas.Str(level), NewLACode: schemas.Str(x.ONSCode), OldLACode: schemas.Str(old),
		ECode: schemas.Str(x.ECode), LAName: schemas.Str(name), LAClass: schemas.Str(x.Class), SourceID: schemas.Str(src.ID)}
	for k, s := range schemas.RevenueServices {
		v := &x.Values[k]
		row.Service, row.Line = schemas.Str(s.Service), schemas.Int(int64(s.Line))
		row.EmployeesGBP, row.RunningExpensesGBP, row.TotalExpenditureGBP = v[0], v[1], v[2]
		row.SalesFeesChargesGBP, row.OtherIncomeGBP, row.TotalIncomeGBP, row.NetCurrentExpenditureGBP = v[3], v[4], v[5], v[6]
		note := x.Note
		if x.CellNotes[k] != "" {
			note = strings.TrimPrefix(note+"; "+x.CellNotes[k], "; ")
		}
		row.Note = schemas.Str(note)
		if err := row.AppendTo(out); err != nil {
			return err
		}
	}
	return nil
}
