package figures

import (
	"regexp"
	"strings"
	"unicode"
)

// document holds a text for classification.
type document struct {
	r      []rune
	lr     []rune
	review string // the name "the report"/"the review" resolves to
	// per-sentence caches: many figures can share a sentence
	proj map[int]bool
	attr map[[2]int]*string
}

// reviewName is what "the review" and "the report" resolve to in documents
// about the Independent Review of Children's Social Care.
const reviewName = "Independent Review of Children's Social Care"

func newDocument(text string) *document { return documentOf(newScanner(text)) }

func documentOf(s *scanner) *document {
	d := &document{r: s.r, lr: s.lr, review: "the report", proj: map[int]bool{}, attr: map[[2]int]*string{}}
	l := string(s.lr)
	if (strings.Contains(l, "review") || strings.Contains(l, "case for change")) &&
		(strings.Contains(l, "children's social care") || strings.Contains(l, "children’s social care")) {
		d.review = reviewName
	}
	return d
}

func (d *document) slice(a, b int) string {
	a, b = max(a, 0), min(b, len(d.lr))
	if a >= b {
		return ""
	}
	return string(d.lr[a:b])
}

func (d *document) classify(f Figure) Claim {
	c := Claim{Figure: f}
	sentEnd := f.SentenceStart + len([]rune(f.Sentence))
	before := d.slice(max(f.SentenceStart, f.Start-90), f.Start)
	after := d.slice(f.End, min(sentEnd, f.End+70))
	sentence := d.slice(f.SentenceStart, sentEnd)
	c.Topic = topic(f.Unit, before, after, sentence)
	c.Subject = subject(f.Sentence, f.Start-f.SentenceStart, f.End-f.SentenceStart)
	p, ok := d.proj[f.SentenceStart]
	if !ok {
		p = projectionRe.MatchString(sentence)
		d.proj[f.SentenceStart] = p
	}
	c.IsProjection = p && !baseline(before)
	c.AttributedTo = d.attribution(f)
	return c
}

var (
	privateWords = []string{
		"private provider", "private provision", "independent provider",
		"independent fostering", "fostering agenc", "profit", "windfall",
		"largest provider", "biggest provider", "for-profit",
		"private compan", "private equity", "provided by private",
		"private sector", "independent sector", "privately run", "privately",
		"privately-run", "private children", "private care", "private and",
	}
	workforceWords = []string{
		"social worker", "workforce", "staff", "practitioner", "caseload",
		"vacanc", "agency worker", "their time", "recruit", "employees",
		"frontline worker", "personal adviser", "residential worker",
	}
	careWords = []string{
		"children in care", "child in care", "looked after", "looked-after", "looks after", "look after", "looking after",
		"entering care", "enter care", "entered care", "care leaver",
		"leaving care", "left care", "into care", "in care", "care population",
		"in the care system", "care-experienced", "in foster care",
		"in residential care", "in children's homes", "in children’s homes",
		"with foster carers", "placed in", "placed with", "placed out",
		"in kinship care", "adopted from care", "special guardianship",
		// where looked-after children are placed: distance and the
		// kinds of placement only they have.
		"miles from home", "out of area", "out-of-area", "unregulated", "supported accommodation",
		"semi-independent",
	}
	spendWords = []string{"spend", "spent", "budget", "cost", "funding", "expenditure"}
)

// hasAny reports whether s holds one of words starting at a word boundary.
func hasAny(s string, words []string) bool {
	for _, w := range words {
		for k := 0; ; {
			j := strings.Index(s[k:], w)
			if j < 0 {
				break
			}
			j += k
			if j == 0 || !unicode.IsLetter(rune(s[j-1])) {
				return true
			}
			k = j + 1
		}
	}
	return false
}

