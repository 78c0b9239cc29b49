package cla

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

// ErrUnknownLayout means a file's header matches no known release layout
// (an *extract.LayoutError says which columns are missing).
var ErrUnknownLayout = extract.ErrUnknownLayout

// layout is one release's naming of the columns that differ.
type layout struct {
	name    string
	measure string // the column naming what is counted
	count   string // the count of children
}

// layouts are the known releases' layouts, oldest first.
var layouts = []layout{
	{name: "2019 to 2023 release", measure: "population_count", count: "number"},
	{name: "2021 to 2025 release", measure: "population_type", count: "children_count"},
}

// common are the columns every layout has.
var common = []string{"time_period", "time_identifier", "geographic_level", "country_code", "country_name",
	"region_code", "region_name", "old_la_code", "la_name", "new_la_code", "population_estimate", "rate_per_10000"}

// measures maps each release's label to the harmonised one.
var measures = map[string]string{
	"Children looked after at 31 March each year":    schemas.MeasureLookedAfter31March,
	"Children looked after on 31 March each year":    schemas.MeasureLookedAfter31March,
	"Children starting to be looked after each year": schemas.MeasureStarting,
	"Children ceasing to be looked after each year":  schemas.MeasureCeasing,
}

var levels = map[string]bool{schemas.National: true, schemas.Regional: true, schemas.LocalAuthority: true}

// ErrNotNumber, ErrBadValue and ErrDuplicate describe cell problems.
var (
	ErrNotNumber = errors.New("not a number or a known symbol")
	ErrBadValue  = errors.New("not an allowed value")
	ErrDuplicate = errors.New("row repeats an earlier row's time period, geography and measure")
)

// detect picks the layout whose columns the header has, returning the
// index of every column it reads.
func detect(file string, header []string) (layout, map[string]int, error) {
	idx := make(map[string]int, len(header))
	for i, h := range header {
		idx[strings.TrimSpace(h)] = i
	}
	var best []string
	for _, l := range layouts {
		var missing []string
		for _, c := range append(append([]string(nil), common...), l.measure, l.count) {
			if _, ok := idx[c]; !ok {
				missing = append(missing, c)
			}
		}
		if len(missing) == 0 {
			return l, idx, nil
		}
		if best == nil || len(missing) < len(best) {
			best = missing
		}
	}
	return layout{}, nil, &extract.LayoutError{File: file, Row: 1, Column: best[0], Found: header, Missing: best}
}

// Parse reads one cla_number_and_rate_per_10k_children file.
func Parse(sourceID, file string, data []byte) (*Release, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // encoding/csv keeps a BOM in the first header
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
	seen := map[key]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(col string) string { return strings.TrimSpace(rec[idx[col]]) }
		cellErr := func(col string, e error) error {
			return &extract.CellError{File: file, Row: line, Column: col, Value: get(col), Err: e}
		}
		row := Row{SourceID: sourceID, TimeIdentifier: get("time_identifier")}
		p, err := strconv.ParseInt(get("time_period"), 10, 32)
		if err != nil || p < 1000 || p > 9999 {
			return nil, cellErr("time_period", ErrBadValue)
		}
		row.TimePeriod = int32(p)
		if row.TimeIdentifier != "Reporting year" {
			return nil, cellErr("time_identifier", ErrBadValue)
		}
		g := schemas.Geography{
			Level: get("geographic_level"), CountryCode: get("country_code"), CountryName: get("country_name"),
			RegionCode: get("region_code"), RegionName: get("region_name"),
			NewLACode: get("new_la_code"), OldLACode: get("old_la_code"), LAName: get("la_name"),
		}
		if !levels[g.Level] {
			return nil, cellErr("geographic_level", ErrBadValue)
		}
		if g.Code() == "" {
			return nil, &extract.CellError{File: file, Row: line, Column: "code of " + g.Level, Err: ErrBadValue}
		}
		row.Geography = g
		m, ok := measures[get(l.measure)]
		if !ok {
			return nil, cellErr(l.measure, ErrBadValue)
		}
		row.Measure = m
		for _, f := range []struct {
			col   string
			dst   *schemas.Value
			float bool
		}{{l.count, &row.Count, false}, {"rate_per_10000", &row.Rate, true}, {"population_estimate", &row.Population, false}} {
			v, err := parseNumber(get(f.col), f.float)
			if err != nil {
				return nil, cellErr(f.col, err)
			}
			*f.dst = v
		}
		k := row.key()
		if first, dup := seen[k]; dup {
			return nil, cellErr(l.measure, fmt.Errorf("%w (line %d)", ErrDuplicate, first))
		}
		seen[k] = line
		rel.Rows = append(rel.Rows, row)
	}
	return rel, nil
}

// parseNumber reads a count or rate: digits, or a suppression symbol which
// becomes a null carrying the symbol. Never 0.
func parseNumber(s string, float bool) (schemas.Value, error) {
	if s == "" {
		return schemas.Null(), nil
	}
	if schemas.IsSymbol(s) {
		return schemas.Missing(s), nil
	}
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
