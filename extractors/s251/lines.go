package s251

import (
	"strings"
	"unicode"

	"github.com/caredata/caredata/schemas"
)

// Groups of lines (the line_group column): the blocks of the return, one
// per line for every year, although the return moved some lines between
// blocks (see Lines).
const (
	GroupYouthJustice     = "Youth justice"
	GroupSureStart        = "Sure Start children's centres and early years"
	GroupLookedAfter      = "Children looked after"
	GroupAsylum           = "Asylum seekers"
	GroupSafeguarding     = "Safeguarding children and young people"
	GroupFamilySupport    = "Family support services"
	GroupYoungPeople      = "Services for young people"
	GroupOtherFamilies    = "Other children's and families services"
	GroupStrategy         = "Children's services strategy"
	GroupOther            = "Other (Child Trust Fund, CERA)"
	GroupTotal            = "Total"
	GroupMemorandum       = "Memorandum"
	allYears              = 0 // From or To: no bound
	memoNote              = " (memorandum)"
	sureStartCentres      = "Sure Start children's centres: "
	unaccompaniedChildren = "Unaccompanied asylum-seeking children"
)

// Line is one harmonised line of the return: its group, its label in the
// line column, and the labels the files print for it.
type Line struct {
	Group, Label string
	Raw          []Raw
}

// Raw is a label a file prints for a line, normalised (see Normalise), in
// the years From to To (time periods such as 200809; 0 is no bound). A
// label may stand for different lines in different years (the 2012-13
// return kept "Teenage pregnancy services" as a memorandum line), hence
// the bounds.
type Raw struct {
	Label    string
	From, To int32
}

// In reports whether the label applies to the time period.
func (r Raw) In(period int32) bool {
	return (r.From == allYears || period >= r.From) && (r.To == allYears || period <= r.To)
}

// always is labels that apply in every year.
func always(labels ...string) []Raw { return between(allYears, allYears, labels...) }

// between is labels that apply in the years from to to only.
func between(from, to int32, labels ...string) []Raw {
	out := make([]Raw, len(labels))
	for i, l := range labels {
		out[i] = Raw{Label: l, From: from, To: to}
	}
	return out
}

