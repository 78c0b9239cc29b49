package cla

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"regexp"

	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// Placement is one row of placements: children looked after on 31 March
// in one locality, placement type and placement provider.
type Placement struct {
	TimePeriod int32
	Geography  schemas.Geography
	Locality   string
	Type       string
	Provider   string
	Count      schemas.Value
	Percentage schemas.Value
	SourceID   string
	absent     absence
}

// absentPercentage marks a placement whose file gives no percentage (the
// underlying data files, but for CLA2019's providers).
const absentPercentage absence = 1 << 4

// Published returns the row as placements publishes it.
func (p Placement) Published() *schemas.PlacementsRow {
	g := p.Geography
	return &schemas.PlacementsRow{
		TimePeriod: schemas.Int(int64(p.TimePeriod)), TimeIdentifier: schemas.Str("Reporting year"),
		GeographicLevel: schemas.Str(g.Level), CountryCode: schemas.Str(g.CountryCode), CountryName: schemas.Str(g.CountryName),
		RegionCode: schemas.Str(g.RegionCode), RegionName: schemas.Str(g.RegionName),
		NewLACode: schemas.Str(g.NewLACode), OldLACode: schemas.Str(g.OldLACode), LAName: schemas.Str(g.LAName),
		Locality: schemas.Str(p.Locality), PlacementType: schemas.Str(p.Type), PlacementProvider: schemas.Str(p.Provider),
		ChildrenCount: p.Count, Percentage: p.Percentage, SourceID: schemas.Str(p.SourceID),
	}
}

// placementKey identifies a placement across releases.
type placementKey struct {
	period                    int32
	level, code               string
	locality, ptype, provider string
}

func (p Placement) key() placementKey {
	return placementKey{p.TimePeriod, p.Geography.Level, p.Geography.Code(), p.Locality, p.Type, p.Provider}
}

// String is the key as revisions print it.
func (k placementKey) String() string {
	return fmt.Sprintf("time_period=%d; geographic_level=%s; %s=%s; locality=%s; placement_type=%s; placement_provider=%s",
		k.period, k.level, codeColumn(k.level), k.code, k.locality, k.ptype, k.provider)
}

// codeColumn names the column of a level's code.
func codeColumn(level string) string {
	switch level {
	case schemas.LocalAuthority:
		return "old_la_code"
	case schemas.Regional:
		return "region_code"
	}
	return "country_code"
}

// MergePlacements keeps every year of placements at each geographic level
// and locality from the newest release that covers it, and lists the
// values newer releases changed.
func MergePlacements(releases []*Release) ([]Placement, []schemas.Revision) {
	return merge(releases, placements)
}

// placements is how merge sees placements. A locality of a year is won
// whole, so a year never mixes two releases' groupings of placement types;
// a placement type and provider that only one release has (a regrouped
// type) is no revision.
var placements = rows[Placement, placementKey]{
	dataset:  schemas.Placements.Name,
	of:       func(r *Release) []Placement { return r.Placements },
	part:     func(p Placement) part { return part{p.TimePeriod, p.Geography.Level, p.Locality} },
	key:      Placement.key,
	category: func(p Placement) string { return p.Type + "\x00" + p.Provider },
	absent:   func(p Placement) absence { return p.absent },
	columns: append([]column[Placement]{
		{"children_count", func(p Placement) schemas.Value { return p.Count }, schemas.Int64, 0},
		{"percentage", func(p Placement) schemas.Value { return p.Percentage }, schemas.Float64, absentPercentage},
	}, geography(func(p Placement) schemas.Geography { return p.Geography })...),
	less: func(a, b Placement) bool {
		return cmp.Or(compareGeography(a.TimePeriod, a.Geography, b.TimePeriod, b.Geography),
			cmp.Compare(rank(localityOrder, a.Locality), rank(localityOrder, b.Locality)),
			cmp.Compare(rank(typeOrder, a.Type), rank(typeOrder, b.Type)),
			cmp.Compare(rank(providerOrder, a.Provider), rank(providerOrder, b.Provider)),
			cmp.Compare(a.Locality, b.Locality), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Provider, b.Provider)) < 0
	},
}

// The published items of each filter, in the order rows are published.
var (
	localityOrder = []string{schemas.LocalityAll, schemas.LocalityInside, schemas.LocalityOutside,
		schemas.LocalityOver20, schemas.LocalityInsideGT20, schemas.LocalityOutsideGT20}
	typeOrder = []string{schemas.PlacementTypeAll, "Foster placements",
		"Other placement in the community", "Secure units, children's homes and semi-independent living accommodation",
		"Secure homes and children's homes", "Independent and semi-independent living arrangements/supported accommodation",
		"Other residential settings", "Residential schools", placedWithParents, "Placed for adoption", otherPlacement}
	providerOrder = []string{schemas.ProviderAll, providerOwn, providerOtherLA, providerOtherPublic, schemas.ProviderPrivate,
		providerVoluntary, providerParents, providerNotReported}
)

