package claimchecks

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/caredata/caredata/internal/english"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/caredata/caredata/schemas"
)

// Reasons a claim is not checkable (not_checkable_reason): a forecast,
// a proposal or an ask (projections); a measure caredata does not
// publish; a claim no rule matches; a claim that neither matches nor is
// close to figures all published after its document; a statistic absent
// from the release.
const (
	ReasonForecast     = "forecast"
	ReasonProposal     = "proposal"
	ReasonAsk          = "ask"
	ReasonNotPublished = "not_published"
	ReasonNoMatch      = "no_matching_statistic"
	ReasonOnlyLater    = "only_later_figures"
	ReasonMissing      = "statistic_missing"
)

const (
	closeShare          = 0.05 // close: within 5% of the statistic
	fractionHalfPoint   = 2.5  // "a third", "one in three": within 2.5 percentage points
	floatTolerance      = 1e-9
	maxLaterPeriodsSaid = 3 // later periods named in an explanation; more and only the latest is
)

// result is the check of one claim: the rule that matched, the statistic
// shown beside the claim, the verdict and its explanation.
type result struct {
	Rule        *Rule
	Target      *Target
	Rank        int    // provider_owners rank, for LargestOwners
	Place       *Place // the area the claim names; nil for England
	Statistic   *observation
	Value       release // the statistic's value shown
	Verdict     string
	Reason      string
	Explanation string
	Difference  float64
	Ratio       float64
	Compared    bool // Difference and Ratio apply
	// JudgedOn is a forecast's date of judgement (see horizon).
	JudgedOn time.Time
}

var numeralRe = regexp.MustCompile(`\d[\d,]*(?:\.\d+)?`)

// HalfUnit is how far the true value may be from the claim's and still
// round to it, in the claim's unit: half the last stated digit's place
// value, read from the mention as written. Percentages: 78 per cent is
// ±0.5, 78.5% ±0.05, and a fraction in words (a third, one in three)
// ±2.5 points. Counts and money: £2.6 billion is ±£0.05 billion; a whole
// number of 1,000 or more (or with a scale word) is rounded to its last
// non-zero digit, 80,000 ±5,000 and £300 million ±£50 million, except a
// leading 1 followed by zeros, which keeps one more digit (100,000
// ±5,000, £10 billion ±£0.5 billion); smaller whole numbers are exact
// (±0.5).
func HalfUnit(mention string, value float64, unit string) float64 {
	num := numeralRe.FindString(mention)
	if num == "" || strings.Contains(mention, "/") {
		if unit == UnitPercent {
			return fractionHalfPoint
		}
		num = strconv.FormatFloat(math.Round(value), 'f', -1, 64)
	}
	digits := strings.ReplaceAll(num, ",", "")
	n, err := strconv.ParseFloat(digits, 64)
	if err != nil || n == 0 {
		return 0.5
	}
	scale := value / n
	if unit == UnitPercent {
		scale = 1
	}
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		return 0.5 * math.Pow(10, -float64(len(digits)-i-1)) * scale
	}
	if unit == UnitPercent || (n < 1000 && math.Abs(scale-1) < floatTolerance) {
		return 0.5 * scale
	}
	tz := len(digits) - len(strings.TrimRight(digits, "0"))
	place := math.Pow(10, float64(tz))
	if tz > 0 && strings.TrimRight(digits, "0") == "1" {
		place /= 10
	}
	return 0.5 * place * scale
}

// comparator words as documents write them, longest first, with the
// comparator the claims dataset gives them.
var comparatorWords = []struct{ words, comparator string }{
	{"just under", "approx"}, {"just over", "approx"}, {"more than", "gt"}, {"less than", "lt"}, {"fewer than", "lt"},
	{"at least", "ge"}, {"at most", "le"}, {"up to", "le"}, {"approximately", "approx"}, {"around", "approx"},
	{"about", "approx"}, {"roughly", "approx"}, {"almost", "approx"}, {"nearly", "approx"}, {"approaching", "approx"},
	{"some", "approx"}, {"over", "gt"}, {"above", "gt"}, {"below", "lt"}, {"under", "lt"},
}

// comparatorWord is the word before the mention that set the claim's
// comparator ("almost", "more than"), or a default for the comparator.
func comparatorWord(c Claim) string {
	before := normalise(lastWords(c.Before, 3))
	for _, w := range comparatorWords {
		if w.comparator == c.Comparator && strings.HasSuffix(before, w.words) {
			return w.words
		}
	}
	return map[string]string{"approx": "about", "gt": "more than", "ge": "at least", "lt": "less than", "le": "up to"}[c.Comparator]
}

// ClaimText is the claim as a reader would say it: its comparator word
// and its mention ("more than 80,000").
func ClaimText(c Claim) string {
	if w := comparatorWord(c); w != "" && !strings.HasSuffix(c.Mention, "+") {
		return w + " " + c.Mention
	}
	return c.Mention
}

