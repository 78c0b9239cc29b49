package figures

import "testing"

// Cases written for the generalisation round: ranges, rate denominators,
// scale suffixes, word numbers, hard-wrapped text.
func TestGeneralNumberForms(t *testing.T) {
	cases := []struct {
		text string
		want []want
	}{
		{"Almost a quarter more than a decade earlier were placed out of area.", []want{{"a quarter", 25, UnitPercent, CmpApprox, 0}}},
		{"Around 10-15% of homes were rated inadequate.", []want{{"10", 10, UnitCount, "", 0}, {"15%", 15, UnitPercent, "", 0}}[1:]},
		{"Councils need £2bn-£3bn more each year.", []want{{"£2bn", 2e9, UnitGBP, CmpEq, 1}, {"£3bn", 3e9, UnitGBP, CmpEq, 1}}},
		{"There were between 2,000 and 3,000 children in unregistered homes.", []want{{"2,000", 2000, UnitCount, CmpEq, 0}, {"3,000", 3000, UnitCount, CmpEq, 0}}},
		{"The rate was 70 per 10,000 children last year.", []want{{"70", 70, UnitCount, CmpEq, 0}}},
		{"Pay rose by 10pc in real terms.", []want{{"10pc", 10, UnitPercent, CmpEq, 0}}},
		{"The market is worth £1.2tn across Europe.", []want{{"£1.2tn", 1.2e12, UnitGBP, CmpEq, 0}}},
		{"The home charged £500k for the year.", []want{{"£500k", 5e5, UnitGBP, CmpEq, 0}}},
		{"Half a million children were referred to social care.", []want{{"Half a million", 5e5, UnitCount, CmpEq, 0}}},
		{"Nearly half a million children were referred.", []want{{"half a million", 5e5, UnitCount, CmpApprox, 0}}},
		{"More than a million children needed help.", []want{{"a million", 1e6, UnitCount, CmpGt, 0}}},
		{"Rates of 5 to 10 per cent were common.", []want{{"5", 5, UnitPercent, CmpEq, 0}, {"10 per cent", 10, UnitPercent, CmpEq, 0}}},
	}
	// The 10-15% case: both ends are percentages.
	cases[1].want = []want{{"10", 10, UnitPercent, CmpApprox, 0}, {"15%", 15, UnitPercent, CmpApprox, 0}}
	for _, c := range cases {
		checkFigs(t, c.text, Recognise(c.text, whole(c.text)), c.want)
	}
}

func TestGeneralExclusions(t *testing.T) {
	cases := []string{
		"Tens of thousands of children are waiting.",
		"Dozens of homes have closed.",
		"Hundreds of children were moved.",
		"Support for 16-17 year olds is patchy.",
		"Care leavers aged 16-17 were surveyed.",
		"Support for 16- and 17-year-olds is weaker.",
		"The assessment took between 12 and 16 months.",
		"The wait was 3-6 months on average.",
		"It happened in 2019-2021 as well.",
	}
	for _, text := range cases {
		if got := Recognise(text, whole(text)); len(got) != 0 {
			t.Errorf("%q: want no figures, got %s", text, fmtFigs(got))
		}
	}
}

func TestHardWrapped(t *testing.T) {
	text := "Councils in England have spent more than £1 billion on agency placements\nover five years, and nearly\n40 per cent of children in care are placed out of area, a long way\nfrom home.\n\nA new paragraph."
	got := Recognise(text, Body(text))
	checkFigs(t, text, got, []want{{"£1 billion", 1e9, UnitGBP, CmpGt, 5}, {"40 per cent", 40, UnitPercent, CmpApprox, 0}})
	claims := Extract(text)
	if len(claims) != 2 || claims[1].Topic != TopicChildrenInCare {
		t.Fatalf("claims %+v", claims)
	}
	if claims[0].Sentence != "Councils in England have spent more than £1 billion on agency placements\nover five years, and nearly\n40 per cent of children in care are placed out of area, a long way\nfrom home." {
		t.Errorf("sentence %q", claims[0].Sentence)
	}
}

