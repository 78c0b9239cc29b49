package ofsted

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/schemas"
)

// seriesSheet is the sheet of Ofsted's national series of providers and
// places: the 2023 and 2025 workbooks have it (2022's has a six-monthly
// sheet instead, not read).
const seriesSheet = "Providers+places_Time_series"

// SeriesRow is one provision type on one 31 March of Ofsted's national
// series. A value Ofsted does not give is a schemas.Missing symbol, never 0.
type SeriesRow struct {
	Year          int
	ProvisionType string // as care_providers names it; schemas.FilterTotal for Ofsted's All
	Providers     schemas.Value
	Places        schemas.Value
}

// Series is Ofsted's own national series of providers and places by
// provision type on 31 March, as one workbook publishes it.
type Series struct {
	SourceID string
	Rows     []SeriesRow // by year, then in the sheet's column order
}

// Get returns the row of a year and provision type (compared without case).
func (s Series) Get(year int, provisionType string) (SeriesRow, bool) {
	for _, r := range s.Rows {
		if r.Year == year && strings.EqualFold(r.ProvisionType, provisionType) {
			return r, true
		}
	}
	return SeriesRow{}, false
}

// Homes is the number of children's homes (the provision type "Children's
// home": not secure homes or residential special schools registered as
// homes) on 31 March of the year, as Ofsted counts them; ok is false when
// the series has no count for the year. It is the denominator of a
// register's completeness: homes in the register ÷ Homes(year).
func (s Series) Homes(year int) (int64, bool) {
	r, ok := s.Get(year, typeChildrensHome)
	if !ok || !r.Providers.Valid {
		return 0, false
	}
	return r.Providers.Int, true
}

// Years lists the years the series covers, oldest first.
func (s Series) Years() []int {
	var ys []int
	for _, r := range s.Rows {
		if !slices.Contains(ys, r.Year) {
			ys = append(ys, r.Year)
		}
	}
	slices.Sort(ys)
	return ys
}

// LatestSeries is the series of the newest workbook that has one (a later
// release may revise earlier years), or nil when none has.
func LatestSeries(snaps []*Snapshot) *Series {
	var best *Snapshot
	for _, s := range snaps {
		if s.Series != nil && (best == nil || s.Date.After(best.Date)) {
			best = s
		}
	}
	if best == nil {
		return nil
	}
	return best.Series
}

// seriesTypes maps Ofsted's series headers, normalised by seriesHeader, to
// the provision types of the register: the series writes them in the
// plural and in title case ("Children's Homes"), the register in the
// singular. A header not listed here keeps Ofsted's text.
var seriesTypes = map[string]string{
	"all":                     schemas.FilterTotal,
	"all children's homes":    schemas.GroupAllHomes,
	"children's homes":        typeChildrensHome,
	"secure children's homes": typeSecureHome,
	"residential special school (registered as a children's home)": typeSchoolAsHome,
	"residential special schools":                                  "Residential Special School",
	"residential family centres":                                   "Residential Family Centre",
	"boarding schools":                                             "Boarding School",
	"further education colleges with residential accommodation":    "Further Education College with Residential Accommodation",
	"secure training centres":                                      "Secure Training Centre",
	"adoption support agencies":                                    "Adoption Support Agency",
	"voluntary adoption agency branches":                           "Voluntary Adoption Agency",
	"independent fostering agencies":                               typeFosteringAgency,
	"residential holiday schemes for disabled children":            "Residential Holiday Scheme for Disabled Children",
	"supported accommodation":                                      "Supported Accommodation",
}

func seriesHeader(s string) string { return normHeader(strings.ReplaceAll(s, "’", "'")) }

// seriesYear reads the Date column: a date cell, or text where Ofsted
// appended a note: "31 March 2015 [Note 3]" (2025 workbook), "31-Mar-15
// [Note 3]" (2023). Every date must be a 31 March: the series counts the
// register on that day.
var seriesDateText = regexp.MustCompile(`^(\d{1,2})[ -](?:March|Mar)[ -](\d{4}|\d{2})\b`)

func seriesYear(c sheet.Cell) (int, error) {
	var d time.Time
	switch c.Kind {
	case sheet.Date:
		d = c.Date
	case sheet.String:
		m := seriesDateText.FindStringSubmatch(strings.TrimSpace(c.Text))
		if m == nil {
			return 0, fmt.Errorf("date %q is not a 31 March", c.Text)
		}
		day, _ := strconv.Atoi(m[1])
		year, _ := strconv.Atoi(m[2])
		if len(m[2]) == 2 {
			year += 2000 // the series starts in 2012
		}
		d = time.Date(year, time.March, day, 0, 0, 0, 0, time.UTC)
	default:
		return 0, fmt.Errorf("date %q is not a date", c.Text)
	}
	if d.Month() != time.March || d.Day() != 31 || d.Year() < 1990 || d.Year() > 2200 {
		return 0, fmt.Errorf("date %s is not a 31 March", d.Format("2 January 2006"))
	}
	return d.Year(), nil
}