// Consistent reports whether a statistic s bears the claim out within
// the rounding the claim implies: equal within HalfUnit for eq and for
// about/around; up to HalfUnit below the claim and not above it for
// almost/nearly/approaching/just under, and the mirror for just over;
// and the plain inequality for more than, at least, less than and up to.
func Consistent(c Claim, s float64) bool {
	h := HalfUnit(c.Mention, c.Value, c.Unit) + floatTolerance*math.Max(1, math.Abs(c.Value))
	v := c.Value
	switch c.Comparator {
	case "gt":
		return s > v
	case "ge":
		return s >= v-floatTolerance
	case "lt":
		return s < v
	case "le":
		return s <= v+floatTolerance
	case "approx":
		switch comparatorWord(c) {
		case "almost", "nearly", "approaching", "just under":
			return s <= v && s >= v-h
		case "just over":
			return s >= v && s <= v+h
		}
	}
	return math.Abs(s-v) <= h
}

// Close reports whether the claim is within 5% of the statistic.
func Close(c Claim, s float64) bool {
	return s != 0 && math.Abs(c.Value-s)/math.Abs(s) <= closeShare+floatTolerance
}

// projection words, tried on the words before the mention, then after it,
// then on the whole sentence.
var (
	forecastTerms = []string{"rising above", "rise above", "rises above", "rise to", "rising to", "rises to", "will rise",
		"would rise", "could rise", "set to", "on course", "forecast", "projected", "projection", "predict",
		"expected to", "reach", "by 2030", "by 2025", "by 2026", "by 2027", "by 2028", "by 2029", "by 2035", "by 2040"}
	askTerms      = []string{"call for", "calls for", "called for", "calling for", "ask", "urge", "request", "demand", "lobb"}
	proposalTerms = []string{"suggest", "propos", "recommend", "windfall", "plan", "pledge", "commit", "promise", "target",
		"should", "would", "could"}
)

// ProjectionKind says whether a projection is a forecast, an ask or a
// proposal, from the words around it.
func ProjectionKind(c Claim) string {
	for _, text := range []string{lastWords(c.Before, 12), firstWords(c.After, 8), c.Sentence} {
		t := normalise(text)
		switch {
		case hasAny(t, forecastTerms):
			return ReasonForecast
		case hasAny(t, askTerms):
			return ReasonAsk
		case hasAny(t, proposalTerms):
			return ReasonProposal
		}
	}
	return ReasonProposal
}

// check decides the verdict of one claim published in a document dated
// date (zero when unknown).
func (x *index) check(c Claim, date time.Time) result {
	rule, ok := Match(c)
	res := result{}
	if ok {
		res.Rule, res.Target = &rule, rule.Target
	}
	var series []*observation
	if res.Target != nil {
		res.Place = x.places.find(c, date)
		switch {
		case res.Place == nil && res.Target.PlaceOnly:
			res.Verdict, res.Reason = schemas.VerdictNotCheckable, ReasonNotPublished
			res.Explanation = fmt.Sprintf("caredata publishes %s for each council (%s), not for England, so this cannot be checked.",
				labelPhrase(res.Target.Label), res.Target.Dataset)
			return res
		case res.Place != nil && !byPlace(res.Target, res.Place):
			res.Verdict, res.Reason = schemas.VerdictNotCheckable, ReasonNotPublished
			res.Explanation = fmt.Sprintf("caredata publishes %s for England only, not for %s, so this cannot be checked.",
				labelPhrase(strings.Replace(res.Target.Label, "{N} ", "", 1)), res.Place.Name)
			return res
		case res.Target.RankFromClaim:
			if c.Value == math.Trunc(c.Value) && c.Value >= 1 && c.Value <= 1000 {
				res.Rank = int(c.Value)
				series = x.series(res.Target, res.Rank, nil)
			}
		default:
			series = x.series(res.Target, 0, res.Place)
		}
	}
	related := func() {
		if len(series) > 0 {
			res.Statistic = series[len(series)-1]
			res.Value = res.Statistic.latest()
		}
	}
	notCheckable := func(reason, why string) result {
		res.Verdict, res.Reason = schemas.VerdictNotCheckable, reason
		related()
		if res.Statistic != nil {
			lead := "for comparison, the latest figure is "
			if res.Target.Unit == UnitGBP {
				lead = "for scale, the latest figure is "
			}
			why += "; " + lead + x.describe(res, res.Statistic, res.Value.value)
		}
		res.Explanation = why + "."
		return res
	}
	switch {
	case c.IsProjection && ProjectionKind(c) == ReasonForecast && len(series) > 0 && !date.IsZero() && rule.NotPublished == "":
		return x.forecast(c, date, res, series)
	case c.IsProjection:
		kind := ProjectionKind(c)
		what := map[string]string{ReasonForecast: "a forecast", ReasonAsk: "a number asked for",
			ReasonProposal: "a proposal"}[kind]
		if kind == ReasonAsk && c.Unit == UnitGBP {
			what = "an amount asked for"
		}
		return notCheckable(kind, fmt.Sprintf("This is %s, not a measured figure, so it cannot be checked", what))
	case !ok:
		what := "this figure"
		if c.Subject != "" {
			what = fmt.Sprintf("this figure (%s)", c.Subject)
		}
		return notCheckable(ReasonNoMatch, fmt.Sprintf("caredata has no statistic that matches %s, so it is not checked", what))
	case rule.NotPublished != "":
		return notCheckable(ReasonNotPublished, rule.NotPublished+", so this cannot be checked")
	case c.Unit == UnitGBP && c.PeriodYears > 0 && c.PeriodYears != 1:
		return notCheckable(ReasonNotPublished, fmt.Sprintf("caredata publishes spending one financial year at a time, "+
			"not summed over %s years, so this cannot be checked", strconv.FormatFloat(c.PeriodYears, 'f', -1, 64)))
	case len(series) == 0:
		res.Verdict, res.Reason = schemas.VerdictNotCheckable, ReasonMissing
		res.Explanation = fmt.Sprintf("The statistic this figure would be checked against (%s) is not in this release, "+
			"so it cannot be checked.", x.label(res))
		return res
	}
	if rule.Change {
		return x.change(c, date, res, series)
	}
	return x.verdict(c, date, res, series)
}

