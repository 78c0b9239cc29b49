package figures

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is one line of a text, in code points.
type line struct {
	start, end int    // bounds of the line without its newline
	text       string // trimmed of spaces, bullets and emphasis marks
	lower      string
	words      int
	n          int // code points in text
	kind       lineKind
}

type lineKind int

const (
	lineBlank lineKind = iota
	lineBody
	lineFurniture
)

// furnitureKeywords mark a line as page furniture when the line is not long
// prose. They are matched on the lower-cased line.
var furnitureKeywords = []string{
	"cookie", "subscribe", "subscription", "subcrib", "sign up", "signup",
	"sign-up", "newsletter", "privacy policy", "privacy notice", "log in",
	"login", "log-in", "register now", "create an account", "my account",
	"share this", "share on", "follow us", "all rights reserved", "copyright",
	"©", "terms and conditions", "terms of use", "skip to", "advertisement",
	"membership", "archive of", "accept all", "manage preferences",
	"unlimited access", "free trial", "digital edition", "print edition",
	"back to top", "email address", "registered in england",
	"company number", "registered charity", "charity number", "charity no",
	"filed under", "posted in", "tagged", "read more:", "click here",
	"print this", "related articles", "related stories",
}

// furnitureHeadings start a block of furniture that lasts until the next
// long prose paragraph (share bars, related-article lists and the like).
var furnitureHeadings = []string{
	"share", "share this", "share this article", "share this page",
	"share this story", "share article", "related", "related topics",
	"related articles", "related content", "related stories", "related news",
	"related posts", "related links", "related reading", "latest",
	"latest news", "latest articles", "most read", "most popular",
	"most viewed", "popular", "trending", "video features", "videos",
	"more from", "more stories", "more on this story", "you may also like",
	"you might also like", "recommended", "recommended for you", "read more",
	"read next", "tags", "topics", "comments", "leave a comment",
	"leave a reply", "follow us", "newsletter", "newsletter signup",
	"newsletter signups", "sign up", "footer", "about us", "contact us",
	"useful links", "quick links", "further reading", "see also",
	"footnotes", "references", "endnotes", "bibliography", "sources",
	"notes", "citations",
}

// pricePerPeriod matches subscription prices: "From £15 / month", "£4.99 a week".
var pricePerPeriod = regexp.MustCompile(`(?i)[£$€]\s?\d+(?:\.\d+)?\s*(?:/|per|a|an|each)\s*(?:month|mth|mo|year|yr|annum|week|wk|day|issue|quarter)\b`)

// navSeparators: lines like "Home | News | Jobs".
var navSeparators = regexp.MustCompile(`\s[|›»·]\s|\s>\s`)

// Body returns the parts of a scraped plain text that are the document,
// leaving out page furniture. Rules are general: short lines without
// sentence punctuation clustered before the first and after the last prose
// paragraph, lines with furniture keywords or subscription prices, and
// blocks that follow a "Share"/"Related"/"Most read" style heading.
func Body(text string) []Span { return bodyRunes([]rune(text)) }

func bodyRunes(r []rune) []Span {
	lines := splitLines(r)
	classifyLines(lines)
	var spans []Span
	open := false
	for _, l := range lines {
		switch l.kind {
		case lineBody:
			if open {
				spans[len(spans)-1].End = l.end
			} else {
				spans = append(spans, Span{l.start, l.end})
				open = true
			}
		case lineFurniture:
			open = false
		}
	}
	return spans
}

func splitLines(r []rune) []line {
	var lines []line
	start := 0
	for i := 0; i <= len(r); i++ {
		if i < len(r) && r[i] != '\n' {
			continue
		}
		end := i
		if end > start && r[end-1] == '\r' {
			end--
		}
		t := strings.TrimFunc(string(r[start:end]), func(c rune) bool {
			return unicode.IsSpace(c) || strings.ContainsRune("•·*_-–—>#\u00a0\ufffd", c)
		})
		l := line{start: start, end: end, text: t, lower: strings.ToLower(t)}
		l.words = len(strings.Fields(t))
		l.n = utf8.RuneCountInString(t)
		lines = append(lines, l)
		start = i + 1
	}
	return lines
}

// isProse reports a line that reads as running text: a dozen words or more
// ending (or containing) sentence punctuation.
func isProse(l line) bool {
	if l.words < 12 {
		return false
	}
	return strings.ContainsAny(l.text, ".?!")
}

func endsSentence(t string) bool {
	t = strings.TrimRight(t, " *_\"'”’)")
	if t == "" {
		return false
	}
	return strings.ContainsRune(".?!:;", rune(t[len(t)-1]))
}

func hasFurnitureKeyword(l line) bool {
	if l.n > 400 {
		return false
	}
	for _, k := range furnitureKeywords {
		if strings.Contains(l.lower, k) {
			return true
		}
	}
	return false
}

func isFurnitureHeading(l line) bool {
	if l.words > 5 {
		return false
	}
	t := strings.TrimRight(l.lower, " :")
	for _, h := range furnitureHeadings {
		if t == h {
			return true
		}
	}
	return false
}

func classifyLines(lines []line) {
	// Pass 1: keyword lines, prices, nav bars, heading-led blocks.
	inBlock, shareOnly := false, false
	for i := range lines {
		l := &lines[i]
		if l.text == "" {
			l.kind = lineBlank
			continue
		}
		l.kind = lineBody
		switch {
		case isFurnitureHeading(*l):
			l.kind = lineFurniture
			inBlock = true
			// Share bars and tag lists end at the next prose; related
			// and most-read lists only at a long paragraph.
			shareOnly = strings.HasPrefix(l.lower, "share") || strings.HasPrefix(l.lower, "tags") ||
				strings.HasPrefix(l.lower, "follow") || strings.HasPrefix(l.lower, "topics")
		case hasFurnitureKeyword(*l):
			l.kind = lineFurniture
		case l.n < 120 && strings.ContainsAny(l.text, "£$€") && pricePerPeriod.MatchString(l.text):
			l.kind = lineFurniture
		case strings.ContainsAny(l.text, "|›»·>") && len(navSeparators.FindAllStringIndex(l.text, -1)) >= 2:
			l.kind = lineFurniture
		case inBlock:
			if isProse(*l) && (l.n >= 200 || (shareOnly && endsSentence(l.text))) {
				inBlock = false
			} else {
				l.kind = lineFurniture
			}
		}
	}
	// Pass 2: the leading cluster before the first prose paragraph: lines of
	// one to three words are navigation (titles and bylines are longer).
	first, last := -1, -1
	for i, l := range lines {
		if l.kind == lineBody && isProse(l) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		first, last = len(lines), -1
	}
	for i := 0; i < first; i++ {
		if lines[i].kind == lineBody && lines[i].words <= 3 {
			lines[i].kind = lineFurniture
		}
	}
	// Pass 3: the trailing cluster after the last prose paragraph: short
	// lines without sentence punctuation, unless a list introduced by a colon.
	if last >= 0 {
		listIntro := false
		for i := last + 1; i < len(lines); i++ {
			l := &lines[i]
			if l.kind != lineBody {
				continue
			}
			if strings.HasSuffix(strings.TrimRight(l.text, " *_"), ":") {
				listIntro = true
				continue
			}
			if listIntro {
				continue
			}
			if l.words <= 10 && !endsSentence(l.text) {
				l.kind = lineFurniture
			}
		}
	}
}
