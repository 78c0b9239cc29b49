package figures

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func whole(text string) []Span { return []Span{{0, utf8.RuneCountInString(text)}} }

type want struct {
	mention string
	value   float64
	unit    string
	cmp     string
	period  float64 // 0 = nil
}

func fmtFigs(fs []Figure) string {
	var b strings.Builder
	for _, f := range fs {
		p := "nil"
		if f.PeriodYears != nil {
			p = fmt.Sprint(*f.PeriodYears)
		}
		fmt.Fprintf(&b, "[%q %v %s %s %s] ", f.Mention, f.Value, f.Unit, f.Comparator, p)
	}
	return b.String()
}

func checkFigs(t *testing.T, text string, got []Figure, ws []want) {
	t.Helper()
	if len(got) != len(ws) {
		t.Fatalf("%q:\n got %d figures %s\nwant %d %v", text, len(got), fmtFigs(got), len(ws), ws)
	}
	r := []rune(text)
	for i, w := range ws {
		g := got[i]
		if g.Mention != w.mention || string(r[g.Start:g.End]) != g.Mention {
			t.Errorf("%q: figure %d mention %q [%d,%d), want %q", text, i, g.Mention, g.Start, g.End, w.mention)
		}
		if diff := g.Value - w.value; diff > 1e-6 || diff < -1e-6 {
			t.Errorf("%q: %q value %v, want %v", text, g.Mention, g.Value, w.value)
		}
		if g.Unit != w.unit {
			t.Errorf("%q: %q unit %s, want %s", text, g.Mention, g.Unit, w.unit)
		}
		if w.cmp != "" && g.Comparator != w.cmp {
			t.Errorf("%q: %q comparator %s, want %s", text, g.Mention, g.Comparator, w.cmp)
		}
		switch {
		case w.period == 0 && g.PeriodYears != nil:
			t.Errorf("%q: %q period %v, want nil", text, g.Mention, *g.PeriodYears)
		case w.period != 0 && (g.PeriodYears == nil || *g.PeriodYears != w.period):
			t.Errorf("%q: %q period %v, want %v", text, g.Mention, fmtPtr(g.PeriodYears), w.period)
		}
	}
}