func rank(order []string, s string) int {
	for i, o := range order {
		if o == s {
			return i
		}
	}
	return len(order)
}

// Placement types and providers as published: the 2024 release's words
// where it only renamed the 2023 release's.
const (
	placedWithParents   = "Placed with parents or other person with parental responsibility"
	otherPlacement      = "Other placement"
	providerOwn         = "Own provision (by the LA)"
	providerOtherLA     = "Other LA provision"
	providerOtherPublic = "Other public provision (e.g., PCT)"
	providerVoluntary   = "Voluntary/third sector provision"
	providerParents     = "Parents or other person with parental responsibility"
	providerNotReported = "Placement provider not reported"
)

// placementTypes maps the placement types of DfE's national table, without
// their numbers, to the published ones. Pure renamings are harmonised
// ("Placement with parents", 2023 release; "Placed with parents or other
// person with parental responsibility", 2024); the 2024 release's
// regrouping is not: "Secure units, children's homes and semi-independent
// living accommodation" and "Other placement in the community" (to 2023)
// and "Secure homes and children's homes" and "Independent and
// semi-independent living arrangements/supported accommodation" (from
// 2024) are different groups of placements, kept apart. A type not listed
// is an error: a new release's label must be read before it is published.
var placementTypes = map[string]string{
	"Foster placements":                "Foster placements",
	"Other placement in the community": "Other placement in the community",
	"Secure units, children's homes and semi-independent living accommodation":     "Secure units, children's homes and semi-independent living accommodation",
	"Secure homes and children's homes":                                            "Secure homes and children's homes",
	"Independent and semi-independent living arrangements/supported accommodation": "Independent and semi-independent living arrangements/supported accommodation",
	"Other residential settings":                                                   "Other residential settings",
	"Residential schools":                                                          "Residential schools",
	"Placement with parents":                                                       placedWithParents,
	"Placed with parents or other person with parental responsibility":             placedWithParents,
	"Placed for adoption":                                                          "Placed for adoption",
}

// placementProviders maps the providers of DfE's national table to the
// published ones: "All children" is the all-providers item, and the 2023
// release's "Other public provision (eg by PCT)" the 2024 release's
// "Other public provision (e.g., PCT)".
var placementProviders = map[string]string{
	"All children":                       schemas.ProviderAll,
	"Own provision (by the LA)":          providerOwn,
	"Other LA provision":                 providerOtherLA,
	"Other public provision (eg by PCT)": providerOtherPublic,
	"Other public provision (e.g., PCT)": providerOtherPublic,
	"Private provision":                  schemas.ProviderPrivate,
	"Voluntary/third sector provision":   providerVoluntary,
	providerParents:                      providerParents,
	providerNotReported:                  providerNotReported,
}

// numberedType is a placement type of DfE's national table: the group
// number (1 all children, 2 placed inside the council boundary, 3 outside
// it, 4 other placements), a letter for a type within 2 and 3, and the
// label.
var numberedType = regexp.MustCompile(`^([1-4])([a-z]?)\. (.+)$`)

// splitPlacementType reads one placement_type of the national table as a
// locality and a published placement type. Groups 1, 2 and 3 without a
// letter are all placement types of their locality; group 4, the other
// placements, is counted in neither 2 nor 3 (1 is 2, 3 and 4 together),
// so it is the type "Other placement" in all localities.
func splitPlacementType(s string) (locality, ptype string, ok bool) {
	m := numberedType.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	group, letter, label := m[1], m[2], m[3]
	switch {
	case group == "1" && letter == "" && label == "All children looked after at 31 March":
		return schemas.LocalityAll, schemas.PlacementTypeAll, true
	case group == "2" && letter == "" && label == "All children placed inside council boundary":
		return schemas.LocalityInside, schemas.PlacementTypeAll, true
	case group == "3" && letter == "" && label == "All children placed outside council boundary":
		return schemas.LocalityOutside, schemas.PlacementTypeAll, true
	case group == "4" && letter == "" && label == otherPlacement:
		return schemas.LocalityAll, otherPlacement, true
	case (group == "2" || group == "3") && letter != "":
		t, known := placementTypes[label]
		if !known {
			return "", "", false
		}
		if group == "2" {
			return schemas.LocalityInside, t, true
		}
		return schemas.LocalityOutside, t, true
	}
	return "", "", false
}

// placementColumns are the columns of DfE's national placements table.
var placementColumns = []string{"time_period", "time_identifier", "geographic_level", "country_code", "country_name",
	"placement_type", "placement_provider", "number", "percentage"}

