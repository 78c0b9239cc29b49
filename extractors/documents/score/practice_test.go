package score_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPractice scores the recogniser against practice documents written
// for these tests (our own sentences, with figures of the kind the seeds
// state) and annotated from claims.md, with the same scoring and
// thresholds as TestGold: a news article (also hard-wrapped at 72
// columns, spaces turned into line breaks so the gold offsets still hold:
// line breaks inside a sentence must not cut its context or mentions), a
// parliamentary debate, a charity's briefing and a council's press
// release.
func TestPractice(t *testing.T) {
	for _, tc := range []struct{ text, gold string }{
		{"practice.txt", "practice.jsonl"},
		{"practice_wrapped.txt", "practice.jsonl"},
		{"hansard.txt", "hansard.jsonl"},
		{"charity.txt", "charity.jsonl"},
		{"council.txt", "council.jsonl"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			gold := loadGold(t, filepath.Join(testdata, "practice", tc.gold))
			b, err := os.ReadFile(filepath.Join(testdata, "practice", tc.text))
			if err != nil {
				t.Fatal(err)
			}
			checkExtract(t, map[string]string{gold[0].DocumentID: string(b)}, gold)
		})
	}
}