// Spans of time a change can be stated over, read from the claim's
// sentence: from a year it names ("since 2015", "than in 2013"), or back
// from the period it ends in ("on the year before", "a decade earlier",
// "over the past five years").
var (
	sinceYearRE = regexp.MustCompile(`(?i)\b(?:since|from|than in|compared with|on) (20\d\d|19\d\d)(\s*[-–/]\s*\d\d\b)?`)
	spanWords   = []struct {
		words []string
		years int
	}{
		{[]string{"decade", "ten years", "10 years"}, 10},
		{[]string{"five years", "5 years"}, 5},
		{[]string{"three years", "3 years"}, 3},
		{[]string{"two years", "2 years"}, 2},
		{[]string{"on the year", "year before", "previous year", "last year", "year earlier", "a year ago", "year on year", "over the year", "in a year"}, 1},
	}
)

// span returns how many years back a change runs from a period ending in
// year end, and the words it was read from; 0 when the claim gives none.
//
// The words after the mention (to the next figure) are read first, then
// those before it, then the sentence: "up 2 per cent on the year before
// and almost a quarter more than a decade earlier" gives each figure its
// own span.
func span(c Claim, end int) (int, string) {
	for _, text := range []string{firstWords(c.After, 10), lastWords(c.Before, 10), c.Sentence} {
		if m := sinceYearRE.FindStringSubmatch(text); m != nil {
			if y, err := strconv.Atoi(m[1]); err == nil {
				if m[2] != "" {
					y++ // a financial year, "since 2021-22", ends the year after
				}
				if y < end {
					return end - y, m[0]
				}
			}
		}
		norm := normalise(text)
		for _, s := range spanWords {
			for _, w := range s.words {
				if hasAny(norm, []string{w}) {
					return s.years, w
				}
			}
		}
	}
	return 0, ""
}

