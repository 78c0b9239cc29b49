package cla

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/charset"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// ErrUnknownLayout means a file's header matches no known release layout
// (an *extract.LayoutError says which columns are missing).
var ErrUnknownLayout = extract.ErrUnknownLayout

// layout is one release's naming of the columns the extractor reads.
//
// DfE has published the figures in two shapes. The Explore Education
// Statistics data files (2023 release on) are long: one row per year,
// geography and measure, with the columns that differ between releases
// named in measure and count. The local authority underlying data files of
// the statistical releases before EES (2010 to 2019) are wide: one row per
// geography, with a column per year; wide says how each names them.
type layout struct {
	name string
	// Long (EES) files.
	measure string // the column naming what is counted
	count   string // the count of children
	// placements marks DfE's national table of placements (placements.go).
	placements bool
	// Wide (underlying data) files; nil for EES files.
	wide *wide
}

// wide is the naming of one underlying data file's columns. Every such
// file has geog_l (level), geog_c (DfE code: three digits for an
// authority, a letter for a region) and geog_n (name); the column names
// below are patterns with %d for a year.
//
// The files carry one of children_in_care's measures: children looked
// after on 31 March. Their CLA_YYYY counts children looked after at any
// time during the year, and CLA_stpYYYY those looked after only under a
// series of short-term placements (metadata 2017 to 2019): neither is a
// published measure. Starting and ceasing were in the releases' separate
// ADM and CEA files, which caredata does not hold, so those years have no
// starting or ceasing rows.
type wide struct {
	years []int32 // the 31 March of each year the file covers
	ons   string  // column of the ONS code; "" when the file has DfE codes only (2010)
	count string  // children looked after on 31 March
	rate  string  // rate per 10,000 children aged 0 to 17; "" when the file has none
	// population is the column of the population aged 0 to 17 behind the
	// rate ("" when the file has none), named popLag years before the 31
	// March it serves: SFR27/2010 gives the mid-2009 estimate for 2010, and
	// CLA2019's CLA_Pop2018 is the estimate behind CLA_Rate2019, while
	// CLA2018's CLA_Pop2018 sits beside CLA_Rate2018 (the rates show it; the
	// metadata of both calls CLA_PopYYYY "mid-year population estimate of
	// children in YYYY").
	population string
	popLag     int32
	// placements are the columns counting children by placement provider
	// and locality on 31 March of the last year (placements.go); none in
	// SFR27/2010.
	placements []legacyPlacement
}

// span lists the years from first to last.
func span(first, last int32) []int32 {
	var ys []int32
	for y := first; y <= last; y++ {
		ys = append(ys, y)
	}
	return ys
}

// layouts are the known releases' layouts: the EES data files, then the
// underlying data files of each year's statistical release, oldest first.
var layouts = []layout{
	{name: "2019 to 2023 release", measure: "population_count", count: "number"},
	{name: "2021 to 2025 release", measure: "population_type", count: "children_count"},
	// DfE's national table of placements: the same columns in the 2023
	// and 2024 releases.
	{name: "national placements by provider, type and locality", placements: true},
	// SFR27/2010: DfE codes only, "National"/"GOR"/"LA" levels, the mid-2009
	// population, no rate.
	{name: "SFR27/2010 underlying data", wide: &wide{years: span(2010, 2010),
		count: "MarTotal_%d", population: "Mid%dPop0-17", popLag: 1}},
	// SFR21/2011 to SFR50/2017: one year each, ONS and DfE codes, no rate
	// and no population.
	{name: "SFR21/2011 underlying data", wide: &wide{years: span(2011, 2011), ons: "New_geog_code", count: "CLA_Mar%d",
		placements: legacyPlacements(2011)}},
	{name: "SFR20/2012 underlying data", wide: &wide{years: span(2012, 2012), ons: "New_geog_code", count: "CLA_Mar%d",
		placements: legacyPlacements(2012)}},
	{name: "SFR36/2013 underlying data", wide: &wide{years: span(2013, 2013), ons: "New_geog_code", count: "CLA_Mar%d",
		placements: legacyPlacements(2013)}},
	{name: "SFR36/2014 underlying data", wide: &wide{years: span(2014, 2014), ons: "New_geog_code", count: "CLA_Mar%d",
		placements: legacyPlacements(2014)}},
	{name: "SFR34/2015 underlying data", wide: &wide{years: span(2015, 2015), ons: "New_geog_code", count: "CLA_Mar%d",
		placements: legacyPlacements(2015)}},
	{name: "SFR41/2016 underlying data", wide: &wide{years: span(2016, 2016), ons: "New_geog_code", count: "CLA_Mar%d",
		placements: legacyPlacements(2016)}},
	{name: "SFR50/2017 underlying data", wide: &wide{years: span(2017, 2017), ons: "New_geog_code", count: "CLA_Mar%d",
		placements: legacyPlacements(2017)}},
	// CLA2018 and CLA2019: five years each, with rates and populations.
	{name: "CLA2018 underlying data (2014 to 2018)", wide: &wide{years: span(2014, 2018), ons: "New_geog_code",
		count: "CLA_Mar%d", rate: "CLA_Rate%d", population: "CLA_Pop%d",
		placements: legacyPlacements(2018)}},
	{name: "CLA2019 underlying data (2015 to 2019)", wide: &wide{years: span(2015, 2019), ons: "New_geog_code",
		count: "CLA_Mar%d", rate: "CLA_Rate%d", population: "CLA_Pop%d", popLag: 1,
		placements: legacyPlacements(2019)}},
}

