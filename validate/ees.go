package validate

import (
	"encoding/csv"
	"fmt"
	"hash/maphash"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/caredata/caredata/sources"
)

// The EES data standard's screener checks that apply to a data file and
// its .meta.csv. They are written from the rules in DfE's analysts' guide
// and the eesyscreener package's documented checks (GPL code, not copied);
// the names in brackets are the screener's.
func init() {
	for k, v := range map[string]string{
		"ees-filename":           "file names use only lower-case letters, digits, - and _ [filename_spaces, filename_special]",
		"ees-meta-missing":       "every data file has its .meta.csv and every .meta.csv its data file [filenames_match]",
		"ees-col-name":           "column names are unique, not empty, without spaces and at most 50 characters [col_names_spaces, api_char_col_name]",
		"ees-col-snake-case":     "column names are snake_case starting with a lower-case letter [col_snake_case, col_var_start]",
		"ees-col-required":       "time_period, time_identifier, geographic_level, country_code and country_name are present [col_req_data]",
		"ees-meta-columns":       "the .meta.csv has its 8 columns and no others [col_req_meta, col_invalid_meta]",
		"ees-meta-col-name":      "meta col_name is filled, unique, without spaces and not a time or geography column [meta_col_name, meta_col_name_dupe, meta_ob_unit]",
		"ees-meta-col-type":      "meta col_type is Filter or Indicator [meta_col_type]",
		"ees-meta-label":         "every meta row has a unique label of at most 100 characters [meta_label, meta_dupe_label, api_char_col_label]",
		"ees-meta-filter-fields": "filters have no unit, dp or indicator grouping; indicators no filter hint or grouping column [meta_indicator_dp, meta_ind_unit, meta_indicator_grouping, meta_filter_hint, meta_fil_grp]",
		"ees-meta-unit":          "indicator_unit is blank, %, pp, £, £m or numberstring [meta_ind_unit_validation]",
		"ees-meta-dp":            "indicator_dp is blank or a whole number of at least 0 [meta_ind_dp_values]",
		"ees-meta-dp-set":        "every indicator sets indicator_dp [meta_ind_dp_set]",
		"ees-meta-grouping":      "a filter grouping column is a column of the data file, used by one filter only [meta_fil_grp_match, meta_fil_grp_dupe]",
		"ees-data-not-in-meta":   "every data column is a time or geography column or described in the .meta.csv [cross_data_to_meta]",
		"ees-time-period":        "time_period is 4 or 6 digits as its time_identifier needs, 6-digit periods being consecutive years [time_period_num, time_period, time_period_six]",
		"ees-time-identifier":    "time_identifier is an allowed value, all from one group in a file [time_id_valid, time_id_mix]",
		"ees-geog-level":         "geographic_level is an allowed level [geog_level]",
		"ees-geog-columns":       "the code and name columns of every level present are in the file [geog_level_present, geog_la_col_present]",
		"ees-geog-completed":     "every row fills country and its own level's code and name; code x has name Not available [geog_level_completed, geog_na]",
		"ees-geog-overcompleted": "a row leaves the columns of lower levels blank [geog_overcompleted_cols]",
		"ees-geog-combos":        "country, region and local authority code-name pairs are DfE's (lookups country.csv, regions.csv, las.csv) [geog_*_combos]",
		"ees-geog-region-for-la": "local authority rows carry their region [geog_region_for_la]",
		"ees-filter-blank":       "no filter cell is blank [filter_blanks]",
		"ees-filter-whitespace":  "no filter item has leading or trailing spaces [filter_whitespace]",
		"ees-filter-singular":    "every filter has at least two items [filter_not_singular]",
		"ees-filter-default":     "every filter has a Total item or names its filter_default [filter_defaults]",
		"ees-indicator-value":    "an indicator cell is a number or a symbol c, x, z, low, k or u [ind_invalid_entry]",
		"ees-null":               "no cell is NULL, null, NA or na [general_null]",
		"ees-duplicate-row":      "no two rows share time, geography and every filter [general_dupes]",
		"ees-empty":              "no row or column is wholly blank [data_empty_rows, data_empty_cols]",
		"ees-api-limits":         "location codes are at most 30 characters and filter items at most 120 [api_char_loc_code, api_char_filter_items]",
	} {
		Rules[k] = v
	}
	for _, w := range []string{"ees-col-snake-case", "ees-meta-dp-set", "ees-data-not-in-meta", "ees-geog-region-for-la", "ees-filter-default"} {
		Warnings[w] = true
	}
}

