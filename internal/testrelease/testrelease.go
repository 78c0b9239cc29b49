// Package testrelease gives tests one real release of the embedded
// sources, built once and shared: by every test of a package, by the
// packages a `go test ./...` runs in parallel, and by later invocations
// while neither the sources nor the code change. The build is cached
// under the system's temporary folder, keyed by the sha256 of the
// manifest (which names every source's sha256) and of the module's Go
// files and go.sum, and guarded by a file lock so that concurrent test
// binaries build it once. The cached release is read-only: a test that
// damages a release damages a copy (see Copy).
package testrelease

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/all"
	"github.com/caredata/caredata/internal/repo"
	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/release"
	"github.com/caredata/caredata/schemas"
	"github.com/caredata/caredata/sources"
)

// Built is when the fixture's release says it was made: a fixed time, so
// that every build of the same code and sources is the same release.
var Built = time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)

var once struct {
	sync.Once
	out string
	err error
}

// Out returns the output root of the shared release: it holds
// releases/<id>/ and the latest link. Do not write under it.
func Out(tb testing.TB) string {
	tb.Helper()
	once.Do(func() { once.out, once.err = build() })
	if once.err != nil {
		tb.Fatalf("building the shared test release: %v", once.err)
	}
	return once.out
}

// Dir returns the folder of the shared release. Do not write under it.
func Dir(tb testing.TB) string {
	tb.Helper()
	out := Out(tb)
	id, err := release.Latest(out)
	if err != nil || id == "" {
		tb.Fatalf("shared test release in %s has no latest release: %v", out, err)
	}
	return release.Dir(out, id)
}

// Copy copies the shared release's files into a new temporary folder the
// test may change, and returns that folder.
func Copy(tb testing.TB) string {
	tb.Helper()
	src := Dir(tb)
	dst := tb.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			tb.Fatal(err)
		}
	}
	return dst
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// build returns the cached release's output root, building it first if no
// test binary has.
func build() (string, error) {
	key, err := cacheKey()
	if err != nil {
		return "", err
	}
	root := filepath.Join(os.TempDir(), "caredata-testrelease")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	lock, err := os.OpenFile(filepath.Join(root, key+".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", err
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	out := filepath.Join(root, key)
	done := filepath.Join(root, key+".done")
	if _, err := os.Stat(done); err == nil {
		return out, nil
	}
	// A build that died part way leaves a folder without the marker.
	if err := removeAll(out); err != nil {
		return "", err
	}
	pruneOld(root, key)
	_, err = pipeline.Run(context.Background(), pipeline.Options{
		Sources: sources.FS, Out: out, Registry: pipeline.NewRegistry(all.Extractors(), all.Derivers()),
		Now: func() time.Time { return Built },
	})
	if err != nil {
		return "", fmt.Errorf("pipeline run: %w", err)
	}
	if err := readOnly(out); err != nil {
		return "", err
	}
	if err := os.WriteFile(done, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644); err != nil {
		return "", err
	}
	return out, nil
}

// cacheKey hashes what the release is a function of: the manifest (with
// every source's sha256) and the module's Go code and dependencies.
func cacheKey() (string, error) {
	h := sha256.New()
	man, err := fs.ReadFile(sources.FS, pipeline.ManifestFile)
	if err != nil {
		return "", err
	}
	h.Write(man)
	root, err := repo.Root()
	if err != nil {
		return "", err
	}
	var files []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "out") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil && p != root {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if (strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) || name == "go.sum" || name == "go.mod" {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(root, f)
		fmt.Fprintf(h, "%s %d\n", rel, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

// readOnly takes write permission off the release's files and folder,
// so that a test writing into the shared release fails at once (unless
// it runs as root).
func readOnly(out string) error {
	id, err := release.Latest(out)
	if err != nil {
		return err
	}
	dir := release.Dir(out, id)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.Chmod(filepath.Join(dir, e.Name()), 0o444); err != nil {
			return err
		}
	}
	return os.Chmod(dir, 0o555)
}

// Table reads a dataset of the shared release from its Parquet file. The
// table is released when the test ends.
func Table(tb testing.TB, ds *schemas.Dataset) schemas.Table {
	tb.Helper()
	pf, err := output.OpenParquet(filepath.Join(Dir(tb), ds.Name+output.Parquet.Ext))
	if err != nil {
		tb.Fatal(err)
	}
	defer pf.Close()
	b := schemas.NewBuilder(memory.DefaultAllocator, ds)
	defer b.Release()
	err = pf.Scan(context.Background(), ds, func(t schemas.Table) error {
		r := schemas.NewReader(t)
		for i := 0; i < t.Rows(); i++ {
			if err := b.Append(r.Row(i)...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	t := b.Table()
	tb.Cleanup(t.Release)
	return t
}

// removeAll removes a tree even where readOnly took write permission off.
func removeAll(dir string) error {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o755)
		}
		return nil
	})
	return os.RemoveAll(dir)
}

// pruneOld removes cached releases of other keys not used for a day.
func pruneOld(root, keep string) {
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		name := strings.TrimSuffix(strings.TrimSuffix(e.Name(), ".done"), ".lock")
		if name == keep {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > 24*time.Hour {
			removeAll(filepath.Join(root, e.Name()))
		}
	}
}

// Inputs reads the embedded sources of one extractor (extract.Lookups
// for the code lists and boundary lookups) as a run gives them: from the
// manifest, with their sha256 checked. It builds no release.
func Inputs(tb testing.TB, extractor string) []extract.Input {
	tb.Helper()
	m, err := pipeline.LoadManifest(sources.FS)
	if err != nil {
		tb.Fatal(err)
	}
	var out []extract.Input
	for _, s := range m.Sources {
		if s.Extractor != extractor {
			continue
		}
		in, err := pipeline.ReadSource(sources.FS, s)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, in)
	}
	return out
}

// Lookups is Inputs of the lookups, which every extractor and deriver
// gets.
func Lookups(tb testing.TB) []extract.Input { return Inputs(tb, extract.Lookups) }