// common are the columns every EES layout has.
var common = []string{"time_period", "time_identifier", "geographic_level", "country_code", "country_name",
	"region_code", "region_name", "old_la_code", "la_name", "new_la_code", "population_estimate", "rate_per_10000"}

// Geography columns of every underlying data file.
const (
	colLevel = "geog_l"
	colCode  = "geog_c"
	colName  = "geog_n"
)

// measures maps each release's label to the harmonised one.
var measures = map[string]string{
	"Children looked after at 31 March each year":    schemas.MeasureLookedAfter31March,
	"Children looked after on 31 March each year":    schemas.MeasureLookedAfter31March,
	"Children starting to be looked after each year": schemas.MeasureStarting,
	"Children ceasing to be looked after each year":  schemas.MeasureCeasing,
}

var levels = map[string]bool{schemas.National: true, schemas.Regional: true, schemas.LocalAuthority: true}

// legacyLevels maps the underlying data files' geog_l to EES levels.
// SFR27/2010 writes National and GOR (Government Office Region); the
// later files NATIONAL and REGION. SFR50/2017 leaves geog_l blank on its
// one row for the Isles of Scilly, an authority (three-digit code 420).
var legacyLevels = map[string]string{
	"National": schemas.National, "NATIONAL": schemas.National,
	"GOR": schemas.Regional, "REGION": schemas.Regional,
	"LA": schemas.LocalAuthority, "": schemas.LocalAuthority,
}

// legacySymbol is how one symbol of the underlying data files is published.
type legacySymbol struct {
	ees     string // the EES/GSS symbol CSV, Excel and Parquet carry
	meaning string // what DfE's files mean by it
}

// legacySymbols maps the symbols of DfE's underlying data files (2010 to
// 2019) to the EES ones, by their documented meaning. The files' x is not
// EES's x: until 2018 DfE used x for a suppressed figure ("numbers from one
// to five inclusive ... have been suppressed and replaced by a cross (x)",
// metadata 2017 and 2018, and figures suppressed so that they cannot be
// worked out from others), which EES calls c; CLA2019 writes c itself.
// Parquet's _status holds the EES symbol, since keeping the files' x would
// read as "not available". The Notes sheet of children_in_care says so
// (schemas.ChildrenInCare.Notes; a test keeps the two in step).
var legacySymbols = map[string]legacySymbol{
	"x":  {"c", "suppressed to protect confidentiality (one to five children, or a figure from which a suppressed one could be worked out), files of 2010 to 2018"},
	"c":  {"c", "suppressed to protect confidentiality, CLA2019"},
	"..": {"x", "not available (metadata 2017 to 2019: \"where data is not available it is reported as '..'\")"},
	// Not defined in the metadata; DfE's tables use "." for not applicable.
	// CLA2019 writes it for the Isles of Scilly's rates, where no children
	// are looked after.
	".": {"z", "not applicable"},
	// Not defined in the metadata; it stands in percentage columns for
	// shares that round to 0 but are not 0 (England's 30 children under
	// child protection grounds of 75,420 in CLA2018), which EES calls low.
	// No column children_in_care reads has it.
	"-": {"low", "a figure that rounds to 0 but is not 0"},
}

