package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/internal/odsedit"
	"github.com/caredata/caredata/internal/testrelease"
	"github.com/caredata/caredata/release"

	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/sources"
)

// TestMain lets the tests run the command in a process of its own
// without building it: the test binary re-executed with mainEnv set is
// caredata (see command).
func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		main()
	}
	os.Exit(m.Run())
}

// mainEnv, set to 1, makes the test binary run main instead of the tests.
const mainEnv = "CAREDATA_TEST_MAIN"

// command returns a command running caredata with args in a new process:
// this test binary, which runs main (see TestMain), so the tests need no
// separate build of the command.
func command(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), mainEnv+"=1")
	return cmd
}

// sourcesDir copies the embedded sources that keep selects (all when keep
// is nil) to a folder with a manifest listing only them, applying edit to
// the file at path and updating its manifest entry, as a maintainer adding
// a new release would.
func sourcesDir(t *testing.T, path string, edit func([]byte) []byte, keep func(extract.Source) bool) string {
	t.Helper()
	dir := t.TempDir()
	manifest, err := fs.ReadFile(sources.FS, pipeline.ManifestFile)
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]bool{}
	var m pipeline.Manifest
	if err := json.Unmarshal(manifest, &m); err != nil {
		t.Fatal(err)
	}
	if keep != nil {
		m.Sources = slices.DeleteFunc(m.Sources, func(s extract.Source) bool { return !keep(s) })
		if manifest, err = json.MarshalIndent(m, "", "  "); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range m.Sources {
		kept[s.Path] = true
	}
	if edit != nil && !kept[path] {
		t.Fatalf("%s is not among the sources kept", path)
	}
	err = fs.WalkDir(sources.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !kept[p] {
			return err
		}
		b, err := fs.ReadFile(sources.FS, p)
		if err != nil {
			return err
		}
		if p == path && edit != nil {
			old := sha256.Sum256(b)
			oldLen := len(b)
			b = edit(b)
			sum := sha256.Sum256(b)
			manifest = bytes.Replace(manifest, []byte(hex.EncodeToString(old[:])), []byte(hex.EncodeToString(sum[:])), 1)
			manifest = bytes.Replace(manifest, []byte(`"bytes": `+strconv.Itoa(oldLen)), []byte(`"bytes": `+strconv.Itoa(len(b))), 1)
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, pipeline.ManifestFile), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// claOrLookup keeps the DfE files and the lookups: a run of them makes
// a valid release in about a second.
func claOrLookup(s extract.Source) bool {
	return s.Extractor == "cla" || s.Extractor == extract.Lookups
}

// Every extractor of tabular sources refuses a file whose header a
// publisher renamed: exit 4, nothing published, and a message naming the
// file, the sheet (for a workbook), the header row and the column. The
// runs read only the damaged file and the lookups.
func TestRenamedHeaderExits4(t *testing.T) {
	odsEdit := func(from, to string) func([]byte) []byte {
		return func(b []byte) []byte {
			nb, err := odsedit.Replace(b, from, to)
			if err != nil {
				t.Fatal(err)
			}
			return nb
		}
	}
	tests := []struct {
		extractor, path string
		edit            func([]byte) []byte
		stderr          []string
	}{
		{"cla", "dfe/cla_number_and_rate_per_10k_children_2021_to_2025.csv",
			func(b []byte) []byte { return bytes.Replace(b, []byte(",children_count,"), []byte(",child_count,"), 1) },
			[]string{"cla_number_and_rate_per_10k_children_2021_to_2025.csv", `row 1 column "children_count"`, "unknown layout", "found", "child_count"}},
		{"ofsted", "ofsted/Childrens_social_care_in_England_2023_underlying_data.ods",
			odsEdit("<text:p>Registration date</text:p>", "<text:p>Date of registration</text:p>"),
			[]string{"Childrens_social_care_in_England_2023_underlying_data.ods", `sheet "Providers+places_at_31_Mar_2023"`, "row 4", `column "registration date"`, "Date of registration"}},
		{"foi", "dfe/foi/FOI 2024-0040813 part 2.csv",
			func(b []byte) []byte {
				return bytes.Replace(b, []byte(",characteristic,number,"), []byte(",characteristic,count,"), 1)
			},
			[]string{"FOI 2024-0040813 part 2.csv", `row 14 column "number"`, "unknown layout", "found", "count"}},
		{"ro3", "mhclg/RO3_2023-24_data_by_LA.ods",
			odsEdit("<text:p>ONS Code</text:p>", "<text:p>ONS code (2024)</text:p>"),
			[]string{"RO3_2023-24_data_by_LA.ods", `sheet "RO3_LA_Data_2023-24"`, "row 12", `column "ONS Code"`, "ONS code (2024)"}},
		{"s251", "dfe/s251/outturn_1314.csv",
			func(b []byte) []byte {
				return bytes.Replace(b, []byte(",NetCurrentExpenditure,"), []byte(",NetSpend,"), 1)
			},
			[]string{"outturn_1314.csv", `row 1 column "net current expenditure"`, "unknown layout", "found", "NetSpend"}},
	}
	for _, tt := range tests {
		t.Run(tt.extractor, func(t *testing.T) {
			out := t.TempDir()
			dir := sourcesDir(t, tt.path, tt.edit, func(s extract.Source) bool {
				return s.Path == tt.path || s.Extractor == extract.Lookups
			})
			if b, _ := os.ReadFile(filepath.Join(dir, pipeline.ManifestFile)); !strings.Contains(string(b), `"extractor": "`+tt.extractor+`"`) {
				t.Fatalf("%s is not read by extractor %s", tt.path, tt.extractor)
			}
			var stdout, stderr bytes.Buffer
			if code := run([]string{"run", "--out", out, "--sources", dir}, &stdout, &stderr); code != exitLayout {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitLayout, stderr.String())
			}
			for _, s := range append(tt.stderr, "nothing published") {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr %q lacks %q", stderr.String(), s)
				}
			}
			if id, _ := release.Latest(out); id != "" {
				t.Errorf("release %s published", id)
			}
		})
	}
}

