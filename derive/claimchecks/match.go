package claimchecks

import (
	"strings"
	"unicode"

	"github.com/caredata/caredata/schemas"
)

// Topics of the claims that are checked; claims of other topics get no row.
const (
	TopicChildrenInCare   = "children_in_care"
	TopicPrivateProvision = "private_provision"
	TopicSpend            = "spend"
)

// Claim units, as the claims dataset writes them.
const (
	UnitGBP     = "GBP"
	UnitPercent = "percent"
	UnitCount   = "count"
)

// Claim is one row of claims, with the text around its mention.
type Claim struct {
	DocumentID   string
	Index        int
	Mention      string
	Sentence     string
	Value        float64
	Unit         string
	Comparator   string
	PeriodYears  float64 // 0 when the claim states none
	Topic        string
	Subject      string
	IsProjection bool
	SourceID     string

	// Before and After are the words of the sentence on either side of
	// the mention, up to the neighbouring figures (see Locate); the
	// matcher reads them with the subject.
	Before, After string
}

// Target is a published statistic a claim can be compared with: which
// dataset, which row (measure, provision group, service line or rank)
// and which column, in the claim's unit. Every target is England's
// figure.
type Target struct {
	Name    string // short id, used in tests
	Dataset string
	Column  string
	Measure string // children_in_care measure
	Group   string // private_provision_share provision group
	Service string // la_spend service line (net current expenditure)
	Agency  string // fostering agency type (with Measure)
	// Locality and Provider select placements' rows; the statistic is
	// their children as a percentage of all children looked after.
	Locality, Provider string
	// PlaceOnly targets are published for councils, not England: a claim
	// that names no council is not checkable.
	PlaceOnly bool
	// RankFromClaim reads provider_owners at the rank the claim states
	// (the 15 largest private owners).
	RankFromClaim bool
	// AtReference compares a claim with the period whose reference date
	// is the latest on or before the document's date, whether or not its
	// figures were out by then: Ofsted's registers of 31 March, which
	// reviews and sector bodies quote from Ofsted before the underlying
	// data are released (the Case for Change of 18 June 2021 gives the
	// share of 31 March 2021). Other targets take the latest period
	// published before the document.
	AtReference bool
	Unit        string // count, percent or GBP
	// Label is statistic_label; Noun follows the value in explanations
	// ("81,770 children looked after in England").
	Label, Noun string
	Publisher   string
}

