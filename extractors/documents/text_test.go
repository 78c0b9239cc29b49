package documents

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/caredata/caredata/sources"
)

// The test page has navigation, a cookie banner, a newsletter block, a
// related-articles list, share buttons and a footer full of numbers;
// only the article's text must come out, headline included.
func TestReadHTML(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read("article.html", b)
	if err != nil {
		t.Fatal(err)
	}
	want := "Six figures from the Care Review\n\nBy A Reporter, 23 May 2022\n\n" +
		"The review says councils spent £10 billion on children's social care last year.\n\n" +
		"There are now more than 80,000 children in care in England, and 78 per cent of children's homes are run by private providers.\n\n" +
		"It calls for £2.6 billion over five years.\nReform would take a decade."
	if d.Text != want {
		t.Errorf("text:\n%q\nwant\n%q", d.Text, want)
	}
	for _, furniture := range []string{"cookies", "Subscribe", "Related", "Share", "newsletter", "020 7946", "pageviews", "width"} {
		if strings.Contains(d.Text, furniture) {
			t.Errorf("furniture %q kept", furniture)
		}
	}
	if d.Title != "Care Review: councils' spending on children's homes | Example News" {
		t.Errorf("title %q", d.Title)
	}
	if d.Published != "2022-05-23" {
		t.Errorf("published %q", d.Published)
	}
}

func TestReadHTMLWithoutArticle(t *testing.T) {
	page := `<html><body><nav>Menu 1 2 3</nav><div class="content"><h2>Spending</h2><p>Councils spent <b>£10bn</b>.</p></div><footer>Page 2 of 9</footer></body></html>`
	d, err := Read("x.htm", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != "Spending\n\nCouncils spent £10bn." {
		t.Errorf("text %q", d.Text)
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"utf-8 with BOM", []byte("\ufeff£2.6 billion"), "£2.6 billion"},
		{"utf-8", []byte("78 per cent – “quoted”"), "78 per cent – “quoted”"},
		{"windows-1252", []byte{0xa3, '5', ' ', 0x96, ' ', 0x93, 'x', 0x94}, "£5 – “x”"},
	}
	for _, tt := range tests {
		if got := Decode(tt.in); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestReadText(t *testing.T) {
	d, err := Read("doc.txt", []byte("\n  Title line  \nBody 12.\n"))
	if err != nil || d.Title != "Title line" || d.Text != "\n  Title line  \nBody 12.\n" {
		t.Errorf("%+v %v", d, err)
	}
}

func FuzzReadHTML(f *testing.F) {
	b, _ := os.ReadFile(filepath.Join("testdata", "article.html"))
	f.Add(b)
	f.Add([]byte("<p>a<br>b</p><article><header>h</header>x</article>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Read("f.html", data)
		if err != nil {
			return
		}
		if !utf8.ValidString(d.Text) {
			t.Fatalf("text is not UTF-8: %q", d.Text)
		}
		if again, _ := Read("f.html", data); again != d {
			t.Fatalf("two reads differ")
		}
		// A script's code is never text: mark one and look for the mark.
		marked, err := Read("f.html", append([]byte("<script>zqxjmark</script>"), data...))
		if err == nil && strings.Contains(marked.Text, "zqxjmark") {
			t.Fatalf("script kept: %q", marked.Text)
		}
	})
}

// A text file's date: front matter (not part of the text the offsets
// count), or a dateline among its first lines, as the seeds have.
func TestTextPublished(t *testing.T) {
	seed, err := sources.FS.ReadFile("documents/003_8480d5271f543c80.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, in, text, title, published string
	}{
		{"seed dateline", string(seed), string(seed), "Care Review: Six things we learnt from the Case for Change", "2021-06-18"},
		{"front matter", "---\ntitle: The Case for Change\npublished: 2021-06-17\n---\nThe review found 80,000 children in care.\n",
			"The review found 80,000 children in care.\n", "The Case for Change", "2021-06-17"},
		{"front matter, CRLF", "---\r\ndate: '2022-05-23'\r\n---\r\nBody.\r\n", "Body.\r\n", "Body.", "2022-05-23"},
		{"British dateline", "Headline\n\n23 May 2022\n\nBody", "Headline\n\n23 May 2022\n\nBody", "Headline", "2022-05-23"},
		{"published prefix", "Headline\nPublished 2 Feb 2023\nBody", "Headline\nPublished 2 Feb 2023\nBody", "Headline", "2023-02-02"},
		{"a date inside a sentence is not a dateline", "Headline\nOn 23 May 2022 the review reported.\n", "Headline\nOn 23 May 2022 the review reported.\n", "Headline", ""},
		{"a dateline too far down", "H\n\n\n\n\n\n\n\n\n\n\n23 May 2022\n", "H\n\n\n\n\n\n\n\n\n\n\n23 May 2022\n", "H", ""},
		{"no such date", "---\npublished: 2021-13-45\n---\nBody", "Body", "Body", ""},
		{"unclosed front matter is text", "---\ntitle: x\nBody", "---\ntitle: x\nBody", "---", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read("doc.txt", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if d.Text != tc.text || d.Title != tc.title || d.Published != tc.published {
				t.Errorf("got text %q title %q published %q; want %q %q %q", d.Text, d.Title, d.Published, tc.text, tc.title, tc.published)
			}
		})
	}
}

// FuzzReadText reads arbitrary text files: valid UTF-8 text that is the
// file's text or its tail after front matter, and a date that is a real
// YYYY-MM-DD or nothing.
func FuzzReadText(f *testing.F) {
	f.Add([]byte("---\ntitle: t\npublished: 2021-06-18\n---\nBody 80,000.\n"))
	f.Add([]byte("Headline\nFriday, June 18, 2021\n\nBody"))
	f.Add([]byte("---\r\n---\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Read("f.txt", data)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.ValidString(d.Text) || !strings.HasSuffix(Decode(data), d.Text) {
			t.Fatalf("text %q is not the file's text or its tail", d.Text)
		}
		if d.Published != "" {
			if _, err := time.Parse("2006-01-02", d.Published); err != nil {
				t.Fatalf("published %q", d.Published)
			}
		}
	})
}
