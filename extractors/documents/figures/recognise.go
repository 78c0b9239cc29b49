package figures

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Number words. Ordinals ("first", "third" on its own) are not here.
var smallNumbers = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90,
}

// scaleWords follow a number as a separate word.
var scaleWords = map[string]float64{
	"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"bn": 1e9, "mn": 1e6, "tn": 1e12,
}

// suffixScales are attached to digits: £1m, £15bn, £500k.
var suffixScales = map[string]float64{
	"m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3, "tn": 1e12, "trn": 1e12,
	"million": 1e6, "billion": 1e9, "thousand": 1e3, "trillion": 1e12,
}

// fractionWords give the denominator of "a third", "two-thirds", "half".
var fractionWords = map[string]float64{
	"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4,
	"quarters": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
	"seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9,
	"ninths": 9, "tenth": 10, "tenths": 10,
}

// changeWords after "a quarter" make it a proportional change ("a quarter
// more than", "a third higher").
var changeWords = map[string]bool{
	"more": true, "less": true, "fewer": true, "higher": true, "lower": true,
	"greater": true, "smaller": true, "larger": true, "bigger": true,
	"up": true, "down": true, "above": true, "below": true,
}

// fractionLeads before "a quarter" make it a stated proportion ("almost a
// quarter", "by a third", "cut by a fifth").
var fractionLeads = map[string]bool{
	"almost": true, "nearly": true, "about": true, "around": true,
	"roughly": true, "by": true, "than": true, "some": true, "just": true,
	"approximately": true, "only": true, "over": true, "under": true,
}

// proportionNouns may stand between the two numbers of a proportion:
// "one child in ten", "one home in four".
var proportionNouns = map[string]bool{
	"child": true, "person": true, "adult": true, "family": true, "household": true, "home": true,
	"worker": true, "carer": true, "council": true, "authority": true, "placement": true, "provider": true,
}

// fractionVerbs after "a third" make it the share of a group doing
// something ("a third are thinking of leaving", "a quarter said").
var fractionVerbs = map[string]bool{
	"are": true, "were": true, "is": true, "was": true, "have": true, "had": true, "say": true, "said": true,
	"would": true, "will": true, "could": true, "feel": true, "felt": true, "report": true, "reported": true,
	"think": true, "thought": true, "plan": true, "planned": true, "want": true, "wanted": true, "expect": true,
}

// fractionNouns: "a third party", "one quarter century" are not proportions.
var fractionNouns = map[string]bool{
	"party": true, "parties": true, "time": true, "way": true, "option": true,
	"sector": true, "term": true, "tier": true, "round": true, "place": true,
	"century": true, "stage": true, "phase": true, "year": true, "day": true,
}

// timeUnits after a number make it an age or a duration, not a figure.
var timeUnits = map[string]bool{
	"year": true, "years": true, "yr": true, "yrs": true, "month": true,
	"months": true, "week": true, "weeks": true, "day": true, "days": true,
	"decade": true, "decades": true, "hour": true, "hours": true,
	"minute": true, "minutes": true, "century": true, "centuries": true,
	"generation": true, "generations": true, "night": true, "nights": true,
	"fortnight": true, "fortnights": true, "mins": true, "hrs": true,
	"am": true, "pm": true, "gmt": true, "bst": true, "o": true,
	// distances and weights are quantities outside the claim units
	"mile": true, "miles": true, "km": true, "kilometres": true,
	"kilometers": true, "metres": true, "meters": true, "feet": true,
	"ft": true, "kg": true, "mph": true, "degrees": true,
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true,
	"may": true, "june": true, "july": true, "august": true,
	"september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true,
}

// identWords before a number make it an identifier in any case.
var identWords = map[string]bool{
	"section": true, "sections": true, "article": true, "articles": true,
	"table": true, "tables": true, "figure": true, "fig": true, "chart": true,
	"note": true, "notes": true, "chapter": true, "chapters": true,
	"part": true, "page": true, "pages": true, "pp": true, "p": true,
	"paragraph": true, "paragraphs": true, "para": true, "paras": true,
	"schedule": true, "clause": true, "clauses": true, "appendix": true,
	"annex": true, "annexe": true, "box": true, "question": true, "vol": true,
	"volume": true, "issue": true, "item": true, "step": true,
	"version": true, "regulation": true, "regulations": true, "tier": true,
	"phase": true, "footnote": true, "ref": true, "reference": true,
}

// capIdentWords before a number make it an identifier when capitalised
// ("Year 6", "Level 3", "Recommendation 12").
var capIdentWords = map[string]bool{
	"year": true, "level": true, "stage": true, "grade": true, "unit": true,
	"ward": true, "room": true, "option": true, "recommendation": true,
	"principle": true, "goal": true, "priority": true, "act": true,
	"bill": true, "rule": true, "line": true, "route": true, "no": true,
	"standard": true, "proposal": true, "objective": true, "ks": true,
	"key": true, "outcome": true, "theme": true, "area": true, "model": true,
	"number": true, "downing": true, "floor": true, "box": true,
	"years": true,
}