// The statistics claims are matched to.
var (
	CareOn31March = &Target{Name: "care-31-march", Dataset: schemas.ChildrenInCare.Name, Column: schemas.ChildrenInCare.ColumnName(schemas.ChildrenInCareCol.ChildrenCount),
		Measure: schemas.MeasureLookedAfter31March, Unit: UnitCount, Publisher: "DfE",
		Label: "Children looked after by local authorities in England on 31 March",
		Noun:  "children looked after in England"}
	CareStarting = &Target{Name: "care-starting", Dataset: schemas.ChildrenInCare.Name, Column: schemas.ChildrenInCare.ColumnName(schemas.ChildrenInCareCol.ChildrenCount),
		Measure: schemas.MeasureStarting, Unit: UnitCount, Publisher: "DfE",
		Label: "Children starting to be looked after in England during the year to 31 March",
		Noun:  "children starting to be looked after in England in the year to"}
	CareCeasing = &Target{Name: "care-ceasing", Dataset: schemas.ChildrenInCare.Name, Column: schemas.ChildrenInCare.ColumnName(schemas.ChildrenInCareCol.ChildrenCount),
		Measure: schemas.MeasureCeasing, Unit: UnitCount, Publisher: "DfE",
		Label: "Children ceasing to be looked after in England during the year to 31 March",
		Noun:  "children ceasing to be looked after in England in the year to"}
	HomesPrivateShare = &Target{AtReference: true, Name: "homes-private-share", Dataset: schemas.PrivateProvisionShare.Name,
		Column: schemas.PrivateProvisionShare.ColumnName(schemas.PrivateProvisionShareCol.PrivateShareProvidersPct), Group: schemas.GroupChildrensHomes, Unit: UnitPercent, Publisher: "Ofsted",
		Label: "Share of children's homes in England run by private providers (Ofsted register), per cent",
		Noun:  "of children's homes in England run by private providers"}
	HomesPrivatePlacesShare = &Target{AtReference: true, Name: "homes-private-places-share", Dataset: schemas.PrivateProvisionShare.Name,
		Column: schemas.PrivateProvisionShare.ColumnName(schemas.PrivateProvisionShareCol.PrivateSharePlacesPct), Group: schemas.GroupChildrensHomes, Unit: UnitPercent, Publisher: "Ofsted",
		Label: "Share of places in children's homes in England that are in private homes (Ofsted register), per cent",
		Noun:  "of places in children's homes in England in private homes"}
	HomesPrivate = &Target{AtReference: true, Name: "homes-private", Dataset: schemas.PrivateProvisionShare.Name,
		Column: schemas.PrivateProvisionShare.ColumnName(schemas.PrivateProvisionShareCol.ProvidersPrivate), Group: schemas.GroupChildrensHomes, Unit: UnitCount, Publisher: "Ofsted",
		Label: "Children's homes in England run by private providers (Ofsted register)",
		Noun:  "children's homes in England run by private providers"}
	HomesTotal = &Target{AtReference: true, Name: "homes-total", Dataset: schemas.PrivateProvisionShare.Name,
		Column: schemas.PrivateProvisionShare.ColumnName(schemas.PrivateProvisionShareCol.ProvidersTotal), Group: schemas.GroupChildrensHomes, Unit: UnitCount, Publisher: "Ofsted",
		Label: "Children's homes in England (Ofsted register)",
		Noun:  "children's homes in England"}
	LargestOwners = &Target{AtReference: true, Name: "largest-owners", Dataset: schemas.ProviderOwners.Name,
		Column: schemas.ProviderOwners.ColumnName(schemas.ProviderOwnersCol.CumulativeSharePct), RankFromClaim: true, Unit: UnitPercent, Publisher: "Ofsted",
		Label: "Share of private children's home places held by the {N} largest private owners (Ofsted register), per cent",
		Noun:  "of private children's home places held by the largest private owners by places"}
	FosteringIFAPlaces = &Target{AtReference: true, Name: "fostering-ifa-places", Dataset: schemas.Fostering.Name,
		Column: schemas.Fostering.ColumnName(schemas.FosteringCol.ShareOfAllPct), Measure: schemas.MeasureFosterPlaces,
		Agency: schemas.AgencyIndependent, Unit: UnitPercent, Publisher: "Ofsted",
		Label: "Share of approved foster places in England with independent fostering agencies (Ofsted, Fostering in England), per cent",
		Noun:  "of approved foster places in England with independent fostering agencies"}
	PlacedPrivate = &Target{Name: "placed-private", Dataset: schemas.Placements.Name,
		Column: schemas.Placements.ColumnName(schemas.PlacementsCol.ChildrenCount), Locality: schemas.LocalityAll,
		Provider: schemas.ProviderPrivate, Unit: UnitPercent, Publisher: "DfE",
		Label: "Share of children looked after in England on 31 March placed by private providers (DfE), per cent",
		Noun:  "of children looked after in England placed by private providers"}
	PlacedOutside = &Target{Name: "placed-outside", Dataset: schemas.Placements.Name,
		Column: schemas.Placements.ColumnName(schemas.PlacementsCol.ChildrenCount), Locality: schemas.LocalityOutside,
		Provider: schemas.ProviderAll, Unit: UnitPercent, Publisher: "DfE",
		Label: "Share of children looked after in England on 31 March placed outside their council's boundary (DfE), per cent",
		Noun:  "of children looked after in England placed outside their council's boundary"}
	SpendPerChild = &Target{Name: "spend-per-child", PlaceOnly: true, Dataset: schemas.LAProfile.Name,
		Column: schemas.LAProfile.ColumnName(schemas.LAProfileCol.CSCSpendPerChildGBP), Unit: UnitGBP, Publisher: "MHCLG and ONS",
		Label: "Children's social care net current expenditure per child aged 0 to 17 (RO3 and ONS mid-year population), pounds",
		Noun:  "net spending on children's social care per child aged 0 to 17 in England"}
	SupportedProviders = &Target{Name: "supported-providers", Dataset: schemas.SupportedAccommodation.Name,
		Column: "providers", Unit: UnitCount, Publisher: "Ofsted", AtReference: true,
		Label: "Supported accommodation providers registered with Ofsted in England on 31 March",
		Noun:  "supported accommodation providers in England"}
	SupportedPremises = &Target{Name: "supported-premises", Dataset: schemas.SupportedAccommodation.Name,
		Column: "premises", Unit: UnitCount, Publisher: "Ofsted", AtReference: true,
		Label: "Supported accommodation premises open or pending in England on 31 March (Ofsted)",
		Noun:  "supported accommodation premises in England"}
	SupportedPlaces = &Target{Name: "supported-places", Dataset: schemas.SupportedAccommodation.Name,
		Column: "places", Unit: UnitCount, Publisher: "Ofsted", AtReference: true,
		Label: "Places in supported accommodation in England on 31 March (Ofsted)",
		Noun:  "places in supported accommodation in England"}
	Overspend = &Target{Name: "overspend", Dataset: schemas.BudgetVsOutturn.Name,
		Column: schemas.BudgetVsOutturn.ColumnName(schemas.BudgetVsOutturnCol.DifferenceGBP), Service: schemas.ServiceChildren,
		Unit: UnitGBP, Publisher: "MHCLG",
		Label: "Children's social care outturn less budget of English councils (RSX against RA, authorities with both), pounds",
		Noun:  "spent over budget on children's social care by English councils (RSX outturn less RA budget)"}
	SpendCSCRSX = &Target{Name: "spend-csc-rsx", Dataset: schemas.ServiceSpend.Name,
		Column: schemas.ServiceSpend.ColumnName(schemas.ServiceSpendCol.NetCurrentExpenditureGBP), Service: schemas.ServiceChildren,
		Unit: UnitGBP, Publisher: "MHCLG",
		Label: "Net current expenditure of English councils on children's social care (RSX, England), pounds",
		Noun:  "net spending by English councils on children's social care"}
	SpendCSC = &Target{Name: "spend-csc", Dataset: schemas.LASpend.Name, Column: schemas.LASpend.ColumnName(schemas.LASpendCol.ValueGBP),
		Service: schemas.SpendTotalChildren, Unit: UnitGBP, Publisher: "MHCLG",
		Label: "Net current expenditure of English councils on children's social care (RO3 TOTAL CHILDREN SOCIAL CARE, England), pounds",
		Noun:  "net spending by English councils on children's social care"}
	SpendCLA = &Target{Name: "spend-cla", Dataset: schemas.LASpend.Name, Column: schemas.LASpend.ColumnName(schemas.LASpendCol.ValueGBP),
		Service: schemas.SpendLookedAfter, Unit: UnitGBP, Publisher: "MHCLG",
		Label: "Net current expenditure of English councils on children looked after (RO3, England), pounds",
		Noun:  "net spending by English councils on children looked after"}
	SpendResidential = &Target{Name: "spend-residential", Dataset: schemas.LASpend.Name, Column: schemas.LASpend.ColumnName(schemas.LASpendCol.ValueGBP),
		Service: schemas.SpendResidential, Unit: UnitGBP, Publisher: "MHCLG",
		Label: "Net current expenditure of English councils on residential care of children looked after (RO3, England), pounds",
		Noun:  "net spending by English councils on residential care for children looked after"}
	SpendFostering = &Target{Name: "spend-fostering", Dataset: schemas.LASpend.Name, Column: schemas.LASpend.ColumnName(schemas.LASpendCol.ValueGBP),
		Service: schemas.SpendFostering, Unit: UnitGBP, Publisher: "MHCLG",
		Label: "Net current expenditure of English councils on fostering services for children looked after (RO3, England), pounds",
		Noun:  "net spending by English councils on fostering services"}
)