// change checks a claimed percentage change against the change of the
// target's series over the span the claim states, ending at the period
// the claim would otherwise be compared with (the latest published before
// the document, or the period it states).
func (x *index) change(c Claim, date time.Time, res result, series []*observation) result {
	bi := len(series) - 1
	if !date.IsZero() {
		bi = lastOut(series, func(o *observation) bool { return o.published.Before(date) })
	}
	// A period the claim states is the end of the change, unless it is its
	// start ("since 2021-22").
	since := sinceYearRE.FindStringSubmatch(c.Sentence)
	if st := statedPeriod(c, series); st >= 0 && (date.IsZero() || series[st].published.Before(date)) &&
		(since == nil || !strings.Contains(series[st].period, since[1])) {
		bi = st
	}
	notCheckable := func(why string) result {
		res.Verdict, res.Reason = schemas.VerdictNotCheckable, ReasonNoMatch
		res.Explanation = why + "."
		return res
	}
	if bi < 0 {
		return notCheckable(fmt.Sprintf("caredata holds no %s published before this document (%s), so this change cannot be checked",
			res.Target.Noun, date.Format("2 January 2006")))
	}
	b := series[bi]
	years, words := span(c, b.ref.Year())
	if years == 0 {
		return notCheckable("The claim gives no period for the change it states, so it cannot be checked")
	}
	var a *observation
	for _, o := range series {
		if o.ref.Year() == b.ref.Year()-years && o.ref.Month() == b.ref.Month() {
			a = o
		}
	}
	if a == nil {
		return notCheckable(fmt.Sprintf("caredata's series of %s starts at %s, so the change over %d years to %s (%q) cannot be checked",
			res.Target.Noun, series[0].period, years, b.period, words))
	}
	// Both ends as they stood on the document's date.
	from, to := a.latest(), b.latest()
	if !date.IsZero() {
		from, _ = a.at(date)
		to, _ = b.at(date)
	}
	bv := to.value
	if from.value == 0 {
		return notCheckable("The change is from zero, so it cannot be checked")
	}
	pctChange := (bv - from.value) / from.value * 100
	// A fall stated as a fall ("fell by 3 per cent") is a negative change.
	if hasAny(normalise(lastWords(c.Before, 6)+" "+firstWords(c.After, 4)), []string{"fell", "fallen", "fall", "down", "drop", "decrease", "fewer", "lower"}) {
		pctChange = -pctChange
	}
	res.Statistic, res.Value, res.Compared = b, release{sourceID: to.sourceID, value: pctChange, label: to.label}, true
	res.Difference, res.Ratio = c.Value-pctChange, math.NaN()
	if pctChange != 0 {
		res.Ratio = c.Value / pctChange
	}
	what := fmt.Sprintf("the change from %s %s to %s %s (%s, %s)", x.value(res.Target, from.value), periodPhrase(res.Target, a),
		x.value(res.Target, bv), periodPhrase(res.Target, b), strconv.FormatFloat(pctChange, 'f', 1, 64)+"%", res.Target.Publisher)
	claim := "The claim of a change of " + ClaimText(c)
	rank := ""
	if res.Target.Dataset == schemas.ServiceSpend.Name && res.Place == nil {
		rank = x.growthRank(c, a, b)
	}
	switch {
	case Consistent(c, pctChange):
		res.Verdict = schemas.VerdictConsistent
		res.Explanation = fmt.Sprintf("%s is consistent with %s%s.", claim, what, rank)
	case Close(c, pctChange):
		res.Verdict = schemas.VerdictClose
		res.Explanation = fmt.Sprintf("%s is close to (within 5%% of) %s%s.", claim, what, rank)
	default:
		res.Verdict = schemas.VerdictDiffers
		res.Explanation = fmt.Sprintf("%s differs from %s%s.", claim, what, rank)
	}
	return res
}

// fastestWords are a claim that a service's spending grew faster than any
// other's.
var fastestWords = []string{"faster than any other", "fastest", "more than any other", "faster than other", "outpac"}

// growthRank, for a claim that children's social care spending grew
// faster than any other service, says where spend_growth ranks it among
// the thirteen services over the same years, and which service grew
// fastest when it did not.
func (x *index) growthRank(c Claim, a, b *observation) string {
	if !hasAny(normalise(c.Sentence), fastestWords) {
		return ""
	}
	t, r, ok := x.table(schemas.SpendGrowth.Name)
	if !ok {
		return ""
	}
	g := schemas.SpendGrowthCol
	from, to := int64(a.ref.Year()-1)*100+int64(a.ref.Year()%100), int64(b.ref.Year()-1)*100+int64(b.ref.Year()%100)
	var own int64
	var top string
	var topPct float64
	for i := 0; i < t.Rows(); i++ {
		if r.Value(i, g.GeographicLevel).Str != schemas.National || r.Value(i, g.FromYear).Int != from || r.Value(i, g.ToYear).Int != to {
			continue
		}
		rk := r.Value(i, g.RankByChangePct)
		switch {
		case !rk.Valid:
		case r.Value(i, g.Service).Str == schemas.ServiceChildren:
			own = rk.Int
		case rk.Int == 1:
			top, topPct = r.Value(i, g.Service).Str, r.Value(i, g.ChangePct).Float
		}
	}
	switch {
	case own == 0:
		return ""
	case own == 1:
		return "; it grew faster than any other council service over those years (spend_growth ranks it 1st of 13)"
	}
	return fmt.Sprintf("; but it did not grow faster than every other council service over those years: spend_growth ranks it "+
		"%s of 13, and %s grew fastest (%s%%)", english.Ordinal(int(own)), english.LowerFirst(top), strconv.FormatFloat(topPct, 'f', 1, 64))
}