// seriesCount reads a count: a whole number; x where the cell is empty,
// "-" or "..", because Ofsted leaves a cell empty (2025 workbook) or
// writes "-" (2023) when it did not collect the type that year, as the
// sheet's header says; an EES symbol as written.
func seriesCount(c sheet.Cell) (schemas.Value, error) {
	switch c.Kind {
	case sheet.Empty:
		return schemas.Missing("x"), nil
	case sheet.Number:
		if c.Number != math.Trunc(c.Number) || c.Number < 0 || c.Number > 1e12 {
			return schemas.Value{}, fmt.Errorf("count %v is not a whole number", c.Number)
		}
		return schemas.Int(int64(c.Number)), nil
	case sheet.String:
		t := strings.TrimSpace(c.Text)
		switch {
		case t == "" || t == "-" || t == ".." || t == ":":
			return schemas.Missing("x"), nil
		case schemas.IsSymbol(t):
			return schemas.Missing(schemas.NormaliseSymbol(t)), nil
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(t, ",", ""), 10, 64)
		if err != nil || n < 0 {
			return schemas.Value{}, fmt.Errorf("count %q is not a whole number", t)
		}
		return schemas.Int(n), nil
	}
	return schemas.Value{}, fmt.Errorf("count %q is not a number", c.Text)
}

