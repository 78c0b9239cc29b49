package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/caredata/caredata/catalogue"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
	"github.com/caredata/caredata/validate"
)

// ErrInvalid means the staged release failed validation and was not published.
var ErrInvalid = errors.New("release failed validation")

// InvalidError lists what validation found in a staged release.
type InvalidError struct{ Findings []validate.Finding }

func (e *InvalidError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v: %d findings", ErrInvalid, len(e.Findings))
	for i, f := range e.Findings {
		if i == 10 {
			fmt.Fprintf(&b, "; and %d more", len(e.Findings)-10)
			break
		}
		b.WriteString("; " + f.String())
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *InvalidError) Unwrap() error { return ErrInvalid }

// Layout of the output root.
const (
	ReleasesDir = "releases"
	LatestLink  = "latest"
	SumsFile    = "SHA256SUMS"
	PackageFile = "datapackage.json"
)

// publish writes the release into a hidden staging folder, renames it to
// releases/<id> once every file is written and synced, then swaps the
// latest link with a rename, which is atomic: a reader of latest sees the
// old release or the new one, never a part.
func publish(ctx context.Context, o Options, tables []schemas.Table, meta output.Meta, bySource map[string]Source, origin provenance, report *Report) (_ *Release, err error) {
	releases := filepath.Join(o.Out, ReleasesDir)
	if err := os.MkdirAll(releases, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	id := meta.ReleaseID
	for n := 2; exists(filepath.Join(releases, id)); n++ {
		id = fmt.Sprintf("%s-%d", meta.ReleaseID, n)
	}
	meta.ReleaseID = id
	staging, err := os.MkdirTemp(releases, ".staging-"+id+"-")
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(staging)
		}
	}()

	rel := &Release{ID: id, Dir: filepath.Join(releases, id), Rows: map[string]int{}}
	sourcesOf := map[string][]output.Source{}
	for _, t := range tables {
		rel.Rows[t.Dataset.Name] = t.Rows()
		tm := meta
		tm.Sources = tableSources(t, meta.Sources, bySource, origin[t.Dataset.Name])
		sourcesOf[t.Dataset.Name] = tm.Sources
		for _, w := range o.Writers {
			if !w.Applies(t.Dataset) {
				continue
			}
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			name := t.Dataset.Name + w.Format().Ext
			f, err := writeFile(filepath.Join(staging, name), func(out io.Writer) error { return w.Write(out, t, tm) })
			if err != nil {
				return nil, fmt.Errorf("publish %s: %w", name, err)
			}
			f.Dataset, f.Format, f.Path = t.Dataset, w.Format(), name
			rel.Files = append(rel.Files, f)
		}
	}
	dp, err := output.DataPackage(rel.Files, meta, sourcesOf)
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", PackageFile, err)
	}
	pkg, err := writeFile(filepath.Join(staging, PackageFile), func(w io.Writer) error { _, err := w.Write(dp); return err })
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", PackageFile, err)
	}
	report.RunID = id
	report.FinishedAt = o.Now().UTC()
	rj, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", ReportFile, err)
	}
	runFile, err := writeFile(filepath.Join(staging, ReportFile), func(w io.Writer) error { _, err := w.Write(rj); return err })
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", ReportFile, err)
	}
	// The catalogue page is drawn from the staged files themselves, so its
	// figures are the published ones.
	page, err := writeFile(filepath.Join(staging, catalogue.FileName), func(w io.Writer) error { return catalogue.Write(w, staging) })
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", catalogue.FileName, err)
	}
	sums := []string{pkg.SHA256 + "  " + PackageFile, runFile.SHA256 + "  " + ReportFile, page.SHA256 + "  " + catalogue.FileName}
	for _, f := range rel.Files {
		sums = append(sums, f.SHA256+"  "+f.Path)
	}
	sort.Slice(sums, func(i, j int) bool { return sums[i][66:] < sums[j][66:] })
	if _, err := writeFile(filepath.Join(staging, SumsFile), func(w io.Writer) error {
		_, err := io.WriteString(w, strings.Join(sums, "\n")+"\n")
		return err
	}); err != nil {
		return nil, fmt.Errorf("publish %s: %w", SumsFile, err)
	}
	// The release must pass what its users' tools expect before it is
	// published: a release that fails is not published.
	findings, err := validate.Dir(staging)
	if err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	if errs := validate.Errors(findings); len(errs) > 0 {
		return nil, &InvalidError{Findings: errs}
	}
	for _, f := range findings {
		o.Logger.Info("validation advice", "finding", f.String())
	}
	if err := syncDir(staging); err != nil {
		return nil, err
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(staging, rel.Dir); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := syncDir(releases); err != nil {
		return nil, err
	}
	if err := switchLatest(o.Out, id); err != nil {
		return nil, err
	}
	return rel, nil
}

// tableSources lists the sources a table's rows came from, read from its
// source id columns; for a table without one, the files its extractor or
// deriver read (origin); failing that (sources itself), them all.
func tableSources(t schemas.Table, all []output.Source, bySource map[string]Source, origin map[string]bool) []output.Source {
	ids := map[string]bool{}
	found := false
	r := schemas.NewReader(t)
	for j, c := range t.Dataset.Columns {
		if !strings.HasSuffix(c.Name, "source_id") || t.Dataset == &schemas.Sources {
			continue
		}
		found = true
		for i := 0; i < t.Rows(); i++ {
			if v := r.Value(i, j); v.Valid {
				ids[v.Str] = true
			}
		}
	}
	if !found {
		if origin == nil {
			return all
		}
		ids = origin
	}
	var out []output.Source
	for _, s := range all {
		if ids[s.ID] {
			out = append(out, bySource[s.ID].Ref())
		}
	}
	return out
}

// writeFile creates path, lets write fill it while hashing, and syncs it.
func writeFile(path string, write func(io.Writer) error) (output.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return output.File{}, err
	}
	h := sha256.New()
	cw := &countingWriter{w: io.MultiWriter(f, h)}
	err = write(cw)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return output.File{}, err
	}
	return output.File{Bytes: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// switchLatest points out/latest at releases/<id> by renaming a fresh
// relative symlink over it.
func switchLatest(out, id string) error {
	latest := filepath.Join(out, LatestLink)
	if fi, err := os.Lstat(latest); err == nil && fi.Mode()&os.ModeSymlink == 0 {
		return fmt.Errorf("publish: %s exists and is not a link; refusing to replace it", latest)
	}
	tmp := filepath.Join(out, "."+LatestLink+"-"+id)
	os.Remove(tmp)
	if err := os.Symlink(filepath.Join(ReleasesDir, id), tmp); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(tmp, latest); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("publish: %w", err)
	}
	return syncDir(out)
}

// Latest returns the id of the release out/latest points at, or "" when
// nothing has been published.
func Latest(out string) (string, error) {
	target, err := os.Readlink(filepath.Join(out, LatestLink))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return filepath.Base(target), nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("publish: sync %s: %w", dir, err)
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