// verdict compares a checkable claim with its statistic's series.
func (x *index) verdict(c Claim, date time.Time, res result, series []*observation) result {
	known := !date.IsZero()
	// B: the period as it stood when the document appeared.
	bi := len(series) - 1
	// out reports whether a period counts as known on the document's
	// date (see Target.AtReference).
	out := func(o *observation) bool {
		if res.Target.AtReference {
			return !o.ref.After(date)
		}
		return o.published.Before(date)
	}
	if known {
		bi = lastOut(series, out)
	}
	earliest := bi < 0
	if earliest {
		bi = 0
	}
	// A period the claim states itself ("in 2022-23", "on 31 March 2023")
	// is the one to check, if it was out when the document was written.
	stated := statedPeriod(c, series)
	if stated < 0 && known {
		stated = agoPeriod(c, date, series)
	}
	if stated >= 0 && (!known || out(series[stated])) {
		bi, earliest = stated, false
	} else {
		stated = -1
	}
	b := series[bi]
	bv := b.latest()
	if known {
		bv, _ = b.at(date)
	}
	l := series[len(series)-1]
	lv := l.latest()
	claim := "The claim of " + ClaimText(c)
	ctx := x.context(res, series, bi, date, earliest)
	if stated >= 0 {
		ctx = "the period the claim states"
	}
	rev := x.revision(res, b, bv)
	show := func(o *observation, r release) {
		res.Statistic, res.Value, res.Compared = o, r, true
		res.Difference = c.Value - r.value
		res.Ratio = math.NaN()
		if r.value != 0 {
			res.Ratio = c.Value / r.value
		}
	}
	newer := l != b || lv.value != bv.value
	earlier, ev := x.earlierMatch(c, series[:bi])
	switch {
	case Consistent(c, bv.value) && newer && !Consistent(c, lv.value) && stated < 0:
		res.Verdict = schemas.VerdictOutdated
		show(l, lv)
		then := "the latest figure is " + x.describe(res, l, lv.value)
		if l == b {
			then = fmt.Sprintf("%s has since revised it to %s", res.Target.Publisher, x.value(res.Target, lv.value))
		}
		verb := "was consistent with"
		if earliest {
			verb = "matches"
		}
		res.Explanation = fmt.Sprintf("%s %s %s%s, %s, but %s.", claim, verb, x.describe(res, b, bv.value), rev, ctx, then)
	case Consistent(c, bv.value):
		res.Verdict = schemas.VerdictConsistent
		show(b, bv)
		also := ""
		switch {
		case newer && Consistent(c, lv.value):
			also = fmt.Sprintf("; the latest, %s %s, also fits", x.value(res.Target, lv.value), periodPhrase(res.Target, l))
		case newer: // a stated period, since superseded
			also = fmt.Sprintf("; the latest figure is %s %s", x.value(res.Target, lv.value), periodPhrase(res.Target, l))
		}
		res.Explanation = fmt.Sprintf("%s is consistent with %s%s, %s%s.", claim, x.describe(res, b, bv.value), rev, ctx, also)
	case earlier != nil:
		res.Verdict = schemas.VerdictOutdated
		show(l, lv)
		var then string
		switch {
		case !known:
			then = "the latest figure is " + x.describe(res, l, lv.value) + "; this document's date is unknown"
		case res.Target.AtReference && l == b:
			then = fmt.Sprintf("the figure %s, the latest 31 March before this document (%s), is %s", periodPhrase(res.Target, b),
				date.Format("2 January 2006"), x.value(res.Target, bv.value))
		case res.Target.AtReference:
			then = fmt.Sprintf("the figure %s, the latest 31 March before this document (%s), is %s and the latest figure is %s %s",
				periodPhrase(res.Target, b), date.Format("2 January 2006"), x.value(res.Target, bv.value),
				x.value(res.Target, lv.value), periodPhrase(res.Target, l))
		case l == b:
			then = fmt.Sprintf("%s %s had been published before this document (%s)", x.value(res.Target, bv.value),
				periodPhrase(res.Target, b), date.Format("2 January 2006"))
		default:
			then = fmt.Sprintf("%s %s had been published before this document (%s) and the latest figure is %s %s",
				x.value(res.Target, bv.value), periodPhrase(res.Target, b), date.Format("2 January 2006"),
				x.value(res.Target, lv.value), periodPhrase(res.Target, l))
		}
		res.Explanation = fmt.Sprintf("%s matches an older figure, %s%s, but %s.", claim, x.describe(res, earlier, ev.value),
			x.revision(res, earlier, ev), then)
	case Close(c, bv.value):
		res.Verdict = schemas.VerdictClose
		show(b, bv)
		res.Explanation = fmt.Sprintf("%s is close to (within 5%% of) but not within the rounding of %s%s, %s%s.",
			claim, x.describe(res, b, bv.value), rev, ctx, x.laterPeriods(res, series[bi+1:]))
	case earliest:
		res.Verdict, res.Reason = schemas.VerdictNotCheckable, ReasonOnlyLater
		res.Statistic, res.Value = b, bv
		res.Explanation = fmt.Sprintf("%s cannot be checked as it was written: it differs by %s%% from %s%s, %s.",
			claim, pct(c.Value, bv.value), x.describe(res, b, bv.value), rev, ctx)
	default:
		res.Verdict = schemas.VerdictDiffers
		show(b, bv)
		res.Explanation = fmt.Sprintf("%s differs by %s%% from %s%s, %s%s.", claim, pct(c.Value, bv.value),
			x.describe(res, b, bv.value), rev, ctx, x.laterPeriods(res, series[bi+1:]))
	}
	return res
}

// Periods a claim can state beside its figure: a financial year
// ("2022-23", "2022/23", "2022 to 2023") or a 31 March date ("31 March
// 2023", "March 2023", "in 2023").
var (
	financialYearRE = regexp.MustCompile(`\b(20\d\d)\s*(?:-|–|/|to)\s*(?:20)?(\d\d)\b`)
	marchRE         = regexp.MustCompile(`(?i)\b(?:(?:31(?:st)? )?march|in|at|as at|on) (20\d\d)\b`)
)

