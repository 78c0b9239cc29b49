package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/release"
)

// ErrLocked means another caredata process is publishing to the same
// output folder.
var ErrLocked = errors.New("another caredata run holds the lock")

// lock takes an exclusive lock on out/.lock so that two processes (the
// nightly schedule and a manual run) never publish at once. With wait it
// blocks until the other run ends; without, it fails with ErrLocked.
func lock(out string, wait bool) (func(), error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	path := filepath.Join(out, release.LockFile)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w on %s (process %s); wait for it, or run with --wait", ErrLocked, path, strings.TrimSpace(string(holder)))
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// inputsDigest identifies the exact set of inputs of a run.
func inputsDigest(src []extract.Source, data map[string][]byte) (string, []release.ReportSource) {
	sorted := append([]extract.Source(nil), src...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	h := sha256.New()
	var out []release.ReportSource
	for _, s := range sorted {
		sum := sha256.Sum256(data[s.ID])
		hexsum := hex.EncodeToString(sum[:])
		fmt.Fprintf(h, "%s %s\n", s.ID, hexsum)
		out = append(out, release.ReportSource{ID: s.ID, Path: s.Path, SHA256: hexsum, Bytes: int64(len(data[s.ID]))})
	}
	return hex.EncodeToString(h.Sum(nil)), out
}

// previousReport reads run.json of the release latest points at.
func previousReport(out string) (*release.Report, error) {
	id, err := release.Latest(out)
	if err != nil || id == "" {
		return nil, err
	}
	r, err := release.ReadReport(release.Dir(out, id))
	if errors.Is(err, os.ErrNotExist) {
		return &release.Report{RunID: id}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s/%s: %w", id, release.ReportFile, err)
	}
	r.RunID = id
	return r, nil
}

// sourceStatuses marks each source new, changed or unchanged since the
// previous release.
func sourceStatuses(r, prev *release.Report) {
	before := map[string]string{}
	if prev != nil {
		r.Previous = prev.RunID
		for _, s := range prev.Sources {
			before[s.ID] = s.SHA256
		}
	}
	for i := range r.Sources {
		switch old, ok := before[r.Sources[i].ID]; {
		case !ok:
			r.Sources[i].Status = "new"
		case old == r.Sources[i].SHA256:
			r.Sources[i].Status = "unchanged"
		default:
			r.Sources[i].Status = "changed"
		}
	}
}

// prune deletes the oldest releases beyond keep, never the one latest
// points at, and staging folders left by runs that died.
func prune(out string, keep int) ([]string, error) {
	dir := filepath.Join(out, release.ReleasesDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	latest, err := release.Latest(out)
	if err != nil {
		return nil, err
	}
	var releases []string
	var removed []string
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e.Name(), release.StagingPrefix):
			// Only a run holding the lock prunes, so no staging folder is live.
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return removed, err
			}
			removed = append(removed, e.Name())
		case e.IsDir() && !strings.HasPrefix(e.Name(), "."):
			releases = append(releases, e.Name())
		}
	}
	sort.Strings(releases) // ids are UTC timestamps
	if keep < 1 {
		keep = 1
	}
	for i := 0; i < len(releases)-keep; i++ {
		if releases[i] == latest {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, releases[i])); err != nil {
			return removed, err
		}
		removed = append(removed, releases[i])
	}
	return removed, nil
}