// legacyRegionSpellings are region names of the underlying data files that
// DfE's regions.csv spells otherwise (after geo.Normalise).
var legacyRegionSpellings = map[string]string{
	"yorkshire and humber": "Yorkshire and The Humber", // CLA2019
}

// legacyLASpellings are authority names of the underlying data files that
// DfE's las.csv spells otherwise (after geo.Normalise).
var legacyLASpellings = map[string]string{
	"bedford borough": "Bedford", // SFR27/2010, CLA2019
}

// londonHalves are the regions that files of 2011 to 2018 give London's
// ONS code (E12000007) beside the name Inner London or Outer London; they
// are published under their own codes, as CLA2019 and the EES files give.
var londonHalves = map[string]bool{"E13000001": true, "E13000002": true}

// ErrNotNumber, ErrBadValue, ErrDuplicate and ErrNoLookup describe cell
// and input problems.
var (
	ErrNotNumber = errors.New("not a number or a known symbol")
	ErrBadValue  = errors.New("not an allowed value")
	ErrDuplicate = errors.New("row repeats an earlier row's time period, geography and measure")
	ErrNoLookup  = errors.New("DfE's local authority lookup (las.csv, regions.csv) is needed to read an underlying data file")
)

// required lists the columns a layout reads.
func (l layout) required() []string {
	if l.placements {
		return placementColumns
	}
	if l.wide == nil {
		return append(append([]string(nil), common...), l.measure, l.count)
	}
	cols := []string{colLevel, colCode, colName}
	if l.wide.ons != "" {
		cols = append(cols, l.wide.ons)
	}
	for _, y := range l.wide.years {
		cols = append(cols, fmt.Sprintf(l.wide.count, y))
		if l.wide.rate != "" {
			cols = append(cols, fmt.Sprintf(l.wide.rate, y))
		}
		if l.wide.population != "" {
			cols = append(cols, fmt.Sprintf(l.wide.population, y-l.wide.popLag))
		}
	}
	for _, p := range l.wide.placements {
		cols = append(cols, p.column)
		if p.percentage != "" {
			cols = append(cols, p.percentage)
		}
	}
	return cols
}

// extraYears lists the 31 March count columns a header has for years the
// wide layout does not cover: CLA2019's header has every column of a
// one-year 2015 layout, and must not be read as one.
func (l layout) extraYears(header map[string]int) []string {
	if l.wide == nil {
		return nil
	}
	i := strings.Index(l.wide.count, "%d")
	re := regexp.MustCompile("^" + regexp.QuoteMeta(l.wide.count[:i]) + `(\d{4})` + regexp.QuoteMeta(l.wide.count[i+2:]) + "$")
	covered := map[string]bool{}
	for _, y := range l.wide.years {
		covered[strconv.Itoa(int(y))] = true
	}
	var extra []string
	for h := range header {
		if m := re.FindStringSubmatch(h); m != nil && !covered[m[1]] {
			extra = append(extra, h)
		}
	}
	sort.Strings(extra)
	return extra
}

// detect picks the layout whose columns the header has, returning the
// index of every column it reads.
func detect(file string, header []string) (layout, map[string]int, error) {
	idx := make(map[string]int, len(header))
	for i, h := range header {
		if h = strings.TrimSpace(h); h != "" {
			idx[h] = i
		}
	}
	var best *extract.LayoutError
	bestMiss := -1
	for _, l := range layouts {
		var missing []string
		for _, c := range l.required() {
			if _, ok := idx[c]; !ok {
				missing = append(missing, c)
			}
		}
		extra := l.extraYears(idx)
		if len(missing) == 0 && len(extra) == 0 {
			return l, idx, nil
		}
		if n := len(missing) + len(extra); bestMiss < 0 || n < bestMiss {
			bestMiss = n
			best = &extract.LayoutError{File: file, Row: 1, Found: header, Missing: missing}
			if len(missing) > 0 {
				best.Column = missing[0]
			}
			if len(extra) > 0 {
				best.Column = extra[0]
				best.Detail = fmt.Sprintf("the closest known layout (%s) has no %s", l.name, strings.Join(extra, ", "))
			}
		}
	}
	return layout{}, nil, best
}