// statedPeriod returns the index in series of the period the words next
// to the figure name, or -1. Only the words up to about 60 characters
// either side count, so that a year elsewhere in the sentence does not.
// lastOut is the index of the latest period of series that out accepts
// (out on the document's date), or -1.
func lastOut(series []*observation, out func(*observation) bool) int {
	last := -1
	for i, o := range series {
		if out(o) {
			last = i
		}
	}
	return last
}

// agoRE finds a period stated relative to the document: "ten years ago",
// "a decade ago", "five years ago".
var agoRE = regexp.MustCompile(`(?i)\b(a|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (years?|decades?) ago\b`)

// agoPeriod returns the index in series of the period a claim dates
// relative to its document ("ten years ago there were 68,000 children in
// care", in a document of 2024: 31 March 2014), or -1: the period of
// that many years before the document's, on the same day of the year as
// the series' periods.
func agoPeriod(c Claim, date time.Time, series []*observation) int {
	near := lastWords(c.Before, 10) + " " + c.Mention + " " + firstWords(c.After, 10)
	m := agoRE.FindStringSubmatch(near)
	if m == nil {
		return -1
	}
	n, ok := map[string]int{"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
		"nine": 9, "ten": 10}[strings.ToLower(m[1])]
	if !ok {
		var err error
		if n, err = strconv.Atoi(m[1]); err != nil {
			return -1
		}
	}
	if strings.HasPrefix(strings.ToLower(m[2]), "decade") {
		n *= 10
	}
	// The latest period published before the document, then n years
	// before it.
	base := lastOut(series, func(o *observation) bool { return o.published.Before(date) })
	if base < 0 {
		return -1
	}
	want := series[base].ref.AddDate(-n, 0, 0)
	for i, o := range series {
		if o.ref.Equal(want) {
			return i
		}
	}
	return -1
}

func statedPeriod(c Claim, series []*observation) int {
	before, after := c.Before, c.After
	if len(before) > 60 {
		before = before[len(before)-60:]
	}
	if len(after) > 60 {
		after = after[:60]
	}
	near := before + " " + c.Mention + " " + after
	var want string
	if m := financialYearRE.FindStringSubmatch(near); m != nil {
		want = m[1] + "-" + m[2]
	} else if m := marchRE.FindStringSubmatch(near); m != nil {
		want = "31 March " + m[1]
	}
	for i, o := range series {
		if want != "" && o.period == want {
			return i
		}
	}
	return -1
}

// earlierMatch is the latest earlier period whose figure, in any
// release held, the claim matches, with that release's value.
func (x *index) earlierMatch(c Claim, earlier []*observation) (*observation, release) {
	for i := len(earlier) - 1; i >= 0; i-- {
		for k := len(earlier[i].releases) - 1; k >= 0; k-- {
			if r := earlier[i].releases[k]; Consistent(c, r.value) {
				return earlier[i], r
			}
		}
	}
	return nil, release{}
}

// context says which figure the claim is compared with and why; where
// the choice rests on a publication date estimated from the publisher's
// schedule (see scheduleDate), it says so.
func (x *index) context(res result, series []*observation, bi int, date time.Time, earliest bool) string {
	day := date.Format("2 January 2006")
	b := series[bi]
	switch {
	case date.IsZero():
		return "the latest figure (this document's date is unknown)"
	case earliest && b.ref.Before(date) && !b.exact:
		return fmt.Sprintf("the earliest figure caredata holds, which may not have been out before this document (%s; %s)",
			day, schedule(res.Target.Dataset))
	case earliest:
		return fmt.Sprintf("the earliest figure caredata holds, published after this document (%s)", day)
	}
	if res.Target.AtReference {
		ctx := fmt.Sprintf("the latest 31 March on or before this document (%s)", day)
		if last := series[len(series)-1]; b == last && date.Sub(b.ref) > 366*24*time.Hour {
			// A series that ends well before the document: say so.
			ctx += fmt.Sprintf(", and the last that caredata holds (its series runs from %s to %s)", series[0].period, last.period)
		}
		switch {
		case b.published.Before(date):
		case b.exact:
			ctx += fmt.Sprintf(", which %s published after it (%s)", res.Target.Publisher, b.published.Format("2 January 2006"))
		default:
			ctx += fmt.Sprintf(", which may not have been out by then (%s)", schedule(res.Target.Dataset))
		}
		return ctx
	}
	ctx := fmt.Sprintf("the latest published before this document (%s)", day)
	if bi+1 < len(series) {
		if n := series[bi+1]; n.ref.Before(date) && !n.exact {
			ctx += fmt.Sprintf(", as the figure for %s may not have been out yet (%s)", n.period, schedule(res.Target.Dataset))
		}
	}
	return ctx
}