func TestNumberForms(t *testing.T) {
	cases := []struct {
		text string
		want []want
	}{
		{"The review called for £2.6 billion over five years.", []want{{"£2.6 billion", 2.6e9, UnitGBP, CmpEq, 5}}},
		{"Councils received £1m last spring.", []want{{"£1m", 1e6, UnitGBP, CmpEq, 0}}},
		{"Providers made £15bn in revenue.", []want{{"£15bn", 15e9, UnitGBP, CmpEq, 0}}},
		{"The scheme costs £500k per year.", []want{{"£500k", 5e5, UnitGBP, CmpEq, 1}}},
		{"Spending reached £10.4 billion a year by then.", []want{{"£10.4 billion", 10.4e9, UnitGBP, CmpEq, 1}}},
		{"An extra £45 million annually will go to councils.", []want{{"£45 million", 45e6, UnitGBP, CmpEq, 1}}},
		{"It is backed by £100 million over the last two years alone.", []want{{"£100 million", 1e8, UnitGBP, CmpEq, 2}}},
		{"A £3,500 grant was paid to each carer.", []want{{"£3,500", 3500, UnitGBP, CmpEq, 0}}},
		{"There are now 82,170 children in care in England.", []want{{"82,170", 82170, UnitCount, CmpEq, 0}}},
		{"The number of children in care could rise above 100,000.", []want{{"100,000", 1e5, UnitCount, CmpGt, 0}}},
		{"Around 2.5 million children live in poverty.", []want{{"2.5 million", 2.5e6, UnitCount, CmpApprox, 0}}},
		{"Fifteen providers run most homes.", []want{{"Fifteen", 15, UnitCount, CmpEq, 0}}},
		{"The seventy-five areas will receive funding.", []want{{"seventy-five", 75, UnitCount, CmpEq, 0}}},
		{"One hundred councils replied.", []want{{"One hundred", 100, UnitCount, CmpEq, 0}}},
		{"Some 150+ commissioners buy placements.", []want{{"150+", 150, UnitCount, CmpGe, 0}}},
		{"78 per cent of homes are private.", []want{{"78 per cent", 78, UnitPercent, CmpEq, 0}}},
		{"The workforce grew by 14% since 2017.", []want{{"14%", 14, UnitPercent, CmpEq, 0}}},
		{"Nearly 40 percent of placements are out of area.", []want{{"40 percent", 40, UnitPercent, CmpApprox, 0}}},
		{"Ten per cent of leavers are homeless.", []want{{"Ten per cent", 10, UnitPercent, CmpEq, 0}}},
		{"Workers spend less than a third of their time with families.", []want{{"a third", 33.33, UnitPercent, CmpLt, 0}}},
		{"Workers spend just one third of their time with families.", []want{{"one third", 33.33, UnitPercent, CmpEq, 0}}},
		{"Two-thirds of councils overspent.", []want{{"Two-thirds", 66.67, UnitPercent, CmpEq, 0}}},
		{"Almost three quarters of homes are private.", []want{{"three quarters", 75, UnitPercent, CmpApprox, 0}}},
		{"More than half of children were moved.", []want{{"half", 50, UnitPercent, CmpGt, 0}}},
		{"A quarter of carers are over 60.", []want{{"A quarter", 25, UnitPercent, CmpEq, 0}}},
		{"One in three social workers left.", []want{{"One in three", 33.33, UnitPercent, CmpEq, 0}}},
		{"About 1 in 5 children were affected.", []want{{"1 in 5", 20, UnitPercent, CmpApprox, 0}}},
		{"less than 1/3rd of their time is spent with families", []want{{"1/3rd", 33.33, UnitPercent, CmpLt, 0}}},
		{"Children there are 10 times more likely to be on a plan.", []want{{"10 times", 10, UnitMultiple, CmpEq, 0}}},
		{"They are three times as likely to be excluded.", []want{{"three times", 3, UnitMultiple, CmpEq, 0}}},
		{"At least £3.4 billion is needed.", []want{{"£3.4 billion", 3.4e9, UnitGBP, CmpGe, 0}}},
		{"Up to 500 places will be created.", []want{{"500", 500, UnitCount, CmpLe, 0}}},
		{"Fewer than 200 homes were inspected.", []want{{"200", 200, UnitCount, CmpLt, 0}}},
		{"Over 1,000 people responded.", []want{{"1,000", 1000, UnitCount, CmpGt, 0}}},
		{"50 councils or more took part.", []want{{"50", 50, UnitCount, CmpGe, 0}}},
		{"It fell from 150 to around 20 buyers.", []want{{"150", 150, UnitCount, CmpEq, 0}, {"20", 20, UnitCount, CmpApprox, 0}}},
		{"2.6 billion pounds was requested.", []want{{"2.6 billion pounds", 2.6e9, UnitGBP, CmpEq, 0}}},
		{"Pay rose 10pc last year.", []want{{"10pc", 10, UnitPercent, CmpEq, 0}}},
		{"Some 2.5m children live in poverty.", []want{{"2.5m", 2.5e6, UnitCount, CmpApprox, 0}}},
		{"Fees of £10,000-£15,000 a week were paid.", []want{{"£10,000", 1e4, UnitGBP, CmpEq, 1.0 / 52}, {"£15,000", 1.5e4, UnitGBP, CmpEq, 1.0 / 52}}},
		{"It wants £1.5bn-a-year for councils.", []want{{"£1.5bn", 1.5e9, UnitGBP, CmpEq, 1}}},
		{"Four out of five councils overspent.", []want{{"Four out of five", 80, UnitPercent, CmpEq, 0}}},
		{"Nine in every ten homes were rated good.", []want{{"Nine in every ten", 90, UnitPercent, CmpEq, 0}}},
		{"A one-in-three chance of moving.", []want{{"one-in-three", 33.33, UnitPercent, CmpEq, 0}}},
		{"The rate rose to 71 per 10,000 children.", []want{{"71", 71, UnitCount, CmpEq, 0}}},
		{"Placements cost upwards of £10,000 a week.", []want{{"£10,000", 10000, UnitGBP, CmpGt, 1.0 / 52}}},
		{"Providers made profits of £1.2trn, or £300 million each year.", []want{{"£1.2trn", 1.2e12, UnitGBP, CmpEq, 0}, {"£300 million", 3e8, UnitGBP, CmpEq, 1}}},
		{"Between £50,000 and £100,000 was paid.", []want{{"£50,000", 5e4, UnitGBP, CmpEq, 0}, {"£100,000", 1e5, UnitGBP, CmpEq, 0}}},
	}
	for _, c := range cases {
		checkFigs(t, c.text, Recognise(c.text, whole(c.text)), c.want)
	}
}

