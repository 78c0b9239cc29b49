// Package claimchecks derives claim_checks: each figure a document states
// about children in care, private provision or spending (claims whose
// topic is children_in_care, private_provision or spend), put beside the
// official statistic it refers to, with a verdict and one sentence a
// reader can quote.
//
// # Matching
//
// A claim is matched by a row of an explicit table (Rules) whose topic
// and unit are the claim's, whose groups of terms each have one term in
// the claim's text, and none of whose excluded terms occur near the
// mention. The table is tried in order on the words near the mention
// (the claim's subject and eight words either side) and then, if no row
// matched, on its wider context (the sentence up to the neighbouring
// figures), so "78 per cent of children's homes … and 41 per cent of
// fostering places" gives each figure its own subject; the excluded
// terms are always read near the mention. The first row that matches
// wins. Each row names its statistic (dataset, row and column), the
// places it has (E England, R regions, C councils: a claim naming a place
// the statistic lacks is not checkable) and its period rule (P: the latest
// period published before the document; A: the latest 31 March on or
// before it; S: a change over the span the claim states, ending at P;
// F: a forecast's horizon). A period the claim states is checked instead
// of P or A; "not published" rows explain why there is no statistic:
//
//	rule                        claim                                   statistic                                       places  period
//	largest-providers           count: the N largest providers          not published (provider_owners beside it)       -       -
//	fostering-ifa-places        percent: independent agencies' share    fostering: Approved foster places, Independent  E       A
//	                            of fostering places                     fostering agencies, share_of_all_pct
//	fostering                   other fostering figures                 not published                                   -       -
//	provider-finances           profits, fees, windfall tax             not published                                   -       -
//	homes-private-places-share  percent: places in private homes        private_provision_share: Children's homes,      E R C   A
//	                                                                    private_share_places_pct
//	homes-private-share         percent: homes run privately            … private_share_providers_pct                   E R C   A
//	placed-private              percent: children in care placed by     placements: private provision of all            E R C   P
//	                            private providers                       (all localities and placement types)
//	homes-private, homes-total  count: (private) children's homes       private_provision_share providers_*             E R C   A
//	placed-out-of-area          percent: placed outside their council   placements: outside council boundary of all     E R C   P
//	supported-places, -premises count: supported accommodation places,  supported_accommodation, Total sector           E R C   A
//	-providers                  premises or providers
//	care-change                 percent: change in children in care     children_in_care, looked after on 31 March      E R C   S
//	care-starting, care-ceasing count: children entering / leaving care children_in_care, starting / ceasing            E R C   P
//	care-31-march               count: children in care, looked after   children_in_care, looked after on 31 March      E R C   P, F
//	spend-overspend             £ overspent, over budget                budget_vs_outturn: Children's social care,      E C     P
//	                                                                    difference_gbp (England: authorities with both)
//	spend-change                percent: change in children's social    service_spend: Children's social care, net      E C     S
//	                            care spending
//	spend-per-child             £ per child on children's social care   la_profile csc_spend_per_child_gbp              C       P
//	unit-cost                   £ per child, placement or week          not published                                   -       -
//	spend-residential, -fostering, -cla, -csc                           la_spend: the line's net current expenditure    E C     P, F
//	                            £ spent on residential care, fostering,
//	                            children looked after, children's social care
//	funding                     £ funding, investment, grants, asks     not published (la_spend beside it)              -       -
//
// la_spend rows are the England row's (or a named council's) net current
// expenditure. Counts of
// children exclude subsets (fostered, adopted, unaccompanied, care
// leavers, ...), shares of homes exclude inspection judgements and other
// sectors, and spending excludes adult social care, health, schools and
// other services: such claims match no rule.
//
// # Which place
//
// A claim that names a local authority or an English region next to its
// figure ("In Kent, 1,896 children were looked after"; "in the North
// West, 89 per cent of children's homes") is checked against that area's
// row: the names are DfE's, from the lookups the extractors match
// Ofsted's names with (package geo), an authority being the one of that
// name operating on the document's date. children_in_care and
// private_provision_share have authorities and regions, la_spend
// authorities; a claim about an area for a statistic published for
// England only is not checkable and says so. Without the lookups every
// claim is England's.
//
// # Which figure
//
// A claim is compared with the statistic as it stood when the document
// appeared: the latest period published before the document's
// publication date (documents.publication_date), with the value of the
// newest release held that was published by then (children_in_care has
// several DfE releases; older values come from revisions), or, when no
// release held was published by then, of the oldest release held; a
// later revision is mentioned. Ofsted's registers of 31 March are the
// exception (Target.AtReference): a claim about the private share of
// children's homes, their number or their largest owners is compared
// with the latest 31 March on or before the document's date, out or not,
// since reviews quote Ofsted's figures before the underlying data appear
// (the Case for Change of 18 June 2021 gives 31 March 2021's 78 per
// cent), and the explanation says whether that register was out and how
// complete it is. When the document's date is unknown, the
// latest figure is used and the explanation says so. When no figure held
// was out before the document, the earliest is used and the explanation
// says so. A period the claim states next to its figure ("in 2022-23",
// "on 31 March 2023", "in 2019") is the one checked instead, when it was
// out by the document's date; such a claim is never outdated, since it
// says which period it means.
//
// Publication dates of statistics come from the sources table's
// published column where it has one; otherwise each publisher's schedule
// gives the latest date a period can have appeared by, so a figure is
// never taken as available to an author before it was: DfE's children
// looked after for the year to 31 March Y by 31 December Y (a release
// labelled Y is dated so too); Ofsted's register of 31 March Y by 30
// September Y; MHCLG's revenue outturn for the financial year ending in
// March Y by 31 March Y+1. A document dated between a period's end and
// that bound is compared with the period before, never accused of
// missing a figure that may not yet have been out, and the explanation
// says that the later figure may not have been out yet.
//
// # Verdicts
//
// A claim is consistent with a figure when the figure rounds to it
// (HalfUnit: 78 per cent is ±0.5 points, £2.6 billion ±£0.05 billion,
// 80,000 ±5,000, 100,000 ±5,000, £10 billion ±£0.5 billion), or for more
// than / at least / less than / up to, when the inequality holds; almost
// and nearly need the figure at or below the claim and within the
// rounding. With B the figure at the document's date and L the latest,
// the verdict is the first of these that applies:
//
//  0. a forecast (a projection the words around it call one) of a
//     statistic caredata holds is judged at its horizon (judged_on): 31
//     March of a year it names after the document's ("by 2032"), else the
//     first 31 March after a span of years its sentence gives ("over five
//     years", "within a decade"). While no period reaches that date it is
//     pending, with the latest figure beside it; in the first release that
//     does, it is consistent (came true), close or differs against that
//     period. A forecast with no date stays pending until a later figure
//     fits it, and is then consistent.
//  1. not_checkable: any other projection (proposal or ask, as the
//     claim's is_projection says and the words around it tell which), a
//     measure caredata does not publish (a rule without a statistic, or
//     money summed over several years), a claim no rule matches, or a
//     statistic absent from the release. The latest figure of the rule's
//     statistic, if it names one, is shown beside it for comparison.
//  2. outdated: consistent with B but not with L, a newer period or a
//     revision of B: the claim was right when written and is not now.
//  3. consistent: consistent with B (and with L).
//  4. outdated: consistent with an earlier period's figure than B (in
//     any release held): the author used an old figure.
//  5. close: within 5% of B (|claim − B| ≤ 0.05 × B).
//  6. not_checkable (only_later_figures): B is the earliest figure held
//     and was not out before the document; B is shown beside it.
//  7. differs.
//
// Outdated rows show L; the others B. Difference (claim − statistic)
// and ratio (claim ÷ statistic) are null for not_checkable and pending
// rows.
//
// When the claims dataset is absent or empty (a run without documents),
// claim_checks has no rows; statistics absent from a run make the claims
// that need them not_checkable (statistic_missing).
package claimchecks

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/schemas"
)