// schedule says when a publisher's figures come out, as scheduleDate
// assumes.
func schedule(dataset string) string {
	switch dataset {
	case schemas.ChildrenInCare.Name:
		return "DfE publishes each year's count by December"
	case schemas.LASpend.Name:
		return "MHCLG publishes each year's outturn within the following year"
	}
	return "Ofsted publishes each 31 March register by September"
}

// revision notes that the value shown came from an older release and
// was revised later.
func (x *index) revision(res result, b *observation, shown release) string {
	last := b.latest()
	if shown.sourceID == last.sourceID || shown.value == last.value {
		return ""
	}
	return fmt.Sprintf(", as %s's %s release gave it (its %s release revised it to %s)", res.Target.Publisher,
		releaseName(shown), releaseName(last), x.value(res.Target, last.value))
}

func releaseName(r release) string {
	if r.label != "" {
		return r.label
	}
	return r.sourceID
}

// laterPeriods lists the figures of periods after the one compared with
// (all of them when few, else the latest).
func (x *index) laterPeriods(res result, later []*observation) string {
	if len(later) == 0 {
		return ""
	}
	if len(later) > maxLaterPeriodsSaid {
		later = later[len(later)-1:]
	}
	var parts []string
	for _, o := range later {
		parts = append(parts, x.value(res.Target, o.latest().value)+" "+periodPhrase(res.Target, o))
	}
	list := parts[0]
	if n := len(parts); n > 1 {
		list = strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
	} else if len(later) == 1 {
		return "; the latest is " + list
	}
	return "; later figures are " + list
}

// describe is a statistic in words: value, what it counts, period and
// publisher ("81,770 children looked after in England on 31 March 2025
// (DfE)").
func (x *index) describe(res result, o *observation, v float64) string {
	noun := placeNoun(res.Target.Noun, res.Place)
	if res.Target.RankFromClaim {
		noun = strings.Replace(noun, "the largest", fmt.Sprintf("the %d largest", res.Rank), 1)
	}
	pub := res.Target.Publisher
	if o.caveat != "" {
		pub += "; " + o.caveat
	}
	return fmt.Sprintf("%s %s %s (%s)", x.value(res.Target, v), noun, periodPhrase(res.Target, o), pub)
}

// label is statistic_label, with the rank of LargestOwners and the
// place a claim names.
func (x *index) label(res result) string {
	l := strings.Replace(res.Target.Label, "{N} ", "", 1)
	if res.Rank > 0 {
		l = strings.Replace(res.Target.Label, "{N}", strconv.Itoa(res.Rank), 1)
	}
	if p := res.Place; p != nil {
		l = strings.Replace(l, "English councils", p.Name, 1)
		l = strings.Replace(l, ", England)", ", "+p.Name+")", 1)
		l = strings.Replace(l, "in England", "in "+p.phrase(), 1)
	}
	return l
}

// labelPhrase is a statistic's label inside a sentence: first letter
// lower case, without its unit ("…, pounds").
func labelPhrase(l string) string {
	for _, unit := range []string{", pounds", ", per cent"} {
		l = strings.TrimSuffix(l, unit)
	}
	return english.LowerFirst(l)
}

// periodPhrase is "on 31 March 2025", "31 March 2025" after "in the year
// to", or "in 2024-25".
func periodPhrase(t *Target, o *observation) string {
	switch {
	case t.Unit == UnitGBP:
		return "in " + o.period
	case strings.HasSuffix(t.Noun, " to"):
		return o.period
	}
	return "on " + o.period
}

// value formats a statistic in its unit: 81,770; 80.9%; £15.6 billion.
func (x *index) value(t *Target, v float64) string {
	switch t.Unit {
	case UnitPercent:
		return strconv.FormatFloat(v, 'f', 1, 64) + "%"
	case UnitGBP:
		return money(v)
	}
	return thousands(int64(math.Round(v)))
}

// money writes pounds with three significant figures in billions or
// millions.
func money(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return "£" + sig3(v/1e9) + " billion"
	case a >= 1e6:
		return "£" + sig3(v/1e6) + " million"
	}
	return "£" + thousands(int64(math.Round(v)))
}