// topic applies the spec's topic rules to the words after the mention (what
// is counted), then the words before it, then the sentence.
func topic(unit, before, after, sentence string) string {
	after = firstClause(after)
	before = lastClause(before)
	if unit == UnitGBP {
		if (hasAny(before+" "+after, privateWords[:6]) || largestRe.MatchString(before+" # "+after)) && !hasAny(before+" "+after, []string{"fund", "invest", "spend", "spent", "cost"}) {
			return TopicPrivateProvision
		}
		return TopicSpend
	}
	if largestRe.MatchString(before + " # " + after) {
		return TopicPrivateProvision // "the largest 20 providers run 34 per cent"
	}
	if unit == UnitPercent && hasAny(before, privateWords) {
		// "independent fostering agencies look after 36 per cent of
		// children in foster care": the share the providers hold.
		return TopicPrivateProvision
	}
	for _, ctx := range []string{after, before} {
		switch {
		case hasAny(ctx, privateWords):
			return TopicPrivateProvision
		case hasAny(ctx, workforceWords):
			return TopicWorkforce
		case hasAny(ctx, careWords):
			return TopicChildrenInCare
		case unit != UnitCount && hasAny(ctx, spendWords):
			return TopicSpend
		}
	}
	if strings.Contains(before, "number of ") {
		return TopicOther // the counted thing is named and is none of the above
	}
	switch {
	case hasAny(sentence, privateWords[:6]):
		return TopicPrivateProvision
	case hasAny(sentence, []string{"social worker", "workforce"}):
		return TopicWorkforce
	}
	return TopicOther
}

// lastClause keeps the clause a mention is in from the words before it:
// it drops what precedes a semicolon or a comma and conjunction
// that opens a new clause (", while the number of …").
func lastClause(s string) string {
	for _, stop := range []string{";", ", and ", ", while ", ", whereas ", ", but ", ", although ", ", though ", ". "} {
		if k := strings.LastIndex(s, stop); k >= 0 {
			s = s[k+len(stop)-1:]
		}
	}
	return s
}

// largestRe: the largest / biggest providers, with a number or a word or
// two between ("the largest 20 providers", "the ten biggest private
// companies").
var largestRe = regexp.MustCompile(`\b(?:largest|biggest|top|leading)\s+(?:\S+\s+){0,3}?(?:providers?|companies|firms|operators|groups|chains)\b`)

// firstClause cuts the text after a mention at the next clause break.
func firstClause(s string) string {
	for _, stop := range []string{";", " – ", " — ", ". ", ", and ", ", while ", ", but ", ", whereas "} {
		if k := strings.Index(s, stop); k >= 0 {
			s = s[:k]
		}
	}
	return s
}

var projectionRe = regexp.MustCompile(`\b(would|could|might|calls? for|called for|calling for|propos\w*|suggestion|recommends|recommended|recommending|recommend|forecast\w*|project(ed|ion|ions)|predict\w*|expected to|expects? to|targets?|aims? to|request\w*|asks? for|asked for|should|set to|pledg(?:e|es|ed|ing) to|plans? to|planning to|intends? to|ambition|wants?|wanted|urg(e|es|ed|ing)|demand(s|ed|ing)?|will (rise|increase|reach|grow|fall|exceed|double|cost|need|be needed|top|hit)|over the next|in the next|by 20[3-9]\d)\b`)

// projectionRe: the sentence states a forecast, target, proposal or ask. A
// number after "from" in a change ("down to around 20, from 150+") is the
// present baseline.
func baseline(before string) bool {
	b := strings.TrimRight(before, " (")
	return strings.HasSuffix(b, " from") || strings.HasSuffix(b, "currently") || strings.HasSuffix(b, "compared with")
}

// subjectStops end the noun phrase after a mention.
var subjectStops = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "will": true,
	"would": true, "could": true, "should": true, "may": true, "might": true,
	"can": true, "has": true, "have": true, "had": true, "who": true,
	"which": true, "that": true, "to": true, "and": true, "or": true,
	"than": true, "from": true, "at": true, "by": true, "for": true,
	"with": true, "since": true, "over": true, "in": true, "on": true,
	"do": true, "did": true, "does": true, "said": true, "ahead": true,
	"more": true, "less": true, "per": true, "a": true, "an": true,
}

// subject is the noun phrase after the mention ("of the" skipped), else
// the one after "number of" before it.
func subject(sentence string, start, end int) string {
	r := []rune(sentence)
	if start < 0 || end > len(r) || start > end {
		return ""
	}
	tail := string(r[end:min(len(r), end+200)])
	if m := rangeRest.FindStringIndex(tail); m != nil {
		tail = tail[m[1]:] // "10-15% of homes": the subject follows the range
	}
	if p := nounPhrase(tail, true); p != "" {
		return p
	}
	before := strings.ToLower(string(r[max(0, start-200):start]))
	if k := strings.LastIndex(before, "number of "); k >= 0 {
		return nounPhrase(before[k+len("number of "):], false)
	}
	return ""
}

