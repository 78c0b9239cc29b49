// Package figures finds the figures (quantities) a document states — money,
// counts, percentages and proportions, multiples — and turns each into a
// claim as defined in spec/claims.md.
//
// No maintained Go library does quantity extraction for English prose, so
// this package is hand-written rules, in three steps:
//
//   - Body drops page furniture (navigation, cookie and newsletter blocks,
//     subscription prices, share buttons, related-article lists, footers)
//     from a scraped plain text;
//   - Recognise finds every figure in the body, normalises its value and
//     unit, and reads its comparator and the span of years money is spread
//     over, leaving out dates, years, ages, durations, identifiers,
//     ordinals, "one" as a determiner and idioms;
//   - Classify adds topic, subject, attribution and whether the figure is a
//     projection.
//
// Scraped texts are sometimes hard-wrapped: a line break inside a sentence
// (the next line goes on in lower case, or the line was filled to the
// column) is read as a space, so that context, sentences and mentions run
// across it; only a blank line or a sentence end ends a sentence.
//
// Extract runs the three steps. All offsets are Unicode code points into the
// original text, end exclusive.
package figures

// Units.
const (
	UnitGBP      = "GBP"
	UnitPercent  = "percent"
	UnitCount    = "count"
	UnitMultiple = "multiple"
)

// Comparators.
const (
	CmpEq     = "eq"
	CmpApprox = "approx"
	CmpGt     = "gt"
	CmpGe     = "ge"
	CmpLt     = "lt"
	CmpLe     = "le"
)

// Topics.
const (
	TopicChildrenInCare   = "children_in_care"
	TopicPrivateProvision = "private_provision"
	TopicSpend            = "spend"
	TopicWorkforce        = "workforce"
	TopicOther            = "other"
)

// Span is a half-open range [Start, End) of code points in a text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Figure is one quantity stated in a text.
type Figure struct {
	// Mention is the figure as written: number plus scale and unit words,
	// without comparator words ("£2.6 billion", "78 per cent", "one in three").
	Mention string `json:"mention"`
	// Start and End are code-point offsets of Mention in the text.
	Start int `json:"start"`
	End   int `json:"end"`
	// Value is the normalised number (£2.6 billion → 2.6e9, one in three → 33.33).
	Value float64 `json:"value"`
	// Unit is one of GBP, percent, count, multiple.
	Unit string `json:"unit"`
	// Comparator is one of eq, approx, gt, ge, lt, le.
	Comparator string `json:"comparator"`
	// PeriodYears is the span of years money is spread over, nil when none.
	PeriodYears *float64 `json:"period_years"`
	// Sentence is the sentence containing the mention; SentenceStart its
	// code-point offset in the text.
	Sentence      string `json:"sentence"`
	SentenceStart int    `json:"sentence_start"`
}

// Claim is a Figure with the fields that need its context.
type Claim struct {
	Figure
	// Index is the 0-based order of the claim in its document.
	Index        int     `json:"claim_index"`
	Topic        string  `json:"topic"`
	Subject      string  `json:"subject"`
	AttributedTo *string `json:"attributed_to"`
	IsProjection bool    `json:"is_projection"`
}

// Extract returns every claim in a scraped plain text, in order:
// Body, then Recognise, then Classify.
func Extract(text string) []Claim {
	s := newScanner(text)
	figs := s.recognise(bodyRunes(s.orig))
	if len(figs) == 0 {
		return nil
	}
	doc := documentOf(s)
	out := make([]Claim, len(figs))
	for i, f := range figs {
		out[i] = doc.classify(f)
		out[i].Index = i
	}
	return out
}

// Classify adds topic, subject, attribution and projection to a figure
// found in text. text must be the text the figure was recognised in; it is
// used to resolve attributions that lie outside the figure's sentence
// (quotes opened earlier, pronouns, list headings).
func Classify(text string, f Figure) Claim {
	return newDocument(text).classify(f)
}