// Rule is one row of the matching table: a claim of the topic and one of
// the units whose text holds a term of every group in All and none of
// None matches. A rule either names the statistic the claim is checked
// against (Target), or says why the measure is not published
// (NotPublished), in which case Target, if set, is only shown beside it.
type Rule struct {
	Name  string
	Topic string
	Units []string
	// All are groups of terms; each group needs one term in the claim's
	// context (see Match). None are terms that must not occur near the
	// mention (subject and eight words either side).
	All  [][]string
	None []string
	// Target is the statistic the claim is compared with.
	Target *Target
	// NotPublished, when set, is the sentence explaining that the measure
	// is not among caredata's statistics.
	NotPublished string
	// Change checks a percentage change of Target over the span the
	// claim states ("up 2 per cent on the year before", "a quarter more
	// than a decade earlier", "since 2015"; see span).
	Change bool
}

// Terms shared by several rules.
var (
	spendWords   = []string{"spend", "spent", "spending", "expenditure", "cost"}
	privateWords = []string{"private", "privately", "independent", "for-profit", "profit-making"}
	// notTheTotal are words that make a count of children a subset (or
	// another population) rather than all children in care.
	notTheTotal = []string{"carer", "worker", "famil", "adopt", "foster", "residential", "home", "placement", "leaver",
		"unaccompanied", "asylum", "kinship", "guardianship", "disab", "missing", "custody", "secure", "sibling",
		"aged", "boys", "girls", "ethnic", "black", "white", "per 10,000", "rate", "referral", "protection",
		"in need", "mother", "parent", "placed", "miles"}
	// notInspections keep judgements of homes away from shares of homes.
	notInspections = []string{"rated", "rating", "good", "outstanding", "inadequate", "requires improvement", "judg",
		"inspect", "secure", "foster", "council", "local authorit", "voluntary", "charit", "not-for-profit"}
	// notChildrensServices are other public services' money.
	notChildrensServices = []string{"adult", "nhs", "health", "school", "education", "police", "housing", "pension",
		"older people", "social care for adults"}
	// changes are words of a change between two dates rather than a
	// stock on one.
	changes = []string{"rose by", "rise of", "risen by", "increase", "up by", "fell by", "fall of", "fallen by",
		"down by", "decrease", "drop", "closed", "closure", "opened", "opening", "growth", "grown by", "since 19",
		"since 20"}
	// changeTerms are the words of a change in a count over time, for the
	// rules that check one (Rule.Change).
	changeTerms = []string{"rose", "risen", "rise", "rising", "increase", "up", "fell", "fallen", "fall", "down", "grew",
		"grown", "growth", "more than", "fewer than", "higher than", "lower than", "earlier", "on the year", "since", "compared"}
	// unitCosts are words of a cost per child, placement or week rather
	// than a total.
	unitCosts = []string{"per week", "a week", "per child", "each child", "per placement", "a placement", "per head",
		"a head", "average", "per year per", "per hour", "a night", "per night"}
)

