package claimchecks

import (
	"math"
	"strings"
	"testing"
)

// claimIn builds a claim from its sentence, the way ReadClaims does: the
// mention is found in the sentence and the words around it are set.
func claimIn(topic, unit string, value float64, mention, subject, sentence string) Claim {
	c := []Claim{{DocumentID: "d", Topic: topic, Unit: unit, Value: value, Mention: mention, Subject: subject,
		Sentence: sentence, Comparator: "eq"}}
	Locate(c)
	return c[0]
}

func TestMatch(t *testing.T) {
	const pp, cic, sp = TopicPrivateProvision, TopicChildrenInCare, TopicSpend
	tests := []struct {
		name string
		c    Claim
		rule string // "" when no rule may match
	}{
		// The patterns, as the seeds and articles state them.
		{"seed: 78 per cent of children's homes", claimIn(pp, UnitPercent, 78, "78 per cent", "children’s homes",
			"MacAlister cites Ofsted figures showing that 78 per cent of children’s homes are provided by private providers and 41 per cent approved fostering places are provided by independent fostering agencies."),
			"homes-private-share"},
		{"share of places in private homes", claimIn(pp, UnitPercent, 73, "73%", "places in children's homes",
			"Private companies now run 73% of places in children's homes."), "homes-private-places-share"},
		{"private homes counted", claimIn(pp, UnitCount, 2466, "2,466", "children's homes run by private providers",
			"There were 2,466 children's homes run by private providers in March."), "homes-private"},
		{"homes counted", claimIn(pp, UnitCount, 3050, "3,050", "children's homes",
			"Ofsted's register lists 3,050 children's homes."), "homes-total"},
		{"seed: fifteen largest providers (windfall tax)", claimIn(pp, UnitCount, 15, "fifteen", "largest providers of residential children’s care",
			"He suggested some of the money could be raised by a windfall tax on the fifteen largest providers of residential children’s care and foster care, who he said had “done very well out of market failure” by capitalising on demand."),
			"largest-providers"},
		{"seed: 15 most profitable companies", claimIn(pp, UnitCount, 15, "15", "most profitable care companies",
			"The suggestion of a windfall tax on the profits of the 15 most profitable care companies may appear to be about bringing profiteering under control."),
			"largest-providers"},
		{"seed: 41 per cent of fostering places", claimIn(pp, UnitPercent, 41, "41 per cent", "approved fostering places",
			"MacAlister cites Ofsted figures showing that 78 per cent of children’s homes are provided by private providers and 41 per cent approved fostering places are provided by independent fostering agencies."),
			"fostering-ifa-places"},
		{"foster carers counted", claimIn(pp, UnitCount, 43000, "43,000", "foster carers",
			"There are some 43,000 fostering households approved by independent agencies."), "fostering"},
		{"providers' profits", claimIn(pp, UnitGBP, 3e8, "£300 million", "profits",
			"The largest providers made £300 million in profits last year."), "provider-finances"},
		{"seed: rising above 100,000", claimIn(cic, UnitCount, 100000, "100,000", "children",
			"Leading the review, Josh MacAlister called for £2.6 billion over five years to transform the system and prevent the number of children in care – already at record levels – rising above 100,000."),
			"care-31-march"},
		{"children looked after", claimIn(cic, UnitCount, 83840, "83,840", "children looked after",
			"In 2023, the number of children looked after by local authorities in England rose to 83,840."), "care-31-march"},
		{"children entering care", claimIn(cic, UnitCount, 33000, "33,000", "children",
			"Some 33,000 children entered care last year."), "care-starting"},
		{"children leaving care", claimIn(cic, UnitCount, 31850, "31,850", "children",
			"In the same year 31,850 children left care."), "care-ceasing"},
		{"councils' children's social care spend", claimIn(sp, UnitGBP, 1e10, "£10 billion", "",
			"The review says councils spent £10 billion on children's social care last year."), "spend-csc"},
		{"spend on children looked after", claimIn(sp, UnitGBP, 7e9, "£7 billion", "",
			"Councils spent £7 billion on children looked after."), "spend-cla"},
		{"spend on residential care", claimIn(sp, UnitGBP, 2e9, "£2 billion", "",
			"Councils spent £2 billion on residential care for children in care."), "spend-residential"},
		{"spend on fostering", claimIn(sp, UnitGBP, 1.5e9, "£1.5 billion", "",
			"Councils spent £1.5 billion on fostering services."), "spend-fostering"},
		{"seed: programme investment", claimIn(sp, UnitGBP, 12e6, "£12 million", "investment",
			"A further five areas will also receive part of a £12 million investment, in addition to the seventy-five areas that will receive part of a £302 million pot of funding."),
			"funding"},
		{"seed: the Review's ask", claimIn(sp, UnitGBP, 2.6e9, "£2.6 billion", "",
			"In total, the Review’s calls for additional public investment in children amount to £2.6 billion over five years."), "funding"},
		{"cost per week", claimIn(sp, UnitGBP, 5000, "£5,000", "",
			"A place in a children's home costs £5,000 a week on average."), "unit-cost"},

		// Claims that must not match any statistic.
		{"adult social care spend", claimIn(sp, UnitGBP, 2e10, "£20 billion", "",
			"Councils spent £20 billion on adult social care."), ""},
		{"children's mental health spend", claimIn(sp, UnitGBP, 1e9, "£1 billion", "",
			"The NHS spent £1 billion on children's mental health services."), ""},
		{"homes rated good", claimIn(pp, UnitPercent, 80, "80%", "privately owned children's homes",
			"In March 2023, 80% of privately owned children's homes were judged outstanding or good."), ""},
		{"homes rated good (rated)", claimIn(pp, UnitPercent, 82, "82 per cent", "children's homes",
			"Some 82 per cent of private children's homes were rated good or outstanding."), ""},
		{"foster carers", claimIn(cic, UnitCount, 44000, "44,000", "foster carers",
			"There are 44,000 foster carers looking after children in care."), ""},
		{"care leavers", claimIn(cic, UnitCount, 10000, "10,000", "care leavers",
			"About 10,000 care leavers turn 18 each year."), ""},
		{"unaccompanied children", claimIn(cic, UnitCount, 7000, "7,000", "unaccompanied asylum-seeking children",
			"Some 7,000 unaccompanied asylum-seeking children are in care."), ""},
		{"rate per 10,000", claimIn(cic, UnitCount, 70, "70", "children",
			"That is 70 per 10,000 children in care."), ""},
		{"an increase in children in care", claimIn(cic, UnitCount, 2000, "2,000", "children in care",
			"The number of children in care rose by 2,000 in a year."), ""},
		{"a percentage of children in care", claimIn(cic, UnitPercent, 24, "24 per cent", "children in care",
			"There are 24 per cent more children in care than a decade ago."), ""},
		{"children's homes closed", claimIn(pp, UnitCount, 150, "150", "children's homes",
			"Last year 150 children's homes closed."), ""},
		{"council-run homes share", claimIn(pp, UnitPercent, 15, "15 per cent", "children's homes",
			"Councils run only 15 per cent of children's homes, the private sector the rest."), ""},
		{"workforce topic", claimIn("workforce", UnitPercent, 33.33, "one third", "time",
			"Social workers spend just one third of their time with children and families."), ""},
		{"multiple unit", claimIn(cic, "multiple", 10, "10 times", "",
			"Children in the most deprived areas are 10 times more likely to be in care."), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := Match(tt.c)
			if tt.rule == "" {
				if ok {
					t.Errorf("matched rule %s, want none (before %q, after %q)", r.Name, tt.c.Before, tt.c.After)
				}
				return
			}
			if !ok || r.Name != tt.rule {
				t.Errorf("rule %q (matched %v), want %s (before %q, after %q)", r.Name, ok, tt.rule, tt.c.Before, tt.c.After)
			}
		})
	}
}

