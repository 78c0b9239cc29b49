// Package ro3 reads MHCLG's revenue outturn "RO3" workbooks (social care
// and public health, by authority, in £ thousand) and publishes la_spend:
// one row per financial year × authority × service line × measure, in
// pounds.
//
// The data sheet is about 500 columns wide and changes between years: its
// name (RO3_LA_Data_2022-23, RO3_LA_Data_202425), its header (two rows,
// service above measure, with Excel's uniqueness digits in 2022-23 and
// 2023-24; one row "service - measure" in 2024-25), the hidden helper rows
// (above the header, or below the tables) and the authority names ("York"
// or "York UA"). Everything is found by name: the header by its column
// names, each column by its label (labels.go). Below the authorities sit
// the England row, published as National, and a class-subtotal table,
// which is not published. Values are converted from £ thousand to pounds
// and rounded to the pound, so the file's float noise (298128.33046999999)
// does not leak; [x], [z], [n], [Y] become nulls with their symbol, and an
// authority whose return was missing (M in Notes) carries status M.
package ro3

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/extractors/revenue"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/open"
	"github.com/caredata/caredata/schemas"
)

// Extractor publishes la_spend.
type Extractor struct{}

// Name is the manifest's extractor key.
func (Extractor) Name() string { return "ro3" }

// Datasets is la_spend.
func (Extractor) Datasets() []*schemas.Dataset { return []*schemas.Dataset{&schemas.LASpend} }

// ErrMissingColumns means the sheet lacks columns the extractor needs
// (an *extract.LayoutError names the sheet, the header row and the first
// missing column).
var ErrMissingColumns = extract.ErrUnknownLayout

// Authority is one row of the sheet.
type Authority struct {
	ECode, ONSCode, Name, Class string
	Missing                     bool // M in Notes: the return was not received
	England                     bool
	Values                      []schemas.Value // one per Workbook.Columns
	Notes                       []string        // note text for values that are a note reference
}

// Workbook is one year's parsed data sheet.
type Workbook struct {
	File, Sheet string
	SourceID    string
	Period      int32 // 202425
	Columns     []Column
	Authorities []Authority // the England row last
}

// England returns the England row.
func (w *Workbook) England() *Authority {
	for i := range w.Authorities {
		if w.Authorities[i].England {
			return &w.Authorities[i]
		}
	}
	return nil
}

// Column returns the index in Columns of a service line's measure, or -1.
func (w *Workbook) Column(service, measure string) int {
	for i, c := range w.Columns {
		if c.Service == service && c.Measure == measure {
			return i
		}
	}
	return -1
}

