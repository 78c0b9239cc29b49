// Package ofsted reads Ofsted's "Children's social care data in England"
// underlying-data workbooks (ODS or XLSX, whichever Ofsted published) and
// publishes care_providers, private_provision_share and provider_owners;
// from sheets only newer workbooks have, ofsted_national_series
// (timeseries.go) and supported_accommodation (supported.go); with the
// years' joiners and leavers files (joiners.go), provider_changes
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
	"mime"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/charset"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/extractors/sheet/csvsheet"
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

// Datasets are the register, the tables derived from it, the changes
// between registers, and the two tables of sheets only newer workbooks
// have.
func (Extractor) Datasets() []*schemas.Dataset {
	return []*schemas.Dataset{&schemas.CareProviders, &schemas.PrivateProvisionShare, &schemas.ProviderOwners,
		&schemas.ProviderChanges, &schemas.OfstedNationalSeries, &schemas.SupportedAccommodation}
}

// Provider is one row of the register.
type Provider struct {
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

// Snapshot is one 31 March's register.
type Snapshot struct {
	Date      time.Time
	SourceID  string
	Providers []Provider
	// ProviderLevel is true when the register is a Provider_level sheet,
	// the only one that survives for 2015-2021 and 2024 (2018 has both):
	// in most of those years it omits providers not yet inspected, so it
	// holds fewer than Ofsted's own count (see the completeness columns).
	ProviderLevel bool
	// HasPlaces and HasOwner say whether the register gives places (not
	// in 2015) and owners (not before 2018).
	HasPlaces, HasOwner bool
	// JudgementsFrom names the source of the judgements when another
	// file of the same date gave them (2018: part 1 for part 2).
	JudgementsFrom string
	// Series and Premises are read from sheets only newer workbooks have
	// (readExtras); nil otherwise.
	Series   *Series
	Premises []Premises
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
	if snaps, err = mergeSameDate(snaps); err != nil {
		return err
	}
	for _, s := range snaps {
		unmatched, moved := Locate(s, lookup)
		for _, name := range unmatched {
			log.Warn("ofsted: local authority name matches no authority; its codes are null", "source", s.SourceID, "la_name", name)
		}
		for _, m := range moved {
			env.Notef("ofsted %s: %s (%s) is in %s by Ofsted's region column but its authority %s is in %s; regional totals follow Ofsted",
				s.Date.Format("2006-01-02"), m.URN, m.ProvisionType, m.RegionName, m.LAName, m.LA.RegionName)
		}
	}
	Harmonise(snaps)
	counts := SeriesCounts(LatestSeries(snaps))
	shares := func(out extract.Output, snaps []*Snapshot) error { return shareTable(out, snaps, counts) }
	for _, build := range []func(extract.Output, []*Snapshot) error{providersTable, shares, ownersTable} {
		if err := build(env.Out, snaps); err != nil {
			return err
		}
	}
	if err := changesTable(env, log, lookup, snaps, joiners); err != nil {
		return err
	}
	return extraTables(env.Out, snaps, lookup, log)
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
				snaps[k], errs[k] = ParseInput(i)
				// The snapshot holds what the tables need; the file's bytes
				// can go while the other registers are parsed.
				in[k].Done()
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
// the snapshot date, and its region from Ofsted's Government Office Region
// column (from the authority where Ofsted gives none, as in 2015). It
// returns the names that matched nothing and the providers Ofsted places
// in another region than their authority's: Ofsted's column wins, because
// its regional totals are the published ones.
func Locate(s *Snapshot, lookup *geo.Lookup) (unmatchedNames []string, moved []Provider) {
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
		if code := lookup.Region(p.RegionName); code != "" {
			p.RegionCode, p.RegionName = code, lookup.RegionName(code)
			if la.RegionCode != "" && la.RegionCode != code {
				moved = append(moved, *p)
			}
		} else if la.RegionCode != "" {
			p.RegionCode, p.RegionName = la.RegionCode, la.RegionName
		}
	}
	names := make([]string, 0, len(unmatched))
	for n := range unmatched {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, moved
}

// mergeSameDate leaves one register per 31 March, in date order. Two
// files of one date are allowed only as Ofsted published 2018: a full
// Providers-and-places register and a Provider_level sheet, whose
// judgements the register takes.
func mergeSameDate(snaps []*Snapshot) ([]*Snapshot, error) {
	sort.SliceStable(snaps, func(i, j int) bool { return snaps[i].Date.Before(snaps[j].Date) })
	var out []*Snapshot
	for _, s := range snaps {
		if len(out) == 0 || !out[len(out)-1].Date.Equal(s.Date) {
			out = append(out, s)
			continue
		}
		prev := out[len(out)-1]
		full, inspected := prev, s
		if prev.ProviderLevel {
			full, inspected = s, prev
		}
		if full.ProviderLevel || !inspected.ProviderLevel {
			return nil, fmt.Errorf("%s and %s are both registers of %s", prev.SourceID, s.SourceID, s.Date.Format("2 January 2006"))
		}
		judged := make(map[string]string, len(inspected.Providers))
		for _, p := range inspected.Providers {
			judged[p.URN] = p.Judgement
		}
		for i := range full.Providers {
			if full.Providers[i].Judgement == "" {
				full.Providers[i].Judgement = judged[full.Providers[i].URN]
			}
		}
		full.JudgementsFrom = inspected.SourceID
		out[len(out)-1] = full
	}
	return out, nil
}

// ParseInput reads one input: an underlying-data workbook (Parse), or a
// register sheet exported to CSV (ParseCSV), as its media type says.
func ParseInput(in extract.Input) (*Snapshot, error) {
	if mt, _, err := mime.ParseMediaType(in.Source.MediaType); err == nil && mt == "text/csv" {
		return ParseCSV(in.Source, in.Data)
	}
	return Parse(in.Source.ID, in.Source.Path, in.Data)
}

// ParseCSV reads a register sheet exported to CSV, the form in which the
// registers of 2015-2021 and 2024 survive. A CSV has no sheet name to date
// it, so the date is 31 March of the source's release; the charset is the
// media type's parameter (2024's export is Mac-Roman).
func ParseCSV(src extract.Source, data []byte) (*Snapshot, error) {
	year, err := strconv.Atoi(src.Release)
	if err != nil || year < 2000 || year > 2100 {
		return nil, fmt.Errorf("%s: release %q is not the year of a register", src.Path, src.Release)
	}
	file := path.Base(src.Path)
	wb, err := csvsheet.Open(file, file, data, charset.FromMediaType(src.MediaType))
	if err != nil {
		return nil, err
	}
	s := &Snapshot{Date: time.Date(year, time.March, 31, 0, 0, 0, 0, time.UTC), SourceID: src.ID}
	if err := readRegister(file, wb, file, s, nil); err != nil {
		return nil, err
	}
	return s, nil
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
	if err := readExtras(file, wb, s); err != nil {
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
	year := s.Date.Year()
	at, err := findHeader(file, name, rows, providerFields, year)
	if err != nil {
		return err
	}
	// A sheet with judgements is a Provider_level sheet, which may omit
	// providers not yet inspected.
	_, s.ProviderLevel = at["judgement"]
	_, s.HasPlaces = at["places"]
	_, s.HasOwner = at["owner"]
	seen := map[string]int{}
	in := interner{}
	r := &record{file: file, sheet: name, at: at, rows: rows}
	for rows.Next() {
		r.row = rows.Row()
		get, cellErr := r.get, r.cellErr
		urn := urnText(get("urn"))
		if urn == "" {
			// A row without a URN is a note under the table, not a provider.
			continue
		}
		if first, dup := seen[urn]; dup {
			return cellErr("urn", fmt.Errorf("URN %s repeats row %d", urn, first))
		}
		seen[urn] = rows.Number()
		// Kept values are interned or cloned: a cell's text can share the
		// memory of its whole row (a CSV record, addresses and all), and
		// eleven registers are held at once.
		p := Provider{
			URN: strings.Clone(urn), SourceID: s.SourceID,
			Name:          strings.Clone(text(get("name"))),
			ProvisionType: in.intern(text(get("type"))),
			Sector:        in.intern(text(get("sector"))),
			Owner:         in.intern(text(get("owner"))),
			LAName:        in.intern(text(get("la"))),
			RegionName:    in.intern(text(get("region"))),
			OfstedRegion:  in.intern(text(get("ofsted_region"))),
			Judgement:     judged[urn],
		}
		if s.ProviderLevel {
			p.Judgement = in.intern(text(get("judgement")))
		}
		if !s.HasPlaces {
			p.Places = schemas.Missing("x") // not collected in this year's register
		} else if p.Places, err = places(get("places")); err != nil {
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
	at, err := findHeader(file, name, rows, judgementFields, 0)
	if err != nil {
		return nil, err
	}
	in := interner{}
	for rows.Next() {
		row := rows.Row()
		if at["urn"] >= len(row) || at["judgement"] >= len(row) {
			continue
		}
		if urn, j := urnText(row[at["urn"]]), text(row[at["judgement"]]); urn != "" && j != "" {
			out[strings.Clone(urn)] = in.intern(j)
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

// renamedTypes are provision types Ofsted renamed, by their old label
// (lower case): the 2015 register calls residential special schools that
// must register as children's homes (open over 295 days a year) by that
// rule.
var renamedTypes = map[string]string{
	"residential special school (>295 days/year)": typeSchoolAsHome,
}

// Harmonise gives every provision type and sector one spelling across all
// snapshots: renamed types take their current name, and spellings that
// differ only in case become the most common one.
func Harmonise(snaps []*Snapshot) {
	for _, s := range snaps {
		for i := range s.Providers {
			if t, ok := renamedTypes[strings.ToLower(s.Providers[i].ProvisionType)]; ok {
				s.Providers[i].ProvisionType = t
			}
		}
	}
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

// interner keeps one copy of each repeated text (types, sectors,
// authorities, owners), detached from the row it was read from.
type interner map[string]string

func (in interner) intern(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	v := strings.Clone(s)
	in[v] = v
	return v
}
