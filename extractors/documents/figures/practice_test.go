package figures

import (
	"os"
	"testing"
)

// TestPractice scores Extract against a second hand-annotated article
// (testdata/practice/practice.txt, written for this test and annotated from
// claims.md) with the same scoring and thresholds as TestGold.
func TestPractice(t *testing.T) {
	b, err := os.ReadFile("testdata/practice/practice.txt")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{"practice": string(b)}
	checkScore(t, scoreDocs(t, docs, loadGold(t, "testdata/practice/practice.jsonl")))
}

// TestPracticeWrapped scores the same article hard-wrapped at 72 columns
// (spaces turned into line breaks, so the gold offsets still hold): line
// breaks inside a sentence must not cut its context or its mentions.
func TestPracticeWrapped(t *testing.T) {
	b, err := os.ReadFile("testdata/practice/practice_wrapped.txt")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{"practice": string(b)}
	checkScore(t, scoreDocs(t, docs, loadGold(t, "testdata/practice/practice.jsonl")))
}
