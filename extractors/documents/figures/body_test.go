package figures

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const scrapedPage = `Home
News
Jobs 24
Events | Awards 2024 | Magazine | Podcasts

We use cookies to improve your experience. By clicking accept you agree to 3 types of cookies.
Accept all

Care system under strain as numbers rise

By Sam Reporter
Monday, 4 March 2024

There are now 83,630 children in care in England, up 2 per cent on the year before, according to new figures published today.

Councils spent £12.2 billion on children's social care, and almost half of that went on placements run by private providers.

"We need at least 6,000 more foster carers," said Ann Jones, chief executive of the Fostering Network.

Share
Facebook
Twitter
Email

Related articles

Council pays £20,000 a week for one placement
Ofsted rates 12 homes inadequate
Five things we learnt from the review

Sign up to our newsletter for 5 free articles a month

Digital membership
  • Archive of more than 60,000 articles
  • Unlimited access to 40 topic hubs
From £15 / month
Subscribe

© 2024 Example Media Ltd. All rights reserved.`

func TestFurnitureExcluded(t *testing.T) {
	claims := Extract(scrapedPage)
	var got []string
	for _, c := range claims {
		got = append(got, c.Mention)
	}
	want := []string{"83,630", "2 per cent", "£12.2 billion", "half", "6,000"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
	if a := fmtStr(claims[4].AttributedTo); a != "Ann Jones" {
		t.Errorf("6,000 attributed to %s, want Ann Jones", a)
	}
	body := Body(scrapedPage)
	r := []rune(scrapedPage)
	var text strings.Builder
	for _, s := range body {
		text.WriteString(string(r[s.Start:s.End]))
		text.WriteString("\n")
	}
	b := text.String()
	for _, in := range []string{"Care system under strain as numbers rise", "83,630", "Fostering Network"} {
		if !strings.Contains(b, in) {
			t.Errorf("body lacks %q", in)
		}
	}
	for _, out := range []string{"cookies", "Related", "newsletter", "£15", "Subscribe", "Events", "Jobs", "Facebook", "60,000"} {
		if strings.Contains(b, out) {
			t.Errorf("body keeps furniture %q", out)
		}
	}
}

// TestSeedFurniture: the seed pages' trailing furniture is left out and
// their headlines are kept.
func TestSeedFurniture(t *testing.T) {
	for _, c := range []struct{ file, in, out string }{
		{"002_7d838c9a240800e0.txt", "Fundamental shift", "Newsletter"},
		{"002_7d838c9a240800e0.txt", "bite the Government later.", "Video Features"},
		{"003_8480d5271f543c80.txt", "Six things we learnt", "From £15 / month"},
		{"003_8480d5271f543c80.txt", "reach crisis point", "Archive of more than"},
	} {
		data, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		r := []rune(string(data))
		var b strings.Builder
		for _, s := range Body(string(data)) {
			b.WriteString(string(r[s.Start:s.End]))
		}
		if !strings.Contains(b.String(), c.in) {
			t.Errorf("%s: body lacks %q", c.file, c.in)
		}
		if strings.Contains(b.String(), c.out) {
			t.Errorf("%s: body keeps %q", c.file, c.out)
		}
	}
}

func TestBodyEdgeCases(t *testing.T) {
	for _, text := range []string{"", "\n\n", "Subscribe", "one line without prose", "\r\n£5\r\n"} {
		for _, s := range Body(text) {
			if s.Start < 0 || s.End > len([]rune(text)) || s.Start >= s.End {
				t.Errorf("%q: bad span %v", text, s)
			}
		}
	}
	// A page of prose only is all body.
	text := "The council said that 40 children were placed out of area last year, a rise on the year before."
	if b := Body(text); len(b) != 1 || b[0].Start != 0 || b[0].End != len([]rune(text)) {
		t.Errorf("prose page body %v", b)
	}
}

// TestShareBarAtTop: a share bar under the headline does not swallow the
// article that follows it.
func TestShareBarAtTop(t *testing.T) {
	text := "Councils face record demand\n\nShare\nFacebook\nX\nEmail\n\n" +
		"Councils in England looked after 83,840 children in March, the highest number on record.\n\n" +
		"Most read\nCouncil pays £20,000 a week for one placement\nSix charts that explain the care crisis\n"
	var got []string
	for _, c := range Extract(text) {
		got = append(got, c.Mention)
	}
	if strings.Join(got, "|") != "83,840" {
		t.Fatalf("got %q, want [83,840]", got)
	}
}