func TestExclusions(t *testing.T) {
	cases := []string{
		// dates and years
		"The review was published in 2022.",
		"Funding for 2022/23 was confirmed.",
		"Send feedback on or before 13 August.",
		"Published on Friday, June 18, 2021.",
		"The report is due in Spring 2022.",
		"Earlier reviews (DfE, 2018) did not lead to change.",
		"Residential care was reviewed (2016, DfE) too.",
		"Spending rose in the 1990s.",
		"The 2019-20 figures were late.",
		// ages
		"Care for children under 16 and support for others.",
		"Support for 16- and 17-year olds is weaker.",
		"Care leavers can stay put to the age of 23.",
		"It is like a 30-year-old tower of Jenga.",
		"Placements for under 16s were banned.",
		"Children aged 13 and under were placed there.",
		"Standards for those aged 16 to 18 are planned.",
		"Care for all children, up to 18.",
		"The needs of young people after 18, including housing.",
		"Homes for 16 and 17 years would be removed.",
		"He is a 45 year old father.",
		// durations
		"The review will take between 12 and 16 months to complete.",
		"It undoes more than 30 years of work.",
		"A White Paper is due within the next six months.",
		"Nothing changed over the past two decades.",
		"Councils overspent every year for the last five years.",
		"Those three years of reinvestment never came.",
		"A five-year plan was agreed.",
		// identifiers and citations
		"Section 17 of the Children Act 1989 applies.",
		"Carolyne Willow, director of Article 39, spoke.",
		"See Table 6a and note 3 for details.",
		"Call us on 020 7946 0000 for advice.",
		"Ring 0800 123 456 today.",
		"Pupils in Year 6 were surveyed.",
		"Under Recommendation 12 councils must act.",
		"The fix is in version 2.1.3 of the app.",
		"It was agreed at 10:30 this morning.",
		"Evidence is strong [12] and growing.",
		// ordinals
		"The first report was published by the review.",
		"It came 2nd in the ranking.",
		"A third party will run it.",
		"It is the third time this has happened.",
		// "one" as determiner or pronoun, idioms
		"It cannot be delivered by one service or professional alone.",
		"It is one of many areas.",
		"A selective one-off tax was proposed.",
		"Tax should only be heavy in one year.",
		"Advocacy, and one which members campaigned for.",
		"Reform and investment go hand in hand – one will not work without the other.",
		"It is a once in a generation opportunity.",
		"The review heard time and time again about inspection.",
		"The many thousands of kinship carers deserve support.",
		"Investing millions in programmes helps.",
		"They will at least double it.",
		"The first half of the year was hard.",
		"A two-tier system and a three-way split emerged.",
		"Visits happen three times a week.",
		"Children's homes rated 4G were mentioned.",
		"Pupils in Years 7 to 11 were surveyed.",
		"The wall is 5m high.",
		"Supported accommodation for 16+ young people.",
		"Children aged between 10 and 17 were included.",
		"Children under 18 should never be placed there.",
		"Many carers are over 60.",
		"Care leavers aged 19-21 were surveyed.",
		"The meeting starts at 9 am sharp.",
		"Children live more than 20 miles from home.",
		"Ofsted (2023) Main findings, p. 14.",
		"It was referred to Number 10 for a decision.",
		"Covid-19 hit services hard.",
		"Write to Room 101 or visit www.example.org/2023/04/report.",
		"Download the report (PDF, 2.3MB).",
	}
	for _, text := range cases {
		if got := Recognise(text, whole(text)); len(got) != 0 {
			t.Errorf("%q: want no figures, got %s", text, fmtFigs(got))
		}
	}
}

func TestListNumbering(t *testing.T) {
	text := "Plans:\n1. Recruit 500 foster carers.\n2) Open 20 hubs.\n"
	checkFigs(t, text, Recognise(text, whole(text)), []want{
		{"500", 500, UnitCount, CmpEq, 0}, {"20", 20, UnitCount, CmpEq, 0},
	})
}

func TestRecogniseOffsetsNonASCII(t *testing.T) {
	text := "“Children’s homes” – £2.6 billion… and 78 per cent."
	got := Recognise(text, whole(text))
	checkFigs(t, text, got, []want{{"£2.6 billion", 2.6e9, UnitGBP, CmpEq, 0}, {"78 per cent", 78, UnitPercent, CmpEq, 0}})
	if got[0].Start != 21 {
		t.Errorf("start %d, want 21 (code points)", got[0].Start)
	}
}

func TestRecogniseOnlyInBody(t *testing.T) {
	text := "Menu 5 items\nThere are 300 homes.\nFrom £15 / month"
	r := []rune(text)
	start := strings.Index(text, "There")
	body := []Span{{start, start + len([]rune("There are 300 homes."))}}
	got := Recognise(text, body)
	if len(got) != 1 || got[0].Mention != "300" || string(r[got[0].Start:got[0].End]) != "300" {
		t.Fatalf("got %s", fmtFigs(got))
	}
}

