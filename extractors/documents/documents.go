// Package documents reads articles, briefings and responses about
// children's social care (plain text or HTML) and publishes every figure
// they state as a claim, with a documents table describing each document.
//
// HTML is parsed with golang.org/x/net/html: the article (or main element)
// is kept, navigation, headers outside the article, footers, asides,
// forms, scripts and blocks marked as cookie banners, newsletter or
// subscription offers, share buttons or related-article lists are
// dropped, and paragraphs stay separated by blank lines (text.go). Plain
// text keeps its page furniture, which the figures package recognises and
// leaves out. Offsets refer to the extracted text, which `caredata text`
// prints. The documents' full text is not published.
package documents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/documents/figures"
	"github.com/caredata/caredata/schemas"
)

// Extractor publishes claims and documents.
type Extractor struct{}

// Name is the manifest's extractor key.
func (Extractor) Name() string { return extract.Documents }

// Datasets are claims and documents.
func (Extractor) Datasets() []*schemas.Dataset {
	return []*schemas.Dataset{&schemas.Claims, &schemas.Documents}
}

// ID is a document's id: its file name without the extension.
func ID(file string) string {
	base := path.Base(filepath.ToSlash(file))
	return strings.TrimSuffix(base, path.Ext(base))
}

// Extract reads every document and finds its claims.
func (e Extractor) Extract(ctx context.Context, env extract.Env, in []extract.Input) error {
	cb, err := env.Out.Open(&schemas.Claims)
	if err != nil {
		return err
	}
	db, err := env.Out.Open(&schemas.Documents)
	if err != nil {
		return err
	}
	own := extract.Own(in)
	sort.SliceStable(own, func(i, j int) bool { return ID(own[i].Source.Path) < ID(own[j].Source.Path) })
	seen := map[string]string{}
	for _, i := range own {
		if err := ctx.Err(); err != nil {
			return err
		}
		id := ID(i.Source.Path)
		if prev, dup := seen[id]; dup {
			return fmt.Errorf("documents %s and %s have the same id %s", prev, i.Source.Path, id)
		}
		seen[id] = i.Source.Path
		doc, claims, err := Claims(i)
		if err != nil {
			return err
		}
		for k, c := range claims {
			if err := cb.Append(schemas.Str(id), schemas.Int(int64(k)), schemas.Str(c.Mention),
				schemas.Int(int64(c.Start)), schemas.Int(int64(c.End)), schemas.Str(c.Sentence),
				schemas.Float(c.Value), schemas.Str(c.Unit), schemas.Str(c.Comparator), optFloat(c.PeriodYears),
				schemas.Str(c.Topic), schemas.Str(c.Subject), optStr(c.AttributedTo), schemas.Boolean(c.IsProjection),
				schemas.Str(i.Source.ID)); err != nil {
				return err
			}
		}
		title := i.Source.Title
		if title == "" {
			title = doc.Title
		}
		published := schemas.Null()
		if p := firstNonEmpty(i.Source.Published, doc.Published); p != "" {
			if t, err := time.Parse("2006-01-02", p); err == nil {
				published = schemas.Date(t)
			}
		}
		fileSum := sha256.Sum256(i.Data)
		textSum := sha256.Sum256([]byte(doc.Text))
		if err := db.Append(schemas.Str(id), schemas.Str(title), schemas.Str(i.Source.Publisher), published,
			schemas.Str(i.Source.URL), schemas.Str(hex.EncodeToString(fileSum[:])), schemas.Str(hex.EncodeToString(textSum[:])),
			schemas.Int(int64(utf8.RuneCountInString(doc.Text))), schemas.Int(int64(len(claims))), schemas.Str(i.Source.ID)); err != nil {
			return err
		}
	}
	return nil
}

// Claims reads one document and returns it with the figures it states.
func Claims(i extract.Input) (Document, []figures.Claim, error) {
	doc, err := Read(i.Source.Path, i.Data)
	if err != nil {
		return Document{}, nil, fmt.Errorf("%s: %w", i.Source.Path, err)
	}
	return doc, figures.Extract(doc.Text), nil
}

func optFloat(f *float64) schemas.Value {
	if f == nil {
		return schemas.Null()
	}
	return schemas.Float(*f)
}

func optStr(s *string) schemas.Value {
	if s == nil {
		return schemas.Null()
	}
	return schemas.Str(*s)
}

// Dir reads the documents (.txt, .html, .htm) in a folder as inputs from
// outside the manifest, for `caredata run --documents DIR`.
func Dir(dir string) ([]extract.Input, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	var out []extract.Input
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".txt" && ext != ".html" && ext != ".htm") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("documents: %w", err)
		}
		fi, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("documents: %w", err)
		}
		sum := sha256.Sum256(b)
		media := "text/plain"
		if IsHTML(e.Name()) {
			media = "text/html"
		}
		out = append(out, extract.Input{Data: b, Source: extract.Source{
			ID: "document-" + ID(e.Name()), Extractor: extract.Documents, Path: e.Name(),
			Title: "", Licence: "unknown (the publisher's)", Release: fi.ModTime().UTC().Format("2006-01-02"),
			MediaType: media, SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(b)), RetrievedAt: fi.ModTime().UTC(),
		}})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("documents: no .txt, .html or .htm files in %s", dir)
	}
	return out, nil
}
