package figures

import (
	"os"
	"path/filepath"
	"testing"
)

func FuzzRecognise(f *testing.F) {
	for _, s := range []string{
		"£2.6 billion over five years", "one in three", "1/3rd", "150+", "16- and 17-year olds",
		"a third of", "two-thirds", "10 times more", "£1m", "0800 123 456", "2022/23", "\xff£9\n1.",
		scrapedPage,
	} {
		f.Add(s)
	}
	// One seed paragraph rather than whole documents: large inputs make the
	// fuzzer's minimisation crawl.
	if files, _ := filepath.Glob("testdata/*.txt"); len(files) > 0 {
		if b, err := os.ReadFile(files[0]); err == nil && len(b) > 2000 {
			f.Add(string(b[len(b)-2000:]))
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 8<<10 {
			t.Skip("long inputs are covered by the gold and benchmark texts")
		}
		r := []rune(text)
		body := Body(text)
		for _, s := range body {
			if s.Start < 0 || s.End > len(r) || s.Start >= s.End {
				t.Fatalf("bad span %v for %d runes", s, len(r))
			}
		}
		for _, figs := range [][]Figure{Recognise(text, body), Recognise(text, whole(text))} {
			prev := 0
			for _, g := range figs {
				if g.Start < prev || g.End <= g.Start || g.End > len(r) {
					t.Fatalf("figure %q at [%d,%d) out of order/range (prev end %d, %d runes)", g.Mention, g.Start, g.End, prev, len(r))
				}
				if string(r[g.Start:g.End]) != g.Mention {
					t.Fatalf("mention %q != text %q", g.Mention, string(r[g.Start:g.End]))
				}
				if g.SentenceStart < 0 || g.SentenceStart > g.Start {
					t.Fatalf("sentence start %d after figure %d", g.SentenceStart, g.Start)
				}
				prev = g.End
			}
		}
		_ = Extract(text)
	})
}