// Parse reads one data file: an EES cla_number_and_rate_per_10k_children
// file, or a local authority underlying data file of 2010 to 2019, which
// needs DfE's lookup (places) for codes and names; EES files do not, and
// places may then be nil.
func Parse(sourceID, file string, data []byte, places *geo.Lookup) (*Release, error) {
	// The underlying data files were written on Windows: a file that is
	// not UTF-8 is read as Windows-1252 (the vendored ones are ASCII, which
	// both agree on). The byte-order mark goes too: encoding/csv would keep
	// it in the first header.
	data, err := charset.Decode(data, "")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", file, err)
	}
	header = append([]string(nil), header...)
	l, idx, err := detect(file, header)
	if err != nil {
		return nil, err
	}
	rel := &Release{SourceID: sourceID, Layout: l.name}
	if l.wide != nil {
		if places == nil {
			return nil, fmt.Errorf("%s (%s): %w", file, l.name, ErrNoLookup)
		}
		// The files vary in length from row to row (SFR36/2014 has three
		// unnamed empty columns on some rows only).
		cr.FieldsPerRecord = -1
		return rel, parseWide(rel, l, file, cr, idx, places)
	}
	if l.placements {
		return rel, parsePlacements(rel, file, cr, idx)
	}
	return rel, parseLong(rel, l, file, cr, idx)
}

// record is one row of a DfE CSV file, read by column name.
type record struct {
	file string
	line int
	rec  []string
	idx  map[string]int
}

// get is a cell's text, trimmed; "" when the row is short of the column.
func (r record) get(col string) string {
	if i := r.idx[col]; i < len(r.rec) {
		return strings.TrimSpace(r.rec[i])
	}
	return ""
}

// cellErr places err at a cell of the row.
func (r record) cellErr(col string, err error) error {
	return &extract.CellError{File: r.file, Row: r.line, Column: col, Value: r.get(col), Err: err}
}

// eachRecord calls f with every record the reader has left, stopping at
// the first error.
func eachRecord(file string, cr *csv.Reader, idx map[string]int, f func(record) error) error {
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		r := record{file: file, rec: rec, idx: idx}
		r.line, _ = cr.FieldPos(0)
		if err := f(r); err != nil {
			return err
		}
	}
}

// year reads the time_period column: a four-digit year.
func (r record) year() (int32, error) {
	y, err := strconv.ParseInt(r.get("time_period"), 10, 32)
	if err != nil || y < 1000 || y > 9999 {
		return 0, r.cellErr("time_period", ErrBadValue)
	}
	return int32(y), nil
}

// parseLong reads the rows of an EES file.
func parseLong(rel *Release, l layout, file string, cr *csv.Reader, idx map[string]int) error {
	seen := map[key]int{}
	return eachRecord(file, cr, idx, func(r record) error {
		get, cellErr, line := r.get, r.cellErr, r.line
		row := Row{SourceID: rel.SourceID, TimeIdentifier: get("time_identifier")}
		var err error
		if row.TimePeriod, err = r.year(); err != nil {
			return err
		}
		if row.TimeIdentifier != "Reporting year" {
			return cellErr("time_identifier", ErrBadValue)
		}
		g := schemas.Geography{
			Level: get("geographic_level"), CountryCode: get("country_code"), CountryName: get("country_name"),
			RegionCode: get("region_code"), RegionName: get("region_name"),
			NewLACode: get("new_la_code"), OldLACode: get("old_la_code"), LAName: get("la_name"),
		}
		if !levels[g.Level] {
			return cellErr("geographic_level", ErrBadValue)
		}
		if g.Code() == "" {
			return &extract.CellError{File: file, Row: line, Column: "code of " + g.Level, Err: ErrBadValue}
		}
		row.Geography = g
		m, ok := measures[get(l.measure)]
		if !ok {
			return cellErr(l.measure, ErrBadValue)
		}
		row.Measure = m
		for _, f := range []struct {
			col   string
			dst   *schemas.Value
			float bool
		}{{l.count, &row.Count, false}, {"rate_per_10000", &row.Rate, true}, {"population_estimate", &row.Population, false}} {
			v, err := parseNumber(get(f.col), f.float)
			if err != nil {
				return cellErr(f.col, err)
			}
			*f.dst = v
		}
		k := row.key()
		if first, dup := seen[k]; dup {
			return cellErr(l.measure, fmt.Errorf("%w (line %d)", ErrDuplicate, first))
		}
		seen[k] = line
		rel.Rows = append(rel.Rows, row)
		return nil
	})
}

