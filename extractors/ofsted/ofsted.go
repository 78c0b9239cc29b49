// Package ofsted reads Ofsted's "Children's social care data in England"
// underlying-data workbooks (ODS or XLSX, whichever Ofsted published) and
// publishes care_providers, private_provision_share and provider_owners;
// with the years' joiners and leavers files (joiners.go), provider_changes
// (changes.go).
//
// The full register is the sheet Providers+places_at_31_Mar_YYYY: every
// provider registered on 31 March. The Provider_level sheet omits providers
// not yet inspected, so it is read only for the latest overall judgement.
// Headers are found by their names (layout.go): Ofsted moves them between
// releases and the 2025 workbook adds supported accommodation and a column.
// Provision types and sectors are harmonised in case ("Children's Home" is
// "Children's home"); address columns are never read, and names Ofsted
// redacted stay "REDACTED". Local authority names are matched to the codes
// in force on the snapshot date with package geo.
package ofsted

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/open"
	"github.com/caredata/caredata/schemas"
)

// Sheet name prefixes; the suffix is the snapshot year.
const (
	registerPrefix = "Providers+places_at_31_Mar_"
	judgedPrefix   = "Provider_level_at_31_Mar_"
)

// Extractor publishes the Ofsted datasets.
type Extractor struct{}

// Name is the manifest's extractor key.
func (Extractor) Name() string { return "ofsted" }

// Datasets are the register, the tables derived from it and the changes
// between registers.
func (Extractor) Datasets() []*schemas.Dataset {
	return []*schemas.Dataset{&schemas.CareProviders, &schemas.PrivateProvisionShare, &schemas.ProviderOwners, &schemas.ProviderChanges}
}

// Provider is one row of the register.
type Provider struct {
	Snapshot      time.Time
	URN           string
	Name          string
	ProvisionType string
	Sector        string
	Places        schemas.Value
	Registered    time.Time // zero when not given
	Owner         string
	LAName        string // as Ofsted spells it
	LA            geo.LA // zero when the name matched no authority
	RegionCode    string
	RegionName    string
	OfstedRegion  string
	Judgement     string
	SourceID      string
}

// Snapshot is one workbook's register.
type Snapshot struct {
	Date      time.Time
	SourceID  string
	Providers []Provider
}

// Extract reads every workbook and derives the published tables.
func (e Extractor) Extract(ctx context.Context, env extract.Env, in []extract.Input) error {
	log := env.Log
	if log == nil {
		log = slog.Default()
	}
	lookup, err := geo.FromInputs(in, true)
	if err != nil {
		return err
	}
	registers, joiners := splitJoiners(extract.Own(in))
	snaps, err := parseAll(ctx, registers)
	if err != nil {
		return err
	}
	seen := map[time.Time]string{}
	for _, s := range snaps {
		if prev, dup := seen[s.Date]; dup {
			return fmt.Errorf("%s and %s are both registers of %s", prev, s.SourceID, s.Date.Format("2 January 2006"))
		}
		seen[s.Date] = s.SourceID
		for _, name := range Locate(s, lookup) {
			log.Warn("ofsted: local authority name matches no authority; its codes are null", "source", s.SourceID, "la_name", name)
		}
	}
	sort.Slice(snaps, func(i, j int) bool { return snaps[i].Date.Before(snaps[j].Date) })
	Harmonise(snaps)
	for _, build := range []func(extract.Output, []*Snapshot) error{providersTable, shareTable, ownersTable} {
		if err := build(env.Out, snaps); err != nil {
			return err
		}
	}
	return changesTable(env, log, lookup, snaps, joiners)
}