// Every rule of the table is exercised by TestMatch, and names either a
// statistic or why there is none.
func TestRulesWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules {
		if seen[r.Name] {
			t.Errorf("rule %s twice", r.Name)
		}
		seen[r.Name] = true
		if r.Target == nil && r.NotPublished == "" {
			t.Errorf("rule %s names no statistic and no reason", r.Name)
		}
		if r.Target != nil && r.NotPublished == "" && !r.Change {
			for _, u := range r.Units {
				if u != r.Target.Unit {
					t.Errorf("rule %s compares %s claims with a statistic in %s", r.Name, u, r.Target.Unit)
				}
			}
		}
		if !Checked(r.Topic) {
			t.Errorf("rule %s: topic %s is not checked", r.Name, r.Topic)
		}
	}
}

func TestHasAnyWordStart(t *testing.T) {
	for _, tt := range []struct {
		text, term string
		want       bool
	}{
		{"children's homes", "home", true},
		{"foster carers", "care", true},
		{"foster carers", "carer", true},
		{"children in care", "carer", false},
		{"childcare", "care", false},
		{"the windfall", "fall", false},
	} {
		if got := hasAny(tt.text, []string{tt.term}); got != tt.want {
			t.Errorf("hasAny(%q, %q) = %v", tt.text, tt.term, got)
		}
	}
}