func sig3(v float64) string {
	d := 2 - int(math.Floor(math.Log10(math.Abs(v))))
	if d < 0 {
		d = 0
	}
	s := strconv.FormatFloat(v, 'f', d, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// thousands writes an integer with comma separators.
func thousands(n int64) string {
	return number.Sprintf("%d", n)
}

// number formats numbers the British way, with thousands separators.
var number = message.NewPrinter(language.BritishEnglish)

// pct is the claim's distance from the statistic as a percentage of it,
// to one decimal place.
func pct(claim, stat float64) string {
	if stat == 0 {
		return "∞"
	}
	return strconv.FormatFloat(math.Abs(claim-stat)/math.Abs(stat)*100, 'f', 1, 64)
}

// Horizons a forecast can give: a year it names ("by 2032", "in 2030"),
// or a span of years from the document ("within a decade", "over five
// years").
var (
	horizonYearRE = regexp.MustCompile(`(?i)\b(?:by|in|before|until|to) (20\d\d)\b`)
	horizonSpans  = []struct {
		words []string
		years int
		said  string
	}{
		{[]string{"decade", "ten years", "10 years"}, 10, "ten years from the document, the span its sentence gives"},
		{[]string{"five years", "5 years"}, 5, "five years from the document, the span its sentence gives"},
		{[]string{"three years", "3 years"}, 3, "three years from the document, the span its sentence gives"},
	}
)

// horizon is the date a forecast made on date is judged at, the 31 March
// its words point to, and how that was read: 31 March of a year it names
// after the document's; else the first 31 March after a span of years
// its sentence gives; else none (zero).
func horizon(c Claim, date time.Time) (time.Time, string) {
	march := func(y int) time.Time { return time.Date(y, time.March, 31, 0, 0, 0, 0, time.UTC) }
	firstMarchFrom := func(d time.Time) time.Time {
		if m := march(d.Year()); !m.Before(d) {
			return m
		}
		return march(d.Year() + 1)
	}
	for _, m := range horizonYearRE.FindAllStringSubmatch(c.Sentence, -1) {
		if y, err := strconv.Atoi(m[1]); err == nil && y > date.Year() {
			return march(y), fmt.Sprintf("the year it names, %d", y)
		}
	}
	text := normalise(c.Sentence)
	for _, s := range horizonSpans {
		if hasAny(text, s.words) {
			return firstMarchFrom(date.AddDate(s.years, 0, 0)), s.said
		}
	}
	return time.Time{}, ""
}

// forecast judges a forecast at its horizon: pending while the series
// does not reach it, then against the period of that date.
func (x *index) forecast(c Claim, date time.Time, res result, series []*observation) result {
	on, how := horizon(c, date)
	if on.IsZero() {
		// No date: it comes true with the first later figure that fits
		// it, and cannot be found false.
		for _, o := range series {
			if v := o.latest(); o.ref.After(date) && Consistent(c, v.value) {
				res.Verdict, res.Statistic, res.Value, res.Compared = schemas.VerdictConsistent, o, v, true
				res.Difference, res.Ratio = c.Value-v.value, c.Value/v.value
				res.Explanation = fmt.Sprintf("This forecast of %s, made on %s with no date, came true: %s.", ClaimText(c),
					date.Format("2 January 2006"), x.describe(res, o, v.value))
				return res
			}
		}
		l := series[len(series)-1]
		res.Verdict, res.Reason = schemas.VerdictPending, ReasonForecast
		res.Statistic, res.Value = l, l.latest()
		res.Explanation = fmt.Sprintf("This forecast of %s, made on %s, gives no date to judge it at, so it stays pending "+
			"until a later figure fits it; the latest figure is %s.", ClaimText(c), date.Format("2 January 2006"),
			x.describe(res, l, l.latest().value))
		return res
	}
	res.JudgedOn = on
	what := fmt.Sprintf("This forecast of %s, made on %s, is judged against %s (%s)", ClaimText(c),
		date.Format("2 January 2006"), periodWords(res.Target, on), how)
	var due *observation
	for _, o := range series {
		if !o.ref.Before(on) {
			due = o
			break
		}
	}
	if due == nil {
		l := series[len(series)-1]
		res.Verdict, res.Reason = schemas.VerdictPending, ReasonForecast
		res.Statistic, res.Value = l, l.latest()
		res.Explanation = fmt.Sprintf("%s, which caredata's statistics do not reach yet: it will be judged in the first "+
			"release that does; the latest figure is %s.", what, x.describe(res, l, l.latest().value))
		return res
	}
	v := due.latest()
	res.Statistic, res.Value, res.Compared = due, v, true
	res.Difference, res.Ratio = c.Value-v.value, math.NaN()
	if v.value != 0 {
		res.Ratio = c.Value / v.value
	}
	switch {
	case Consistent(c, v.value):
		res.Verdict = schemas.VerdictConsistent
		res.Explanation = fmt.Sprintf("%s, and came true: %s.", what, x.describe(res, due, v.value))
	case Close(c, v.value):
		res.Verdict = schemas.VerdictClose
		res.Explanation = fmt.Sprintf("%s, and came close (within 5%%): %s.", what, x.describe(res, due, v.value))
	default:
		res.Verdict = schemas.VerdictDiffers
		res.Explanation = fmt.Sprintf("%s, and did not come true: %s, %s%% away.", what, x.describe(res, due, v.value), pct(c.Value, v.value))
	}
	return res
}

// periodWords names the period a forecast is judged at: "the count on
// 31 March 2028" or "the financial year 2027-28".
func periodWords(t *Target, on time.Time) string {
	if t.Unit == UnitGBP {
		return fmt.Sprintf("the financial year %d-%02d", on.Year()-1, on.Year()%100)
	}
	return "the figure on " + on.Format("2 January 2006")
}
