package figures

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// comparatorsBefore are matched, longest first, against the words just
// before a mention.
var comparatorsBefore = []struct{ words, cmp string }{
	{"no more than", CmpLe}, {"not more than", CmpLe}, {"no fewer than", CmpGe},
	{"no less than", CmpGe}, {"not less than", CmpGe}, {"a minimum of", CmpGe},
	{"a maximum of", CmpLe}, {"in excess of", CmpGt}, {"upwards of", CmpGt},
	{"an estimated", CmpApprox}, {"in the region of", CmpApprox},
	{"more than", CmpGt}, {"greater than", CmpGt}, {"higher than", CmpGt},
	{"larger than", CmpGt}, {"less than", CmpLt}, {"fewer than", CmpLt},
	{"lower than", CmpLt}, {"smaller than", CmpLt}, {"at least", CmpGe},
	{"at most", CmpLe}, {"up to", CmpLe}, {"as many as", CmpLe},
	{"as much as", CmpLe}, {"close to", CmpApprox}, {"just under", CmpLt},
	{"just over", CmpGt}, {"just below", CmpLt}, {"just above", CmpGt},
	{"minimum of", CmpGe}, {"maximum of", CmpLe},
	{"exceeding", CmpGt}, {"exceeds", CmpGt}, {"exceed", CmpGt},
	{"surpass", CmpGt}, {"passing", CmpGt}, {"passes", CmpGt}, {"passed", CmpGt}, {"pass", CmpGt},
	{"over", CmpGt}, {"above", CmpGt}, {"under", CmpLt}, {"below", CmpLt},
	{"about", CmpApprox}, {"around", CmpApprox}, {"roughly", CmpApprox},
	{"some", CmpApprox}, {"almost", CmpApprox}, {"nearly", CmpApprox},
	{"approaching", CmpApprox}, {"approximately", CmpApprox},
	{"approx", CmpApprox}, {"approx.", CmpApprox}, {"circa", CmpApprox},
	{"c.", CmpApprox}, {"estimated", CmpApprox}, {"almost exactly", CmpEq},
}

var comparatorsAfter = []struct{ words, cmp string }{
	{"or more", CmpGe}, {"or over", CmpGe}, {"and over", CmpGe},
	{"and above", CmpGe}, {"or above", CmpGe}, {"or higher", CmpGe},
	{"plus", CmpGe}, {"or fewer", CmpLe}, {"or less", CmpLe},
	{"or under", CmpLe}, {"or below", CmpLe}, {"or lower", CmpLe},
}

// joinLines turns single line breaks in a window of text into spaces and
// drops what lies beyond a blank line (before it when tail, else after it).
func joinLines(w string, tail bool) string {
	w = strings.ReplaceAll(w, "\r", "")
	if k := strings.Index(w, "\n\n"); k >= 0 && !tail {
		w = w[:k]
	}
	if k := strings.LastIndex(w, "\n\n"); k >= 0 && tail {
		w = w[k+2:]
	}
	return strings.ReplaceAll(w, "\n", " ")
}

// comparator reads the comparator from the words around [start,end).
func (s *scanner) comparator(start, end int) string {
	lo := max(s.lo, start-40)
	before := strings.TrimRightFunc(joinLines(string(s.lr[lo:start]), true), func(c rune) bool {
		return isSpace(c) || strings.ContainsRune("(‘'“\"", c)
	})
	for _, c := range comparatorsBefore {
		if strings.HasSuffix(before, c.words) {
			k := len(before) - len(c.words)
			if k == 0 || !unicode.IsLetter(rune(before[k-1])) {
				return c.cmp
			}
		}
	}
	hi := min(s.hi, end+40)
	after := strings.TrimLeftFunc(joinLines(string(s.lr[end:hi]), false), isSpace)
	for skip := 0; skip < 2; skip++ {
		for _, c := range comparatorsAfter {
			if skip > 0 && !strings.HasPrefix(c.words, "or ") {
				continue
			}
			if strings.HasPrefix(after, c.words) {
				k := len(c.words)
				if k == len(after) || !unicode.IsLetter(rune(after[k])) {
					return c.cmp
				}
			}
		}
		// "50 councils or more": look past one noun.
		k := strings.IndexFunc(after, func(c rune) bool { return !unicode.IsLetter(c) })
		if k <= 0 || after[k] != ' ' {
			break
		}
		after = after[k+1:]
	}
	return CmpEq
}