// metaColumns are the .meta.csv columns EES requires; metaOptional the
// others it accepts.
var (
	metaColumns  = []string{"col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp", "filter_hint", "filter_grouping_column"}
	metaOptional = map[string]bool{"filter_default": true, "parent_filter": true}
	requiredData = []string{"time_period", "time_identifier", "geographic_level", "country_code", "country_name"}
	allowedUnits = map[string]bool{"": true, "%": true, "pp": true, "£": true, "£m": true, "numberstring": true}
	eesSymbols   = map[string]bool{"c": true, "x": true, "z": true, "low": true, "k": true, "u": true}
	nullLike     = map[string]bool{"NULL": true, "Null": true, "null": true, "NA": true, "na": true}
	fileNameOK   = regexp.MustCompile(`^[a-z0-9_-]+(\.meta)?\.csv$`)
	snakeCase    = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	numberRE     = regexp.MustCompile(`^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`)
)

// level is a geographic level with its code and name columns: the columns
// that must be filled on its rows.
type level struct {
	name     string
	required []string // filled on every row of the level
	optional []string // present, may be blank (new_la_code of a legacy LA)
	rank     int      // 0 national, 1 regional, 2 local authority, 3 other
	// need are the columns a row of the level must have: the country's,
	// the level's own and, for authorities, the optional ones (set once,
	// not on every row).
	need []string
}

var levels = func() map[string]level {
	m := map[string]level{
		"National":        {required: []string{"country_code", "country_name"}, rank: 0},
		"Regional":        {required: []string{"region_code", "region_name"}, rank: 1},
		"Local authority": {required: []string{"old_la_code", "la_name"}, optional: []string{"new_la_code"}, rank: 2},
	}
	for name, cols := range map[string][2]string{
		"Local authority district":           {"lad_code", "lad_name"},
		"Parliamentary constituency":         {"pcon_code", "pcon_name"},
		"Local skills improvement plan area": {"lsip_code", "lsip_name"},
		"Local enterprise partnership":       {"local_enterprise_partnership_code", "local_enterprise_partnership_name"},
		"English devolved area":              {"english_devolved_area_code", "english_devolved_area_name"},
		"Opportunity area":                   {"opportunity_area_code", "opportunity_area_name"},
		"Ward":                               {"ward_code", "ward_name"},
		"MAT":                                {"trust_id", "trust_name"},
		"Sponsor":                            {"sponsor_id", "sponsor_name"},
		"School":                             {"school_urn", "school_name"},
		"Provider":                           {"provider_ukprn", "provider_name"},
		"Institution":                        {"institution_id", "institution_name"},
		"Planning area":                      {"planning_area_code", "planning_area_name"},
		"Police force area":                  {"pfa_code", "pfa_name"},
	} {
		m[name] = level{required: cols[:], rank: 3}
	}
	m["RSC region"] = level{required: []string{"rsc_region_lead_name"}, rank: 3}
	for name, l := range m {
		l.name = name
		l.need = append([]string{"country_code", "country_name"}, l.required...)
		if l.rank == 2 {
			l.need = append(l.need, l.optional...)
		}
		m[name] = l
	}
	return m
}()

