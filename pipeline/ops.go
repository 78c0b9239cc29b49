package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/caredata/caredata/schemas"
)

// ErrLocked means another caredata process is publishing to the same
// output folder.
var ErrLocked = errors.New("another caredata run holds the lock")

// LockFile is the lock at the top of the output root.
const LockFile = ".lock"

// ReportFile is the run report in every release.
const ReportFile = "run.json"

// lock takes an exclusive lock on out/.lock so that two processes (the
// nightly schedule and a manual run) never publish at once. With wait it
// blocks until the other run ends; without, it fails with ErrLocked.
func lock(out string, wait bool) (func(), error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	path := filepath.Join(out, LockFile)
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

// Report is run.json: what a release was built from and what changed.
type Report struct {
	RunID      string           `json:"run_id"`
	StartedAt  time.Time        `json:"started_at"`
	FinishedAt time.Time        `json:"finished_at"`
	Inputs     string           `json:"inputs_sha256"` // digest of every source id and sha256
	Sources    []ReportSource   `json:"sources"`
	Datasets   map[string]int   `json:"rows"`
	Previous   string           `json:"previous_release,omitempty"`
	Changes    []DatasetChanges `json:"changes,omitempty"`
	Notes      []string         `json:"notes,omitempty"`
}

// ReportSource is one input as the run used it.
type ReportSource struct {
	ID     string `json:"source_id"`
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
	// Status is new (not in the previous release), changed or unchanged.
	Status string `json:"status"`
	// Fetch is what fetching did (fetched, changed, unchanged, stale);
	// empty when the source was not fetched.
	Fetch string `json:"fetch,omitempty"`
}

// DatasetChanges compares a dataset with the previous release: rows
// before and after, and by key the rows added and removed and the values
// a kept row changed.
type DatasetChanges struct {
	Dataset  string `json:"dataset"`
	Before   int    `json:"rows_before"`
	After    int    `json:"rows_after"`
	Added    int    `json:"rows_added"`
	Removed  int    `json:"rows_removed"`
	Revised  int    `json:"values_revised"`
	Compared bool   `json:"compared_by_key"`
	NewInRun bool   `json:"new_dataset,omitempty"`
}

// inputsDigest identifies the exact set of inputs of a run.
func inputsDigest(src []Source, data map[string][]byte) (string, []ReportSource) {
	sorted := append([]Source(nil), src...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	h := sha256.New()
	var out []ReportSource
	for _, s := range sorted {
		sum := sha256.Sum256(data[s.ID])
		hexsum := hex.EncodeToString(sum[:])
		fmt.Fprintf(h, "%s %s\n", s.ID, hexsum)
		out = append(out, ReportSource{ID: s.ID, Path: s.Path, SHA256: hexsum, Bytes: int64(len(data[s.ID]))})
	}
	return hex.EncodeToString(h.Sum(nil)), out
}

// previousReport reads run.json of the release latest points at.
func previousReport(out string) (*Report, error) {
	id, err := Latest(out)
	if err != nil || id == "" {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(out, ReleasesDir, id, ReportFile))
	if errors.Is(err, os.ErrNotExist) {
		return &Report{RunID: id}, nil
	}
	if err != nil {
		return nil, err
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s/%s: %w", id, ReportFile, err)
	}
	r.RunID = id
	return &r, nil
}

// compare fills the report's source statuses and dataset changes from the
// previous release's report and files.
func (r *Report) compare(prev *Report, prevDir string, tables []schemas.Table) error {
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
	for _, t := range tables {
		c := DatasetChanges{Dataset: t.Dataset.Name, After: t.Rows(), Added: t.Rows()}
		if prev != nil {
			b, ok := prev.Datasets[c.Dataset]
			c.Before, c.NewInRun = b, !ok
			if ok {
				added, removed, revised, compared, err := diff(prevDir, t)
				if err != nil {
					return fmt.Errorf("comparing %s with release %s: %w", c.Dataset, prev.RunID, err)
				}
				c.Added, c.Removed, c.Revised, c.Compared = added, removed, revised, compared
				if !compared {
					c.Added = max(0, c.After-c.Before)
					c.Removed = max(0, c.Before-c.After)
				}
			}
		}
		r.Changes = append(r.Changes, c)
	}
	return nil
}

// prune deletes the oldest releases beyond keep, never the one latest
// points at, and staging folders left by runs that died.
func prune(out string, keep int) ([]string, error) {
	dir := filepath.Join(out, ReleasesDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	latest, err := Latest(out)
	if err != nil {
		return nil, err
	}
	var releases []string
	var removed []string
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e.Name(), ".staging-"):
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