func TestGeneralClassify(t *testing.T) {
	cases := []classifyCase{
		{"The number of children in care rose to 83,840, according to the Department for Education.", "83,840", TopicChildrenInCare, "Department for Education", false},
		{"Spending on residential care rose by 12 per cent, the Local Government Association said.", "12 per cent", TopicSpend, "Local Government Association", false},
		{"Spending on residential care rose by 12 per cent, said Sarah Jones.", "12 per cent", TopicSpend, "Sarah Jones", false},
		{"The National Audit Office found that 40 per cent of councils overspent.", "40 per cent", TopicOther, "National Audit Office", false},
		{"Figures from Ofsted show 2,900 children's homes were open in March.", "2,900", TopicOther, "Ofsted", false},
		{"The County Councils Network's analysis shows councils spent £4.1 billion on placements.", "£4.1 billion", TopicSpend, "County Councils Network", false},
		{"The Competition and Markets Authority studied the sector. It found that the largest 15 providers made £300 million in profit.", "£300 million", TopicPrivateProvision, "Competition and Markets Authority", false},
		{"The Competition and Markets Authority studied the sector. Its report said 80 per cent of homes are run for profit.", "80 per cent", TopicPrivateProvision, "Competition and Markets Authority", false},
		{"The largest 20 providers run 34 per cent of homes.", "20", TopicPrivateProvision, "", false},
		{"The largest 20 providers run 34 per cent of homes.", "34 per cent", TopicPrivateProvision, "", false},
		{"Around one in five children's homes is rated less than good.", "one in five", TopicOther, "", false},
		{"Private companies run 2,100 children's homes in England.", "2,100", TopicPrivateProvision, "", false},
		{"Some 83 per cent of children's homes are run by private companies.", "83 per cent", TopicPrivateProvision, "", false},
		{"Each area will receive £12 million for family hubs.", "£12 million", TopicSpend, "", false},
		{"The council has been allocated £3 million for fostering.", "£3 million", TopicSpend, "", false},
		{"Kent is awarded £2 million to recruit carers.", "£2 million", TopicSpend, "", false},
		{"The number of children in care is expected to reach 100,000.", "100,000", TopicChildrenInCare, "", true},
		{"The number of children in care could rise to 95,000.", "95,000", TopicChildrenInCare, "", true},
		{"The charity calls for £2 billion a year for early help.", "£2 billion", TopicSpend, "", true},
		{"The council plans to open 200 family hubs by 2030.", "200", TopicOther, "", true},
		{"The rate of children in care was 70 per 10,000 children last year.", "70", TopicChildrenInCare, "", false},
	}
	checkClassify(t, cases)
}

func TestGeneralRegressions(t *testing.T) {
	cases := []struct {
		text string
		want []want
	}{
		{"Spending rose from £3.1 billion in 2010 to £6.9 billion in 2023.", []want{{"£3.1 billion", 3.1e9, UnitGBP, CmpEq, 0}, {"£6.9 billion", 6.9e9, UnitGBP, CmpEq, 0}}},
		{"Children in care were 0.7% of all children, or 70 in every 10,000.", []want{{"0.7%", 0.7, UnitPercent, CmpEq, 0}, {"70 in every 10,000", 0.7, UnitPercent, CmpEq, 0}}},
		{"The contract is worth £2-3 million a year.", []want{{"£2", 2e6, UnitGBP, CmpEq, 1}, {"3 million", 3e6, UnitGBP, CmpEq, 1}}},
		{"They are 2-3 times more likely to be excluded.", []want{{"2", 2, UnitMultiple, CmpEq, 0}, {"3 times", 3, UnitMultiple, CmpEq, 0}}},
		{"Some 2.5 to 3 million children live in poverty.", []want{{"2.5", 2.5e6, UnitCount, CmpApprox, 0}, {"3 million", 3e6, UnitCount, CmpApprox, 0}}},
		{"The home has room for 4 to 6 children aged 12 to 17.", []want{{"4", 4, UnitCount, CmpEq, 0}, {"6", 6, UnitCount, CmpEq, 0}}},
		{"Councils spent £12.2\nbillion on placements, nearly\n40 per\ncent of it on private homes.", []want{{"£12.2\nbillion", 12.2e9, UnitGBP, CmpEq, 0}, {"40 per\ncent", 40, UnitPercent, CmpApprox, 0}}},
	}
	for _, c := range cases {
		checkFigs(t, c.text, Recognise(c.text, whole(c.text)), c.want)
	}
	for _, text := range []string{
		"Spending rose between 2015 and 2020 in most areas.",
		"The service felt a million miles away. It was one in a million.",
		"Children aged 16–17 and those aged 16 to 17 were affected, as were 16-17 year olds.",
		"The report covers 2019-20 to 2022-23.",
		"Wait times of 6-8 weeks were common.",
	} {
		if got := Recognise(text, whole(text)); len(got) != 0 {
			t.Errorf("%q: want no figures, got %s", text, fmtFigs(got))
		}
	}
	for _, c := range []struct{ text, mention, attributed string }{
		{"Council spending has risen by £2.8bn since 2010-11, said the Institute for Fiscal Studies.", "£2.8bn", "Institute for Fiscal Studies"},
		{"Ofsted figures show that one in five children's homes is rated less than good.", "one in five", "Ofsted"},
		{"Analysis by the Children's Commissioner found that 84 children were placed far away.", "84", "Children's Commissioner"},
	} {
		for _, cl := range Extract(c.text) {
			if cl.Mention == c.mention && fmtStr(cl.AttributedTo) != c.attributed {
				t.Errorf("%q: attributed %s, want %s", c.text, fmtStr(cl.AttributedTo), c.attributed)
			}
		}
	}
	if cl := Extract("Ministers have pledged to create 1,000 new places."); len(cl) != 1 || !cl[0].IsProjection {
		t.Errorf("pledge: %+v", cl)
	}
	if cl := Extract("Around 10-15% of homes were rated inadequate."); len(cl) != 2 || cl[0].Subject != "homes" {
		t.Errorf("range subject: %+v", cl)
	}
}

