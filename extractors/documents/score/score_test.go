package score

import (
	"bytes"
	"strings"
	"testing"

	"github.com/caredata/caredata/extractors/documents/figures"
)

func claim(value float64, unit, cmp, topic string, start int) figures.Claim {
	return figures.Claim{Figure: figures.Figure{Mention: "m", Value: value, Unit: unit, Comparator: cmp, Start: start, End: start + 1}, Topic: topic}
}

func ptr(i int) *int { return &i }

func TestCompare(t *testing.T) {
	gold := []Gold{
		{DocumentID: "a", ClaimIndex: 0, Mention: "£2.6 billion", Value: 2.6e9, Unit: "GBP", Comparator: "eq", Topic: "spend", Start: ptr(10), End: ptr(11)},
		{DocumentID: "a", ClaimIndex: 1, Mention: "one in three", Value: 33.33, Unit: "percent", Comparator: "eq", Topic: "other"},
		{DocumentID: "a", ClaimIndex: 2, Mention: "£2.6 billion", Value: 2.6e9, Unit: "GBP", Comparator: "approx", Topic: "spend", Start: ptr(50), End: ptr(51)},
		{DocumentID: "b", ClaimIndex: 0, Mention: "15", Value: 15, Unit: "count", Comparator: "eq", Topic: "other"},
	}
	pred := map[string][]figures.Claim{
		"a": {
			claim(2.6e9*1.004, "GBP", "eq", "spend", 10), // within 0.5%
			claim(33.4, "percent", "eq", "other", 20),    // within 0.1 points
			claim(2.6e9, "GBP", "eq", "spend", 49),       // matched second, comparator and offsets wrong
			claim(7, "count", "eq", "other", 70),         // false positive
		},
		"b": {claim(15, "percent", "eq", "other", 1)}, // wrong unit
		"c": {claim(1, "count", "eq", "other", 1)},    // no gold: not scored
	}
	r := Compare(pred, gold)
	if r.TP != 3 || r.FP != 2 || r.FN != 1 {
		t.Fatalf("tp %d fp %d fn %d", r.TP, r.FP, r.FN)
	}
	if r.ComparatorOK != 2 || r.TopicOK != 3 || r.PeriodOK != 3 || r.OffsetsChecked != 2 || r.OffsetsOK != 1 {
		t.Errorf("%+v", r)
	}
	if p, q, f := r.Precision(), r.Recall(), r.F1(); p != 0.6 || q != 0.75 || f < 0.666 || f > 0.667 {
		t.Errorf("P %v R %v F1 %v", p, q, f)
	}
	if strings.Join(r.Unannotated, ",") != "c" {
		t.Errorf("unannotated %v", r.Unannotated)
	}
	var buf bytes.Buffer
	r.Write(&buf)
	for _, s := range []string{"precision 0.600  recall 0.750  F1 0.667", "false negative", "false positive", "gold approx, got eq", "gold 50-51, got 49-50", "not scored (no gold claims): c"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("report lacks %q:\n%s", s, buf.String())
		}
	}
}

func TestLoadGold(t *testing.T) {
	g, err := LoadGold("g.jsonl", strings.NewReader(`{"document_id":"a","claim_index":0,"value":1,"unit":"count"}`+"\n\n"))
	if err != nil || len(g) != 1 {
		t.Fatalf("%v %v", g, err)
	}
	if _, err := LoadGold("g.jsonl", strings.NewReader("{\"document_id\":\"a\"}\n")); err == nil || !strings.Contains(err.Error(), "g.jsonl line 1") {
		t.Errorf("err %v", err)
	}
	if _, err := LoadGold("g.jsonl", strings.NewReader("not json\n")); err == nil {
		t.Error("bad JSON accepted")
	}
}
