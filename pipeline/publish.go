package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/caredata/caredata/catalogue"
	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/release"
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

// publish finishes the staged release (datapackage.json, run.json, the
// catalogue page, SHA256SUMS), validates it, renames it to releases/<id>
// once every file is written and synced, then swaps the latest link with
// a rename, which is atomic: a reader of latest sees the old release or
// the new one, never a part.
func publish(ctx context.Context, o *Options, b *build, report *release.Report) (*Release, error) {
	staging, id := b.dir, b.meta.ReleaseID
	releases := filepath.Join(o.Out, release.ReleasesDir)
	rel := &Release{ID: id, Dir: filepath.Join(releases, id), Rows: report.Datasets, Files: b.orderedFiles()}
	all := make([]output.Source, len(b.in.all))
	for i, s := range b.in.all {
		all[i] = ref(s)
	}
	sourcesOf := map[string][]output.Source{}
	for name, s := range b.streams {
		sourcesOf[name] = s.summary.Sources
	}
	dp, err := output.DataPackage(rel.Files, b.meta, all, sourcesOf)
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", release.PackageFile, err)
	}
	pkg, err := writeFile(filepath.Join(staging, release.PackageFile), func(w io.Writer) error { _, err := w.Write(dp); return err })
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", release.PackageFile, err)
	}
	report.RunID = id
	report.FinishedAt = o.Now().UTC()
	rj, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", release.ReportFile, err)
	}
	runFile, err := writeFile(filepath.Join(staging, release.ReportFile), func(w io.Writer) error { _, err := w.Write(rj); return err })
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", release.ReportFile, err)
	}
	// The catalogue page is drawn from the staged files themselves, so its
	// figures are the published ones.
	page, err := writeFile(filepath.Join(staging, release.PageFile), func(w io.Writer) error { return catalogue.Write(w, staging) })
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", release.PageFile, err)
	}
	sums := []string{pkg.SHA256 + "  " + release.PackageFile, runFile.SHA256 + "  " + release.ReportFile, page.SHA256 + "  " + release.PageFile}
	for _, f := range rel.Files {
		sums = append(sums, f.SHA256+"  "+f.Path)
	}
	sort.Slice(sums, func(i, j int) bool { return sums[i][66:] < sums[j][66:] })
	if _, err := writeFile(filepath.Join(staging, release.SumsFile), func(w io.Writer) error {
		_, err := io.WriteString(w, strings.Join(sums, "\n")+"\n")
		return err
	}); err != nil {
		return nil, fmt.Errorf("publish %s: %w", release.SumsFile, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The release must pass what its users' tools expect before it is
	// published: a release that fails is not published. Each dataset's
	// files were checked as soon as they were written (validate.Staged,
	// dataset by dataset).
	findings := b.sortedFindings()
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

// switchLatest points out/latest at releases/<id> by renaming a fresh
// relative symlink over it.
func switchLatest(out, id string) error {
	latest := filepath.Join(out, release.LatestLink)
	if fi, err := os.Lstat(latest); err == nil && fi.Mode()&os.ModeSymlink == 0 {
		return fmt.Errorf("publish: %s exists and is not a link; refusing to replace it", latest)
	}
	tmp := filepath.Join(out, "."+release.LatestLink+"-"+id)
	os.Remove(tmp)
	if err := os.Symlink(filepath.Join(release.ReleasesDir, id), tmp); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(tmp, latest); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("publish: %w", err)
	}
	return syncDir(out)
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