// ageLeadWords before a small number (10–25) followed by no noun make it an
// age: "children under 16 and …", "up to 18.", "after 18,".
var ageLeadWords = map[string]bool{
	"under": true, "over": true, "above": true, "below": true, "until": true,
	"till": true, "after": true, "before": true, "from": true, "to": true,
	"beyond": true, "past": true, "turning": true, "turn": true, "turned": true,
}

// personWords before "under N"/"over N" make N an age.
var personWords = map[string]bool{
	"children": true, "child": true, "people": true, "those": true,
	"anyone": true, "youngsters": true, "pupils": true, "teenagers": true,
	"adults": true, "persons": true, "everyone": true, "girls": true,
	"boys": true, "kids": true, "carers": true, "leavers": true, "men": true,
	"women": true, "someone": true, "aged": true,
}

// comparativeWords after "N times" make it a multiple.
var comparativeWords = map[string]bool{
	"more": true, "less": true, "higher": true, "lower": true, "greater": true,
	"larger": true, "bigger": true, "smaller": true, "as": true,
	"likelier": true, "faster": true, "slower": true, "over": true,
	"the": true, "fewer": true, "cheaper": true, "costlier": true,
}

func isDigit(c rune) bool  { return c >= '0' && c <= '9' }
func isLetter(c rune) bool { return unicode.IsLetter(c) }
func isSpace(c rune) bool {
	return c == ' ' || c == '\t' || c == '\u00a0' || c == '\u202f' || c == '\u2009'
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// cand is a recognised figure before comparator, period and sentence.
type cand struct {
	start, end int
	value      float64
	unit       string
	cmp        string
}

type scanner struct {
	orig   []rune // the text as given
	r      []rune // orig with hard-wrapped line breaks as spaces
	lr     []rune // lower-cased r, same length
	lo, hi int    // the body span being scanned
	figs   []Figure
	ageEnd int // end of the last number left out as an age or duration
	sents  map[int][]int
}

func newScanner(text string) *scanner {
	orig := []rune(text)
	r := joinWrapped(orig)
	lr := make([]rune, len(r))
	for i, c := range r {
		lr[i] = unicode.ToLower(c)
	}
	return &scanner{orig: orig, r: r, lr: lr, ageEnd: -1, sents: map[int][]int{}}
}

// joinWrapped returns a copy of r in which the line breaks of hard-wrapped
// sentences (see continues) are spaces, so that "£2.6\nbillion" or "nearly\n40
// per cent" read as on one line. Offsets are unchanged.
func joinWrapped(orig []rune) []rune {
	r := make([]rune, len(orig))
	copy(r, orig)
	// The widest line: in hard-wrapped text, the column width.
	width, ls := 0, 0
	for i := 0; i <= len(orig); i++ {
		if i == len(orig) || orig[i] == '\n' {
			width = max(width, i-ls)
			ls = i + 1
		}
	}
	ls = 0
	for i := 0; i < len(orig); i++ {
		if orig[i] != '\n' {
			continue
		}
		ne := i + 1
		for ne < len(orig) && orig[ne] != '\n' {
			ne++
		}
		if continues(orig[ls:i], orig[i+1:ne], width) {
			r[i] = ' '
			if i > 0 && r[i-1] == '\r' {
				r[i-1] = ' '
			}
		}
		ls = i + 1
	}
	return r
}

// Recognise returns every figure inside the body spans of text, in order,
// without overlaps. Spans are code-point ranges as returned by Body; spans
// out of range are clipped.
func Recognise(text string, body []Span) []Figure {
	return newScanner(text).recognise(body)
}

func (s *scanner) recognise(body []Span) []Figure {
	prev := 0
	for _, sp := range body {
		lo, hi := max(sp.Start, prev, 0), min(sp.End, len(s.r))
		if lo >= hi {
			continue
		}
		s.lo, s.hi = lo, hi
		s.ageEnd = -1
		s.scan()
		prev = hi
	}
	for i := range s.figs {
		f := &s.figs[i]
		f.Mention = string(s.orig[f.Start:f.End])
		st, en := s.sentence(f.Start, f.End)
		f.SentenceStart = st
		f.Sentence = string(s.orig[st:en])
	}
	return s.figs
}

// at returns the rune at i, or 0 outside the current span.
func (s *scanner) at(i int) rune {
	if i < s.lo || i >= s.hi {
		return 0
	}
	return s.r[i]
}

func (s *scanner) skipSpaces(i int) int {
	for i < s.hi && isSpace(s.r[i]) {
		i++
	}
	return i
}

func (s *scanner) wordAt(i int) (string, int) {
	j := i
	for j < s.hi && isLetter(s.r[j]) {
		j++
	}
	return string(s.lr[i:j]), j
}

// nextWord returns the word after i (skipping spaces), its start and end.
func (s *scanner) nextWord(i int) (string, int, int) {
	ws := s.skipSpaces(i)
	w, we := s.wordAt(ws)
	return w, ws, we
}

// prevWord returns the word ending before i (skipping spaces) and its start.
func (s *scanner) prevWord(i int) (string, int) {
	j := i
	for j > s.lo && isSpace(s.r[j-1]) {
		j--
	}
	k := j
	for k > s.lo && isLetter(s.r[k-1]) {
		k--
	}
	return string(s.lr[k:j]), k
}

// boundaryBefore: a number may start at i.
func (s *scanner) boundaryBefore(i int) bool {
	p := s.at(i - 1)
	switch {
	case p == 0:
		return true
	case isLetter(p) || isDigit(p):
		return false
	case p == '.' || p == ',' || p == '-' || p == '/' || p == ':':
		pp := s.at(i - 2)
		return !(isLetter(pp) || isDigit(pp))
	case p == '+' || p == '#' || p == '_' || p == '@' || p == '№' || p == '&' || p == '\\':
		return false
	}
	return true
}

func (s *scanner) scan() {
	i := s.lo
	for i < s.hi {
		c := s.r[i]
		switch {
		case c == '£' && isDigit(s.at(i+1)) && !isLetter(s.at(i-1)) && !isDigit(s.at(i-1)):
			i = max(s.numeric(i+1, i), i+1)
		case isDigit(c):
			if s.boundaryBefore(i) {
				i = max(s.numeric(i, -1), i+1)
			} else {
				for i < s.hi && (isDigit(s.r[i]) || isLetter(s.r[i])) {
					i++
				}
			}
		case isLetter(c):
			j := i + 1
			for j < s.hi && isLetter(s.r[j]) {
				j++
			}
			// Only words that can start a figure: number words, "a"/"an",
			// "half" (all short, starting with one of these letters).
			if j-i <= 9 && strings.ContainsRune("otfsenahOTFSENAH", c) && s.boundaryBefore(i) {
				i = max(s.word(i), i+1)
			} else {
				i = j
			}
		default:
			i++
		}
	}
}

func (s *scanner) emit(c cand) {
	if n := len(s.figs); n > 0 && c.start < s.figs[n-1].End {
		return
	}
	f := Figure{Start: c.start, End: c.end, Value: c.value, Unit: c.unit}
	f.Comparator = c.cmp
	if f.Comparator == "" {
		f.Comparator = s.comparator(c.start, c.end)
	}
	if c.unit == UnitGBP {
		f.PeriodYears = s.period(c.end)
		// The first end of a range of money takes the range's period:
		// "£2bn-£3bn a year", "between £50,000 and £100,000 a week".
		if n := len(s.figs); n > 0 && f.PeriodYears != nil {
			p := &s.figs[n-1]
			gap := strings.TrimSpace(string(s.lr[p.End:c.start]))
			if p.Unit == UnitGBP && p.PeriodYears == nil && (gap == "-" || gap == "–" || gap == "to" || gap == "and") {
				p.PeriodYears = f.PeriodYears
			}
		}
	}
	s.figs = append(s.figs, f)
}

// numeric reads a number written in digits at i; pound is the index of a
// preceding '£' or -1. It returns where scanning resumes.
func (s *scanner) numeric(i, pound int) int {
	start := i
	if pound >= 0 {
		start = pound
	}
	j := i
	for j < s.hi && isDigit(s.r[j]) {
		j++
	}
	intLen := j - i
	leadingZero := s.r[i] == '0' && intLen > 1
	comma := false
	for s.at(j) == ',' && isDigit(s.at(j+1)) && isDigit(s.at(j+2)) && isDigit(s.at(j+3)) && !isDigit(s.at(j+4)) {
		j += 4
		comma = true
	}
	dec := false
	if s.at(j) == '.' && isDigit(s.at(j+1)) {
		j++
		for isDigit(s.at(j)) {
			j++
		}
		dec = true
	}
	numEnd := j
	num, err := strconv.ParseFloat(strings.ReplaceAll(string(s.r[i:numEnd]), ",", ""), 64)
	if err != nil {
		return numEnd
	}
	// Versions, times, odd groupings: 1.2.3, 10:30, 1,00.
	if c := s.at(j); (c == '.' || c == ':' || c == ',') && isDigit(s.at(j+1)) {
		for k := j; ; k++ {
			c := s.at(k)
			if !(isDigit(c) || c == '.' || c == ':' || c == ',') {
				return k
			}
		}
	}
	// Fractions (1/3rd) and slashed dates or ranges (2022/23, 13/08/2021).
	if s.at(j) == '/' && isDigit(s.at(j+1)) {
		k := j + 1
		for isDigit(s.at(k)) {
			k++
		}
		den, _ := strconv.ParseFloat(string(s.r[j+1:k]), 64)
		if pound < 0 && !dec && !comma && num >= 1 && num < den && den <= 10 && s.at(k) != '/' {
			e := k
			if w, we := s.wordAt(k); w == "st" || w == "nd" || w == "rd" || w == "th" {
				e = we
			} else if w != "" {
				return we
			}
			s.emit(cand{start: start, end: e, value: round2(num / den * 100), unit: UnitPercent})
			return e
		}
		for s.at(k) == '/' && isDigit(s.at(k+1)) {
			k++
			for isDigit(s.at(k)) {
				k++
			}
		}
		return k
	}
	// Hyphenated years and codes: 2019-20, 2019-2021, 0800-123. Other
	// ranges (10-15%) are read below.
	yearLike := !dec && !comma && intLen == 4 && num >= 1800 && num <= 2100
	if (s.at(j) == '-' || s.at(j) == '–') && isDigit(s.at(j+1)) && (yearLike || leadingZero) {
		k := j + 1
		for isDigit(s.at(k)) || s.at(k) == '-' {
			k++
		}
		return k
	}
	scale := 1.0
	end := numEnd
	if isLetter(s.at(end)) {
		w, we := s.wordAt(end)
		m, ok := suffixScales[w]
		switch {
		case w == "pc" && pound < 0 && !isLetter(s.at(we)):
			// "10pc": newspaper per cent
			s.emit(cand{start: start, end: we, value: num, unit: UnitPercent})
			return we
		case !ok || (w == "b" && pound < 0) || (w == "k" && pound < 0):
			return we // ordinals (2nd), plurals (1990s, under 16s), codes (5G)
		case w == "m" && pound < 0 && !s.countAfterM(we):
			return we // metres
		}
		scale, end = m, we
	} else if w, ws, we := s.nextWord(end); ws > end && ws == end+1 {
		if m, ok := scaleWords[w]; ok {
			scale, end = m, we
		}
	}
	unit := UnitCount
	if pound >= 0 {
		unit = UnitGBP
	}
	cmp := ""
	if unit == UnitCount {
		if s.at(end) == '%' {
			unit, end = UnitPercent, end+1
		} else if isSpace(s.at(end)) && s.at(end+1) == '%' {
			unit, end = UnitPercent, end+2
		} else if e, ok := s.percentWords(end); ok {
			unit, end = UnitPercent, e
		} else if scale > 1 {
			if w, ws, we := s.nextWord(end); ws == end+1 && (w == "pounds" || w == "sterling") {
				unit, end = UnitGBP, we
			}
		}
	}
	if (unit == UnitCount || unit == UnitGBP) && scale == 1 && end == numEnd && !leadingZero && !(yearLike && pound < 0) {
		if k, ok := s.rangeTail(start, end); ok {
			return s.rangeFigures(start, end, k, num, unit)
		}
	}
	if s.at(end) == '+' && !isDigit(s.at(end+1)) && !isLetter(s.at(end+1)) {
		end++
		cmp = CmpGe
	}
	value := num * scale
	if cmp == CmpGe && unit == UnitCount && scale == 1 && !dec && num >= 10 && num <= 25 {
		return end // "16+ accommodation", "aged 18+": an age
	}
	if unit != UnitCount {
		s.emit(cand{start: start, end: end, value: value, unit: unit, cmp: cmp})
		return end
	}
	isInt := !dec && scale == 1
	// Proportions: 1 in 3.
	if isInt && cmp == "" {
		if c, ok := s.proportion(start, end, num); ok {
			s.emit(c)
			return c.end
		}
	}
	if e, ok, handled := s.multiple(start, end, value); handled {
		if ok {
			s.emit(cand{start: start, end: e, value: value, unit: UnitMultiple})
		}
		return e
	}
	if leadingZero && !dec {
		return s.skipDigitGroups(end)
	}
	if isInt && !comma && intLen == 4 && num >= 1800 && num <= 2100 && scale == 1 {
		return end // a year
	}
	// Phone numbers and other digit groups: 020 7946 0000, 0800 123 456.
	if isInt && !comma && intLen >= 3 && isSpace(s.at(end)) && isDigit(s.at(end+1)) {
		k := end + 1
		for isDigit(s.at(k)) {
			k++
		}
		if k-end-1 >= 3 {
			return s.skipDigitGroups(end)
		}
	}
	if pw, pws := s.prevWord(start); pw == "per" || pw == "every" && func() bool { w, _ := s.prevWord(pws); return w == "in" }() {
		return end // the denominator of a rate: "70 per 10,000 children", "in every 10,000"
	}
	if s.excludedCount(start, end, num, isInt, true) {
		return end
	}
	s.emit(cand{start: start, end: end, value: value, unit: UnitCount, cmp: cmp})
	return end
}

// rangeTail finds the second number of a range after a number at
// [start,end): "10-15%", "10–15 per cent", "5 to 10 per cent", "between
// 2,000 and 3,000", "£2-£3". It returns where the second number (or its £)
// starts.
func (s *scanner) rangeTail(start, end int) (int, bool) {
	k := end
	switch c := s.at(k); {
	case c == '-' || c == '–':
		k++
		if c == '–' {
			k = s.skipSpaces(k)
		}
	case isSpace(c) && s.at(k+1) == '–' && isSpace(s.at(k+2)):
		k = s.skipSpaces(k + 2)
	case isSpace(c):
		w, _, we := s.nextWord(k)
		pw, _ := s.prevWord(start)
		if !(w == "to" || (w == "and" && pw == "between")) || !isSpace(s.at(we)) {
			return 0, false
		}
		k = we + 1
	default:
		return 0, false
	}
	if isDigit(s.at(k)) || (s.at(k) == '£' && isDigit(s.at(k+1))) {
		return k, true
	}
	return 0, false
}

// rangeFigures reads both ends of a range whose second number starts at k:
// the second is read as any number; the first takes its unit and scale
// ("10-15%" → 10 percent, "£2-3 million" → £2 million). A range whose
// second end is left out (an age or duration: "16-17 year olds", "between
// 12 and 16 months") yields nothing.
func (s *scanner) rangeFigures(start, end, k int, num float64, unit string) int {
	if unit == UnitCount && s.excludedCount(start, end, num, num == math.Trunc(num), true) {
		return end
	}
	n := len(s.figs)
	var e int
	if s.r[k] == '£' {
		e = s.numeric(k+1, k)
	} else {
		e = s.numeric(k, -1)
	}
	if len(s.figs) != n+1 || s.figs[n].Start != k {
		s.ageEnd = e
		return max(e, k+1)
	}
	second := s.figs[n]
	ds := k
	if s.r[ds] == '£' {
		ds++
	}
	de := ds
	for isDigit(s.at(de)) || (s.at(de) == ',' || s.at(de) == '.') && isDigit(s.at(de+1)) {
		de++
	}
	num2, err := strconv.ParseFloat(strings.ReplaceAll(string(s.r[ds:de]), ",", ""), 64)
	scale := 1.0
	if err == nil && num2 > 0 && second.Unit != UnitPercent {
		if r := second.Value / num2; r >= 1000 {
			scale = r
		}
	}
	if second.Unit != UnitCount || unit == UnitCount {
		unit = second.Unit
	} else {
		s.figs[n].Unit = unit // "£2-3 million": both pounds
		s.figs[n].PeriodYears = s.period(s.figs[n].End)
	}
	if unit == UnitPercent && second.Value != num2 {
		return e // "1 in 5"-style ends: not a plain range
	}
	first := Figure{Start: start, End: end, Value: num * scale, Unit: unit, Comparator: s.comparator(start, end)}
	if second.Comparator == CmpEq {
		s.figs[n].Comparator = first.Comparator
	}
	if unit == UnitGBP {
		first.PeriodYears = s.figs[n].PeriodYears
	}
	if n > 0 && s.figs[n-1].End > start {
		return e
	}
	s.figs = append(s.figs[:n], first, s.figs[n])
	return e
}

// countAfterM: "2.5m children" is a count, "5m high" a length.
func (s *scanner) countAfterM(we int) bool {
	if !isSpace(s.at(we)) {
		return false
	}
	switch w, _, _ := s.nextWord(we); w {
	case "", "high", "long", "wide", "deep", "tall", "away", "from", "in", "on",
		"at", "across", "thick", "to", "of", "and", "or", "by":
		return false
	}
	return true
}

func (s *scanner) skipDigitGroups(i int) int {
	for isSpace(s.at(i)) && isDigit(s.at(i+1)) {
		i++
		for isDigit(s.at(i)) {
			i++
		}
	}
	return i
}

// percentWords reads " per cent", " percent", " per-cent",
// " percentage points" after end.
func (s *scanner) percentWords(end int) (int, bool) {
	w, ws, we := s.nextWord(end)
	if ws != end+1 {
		return 0, false
	}
	switch w {
	case "percent", "pc":
		return we, true
	case "percentage":
		if w2, ws2, we2 := s.nextWord(we); ws2 == we+1 && (w2 == "points" || w2 == "point") {
			return we2, true
		}
	case "per":
		if s.at(we) == '-' {
			if w2, we2 := s.wordAt(we + 1); w2 == "cent" {
				return we2, true
			}
		}
		if w2, ws2, we2 := s.nextWord(we); ws2 == we+1 && w2 == "cent" {
			return we2, true
		}
	}
	return 0, false
}

// proportion reads "N in M" after a number N at [start,end).
func (s *scanner) proportion(start, end int, n float64) (cand, bool) {
	w, ws, we := s.nextWord(end)
	if proportionNouns[w] && ws == end+1 {
		// "one child in ten", "one home in five": the noun between.
		if w2, ws2, we2 := s.nextWord(we); w2 == "in" && ws2 == we+1 {
			end, w, ws, we = we, w2, ws2, we2
		}
	}
	hyphen := false
	if s.at(end) == '-' && isLetter(s.at(end+1)) {
		// "one-in-three"
		w, we = s.wordAt(end + 1)
		ws, hyphen = end+1, true
	}
	switch {
	case w == "in" && (hyphen || ws == end+1):
		if hyphen && s.at(we) == '-' {
			we++
		} else if !isSpace(s.at(we)) {
			return cand{}, false
		} else {
			we++
			if w2, _, we2 := s.nextWord(we); w2 == "every" && isSpace(s.at(we2)) {
				we = we2 + 1
			}
		}
	case w == "out" && ws == end+1:
		w2, ws2, we2 := s.nextWord(we)
		if w2 != "of" || ws2 != we+1 || !isSpace(s.at(we2)) {
			return cand{}, false
		}
		we = we2 + 1
	default:
		return cand{}, false
	}
	ds := we
	var d float64
	de := ds
	if isDigit(s.at(ds)) {
		for isDigit(s.at(de)) {
			de++
		}
		for de-ds <= 3 && s.at(de) == ',' && isDigit(s.at(de+1)) && isDigit(s.at(de+2)) && isDigit(s.at(de+3)) && !isDigit(s.at(de+4)) {
			de += 4 // "1 in 1,000"
		}
		if isLetter(s.at(de)) || s.at(de) == ',' && isDigit(s.at(de+1)) {
			return cand{}, false
		}
		d, _ = strconv.ParseFloat(strings.ReplaceAll(string(s.r[ds:de]), ",", ""), 64)
		if de-ds == 4 && d >= 1800 && d <= 2100 {
			return cand{}, false // "up from 15 in 2019": a year
		}
	} else {
		v, e, ok, _ := s.parseWords(ds)
		if !ok {
			return cand{}, false
		}
		d, de = v, e
	}
	if d <= n || d < 2 {
		return cand{}, false
	}
	if nw, _, _ := s.nextWord(de); timeUnits[nw] {
		return cand{}, false
	}
	if s.at(de) == '-' {
		return cand{}, false
	}
	return cand{start: start, end: de, value: round2(n / d * 100), unit: UnitPercent}, true
}

// multiple reads "N times" after a number. handled reports that "times"
// follows; ok that it is a multiple (followed by a comparative).
func (s *scanner) multiple(start, end int, v float64) (e int, ok, handled bool) {
	w, ws, we := s.nextWord(end)
	if w != "times" || ws != end+1 {
		return end, false, false
	}
	nw, _, _ := s.nextWord(we)
	if comparativeWords[nw] {
		return we, true, true
	}
	return we, false, true
}

// excludedCount applies the exclusions for counts: dates, identifiers, list
// numbering, ages and durations.
func (s *scanner) excludedCount(start, end int, v float64, isInt, digits bool) bool {
	pw, pws := s.prevWord(start)
	nw, nws, _ := s.nextWord(end)
	if isInt && v <= 31 && (months[pw] || (months[nw] && nws == end+1)) {
		if !(pw == "may" || nw == "may" || nw == "march") || digits {
			return true
		}
	}
	if identWords[pw] {
		s.ageEnd = end // chains too: "Sections 17 and 20"
		return true
	}
	// Abbreviated identifiers: "p. 14", "no. 3", "para. 2".
	if k := start - 1; s.at(k) == '.' || (isSpace(s.at(k)) && s.at(k-1) == '.') {
		if s.at(k) != '.' {
			k--
		}
		if aw, _ := s.prevWord(k); identWords[aw] || aw == "no" || aw == "nos" {
			return true
		}
	}
	if capIdentWords[pw] && pws < len(s.r) && unicode.IsUpper(s.r[pws]) {
		s.ageEnd = end
		return true
	}
	// List numbering: "1." or "2)" first on a line, "(3)", "[4]".
	if digits && s.firstOnLine(start) && (s.at(end) == '.' || s.at(end) == ')') && !isDigit(s.at(end+1)) {
		return true
	}
	if digits && ((s.at(start-1) == '(' && s.at(end) == ')' && v <= 20) || (s.at(start-1) == '[' && s.at(end) == ']')) {
		return true
	}
	if s.isAge(start, end, v, isInt) {
		s.ageEnd = end
		return true
	}
	return false
}

func (s *scanner) firstOnLine(i int) bool {
	for k := i - 1; k >= s.lo; k-- {
		c := s.r[k]
		if c == '\n' {
			return true
		}
		if !(isSpace(c) || c == '•' || c == '-' || c == '*' || c == '(' || c == '#') {
			return false
		}
	}
	return true
}

// isAge reports ages and durations: "aged 16", "age of 23", "30-year-old",
// "six months", "16- and 17-year olds", "under 16 and …", "aged 16 to 18".
func (s *scanner) isAge(start, end int, v float64, isInt bool) bool {
	pw, pws := s.prevWord(start)
	if pw == "aged" || pw == "age" || pw == "ages" {
		return true
	}
	if pw == "between" || pw == "from" {
		if ppw, _ := s.prevWord(pws); ppw == "aged" || ppw == "ages" {
			return true
		}
	}
	if pw == "of" {
		if ppw, _ := s.prevWord(pws); ppw == "age" {
			return true
		}
	}
	if s.durationAfter(end) {
		return true
	}
	// "carers are over 60.", "those under 25 and …"
	ppw, _ := s.prevWord(pws)
	beVerb := ppw == "are" || ppw == "is" || ppw == "were" || ppw == "was" || ppw == "be" || ppw == "being" || ppw == "people" || ppw == "those"
	if isInt && ageLeadWords[pw] && (pw == "under" || pw == "over") && personWords[ppw] && v < 100 {
		return true // "children under 18 should …", "people over 65"
	}
	if isInt && v >= 10 && (v <= 25 || (beVerb && v < 100 && (pw == "over" || pw == "under"))) && ageLeadWords[pw] {
		k := s.skipSpaces(end)
		nw, _, _ := s.nextWord(end)
		if !isLetter(s.at(k)) || nw == "and" || nw == "or" {
			return true
		}
	}
	// Chained back: "aged 16 to 18", "12 and 16 months" (16 was left out).
	if s.ageEnd >= 0 && s.ageEnd <= start {
		gap := strings.TrimSpace(strings.Trim(strings.TrimSpace(string(s.lr[s.ageEnd:start])), "-"))
		switch gap {
		case "and", "or", "to", "–", "-", "", "and under", "or under":
			if start-s.ageEnd < 10 {
				return true
			}
		}
	}
	// Chained forward: "16- and 17-year olds", "between 12 and 16 months".
	k := end
	if s.at(k) == '-' {
		k++
	}
	k = s.skipSpaces(k)
	w, we := s.wordAt(k)
	switch {
	case w == "and" || w == "or" || w == "to":
		k = s.skipSpaces(we)
	case s.at(k) == '–' || s.at(k) == '-':
		k = s.skipSpaces(k + 1)
	default:
		return false
	}
	e := k
	if isDigit(s.at(k)) {
		for isDigit(s.at(e)) {
			e++
		}
	} else if _, e2, ok, _ := s.parseWords(k); ok {
		e = e2
	}
	if e == k {
		return false
	}
	return s.durationAfter(e) || (s.at(e) == 's' && !isLetter(s.at(e+1)))
}

// durationAfter: a time unit follows, "-year-old", " years", " months".
func (s *scanner) durationAfter(end int) bool {
	if s.at(end) == '-' {
		w, _ := s.wordAt(end + 1)
		return timeUnits[w]
	}
	w, ws, _ := s.nextWord(end)
	return ws <= end+2 && timeUnits[w]
}

// word handles a word starting at i: number words, fractions, "a third".
func (s *scanner) word(i int) int {
	w, e := s.wordAt(i)
	switch {
	case w == "a" || w == "an":
		fw, fs, fe := s.nextWord(e)
		if m := scaleWords[fw]; m >= 1e6 && fs == e+1 && len(fw) > 2 {
			// "a million children", "more than a billion pounds"
			if pw, _ := s.prevWord(i); pw != "in" && pw != "half" {
				return s.scaledWords(i, fe, m)
			}
			return fe
		}
		if d, ok := fractionWords[fw]; ok && fs == e+1 && !strings.HasSuffix(fw, "s") && fw != "half" {
			ow, os, _ := s.nextWord(fe)
			pw, _ := s.prevWord(i)
			// "a quarter of", and, hedged or as a change, "almost a quarter
			// more than …", "rose by a third", "a fifth higher".
			if (ow == "of" && os == fe+1) || (!fractionNouns[ow] && (changeWords[ow] || fractionLeads[pw] || fractionVerbs[ow])) {
				s.emit(cand{start: i, end: fe, value: round2(100 / d), unit: UnitPercent})
				return fe
			}
		}
		return e
	case w == "half":
		pw, _ := s.prevWord(i)
		nw, _, _ := s.nextWord(e)
		if aw, as, ae := s.nextWord(e); aw == "a" && as == e+1 {
			if mw, ms, me := s.nextWord(ae); scaleWords[mw] >= 1e6 && ms == ae+1 && len(mw) > 2 {
				return s.scaledWords(i, me, scaleWords[mw]/2) // "half a million"
			}
		}
		if s.at(e) == '-' {
			return e
		}
		switch pw {
		case "a", "and", "first", "second", "last", "the", "one":
			return e
		}
		if nw == "of" || pw == "than" || pw == "almost" || pw == "nearly" || pw == "around" || pw == "about" || pw == "over" || pw == "under" {
			s.emit(cand{start: i, end: e, value: 50, unit: UnitPercent})
		}
		return e
	}
	if _, ok := smallNumbers[w]; !ok {
		return e
	}
	return s.wordNumber(i)
}

// scaledWords emits "a million", "half a billion" ending at e with value
// v: pounds when "pounds" follows, else a count.
func (s *scanner) scaledWords(i, e int, v float64) int {
	unit := UnitCount
	w, ws, we := s.nextWord(e)
	switch {
	case ws == e+1 && (w == "pounds" || w == "sterling"):
		unit, e = UnitGBP, we
	case s.at(e) == '-':
		if w2, e2 := s.wordAt(e + 1); w2 == "pound" {
			unit, e = UnitGBP, e2 // "a million-pound contract"
		} else {
			return e
		}
	case timeUnits[w]:
		return we // "a million miles away", "a million years"
	}
	s.emit(cand{start: i, end: e, value: v, unit: unit})
	return e
}

// parseWords reads a number in words at i: "seventy-five", "one hundred
// and fifty", "two million". bare reports a lone "one".
func (s *scanner) parseWords(i int) (v float64, end int, ok, bare bool) {
	w, e := s.wordAt(i)
	v, ok = smallNumbers[w]
	if !ok {
		return 0, e, false, false
	}
	if v >= 20 {
		if s.at(e) == '-' {
			if w2, e2 := s.wordAt(e + 1); smallNumbers[w2] > 0 && smallNumbers[w2] < 10 {
				v, e = v+smallNumbers[w2], e2
			}
		} else if w2, ws2, e2 := s.nextWord(e); ws2 == e+1 && smallNumbers[w2] > 0 && smallNumbers[w2] < 10 {
			v, e = v+smallNumbers[w2], e2
		}
	}
	bare = w == "one"
	if w2, ws2, e2 := s.nextWord(e); ws2 == e+1 && w2 == "hundred" {
		v, e, bare = v*100, e2, false
		if w3, ws3, e3 := s.nextWord(e); ws3 == e+1 && w3 == "and" {
			if v4, e4, ok4, _ := s.parseWords(s.skipSpaces(e3)); ok4 && v4 < 100 {
				v, e = v+v4, e4
			}
		}
	}
	if w2, ws2, e2 := s.nextWord(e); ws2 == e+1 {
		if m, ok := scaleWords[w2]; ok && w2 != "bn" && w2 != "mn" && w2 != "tn" {
			v, e, bare = v*m, e2, false
		}
	}
	return v, e, true, bare
}

// wordNumber handles a number written in words at i.
func (s *scanner) wordNumber(i int) int {
	v, e, _, bare := s.parseWords(i)
	if c, ok := s.proportion(i, e, v); ok {
		s.emit(c)
		return c.end
	}
	// Hyphenated: "two-thirds", "one-third"; otherwise adjectival or a
	// duration ("one-off", "five-year", "three-way"): not a figure.
	if s.at(e) == '-' && isLetter(s.at(e+1)) {
		w2, e2 := s.wordAt(e + 1)
		if d, ok := fractionWords[w2]; ok && v < d {
			if nw, _, _ := s.nextWord(e2); !fractionNouns[nw] {
				s.emit(cand{start: i, end: e2, value: round2(v / d * 100), unit: UnitPercent})
			}
			return e2
		}
		if timeUnits[w2] {
			s.ageEnd = e2
		}
		return e2
	}
	nw, ns, ne := s.nextWord(e)
	if ns == e+1 {
		if d, ok := fractionWords[nw]; ok && v < d {
			if nw2, _, _ := s.nextWord(ne); !fractionNouns[nw2] {
				s.emit(cand{start: i, end: ne, value: round2(v / d * 100), unit: UnitPercent})
			}
			return ne
		}
	}
	if c, ok := s.proportion(i, e, v); ok {
		s.emit(c)
		return c.end
	}
	if pe, ok := s.percentWords(e); ok {
		s.emit(cand{start: i, end: pe, value: v, unit: UnitPercent})
		return pe
	}
	if me, ok, handled := s.multiple(i, e, v); handled {
		if ok {
			s.emit(cand{start: i, end: me, value: v, unit: UnitMultiple})
		}
		return me
	}
	if bare {
		return e // "one service", "one of", "in one year", "one which"
	}
	if s.excludedCount(i, e, v, v == math.Trunc(v), false) {
		return e
	}
	s.emit(cand{start: i, end: e, value: v, unit: UnitCount})
	return e
}
