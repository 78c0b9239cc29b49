package documents

import (
	"fmt"

	"path"
	"regexp"
	"strings"
	"time"

	"github.com/caredata/caredata/extractors/charset"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Document is a document's extracted text with what the file says about it.
type Document struct {
	Text      string // what claims' offsets refer to
	Title     string
	Published string // YYYY-MM-DD, or "" when the file does not say
}

// Decode turns a file's bytes into text: UTF-8 (a byte-order mark is not
// text), or Windows-1252 for files saved by older tools (package charset).
func Decode(b []byte) string {
	s, err := charset.Decode(b, "")
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(s)
}

// IsHTML reports whether a file is read as HTML, by its extension.
func IsHTML(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return true
	}
	return false
}

// Read extracts a document from a file's bytes: plain text as decoded, or
// the article of an HTML page. A text file may start with front matter
// between two "---" lines ("title: …", "published: YYYY-MM-DD"), which is
// not part of the text; otherwise its title is the first line and its date
// a dateline among the first lines ("Friday, June 18, 2021", "23 May 2022").
func Read(name string, b []byte) (Document, error) {
	text := Decode(b)
	if !IsHTML(name) {
		text, fm := frontMatter(text)
		d := Document{Text: text, Title: fm["title"], Published: isoDate(firstNonEmpty(fm["published"], fm["date"]))}
		lines := strings.Split(text, "\n")
		for _, line := range lines {
			if t := strings.TrimSpace(line); t != "" && d.Title == "" {
				d.Title = t
				break
			}
		}
		if d.Published == "" {
			d.Published = dateline(lines)
		}
		return d, nil
	}
	return readHTML(text)
}

// frontMatter splits a leading "---" block of "key: value" lines from the
// text.
func frontMatter(text string) (string, map[string]string) {
	fm := map[string]string{}
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		rest, ok = strings.CutPrefix(text, "---\r\n")
	}
	if !ok {
		return text, fm
	}
	block, body, ok := strings.Cut(rest, "\n---")
	if !ok {
		return text, fm
	}
	for _, line := range strings.Split(block, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			fm[strings.ToLower(strings.TrimSpace(k))] = strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	body = strings.TrimPrefix(strings.TrimPrefix(body, "\r"), "\n")
	return strings.TrimPrefix(body, "\r\n"), fm
}

// datelineLayouts are the ways a byline's date is written.
var datelineLayouts = []string{
	"Monday, January 2, 2006", "Monday, 2 January 2006", "Monday 2 January 2006",
	"January 2, 2006", "2 January 2006", "2 Jan 2006", "Jan 2, 2006", "2006-01-02",
}

// dateline finds a line among the first ten that is only a date: the
// dateline of an article saved as text.
func dateline(lines []string) string {
	for i, line := range lines {
		if i >= 10 {
			break
		}
		t := strings.TrimSpace(line)
		t = strings.TrimPrefix(strings.TrimPrefix(t, "Published "), "Updated ")
		for _, layout := range datelineLayouts {
			if d, err := time.Parse(layout, t); err == nil {
				return d.Format("2006-01-02")
			}
		}
	}
	return ""
}

// dropped are elements that are never the article: navigation, page
// furniture, scripts and forms.
var dropped = map[atom.Atom]bool{
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Iframe: true, atom.Button: true, atom.Select: true, atom.Dialog: true, atom.Head: true,
}

// furnitureRE matches class, id, role and aria-label values of page
// furniture blocks: cookie banners, newsletter and subscription offers,
// share buttons, related-article lists, adverts.
var furnitureRE = regexp.MustCompile(`(?i)cookie|consent|newsletter|subscri|signup|sign-up|share|social|related|promo|advert|banner|paywall|breadcrumb|menu|sidebar|popup|modal|comment`)

// blocks end a paragraph; a line break ends a line.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Table: true, atom.Tr: true,
	atom.Figure: true, atom.Figcaption: true, atom.Pre: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
}