// sharedRelease makes out an output root whose latest release is the
// shared release of the embedded sources (internal/testrelease), linked
// read-only, and returns that release's id.
func sharedRelease(t *testing.T, out string) string {
	t.Helper()
	dir := testrelease.Dir(t)
	id := filepath.Base(dir)
	if err := os.MkdirAll(filepath.Join(out, release.ReleasesDir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, release.Dir(out, id)); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(release.ReleasesDir, id), filepath.Join(out, release.LatestLink)); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestRunCommand runs `caredata run` on the embedded sources, on a
// sources folder, and on damaged sources, and checks the exit code, what
// it prints, and what latest names afterwards.
//
// The embedded sources are run against an output folder whose latest is
// the shared release of every embedded source: the run reads and checks
// every embedded file against the manifest and finds each one's sha256
// equal to that release's, so it says so and publishes nothing. That the
// command reads the embedded sources by default is what this case
// checks; a full run's release is checked in ./pipeline (the shared
// release itself) and the command's publishing in "sources folder".
func TestRunCommand(t *testing.T) {
	const cla2025 = "dfe/cla_number_and_rate_per_10k_children_2021_to_2025.csv"
	sharedID := testrelease.Built.UTC().Format("20060102T150405Z")
	same := func(b []byte) []byte { return b }
	renamed := func(b []byte) []byte { return bytes.Replace(b, []byte(",children_count,"), []byte(",child_count,"), 1) }
	badCell := func(b []byte) []byte {
		return bytes.Replace(b, []byte(",12183016,81770,67"), []byte(",12183016,81770,~"), 1)
	}
	tests := []struct {
		name   string
		args   func(t *testing.T, out string) []string
		code   int
		stdout []string
		stderr []string
		// latest is the release latest must name afterwards: "" none,
		// "new" a release this run published.
		latest string
	}{
		{"embedded sources", func(t *testing.T, out string) []string {
			if id := sharedRelease(t, out); id != sharedID {
				t.Fatalf("shared release %s, want %s", id, sharedID)
			}
			return []string{"run", "--out", out}
		}, exitOK, []string{"no input changed since release " + sharedID, "nothing published"}, nil, sharedID},
		{"sources folder", func(t *testing.T, out string) []string {
			return []string{"run", "--out", out, "--sources", sourcesDir(t, cla2025, same, claOrLookup)}
		}, exitOK, []string{"published release", "children_in_care.parquet", "revisions.xlsx"}, nil, "new"},
		{"unknown layout", func(t *testing.T, out string) []string {
			return []string{"run", "--out", out, "--sources", sourcesDir(t, cla2025, renamed, claOrLookup)}
		}, exitLayout, nil, []string{"cla_number_and_rate_per_10k_children_2021_to_2025.csv", "unknown layout", "child_count", "missing children_count", "nothing published"}, ""},
		{"bad cell", func(t *testing.T, out string) []string {
			return []string{"run", "--out", out, "--sources", sourcesDir(t, cla2025, badCell, claOrLookup)}
		}, exitLayout, nil, []string{"line 3", `column "rate_per_10000"`, `"~"`}, ""},
		{"checksum", func(t *testing.T, out string) []string {
			dir := sourcesDir(t, cla2025, same, claOrLookup)
			os.WriteFile(filepath.Join(dir, cla2025), []byte("x"), 0o644)
			return []string{"run", "--out", out, "--sources", dir}
		}, exitInput, nil, []string{"dfe-cla-2025", "sha256 does not match"}, ""},
		{"unknown command", func(*testing.T, string) []string { return []string{"publish"} }, exitUsage, nil, []string{`unknown command "publish"`}, ""},
		{"bad flag", func(*testing.T, string) []string { return []string{"run", "--output", "x"} }, exitUsage, nil, []string{"flag provided but not defined"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			code := run(tt.args(t, out), &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout %q lacks %q", stdout.String(), s)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr %q lacks %q", stderr.String(), s)
				}
			}
			id, _ := release.Latest(out)
			switch tt.latest {
			case "":
				if id != "" {
					t.Errorf("latest = %q, want no release", id)
				}
			case "new":
				if id == "" || !strings.Contains(stdout.String(), "published release "+id) {
					t.Errorf("latest = %q, want the release the run says it published", id)
				}
			default:
				if id != tt.latest {
					t.Errorf("latest = %q, want %q", id, tt.latest)
				}
				entries, _ := os.ReadDir(filepath.Join(out, release.ReleasesDir))
				if len(entries) != 1 {
					t.Errorf("releases/ holds %d entries, want only %s", len(entries), tt.latest)
				}
			}
		})
	}
}