// parseWide reads the rows of an underlying data file: each geography's
// row gives one children_in_care row per year the file covers.
func parseWide(rel *Release, l layout, file string, cr *csv.Reader, idx map[string]int, places *geo.Lookup) error {
	w := l.wide
	seen := map[key]int{}
	return eachRecord(file, cr, idx, func(r record) error {
		get, cellErr, line := r.get, r.cellErr, r.line
		// Every year's row of an authority is placed on the codes the file
		// gives; the year a file ends on decides which authority a DfE code
		// meant (2010 only, one year).
		g, absent, err := legacyPlace(w, get, places, time.Date(int(w.years[len(w.years)-1]), time.March, 31, 0, 0, 0, 0, time.UTC))
		if err != nil {
			var ce *extract.CellError
			if errors.As(err, &ce) {
				ce.File, ce.Row = file, line
			}
			return err
		}
		for _, y := range w.years {
			row := Row{SourceID: rel.SourceID, TimePeriod: y, TimeIdentifier: "Reporting year", Geography: g,
				Measure: schemas.MeasureLookedAfter31March, absent: absent}
			for _, f := range []struct {
				pattern string
				year    int32
				dst     *schemas.Value
				float   bool
				bit     absence
			}{{w.count, y, &row.Count, false, 0}, {w.rate, y, &row.Rate, true, absentRate},
				{w.population, y - w.popLag, &row.Population, false, absentPopulation}} {
				if f.pattern == "" {
					// A column the file lacks: not available, never 0.
					*f.dst = schemas.Missing("x")
					row.absent |= f.bit
					continue
				}
				col := fmt.Sprintf(f.pattern, f.year)
				v, err := parseLegacy(get(col), f.float)
				if err != nil {
					return cellErr(col, err)
				}
				*f.dst = v
			}
			k := row.key()
			if first, dup := seen[k]; dup {
				return cellErr(colCode, fmt.Errorf("%w (line %d)", ErrDuplicate, first))
			}
			seen[k] = line
			rel.Rows = append(rel.Rows, row)
		}
		return widePlacements(rel, w, g, absent, get, cellErr)
	})
}

// widePlacements reads an underlying data file row's placements on 31
// March of the file's last year: all children (the 31 March count), and
// each column of w.placements.
func widePlacements(rel *Release, w *wide, g schemas.Geography, absent absence, get func(string) string, cellErr func(string, error) error) error {
	if len(w.placements) == 0 {
		return nil
	}
	y := w.years[len(w.years)-1]
	all := locality(fmt.Sprintf(w.count, y), schemas.LocalityAll)
	for _, c := range append([]legacyPlacement{all}, w.placements...) {
		p := Placement{TimePeriod: y, Geography: g, Locality: c.locality, Type: c.ptype, Provider: c.provider,
			SourceID: rel.SourceID, absent: absent}
		var err error
		if p.Count, err = parseLegacy(get(c.column), false); err != nil {
			return cellErr(c.column, err)
		}
		if c.percentage == "" {
			// Not in the file: not available, never 0.
			p.Percentage = schemas.Missing("x")
			p.absent |= absentPercentage
		} else if p.Percentage, err = parseLegacy(get(c.percentage), true); err != nil {
			return cellErr(c.percentage, err)
		}
		rel.Placements = append(rel.Placements, p)
	}
	return nil
}