// lines is the harmonisation table: every label of every year's file maps
// to exactly one row, and no two lines of one year map to the same row
// (TestLinesTable). Choices that are not mere respellings:
//
//   - A block's single line stands for the block's total: from 2011-12
//     youth justice and children's services strategy are one line each
//     ("Youth Justice", "Children's Services Strategy"), published as
//     Total youth justice and Total children's services strategy.
//   - 2010-11's line 47, "Unknown", is Total services for young people:
//     it equals lines 41 to 46 (universal and targeted services, substance
//     misuse, teenage pregnancy, Connexions, student support) for every
//     authority, and the total excluding CERA counts it in place of them.
//   - Adoption services and special guardianship support are grouped with
//     Children looked after, where the return put them from 2012-13; until
//     2011-12 it counted them in Total other children's and families
//     services. Asylum lines are one group although from 2009-10 the
//     return counts them in Total children looked after and in 2008-09 it
//     gave them a block of their own.
//   - Substance misuse and teenage pregnancy services are Services for
//     young people (their block from 2010-11; Family support services
//     before); in 2012-13 and 2013-14 they are memorandum lines, included
//     in the young people's lines, and published as separate memorandum
//     lines so that no year's figure is counted twice.
//   - Short breaks for looked after children became "for looked after
//     disabled children" in 2011-12: one line.
//   - Lines whose scope changed by merging (2011-12's "Commissioning and
//     social work" including child protection functions, 2012-13's
//     "Social work" and "Commissioning and Children's Services Strategy")
//     are lines of their own, not continuations of narrower ones.
//   - The totals keep one label although what they cover changed with the
//     return (Sure Start from 2010-11, services for young people from
//     2010-11, and so on).
var lines = []Line{
	{Group: GroupYouthJustice, Label: "Secure accommodation (youth justice)", Raw: always("secure accommodation (youth justice)")},
	{Group: GroupYouthJustice, Label: "Youth offending teams", Raw: always("youth offender teams")},
	{Group: GroupYouthJustice, Label: "Other youth justice services", Raw: always("other youth justice service")},
	{Group: GroupYouthJustice, Label: "Total youth justice", Raw: always("total youth justice", "youth justice")},

	{Group: GroupSureStart, Label: sureStartCentres + "spending by individual centres", Raw: always("spend by individual sure start children's centres")},
	{Group: GroupSureStart, Label: sureStartCentres + "area-wide services", Raw: always(
		"spend on local authority provided or commissioned area-wide services delivered through sure start children's centres",
		"spend on local authority provided or commissioned area-wide services", // 2011-12, truncated
	)},
	{Group: GroupSureStart, Label: sureStartCentres + "local authority management costs", Raw: always(
		"spend on local authority management costs relating to sure start children's centres",
	)},
	{Group: GroupSureStart, Label: "Other early years spending", Raw: always("other early years funding", "other early years expenditure")},
	{Group: GroupSureStart, Label: "Total Sure Start children's centres", Raw: always("total sure start children's centres")},

	{Group: GroupLookedAfter, Label: schemas.S251LineResidential, Raw: always("residential care")},
	{Group: GroupLookedAfter, Label: "Fostering services", Raw: always("fostering services")},
	{Group: GroupLookedAfter, Label: "Adoption services", Raw: always("adoption services")},
	{Group: GroupLookedAfter, Label: "Special guardianship support", Raw: always("special guardianship support")},
	{Group: GroupLookedAfter, Label: "Other children looked after services", Raw: always("other children looked after services", "other children looked after")},
	{Group: GroupLookedAfter, Label: "Secure accommodation (welfare)", Raw: always("secure accommodation (welfare)")},
	{Group: GroupLookedAfter, Label: "Short breaks (respite) for looked after children", Raw: always(
		"short breaks (respite) for looked after children", "short breaks (respite) for looked after disabled children",
	)},
	{Group: GroupLookedAfter, Label: "Children placed with family and friends", Raw: always("children placed with family and friends")},
	{Group: GroupLookedAfter, Label: "Advocacy services for children looked after", Raw: always("advocacy services for children looked after")},
	{Group: GroupLookedAfter, Label: "Education of looked after children", Raw: always("education of looked after children")},
	{Group: GroupLookedAfter, Label: "Leaving care support services", Raw: always("leaving care support services")},
	{Group: GroupLookedAfter, Label: schemas.S251LineTotalLookedAfter, Raw: always("total children looked after")},

	{Group: GroupAsylum, Label: "Asylum seeker services for children", Raw: always("asylum seeker services - children")},
	{Group: GroupAsylum, Label: unaccompaniedChildren, Raw: always("unaccompanied asylum children")},
	{Group: GroupAsylum, Label: unaccompaniedChildren + ": accommodation", Raw: always("unaccompanied asylum children: accommodation")},
	{Group: GroupAsylum, Label: unaccompaniedChildren + ": assessment and care management", Raw: always("unaccompanied asylum children: assessment and care management")},
	// 2008-09 lines 31 and 32 add to the block's total beside line 30
	// (unaccompanied children), so they are not parts of it.
	{Group: GroupAsylum, Label: "Asylum seekers: accommodation", Raw: between(0, 200809, "accommodation")},
	{Group: GroupAsylum, Label: "Asylum seekers: assessment and care management", Raw: between(0, 200809, "assessment and care management")},
	{Group: GroupAsylum, Label: "Total asylum seekers", Raw: always("total asylum seeker")},

	{Group: GroupSafeguarding, Label: "Child death review processes", Raw: always("child death processes", "child death review processes")},
	{Group: GroupSafeguarding, Label: "Preventative services", Raw: always("preventative services")},
	{Group: GroupSafeguarding, Label: "Local authority functions in relation to child protection", Raw: always("la functions in relation to child protection")},
	{Group: GroupSafeguarding, Label: "Commissioning and social work, including child protection functions", Raw: always(
		"commissioning and social work (includes la functions in relation to", // 2011-12, truncated
	)},
	{Group: GroupSafeguarding, Label: "Social work, including child protection functions", Raw: always(
		"social work (includes la functions in relation to child protection", "social work (includes la functions in relation to child protection)",
	)},
	{Group: GroupSafeguarding, Label: "Commissioning and children's services strategy", Raw: always("comissioning and children's services strategy")},
	{Group: GroupSafeguarding, Label: "Local safeguarding children board", Raw: always("local safeguarding childrens board")},
	{Group: GroupSafeguarding, Label: "Total safeguarding children and young people's services", Raw: always(
		"total children and young peoples safety", "total children and young people's safety",
		"total children and young people's safety/children social care", "total safeguarding children and young peoples services",
	)},

	{Group: GroupFamilySupport, Label: "Direct payments", Raw: always("direct payments")},
	{Group: GroupFamilySupport, Label: "Short breaks (respite) for disabled children", Raw: always("short breaks (respite) for disabled children")},
	{Group: GroupFamilySupport, Label: "Home care services", Raw: always("home care services")},
	{Group: GroupFamilySupport, Label: "Equipment and adaptations", Raw: always("equiptment and adaptations")},
	{Group: GroupFamilySupport, Label: "Other support for disabled children", Raw: always("other support for disabled children")},
	{Group: GroupFamilySupport, Label: "Other family support services", Raw: always("other family support services")},
	{Group: GroupFamilySupport, Label: "Contribution to health care of individual children", Raw: always("contribution to health care of individual children")},
	{Group: GroupFamilySupport, Label: "Intensive family interventions", Raw: always("intensive family interventions")},
	{Group: GroupFamilySupport, Label: "Other targeted family support", Raw: always("other targeted family support")},
	{Group: GroupFamilySupport, Label: "Targeted family support", Raw: always("targeted family support")},
	{Group: GroupFamilySupport, Label: "Universal family support", Raw: always("universal family support")},
	{Group: GroupFamilySupport, Label: "Total family support services", Raw: always("total family support services")},

	{Group: GroupYoungPeople, Label: "Universal services for young people", Raw: always(
		"universal services for young people (including youth work, positive activities and information, advice and guidance)",
		"universal services for young people (including youth work, positive", // 2011-12, truncated
		"universal services for young people",
	)},
	{Group: GroupYoungPeople, Label: "Targeted services for young people", Raw: always(
		"targeted services for young people (including youth work, positive activities and information, advice and guidance)",
		"targeted services for young people (including youth work, positive",
		"targeted services for young people",
	)},
	{Group: GroupYoungPeople, Label: "Substance misuse services", Raw: between(0, 201112, "substances misuse services (drugs, alcohol and volatile substances)")},
	{Group: GroupYoungPeople, Label: "Teenage pregnancy services", Raw: between(0, 201112, "teenage pregnancy services")},
	{Group: GroupYoungPeople, Label: "Connexions", Raw: always("connexions")},
	{Group: GroupYoungPeople, Label: "Student support, including mandatory awards", Raw: always("student support/including mandatory awards")},
	{Group: GroupYoungPeople, Label: "Other services for young people, including discretionary awards", Raw: always(
		"other services for young people (includes discretionary awards and", // 2011-12, truncated
	)},
	{Group: GroupYoungPeople, Label: "Total services for young people", Raw: append(always("total services for young people"),
		Raw{Label: "unknown", From: 201011, To: 201011})}, // see above

	{Group: GroupOtherFamilies, Label: "Other children's and families services", Raw: always(
		"other childrens and families services", "other children's and families services", "other childrens and family services",
	)},
	{Group: GroupOtherFamilies, Label: "Total other children's and families services", Raw: always(
		"total other childrens and families services", "total other children's and families services",
	)},

	{Group: GroupStrategy, Label: "Children and young people's plan", Raw: always("childrens and young peoples plan", "children's and young people's plan")},
	{Group: GroupStrategy, Label: "Children's social care workforce grant", Raw: always("childrens social care workforce grant")},
	{Group: GroupStrategy, Label: "Partnership costs", Raw: always("partnership costs")},
	{Group: GroupStrategy, Label: "Central commissioning function", Raw: always("central commissioning function")},
	{Group: GroupStrategy, Label: "Commissioning and social work", Raw: always("commissioning and social work")},
	{Group: GroupStrategy, Label: "Total children's services strategy", Raw: always(
		"total childrens services strategy", "total children's services strategy", "children's services strategy",
	)},

	{Group: GroupOther, Label: "Child Trust Fund top-ups", Raw: always("child trust fund top ups")},
	{Group: GroupOther, Label: "Capital expenditure from revenue (CERA)", Raw: always(
		"capital expenditure from revenue (cera) (childrens and young peoples services", // 2008-09, unclosed
		"capital expenditure from revenue (cera) (children's and young people's services)",
		"capital expenditure from revenue (cera) (children's and young peopl", // 2011-12, truncated
		"capital expenditure from revenue (cera) (childrens and young people's services)",
	)},

	{Group: GroupTotal, Label: schemas.S251LineTotalExclCERA, Raw: always(
		"total children and young peoples services budget (excluding cera)",
		"total children and young people's services budget (excluding cera)",
		"children and young people's services budget (excluding cera)",
	)},
	{Group: GroupTotal, Label: "Total children and young people's services (including CERA)", Raw: always(
		"total children and young peoples services budget (including cera)",
		"total children and young people's services budget (including cera)",
		"children and young people's services budget (including cera)",
	)},

	{Group: GroupMemorandum, Label: "Early intervention through Sure Start children's centres" + memoNote, Raw: always(
		"spend on evidence based, early intervention services delivered through sure start children's centres (whether provided by children's centres using delegated budgets or commissioned by the local authority) - (memorandum expenditure extracted from lines 5 to 7 above)",
		"spend on evidence based, early intervention services delivered thro", // 2011-12, truncated
	)},
	{Group: GroupMemorandum, Label: sureStartCentres + "local authority management costs" + memoNote, Raw: always(
		"spend on local authority management costs relating to sure start ch", // 2011-12, truncated
	)},
	{Group: GroupMemorandum, Label: "Youth work" + memoNote, Raw: always(
		"youth work - (memorandum expenditure included in lines 41 and 42 above)",
		"youth work - (memorandum expenditure included in lines 29 and 30 ab", // 2011-12, truncated
	)},
	{Group: GroupMemorandum, Label: "Substance misuse services" + memoNote, Raw: between(201213, 0,
		"substances misuse services (drugs, alcohol and volatile substances)",
		"substance misuse services(drugs, alcohol and volatile substances)(included in lines 27 and 28 above)",
	)},
	{Group: GroupMemorandum, Label: "Teenage pregnancy services" + memoNote, Raw: between(201213, 0,
		"teenage pregnancy services", "teenage pregnancy services(included in lines 27 and 28 above)",
	)},
}