// Deriver builds claim_checks.
type Deriver struct{}

// Name names the deriver in logs and errors.
func (Deriver) Name() string { return schemas.ClaimChecks.Name }

// Datasets is claim_checks.
func (Deriver) Datasets() []*schemas.Dataset { return []*schemas.Dataset{&schemas.ClaimChecks} }

// Needs are the datasets claims are checked against, and the claims. Every
// statistic is England's: of la_spend's 636,000 rows only the England
// rows are kept, and of care_providers only each snapshot's first row
// (which names the snapshot's source file).
func (Deriver) Needs() []extract.Need {
	// la_spend's England rows, and authorities' net current expenditure on
	// the lines claims are checked against (claims may name a council).
	national := func(r *schemas.Reader, i int) bool {
		c := schemas.LASpendCol
		if r.Value(i, c.GeographicLevel).Str == schemas.National {
			return true
		}
		if r.Value(i, c.Measure).Str != schemas.SpendNet || r.Value(i, c.ServiceArea).Str != schemas.SpendAreaChildren {
			return false
		}
		switch r.Value(i, c.Service).Str {
		case schemas.SpendTotalChildren, schemas.SpendLookedAfter, schemas.SpendResidential, schemas.SpendFostering:
			return true
		}
		return false
	}
	var last schemas.Value
	firstOfSnapshot := func(r *schemas.Reader, i int) bool {
		d := r.Value(i, schemas.CareProvidersCol.SnapshotDate)
		first := d != last
		last = d
		return first
	}
	return []extract.Need{{Dataset: &schemas.Claims}, {Dataset: &schemas.Documents}, {Dataset: &schemas.ChildrenInCare},
		{Dataset: &schemas.PrivateProvisionShare}, {Dataset: &schemas.CareProviders, Keep: firstOfSnapshot},
		{Dataset: &schemas.ProviderOwners}, {Dataset: &schemas.LASpend, Keep: national}, {Dataset: &schemas.Revisions},
		{Dataset: &schemas.Fostering}, {Dataset: &schemas.Placements, Keep: func(r *schemas.Reader, i int) bool {
			return r.Value(i, schemas.PlacementsCol.PlacementType).Str == schemas.PlacementTypeAll
		}}, {Dataset: &schemas.BudgetVsOutturn, Keep: childrens(schemas.BudgetVsOutturnCol.Service)},
		{Dataset: &schemas.ServiceSpend, Keep: childrens(schemas.ServiceSpendCol.Service)},
		{Dataset: &schemas.LAProfile}, {Dataset: &schemas.SupportedAccommodation},
		{Dataset: &schemas.SpendGrowth, Keep: func(r *schemas.Reader, i int) bool {
			return r.Value(i, schemas.SpendGrowthCol.GeographicLevel).Str == schemas.National
		}},
		{Dataset: &schemas.Sources}}
}