// legacyPlace reads an underlying data file row's geography: England; a
// region by its name, under DfE's code and spelling (regions.csv); or an
// authority by its codes, spelt as DfE's las.csv spells it, in the region
// las.csv gives (the files give none). An authority of a file with DfE
// codes only (2010) gets the ONS code of the authority in operation on day.
func legacyPlace(w *wide, get func(string) string, places *geo.Lookup, day time.Time) (schemas.Geography, absence, error) {
	bad := func(col string, e error) error { return &extract.CellError{Column: col, Value: get(col), Err: e} }
	level, ok := legacyLevels[get(colLevel)]
	if !ok {
		return schemas.Geography{}, 0, bad(colLevel, ErrBadValue)
	}
	g := schemas.Geography{Level: level, CountryCode: geo.England, CountryName: "England"}
	ons := ""
	if w.ons != "" {
		ons = get(w.ons)
	}
	name := get(colName)
	switch level {
	case schemas.National:
		// SFR27/2010 gives England the code 921 (the Isle of Wight's), the
		// later files 999: the level and name say it is England.
		if geo.Normalise(name) != "england" {
			return g, 0, bad(colName, ErrBadValue)
		}
		if ons != "" && ons != geo.England {
			return g, 0, bad(w.ons, ErrBadValue)
		}
		return g, 0, nil
	case schemas.Regional:
		n := geo.Normalise(name)
		if s, ok := legacyRegionSpellings[n]; ok {
			n = s
		}
		code := places.Region(n)
		if code == "" {
			return g, 0, bad(colName, fmt.Errorf("%w: not a region of DfE's regions.csv", ErrBadValue))
		}
		if ons != "" && ons != code && !(ons == "E12000007" && londonHalves[code]) {
			return g, 0, bad(w.ons, fmt.Errorf("%w: the region named %q is %s", ErrBadValue, name, code))
		}
		g.RegionCode, g.RegionName = code, places.RegionName(code)
		return g, 0, nil
	}
	code := get(colCode)
	var la geo.LA
	absent := absentRegion
	if ons == "" {
		var err error
		if la, err = places.ByDfECode(code, day); err != nil {
			return g, 0, bad(colCode, fmt.Errorf("%w: %v", ErrBadValue, err))
		}
		absent |= absentNewLACode
	} else {
		found, ok := places.ByCode(ons)
		if !ok || found.OldCode != code {
			return g, 0, bad(w.ons, fmt.Errorf("%w: no authority %s with DfE code %s in DfE's las.csv", ErrBadValue, ons, code))
		}
		la = found
	}
	n := geo.Normalise(name)
	if s, ok := legacyLASpellings[n]; ok {
		n = s
	}
	if !la.Named(n) {
		return g, 0, bad(colName, fmt.Errorf("%w: DfE's las.csv names %s (%s) %q", ErrBadValue, code, la.NewCode, la.Name))
	}
	g.RegionCode, g.RegionName = la.RegionCode, la.RegionName
	g.NewLACode, g.OldLACode, g.LAName = la.NewCode, la.OldCode, la.Name
	return g, absent, nil
}

// parseNumber reads a count or rate of an EES file: digits, or a
// suppression symbol which becomes a null carrying the symbol. Never 0.
func parseNumber(s string, float bool) (schemas.Value, error) {
	if s == "" {
		return schemas.Null(), nil
	}
	if schemas.IsSymbol(s) {
		return schemas.Missing(s), nil
	}
	return number(s, float)
}

// parseLegacy reads a count, rate or population of an underlying data
// file: digits, or one of the files' symbols (legacySymbols), which
// becomes a null carrying the EES symbol. A blank cell is an error: the
// files do not leave the columns read blank.
func parseLegacy(s string, float bool) (schemas.Value, error) {
	if sym, ok := legacySymbols[s]; ok {
		return schemas.Missing(sym.ees), nil
	}
	return number(s, float)
}

func number(s string, float bool) (schemas.Value, error) {
	if float {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || strings.ContainsAny(s, "eEnN") {
			return schemas.Value{}, ErrNotNumber
		}
		return schemas.Float(f), nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return schemas.Value{}, ErrNotNumber
	}
	return schemas.Int(n), nil
}
