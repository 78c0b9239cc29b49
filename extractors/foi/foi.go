// Package foi reads DfE's answer to freedom of information request
// 2024-0040813 (children looked after on 31 March placed in children's
// homes, 2014 to 2024) and publishes childrens_homes_locality.
//
// The answer came as two CSV files in the Explore Education Statistics
// layout, each under a block of title and note lines: part 1, each
// authority's net gain of children in children's homes; part 2, the
// children placed in children's homes outside their authority's boundary,
// with their percentage. The header is found by its first column,
// time_period, never by a line number. Symbols are EES's own (c
// confidential, z not applicable); the answer lists every authority that
// existed in the period, with z in the years it did not, and those rows
// are published as given. Rows keep the files' order, part 1 first.
package foi

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/schemas"
)

// Extractor publishes childrens_homes_locality.
type Extractor struct{}

// Name is the manifest's extractor key.
func (Extractor) Name() string { return "foi" }

// Datasets is childrens_homes_locality.
func (Extractor) Datasets() []*schemas.Dataset {
	return []*schemas.Dataset{&schemas.ChildrensHomesLocality}
}

// columns are the header's columns the extractor reads; percentage is
// only in part 2.
var columns = []string{"time_period", "time_identifier", "geographic_level", "country_code", "country_name",
	"region_code", "region_name", "old_la_code", "la_name", "new_la_code", "characteristic", "number"}

// measures are the characteristics the answer counts.
var measures = map[string]string{
	schemas.MeasureHomesNetGain:   schemas.MeasureHomesNetGain,
	schemas.MeasureHomesOutsideLA: schemas.MeasureHomesOutsideLA,
}

var levels = map[string]bool{schemas.National: true, schemas.Regional: true, schemas.LocalAuthority: true}

// ErrBadValue means a cell holds neither a number nor an EES symbol, or a
// label the extractor does not know.
var ErrBadValue = errors.New("not a number, a known symbol or a known label")

// Extract reads both parts, in source order.
func (Extractor) Extract(ctx context.Context, env extract.Env, in []extract.Input) error {
	own := extract.Own(in)
	sort.SliceStable(own, func(i, j int) bool { return own[i].Source.ID < own[j].Source.ID })
	b, err := env.Out.Open(&schemas.ChildrensHomesLocality)
	if err != nil {
		return err
	}
	seen := map[string]string{}
	for _, i := range own {
		if err := ctx.Err(); err != nil {
			return err
		}
		rows, err := Parse(i.Source.ID, i.Source.Path, i.Data)
		if err != nil {
			return err
		}
		for _, r := range rows {
			key := fmt.Sprintf("%d|%s|%s|%s|%s|%s", r.TimePeriod.Int, r.GeographicLevel.Str, r.RegionCode.Str, r.OldLACode.Str, r.NewLACode.Str, r.Measure.Str)
			if prev, dup := seen[key]; dup {
				return fmt.Errorf("%s and %s both give %s", prev, i.Source.Path, strings.ReplaceAll(key, "|", " "))
			}
			seen[key] = i.Source.Path
			if err := r.AppendTo(b); err != nil {
				return err
			}
		}
	}
	return nil
}

// Parse reads one part of the answer: the rows under the header line.
func Parse(sourceID, file string, data []byte) ([]*schemas.ChildrensHomesLocalityRow, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	// The header is the first line that starts with time_period; the
	// lines above it are the answer's title and notes.
	start, line := -1, 1
	for off := 0; off < len(data); line++ {
		if bytes.HasPrefix(data[off:], []byte("time_period,")) {
			start = off
			break
		}
		nl := bytes.IndexByte(data[off:], '\n')
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	if start < 0 {
		return nil, &extract.LayoutError{File: file, Column: "time_period", Detail: "no header line starting with time_period"}
	}
	headerLine := line
	cr := csv.NewReader(bytes.NewReader(data[start:]))
	header, err := cr.Read()
	if err != nil {
		return nil, &extract.CellError{File: file, Row: headerLine, Err: err}
	}
	header = append([]string(nil), header...)
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.TrimSpace(h)] = i
	}
	var missing []string
	for _, c := range columns {
		if _, ok := idx[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, &extract.LayoutError{File: file, Row: headerLine, Column: missing[0], Missing: missing, Found: header}
	}
	pct, hasPct := idx["percentage"]
	var out []*schemas.ChildrensHomesLocalityRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		at, _ := cr.FieldPos(0)
		row := headerLine + at - 1
		get := func(c string) string { return strings.TrimSpace(rec[idx[c]]) }
		cellErr := func(c, v string) error {
			return &extract.CellError{File: file, Row: row, Column: c, Value: v, Err: ErrBadValue}
		}
		y, err := strconv.Atoi(get("time_period"))
		if err != nil || y < 2000 || y > 2100 {
			return nil, cellErr("time_period", get("time_period"))
		}
		if get("time_identifier") != "Reporting year" {
			return nil, cellErr("time_identifier", get("time_identifier"))
		}
		if !levels[get("geographic_level")] {
			return nil, cellErr("geographic_level", get("geographic_level"))
		}
		m, ok := measures[get("characteristic")]
		if !ok {
			return nil, cellErr("characteristic", get("characteristic"))
		}
		n, err := number(get("number"), false)
		if err != nil {
			return nil, cellErr("number", get("number"))
		}
		p := schemas.Missing("z") // part 1 gives no percentage: it does not apply to a net gain
		if hasPct {
			if p, err = number(strings.TrimSpace(rec[pct]), true); err != nil {
				return nil, cellErr("percentage", rec[pct])
			}
		}
		out = append(out, &schemas.ChildrensHomesLocalityRow{
			TimePeriod: schemas.Int(int64(y)), TimeIdentifier: schemas.Str("Reporting year"),
			GeographicLevel: schemas.Str(get("geographic_level")), CountryCode: schemas.Str(get("country_code")),
			CountryName: schemas.Str(get("country_name")), RegionCode: schemas.Str(get("region_code")),
			RegionName: schemas.Str(get("region_name")), NewLACode: schemas.Str(get("new_la_code")),
			OldLACode: schemas.Str(get("old_la_code")), LAName: schemas.Str(get("la_name")),
			Measure: schemas.Str(m), ChildrenCount: n, Percentage: p, SourceID: schemas.Str(sourceID),
		})
	}
	if len(out) == 0 {
		return nil, &extract.LayoutError{File: file, Row: headerLine, Detail: "no rows under the header"}
	}
	return out, nil
}

// number reads a count (which may be negative) or a percentage, or an EES
// symbol, which becomes a null carrying it. Never 0.
func number(s string, float bool) (schemas.Value, error) {
	switch {
	case s == "":
		return schemas.Null(), nil
	case schemas.IsSymbol(s):
		return schemas.Missing(s), nil
	case float:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || strings.ContainsAny(s, "eEnN") {
			return schemas.Value{}, ErrBadValue
		}
		return schemas.Float(f), nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return schemas.Value{}, ErrBadValue
	}
	return schemas.Int(n), nil
}
