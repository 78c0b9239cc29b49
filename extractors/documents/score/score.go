// Package score compares claims extracted from documents with
// hand-annotated gold claims, by the rule of spec/claims.md: a predicted
// claim matches a gold claim of the same document when the units are equal
// and the values agree within 0.5% (percentages, which may be derived from
// fractions, within 0.1 percentage points), gold and predictions being
// paired in order of appearance. Precision, recall and F1 are computed over
// all documents; comparator, topic and period_years as accuracy over the
// matched pairs, with offsets checked where the gold gives them.
package score

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/caredata/caredata/extractors/documents/figures"
)

// Gold is one annotated claim (sentence and offsets may be omitted).
type Gold struct {
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

// LoadGold reads a JSON-lines gold file; name is for messages.
func LoadGold(name string, r io.Reader) ([]Gold, error) {
	var out []Gold
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var g Gold
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", name, line, err)
		}
		if g.DocumentID == "" || g.Unit == "" {
			return nil, fmt.Errorf("%s line %d: document_id and unit are required", name, line)
		}
		out = append(out, g)
	}
	return out, sc.Err()
}

// Miss is a gold claim no prediction matched, or a prediction that matched
// no gold claim, or a matched pair whose fields differ.
type Miss struct {
	DocumentID string
	What       string // "false negative", "false positive", "comparator", "topic", "period_years", "offsets"
	Mention    string
	Detail     string
}

// Report is the outcome of a comparison.
type Report struct {
	TP, FP, FN                      int
	ComparatorOK, TopicOK, PeriodOK int
	OffsetsChecked, OffsetsOK       int
	Unannotated                     []string // documents with predictions but no gold claims: not scored
	Misses                          []Miss
}

// Precision is TP / (TP + FP).
func (r Report) Precision() float64 { return ratio(r.TP, r.TP+r.FP) }

// Recall is TP / (TP + FN).
func (r Report) Recall() float64 { return ratio(r.TP, r.TP+r.FN) }

// F1 is the harmonic mean of precision and recall.
func (r Report) F1() float64 {
	p, q := r.Precision(), r.Recall()
	if p+q == 0 {
		return 0
	}
	return 2 * p * q / (p + q)
}

// Accuracy of a field over the matched pairs.
func (r Report) Accuracy(ok int) float64 { return ratio(ok, r.TP) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Matches reports whether a prediction matches a gold claim's unit and value.
func Matches(g Gold, p figures.Claim) bool {
	if g.Unit != p.Unit {
		return false
	}
	if g.Unit == figures.UnitPercent && math.Abs(g.Value-p.Value) <= 0.1 {
		return true
	}
	return math.Abs(g.Value-p.Value) <= 0.005*math.Abs(g.Value)
}

// Compare scores predictions (by document id) against gold. Documents
// without gold claims are listed as unannotated and not scored.
func Compare(pred map[string][]figures.Claim, gold []Gold) Report {
	var r Report
	byDoc := map[string][]Gold{}
	for _, g := range gold {
		byDoc[g.DocumentID] = append(byDoc[g.DocumentID], g)
	}
	ids := make([]string, 0, len(byDoc))
	for id := range byDoc {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for id := range pred {
		if _, ok := byDoc[id]; !ok && len(pred[id]) > 0 {
			r.Unannotated = append(r.Unannotated, id)
		}
	}
	sort.Strings(r.Unannotated)
	for _, id := range ids {
		gs := byDoc[id]
		sort.SliceStable(gs, func(i, j int) bool { return gs[i].ClaimIndex < gs[j].ClaimIndex })
		ps := pred[id]
		used := make([]bool, len(ps))
		for _, g := range gs {
			k := -1
			for j, p := range ps {
				if !used[j] && Matches(g, p) {
					k = j
					break
				}
			}
			if k < 0 {
				r.FN++
				r.Misses = append(r.Misses, Miss{id, "false negative", g.Mention, fmt.Sprintf("%v %s", g.Value, g.Unit)})
				continue
			}
			used[k] = true
			p := ps[k]
			r.TP++
			if g.Comparator == p.Comparator {
				r.ComparatorOK++
			} else {
				r.Misses = append(r.Misses, Miss{id, "comparator", g.Mention, fmt.Sprintf("gold %s, got %s", g.Comparator, p.Comparator)})
			}
			if g.Topic == p.Topic {
				r.TopicOK++
			} else {
				r.Misses = append(r.Misses, Miss{id, "topic", g.Mention, fmt.Sprintf("gold %s, got %s", g.Topic, p.Topic)})
			}
			if samePeriod(g.PeriodYears, p.PeriodYears) {
				r.PeriodOK++
			} else {
				r.Misses = append(r.Misses, Miss{id, "period_years", g.Mention, fmt.Sprintf("gold %s, got %s", period(g.PeriodYears), period(p.PeriodYears))})
			}
			if g.Start != nil && g.End != nil {
				r.OffsetsChecked++
				if *g.Start == p.Start && *g.End == p.End {
					r.OffsetsOK++
				} else {
					r.Misses = append(r.Misses, Miss{id, "offsets", g.Mention, fmt.Sprintf("gold %d-%d, got %d-%d", *g.Start, *g.End, p.Start, p.End)})
				}
			}
		}
		for j, p := range ps {
			if !used[j] {
				r.FP++
				r.Misses = append(r.Misses, Miss{id, "false positive", p.Mention, fmt.Sprintf("%v %s in %q", p.Value, p.Unit, p.Sentence)})
			}
		}
	}
	return r
}

func samePeriod(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) < 1e-6
}

func period(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

// Write prints the scores, then every miss, for a person to read.
func (r Report) Write(w io.Writer) error {
	_, err := fmt.Fprintf(w, "claims: %d matched, %d false positives, %d false negatives\n"+
		"precision %.3f  recall %.3f  F1 %.3f\n"+
		"on matched pairs: comparator %.3f  topic %.3f  period_years %.3f  offsets exact %d/%d\n",
		r.TP, r.FP, r.FN, r.Precision(), r.Recall(), r.F1(),
		r.Accuracy(r.ComparatorOK), r.Accuracy(r.TopicOK), r.Accuracy(r.PeriodOK), r.OffsetsOK, r.OffsetsChecked)
	if err != nil {
		return err
	}
	for _, m := range r.Misses {
		if _, err := fmt.Fprintf(w, "%s\t%s\t%q\t%s\n", m.DocumentID, m.What, m.Mention, m.Detail); err != nil {
			return err
		}
	}
	if len(r.Unannotated) > 0 {
		_, err = fmt.Fprintf(w, "not scored (no gold claims): %s\n", strings.Join(r.Unannotated, ", "))
	}
	return err
}