func TestLocate(t *testing.T) {
	s := "It spent £2.6 billion, then £2.6 billion again, on 80,000 children."
	cs := []Claim{{DocumentID: "d", Mention: "£2.6 billion", Sentence: s}, {DocumentID: "d", Mention: "£2.6 billion", Sentence: s},
		{DocumentID: "d", Mention: "80,000", Sentence: s}, {DocumentID: "e", Mention: "absent", Sentence: s}}
	Locate(cs)
	want := [][2]string{{"It spent ", ", then "}, {", then ", " again, on "}, {" again, on ", " children."}, {s, ""}}
	for i, w := range want {
		if cs[i].Before != w[0] || cs[i].After != w[1] {
			t.Errorf("claim %d: before %q after %q, want %q %q", i, cs[i].Before, cs[i].After, w[0], w[1])
		}
	}
}

func TestHalfUnit(t *testing.T) {
	tests := []struct {
		mention string
		value   float64
		unit    string
		want    float64
	}{
		{"78 per cent", 78, UnitPercent, 0.5},
		{"78.5%", 78.5, UnitPercent, 0.05},
		{"14%", 14, UnitPercent, 0.5},
		{"one in three", 33.33, UnitPercent, 2.5},
		{"a third", 33.33, UnitPercent, 2.5},
		{"1/3rd", 33.33, UnitPercent, 2.5},
		{"80,000", 80000, UnitCount, 5000},
		{"100,000", 100000, UnitCount, 5000},
		{"1,000", 1000, UnitCount, 50},
		{"83,840", 83840, UnitCount, 5},
		{"81,770", 81770, UnitCount, 5},
		{"150", 150, UnitCount, 0.5},
		{"150+", 150, UnitCount, 0.5},
		{"fifteen", 15, UnitCount, 0.5},
		{"£10 billion", 1e10, UnitGBP, 5e8},
		{"£2.6 billion", 2.6e9, UnitGBP, 5e7},
		{"£15bn", 1.5e10, UnitGBP, 5e8},
		{"£12 million", 12e6, UnitGBP, 5e5},
		{"£300 million", 3e8, UnitGBP, 5e7},
		{"£1m", 1e6, UnitGBP, 5e5},
	}
	for _, tt := range tests {
		if got := HalfUnit(tt.mention, tt.value, tt.unit); math.Abs(got-tt.want) > 1e-6*math.Max(1, tt.want) {
			t.Errorf("HalfUnit(%q) = %v, want %v", tt.mention, got, tt.want)
		}
	}
}

func TestConsistent(t *testing.T) {
	claim := func(before, mention string, value float64, unit, comparator string) Claim {
		return Claim{Before: before, Mention: mention, Value: value, Unit: unit, Comparator: comparator}
	}
	tests := []struct {
		c    Claim
		stat float64
		want bool
		text string
	}{
		{claim("", "78 per cent", 78, UnitPercent, "eq"), 78.4, true, "78 per cent"},
		{claim("", "78 per cent", 78, UnitPercent, "eq"), 78.6, false, "78 per cent"},
		{claim("", "78 per cent", 78, UnitPercent, "eq"), 77.5, true, "78 per cent"},
		{claim("there are now more than ", "80,000", 80000, UnitCount, "gt"), 80770, true, "more than 80,000"},
		{claim("there are now more than ", "80,000", 80000, UnitCount, "gt"), 79990, false, "more than 80,000"},
		{claim("over ", "80,000", 80000, UnitCount, "gt"), 80000, false, "over 80,000"},
		{claim("", "150+", 150, UnitCount, "ge"), 150, true, "150+"},
		{claim("at least ", "£3.4 billion", 3.4e9, UnitGBP, "ge"), 3.3e9, false, "at least £3.4 billion"},
		{claim("less than ", "a third", 33.33, UnitPercent, "lt"), 30, true, "less than a third"},
		{claim("up to ", "100", 100, UnitCount, "le"), 100, true, "up to 100"},
		{claim("almost ", "80,000", 80000, UnitCount, "approx"), 79000, true, "almost 80,000"},
		{claim("almost ", "80,000", 80000, UnitCount, "approx"), 80500, false, "almost 80,000"},
		{claim("nearly ", "80,000", 80000, UnitCount, "approx"), 74000, false, "nearly 80,000"},
		{claim("around ", "80,000", 80000, UnitCount, "approx"), 84000, true, "around 80,000"},
		{claim("around ", "80,000", 80000, UnitCount, "approx"), 86000, false, "around 80,000"},
		{claim("", "£10 billion", 1e10, UnitGBP, "eq"), 10.4e9, true, "£10 billion"},
		{claim("", "£10 billion", 1e10, UnitGBP, "eq"), 12.8e9, false, "£10 billion"},
	}
	for _, tt := range tests {
		if got := Consistent(tt.c, tt.stat); got != tt.want {
			t.Errorf("Consistent(%s, %v) = %v", ClaimText(tt.c), tt.stat, got)
		}
		if got := ClaimText(tt.c); got != tt.text {
			t.Errorf("ClaimText = %q, want %q", got, tt.text)
		}
	}
	if !Close(Claim{Value: 78}, 79.378) || Close(Claim{Value: 78}, 84.1) {
		t.Error("Close is not within 5% of the statistic")
	}
}