// parseAll parses the workbooks concurrently, one per core: each is a
// second of XML decoding and they share nothing.
func parseAll(ctx context.Context, in []extract.Input) ([]*Snapshot, error) {
	snaps := make([]*Snapshot, len(in))
	errs := make([]error, len(in))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for k, i := range in {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if errs[k] = ctx.Err(); errs[k] == nil {
				snaps[k], errs[k] = Parse(i.Source.ID, i.Source.Path, i.Data)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return snaps, nil
}

// Locate fills each provider's codes from its local authority name, as on
// the snapshot date, and returns the names that matched nothing.
func Locate(s *Snapshot, lookup *geo.Lookup) []string {
	unmatched := map[string]bool{}
	cache := map[string]geo.LA{}
	for i := range s.Providers {
		p := &s.Providers[i]
		la, ok := cache[p.LAName]
		if !ok && p.LAName != "" {
			var err error
			if la, err = lookup.Match(p.LAName, s.Date); err != nil {
				unmatched[p.LAName] = true
			}
			cache[p.LAName] = la
		}
		p.LA = la
		if la.RegionCode != "" {
			p.RegionCode, p.RegionName = la.RegionCode, la.RegionName
		} else if code := lookup.Region(p.RegionName); code != "" {
			p.RegionCode, p.RegionName = code, lookup.RegionName(code)
		}
	}
	names := make([]string, 0, len(unmatched))
	for n := range unmatched {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Parse reads one underlying-data workbook: the register sheet, and the
// provider-level sheet's latest judgements where it has them.
func Parse(sourceID, file string, data []byte) (*Snapshot, error) {
	wb, err := open.Open(file, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	register, year := "", 0
	for _, name := range wb.Sheets() {
		if y, ok := strings.CutPrefix(name, registerPrefix); ok {
			if n, err := strconv.Atoi(y); err == nil {
				register, year = name, n
			}
		}
	}
	if register == "" {
		return nil, fmt.Errorf("%s: no sheet named %sYYYY (sheets: %s)", file, registerPrefix, strings.Join(wb.Sheets(), ", "))
	}
	s := &Snapshot{Date: time.Date(year, time.March, 31, 0, 0, 0, 0, time.UTC), SourceID: sourceID}
	judged, err := readJudgements(file, wb, judgedPrefix+strconv.Itoa(year))
	if err != nil {
		return nil, err
	}
	if err := readRegister(file, wb, register, s, judged); err != nil {
		return nil, err
	}
	return s, nil
}

func readRegister(file string, wb sheet.Workbook, name string, s *Snapshot, judged map[string]string) error {
	rows, err := wb.Rows(name)
	if err != nil {
		return err
	}
	defer rows.Close()
	at, err := findHeader(file, name, rows, providerFields)
	if err != nil {
		return err
	}
	seen := map[string]int{}
	for rows.Next() {
		row := rows.Row()
		get := func(key string) sheet.Cell {
			if i, ok := at[key]; ok && i < len(row) {
				return row[i]
			}
			return sheet.Cell{}
		}
		cellErr := func(key string, err error) error {
			return &sheet.CellError{File: file, Sheet: name, Row: rows.Number(), Column: sheet.ColumnName(at[key]), Err: err}
		}
		urn := urnText(get("urn"))
		if urn == "" {
			// A row without a URN is a note under the table, not a provider.
			continue
		}
		if first, dup := seen[urn]; dup {
			return cellErr("urn", fmt.Errorf("URN %s repeats row %d", urn, first))
		}
		seen[urn] = rows.Number()
		p := Provider{
			Snapshot: s.Date, URN: urn, SourceID: s.SourceID,
			Name:          text(get("name")),
			ProvisionType: text(get("type")),
			Sector:        text(get("sector")),
			Owner:         text(get("owner")),
			LAName:        text(get("la")),
			RegionName:    text(get("region")),
			OfstedRegion:  text(get("ofsted_region")),
			Judgement:     judged[urn],
		}
		if p.Places, err = places(get("places")); err != nil {
			return cellErr("places", err)
		}
		if p.Registered, err = date(get("registered")); err != nil {
			return cellErr("registered", err)
		}
		s.Providers = append(s.Providers, p)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(s.Providers) == 0 {
		return fmt.Errorf("%s sheet %q: no providers under the header", file, name)
	}
	sort.Slice(s.Providers, func(i, j int) bool { return s.Providers[i].URN < s.Providers[j].URN })
	return nil
}

// readJudgements maps URN to the latest overall judgement; a workbook
// without the sheet has none.
func readJudgements(file string, wb sheet.Workbook, name string) (map[string]string, error) {
	out := map[string]string{}
	rows, err := wb.Rows(name)
	if errors.Is(err, sheet.ErrNoSheet) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	at, err := findHeader(file, name, rows, judgementFields)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		row := rows.Row()
		if at["urn"] >= len(row) || at["judgement"] >= len(row) {
			continue
		}
		if urn, j := urnText(row[at["urn"]]), text(row[at["judgement"]]); urn != "" && j != "" {
			out[urn] = j
		}
	}
	return out, rows.Err()
}

// text is a cell's display text, trimmed, with typographic apostrophes
// made plain so "Children’s home" and "Children's home" are one type.
func text(c sheet.Cell) string {
	return strings.TrimSpace(strings.ReplaceAll(c.Text, "’", "'"))
}

// urnText writes a numeric URN without a decimal point or exponent.
func urnText(c sheet.Cell) string {
	if c.Kind == sheet.Number {
		return strconv.FormatFloat(c.Number, 'f', -1, 64)
	}
	return text(c)
}

// places reads a count of places: a whole number, or empty.
func places(c sheet.Cell) (schemas.Value, error) {
	switch c.Kind {
	case sheet.Empty:
		return schemas.Null(), nil
	case sheet.Number:
		if c.Number != math.Trunc(c.Number) || c.Number < 0 {
			return schemas.Value{}, fmt.Errorf("places %v is not a whole number", c.Number)
		}
		return schemas.Int(int64(c.Number)), nil
	}
	t := text(c)
	if t == "" {
		return schemas.Null(), nil
	}
	if schemas.IsSymbol(t) {
		return schemas.Missing(t), nil
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return schemas.Value{}, fmt.Errorf("places %q is not a whole number", t)
	}
	return schemas.Int(n), nil
}

// excelEpoch is day 0 of spreadsheet serial dates (1900 system).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// date reads a registration date: a date cell, a serial number, or
// dd/mm/yyyy text.
func date(c sheet.Cell) (time.Time, error) {
	switch c.Kind {
	case sheet.Empty:
		return time.Time{}, nil
	case sheet.Date:
		return c.Date, nil
	case sheet.Number:
		return excelEpoch.AddDate(0, 0, int(c.Number)), nil
	}
	t := text(c)
	if t == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"02/01/2006", "2006-01-02", "2/1/2006"} {
		if d, err := time.Parse(layout, t); err == nil {
			return d, nil
		}
	}
	return time.Time{}, fmt.Errorf("registration date %q is not a date", t)
}

// Harmonise gives every provision type and sector one spelling across all
// snapshots: spellings that differ only in case become the most common one.
func Harmonise(snaps []*Snapshot) {
	for _, get := range []func(*Provider) *string{
		func(p *Provider) *string { return &p.ProvisionType },
		func(p *Provider) *string { return &p.Sector },
	} {
		counts := map[string]map[string]int{}
		for _, s := range snaps {
			for i := range s.Providers {
				v := *get(&s.Providers[i])
				k := strings.ToLower(v)
				if counts[k] == nil {
					counts[k] = map[string]int{}
				}
				counts[k][v]++
			}
		}
		best := map[string]string{}
		for k, spellings := range counts {
			best[k] = mostCommon(spellings)
		}
		for _, s := range snaps {
			for i := range s.Providers {
				v := get(&s.Providers[i])
				*v = best[strings.ToLower(*v)]
			}
		}
	}
}

// mostCommon returns the most frequent spelling, ties to the first in order.
func mostCommon(spellings map[string]int) string {
	best, n := "", -1
	for s, c := range spellings {
		if c > n || c == n && s < best {
			best, n = s, c
		}
	}
	return best
}
