package ods

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/caredata/caredata/extractors/sheet"
)

// chunkReader returns its input in pieces of 1 to 7 bytes, so that the
// scanner's buffer ends at every possible place in a token.
type chunkReader struct {
	s string
	n int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	r.n++
	k := min(len(p), len(r.s), 1+r.n%7)
	copy(p, r.s[:k])
	r.s = r.s[k:]
	return k, nil
}

// xmlTokens lists the tokens encoding/xml's Decoder.Token reads from doc,
// as tokenString writes them, and the error that stopped it (nil at a
// clean end).
func xmlTokens(doc string) ([]string, error) {
	d := xml.NewDecoder(strings.NewReader(doc))
	var out []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var b strings.Builder
			fmt.Fprintf(&b, "<%d:%s", nsIDOf(t.Name.Space), t.Name.Local)
			for _, a := range t.Attr {
				fmt.Fprintf(&b, " %d:%s=%q", nsIDOf(a.Name.Space), a.Name.Local, a.Value)
			}
			out = append(out, b.String()+">")
		case xml.EndElement:
			out = append(out, fmt.Sprintf("</%d:%s>", nsIDOf(t.Name.Space), t.Name.Local))
		case xml.CharData:
			out = append(out, "text "+string(t))
		default:
			out = append(out, "other")
		}
	}
}

// scanTokens lists the scanner's tokens from doc in the same form, joining
// the pieces of each character data token, reading through a small buffer
// from a chunkReader and in small text pieces.
func scanTokens(doc string) ([]string, error) {
	s := newScanner(&chunkReader{s: doc}, "test.ods", sheet.Limits{MaxDepth: 1 << 20, MaxCellText: 1 << 20}, false)
	s.buf, s.piece = make([]byte, 16), 8
	var out []string
	text := -1       // index in out of the character data being read
	partial := false // and it has not ended
	for {
		k, err := s.next()
		if err != nil {
			if partial && s.inText && !s.first {
				// The error is inside the character data whose first
				// pieces were delivered; encoding/xml returns none of it.
				out = out[:text]
			}
			return out, err
		}
		if k != tokText {
			text = -1
		}
		partial = k == tokText && s.inText
		switch k {
		case tokEOF:
			if s.depth() > 0 {
				return out, io.ErrUnexpectedEOF
			}
			return out, nil
		case tokStart:
			var b strings.Builder
			fmt.Fprintf(&b, "<%d:%s", s.ns, s.local)
			for k := range s.attrs {
				a := &s.attrs[k]
				fmt.Fprintf(&b, " %d:%s=%q", a.ns, a.local(s), a.value(s))
			}
			out = append(out, b.String()+">")
		case tokEnd:
			out = append(out, fmt.Sprintf("</%d:%s>", s.ns, s.local))
		case tokText:
			if s.textStart || text < 0 {
				if !s.textStart {
					return out, errors.New("a text piece that is not the first, after another token")
				}
				out = append(out, "text ")
				text = len(out) - 1
			}
			out[text] += string(s.text)
		default:
			out = append(out, "other")
		}
	}
}

// FuzzScanner checks the scanner against encoding/xml token by token:
// the same tokens (names resolved to the same namespaces, attribute
// values and text decoded alike) up to the same point, and an error
// exactly where encoding/xml has one.
//
//	go test -run '^$' -fuzz FuzzScanner -fuzztime 60s ./extractors/sheet/ods/
func FuzzScanner(f *testing.F) {
	for _, doc := range []string{
		linkedDoc,
		contentDoc(`<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string" office:string-value="a&amp;b&#x9;&#13;c"><text:p> x <text:s text:c="2"/>y&lt;z&gt;</text:p></table:table-cell></table:table-row></table:table>`),
		"<a xmlns='urn:oasis:names:tc:opendocument:xmlns:table:1.0' xmlns:t='urn:oasis:names:tc:opendocument:xmlns:text:1.0'><t:p t:c='1' c='2'>x\r\ny\rz</t:p><b xmlns=''/></a>",
		"<a><![CDATA[x]]y]]]>z<!-- c -->w<?pi x?></a>",
		"<!DOCTYPE d [<!ENTITY a \"x\"> <!-- > --> ]><a>&a;</a>",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a b=\"1\"c='2'/>",
		"<é:ü xmlns:é='urn:oasis:names:tc:opendocument:xmlns:office:1.0'>caf\u00e9 &#x1F600; \u20ac</é:ü>",
		"<a>]]></a>", "<a>&#0;</a>", "<a>&#xD800;</a>", "<a b='<'/>", "<a:b:c/>", "<:a/>", "<a:/>", "<a></b>", "</a>", "<a x=y/>",
		"<a>&amp</a>", "<a>&#;</a>", "<a>&#x;</a>", "<a>&#X41;</a>", "<a>&unknown;</a>", "<a>\x01</a>", "<a>\xff</a>",
		"<a><!-- a -- b --></a>", "<a><!----></a>", "<a><![CDATA[", "<a", "<a b", "<a b=", "<a b='", "<?xml version='2.0'?><a/>",
		"<?xml encoding='latin1'?><a/>", "<a><? x ?></a>", "<a>" + strings.Repeat("&amp;x ", 20) + strings.Repeat("é", 20) + "</a>",
		"<a>&#00000000000000000000000000000000000065;</a>",
	} {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		want, wantErr := xmlTokens(doc)
		got, gotErr := scanTokens(doc)
		n := min(len(want), len(got))
		for i := range n {
			if want[i] != got[i] {
				t.Fatalf("token %d: scanner %q, encoding/xml %q", i, got[i], want[i])
			}
		}
		if (wantErr == nil) != (gotErr == nil) || len(want) != len(got) {
			t.Fatalf("scanner: %d tokens, error %v\nencoding/xml: %d tokens, error %v\nscanner %q\nencoding/xml %q", len(got), gotErr, len(want), wantErr, got, want)
		}
	})
}

// TestQuotesBalanced checks the eight-bytes-at-a-time quote count against
// a plain one, on every length and placement.
func TestQuotesBalanced(t *testing.T) {
	alphabet := []byte("a\"'\x00\x80\xff>\"")
	for n := range 40 {
		for seed := range 200 {
			b := make([]byte, n)
			for i := range b {
				b[i] = alphabet[(seed*7+i*13+seed*i)%len(alphabet)]
			}
			dq, sq := strings.Count(string(b), `"`), strings.Count(string(b), "'")
			if want := sq == 0 && dq%2 == 0; quotesBalanced(b) != want {
				t.Fatalf("quotesBalanced(%q) = %v", b, !want)
			}
		}
	}
}