func TestProjectionKind(t *testing.T) {
	const s100k = "Leading the review, Josh MacAlister called for £2.6 billion over five years to transform the system and prevent the number of children in care – already at record levels – rising above 100,000."
	tests := []struct {
		mention, sentence, want string
	}{
		{"100,000", s100k, ReasonForecast},
		{"£2.6 billion", s100k, ReasonAsk},
		{"£2 billion", "The Review itself calls for £2 billion additional funding for Family Help over five years.", ReasonAsk},
		{"£2.6 billion", "So we will continue to urge the government, in reading and responding to this review, to accept that £2.6 billion request and at least double it.", ReasonAsk},
		{"15", "The suggestion of a windfall tax on the profits of the 15 most profitable care companies may appear to be about bringing profiteering under control.", ReasonProposal},
		{"fifteen", "He suggested some of the money could be raised by a windfall tax on the fifteen largest providers of residential children’s care and foster care.", ReasonProposal},
		{"£2.6 billion", "£2.6 billion over the next five years - however well-intentioned - still cannot outweigh the continued withdrawal of public money.", ReasonProposal},
		{"120,000", "The number of children in care is forecast to reach 120,000 by 2030.", ReasonForecast},
	}
	for _, tt := range tests {
		c := claimIn(TopicSpend, UnitGBP, 1, tt.mention, "", tt.sentence)
		if tt.mention == "100,000" { // the sentence's first figure bounds the words read
			cs := []Claim{{DocumentID: "d", Mention: "£2.6 billion", Sentence: s100k}, {DocumentID: "d", Mention: "100,000", Sentence: s100k}}
			Locate(cs)
			c = cs[1]
		}
		if got := ProjectionKind(c); got != tt.want {
			t.Errorf("%s in %q: %s, want %s", tt.mention, strings.TrimSpace(tt.sentence[:40]), got, tt.want)
		}
	}
}

func TestFindMention(t *testing.T) {
	for _, tt := range []struct {
		sentence, mention string
		want              int
	}{
		{"In 2015, 15 providers", "15", 9},
		{"Some 15,000 and 15 more", "15", 16},
		{"It cost £2.6 billion.", "£2.6 billion", 8},
		{"2150 homes and 150 more", "150", 15},
		{"one in three, not one", "one", 0},
		{"nothing here", "15", -1},
	} {
		if got := findMention(tt.sentence, tt.mention, 0); got != tt.want {
			t.Errorf("findMention(%q, %q) = %d, want %d", tt.sentence, tt.mention, got, tt.want)
		}
	}
}

// The deriver says it reads every dataset a rule's statistic comes from.
func TestNeeds(t *testing.T) {
	uses := map[string]bool{}
	for _, u := range (Deriver{}).Needs() {
		uses[u.Dataset.Name] = true
	}
	for _, r := range Rules {
		if r.Target != nil && !uses[r.Target.Dataset] {
			t.Errorf("rule %s reads %s, which Needs leaves out", r.Name, r.Target.Dataset)
		}
	}
}

// A change rule checks percentages of a change in a count or an amount.
func TestChangeRulesArePercent(t *testing.T) {
	for _, r := range Rules {
		if r.Change && (len(r.Units) != 1 || r.Units[0] != UnitPercent || r.Target == nil || r.Target.Unit == UnitPercent) {
			t.Errorf("rule %s: a change rule compares percent claims with the change of a count or an amount", r.Name)
		}
	}
}