var (
	perPeriod = regexp.MustCompile(`^\s*(?:(?:of\s+)?(?:extra\s+|additional\s+|new\s+)?(?:funding|spending|investment|income)\s+)?(?:a|an|per|each|every)\s+(year|annum|month|week)\b`)
	annually  = regexp.MustCompile(`^\s*(?:annually|yearly|p\.a\.|pa\b|a-year|per-year)`)
	overYears = regexp.MustCompile(`\b(?:over|across|during|spread over)\s+(?:the\s+)?(?:(?:next|last|past|coming|following|first|previous|subsequent)\s+)?([a-z0-9]+(?:-[a-z]+)?)\s+years?\b`)
	yearPer   = regexp.MustCompile(`\b(?:over|across)\s+(?:a|the)\s+([a-z0-9]+)[\s-]year\s+period\b`)
	perYear   = regexp.MustCompile(`\b(?:per|a|each)\s+(?:year|annum)\b|\bannually\b`)
)

// period reads the span of years money at ...end is spread over: "over five
// years", "per year", "over the last two years".
func (s *scanner) period(end int) *float64 {
	hi := min(s.hi, end+70)
	w := strings.ReplaceAll(joinLines(string(s.lr[end:hi]), false), "-", " ")
	// Stop at the next clause that is not about this amount.
	for _, stop := range []string{";", "(", " – ", " — ", "  ", "£", ". "} {
		if k := strings.Index(w, stop); k >= 0 {
			w = w[:k]
		}
	}
	w = strings.ReplaceAll(w, "  ", " ")
	if m := perPeriod.FindStringSubmatch(w); m != nil {
		return periodOf(m[1])
	}
	if annually.MatchString(w) {
		return ptr(1)
	}
	if m := overYears.FindStringSubmatch(w); m != nil {
		if v, ok := numberWordValue(m[1]); ok {
			return ptr(v)
		}
	}
	if m := yearPer.FindStringSubmatch(w); m != nil {
		if v, ok := numberWordValue(m[1]); ok {
			return ptr(v)
		}
	}
	if len(w) > 40 {
		w = w[:40]
	}
	if perYear.MatchString(w) {
		return ptr(1)
	}
	return nil
}

func periodOf(unit string) *float64 {
	switch unit {
	case "month":
		return ptr(1.0 / 12)
	case "week":
		return ptr(1.0 / 52)
	}
	return ptr(1)
}

func ptr(v float64) *float64 { return &v }

// numberWordValue reads "five", "5", "twenty-five".
func numberWordValue(w string) (float64, bool) {
	if v, err := strconv.ParseFloat(w, 64); err == nil {
		return v, true
	}
	if v, ok := smallNumbers[w]; ok {
		return v, true
	}
	if a, b, ok := strings.Cut(w, "-"); ok {
		if x, ok := smallNumbers[a]; ok && x >= 20 {
			if y, ok := smallNumbers[b]; ok && y < 10 {
				return x + y, true
			}
		}
	}
	if w == "a" || w == "one" {
		return 1, true
	}
	return 0, false
}

var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "mr": true, "mrs": true, "ms": true, "dr": true,
	"st": true, "no": true, "vs": true, "cllr": true, "prof": true, "rev": true,
	"cf": true, "approx": true, "c": true, "eg": true, "ie": true, "fig": true,
}

// sentence returns the bounds of the sentence holding [start,end): within
// its line, split after . ! ? (and closing quotes) before a capital, quote,
// digit or £.
func (s *scanner) sentence(start, end int) (int, int) {
	// s.r has the line breaks of hard-wrapped sentences turned into
	// spaces (joinWrapped), so a line here is a paragraph or a sentence
	// run; a blank line always ends it.
	ls := start
	for ls > 0 && s.r[ls-1] != '\n' {
		ls--
	}
	le := end
	for le < len(s.r) && s.r[le] != '\n' {
		le++
	}
	starts, ok := s.sents[ls]
	if !ok {
		starts = sentenceStarts(s.r, s.lr, ls, le)
		s.sents[ls] = starts
	}
	st, en := ls, le
	for k, b := range starts {
		if b <= start {
			st = b
			if k+1 < len(starts) {
				en = starts[k+1]
			} else {
				en = le
			}
		}
	}
	if en < end {
		en = end
	}
	// Pathological lines without sentence breaks: keep a window.
	const maxSide = 400
	st = max(st, start-maxSide)
	en = min(en, end+maxSide)
	for st < start && (isSpace(s.r[st]) || strings.ContainsRune("•*-–", s.r[st])) && (st+1 < len(s.r) && (isSpace(s.r[st+1]) || isSpace(s.r[st]))) {
		st++
	}
	for en > end && unicode.IsSpace(s.r[en-1]) {
		en--
	}
	return st, en
}