func TestGeneralRegressions2(t *testing.T) {
	text := "Social workers' caseloads average 16 children, up from 15 in 2019."
	checkFigs(t, text, Recognise(text, whole(text)), []want{{"16", 16, UnitCount, CmpEq, 0}, {"15", 15, UnitCount, CmpEq, 0}})
	for _, c := range []struct{ text, mention, attributed string }{
		{"The Department for Education spent £82m on the Staying Put programme. It says 2,500 young people benefited.", "2,500", "Department for Education"},
		{"The National Children's Bureau (NCB) warns that 1.5 million children are in need.", "1.5 million", "National Children's Bureau"},
	} {
		found := false
		for _, cl := range Extract(c.text) {
			if cl.Mention == c.mention {
				found = true
				if fmtStr(cl.AttributedTo) != c.attributed {
					t.Errorf("%q: attributed %s, want %s", c.text, fmtStr(cl.AttributedTo), c.attributed)
				}
			}
		}
		if !found {
			t.Errorf("%q: no claim %q", c.text, c.mention)
		}
	}
}

func TestGeneralClauses(t *testing.T) {
	cl := Extract("Nine out of 10 councils overspent, and children in care are 2.5 times more likely to move.")
	if len(cl) != 2 || cl[0].Topic != TopicOther || cl[1].Topic != TopicChildrenInCare {
		t.Errorf("clauses: %+v", cl)
	}
	// Lines of a page that is not hard-wrapped stay apart: a headline is
	// not joined to its standfirst or byline.
	text := "Private children's homes making £300m a year in profits, study finds\nExclusive: Analysis shows 10 largest providers took 20% profit margins while councils struggled\nJane Doe Social affairs correspondent\n\nThe 10 largest private providers of children's homes in England made £300m in profits last year, according to an analysis by the Local Government Association. It is a rise of 5% on the year before and the highest on record, analysts said."
	for _, c := range Extract(text) {
		if c.Mention == "£300m" && c.Start < 60 && c.Sentence != "Private children's homes making £300m a year in profits, study finds" {
			t.Errorf("headline sentence %q", c.Sentence)
		}
		if c.Mention == "20%" && c.Subject != "profit margins while councils struggled" {
			t.Errorf("standfirst subject %q", c.Subject)
		}
	}
}

func TestMillionPound(t *testing.T) {
	text := "It signed a million-pound contract."
	checkFigs(t, text, Recognise(text, whole(text)), []want{{"a million-pound", 1e6, UnitGBP, CmpEq, 0}})
}

// Cases from the practice debate and briefing (issue 17): a noun between
// a proportion's numbers, a fraction before a verb, "pass" as more than,
// and placement words that only children in care have.
func TestPracticeForms(t *testing.T) {
	cases := []struct {
		text string
		want []want
	}{
		{"One child in ten is placed more than 20 miles from home.", []want{{"One child in ten", 10, UnitPercent, CmpEq, 0}}},
		{"One home in four was rated good.", []want{{"One home in four", 25, UnitPercent, CmpEq, 0}}},
		{"Our survey found that a third are thinking of leaving.", []want{{"a third", 33.33, UnitPercent, CmpEq, 0}}},
		{"A quarter said they had no support.", []want{{"A quarter", 25, UnitPercent, CmpEq, 0}}},
		{"The review warned it would pass 100,000 by 2032.", []want{{"100,000", 100000, UnitCount, CmpGt, 0}}},
	}
	for _, c := range cases {
		checkFigs(t, c.text, Recognise(c.text, whole(c.text)), c.want)
	}
	for _, c := range []struct{ text, topic string }{
		{"One child in ten is placed more than 20 miles from home.", TopicChildrenInCare},
		{"Some 3,000 children were living in unregulated accommodation.", TopicChildrenInCare},
		{"A third of placements were out of area.", TopicChildrenInCare},
		{"The council looks after 1,150 children.", TopicChildrenInCare},
	} {
		claims := Extract(c.text)
		if len(claims) != 1 || claims[0].Topic != c.topic {
			t.Errorf("%q: claims %+v, want one of topic %s", c.text, claims, c.topic)
		}
	}
}
