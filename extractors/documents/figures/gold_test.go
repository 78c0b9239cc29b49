package figures

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

type goldClaim struct {
	DocumentID   string   `json:"document_id"`
	ClaimIndex   int      `json:"claim_index"`
	Mention      string   `json:"mention"`
	Start        *int     `json:"start"`
	End          *int     `json:"end"`
	Value        float64  `json:"value"`
	Unit         string   `json:"unit"`
	Comparator   string   `json:"comparator"`
	PeriodYears  *float64 `json:"period_years"`
	Topic        string   `json:"topic"`
	AttributedTo *string  `json:"attributed_to"`
	IsProjection bool     `json:"is_projection"`
}

const (
	sharedSeeds = "../../../../shared/seeds"
	sharedGold  = "../../../../shared/gold/seeds.jsonl"
)

func loadGold(t testing.TB, path string) map[string][]goldClaim {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	gold := map[string][]goldClaim{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var g goldClaim
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatal(err)
		}
		gold[g.DocumentID] = append(gold[g.DocumentID], g)
	}
	for _, gs := range gold {
		sort.SliceStable(gs, func(i, j int) bool { return gs[i].ClaimIndex < gs[j].ClaimIndex })
	}
	return gold
}

func loadSeeds(t testing.TB, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skipf("no seed texts in %s", dir)
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

// valuesMatch: units equal and values within 0.5%; percentages within 0.1
// points (for percentages derived from fractions).
func valuesMatch(g goldClaim, p Claim) bool {
	if g.Unit != p.Unit {
		return false
	}
	if g.Unit == UnitPercent && math.Abs(g.Value-p.Value) <= 0.1 {
		return true
	}
	return math.Abs(g.Value-p.Value) <= 0.005*math.Abs(g.Value)
}

type score struct {
	tp, fp, fn                    int
	cmpOK, topicOK, periodOK, off int
}

func samePeriod(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) < 1e-6
}

// scoreDocs matches predictions to gold per document (gold in order, each
// to the earliest unmatched prediction with the same unit and value) and
// logs every false positive and negative and every attribute miss.
func scoreDocs(t *testing.T, docs map[string]string, gold map[string][]goldClaim) score {
	var sc score
	ids := make([]string, 0, len(docs))
	for id := range docs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		pred := Extract(docs[id])
		used := make([]bool, len(pred))
		for _, g := range gold[id] {
			k := -1
			for j, p := range pred {
				if !used[j] && valuesMatch(g, p) {
					k = j
					break
				}
			}
			if k < 0 {
				sc.fn++
				t.Logf("FN %s #%d %q value=%v unit=%s", id, g.ClaimIndex, g.Mention, g.Value, g.Unit)
				continue
			}
			used[k] = true
			sc.tp++
			p := pred[k]
			if p.Comparator == g.Comparator {
				sc.cmpOK++
			} else {
				t.Logf("comparator %s %q: got %s want %s", id, g.Mention, p.Comparator, g.Comparator)
			}
			if p.Topic == g.Topic {
				sc.topicOK++
			} else {
				t.Logf("topic %s %q: got %s want %s", id, g.Mention, p.Topic, g.Topic)
			}
			if samePeriod(p.PeriodYears, g.PeriodYears) {
				sc.periodOK++
			} else {
				t.Logf("period %s %q: got %v want %v", id, g.Mention, fmtPtr(p.PeriodYears), fmtPtr(g.PeriodYears))
			}
			if g.Start == nil || (p.Start == *g.Start && p.End == *g.End) {
				sc.off++
			} else {
				t.Logf("offsets %s %q: got [%d,%d) %q want [%d,%d)", id, g.Mention, p.Start, p.End, p.Mention, *g.Start, *g.End)
			}
			if p.IsProjection != g.IsProjection {
				t.Logf("projection (not scored) %s %q: got %v want %v", id, g.Mention, p.IsProjection, g.IsProjection)
			}
			if fmtStr(p.AttributedTo) != fmtStr(g.AttributedTo) {
				t.Logf("attribution (not scored) %s %q: got %s want %s", id, g.Mention, fmtStr(p.AttributedTo), fmtStr(g.AttributedTo))
			}
		}
		for j, p := range pred {
			if !used[j] {
				sc.fp++
				t.Logf("FP %s %q [%d,%d) value=%v unit=%s in %q", id, p.Mention, p.Start, p.End, p.Value, p.Unit, p.Sentence)
			}
		}
	}
	return sc
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

func checkScore(t *testing.T, sc score) {
	t.Helper()
	prec := float64(sc.tp) / math.Max(1, float64(sc.tp+sc.fp))
	rec := float64(sc.tp) / math.Max(1, float64(sc.tp+sc.fn))
	f1 := 0.0
	if prec+rec > 0 {
		f1 = 2 * prec * rec / (prec + rec)
	}
	m := math.Max(1, float64(sc.tp))
	cmpAcc, topAcc, perAcc := float64(sc.cmpOK)/m, float64(sc.topicOK)/m, float64(sc.periodOK)/m
	t.Logf("tp=%d fp=%d fn=%d precision=%.3f recall=%.3f F1=%.3f", sc.tp, sc.fp, sc.fn, prec, rec, f1)
	t.Logf("comparator=%.3f topic=%.3f period_years=%.3f offsets exact %d/%d", cmpAcc, topAcc, perAcc, sc.off, sc.tp)
	if f1 < 0.95 {
		t.Errorf("F1 %.3f < 0.95", f1)
	}
	if cmpAcc < 0.90 {
		t.Errorf("comparator accuracy %.3f < 0.90", cmpAcc)
	}
	if topAcc < 0.90 {
		t.Errorf("topic accuracy %.3f < 0.90", topAcc)
	}
	if sc.off != sc.tp {
		t.Errorf("offsets exact for %d of %d matched claims", sc.off, sc.tp)
	}
}

// TestGold scores Extract against the hand-annotated seed claims, using the
// copies in testdata.
func TestGold(t *testing.T) {
	docs := loadSeeds(t, "testdata")
	gold := loadGold(t, "testdata/seeds.jsonl")
	checkScore(t, scoreDocs(t, docs, gold))
}

// TestGoldShared scores against the originals in ../shared when present and
// checks the testdata copies are byte-for-byte the same.
func TestGoldShared(t *testing.T) {
	if _, err := os.Stat(sharedSeeds); err != nil {
		t.Skip("shared seeds absent")
	}
	docs := loadSeeds(t, sharedSeeds)
	local := loadSeeds(t, "testdata")
	for id, text := range docs {
		if local[id] != text {
			t.Errorf("testdata/%s.txt differs from %s", id, sharedSeeds)
		}
	}
	if _, err := os.Stat(sharedGold); err != nil {
		t.Skip("shared gold absent")
	}
	a, _ := os.ReadFile(sharedGold)
	b, _ := os.ReadFile("testdata/seeds.jsonl")
	if !bytes.Equal(a, b) {
		t.Errorf("testdata/seeds.jsonl differs from %s", sharedGold)
	}
	checkScore(t, scoreDocs(t, docs, loadGold(t, sharedGold)))
}
