package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"github.com/caredata/caredata/release"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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

// A run killed with SIGKILL at random moments never leaves latest pointing
// at an incomplete release, and the next run succeeds.
func TestKilledRunsNeverBreakLatest(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 50 real runs")
	}
	bin := filepath.Join(t.TempDir(), "caredata")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	src := claOnlySources(t)
	out := t.TempDir()
	run := func() *exec.Cmd {
		return exec.Command(bin, "run", "--force", "--wait", "--keep", "3", "--sources", src, "--out", out)
	}
	// How long a whole run takes, to spread the kills over it.
	start := time.Now()
	if b, err := run().CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, b)
	}
	whole := time.Since(start)
	rng := rand.New(rand.NewPCG(1, 2))
	var killed int
	for i := 0; i < 50; i++ {
		cmd := run()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(whole) + 1)))
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			killed++
		}
		cmd.Wait()
		checkLatest(t, out)
	}
	before := checkLatest(t, out)
	if b, err := run().CombinedOutput(); err != nil {
		t.Fatalf("run after the kills: %v\n%s", err, b)
	}
	after := checkLatest(t, out)
	if after == "" || after == before {
		t.Errorf("the run after the kills published nothing new (%q then %q)", before, after)
	}
	entries, _ := os.ReadDir(filepath.Join(out, release.ReleasesDir))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".staging-") {
			t.Errorf("staging folder %s left after a successful run", e.Name())
		}
	}
	t.Logf("killed %d of 50 runs at random moments within %v", killed, whole)
}
