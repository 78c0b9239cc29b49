package score_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPractice scores the recogniser against a second hand-annotated
// article (written for this test and annotated from claims.md) with the
// same scoring and thresholds as TestGold.
func TestPractice(t *testing.T) {
	for _, file := range []string{
		"practice.txt",
		// Hard-wrapped at 72 columns (spaces turned into line breaks, so the
		// gold offsets still hold): line breaks inside a sentence must not
		// cut its context or its mentions.
		"practice_wrapped.txt",
	} {
		t.Run(file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(testdata, "practice", file))
			if err != nil {
				t.Fatal(err)
			}
			checkExtract(t, map[string]string{"practice": string(b)}, loadGold(t, filepath.Join(testdata, "practice", "practice.jsonl")))
		})
	}
}