// Lines returns the harmonisation table, in the order the lines are
// published (the return's blocks in their 2013-14 order, roughly).
func Lines() []Line { return append([]Line(nil), lines...) }

// Normalise is the form in which labels are compared: lower case, the
// line number some years print in front removed ("11Short breaks ..."),
// curly apostrophes straight, and every run of white space (tabs,
// no-break spaces) one space.
func Normalise(label string) string {
	s := strings.TrimLeftFunc(Clean(label), func(r rune) bool { return unicode.IsDigit(r) || unicode.IsSpace(r) })
	return strings.ToLower(strings.ReplaceAll(s, "\u2019", "'"))
}

// Clean is a label as the file prints it with its white space tidied:
// tabs, no-break spaces and runs of spaces become one space, and the ends
// are trimmed. It is what source_line_label publishes.
func Clean(label string) string {
	if !needsClean(label) {
		return label
	}
	return strings.Join(strings.Fields(label), " ")
}

// needsClean reports whether Clean would change s, so that clean labels
// (most of them) cost no allocation.
func needsClean(s string) bool {
	prevSpace := true // a leading space needs trimming
	for _, r := range s {
		space := unicode.IsSpace(r)
		if space && (prevSpace || r != ' ') {
			return true
		}
		prevSpace = space
	}
	return prevSpace && s != ""
}

// Periods are the financial years of the files, as time_period gives them.
var Periods = []int32{200809, 200910, 201011, 201112, 201213, 201314}

// labelKey finds a line by its normalised raw label and year.
type labelKey struct {
	raw    string
	period int32
}

// index maps every (normalised label, year) of the table to its line:
// built once, at package initialisation, from the table.
var index = func() map[labelKey]int {
	m := map[labelKey]int{}
	for i, l := range lines {
		for _, r := range l.Raw {
			for _, p := range Periods {
				if r.In(p) {
					m[labelKey{r.Label, p}] = i
				}
			}
		}
	}
	return m
}()

// Find returns the index in Lines of the line a raw label stands for in
// the time period (200809 ... 201314), or false when the table has none.
func Find(period int32, raw string) (int, bool) {
	i, ok := index[labelKey{Normalise(raw), period}]
	return i, ok
}