// childrens keeps the children's social care rows of a revenue dataset.
func childrens(service int) func(r *schemas.Reader, i int) bool {
	return func(r *schemas.Reader, i int) bool { return r.Value(i, service).Str == schemas.ServiceChildren }
}

// Checked reports whether claims of a topic get a row in claim_checks.
func Checked(topic string) bool {
	return topic == TopicChildrenInCare || topic == TopicPrivateProvision || topic == TopicSpend
}

// Derive checks every claim of the checked topics against the tables.
func (d Deriver) Derive(ctx context.Context, env extract.Env, in extract.Tables, lookups []extract.Input) error {
	tables := map[string]schemas.Table{}
	defer func() {
		for _, t := range tables {
			t.Release()
		}
	}()
	for _, need := range d.Needs() {
		t, err := in.Table(need.Dataset)
		if err != nil {
			return err
		}
		tables[need.Dataset.Name] = t
	}
	b, err := env.Out.Open(&schemas.ClaimChecks)
	if err != nil {
		return err
	}
	claims, err := ReadClaims(tables)
	if err != nil {
		return err
	}
	dates, err := documentDates(tables)
	if err != nil {
		return err
	}
	x := newIndex(tables)
	if len(lookups) > 0 {
		// Claims that name an authority or region are checked against its
		// rows; without the lookups every claim is England's.
		lookup, err := geo.FromInputs(lookups, false)
		if err != nil {
			return err
		}
		x.places = newPlaces(lookup)
	}
	for _, c := range claims {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !Checked(c.Topic) {
			continue
		}
		date := dates[c.DocumentID]
		res := x.check(c, date)
		if err := b.Append(x.row(c, date, res)...); err != nil {
			return fmt.Errorf("claim %s #%d: %w", c.DocumentID, c.Index, err)
		}
	}
	return nil
}

// row is one claim_checks row in column order.
func (x *index) row(c Claim, date time.Time, res result) []schemas.Value {
	str := func(s string) schemas.Value { return schemas.Str(s) }
	docDate := schemas.Null()
	if !date.IsZero() {
		docDate = schemas.Date(date)
	}
	rule, dataset, key, column, label, period, source := schemas.Null(), schemas.Null(), schemas.Null(), schemas.Null(),
		schemas.Null(), schemas.Null(), schemas.Null()
	value, diff, ratio := schemas.Null(), schemas.Null(), schemas.Null()
	if res.Rule != nil {
		rule = str(res.Rule.Name)
	}
	if res.Target != nil {
		dataset, column, label = str(res.Target.Dataset), str(res.Target.Column), str(x.label(res))
	}
	if res.Statistic != nil {
		key, period, source = str(res.Statistic.key), str(res.Statistic.period), str(res.Value.sourceID)
		value = schemas.Float(res.Value.value)
	}
	judged := schemas.Null()
	if !res.JudgedOn.IsZero() {
		judged = schemas.Date(res.JudgedOn)
	}
	if res.Compared {
		diff = schemas.Float(res.Difference)
		if !math.IsNaN(res.Ratio) && !math.IsInf(res.Ratio, 0) {
			ratio = schemas.Float(res.Ratio)
		}
	}
	return []schemas.Value{str(c.DocumentID), schemas.Int(int64(c.Index)), str(c.Mention), schemas.Float(c.Value),
		str(c.Unit), str(c.Comparator), str(c.Topic), docDate, rule, dataset, key, column, label, value, period, source,
		diff, ratio, str(res.Verdict), str(res.Reason), judged, str(res.Explanation), str(c.SourceID)}
}

