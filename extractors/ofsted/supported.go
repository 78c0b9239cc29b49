package ofsted

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/extractors/sheet"
	"github.com/caredata/caredata/schemas"
)

// premisesPrefix names the supported accommodation premises sheet; the
// suffix is the snapshot year.
const premisesPrefix = "SA_Premises_at_31_Mar_"

// typeSupported is the register's provision type of supported
// accommodation providers.
const typeSupported = "Supported Accommodation"

// premisesFields are the columns of the premises sheet: one row per
// premises, with its provider's URN and sector and the premises' own
// places and local authority. Addresses are not in the sheet.
var premisesFields = []field{
	{key: "urn", names: []string{"urn"}, required: true},
	{key: "type", names: []string{"provision type"}},
	{key: "places", names: []string{"places"}, required: true},
	{key: "region", names: []string{"premises government office region"}, required: true},
	{key: "la", names: []string{"premises local authority"}, required: true},
	{key: "sector", names: []string{"sector"}, required: true},
}

// Premises is one supported accommodation premises open or pending on
// 31 March: a property where a registered provider accommodates young
// people, with the places it has.
type Premises struct {
	URN        string // the provider's URN: a provider has many premises
	Sector     string // the provider's sector
	Places     schemas.Value
	LAName     string // the premises' local authority as Ofsted spells it
	RegionName string // the premises' Government Office Region
	LA         geo.LA // zero until located, or when the name matched nothing
	RegionCode string
	Row        int // the sheet row, for messages
}

