package score_test

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caredata/caredata/extractors/documents/figures"
	"github.com/caredata/caredata/extractors/documents/score"
	"github.com/caredata/caredata/sources"
)

// The seed texts and gold claims live with the recogniser they test.
const testdata = "../figures/testdata"

func loadGold(t *testing.T, path string) []score.Gold {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := score.LoadGold(path, f)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func loadSeeds(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed texts in %s: %v", dir, err)
	}
	docs := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[strings.TrimSuffix(filepath.Base(f), ".txt")] = string(b)
	}
	return docs
}

// checkExtract scores figures.Extract on docs against gold with the
// spec's matching rule (score.Compare), logs every miss, and fails below
// the thresholds: F1 0.95, comparator and topic accuracy 0.90,
// offsets exact for every matched claim.
func checkExtract(t *testing.T, docs map[string]string, gold []score.Gold) {
	t.Helper()
	pred := map[string][]figures.Claim{}
	for id, text := range docs {
		pred[id] = figures.Extract(text)
	}
	r := score.Compare(pred, gold)
	var buf bytes.Buffer
	r.Write(&buf)
	t.Log("\n" + buf.String())
	if f1 := r.F1(); f1 < 0.95 {
		t.Errorf("F1 %.3f < 0.95", f1)
	}
	if a := r.Accuracy(r.ComparatorOK); a < 0.90 {
		t.Errorf("comparator accuracy %.3f < 0.90", a)
	}
	if a := r.Accuracy(r.TopicOK); a < 0.90 {
		t.Errorf("topic accuracy %.3f < 0.90", a)
	}
	if r.OffsetsOK != r.OffsetsChecked {
		t.Errorf("offsets exact for %d of %d matched claims", r.OffsetsOK, r.OffsetsChecked)
	}
}

// TestGold scores the recogniser against the hand-annotated seed claims,
// using the copies in the figures package's testdata.
func TestGold(t *testing.T) {
	checkExtract(t, loadSeeds(t, testdata), loadGold(t, filepath.Join(testdata, "seeds.jsonl")))
}

// TestSeedsAreTheEmbeddedDocuments checks that the seed texts the gold
// claims annotate are byte for byte the documents a run reads (the
// embedded sources/documents), so the scores above are the scores of what
// is published.
func TestSeedsAreTheEmbeddedDocuments(t *testing.T) {
	docs := loadSeeds(t, testdata)
	embedded, err := fs.Glob(sources.FS, "documents/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(embedded) != len(docs) {
		t.Errorf("%d embedded documents, %d seed texts in %s", len(embedded), len(docs), testdata)
	}
	for _, p := range embedded {
		b, err := fs.ReadFile(sources.FS, p)
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(path.Base(p), ".txt")
		if text, ok := docs[id]; !ok || text != string(b) {
			t.Errorf("%s/%s.txt differs from the embedded sources/%s (present: %v)", testdata, id, p, ok)
		}
	}
}