// Rules is the matching table, in the order rules are tried: the first
// that matches wins.
var Rules = []Rule{
	// Private provision.
	{Name: "largest-providers", Topic: TopicPrivateProvision, Units: []string{UnitCount},
		All:    [][]string{{"largest", "biggest", "most profitable", "top"}},
		Target: LargestOwners,
		NotPublished: "A number of companies that the text picks out is not itself a statistic (caredata ranks the owners " +
			"of children's homes by places, not by profit)"},
	{Name: "fostering-ifa-places", Topic: TopicPrivateProvision, Units: []string{UnitPercent},
		All: [][]string{{"foster"}, {"place"}}, None: changes, Target: FosteringIFAPlaces},
	{Name: "fostering", Topic: TopicPrivateProvision, Units: []string{UnitPercent, UnitCount, UnitGBP},
		All: [][]string{{"foster"}},
		NotPublished: "Of Ofsted's Fostering in England statistics caredata publishes England's places, households, carers " +
			"and children placed by agency type on 31 March 2013 to 2018 (fostering), and checks claims of the independent " +
			"agencies' share of places; this figure is not among them"},
	{Name: "provider-finances", Topic: TopicPrivateProvision, Units: []string{UnitPercent, UnitCount, UnitGBP},
		All:          [][]string{{"profit", "margin", "revenue", "turnover", "income", "earn", "windfall", "tax", "debt", "fee", "price"}},
		NotPublished: "Providers' profits, fees and finances are not among the statistics caredata publishes"},
	{Name: "homes-private-places-share", Topic: TopicPrivateProvision, Units: []string{UnitPercent},
		All:  [][]string{{"children's home", "residential"}, {"place", "bed"}, privateWords},
		None: join(notInspections, changes), Target: HomesPrivatePlacesShare},
	{Name: "homes-private-share", Topic: TopicPrivateProvision, Units: []string{UnitPercent},
		All:  [][]string{{"children's home", "residential"}, privateWords},
		None: join(notInspections, changes), Target: HomesPrivateShare},
	{Name: "placed-private", Topic: TopicPrivateProvision, Units: []string{UnitPercent},
		All:  [][]string{{"children in care", "looked after", "placed", "placement"}, privateWords},
		None: join([]string{"children's home", "foster", "residential"}, changes), Target: PlacedPrivate},
	{Name: "homes-private", Topic: TopicPrivateProvision, Units: []string{UnitCount},
		All:  [][]string{{"children's home"}, privateWords},
		None: join([]string{"place", "bed", "new"}, notInspections, changes), Target: HomesPrivate},
	{Name: "homes-total", Topic: TopicPrivateProvision, Units: []string{UnitCount},
		All:  [][]string{{"children's home"}},
		None: join([]string{"place", "bed", "new"}, notInspections, changes), Target: HomesTotal},

	// Children in care.
	{Name: "placed-out-of-area", Topic: TopicChildrenInCare, Units: []string{UnitPercent},
		All:  [][]string{{"out of area", "out-of-area", "outside their", "outside the council", "outside the local authority", "away from their"}},
		None: changes, Target: PlacedOutside},
	{Name: "supported-places", Topic: TopicChildrenInCare, Units: []string{UnitCount},
		All: [][]string{{"supported accommodation"}, {"place", "bed"}}, None: changes, Target: SupportedPlaces},
	{Name: "supported-premises", Topic: TopicChildrenInCare, Units: []string{UnitCount},
		All: [][]string{{"supported accommodation"}, {"premises", "setting", "propert", "house", "flat"}}, None: changes, Target: SupportedPremises},
	{Name: "supported-providers", Topic: TopicChildrenInCare, Units: []string{UnitCount},
		All: [][]string{{"supported accommodation"}, {"provider", "compan", "organisation"}}, None: changes, Target: SupportedProviders},
	{Name: "care-change", Topic: TopicChildrenInCare, Units: []string{UnitPercent},
		All:  [][]string{{"child", "young people", "looked after", "in care"}, changeTerms},
		None: notTheTotal, Target: CareOn31March, Change: true},
	{Name: "care-starting", Topic: TopicChildrenInCare, Units: []string{UnitCount},
		All: [][]string{{"entering care", "enter care", "entered care", "enters care", "came into care", "come into care",
			"coming into care", "taken into care", "starting to be looked after", "started to be looked after",
			"began to be looked after"}},
		None: join(notTheTotal, changes), Target: CareStarting},
	{Name: "care-ceasing", Topic: TopicChildrenInCare, Units: []string{UnitCount},
		All: [][]string{{"leaving care", "left care", "leave care", "leaves care", "ceasing to be looked after",
			"ceased to be looked after", "stopped being looked after"}},
		None: join(notTheTotal, changes), Target: CareCeasing},
	{Name: "care-31-march", Topic: TopicChildrenInCare, Units: []string{UnitCount},
		All:  [][]string{{"child", "young people", "looked after", "in care"}},
		None: join(notTheTotal, changes), Target: CareOn31March},

	// Spending.
	{Name: "spend-overspend", Topic: TopicSpend, Units: []string{UnitGBP},
		All:  [][]string{{"overspen", "over budget", "over-budget", "above budget", "more than budgeted", "overran", "overrun"}},
		None: notChildrensServices, Target: Overspend},
	{Name: "spend-change", Topic: TopicSpend, Units: []string{UnitPercent},
		All:  [][]string{{"children's social care", "children's services"}, spendWords, changeTerms},
		None: notChildrensServices, Target: SpendCSCRSX, Change: true},
	{Name: "spend-per-child", Topic: TopicSpend, Units: []string{UnitGBP},
		All:  [][]string{{"per child", "each child", "a child", "per head"}, {"children's social care", "children's services"}},
		None: join([]string{"per week", "a week", "placement", "in care", "looked after"}, changes), Target: SpendPerChild},
	{Name: "unit-cost", Topic: TopicSpend, Units: []string{UnitGBP},
		All: [][]string{unitCosts},
		NotPublished: "Costs per child, placement or week are not among the statistics caredata publishes for England " +
			"(la_profile has each council's spending per child in care)"},
	{Name: "spend-residential", Topic: TopicSpend, Units: []string{UnitGBP},
		All:  [][]string{{"residential", "children's home"}, spendWords},
		None: join(unitCosts, notChildrensServices, changes), Target: SpendResidential},
	{Name: "spend-fostering", Topic: TopicSpend, Units: []string{UnitGBP},
		All:  [][]string{{"foster"}, spendWords},
		None: join(unitCosts, notChildrensServices, changes), Target: SpendFostering},
	{Name: "spend-cla", Topic: TopicSpend, Units: []string{UnitGBP},
		All:  [][]string{{"looked after", "children in care", "child in care"}, spendWords},
		None: join(unitCosts, notChildrensServices, changes), Target: SpendCLA},
	{Name: "spend-csc", Topic: TopicSpend, Units: []string{UnitGBP},
		All: [][]string{{"children's social care", "children's services", "children's social services"}, spendWords,
			{"council", "local authorit", "local government", "england", "councils'"}},
		None: join([]string{"family hub", "family help", "extra", "additional"}, unitCosts, notChildrensServices, changes), Target: SpendCSC},
	{Name: "funding", Topic: TopicSpend, Units: []string{UnitGBP},
		All: [][]string{{"fund", "invest", "pot", "grant", "package", "backed", "allocat", "settlement", "call", "request",
			"money", "budget", "spend", "spent", "cost", "ask"}},
		None:   notChildrensServices,
		Target: SpendCSC,
		NotPublished: "Funding for a particular programme, grant or plan is not among the statistics caredata publishes " +
			"(it publishes what councils spent, from MHCLG's revenue outturn)"},
}