// continues reports whether line next carries on the sentence of line prev
// in hard-wrapped text (width is the widest line of the text). prev must
// not be blank or end a sentence, and next must not start a list item.
// A next line starting in lower case continues; one starting with a
// capital, a digit or £ continues when prev ends with a comma or a word
// that cannot end a heading ("of", "nearly", "than"), or when next's first
// word would not have fitted on prev (the line was wrapped at the column).
func continues(prev, next []rune, width int) bool {
	blank := func(c rune) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\u00a0' }
	pe := len(prev)
	for pe > 0 && blank(prev[pe-1]) {
		pe--
	}
	ns := 0
	for ns < len(next) && blank(next[ns]) {
		ns++
	}
	if pe == 0 || ns == len(next) {
		return false
	}
	last, first := prev[pe-1], next[ns]
	if strings.ContainsRune(".!?:;…\"”’)|", last) {
		return false
	}
	if strings.ContainsRune("•·▪‣◦*-–—>#", first) {
		return false // a list item starts
	}
	if isDigit(first) || unicode.IsLower(first) {
		// "2. Next item" or "a) option": list numbering starts a new line
		k := ns
		for k < len(next) && k-ns < 2 && (isDigit(next[k]) || unicode.IsLower(next[k]) && k == ns) {
			k++
		}
		if k > ns && k+1 < len(next) && (next[k] == '.' || next[k] == ')') && blank(next[k+1]) {
			return false
		}
		if unicode.IsLower(first) {
			return true
		}
	}
	if last == ',' {
		return true
	}
	ws := pe
	for ws > 0 && unicode.IsLetter(prev[ws-1]) {
		ws--
	}
	if ws < pe && continuationWords[strings.ToLower(string(prev[ws:pe]))] {
		return true
	}
	fe := ns
	for fe < len(next) && !blank(next[fe]) {
		fe++
	}
	return pe >= 40 && unicode.IsLower(last) && pe+1+(fe-ns) > width
}

// continuationWords end a line that cannot end a sentence or heading.
var continuationWords = map[string]bool{
	"the": true, "of": true, "to": true, "and": true, "or": true, "a": true,
	"an": true, "in": true, "on": true, "for": true, "by": true, "with": true,
	"than": true, "nearly": true, "almost": true, "about": true,
	"around": true, "over": true, "under": true, "some": true, "least": true,
	"from": true, "at": true, "that": true, "were": true, "was": true,
	"is": true, "are": true, "be": true, "been": true, "has": true,
	"have": true, "had": true, "up": true, "just": true, "roughly": true,
	"approximately": true, "only": true, "its": true, "their": true,
	"his": true, "her": true, "our": true, "which": true, "who": true,
	"as": true, "into": true, "between": true, "estimated": true,
	"said": true, "says": true, "according": true, "spent": true,
	"reached": true, "rose": true, "fell": true, "cost": true, "costs": true,
	"totalled": true, "nor": true, "but": true, "per": true, "more": true,
	"fewer": true, "less": true, "will": true, "would": true, "could": true,
	"should": true, "this": true, "these": true, "those": true,
}

func sentenceStarts(r, lr []rune, ls, le int) []int {
	starts := []int{ls}
	for k := ls; k < le; k++ {
		c := r[k]
		if c != '.' && c != '!' && c != '?' && c != '…' {
			continue
		}
		if c == '.' {
			// abbreviation or initial before the full stop
			j := k
			for j > ls && (unicode.IsLetter(r[j-1]) || r[j-1] == '.') {
				j--
			}
			wd := strings.TrimSuffix(string(lr[j:k]), ".")
			if abbreviations[wd] || (len([]rune(wd)) == 1 && unicode.IsUpper(r[j])) {
				continue
			}
		}
		j := k + 1
		for j < le && strings.ContainsRune("\"'”’)]*", r[j]) {
			j++
		}
		if j >= le || !(isSpace(r[j]) || r[j] == '\n' || r[j] == '\r') {
			continue
		}
		for j < le && (isSpace(r[j]) || r[j] == '\n' || r[j] == '\r') {
			j++
		}
		if j < le && (unicode.IsUpper(r[j]) || isDigit(r[j]) || strings.ContainsRune("\"'“‘£(", r[j])) {
			starts = append(starts, j)
		}
	}
	return starts
}
