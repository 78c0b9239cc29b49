package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"time"

	"github.com/caredata/caredata/output"
)

// ManifestFile is the name of the manifest at the top of a sources folder.
const ManifestFile = "manifest.json"

// Documents is the extractor name of documents (articles, briefings),
// whose sources may lack an official address.
const Documents = "documents"

// ErrChecksum means an input's bytes are not the ones the manifest names.
var ErrChecksum = errors.New("sha256 does not match the manifest")

// Source is one input file as the manifest lists it.
type Source struct {
	ID          string    `json:"source_id"`
	Extractor   string    `json:"extractor"` // which extractor reads it
	Path        string    `json:"path"`      // relative to the manifest, POSIX
	Publisher   string    `json:"publisher"`
	Title       string    `json:"title"`
	URL         string    `json:"url"`
	Licence     string    `json:"licence"`
	Release     string    `json:"release"`
	MediaType   string    `json:"media_type"`
	SHA256      string    `json:"sha256"`
	Bytes       int64     `json:"bytes"`
	RetrievedAt time.Time `json:"retrieved_at"`
	// Published is the publication date (YYYY-MM-DD) where known: claim
	// checks compare a document with the statistics published before it.
	Published string `json:"published,omitempty"`
	// Download is the address of the file itself, and Discover a rule to
	// find the current file on its publication page; with --fetch a run
	// brings the source up to date from either.
	Download string    `json:"download,omitempty"`
	Discover *Discover `json:"discover,omitempty"`
}

// Ref is the source as writers describe it.
func (s Source) Ref() output.Source {
	return output.Source{ID: s.ID, Publisher: s.Publisher, Title: s.Title, URL: s.URL, Release: s.Release}
}

// Manifest lists every input of a run.
type Manifest struct {
	Sources []Source `json:"sources"`
}

// LoadManifest reads and checks manifest.json at the top of fsys.
func LoadManifest(fsys fs.FS) (*Manifest, error) {
	b, err := fs.ReadFile(fsys, ManifestFile)
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("manifest %s: %w", ManifestFile, err)
	}
	seen := map[string]bool{}
	for i, s := range m.Sources {
		for _, f := range []struct{ name, v string }{{"source_id", s.ID}, {"extractor", s.Extractor}, {"path", s.Path},
			{"publisher", s.Publisher}, {"title", s.Title}, {"url", s.URL}, {"licence", s.Licence},
			{"release", s.Release}, {"media_type", s.MediaType}, {"sha256", s.SHA256}} {
			// A document scraped from the web may have no known address.
			if f.v == "" && !(f.name == "url" && s.Extractor == Documents) {
				return nil, fmt.Errorf("manifest %s source %d (%s): %s is empty", ManifestFile, i+1, s.ID, f.name)
			}
		}
		if seen[s.ID] {
			return nil, fmt.Errorf("manifest %s: source_id %s listed twice", ManifestFile, s.ID)
		}
		seen[s.ID] = true
		if s.Published != "" {
			if _, err := time.Parse("2006-01-02", s.Published); err != nil {
				return nil, fmt.Errorf("manifest %s source %s: published %q is not YYYY-MM-DD", ManifestFile, s.ID, s.Published)
			}
		}
		if !fs.ValidPath(s.Path) || path.Clean(s.Path) != s.Path {
			return nil, fmt.Errorf("manifest %s source %s: path %q is not a plain relative path", ManifestFile, s.ID, s.Path)
		}
	}
	return &m, nil
}

// Input is a source with its bytes, checked against the manifest.
type Input struct {
	Source Source
	Data   []byte
}

// Read returns the source's bytes after checking their sha256 (and size)
// against the manifest; a mismatch wraps ErrChecksum.
func (s Source) Read(fsys fs.FS) (Input, error) {
	b, err := fs.ReadFile(fsys, s.Path)
	if err != nil {
		return Input{}, fmt.Errorf("source %s: %w", s.ID, err)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != s.SHA256 {
		return Input{}, fmt.Errorf("source %s %s: %w: manifest has %s, file has %s", s.ID, s.Path, ErrChecksum, s.SHA256, got)
	}
	if s.Bytes != 0 && int64(len(b)) != s.Bytes {
		return Input{}, fmt.Errorf("source %s %s: %w: manifest says %d bytes, file has %d", s.ID, s.Path, ErrChecksum, s.Bytes, len(b))
	}
	return Input{Source: s, Data: b}, nil
}