// codeNamePairs are the levels whose code and name go together (code x
// with the name Not available), in name order so that checks run alike
// every time.
var codeNamePairs = func() [][2]string {
	var out [][2]string
	for _, l := range levels {
		if len(l.required) == 2 && strings.HasSuffix(l.required[0], "_code") {
			out = append(out, [2]string{l.required[0], l.required[1]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}()

// Columns that are blank on rows above the local authority level.
var (
	belowRegion   = []string{"old_la_code", "new_la_code", "la_name"}
	belowNational = []string{"old_la_code", "new_la_code", "la_name", "region_code", "region_name"}
)

// observational reports whether a column is a time or geography column,
// which the .meta.csv must not describe.
func observational(col string) bool {
	switch col {
	case "time_period", "time_identifier", "geographic_level", "new_la_code", "school_laestab":
		return true
	}
	for _, l := range levels {
		for _, c := range append(l.required, l.optional...) {
			if c == col {
				return true
			}
		}
	}
	return false
}

// timeGroups maps every allowed time_identifier to its compatibility group
// and the digits its time_period has.
var timeGroups = func() map[string]struct {
	group  string
	digits int
} {
	type g = struct {
		group  string
		digits int
	}
	m := map[string]g{
		"Calendar year": {"calendar", 4}, "Reporting year": {"reporting", 4}, "Academic year": {"academic", 6},
		"Financial year": {"financial", 6}, "Tax year": {"tax", 6},
		"Part 1 (April to September)": {"financial halves", 6}, "Part 2 (October to March)": {"financial halves", 6},
		"Autumn term": {"terms", 6}, "Spring term": {"terms", 6}, "Summer term": {"terms", 6},
		"Autumn and spring term": {"two terms", 6},
	}
	for q := 1; q <= 4; q++ {
		m[fmt.Sprintf("Financial year Q%d", q)] = g{"financial quarters", 6}
	}
	for _, mo := range []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"} {
		m[mo] = g{"months", 4}
	}
	for w := 1; w <= 52; w++ {
		m[fmt.Sprintf("Week %d", w)] = g{"weeks", 4}
	}
	return m
}()

// lookups are DfE's code-name lists, vendored under sources/lookups with
// their origin in the manifest.
type lookups struct {
	country, region map[string]bool // "code\x00name"
	la              map[string]bool // "old\x00new\x00name"
}

// embeddedLookups parses the embedded lookups once: they cannot change
// while the program runs, and a nightly schedule validates every release.
var embeddedLookups = sync.OnceValues(loadLookups)

func loadLookups() (*lookups, error) {
	l := &lookups{country: map[string]bool{}, region: map[string]bool{}, la: map[string]bool{}}
	read := func(path string, cols []string, into map[string]bool) error {
		f, err := sources.FS.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil || len(rows) < 2 {
			return fmt.Errorf("lookup %s: %v", path, err)
		}
		idx := make([]int, len(cols))
		for i, c := range cols {
			idx[i] = -1
			for j, h := range rows[0] {
				if h == c {
					idx[i] = j
				}
			}
			if idx[i] < 0 {
				return fmt.Errorf("lookup %s: no column %s", path, c)
			}
		}
		for _, r := range rows[1:] {
			k := make([]string, len(idx))
			for i, j := range idx {
				k[i] = r[j]
			}
			into[strings.Join(k, "\x00")] = true
		}
		return nil
	}
	for _, x := range []struct {
		path string
		cols []string
		into map[string]bool
	}{
		{"lookups/country.csv", []string{"country_code", "country_name"}, l.country},
		{"lookups/regions.csv", []string{"region_code", "region_name"}, l.region},
		{"lookups/las.csv", []string{"old_la_code", "new_la_code", "la_name"}, l.la},
	} {
		if err := read(x.path, x.cols, x.into); err != nil {
			return nil, err
		}
	}
	// Universal options for a location with no standard code.
	for _, n := range []string{"Not applicable", "Unknown", "Outside of England", "Outside of the United Kingdom", "Outside of England and unknown", "Outside of the United Kingdom and unknown"} {
		l.region["z\x00"+n] = true
	}
	return l, nil
}

// metaRow is one row of a .meta.csv.
type metaRow struct {
	line                                       int
	name, typ, label, grouping, unit, dp, hint string
	groupingColumn, filterDefault              string
	hasDefault                                 bool
}

// eesFile checks one EES data file row by row, after its .meta.csv.
type eesFile struct {
	name, meta string
	add        func(Finding)
	lk         *lookups

	header     []string
	col        map[string]int
	filters    []int // data column indexes
	indicators []int
	defaults   map[int]string // filter column → its filter_default
	geoCols    []int          // every geography code column present, for keys
	locCodes   []int

	groups    map[string]string // time group seen first, by identifier
	firstTime string
	items     []map[string]bool // per filter: items seen (capped)
	filled    []bool            // per column: any cell filled
	seed      maphash.Seed
	keys      map[[2]uint64]int // row key → first line
	reported  map[string]int
}

const maxItems = 25001 // EES's filter limit, plus one to know it was passed

// newEESFile reads the .meta.csv and returns the per-row checker, or nil
// when the meta file is too broken to check the data against it.
func newEESFile(name, meta string, metaRows [][]string, header []string, lk *lookups, add func(Finding)) *eesFile {
	e := &eesFile{name: name, meta: meta, add: add, lk: lk, header: header, col: map[string]int{},
		defaults: map[int]string{}, groups: map[string]string{}, seed: maphash.MakeSeed(),
		keys: map[[2]uint64]int{}, reported: map[string]int{}}
	for i, h := range header {
		e.col[h] = i
	}
	e.checkHeader()
	rows := e.checkMeta(metaRows)
	for _, r := range rows {
		i, ok := e.col[r.name]
		if !ok {
			continue // csv-meta-missing-col reports it
		}
		switch r.typ {
		case "Filter":
			e.filters = append(e.filters, i)
			if r.hasDefault && r.filterDefault != "" {
				e.defaults[i] = r.filterDefault
			}
		case "Indicator":
			e.indicators = append(e.indicators, i)
		}
	}
	for _, l := range levels {
		for _, c := range append(l.required, l.optional...) {
			if i, ok := e.col[c]; ok && (strings.HasSuffix(c, "_code") || strings.HasSuffix(c, "_id") || strings.HasSuffix(c, "_urn") || strings.HasSuffix(c, "_ukprn")) {
				e.locCodes = append(e.locCodes, i)
			}
			if i, ok := e.col[c]; ok {
				e.geoCols = append(e.geoCols, i)
			}
		}
	}
	e.geoCols = uniqueInts(e.geoCols)
	e.locCodes = uniqueInts(e.locCodes)
	e.items = make([]map[string]bool, len(e.filters))
	for i := range e.items {
		e.items[i] = map[string]bool{}
	}
	e.filled = make([]bool, len(header))
	return e
}

func uniqueInts(v []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, i := range v {
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

func (e *eesFile) find(f Finding) {
	if f.File == "" {
		f.File = e.name
	}
	e.add(f)
}

func (e *eesFile) checkHeader() {
	seen := map[string]bool{}
	for _, h := range e.header {
		switch {
		case strings.TrimSpace(h) == "" || strings.ContainsAny(h, " \t") || len(h) > 50 || seen[h]:
			e.find(Finding{Row: 1, Column: h, Rule: "ees-col-name", Detail: fmt.Sprintf("column name %q is empty, repeated, has a space or is over 50 characters", h)})
		case !snakeCase.MatchString(h):
			e.find(Finding{Row: 1, Column: h, Rule: "ees-col-snake-case", Detail: fmt.Sprintf("column name %q is not snake_case starting with a letter", h)})
		}
		seen[h] = true
	}
	for _, c := range requiredData {
		if _, ok := e.col[c]; !ok {
			e.find(Finding{Row: 1, Column: c, Rule: "ees-col-required", Detail: "mandatory column " + c + " is missing"})
		}
	}
}

// checkMeta applies the .meta.csv rules and returns its rows.
func (e *eesFile) checkMeta(rows [][]string) []metaRow {
	mf := func(line int, col, rule, detail string) {
		e.add(Finding{File: e.meta, Row: line, Column: col, Rule: rule, Detail: detail})
	}
	if len(rows) == 0 {
		mf(1, "", "ees-meta-columns", "the .meta.csv is empty")
		return nil
	}
	idx := map[string]int{}
	for i, h := range rows[0] {
		idx[h] = i
		if !metaOptional[h] && !contains(metaColumns, h) {
			mf(1, h, "ees-meta-columns", fmt.Sprintf("%q is not a .meta.csv column", h))
		}
	}
	for _, c := range metaColumns {
		if _, ok := idx[c]; !ok {
			mf(1, c, "ees-meta-columns", "required column "+c+" is missing")
		}
	}
	get := func(r []string, c string) string {
		if i, ok := idx[c]; ok && i < len(r) {
			return r[i]
		}
		return ""
	}
	var out []metaRow
	names, labels, groupings := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for n, r := range rows[1:] {
		_, hasDefault := idx["filter_default"]
		m := metaRow{line: n + 2, name: get(r, "col_name"), typ: get(r, "col_type"), label: get(r, "label"),
			grouping: get(r, "indicator_grouping"), unit: get(r, "indicator_unit"), dp: get(r, "indicator_dp"),
			hint: get(r, "filter_hint"), groupingColumn: get(r, "filter_grouping_column"),
			filterDefault: get(r, "filter_default"), hasDefault: hasDefault}
		switch {
		case strings.TrimSpace(m.name) == "" || strings.ContainsAny(m.name, " \t") || names[m.name]:
			mf(m.line, "col_name", "ees-meta-col-name", fmt.Sprintf("col_name %q is blank, has a space or is repeated", m.name))
		case observational(m.name):
			mf(m.line, "col_name", "ees-meta-col-name", fmt.Sprintf("%q is a time or geography column, which the .meta.csv must not describe", m.name))
		}
		names[m.name] = true
		if m.typ != "Filter" && m.typ != "Indicator" {
			mf(m.line, "col_type", "ees-meta-col-type", fmt.Sprintf("col_type %q is not Filter or Indicator", m.typ))
		}
		if strings.TrimSpace(m.label) == "" || labels[m.label] || len([]rune(m.label)) > 100 {
			mf(m.line, "label", "ees-meta-label", fmt.Sprintf("label %q is blank, repeated or over 100 characters", m.label))
		}
		labels[m.label] = true
		switch m.typ {
		case "Filter":
			for _, c := range []struct{ col, v string }{{"indicator_unit", m.unit}, {"indicator_dp", m.dp}, {"indicator_grouping", m.grouping}} {
				if c.v != "" {
					mf(m.line, c.col, "ees-meta-filter-fields", fmt.Sprintf("filter %s has %s %q", m.name, c.col, c.v))
				}
			}
			if m.groupingColumn != "" {
				if _, ok := e.col[m.groupingColumn]; !ok || groupings[m.groupingColumn] {
					mf(m.line, "filter_grouping_column", "ees-meta-grouping", fmt.Sprintf("grouping column %q is not a data column or is used twice", m.groupingColumn))
				}
				groupings[m.groupingColumn] = true
			}
		case "Indicator":
			for _, c := range []struct{ col, v string }{{"filter_hint", m.hint}, {"filter_grouping_column", m.groupingColumn}} {
				if c.v != "" {
					mf(m.line, c.col, "ees-meta-filter-fields", fmt.Sprintf("indicator %s has %s %q", m.name, c.col, c.v))
				}
			}
			if !allowedUnits[m.unit] {
				mf(m.line, "indicator_unit", "ees-meta-unit", fmt.Sprintf("unit %q is not one of %%, pp, £, £m, numberstring or blank", m.unit))
			}
			if m.dp == "" {
				mf(m.line, "indicator_dp", "ees-meta-dp-set", "indicator "+m.name+" has no indicator_dp (EES shows 2 decimal places)")
			} else if n, err := strconv.Atoi(m.dp); err != nil || n < 0 {
				mf(m.line, "indicator_dp", "ees-meta-dp", fmt.Sprintf("indicator_dp %q is not a whole number of at least 0", m.dp))
			}
		}
		out = append(out, m)
	}
	described := map[string]bool{}
	for _, m := range out {
		described[m.name] = true
		described[m.groupingColumn] = true
	}
	for _, h := range e.header {
		if !described[h] && !observational(h) {
			e.find(Finding{Row: 1, Column: h, Rule: "ees-data-not-in-meta", Detail: fmt.Sprintf("column %s is not described in %s", h, e.meta)})
		}
	}
	return out
}

func contains(v []string, s string) bool {
	for _, x := range v {
		if x == s {
			return true
		}
	}
	return false
}

// once reports a rule at most a few times per file and column: the first
// rows are enough to act on, and a broken million-row file must not make a
// million findings.
func (e *eesFile) once(f Finding) {
	k := f.Rule + "\x00" + f.Column
	if e.reported[k] < 3 {
		e.reported[k]++
		e.find(f)
	}
}

func (e *eesFile) cell(rec []string, col string) (string, bool) {
	i, ok := e.col[col]
	if !ok {
		return "", false
	}
	return rec[i], true
}

// row checks one data row (line is its line in the file).
func (e *eesFile) row(line int, rec []string) {
	blank := true
	for i, v := range rec {
		if v != "" {
			blank = false
			e.filled[i] = true
			if nullLike[v] {
				e.once(Finding{Row: line, Column: e.header[i], Rule: "ees-null", Detail: fmt.Sprintf("%q stands for a missing value: use a symbol (c, x, z, low) in indicators, or a filter item", v)})
			}
		}
	}
	if blank {
		e.once(Finding{Row: line, Rule: "ees-empty", Detail: "the row is wholly blank"})
		return
	}
	e.checkTime(line, rec)
	e.checkGeography(line, rec)
	for n, i := range e.filters {
		v := rec[i]
		switch {
		case v == "":
			e.once(Finding{Row: line, Column: e.header[i], Rule: "ees-filter-blank", Detail: "blank filter cell: use Total for an aggregate row"})
		case strings.TrimSpace(v) != v:
			e.once(Finding{Row: line, Column: e.header[i], Rule: "ees-filter-whitespace", Detail: fmt.Sprintf("filter item %q has leading or trailing spaces", v)})
		case len(v) > 120 && utf8.RuneCountInString(v) > 120:
			e.once(Finding{Row: line, Column: e.header[i], Rule: "ees-api-limits", Detail: "filter item over 120 characters"})
		}
		if len(e.items[n]) < maxItems {
			e.items[n][v] = true
		}
	}
	for _, i := range e.indicators {
		v := rec[i]
		if v != "" && !eesSymbols[v] && !nullLike[v] && !numberRE.MatchString(v) {
			e.once(Finding{Row: line, Column: e.header[i], Rule: "ees-indicator-value", Detail: fmt.Sprintf("%q is neither a number nor a symbol (c, x, z, low, k, u)", v)})
		}
	}
	for _, i := range e.locCodes {
		if len(rec[i]) > 30 {
			e.once(Finding{Row: line, Column: e.header[i], Rule: "ees-api-limits", Detail: "location code over 30 characters"})
		}
	}
	// Duplicate key: time, geography and every filter.
	var h1, h2 maphash.Hash
	h1.SetSeed(e.seed)
	h2.SetSeed(e.seed)
	h2.WriteByte(1)
	write := func(s string) {
		h1.WriteString(s)
		h1.WriteByte(0)
		h2.WriteString(s)
		h2.WriteByte(0)
	}
	for _, c := range []string{"time_period", "time_identifier", "geographic_level"} {
		v, _ := e.cell(rec, c)
		write(v)
	}
	for _, i := range e.geoCols {
		write(rec[i])
	}
	for _, i := range e.filters {
		write(rec[i])
	}
	k := [2]uint64{h1.Sum64(), h2.Sum64()}
	if first, dup := e.keys[k]; dup {
		e.once(Finding{Row: line, Rule: "ees-duplicate-row", Detail: fmt.Sprintf("same time, geography and filters as line %d", first)})
	} else {
		e.keys[k] = line
	}
}

func (e *eesFile) checkTime(line int, rec []string) {
	id, okID := e.cell(rec, "time_identifier")
	tp, okTP := e.cell(rec, "time_period")
	if !okID || !okTP {
		return
	}
	g, known := timeGroups[id]
	if !known {
		e.once(Finding{Row: line, Column: "time_identifier", Rule: "ees-time-identifier", Detail: fmt.Sprintf("%q is not an allowed time_identifier", id)})
	} else if e.firstTime == "" {
		e.firstTime = id
	} else if timeGroups[e.firstTime].group != g.group {
		e.once(Finding{Row: line, Column: "time_identifier", Rule: "ees-time-identifier", Detail: fmt.Sprintf("%q mixes with %q earlier in the file: one group of identifiers per file", id, e.firstTime)})
	}
	bad := ""
	switch {
	case len(tp) != 4 && len(tp) != 6 || strings.Trim(tp, "0123456789") != "":
		bad = "is not 4 or 6 digits"
	case known && len(tp) != g.digits:
		bad = fmt.Sprintf("has %d digits; %s needs %d", len(tp), id, g.digits)
	case len(tp) == 6:
		y, _ := strconv.Atoi(tp[:4])
		if next, _ := strconv.Atoi(tp[4:]); next != (y+1)%100 {
			bad = "is not two consecutive years (e.g. 202425)"
		}
	}
	if bad != "" {
		e.once(Finding{Row: line, Column: "time_period", Rule: "ees-time-period", Detail: fmt.Sprintf("time_period %q %s", tp, bad)})
	}
}

func (e *eesFile) checkGeography(line int, rec []string) {
	lvName, ok := e.cell(rec, "geographic_level")
	if !ok {
		return
	}
	lv, known := levels[lvName]
	if !known {
		e.once(Finding{Row: line, Column: "geographic_level", Rule: "ees-geog-level", Detail: fmt.Sprintf("%q is not an EES geographic level", lvName)})
		return
	}
	for _, c := range lv.need {
		v, present := e.cell(rec, c)
		switch {
		case !present:
			e.once(Finding{Row: line, Column: c, Rule: "ees-geog-columns", Detail: fmt.Sprintf("%s rows need a %s column", lvName, c)})
		case v == "" && !contains(lv.optional, c):
			e.once(Finding{Row: line, Column: c, Rule: "ees-geog-completed", Detail: fmt.Sprintf("%s is blank on a %s row", c, lvName)})
		}
	}
	// A code x means "not available", and its name says so.
	for _, pair := range codeNamePairs {
		code, _ := e.cell(rec, pair[0])
		name, _ := e.cell(rec, pair[1])
		if (code == "x") != (name == "Not available") && (code == "x" || name == "Not available") {
			e.once(Finding{Row: line, Column: pair[0], Rule: "ees-geog-completed", Detail: fmt.Sprintf("code %q with name %q: code x goes with the name Not available", code, name)})
		}
	}
	// Lower levels' columns are blank on national and regional rows.
	if lv.rank < 2 {
		lower := belowRegion
		if lv.rank == 0 {
			lower = belowNational
		}
		for _, c := range lower {
			if v, _ := e.cell(rec, c); v != "" {
				e.once(Finding{Row: line, Column: c, Rule: "ees-geog-overcompleted", Detail: fmt.Sprintf("%s is %q on a %s row", c, v, lvName)})
			}
		}
	}
	if lv.rank == 2 {
		if v, _ := e.cell(rec, "region_code"); v == "" {
			e.once(Finding{Row: line, Column: "region_code", Rule: "ees-geog-region-for-la", Detail: "local authority row without its region"})
		}
	}
	if e.lk == nil {
		return
	}
	pair := func(a, b string) (string, bool) {
		x, ok1 := e.cell(rec, a)
		y, ok2 := e.cell(rec, b)
		return x + "\x00" + y, ok1 && ok2 && x+y != "" && x != "x"
	}
	if k, ok := pair("country_code", "country_name"); ok && !e.lk.country[k] {
		e.once(Finding{Row: line, Column: "country_code", Rule: "ees-geog-combos", Detail: fmt.Sprintf("country %q is not in DfE's country.csv", strings.ReplaceAll(k, "\x00", " "))})
	}
	if lv.rank >= 1 {
		if k, ok := pair("region_code", "region_name"); ok && !e.lk.region[k] {
			e.once(Finding{Row: line, Column: "region_code", Rule: "ees-geog-combos", Detail: fmt.Sprintf("region %q is not in DfE's regions.csv", strings.ReplaceAll(k, "\x00", " "))})
		}
	}
	if lv.rank == 2 {
		old, _ := e.cell(rec, "old_la_code")
		nw, _ := e.cell(rec, "new_la_code")
		name, _ := e.cell(rec, "la_name")
		if old != "x" && !e.lk.la[old+"\x00"+nw+"\x00"+name] {
			e.once(Finding{Row: line, Column: "la_name", Rule: "ees-geog-combos", Detail: fmt.Sprintf("local authority %s %s %q is not in DfE's las.csv", old, nw, name)})
		}
	}
}

// finish applies the whole-file rules once every row is read.
func (e *eesFile) finish(rows int) {
	if rows == 0 {
		return
	}
	for i, h := range e.header {
		if !e.filled[i] {
			e.find(Finding{Row: 1, Column: h, Rule: "ees-empty", Detail: "column " + h + " is blank on every row"})
		}
	}
	for n, i := range e.filters {
		items := e.items[n]
		if len(items) < 2 {
			e.find(Finding{Row: 1, Column: e.header[i], Rule: "ees-filter-singular", Detail: "filter has one item: leave it out of the .meta.csv"})
		}
		if len(items) >= maxItems {
			e.find(Finding{Row: 1, Column: e.header[i], Rule: "ees-api-limits", Detail: "filter has more than 25,000 items"})
		}
		def, named := e.defaults[i]
		switch {
		case named && !items[def]:
			e.find(Finding{File: e.meta, Column: "filter_default", Rule: "ees-filter-default", Detail: fmt.Sprintf("filter_default %q of %s is not an item of the data", def, e.header[i])})
		case !named && !items["Total"]:
			e.find(Finding{Row: 1, Column: e.header[i], Rule: "ees-filter-default", Detail: "filter has no Total item and no filter_default: EES picks one for users"})
		}
	}
}