func TestTextCommand(t *testing.T) {
	page := filepath.Join(t.TempDir(), "page.html")
	os.WriteFile(page, []byte(`<html><body><nav>Home 1</nav><article><p>78 per cent of homes.</p><p>Second.</p></article></body></html>`), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"text", page}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if stdout.String() != "78 per cent of homes.\n\nSecond." {
		t.Errorf("text %q", stdout.String())
	}
	if code := run([]string{"text"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("no file: exit %d", code)
	}
	if code := run([]string{"run", "--documents", filepath.Join(t.TempDir(), "none")}, &stdout, &stderr); code != exitUsage ||
		!strings.Contains(stderr.String(), "documents") {
		t.Errorf("missing documents folder: exit %d, %s", code, stderr.String())
	}
}

func TestClaimsCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	gold := filepath.Join("..", "..", "extractors", "documents", "figures", "testdata", "seeds.jsonl")
	if code := run([]string{"claims", "--gold", gold}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "32 matched") || !strings.Contains(stdout.String(), "F1 1.000") {
		t.Errorf("report:\n%s", stdout.String())
	}
	if code := run([]string{"claims"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("no --gold: exit %d", code)
	}
}

// claOnlySources writes a sources folder holding only the DfE files and
// lookups, so that a run takes a second.
func claOnlySources(t *testing.T) string {
	t.Helper()
	return sourcesDir(t, "", nil, claOrLookup)
}

// The schedule runs every second, at least twice, then stops cleanly on
// SIGTERM with latest pointing at a whole release.
func TestScheduleCommand(t *testing.T) {
	out := t.TempDir()
	src := claOnlySources(t)
	logs := filepath.Join(t.TempDir(), "log.json")
	lf, err := os.Create(logs)
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"schedule", "--cron", "* * * * * *", "--out", out, "--sources", src, "--log-format", "json"}, io.Discard, lf)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for {
		b, _ := os.ReadFile(logs)
		if strings.Count(string(b), `"msg":"scheduled run`) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("fewer than two scheduled runs in 60 s:\n%s", b)
		}
		time.Sleep(200 * time.Millisecond)
	}
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d", code)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("schedule did not stop on SIGTERM")
	}
	b, _ := os.ReadFile(logs)
	for _, want := range []string{`"msg":"scheduled run published"`, `"msg":"scheduled run: no input changed"`, `"msg":"schedule stopped"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("log lacks %s:\n%s", want, b)
		}
	}
	id, _ := release.Latest(out)
	if id == "" {
		t.Fatal("nothing published")
	}
	if _, err := os.Stat(filepath.Join(out, "releases", id, release.SumsFile)); err != nil {
		t.Errorf("latest release incomplete: %v", err)
	}
	if code := run([]string{"schedule", "--cron", "not a schedule", "--out", out}, io.Discard, io.Discard); code != exitUsage {
		t.Errorf("bad cron: exit %d", code)
	}
}

func TestValidateCommand(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "--out", out, "--sources", claOnlySources(t)}, &stdout, &stderr); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr.String())
	}
	latest := filepath.Join(out, release.LatestLink)
	stdout.Reset()
	if code := run([]string{"validate", latest}, &stdout, &stderr); code != exitOK || !strings.Contains(stdout.String(), "no errors") {
		t.Fatalf("validate good release: exit %d\n%s", code, stdout.String())
	}
	// Damage a copy: the release folder itself stays as published.
	dir := t.TempDir()
	entries, _ := os.ReadDir(latest)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(latest, e.Name()))
		os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "sources.csv"), []byte("source_id\n"), 0o644)
	stdout.Reset()
	if code := run([]string{"validate", dir}, &stdout, &stderr); code != exitInvalid || !strings.Contains(stdout.String(), "sources.csv: sums-mismatch") {
		t.Errorf("damaged release: exit %d\n%s", code, stdout.String())
	}
}
