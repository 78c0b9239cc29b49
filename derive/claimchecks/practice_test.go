package claimchecks_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caredata/caredata/schemas"
)

// practiceChecks checks the claims of a practice document (written for
// the recogniser's tests, dated by its dateline) against the shared
// release, with the lookups, as a run does.
func practiceChecks(t *testing.T, name string) map[string]row {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "extractors", "documents", "figures", "testdata", "practice", name))
	if err != nil {
		t.Fatal(err)
	}
	return checkText(t, string(b))
}

// The practice news article of 12 November 2024: changes over the spans
// it states, a share from an incomplete register, spending in the year it
// names, a forecast with a year, and a subset of children that is not the
// total.
func TestPracticeArticle(t *testing.T) {
	got := practiceChecks(t, "practice.txt")
	for _, tc := range []struct {
		mention, verdict string
		value            float64 // 0: not checked
		explains         []string
	}{
		// 83,840 (DfE's 2023 release) against 82,080 a year before, as
		// that release gave it: +2.14%.
		{"2 per cent", schemas.VerdictConsistent, 2.144249512670565, []string{"from 82,080 on 31 March 2022 to 83,840 on 31 March 2023 (2.1%, DfE)"}},
		{"a quarter", schemas.VerdictConsistent, 23.09499339304067, []string{"almost a quarter", "from 68,110 on 31 March 2013 to 83,840 on 31 March 2023 (23.1%"}},
		{"83 per cent", schemas.VerdictClose, 81.72008886067916, []string{"31 March 2024", "that register lists 3,151 of the 3,423"}},
		{"£12.2 billion", schemas.VerdictDiffers, 14454683384, []string{"2023-24"}},
		{"100,000", schemas.VerdictPending, 81770, []string{"31 March 2030 (the year it names, 2030)"}},
		{"3,000", schemas.VerdictNotCheckable, 0, nil},
	} {
		r, ok := got[tc.mention]
		if !ok {
			t.Errorf("%s: no check", tc.mention)
			continue
		}
		if r["verdict"].Str != tc.verdict || (tc.value != 0 && r["statistic_value"].Float != tc.value) {
			t.Errorf("%s: %s %v, want %s %v", tc.mention, r["verdict"].Str, r["statistic_value"].Float, tc.verdict, tc.value)
		}
		for _, s := range tc.explains {
			if !strings.Contains(r["explanation"].Str, s) {
				t.Errorf("%s: explanation lacks %q: %s", tc.mention, s, r["explanation"].Str)
			}
		}
	}
	if d := got["100,000"]["judged_on"]; d.Text(schemas.Date32) != "2030-03-31" {
		t.Errorf("forecast judged on %v", d)
	}
}