// rangeRest is the second end of a range after its first number.
var rangeRest = regexp.MustCompile(`^\s*(?:-|–|to\s|and\s)\s*£?\d[\d,.]*(?:%|\s*(?:per cent|percent|pc|million|billion|bn|m|k|times)\b)?`)

func nounPhrase(t string, skipOf bool) string {
	var out []string
	for i, w := range strings.Fields(t) {
		lw := strings.ToLower(w)
		if i == 0 && skipOf && lw == "of" {
			continue
		}
		if len(out) == 0 && (lw == "the" || lw == "their") {
			out = append(out, w)
			continue
		}
		if subjectStops[lw] {
			break
		}
		cut := strings.IndexAny(w, ",;:.()–—!?\"“”")
		if cut == 0 {
			break
		}
		if cut > 0 {
			out = append(out, w[:cut])
			break
		}
		out = append(out, w)
		if len(out) >= 6 {
			break
		}
	}
	if len(out) > 0 && (strings.EqualFold(out[0], "the") || strings.EqualFold(out[0], "their")) && len(out) > 1 {
		out = out[1:]
	}
	return strings.Join(out, " ")
}

var (
	nameRe     = `([A-Z][\p{L}’'\-]+(?:\s(?:(?:for|of|and|de|van|von)\s)?[A-Z][\p{L}’'\-]+){0,5})`
	saidAfter  = regexp.MustCompile(nameRe + `(?:\s\([A-Z]{2,}\))?(?:,[^,“”"]{1,90},)?\s+(?:has\s+)?(?:said|says|adds|added|states|stated|told|explained|commented|warned|warns|predicts|predicted|forecasts|believes|insists|reported|cites|cited|notes|noted|argues|argued|claims|claimed|suggested|suggests|called for|calls for|describes|highlighted|revealed|estimates|estimated|wrote|writes)\b`)
	saidBefore = regexp.MustCompile(`\b(?:said|says|[Aa]ccording to|adds|added)(?:\s+the)?\s+` + nameRe)
	// "The National Audit Office found", "Ofsted's analysis shows",
	// "figures from the Department for Education show".
	figsRe    = regexp.MustCompile(nameRe + `\s+(?:figures|data|statistics|analysis|research|estimates)\s+(?:show|shows|showed|suggest|suggests|reveal|reveals|revealed)\b`)
	foundRe   = regexp.MustCompile(nameRe + `(?:\s\([A-Z]{2,}\))?\s+(?:has\s+|have\s+)?(?:found|finds|find|shows?|showed|reported|reports|published|calculated|estimated)\b`)
	possRe    = regexp.MustCompile(nameRe + `(?:’s|'s)\s+(?:own\s+|latest\s+|new\s+|annual\s+|recent\s+)?(?:analysis|research|report|figures|data|survey|study|estimates?|review|statistics|calculations)\b`)
	sourceRe  = regexp.MustCompile(`(?i:figures|data|statistics|research|analysis|estimates|a report|a survey|a study|evidence)\s+(?:published\s+|released\s+|compiled\s+)?(?:from|by)\s+(?:the\s+)?` + nameRe)
	itRe      = regexp.MustCompile(`(?:\b[Ii]t\s+(?:has\s+)?(?:found|finds|said|says|shows?|showed|estimates|estimated|reported|reports|warned|added|calculated)\b|\b[Ii]ts\s+(?:\S+\s+){0,2}?(?:report|analysis|research|figures|data|survey|study|estimates?|review)\b)`)
	pronounRe = regexp.MustCompile(`\b(?:[Hh]e|[Ss]he)\s+(?:said|says|suggested|added|adds|argued|claimed|called for|cites|notes|warned|estimated)\b`)
	theyRe    = regexp.MustCompile(`\b(?:they|They)\s+(?:say|said|claim|claimed|called for|call for|estimate|estimated|highlighted|argue|argued)\b`)
	reviewRe  = regexp.MustCompile(`(?i)\bthe\s+(?:care\s+)?(?:review|report|case for change)(?:’s|'s)?\s+(?:itself\s+)?(?:notes?|finds?|found|says?|said|states?|calls?(?: for)?|called for|recommends?|recommended|proposes?|proposed|estimates?|estimated|shows?|showed|highlights?|points|suggests?|argues?|concludes?)\b`)
	govRe     = regexp.MustCompile(`\b(?:[Tt]he\s+)?Government\s+(?:has\s+|have\s+)?(?:highlighted|said|says|claims|claimed|announced|stated|revealed|estimates|estimated)\b`)
	orgRe     = regexp.MustCompile(`\b[Tt]he\s+((?:[A-Z][\p{L}’'\-]*)(?:(?:,\s|\s(?:and|for|of|on)\s|\s)[A-Z][\p{L}’'\-]*)*)`)
	headingRe = regexp.MustCompile(`(?i)(report|review)\s+(say|says|find|finds|found|key findings|highlights|recommend)`)
)

