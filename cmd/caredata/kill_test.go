package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/caredata/caredata/release"
)

// checkLatest verifies that latest, if set, is a whole release: every file
// SHA256SUMS lists is there with its sum.
func checkLatest(t *testing.T, out string) string {
	t.Helper()
	id, err := release.Latest(out)
	if err != nil {
		t.Fatal(err)
	}
	if id == "" {
		return ""
	}
	dir := filepath.Join(out, release.ReleasesDir, id)
	sums, err := os.ReadFile(filepath.Join(dir, release.SumsFile))
	if err != nil {
		t.Fatalf("latest -> %s has no %s: %v", id, release.SumsFile, err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		want, name, _ := strings.Cut(line, "  ")
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("latest -> %s lacks %s", id, name)
		}
		got := sha256.Sum256(b)
		if hex.EncodeToString(got[:]) != want {
			t.Fatalf("latest -> %s: %s does not match its sum", id, name)
		}
	}
	return id
}

// stagings lists the staging folders in out.
func stagings(out string) map[string]bool {
	m := map[string]bool{}
	entries, _ := os.ReadDir(filepath.Join(out, release.ReleasesDir))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), release.StagingPrefix) {
			m[e.Name()] = true
		}
	}
	return m
}

// publishing reports whether a run has begun publishing in out: a staging
// folder not among old (those of runs killed before) holds
// datapackage.json, the first file written after the datasets (then
// run.json, index.html, SHA256SUMS, validation, the rename to
// releases/<id>, the switch of latest and pruning).
func publishing(out string, old map[string]bool) bool {
	for name := range stagings(out) {
		if old[name] {
			continue
		}
		if _, err := os.Stat(filepath.Join(out, release.ReleasesDir, name, release.PackageFile)); err == nil {
			return true
		}
	}
	return false
}

// killable is one `caredata run` in a process of its own.
type killable struct {
	cmd    *exec.Cmd
	out    string
	old    map[string]bool // staging folders before it started
	exited chan struct{}   // closed when it has ended
	output bytes.Buffer    // its stdout and stderr, to read once it has ended
}

func startRun(t *testing.T, out string, args ...string) *killable {
	t.Helper()
	k := &killable{cmd: command(t, args...), out: out, old: stagings(out), exited: make(chan struct{})}
	k.cmd.Stdout, k.cmd.Stderr = &k.output, &k.output
	if err := k.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { k.cmd.Wait(); close(k.exited) }()
	return k
}

// waitPublishing polls until the run begins publishing and returns when
// that was, or false if the run ended first.
func (k *killable) waitPublishing() (time.Time, bool) {
	for {
		select {
		case <-k.exited:
			return time.Time{}, false
		default:
		}
		if publishing(k.out, k.old) {
			return time.Now(), true
		}
		time.Sleep(500 * time.Microsecond)
	}
}

// kill sends SIGKILL, waits for the process and reports whether the
// signal is what ended it (a run may have finished first).
func (k *killable) kill() bool {
	k.cmd.Process.Signal(syscall.SIGKILL)
	<-k.exited
	ws, ok := k.cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// A run killed with SIGKILL at random moments never leaves latest pointing
// at an incomplete release, and the next run succeeds.
//
// The kills are real runs of the DfE sources (a run takes about a second)
// killed at moments drawn in two sets, each stratified (one random moment
// in each of n equal slices) so that every part is hit without many runs:
// over the whole run (reading, extracting, writing the datasets,
// publishing), and over the publishing steps alone, timed from the moment
// the run's staging folder gets datapackage.json, since these are the
// steps during which a kill could break latest. The test fails unless
// kills landed while runs were publishing.
func TestKilledRunsNeverBreakLatest(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 20 real runs")
	}
	t.Parallel()
	const anywhere, inPublishing = 8, 12
	src := claOnlySources(t)
	out := t.TempDir()
	args := []string{"run", "--force", "--wait", "--keep", "3", "--sources", src, "--out", out}
	// Two whole runs (the second compares with a previous release, as
	// every later run does) measure how long a run and its publishing
	// take, to spread the kills over them.
	if b, err := command(t, args...).CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, b)
	}
	began := time.Now()
	k := startRun(t, out, args...)
	published, ok := k.waitPublishing()
	<-k.exited
	whole, publish := time.Since(began), time.Since(published)
	if !ok || !k.cmd.ProcessState.Success() {
		t.Fatalf("second run: %v, publishing seen: %v\n%s", k.cmd.ProcessState, ok, k.output.String())
	}
	before := checkLatest(t, out)

	rng := rand.New(rand.NewPCG(1, 2))
	stratified := func(i, n int, d time.Duration) time.Duration {
		return time.Duration((float64(i) + rng.Float64()) / float64(n) * float64(d))
	}
	var killed, killedPublishing int
	for i := 0; i < anywhere+inPublishing; i++ {
		k := startRun(t, out, args...)
		var wasPublishing bool
		if i < anywhere {
			time.Sleep(stratified(i, anywhere, whole))
			wasPublishing = publishing(out, k.old)
		} else if _, ok := k.waitPublishing(); ok {
			time.Sleep(stratified(i-anywhere, inPublishing, publish))
			wasPublishing = true
		}
		if k.kill() {
			killed++
			if wasPublishing {
				killedPublishing++
			}
		} else if !k.cmd.ProcessState.Success() {
			t.Fatalf("run %d failed before it was killed: %v\n%s", i, k.cmd.ProcessState, k.output.String())
		}
		checkLatest(t, out)
	}
	if killedPublishing == 0 {
		t.Errorf("no kill landed while a run was publishing (%d kills; publishing took %v)", killed, publish)
	}

	if b, err := command(t, args...).CombinedOutput(); err != nil {
		t.Fatalf("run after the kills: %v\n%s", err, b)
	}
	after := checkLatest(t, out)
	if after == "" || after == before {
		t.Errorf("the run after the kills published nothing new (%q then %q)", before, after)
	}
	if left := stagings(out); len(left) > 0 {
		t.Errorf("staging folders %v left after a successful run", left)
	}
	t.Logf("killed %d of %d runs, %d of them while publishing; a run took %v, its publishing %v",
		killed, anywhere+inPublishing, killedPublishing, whole.Round(time.Millisecond), publish.Round(time.Millisecond))
}
