package claimchecks

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// Place is the area a claim names next to its figure ("In Kent, 2,000
// children are in care"; "councils in the North West"): a local
// authority, as DfE's lookup names it, or an English region. A claim that
// names none is England's.
type Place struct {
	Level      string // schemas.LocalAuthority or schemas.Regional
	Name       string // as the published rows spell it
	OldCode    string // DfE code of an authority
	NewCode    string // ONS code of an authority (la_spend's key)
	RegionCode string // ONS code of a region
}

// key identifies the place among a target's series.
func (p *Place) key() string {
	if p == nil {
		return ""
	}
	return p.Level + ":" + p.NewCode + p.RegionCode
}

// places finds the areas named in claims, from DfE's lookup of
// authorities and regions (package geo, the matcher the extractors use
// for Ofsted's names).
type places struct {
	lookup *geo.Lookup
	// names are every authority's and region's name as documents write
	// them (DfE's qualifiers ", City of" left off), longest first so that
	// "North Yorkshire" wins over "York".
	names []placeName
}

type placeName struct {
	text   string
	re     *regexp.Regexp
	region string // region code, for a region's name
}

func newPlaces(lookup *geo.Lookup) *places {
	if lookup == nil {
		return nil
	}
	p := &places{lookup: lookup}
	seen := map[string]bool{}
	add := func(text, region string) {
		if text == "" || seen[text] {
			return
		}
		seen[text] = true
		p.names = append(p.names, placeName{text: text, region: region,
			re: regexp.MustCompile(`(^|[^\pL])` + regexp.QuoteMeta(text) + `($|[^\pL])`)})
	}
	for _, e := range lookup.Entries() {
		if e.Joint() || e.OldCode == "" || e.Country != geo.England {
			continue
		}
		name, _, _ := strings.Cut(e.Name, ",")
		add(strings.TrimSpace(name), "")
		add(e.RegionName, e.RegionCode)
	}
	sort.SliceStable(p.names, func(i, j int) bool { return len(p.names[i].text) > len(p.names[j].text) })
	return p
}

// find returns the place named in the words around the mention (the
// claim's subject and eight words either side), or nil for England. An
// authority is the one of that name operating on the document's date
// (its codes of the day), or the latest when the date is unknown.
func (p *places) find(c Claim, date time.Time) *Place {
	if p == nil {
		return nil
	}
	near := c.Subject + " | " + lastWords(c.Before, 8) + " " + c.Mention + " " + firstWords(c.After, 8)
	for _, n := range p.names {
		if !n.re.MatchString(near) {
			continue
		}
		if n.region != "" {
			return &Place{Level: schemas.Regional, Name: n.text, RegionCode: n.region}
		}
		d := date
		if d.IsZero() {
			d = time.Now()
		}
		la, err := p.lookup.Match(n.text, d)
		if err != nil {
			continue
		}
		return &Place{Level: schemas.LocalAuthority, Name: la.Name, OldCode: la.OldCode, NewCode: la.NewCode, RegionCode: la.RegionCode}
	}
	return nil
}

// byPlace reports whether a target's dataset has rows for areas below
// England (children_in_care, private_provision_share and, for
// authorities, la_spend).
func byPlace(t *Target, p *Place) bool {
	switch t.Dataset {
	case schemas.ChildrenInCare.Name, schemas.PrivateProvisionShare.Name, schemas.Placements.Name, schemas.SupportedAccommodation.Name:
		return true
	case schemas.LAProfile.Name:
		return p.Level == schemas.LocalAuthority
	case schemas.LASpend.Name, schemas.ServiceSpend.Name, schemas.BudgetVsOutturn.Name:
		return p.Level == schemas.LocalAuthority
	}
	return false
}

// inPlace reports whether a row's geography columns are the place's (or
// England's, for none).
func inPlace(p *Place, level, oldCode, newCode, regionCode string) bool {
	switch {
	case p == nil:
		return level == schemas.National
	case p.Level == schemas.Regional:
		return level == schemas.Regional && regionCode == p.RegionCode
	case oldCode != "":
		return level == schemas.LocalAuthority && oldCode == p.OldCode
	}
	return level == schemas.LocalAuthority && newCode == p.NewCode
}

// placeNoun puts the place in a target's noun: "children looked after in
// Kent", "net spending by Kent on children's social care".
func placeNoun(noun string, p *Place) string {
	if p == nil {
		return noun
	}
	if strings.Contains(noun, "English councils") {
		return strings.Replace(noun, "English councils", p.Name, 1)
	}
	return strings.Replace(noun, "in England", "in "+p.phrase(), 1)
}

// phrase is the place as it follows "in": "Kent", "the North West",
// "London".
func (p *Place) phrase() string {
	if p.Level == schemas.Regional && p.Name != "London" {
		return "the " + p.Name
	}
	return p.Name
}