// reportingVerbs gate the attribution patterns (a cheap test first).
var reportingVerbs = []string{
	"said", "says", "say", "add", "state", "told", "explain", "comment", "warn",
	"cite", "note", "argue", "claim", "suggest", "call", "describe",
	"highlight", "reveal", "estimat", "wrote", "write", "according",
	"found", "find", "show", "report", "analysis", "figures", "data",
	"research", "statistics", "survey", "study", "published", "calculat",
}

// notNames are capitalised words that start sentences or label things
// rather than name a speaker.
var notNames = map[string]bool{
	"The": true, "It": true, "This": true, "That": true, "He": true, "She": true,
	"They": true, "We": true, "I": true, "Report": true, "Review": true,
	"However": true, "But": true, "And": true, "In": true, "A": true,
	"Its": true, "Their": true, "Our": true, "His": true, "Her": true,
	"Figures": true, "Data": true, "Research": true, "Analysis": true,
}

// attribution finds who the figure is credited to: a quote's speaker, "X
// said", "according to X", "X cites", "the Government has highlighted",
// "The report notes", or a list under a "What does the report say?" heading.
func (d *document) attribution(f Figure) *string {
	sent := f.Sentence
	if e := f.SentenceStart + len([]rune(sent)); f.SentenceStart >= 0 && e <= len(d.r) {
		sent = string(d.r[f.SentenceStart:e]) // hard-wrapped lines joined
	}
	para, pStart := d.paragraph(f.Start)
	inQuote := d.inQuote(para, f.Start-pStart)
	key := [2]int{f.SentenceStart, 0}
	if inQuote {
		key[1] = 1
	}
	if a, ok := d.attr[key]; ok {
		return a
	}
	a := d.attributionOf(f, sent, para, pStart, inQuote)
	d.attr[key] = a
	return a
}