func TestSentence(t *testing.T) {
	text := "Dr. Smith spoke. The review found that 40 per cent of homes are private (Ofsted, 2021). Next sentence."
	got := Recognise(text, whole(text))
	if len(got) != 1 {
		t.Fatalf("got %s", fmtFigs(got))
	}
	want := "The review found that 40 per cent of homes are private (Ofsted, 2021)."
	if got[0].Sentence != want {
		t.Errorf("sentence %q, want %q", got[0].Sentence, want)
	}
	if r := []rune(text); string(r[got[0].SentenceStart:got[0].SentenceStart+len([]rune(want))]) != want {
		t.Errorf("sentence start %d wrong", got[0].SentenceStart)
	}
}

func TestClassify(t *testing.T) {
	cases := []classifyCase{
		{"There are now 82,170 children in care in England.", "82,170", TopicChildrenInCare, "", false},
		{"Private providers run 83 per cent of children's homes.", "83 per cent", TopicPrivateProvision, "", false},
		{"The ten largest providers made profits of £300 million.", "£300 million", TopicPrivateProvision, "", false},
		{"The ten largest providers made profits of £300 million.", "ten", TopicPrivateProvision, "", false},
		{"Councils spent £10.4 billion on children's services.", "£10.4 billion", TopicSpend, "", false},
		{"There are 32,500 child and family social workers.", "32,500", TopicWorkforce, "", false},
		{"Agency staff make up 17.6 per cent of the workforce.", "17.6 per cent", TopicWorkforce, "", false},
		{"Seven areas will receive funding for family hubs.", "Seven", TopicOther, "", false},
		{"Jane Smith, chief executive of the charity, said 40 per cent of carers struggle.", "40 per cent", TopicOther, "Jane Smith", false},
		{"According to Ofsted, 300 homes closed.", "300", TopicOther, "Ofsted", false},
		{"The report notes that 20 per cent of areas improved.", "20 per cent", TopicOther, "the report", false},
		{"In its review of children's social care, the report notes that 20 per cent of areas improved.", "20 per cent", TopicOther, reviewName, false},
		{"The review calls for £2 billion for Family Help over five years, in a review of children's social care.", "£2 billion", TopicSpend, reviewName, true},
		{"The number of children in care would rise above 100,000 by 2032.", "100,000", TopicChildrenInCare, "", true},
		{"The Association of Directors of Children's Services (ADCS) estimates that councils overspent by £800 million.", "£800 million", TopicSpend, "Association of Directors of Children's Services", false},
		{"It wants the government to provide £1.5bn a year.", "£1.5bn", TopicSpend, "", true},
		{"Around 6,500 children were in residential care.", "6,500", TopicChildrenInCare, "", false},
		{"Seven areas of England will also receive funding to set up family hubs.", "Seven", TopicOther, "", false},
		{"The Government has highlighted that the seven new areas will build on a network.", "seven", TopicOther, "UK Government", false},
		{"\"We need 6,000 more foster carers,\" said Ann Jones.", "6,000", TopicOther, "Ann Jones", false},
		{"Josh MacAlister spoke first. He said 300 homes had closed.", "300", TopicOther, "Josh MacAlister", false},
	}
	checkClassify(t, cases)
}

// classifyCase is one sentence and what Classify must say of one of its figures.
type classifyCase struct {
	text, mention, topic string
	attributed           string // "" = nil
	projection           bool
}

// checkClassify extracts each case's text and checks the named figure's
// topic, attribution and projection.
func checkClassify(t *testing.T, cases []classifyCase) {
	t.Helper()
	for _, c := range cases {
		claims := Extract(c.text)
		var got *Claim
		for i := range claims {
			if claims[i].Mention == c.mention {
				got = &claims[i]
			}
		}
		if got == nil {
			t.Errorf("%q: no claim %q", c.text, c.mention)
			continue
		}
		if got.Topic != c.topic {
			t.Errorf("%q %q: topic %s, want %s", c.text, c.mention, got.Topic, c.topic)
		}
		if a := fmtStr(got.AttributedTo); (c.attributed == "" && a != "null") || (c.attributed != "" && a != c.attributed) {
			t.Errorf("%q %q: attributed %s, want %q", c.text, c.mention, a, c.attributed)
		}
		if got.IsProjection != c.projection {
			t.Errorf("%q %q: projection %v, want %v", c.text, c.mention, got.IsProjection, c.projection)
		}
	}
}

func fmtPtr(p *float64) any {
	if p == nil {
		return "null"
	}
	return *p
}

func fmtStr(p *string) string {
	if p == nil {
		return "null"
	}
	return *p
}
