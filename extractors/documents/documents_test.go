package documents

import (
	"context"
	"github.com/caredata/caredata/extract"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/caredata/caredata/schemas"
)

func extractAll(t *testing.T, in ...extract.Input) (claims, docs []map[string]schemas.Value) {
	t.Helper()
	tables, _, err := extract.Run(context.Background(), Extractor{}, nil, in)
	if err != nil {
		t.Fatal(err)
	}
	read := func(tb schemas.Table) []map[string]schemas.Value {
		defer tb.Release()
		r := schemas.NewReader(tb)
		out := make([]map[string]schemas.Value, tb.Rows())
		for i := range out {
			out[i] = map[string]schemas.Value{}
			for j, c := range tb.Dataset.Columns {
				out[i][c.Name] = r.Value(i, j)
			}
		}
		return out
	}
	return read(tables[0]), read(tables[1])
}

// Only the article's figures come out of a page whose navigation, cookie
// banner, newsletter block, related list and footer are full of numbers;
// offsets point into the text `caredata text` prints.
func TestHTMLPageClaims(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	claims, docs := extractAll(t, extract.Input{Data: b, Source: extract.Source{ID: "document-article", Extractor: extract.Documents, Path: "article.html"}})
	var got []string
	doc, _ := Read("article.html", b)
	runes := []rune(doc.Text)
	for _, c := range claims {
		got = append(got, c["mention"].Str)
		if s, e := c["start"].Int, c["end"].Int; string(runes[s:e]) != c["mention"].Str {
			t.Errorf("offsets %d-%d give %q, mention %q", s, e, string(runes[s:e]), c["mention"].Str)
		}
		if c["document_id"].Str != "article" {
			t.Errorf("document_id %q", c["document_id"].Str)
		}
	}
	want := []string{"Six", "£10 billion", "80,000", "78 per cent", "£2.6 billion"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("claims %q, want %q", got, want)
	}
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	d := docs[0]
	if d["title"].Str != "Care Review: councils' spending on children's homes | Example News" ||
		d["publication_date"].Text(schemas.Date32) != "2022-05-23" ||
		d["characters"].Int != int64(utf8.RuneCountInString(doc.Text)) || d["claims"].Int != int64(len(claims)) {
		t.Errorf("document row %v", d)
	}
}

func TestSeedsFromManifestAndDir(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join("..", "..", "sources", "documents", "003_8480d5271f543c80.txt")
	b, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cypnow.txt"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("ignored"), 0o644)
	in, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(in) != 1 || in[0].Source.ID != "document-cypnow" || in[0].Source.Extractor != extract.Documents {
		t.Fatalf("inputs %+v", in)
	}
	claims, docs := extractAll(t, in...)
	if len(claims) == 0 || docs[0]["document_id"].Str != "cypnow" {
		t.Errorf("%d claims, document %v", len(claims), docs[0]["document_id"])
	}
	for _, c := range claims {
		if strings.Contains(c["sentence"].Str, "month") && strings.Contains(c["mention"].Str, "£") {
			t.Errorf("subscription price %q taken as a claim", c["mention"].Str)
		}
	}
	// Two documents with one id are refused.
	if _, _, err := extract.Run(context.Background(), Extractor{}, nil, append(in, in[0])); err == nil || !strings.Contains(err.Error(), "same id cypnow") {
		t.Errorf("err = %v", err)
	}
	if _, err := Dir(t.TempDir()); err == nil {
		t.Error("an empty folder was accepted")
	}
}