// ReadClaims reads the claims table (none when the run has no claims),
// with the words around each mention (see Locate).
func ReadClaims(tables map[string]schemas.Table) ([]Claim, error) {
	t, ok := tables[schemas.Claims.Name]
	if !ok || t.Record == nil || t.Rows() == 0 {
		return nil, nil
	}
	r := schemas.NewReader(t)
	out := make([]Claim, t.Rows())
	for i := range out {
		c := schemas.ReadClaimsRow(r, i)
		out[i] = Claim{DocumentID: c.DocumentID.Str, Index: int(c.ClaimIndex.Int), Mention: c.Mention.Str,
			Sentence: c.Sentence.Str, Value: c.Value.Float, Unit: c.Unit.Str, Comparator: c.Comparator.Str,
			PeriodYears: c.PeriodYears.Float, Topic: c.Topic.Str, Subject: c.Subject.Str,
			IsProjection: c.IsProjection.Valid && c.IsProjection.Int == 1, SourceID: c.SourceID.Str}
	}
	Locate(out)
	return out, nil
}

// Locate finds each claim's mention in its sentence and sets Before and
// After to the sentence's text on either side, up to the neighbouring
// claims' mentions in the same sentence, so that the words of one figure
// are not read as another's. Claims are taken in the order given.
func Locate(claims []Claim) {
	type span struct{ start, end int }
	spans := make([]span, len(claims))
	cursor := map[string]int{}
	for i, c := range claims {
		k := c.DocumentID + "\x00" + c.Sentence
		j := findMention(c.Sentence, c.Mention, cursor[k])
		if j < 0 {
			spans[i] = span{-1, -1}
			continue
		}
		spans[i] = span{j, j + len(c.Mention)}
		cursor[k] = spans[i].end
	}
	groups := map[string][]int{}
	for i, c := range claims {
		k := c.DocumentID + "\x00" + c.Sentence
		groups[k] = append(groups[k], i)
	}
	for _, group := range groups {
		for _, i := range group {
			c := &claims[i]
			if spans[i].start < 0 {
				c.Before, c.After = c.Sentence, ""
				continue
			}
			lo, hi := 0, len(c.Sentence)
			for _, j := range group {
				if j == i || spans[j].start < 0 {
					continue
				}
				if spans[j].end <= spans[i].start && spans[j].end > lo {
					lo = spans[j].end
				}
				if spans[j].start >= spans[i].end && spans[j].start < hi {
					hi = spans[j].start
				}
			}
			c.Before, c.After = c.Sentence[lo:spans[i].start], c.Sentence[spans[i].end:hi]
		}
	}
}

// findMention returns the byte offset of mention in sentence at or after
// from, skipping occurrences inside a longer number or word ("15" in
// "2015" or "15,000"), or -1.
func findMention(sentence, mention string, from int) int {
	if mention == "" {
		return -1
	}
	for from <= len(sentence) {
		j := strings.Index(sentence[from:], mention)
		if j < 0 {
			return -1
		}
		j += from
		if !continues(sentence[:j], mention, true) && !continues(sentence[j+len(mention):], mention, false) {
			return j
		}
		from = j + 1
	}
	return -1
}

// continues reports whether the text next to a mention (before it when
// before is true) carries on the mention's word or number: a letter or
// digit, or a thousands separator or decimal point followed by a digit.
func continues(next, mention string, before bool) bool {
	r := []rune(next)
	edge := firstRune(mention)
	if !before {
		edge = lastRune(mention)
	}
	if len(r) == 0 || !isWordRune(edge) {
		return false
	}
	at, beyond := 0, 1
	if before {
		at, beyond = len(r)-1, len(r)-2
	}
	if isWordRune(r[at]) {
		return true
	}
	return (r[at] == ',' || r[at] == '.') && beyond >= 0 && beyond < len(r) && unicode.IsDigit(r[beyond]) && unicode.IsDigit(edge)
}

// documentDates reads each document's publication date (absent: unknown).
func documentDates(tables map[string]schemas.Table) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	t, ok := tables[schemas.Documents.Name]
	if !ok || t.Record == nil || t.Rows() == 0 {
		return out, nil
	}
	id, pub := schemas.DocumentsCol.DocumentID, schemas.DocumentsCol.PublicationDate
	r := schemas.NewReader(t)
	for i := 0; i < t.Rows(); i++ {
		if d, ok := dateValue(r.Value(i, pub), t.Dataset.Columns[pub].Type); ok {
			out[r.Value(i, id).Str] = d
		}
	}
	return out, nil
}