// Parse reads one RO3 workbook.
func Parse(sourceID, file string, data []byte) (*Workbook, error) {
	w, wb, err := openWorkbook(sourceID, file, data)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	err = w.each(wb, func(a *Authority) error {
		w.Authorities = append(w.Authorities, *a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// openWorkbook opens a workbook and finds its data sheet and financial
// year, without reading the rows.
func openWorkbook(sourceID, file string, data []byte) (*Workbook, sheet.Workbook, error) {
	wb, err := open.Open(file, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, err
	}
	w := &Workbook{File: file, SourceID: sourceID}
	for _, s := range wb.Sheets() {
		if strings.HasPrefix(strings.ToLower(s), "ro3_la_data") {
			w.Sheet = s
		}
	}
	fail := func(err error) (*Workbook, sheet.Workbook, error) {
		wb.Close()
		return nil, nil, err
	}
	if w.Sheet == "" {
		return fail(&extract.LayoutError{File: file, Detail: "no data sheet RO3_LA_Data_YYYY-YY", Found: wb.Sheets()})
	}
	p, ok := revenue.Period(w.Sheet)
	if !ok {
		return fail(&extract.LayoutError{File: file, Sheet: w.Sheet, Detail: "no financial year in the sheet name"})
	}
	w.Period = p
	return w, wb, nil
}

// each reads the data sheet's authorities, the England row last, and
// calls fn with each (the Authority is fn's to keep). Extract streams them
// to la_spend; Parse keeps them.
func (w *Workbook) each(wb sheet.Workbook, fn func(*Authority) error) error {
	notes, err := revenue.ReadNotes(wb)
	if err != nil {
		return err
	}
	return w.read(wb, notes, fn)
}

func (w *Workbook) read(wb sheet.Workbook, notes map[string]string, fn func(*Authority) error) error {
	rows, err := wb.Rows(w.Sheet)
	if err != nil {
		return err
	}
	defer rows.Close()
	var above []sheet.Cell // the visible row above the header: service labels in two-row headers
	var at map[string]int
	england := false
	header := revenue.Header{Labels: identityLabels}
	for rows.Next() {
		row := rows.Row()
		if rows.Hidden() {
			continue // helper rows of codes and cell references
		}
		if at == nil {
			if found, ok := header.Try(row, rows.Number()); ok {
				at = found
				if err := w.columns(row, above, at, rows.Number()); err != nil {
					return err
				}
				continue
			}
			above = row
			continue
		}
		get := func(label string) string { return revenue.Text(row, at[label]) }
		a := Authority{ECode: get("E-code"), ONSCode: get("ONS Code"), Name: get("Local authority"), Class: get("Class")}
		if a.ECode == "" && a.ONSCode == "" {
			continue
		}
		a.Missing = get("Notes") == "M"
		a.England = a.ONSCode == revenue.EnglandCode
		a.Values = make([]schemas.Value, len(w.Columns))
		a.Notes = make([]string, len(w.Columns))
		for k, c := range w.Columns {
			v, note, err := revenue.Value(revenue.Cell(row, c.Index), a.Missing)
			if err != nil {
				return &extract.CellError{File: w.File, Sheet: w.Sheet, Row: rows.Number(), Column: sheet.ColumnName(c.Index), Err: err}
			}
			a.Values[k] = v
			if note != "" {
				a.Notes[k] = strings.TrimSpace(note + " " + notes[note])
			}
		}
		if err := fn(&a); err != nil {
			return err
		}
		if a.England {
			// The class-subtotal table below is not authorities.
			england = true
			break
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if at == nil {
		return header.Err(w.File, w.Sheet)
	}
	if !england {
		return &extract.LayoutError{File: w.File, Sheet: w.Sheet, Detail: "no England row (ONS code E92000001) under the authorities"}
	}
	return nil
}

// identityLabels are the identity columns as RO3 names them.
var identityLabels = []string{"E-code", "ONS Code", "Local authority", "Notes", "Class"}

// columns labels every value column right of the identity columns.
func (w *Workbook) columns(header, above []sheet.Cell, at map[string]int, headerRow int) error {
	first := 0
	for _, i := range at {
		first = max(first, i+1)
	}
	var l labeller
	service := ""
	for i := first; i < len(header); i++ {
		if i < len(above) && revenue.Clean(above[i].Text) != "" {
			service = above[i].Text
		}
		h := revenue.Clean(header[i].Text)
		if h == "" || strings.EqualFold(h, "certified") || strings.EqualFold(h, "certification") || strings.EqualFold(h, "detailed class") {
			continue
		}
		c, err := l.label(i, service, header[i].Text)
		if err != nil {
			return &extract.CellError{File: w.File, Sheet: w.Sheet, Row: headerRow, Column: sheet.ColumnName(i), Err: err}
		}
		w.Columns = append(w.Columns, c)
	}
	var missing []string
	for _, r := range Required {
		if w.Column(r.Service, r.Measure) < 0 {
			missing = append(missing, r.Service+" - "+r.Measure)
		}
	}
	if len(missing) > 0 {
		return &extract.LayoutError{File: w.File, Sheet: w.Sheet, Row: headerRow, Column: missing[0], Missing: missing}
	}
	seen := map[[2]string]int{}
	for _, c := range w.Columns {
		k := [2]string{c.Service, c.Measure}
		if prev, dup := seen[k]; dup {
			return &extract.LayoutError{File: w.File, Sheet: w.Sheet, Row: headerRow, Column: sheet.ColumnName(c.Index),
				Detail: fmt.Sprintf("columns %s and %s are both %s - %s", sheet.ColumnName(prev), sheet.ColumnName(c.Index), c.Service, c.Measure)}
		}
		seen[k] = c.Index
	}
	return nil
}

// Extract reads every workbook and publishes la_spend, financial years in
// order. The workbooks are opened first to learn their years; then each
// authority's row goes to la_spend as it is read, so no workbook is held
// (1,400 values for each of 450 authorities a year).
func (e Extractor) Extract(ctx context.Context, env extract.Env, in []extract.Input) error {
	lookup, err := geo.FromInputs(in, false)
	if err != nil {
		return err
	}
	type book struct {
		w  *Workbook
		wb sheet.Workbook
	}
	var books []book
	defer func() {
		for _, b := range books {
			b.wb.Close()
		}
	}()
	for _, i := range extract.Own(in) {
		if err := ctx.Err(); err != nil {
			return err
		}
		w, wb, err := openWorkbook(i.Source.ID, i.Source.Path, i.Data)
		if err != nil {
			return err
		}
		books = append(books, book{w, wb})
	}
	sort.Slice(books, func(i, j int) bool { return books[i].w.Period < books[j].w.Period })
	for k := 1; k < len(books); k++ {
		if prev, w := books[k-1].w, books[k].w; prev.Period == w.Period {
			return fmt.Errorf("%s and %s are both outturn for %d", prev.SourceID, w.SourceID, w.Period)
		}
	}
	b, err := env.Out.Open(&schemas.LASpend)
	if err != nil {
		return err
	}
	for _, bk := range books {
		if err := ctx.Err(); err != nil {
			return err
		}
		w, r := bk.w, reconciler{}
		err := w.each(bk.wb, func(a *Authority) error {
			r.add(w, a)
			return appendAuthority(b, w, a, lookup)
		})
		if err != nil {
			return err
		}
		env.Notef("ro3 %d: authorities' total children's social care net current expenditure £%s, England row £%s (difference £%s: %d authorities' returns missing, estimated in England's total)",
			w.Period, revenue.Money(r.authorities), revenue.Money(r.england), revenue.Money(r.england-r.authorities), r.missing)
	}
	return nil
}

// reconciler sums the authorities' TOTAL CHILDREN SOCIAL CARE net current
// expenditure as they are read, for comparison with the England row.
type reconciler struct {
	authorities, england int64
	missing              int
}

func (r *reconciler) add(w *Workbook, a *Authority) {
	v := a.Values[w.Column(ServiceTotalCSC, MeasureNet)]
	switch {
	case a.England:
		r.england = v.Int
	case a.Missing:
		r.missing++
	case v.Valid:
		r.authorities += v.Int
	}
}

// Reconcile sums the authorities' TOTAL CHILDREN SOCIAL CARE net current
// expenditure and compares it with the England row, which also estimates
// the returns that were missing; it returns both in pounds and the number
// of missing returns.
func (w *Workbook) Reconcile() (authorities, england int64, missing int) {
	var r reconciler
	for i := range w.Authorities {
		r.add(w, &w.Authorities[i])
	}
	return r.authorities, r.england, r.missing
}

// appendAuthority appends an authority's row of the sheet as la_spend
// rows, one per service line and measure.
func appendAuthority(b *schemas.Builder, w *Workbook, a *Authority, lookup *geo.Lookup) error {
	level, name, old := revenue.Body(lookup, a.ONSCode, a.Name)
	row := schemas.LASpendRow{TimePeriod: schemas.Int(int64(w.Period)), TimeIdentifier: schemas.Str("Financial year"), SourceID: schemas.Str(w.SourceID),
		GeographicLevel: schemas.Str(level), NewLACode: schemas.Str(a.ONSCode), OldLACode: schemas.Str(old),
		ECode: schemas.Str(a.ECode), LAName: schemas.Str(name), LAClass: schemas.Str(a.Class)}
	for k, c := range w.Columns {
		row.ServiceArea, row.Service, row.Measure = schemas.Str(c.Area), schemas.Str(c.Service), schemas.Str(c.Measure)
		row.ValueGBP, row.Note = a.Values[k], schemas.Str(a.Notes[k])
		if err := row.AppendTo(b); err != nil {
			return err
		}
	}
	return nil
}
