package fetch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// Store is a content-addressed store of raw inputs: each file lives at
// Dir/<sha256 hex>, and what is known about each source's last good copy
// at Dir/cached/<source id>.json. Writes are atomic (temporary file, fsync,
// rename), so a crash leaves either the old or the new file, never half.
type Store struct {
	Dir string
}

var (
	shaRE = regexp.MustCompile(`^[0-9a-f]{64}$`)
	idRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
)

// Put stores data and returns its sha256 (hex). Storing the same bytes
// again is a no-op.
func (s *Store) Put(data []byte) (string, error) {
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	p := filepath.Join(s.Dir, sha)
	if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
		if _, err := s.Get(sha); err == nil {
			return sha, nil
		}
		// A damaged copy is replaced below.
	}
	if err := writeAtomic(s.Dir, sha, data); err != nil {
		return "", fmt.Errorf("store put %s: %w", sha, err)
	}
	return sha, nil
}

// Get returns the stored bytes with that sha256, checking them: a file
// whose hash differs wraps ErrCorrupt; a missing one wraps fs.ErrNotExist.
func (s *Store) Get(sha string) ([]byte, error) {
	if !shaRE.MatchString(sha) {
		return nil, fmt.Errorf("store get %q: not a lower-case hex sha256", sha)
	}
	b, err := os.ReadFile(filepath.Join(s.Dir, sha))
	if err != nil {
		return nil, fmt.Errorf("store get: %w", err)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != sha {
		return nil, fmt.Errorf("store get %s: %w: stored bytes hash to %s", sha, ErrCorrupt, got)
	}
	return b, nil
}

func (s *Store) cachedPath(id string) (string, error) {
	if !idRE.MatchString(id) {
		return "", fmt.Errorf("source id %q: want letters, digits, '.', '_' or '-'", id)
	}
	return filepath.Join(s.Dir, "cached", id+".json"), nil
}

// LoadCached returns what is remembered about source id, or nil (and no
// error) when nothing is.
func (s *Store) LoadCached(id string) (*Cached, error) {
	p, err := s.cachedPath(id)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load cached %s: %w", id, err)
	}
	var c Cached
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("load cached %s: %w", id, err)
	}
	return &c, nil
}

// SaveCached records c for source id, atomically.
func (s *Store) SaveCached(id string, c Cached) error {
	p, err := s.cachedPath(id)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(filepath.Dir(p), filepath.Base(p), append(b, '\n')); err != nil {
		return fmt.Errorf("save cached %s: %w", id, err)
	}
	return nil
}

// writeAtomic writes dir/name through a temporary file in dir, fsyncs it,
// renames it into place and fsyncs the directory.
func writeAtomic(dir, name string, data []byte) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-"+name+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		// Best effort: some file systems refuse to sync a directory.
		d.Sync()
		d.Close()
	}
	return nil
}