// Match returns the rule of the table that matches the claim, or false
// when none does. Rules are tried in order on the words near the mention
// (the subject and eight words either side) first, then on its wider
// context (to the neighbouring figures of the sentence), so that a term
// next to the figure wins over one further away.
func Match(c Claim) (Rule, bool) {
	near := normalise(c.Subject + " | " + lastWords(c.Before, 8) + " " + c.Mention + " " + firstWords(c.After, 8))
	wide := normalise(c.Subject + " | " + c.Before + " " + c.Mention + " " + c.After)
	for _, context := range []string{near, wide} {
		for _, r := range Rules {
			if r.Topic != c.Topic || !contains(r.Units, c.Unit) {
				continue
			}
			ok := true
			for _, group := range r.All {
				if !hasAny(context, group) {
					ok = false
					break
				}
			}
			if ok && !hasAny(near, r.None) {
				return r, true
			}
		}
	}
	return Rule{}, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// normalise lower-cases text and straightens apostrophes and dashes so
// that terms match however the document typed them.
func normalise(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("’", "'", "‘", "'", "`", "'", "–", "-", "—", "-", "\u00a0", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// hasAny reports whether a term occurs in text at the start of a word
// ("home" matches "homes", "carer" does not match "care").
func hasAny(text string, terms []string) bool {
	for _, t := range terms {
		for from := 0; ; {
			i := strings.Index(text[from:], t)
			if i < 0 {
				break
			}
			i += from
			if i == 0 || !isWordRune(lastRune(text[:i])) || !isWordRune(firstRune(t)) {
				return true
			}
			from = i + 1
		}
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return ' '
	}
	return r[len(r)-1]
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return ' '
}

func lastWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[len(f)-n:]
	}
	return strings.Join(f, " ")
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}

// join concatenates term lists into a new list.
func join(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
