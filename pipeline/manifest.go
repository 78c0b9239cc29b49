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

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/output"
)

// ManifestFile is the name of the manifest at the top of a sources folder.
const ManifestFile = "manifest.json"

// ErrChecksum means an input's bytes are not the ones the manifest names.
var ErrChecksum = errors.New("sha256 does not match the manifest")

// ref is the source as writers describe it.
func ref(s extract.Source) output.Source {
	return output.Source{ID: s.ID, Publisher: s.Publisher, Title: s.Title, URL: s.URL, Release: s.Release}
}

// Manifest lists every input of a run.
type Manifest struct {
	Sources []extract.Source `json:"sources"`
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
			if f.v == "" && !(f.name == "url" && s.Extractor == extract.Documents) {
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

// ReadSource returns a source's bytes from fsys after checking their
// sha256 (and size) against the manifest; a mismatch wraps ErrChecksum.
//
// An fsys that can share its files' bytes (sources.Files, the embedded
// sources) is read without a copy: the bytes are read-only and the
// extractors treat them so.
func ReadSource(fsys fs.FS, s extract.Source) (extract.Input, error) {
	var b []byte
	var err error
	if sh, ok := fsys.(interface{ Shared(string) ([]byte, error) }); ok {
		b, err = sh.Shared(s.Path)
	} else {
		b, err = fs.ReadFile(fsys, s.Path)
	}
	if err != nil {
		return extract.Input{}, fmt.Errorf("source %s: %w", s.ID, err)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != s.SHA256 {
		return extract.Input{}, fmt.Errorf("source %s %s: %w: manifest has %s, file has %s", s.ID, s.Path, ErrChecksum, s.SHA256, got)
	}
	if s.Bytes != 0 && int64(len(b)) != s.Bytes {
		return extract.Input{}, fmt.Errorf("source %s %s: %w: manifest says %d bytes, file has %d", s.ID, s.Path, ErrChecksum, s.Bytes, len(b))
	}
	// Checked; the pages can go until the extractor reads them.
	evict(fsys, b)
	return extract.Input{Source: s, Data: b}, nil
}

// evict hands the pages of shared source bytes back to the kernel once
// read (sources.Files.Evict): an fsys that shares its files' bytes would
// otherwise keep every source resident to the end of the run.
func evict(fsys fs.FS, b []byte) {
	if e, ok := fsys.(interface{ Evict([]byte) }); ok {
		e.Evict(b)
	}
}