// parsePremises reads the premises sheet's rows: the header is found by
// its names, rows without a URN are notes, and every premises must be
// supported accommodation with a sector and a whole number of places.
func parsePremises(file, sheetName string, rows sheet.Rows) ([]Premises, error) {
	at, err := findHeader(file, sheetName, rows, premisesFields, 0)
	if err != nil {
		return nil, err
	}
	var out []Premises
	r := &record{file: file, sheet: sheetName, at: at, rows: rows}
	for rows.Next() {
		r.row = rows.Row()
		get, cellErr := r.get, r.cellErr
		urn := urnText(get("urn"))
		if urn == "" {
			continue
		}
		if _, ok := at["type"]; ok && !strings.EqualFold(text(get("type")), typeSupported) {
			return nil, cellErr("type", fmt.Errorf("provision type %q is not %s", text(get("type")), typeSupported))
		}
		p := Premises{URN: urn, Sector: text(get("sector")), LAName: text(get("la")), RegionName: text(get("region")), Row: rows.Number()}
		if p.Sector == "" {
			return nil, cellErr("sector", errors.New("no sector"))
		}
		if p.Places, err = places(get("places")); err != nil {
			return nil, cellErr("places", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s sheet %q: no premises under the header", file, sheetName)
	}
	return out, nil
}

// locatePremises gives each premises the codes of its local authority on
// the snapshot date, and its region, exactly as Locate does for providers
// (it is Locate, run on the premises), and returns the names that matched
// nothing.
func locatePremises(s *Snapshot, lookup *geo.Lookup) []string {
	tmp := &Snapshot{Date: s.Date, SourceID: s.SourceID, Providers: make([]Provider, len(s.Premises))}
	for i, p := range s.Premises {
		tmp.Providers[i] = Provider{LAName: p.LAName, RegionName: p.RegionName}
	}
	missed, _ := Locate(tmp, lookup)
	for i := range s.Premises {
		p, q := &s.Premises[i], &tmp.Providers[i]
		p.LA, p.RegionCode, p.RegionName = q.LA, q.RegionCode, q.RegionName
	}
	return missed
}

// SupportedRow is one row of supported_accommodation.
type SupportedRow struct {
	Year      int
	Geography schemas.Geography
	Sector    string // a sector, or "Total"
	Providers int64
	Premises  int64
	Places    schemas.Value // x when a premises' places are not given
}

// supportedAcc accumulates one geography and sector.
type supportedAcc struct {
	row       SupportedRow
	providers map[string]bool
	places    int64
	missing   bool
}

func (a *supportedAcc) addProvider(urn string) { a.providers[urn] = true }

func (a *supportedAcc) addPremises(p *Premises) {
	a.providers[p.URN] = true
	a.row.Premises++
	if p.Places.Valid {
		a.places += p.Places.Int
	} else {
		a.missing = true
	}
}

// Supported aggregates each snapshot's supported accommodation by sector
// for England, each region and each local authority where premises are.
// England counts every provider the register lists as supported
// accommodation (some have no premises open on 31 March) and every
// premises, as Ofsted's national figures do, including the few outside
// England; regions and authorities are where premises are, English only.
// Snapshots must be harmonised and their premises located.
func Supported(snaps []*Snapshot) []SupportedRow {
	spell := spelling(snaps, func(p *Provider) string { return p.Sector })
	var out []SupportedRow
	for _, s := range snaps {
		if s.Premises == nil {
			continue
		}
		sectors := map[string]bool{}
		accs := map[schemas.Geography]map[string]*supportedAcc{}
		acc := func(g schemas.Geography, sector string) *supportedAcc {
			m := accs[g]
			if m == nil {
				m = map[string]*supportedAcc{}
				accs[g] = m
			}
			a := m[sector]
			if a == nil {
				a = &supportedAcc{row: SupportedRow{Year: s.Date.Year(), Geography: g, Sector: sector}, providers: map[string]bool{}}
				m[sector] = a
			}
			return a
		}
		for i := range s.Providers {
			p := &s.Providers[i]
			if strings.EqualFold(p.ProvisionType, typeSupported) {
				sectors[p.Sector] = true
				acc(englandGeo, schemas.FilterTotal).addProvider(p.URN)
				acc(englandGeo, p.Sector).addProvider(p.URN)
			}
		}
		for i := range s.Premises {
			p := &s.Premises[i]
			sector := spell(p.Sector)
			sectors[sector] = true
			var buf [3]schemas.Geography
			geos := geographies(&buf, p.RegionCode, p.RegionName, p.LA)
			for _, g := range geos {
				acc(g, schemas.FilterTotal).addPremises(p)
				acc(g, sector).addPremises(p)
			}
		}
		geos := keysOf(accs)
		// Every sector on every geography: a sector with no premises in an
		// area is a true 0 there, not a missing value.
		names := []string{schemas.FilterTotal}
		for sec := range sectors {
			names = append(names, sec)
		}
		sort.Strings(names[1:])
		for _, g := range geos {
			for _, sec := range names {
				a := acc(g, sec)
				a.row.Providers = int64(len(a.providers))
				a.row.Places = schemas.Int(a.places)
				if a.missing {
					a.row.Places = schemas.Missing("x")
				}
				out = append(out, a.row)
			}
		}
	}
	return out
}

func supportedTable(out extract.Output, snaps []*Snapshot) error {
	b, err := out.Open(&schemas.SupportedAccommodation)
	if err != nil {
		return err
	}
	for _, r := range Supported(snaps) {
		g := r.Geography
		row := schemas.SupportedAccommodationRow{
			TimePeriod: schemas.Int(int64(r.Year)), TimeIdentifier: schemas.Str("Reporting year"),
			GeographicLevel: schemas.Str(g.Level), CountryCode: schemas.Str(g.CountryCode), CountryName: schemas.Str(g.CountryName),
			RegionCode: schemas.Str(g.RegionCode), RegionName: schemas.Str(g.RegionName),
			NewLACode: schemas.Str(g.NewLACode), OldLACode: schemas.Str(g.OldLACode), LAName: schemas.Str(g.LAName),
			Sector: schemas.Str(r.Sector), Providers: schemas.Int(r.Providers), Premises: schemas.Int(r.Premises), Places: r.Places,
		}
		if err := row.AppendTo(b); err != nil {
			return err
		}
	}
	return nil
}