// parsePlacements reads DfE's national table of children looked after on
// 31 March by placement provider, placement type and locality.
func parsePlacements(rel *Release, file string, cr *csv.Reader, idx map[string]int) error {
	seen := map[placementKey]int{}
	return eachRecord(file, cr, idx, func(r record) error {
		get, cellErr := r.get, r.cellErr
		p := Placement{SourceID: rel.SourceID}
		var err error
		if p.TimePeriod, err = r.year(); err != nil {
			return err
		}
		if get("time_identifier") != "Reporting year" {
			return cellErr("time_identifier", ErrBadValue)
		}
		// The table is England's only.
		if get("geographic_level") != schemas.National {
			return cellErr("geographic_level", ErrBadValue)
		}
		if get("country_code") != geo.England || get("country_name") != "England" {
			return cellErr("country_code", ErrBadValue)
		}
		p.Geography = schemas.Geography{Level: schemas.National, CountryCode: geo.England, CountryName: "England"}
		var ok bool
		if p.Locality, p.Type, ok = splitPlacementType(get("placement_type")); !ok {
			return cellErr("placement_type", fmt.Errorf("%w: not a placement type this extractor knows", ErrBadValue))
		}
		if p.Provider, ok = placementProviders[get("placement_provider")]; !ok {
			return cellErr("placement_provider", fmt.Errorf("%w: not a placement provider this extractor knows", ErrBadValue))
		}
		if p.Count, err = parseNumber(get("number"), false); err != nil {
			return cellErr("number", err)
		}
		if p.Percentage, err = parseNumber(get("percentage"), true); err != nil {
			return cellErr("percentage", err)
		}
		k := p.key()
		if first, dup := seen[k]; dup {
			return cellErr("placement_provider", fmt.Errorf("%w (line %d)", ErrDuplicate, first))
		}
		seen[k] = r.line
		rel.Placements = append(rel.Placements, p)
		return nil
	})
}

// legacyPlacement is a column of an underlying data file that counts
// children looked after on 31 March of the file's last year in one
// locality, placement type and provider, with the column of its
// percentage ("" when the file has none).
type legacyPlacement struct {
	column, percentage string
	locality, ptype    string
	provider           string
}

// Columns of the underlying data files' placements, by the files'
// metadata (SFR50/2017, CLA2018 and CLA2019; the files of 2011 to 2016
// use the same names and have none). The providers' columns count all
// placement types in all localities; the localities' all types and
// providers.
func providerColumns(pct bool) []legacyPlacement {
	cols := []struct{ col, provider string }{
		{"CLA_OwnP", providerOwn},          // "placement is provided by the local authority's own provision"
		{"CLA_OthLA", providerOtherLA},     // "placement is provided by another local authority"
		{"CLA_OthPP", providerOtherPublic}, // "placement is provided by other public provision"
		{"CLA_Priv", schemas.ProviderPrivate},
		{"CLA_Vol", providerVoluntary},    // "placement is provided by voluntary provision"
		{"CLA_Par", providerParents},      // "placement is provided by parents"
		{"CLA_Nrep", providerNotReported}, // "placement provider is not reported"
	}
	out := make([]legacyPlacement, len(cols))
	for i, c := range cols {
		out[i] = legacyPlacement{column: c.col, locality: schemas.LocalityAll, ptype: schemas.PlacementTypeAll, provider: c.provider}
		if pct {
			out[i].percentage = c.col + "_pc"
		}
	}
	return out
}

// locality is a column counting all children placed in one locality.
func locality(col, loc string) legacyPlacement {
	return legacyPlacement{column: col, locality: loc, ptype: schemas.PlacementTypeAll, provider: schemas.ProviderAll}
}

// legacyPlacements lists each underlying data file's placement columns:
// inside and outside the boundary are CLAA_InBound and CLA_Outbound in
// 2011 and 2012, CLA_InBound and CLA_Outbound to 2017, CLA_InLA and
// CLA_OutLA from 2018 ("placed within/outside of the local authority
// boundary"); CLA_InLA_GT20 and CLA_OutLA_GT20 ("placed within/outside of
// the local authority boundary and over 20 miles from the child's home")
// from 2017, CLA_GT20 ("placed over 20 miles from the child's home") from
// 2018. Their _pc columns are percentages of all children, not of the
// locality's: they are not read. SFR27/2010 has no providers or
// localities.
func legacyPlacements(year int32) []legacyPlacement {
	cols := providerColumns(year >= 2019)
	switch {
	case year <= 2012:
		cols = append(cols, locality("CLAA_InBound", schemas.LocalityInside), locality("CLA_Outbound", schemas.LocalityOutside))
	case year <= 2017:
		cols = append(cols, locality("CLA_InBound", schemas.LocalityInside), locality("CLA_Outbound", schemas.LocalityOutside))
	default:
		cols = append(cols, locality("CLA_InLA", schemas.LocalityInside), locality("CLA_OutLA", schemas.LocalityOutside),
			locality("CLA_GT20", schemas.LocalityOver20))
	}
	if year >= 2017 {
		cols = append(cols, locality("CLA_InLA_GT20", schemas.LocalityInsideGT20), locality("CLA_OutLA_GT20", schemas.LocalityOutsideGT20))
	}
	return cols
}