func isFurniture(n *html.Node) bool {
	if dropped[n.DataAtom] {
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id", "role", "aria-label":
			if a.Key == "role" && (a.Val == "navigation" || a.Val == "banner" || a.Val == "contentinfo" || a.Val == "complementary") {
				return true
			}
			if furnitureRE.MatchString(a.Val) {
				return true
			}
		case "hidden", "aria-hidden":
			if a.Key == "hidden" || a.Val == "true" {
				return true
			}
		}
	}
	return false
}

func readHTML(src string) (Document, error) {
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return Document{}, fmt.Errorf("html: %w", err)
	}
	var d Document
	var article, main, body *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if d.Title == "" && n.FirstChild != nil {
					d.Title = strings.TrimSpace(n.FirstChild.Data)
				}
			case atom.Meta:
				d.Published = firstNonEmpty(d.Published, publishedMeta(n))
			case atom.Time:
				if d.Published == "" {
					d.Published = isoDate(attr(n, "datetime"))
				}
			case atom.Article:
				if article == nil {
					article = n
				}
			case atom.Main:
				if main == nil {
					main = n
				}
			case atom.Body:
				body = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	top := body
	for _, n := range []*html.Node{main, article} {
		if n != nil {
			top = n
		}
	}
	if top == nil {
		top = root
	}
	// Inside an article or main element a header is the article's own
	// (its headline); outside one it is the site's.
	b := textBuilder{keepHeader: top == article || top == main}
	b.node(top, true)
	d.Text = b.String()
	return d, nil
}

// textBuilder writes an element's text with paragraph boundaries as blank
// lines and runs of white space folded, as a browser shows them.
type textBuilder struct {
	keepHeader bool
	out        strings.Builder
	pending    string // separator owed before the next text
	started    bool
}

func (t *textBuilder) sep(s string) {
	if !t.started {
		return
	}
	if len(s) > len(t.pending) {
		t.pending = s
	}
}

func (t *textBuilder) text(s string) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		if s != "" && t.started && t.pending == "" {
			t.pending = " "
		}
		return
	}
	lead := s[0] == ' ' || s[0] == '\n' || s[0] == '\t' || s[0] == '\r'
	if t.started && (t.pending != "" || lead) {
		p := t.pending
		if p == "" {
			p = " "
		}
		t.out.WriteString(p)
	}
	t.out.WriteString(strings.Join(fields, " "))
	t.started = true
	t.pending = ""
	last := s[len(s)-1]
	if last == ' ' || last == '\n' || last == '\t' || last == '\r' {
		t.pending = " "
	}
}

func (t *textBuilder) node(n *html.Node, top bool) {
	switch n.Type {
	case html.TextNode:
		t.text(n.Data)
		return
	case html.ElementNode:
		if !top && isFurniture(n) && !(t.keepHeader && n.DataAtom == atom.Header) {
			return
		}
		if n.DataAtom == atom.Br {
			t.sep("\n")
			return
		}
	}
	block := n.Type == html.ElementNode && blocks[n.DataAtom]
	if block {
		t.sep("\n\n")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t.node(c, false)
	}
	if block {
		t.sep("\n\n")
	}
}

func (t *textBuilder) String() string { return t.out.String() }

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// publishedMeta reads the publication date from the meta tags publishers
// use (Open Graph article:published_time, Dublin Core, plain "date").
func publishedMeta(n *html.Node) string {
	switch strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop"))) {
	case "article:published_time", "datepublished", "date", "dc.date", "dc.date.issued", "dcterms.created", "publication_date":
		return isoDate(attr(n, "content"))
	}
	return ""
}

var isoDateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

// isoDate returns the real date s starts with as YYYY-MM-DD, or "".
func isoDate(s string) string {
	d := isoDateRE.FindString(strings.TrimSpace(s))
	if _, err := time.Parse("2006-01-02", d); err != nil {
		return ""
	}
	return d
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
