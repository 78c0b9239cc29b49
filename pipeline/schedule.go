package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"
)

// DefaultSchedule runs the pipeline at 02:00 every night.
const DefaultSchedule = "0 2 * * *"

// parser accepts the usual five cron fields, an optional leading seconds
// field (tests run every second) and descriptors such as @daily.
var parser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Schedule runs the pipeline on a cron spec until ctx is cancelled (the
// command cancels it on SIGINT or SIGTERM). A run still going when the
// next one is due makes that one skip; a panic in a run is logged, not
// fatal. On cancellation Schedule waits for a run in flight to finish:
// that run either publishes whole or leaves latest untouched. It returns
// the number of runs started.
func Schedule(ctx context.Context, spec string, opts func() Options, log *slog.Logger) (int, error) {
	sched, err := parser.Parse(spec)
	if err != nil {
		return 0, fmt.Errorf("schedule %q: %w", spec, err)
	}
	logger := cron.VerbosePrintfLogger(slogPrintf{log})
	c := cron.New(cron.WithParser(parser), cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	var runs atomic.Int64
	c.Schedule(sched, cron.FuncJob(func() {
		n := runs.Add(1)
		o := opts()
		o.Logger = log
		// The run is not cancelled by shutdown: it finishes, and Stop
		// waits for it, so a release is never cut in half by a signal.
		rel, err := Run(context.WithoutCancel(ctx), o)
		switch {
		case err != nil:
			log.Error("scheduled run failed; the previous release stays latest", "run", n, "error", err)
		case rel.Unchanged:
			log.Info("scheduled run: no input changed", "run", n, "release", rel.ID)
		default:
			log.Info("scheduled run published", "run", n, "release", rel.ID, "files", len(rel.Files))
		}
	}))
	log.Info("schedule started", "cron", spec, "next", sched.Next(time.Now()).UTC())
	c.Start()
	<-ctx.Done()
	log.Info("stopping: waiting for a run in flight")
	<-c.Stop().Done()
	log.Info("schedule stopped", "runs", runs.Load())
	return int(runs.Load()), nil
}

// slogPrintf lets cron's logger write through slog.
type slogPrintf struct{ log *slog.Logger }

func (s slogPrintf) Printf(format string, args ...any) {
	s.log.Info("cron: " + fmt.Sprintf(format, args...))
}