// parseSeries reads the series sheet's rows. The sheet holds two tables,
// providers then places, each under a header row "Date | Data type |
// <provision types>"; a data row's Data type (Providers or Places) says
// which count it holds, so the tables' order and position do not matter.
// Title and note rows (no Data type) are skipped. A provision type the
// places table lacks gets places z (Ofsted registers agencies, secure
// training centres and holiday schemes without places), except the total,
// which is x: Ofsted gives no total of places.
func parseSeries(file, sheetName string, rows sheet.Rows) (*Series, error) {
	type key struct {
		year int
		typ  string
	}
	type counts struct {
		providers, places schemas.Value
		row               [2]int // the rows the counts came from
	}
	byKey := map[key]*counts{}
	var order []string // provision types in the providers table's order
	var years []int
	var header []string // provision type of each column from C; "" to skip
	headerRow, dataRows := 0, 0
	placesTypes := map[string]bool{}
	spelt := map[string]string{} // lower case -> the first spelling of a type
	for rows.Next() {
		row := rows.Row()
		cell := func(i int) sheet.Cell {
			if i < len(row) {
				return row[i]
			}
			return sheet.Cell{}
		}
		cellErr := func(i int, err error) error {
			return &sheet.CellError{File: file, Sheet: sheetName, Row: rows.Number(), Column: sheet.ColumnName(i), Value: cell(i).Text, Err: err}
		}
		if seriesHeader(cell(0).Text) == "date" && seriesHeader(cell(1).Text) == "data type" {
			header, headerRow = header[:0], rows.Number()
			seen := map[string]int{}
			for i := 2; i < len(row); i++ {
				h := seriesHeader(row[i].Text)
				if h == "" {
					header = append(header, "")
					continue
				}
				typ, ok := seriesTypes[h]
				if !ok {
					typ = strings.Join(strings.Fields(strings.ReplaceAll(row[i].Text, "’", "'")), " ")
				}
				// The tables may spell a type in different cases: the first spelling stands.
				if first, ok := spelt[strings.ToLower(typ)]; ok {
					typ = first
				}
				spelt[strings.ToLower(typ)] = typ
				if first, dup := seen[strings.ToLower(typ)]; dup {
					return nil, cellErr(i, fmt.Errorf("provision type %q repeats column %s", typ, sheet.ColumnName(first)))
				}
				seen[strings.ToLower(typ)] = i
				header = append(header, typ)
			}
			continue
		}
		measure := strings.ToLower(text(cell(1)))
		if measure == "" {
			// A title or note row between or under the tables.
			continue
		}
		if headerRow == 0 {
			return nil, &extract.LayoutError{File: file, Sheet: sheetName, Row: rows.Number(), Column: "date",
				Detail: "a data row comes before any header row Date | Data type", Missing: []string{"date", "data type"}}
		}
		if measure != "providers" && measure != "places" {
			return nil, cellErr(1, fmt.Errorf("data type %q is neither Providers nor Places", text(cell(1))))
		}
		year, err := seriesYear(cell(0))
		if err != nil {
			return nil, cellErr(0, err)
		}
		if !slices.Contains(years, year) {
			years = append(years, year)
		}
		dataRows++
		for j, typ := range header {
			if typ == "" {
				if !cell(j + 2).IsEmpty() {
					return nil, cellErr(j+2, errors.New("a value under a column with no provision type"))
				}
				continue
			}
			v, err := seriesCount(cell(j + 2))
			if err != nil {
				return nil, cellErr(j+2, err)
			}
			k := key{year, typ}
			c := byKey[k]
			if c == nil {
				c = &counts{}
				byKey[k] = c
			}
			slot, at := &c.providers, 0
			if measure == "places" {
				slot, at = &c.places, 1
				placesTypes[typ] = true
			} else if !slices.Contains(order, typ) {
				order = append(order, typ)
			}
			if c.row[at] != 0 {
				return nil, cellErr(0, fmt.Errorf("%s of %s on 31 March %d repeat row %d", measure, typ, year, c.row[at]))
			}
			*slot, c.row[at] = v, rows.Number()
		}
		// Cells beyond the header's columns hold nothing the header names.
		for i := len(header) + 2; i < len(row); i++ {
			if !row[i].IsEmpty() {
				return nil, cellErr(i, errors.New("a value right of the last provision type"))
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if headerRow == 0 || dataRows == 0 {
		return nil, &extract.LayoutError{File: file, Sheet: sheetName, Row: headerRow, Column: "date",
			Detail: "no table under a header row Date | Data type", Missing: []string{"date", "data type"}}
	}
	// Types only in the places table go after the others.
	for _, typ := range sortedKeys(placesTypes) {
		if !slices.Contains(order, typ) {
			order = append(order, typ)
		}
	}
	slices.Sort(years)
	s := &Series{}
	for _, y := range years {
		for _, typ := range order {
			c := byKey[key{y, typ}]
			if c == nil {
				c = &counts{}
			}
			r := SeriesRow{Year: y, ProvisionType: typ, Providers: c.providers, Places: c.places}
			if c.row[0] == 0 {
				r.Providers = schemas.Missing("x")
			}
			if c.row[1] == 0 {
				switch {
				case typ == schemas.FilterTotal || placesTypes[typ]:
					r.Places = schemas.Missing("x")
				default:
					r.Places = schemas.Missing("z")
				}
			}
			s.Rows = append(s.Rows, r)
		}
	}
	return s, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// readExtras reads the sheets only some workbooks have: the national
// series (2023 and 2025) and the supported accommodation premises (2025
// on). A workbook without them leaves s.Series and s.Premises nil.
func readExtras(file string, wb sheet.Workbook, s *Snapshot) error {
	has := func(name string) bool { return slices.Contains(wb.Sheets(), name) }
	if has(seriesSheet) {
		rows, err := wb.Rows(seriesSheet)
		if err != nil {
			return err
		}
		defer rows.Close()
		if s.Series, err = parseSeries(file, seriesSheet, rows); err != nil {
			return err
		}
		s.Series.SourceID = s.SourceID
	}
	if name := premisesPrefix + strconv.Itoa(s.Date.Year()); has(name) {
		rows, err := wb.Rows(name)
		if err != nil {
			return err
		}
		defer rows.Close()
		if s.Premises, err = parsePremises(file, name, rows); err != nil {
			return err
		}
	}
	return nil
}

// extraTables publishes the tables of the sheets only some workbooks
// have, after the register's: snaps are harmonised and located.
func extraTables(out extract.Output, snaps []*Snapshot, lookup *geo.Lookup, log *slog.Logger) error {
	if err := seriesTable(out, snaps); err != nil {
		return err
	}
	for _, s := range snaps {
		for _, name := range locatePremises(s, lookup) {
			log.Warn("ofsted: premises local authority name matches no authority; its premises are in no area row",
				"source", s.SourceID, "la_name", name)
		}
	}
	return supportedTable(out, snaps)
}

// spelling returns, for a provision type or sector, the register's
// spelling of it (after Harmonise), so the two sheets name things alike;
// a name the register lacks is returned as it is.
func spelling(snaps []*Snapshot, field func(*Provider) string) func(string) string {
	known := map[string]string{}
	for _, s := range snaps {
		for i := range s.Providers {
			v := field(&s.Providers[i])
			known[strings.ToLower(v)] = v
		}
	}
	return func(v string) string {
		if k, ok := known[strings.ToLower(v)]; ok {
			return k
		}
		return v
	}
}

func seriesTable(out extract.Output, snaps []*Snapshot) error {
	b, err := out.Open(&schemas.OfstedNationalSeries)
	if err != nil {
		return err
	}
	s := LatestSeries(snaps)
	if s == nil {
		return nil
	}
	spell := spelling(snaps, func(p *Provider) string { return p.ProvisionType })
	for _, r := range s.Rows {
		row := schemas.OfstedNationalSeriesRow{
			TimePeriod: schemas.Int(int64(r.Year)), TimeIdentifier: schemas.Str("Reporting year"),
			GeographicLevel: schemas.Str(schemas.National), CountryCode: schemas.Str(geo.England), CountryName: schemas.Str("England"),
			ProvisionType: schemas.Str(spell(r.ProvisionType)), Providers: r.Providers, Places: r.Places,
		}
		if err := row.AppendTo(b); err != nil {
			return err
		}
	}
	return nil
}