func (d *document) attributionOf(f Figure, sent, para string, pStart int, inQuote bool) *string {
	if inQuote {
		if n := d.speaker(para, pStart); n != "" {
			return &n
		}
		// A quote carried over from the previous paragraph.
		if prev, ps := d.paragraph(pStart - 2); ps < pStart && prev != "" {
			if n := d.speaker(prev, ps); n != "" {
				return &n
			}
		}
	}
	ls := strings.ToLower(sent)
	if (strings.Contains(ls, "review") || strings.Contains(ls, "report") || strings.Contains(ls, "case for change")) && reviewRe.MatchString(sent) {
		n := d.review
		return &n
	}
	if strings.Contains(sent, "Government") && govRe.MatchString(sent) {
		n := "UK Government"
		return &n
	}
	if !hasAny(ls, reportingVerbs) {
		if d.underReportHeading(pStart) {
			n := d.review
			return &n
		}
		return nil
	}
	if m := saidAfter.FindStringSubmatch(sent); m != nil && !notNames[cleanName(m[1])] {
		n := d.fullName(cleanName(m[1]), f.SentenceStart)
		return &n
	}
	if m := saidBefore.FindStringSubmatch(sent); m != nil && !notNames[cleanName(m[1])] {
		n := d.fullName(cleanName(m[1]), f.SentenceStart)
		return &n
	}
	for k, re := range []*regexp.Regexp{possRe, sourceRe, figsRe, foundRe} {
		// cheap gates before the name patterns
		if gate := [][]string{{"'s ", "’s "}, {" from ", " by "}, {" show", " suggest", " reveal"}, {" found", " find", " show", " report", " publish", " calculat", " estimat"}}[k]; !containsAny(ls, gate) {
			continue
		}
		for _, m := range re.FindAllStringSubmatch(sent, -1) {
			if n := cleanName(m[1]); orgName(n) {
				n = d.fullName(n, f.SentenceStart)
				return &n
			}
		}
	}
	if loc := itRe.FindStringIndex(sent); loc != nil {
		if n := d.itOrg(f.SentenceStart, f.SentenceStart+loc[0]); n != "" {
			return &n
		}
	}
	if loc := pronounRe.FindStringIndex(sent); loc != nil {
		if n := d.lastPerson(f.SentenceStart + loc[0]); n != "" {
			return &n
		}
	}
	if loc := theyRe.FindStringIndex(sent); loc != nil {
		if n := d.lastOrg(f.SentenceStart + loc[0]); n != "" {
			return &n
		}
	}
	if d.underReportHeading(pStart) {
		n := d.review
		return &n
	}
	return nil
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// orgName accepts a name captured before "found"/"'s analysis"/after
// "figures from": several words, an acronym, or one capitalised word that
// is not a common plural ("Researchers", "Figures") or a sentence opener.
func orgName(n string) bool {
	if n == "" || notNames[n] {
		return false
	}
	if strings.Contains(n, " ") {
		return !notNames[strings.Fields(n)[0]]
	}
	if strings.ToUpper(n) == n && len(n) >= 2 {
		return true
	}
	return !strings.HasSuffix(n, "s") && !commonOpeners[strings.ToLower(n)]
}

// commonOpeners are capitalised sentence openers that are not names.
var commonOpeners = map[string]bool{
	"research": true, "analysis": true, "data": true, "evidence": true,
	"it": true, "its": true, "this": true, "that": true,
	"there": true, "these": true, "those": true, "our": true, "their": true,
	"his": true, "her": true, "new": true, "latest": true, "recent": true,
}

// paragraph returns the line holding i and its start.
func (d *document) paragraph(i int) (string, int) {
	if i < 0 || i >= len(d.r) {
		return "", max(i, 0)
	}
	a := i
	for a > 0 && d.r[a-1] != '\n' {
		a--
	}
	b := i
	for b < len(d.r) && d.r[b] != '\n' && b-i < 500 {
		b++
	}
	a = max(a, i-2000) // a window on pathological lines
	return string(d.r[a:b]), a
}

// inQuote reports whether offset rel of para lies inside quotation marks.
func (d *document) inQuote(para string, rel int) bool {
	r := []rune(para)
	open := false
	for k := 0; k < rel && k < len(r); k++ {
		switch r[k] {
		case '“':
			open = true
		case '”':
			open = false
		case '"':
			open = !open
		}
	}
	return open
}

// speaker finds "Name …, said" or "said Name" outside quotes in a paragraph.
func (d *document) speaker(para string, pStart int) string {
	outside := stripQuotes(para)
	if m := saidAfter.FindStringSubmatch(outside); m != nil && !notNames[cleanName(m[1])] {
		return d.fullName(cleanName(m[1]), pStart)
	}
	if m := saidBefore.FindStringSubmatch(outside); m != nil && !notNames[cleanName(m[1])] {
		return d.fullName(cleanName(m[1]), pStart)
	}
	if pronounRe.MatchString(outside) {
		return d.lastPerson(pStart)
	}
	return ""
}

// cleanName trims a captured name: spaces, a leading "The", a possessive.
func cleanName(n string) string {
	n = strings.TrimSpace(n)
	for _, p := range []string{"The ", "A ", "But ", "And ", "However ", "Cllr ", "Councillor ", "Dr ", "Professor ", "Prof ", "Sir ", "Dame ", "Lord ", "Lady ", "Baroness ", "Mr ", "Mrs ", "Ms "} {
		if strings.HasPrefix(n, p) && len(n) > len(p) {
			n = n[len(p):]
		}
	}
	return n
}

func stripQuotes(s string) string {
	var b strings.Builder
	open := false
	for _, c := range s {
		switch c {
		case '“':
			open = true
			b.WriteRune(' ')
			continue
		case '”':
			open = false
			b.WriteRune(' ')
			continue
		case '"':
			open = !open
			b.WriteRune(' ')
			continue
		}
		if open {
			b.WriteRune(' ')
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

var personRe = regexp.MustCompile(`\b([A-Z][\p{L}’'\-]+\s[A-Z][\p{L}’'\-]+)\b`)

// fullName expands a surname to the last "First Last" seen before at.
func (d *document) fullName(n string, at int) string {
	if n == "" || strings.Contains(n, " ") {
		return n
	}
	prior := d.r[:max(0, min(at, len(d.r)))]
	nr := []rune(n)
	for k := len(prior) - len(nr); k > 1; k-- {
		if prior[k-1] != ' ' || prior[k] != nr[0] || string(prior[k:k+len(nr)]) != n {
			continue
		}
		if e := k + len(nr); e < len(prior) && unicode.IsLetter(prior[e]) {
			continue
		}
		j := k - 1
		for j > 0 && unicode.IsLetter(prior[j-1]) {
			j--
		}
		if first := string(prior[j : k-1]); j < k-1 && unicode.IsUpper(prior[j]) && !notNames[first] {
			return first + " " + n
		}
	}
	return n
}

// lastPerson resolves "he"/"she" to the last "First Last" who said or did
// something before at.
func (d *document) lastPerson(at int) string {
	prior := string(d.r[max(0, at-1500):min(at, len(d.r))])
	ms := saidAfter.FindAllStringSubmatch(prior, -1)
	for k := len(ms) - 1; k >= 0; k-- {
		n := strings.TrimSpace(ms[k][1])
		if strings.Contains(n, " ") && !notNames[strings.Fields(n)[0]] {
			return n
		}
	}
	ps := personRe.FindAllString(prior, -1)
	for k := len(ps) - 1; k >= 0; k-- {
		if !notNames[strings.Fields(ps[k])[0]] {
			return ps[k]
		}
	}
	return ""
}

// lastOrg resolves "they" to the last "the Capitalised Name" before at.
func (d *document) lastOrg(at int) string {
	prior := string(d.r[max(0, at-1500):min(at, len(d.r))])
	ms := orgRe.FindAllStringSubmatch(prior, -1)
	if len(ms) == 0 {
		return ""
	}
	n := strings.TrimSpace(ms[len(ms)-1][1])
	if n == "Government" {
		return "UK Government"
	}
	return n
}

// itOrg resolves "it"/"its" at `at` to the first "the Capitalised Name" of
// the previous sentence or of the current one before `at` (the subject
// that "it" continues), else to the last one before it.
func (d *document) itOrg(sentStart, at int) string {
	ps := max(0, sentStart-2)
	for ps > 0 && sentStart-ps < 600 {
		c := d.r[ps-1]
		if c == '\n' || (c == ' ' && ps >= 2 && strings.ContainsRune(".!?", d.r[ps-2])) {
			break
		}
		ps--
	}
	win := string(d.r[ps:min(at, len(d.r))])
	if m := orgRe.FindStringSubmatch(win); m != nil {
		n := strings.TrimSpace(m[1])
		if n == "Government" {
			return "UK Government"
		}
		return n
	}
	return d.lastOrg(at)
}

// underReportHeading: the paragraph belongs to a list under a heading such
// as "What does the report say?" (the list runs until a long paragraph).
func (d *document) underReportHeading(pStart int) bool {
	k := pStart
	for steps := 0; k > 0 && steps < 60; steps++ {
		prev, ps := d.paragraph(k - 1)
		t := strings.TrimSpace(prev)
		if ps >= k {
			break
		}
		k = ps
		if t == "" {
			continue
		}
		words := len(strings.Fields(t))
		bullet := strings.IndexFunc(t, func(c rune) bool { return !unicode.IsSpace(c) }) >= 0 &&
			strings.ContainsRune("•-*", []rune(t)[0])
		if words <= 12 && headingRe.MatchString(t) {
			return true
		}
		if !bullet && words > 25 {
			return false
		}
	}
	return false
}
