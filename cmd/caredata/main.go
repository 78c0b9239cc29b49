// Command caredata publishes open datasets about children's social care in
// England. It stays thin: it parses flags and calls package pipeline.
//
//	caredata run [--out DIR] [--sources DIR] [--documents DIR] [--force] [--keep N] [--wait]
//	caredata schedule [--cron SPEC] [same flags as run]
//	caredata text FILE
//	caredata claims --gold FILE [--documents DIR] [--sources DIR]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/all"
	"github.com/caredata/caredata/extractors/documents"
	"github.com/caredata/caredata/extractors/documents/figures"
	"github.com/caredata/caredata/extractors/documents/score"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/serve"
	"github.com/caredata/caredata/sources"
	"github.com/caredata/caredata/validate"
)

// Exit codes, mirrored in README.md.
const (
	exitOK      = 0
	exitFailed  = 1 // the run failed; the previous release stays published
	exitUsage   = 2
	exitInput   = 3 // an input does not match its manifest checksum
	exitLayout  = 4 // an input's layout or a cell could not be read
	exitLocked  = 5 // another run holds the output folder's lock
	exitInvalid = 6 // the staged release failed validation and was not published
	exitCancel  = 130
)

func main() {
	// A soft memory limit keeps a run within its budget of 200 MB of
	// resident memory, of which the program and its embedded sources take
	// about 45 MB: rows stream in batches, so the live heap stays near
	// 70 MB, and the limit stops the collector letting the batches' and
	// workbooks' garbage pile up to twice that. GOMEMLIMIT overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(140 << 20)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: caredata <command> [flags]

commands:
  run      extract every source and publish a release
           --out DIR        output root (default ./out): releases/<id>/ and latest
           --sources DIR    read manifest.json and its files from DIR instead of the embedded sources
           --documents DIR  also read every .txt/.html/.htm document in DIR for claims
           --force          publish even if no input changed since the last release
           --keep N         keep the newest N releases (default 30)
           --wait           wait for another run's lock instead of exiting
           --fetch          bring sources with a download address or discovery rule up to date first
                            (conditional requests; a failure falls back to the last good copy, marked stale)
           --log-format F   text (default) or json
  schedule run on a cron schedule until SIGINT/SIGTERM (same flags as run, less --force)
           --cron SPEC      default "0 2 * * *"; six fields put seconds first
  text     print a document's text as claims' start/end offsets count it
           caredata text FILE
  validate check a release folder, or a folder of EES CSV + .meta.csv files: SHA256SUMS,
           datapackage.json, the EES data standard, Parquet read-back, accessible spreadsheets
           caredata validate DIR   (one line per finding; exit 6 when any error is found)
  serve    serve the published folders read-only over HTTP (/latest/…, /releases/<id>/…)
           --addr HOST:PORT default 127.0.0.1:8080
           --out DIR        output root (default ./out)
           --log-format F   text (default) or json
  claims   score the claims found in documents against hand-annotated gold claims
           --gold FILE      JSON lines, one gold claim a line (spec/claims.md)
           --documents DIR  also read the .txt/.html/.htm documents in DIR
           --sources DIR    read the manifest's documents from DIR instead of the embedded ones
`)
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return cmdRun(args[1:], stdout, stderr)
	case "schedule":
		return cmdSchedule(args[1:], stderr)
	case "text":
		return cmdText(args[1:], stdout, stderr)
	case "claims":
		return cmdClaims(args[1:], stdout, stderr)
	case "validate":
		return cmdValidate(args[1:], stdout, stderr)
	case "serve":
		return cmdServe(args[1:], stderr)
	case "help", "-h", "--help":
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "caredata: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

// runFlags are the flags run and schedule share.
type runFlags struct {
	out, sources, documents, logFormat string
	keep                               int
	fetch                              bool
}

func (r *runFlags) register(fl *flag.FlagSet) {
	fl.StringVar(&r.out, "out", "out", "output root: releases/ and latest")
	fl.StringVar(&r.sources, "sources", "", "sources folder with manifest.json (default: embedded)")
	fl.StringVar(&r.documents, "documents", "", "folder of .txt/.html documents to read for claims, besides the manifest's")
	fl.StringVar(&r.logFormat, "log-format", "text", "log format: text or json")
	fl.IntVar(&r.keep, "keep", 30, "releases to keep; older ones are pruned")
	fl.BoolVar(&r.fetch, "fetch", false, "fetch sources that name a download address or discovery rule before extracting")
}

// logger logs to stderr in the chosen format; extractors log their
// warnings through the default logger, so it becomes the default.
func (r *runFlags) logger(stderr io.Writer) (*slog.Logger, error) {
	var h slog.Handler
	switch r.logFormat {
	case "text":
		h = slog.NewTextHandler(stderr, nil)
	case "json":
		h = slog.NewJSONHandler(stderr, nil)
	default:
		return nil, fmt.Errorf("--log-format %q: want text or json", r.logFormat)
	}
	l := slog.New(h)
	slog.SetDefault(l)
	return l, nil
}

// options builds a run's options; documents are read afresh each time,
// since a scheduled run should see files added since the last one.
func (r *runFlags) options() (pipeline.Options, error) {
	var src fs.FS = sources.FS
	if r.sources != "" {
		src = os.DirFS(r.sources)
	}
	o := pipeline.Options{Sources: src, Out: r.out, Registry: pipeline.NewRegistry(all.Extractors(), all.Derivers()), Keep: r.keep, Fetch: r.fetch}
	if r.documents != "" {
		var err error
		if o.Extra, err = documents.Dir(r.documents); err != nil {
			return o, err
		}
	}
	return o, nil
}

func cmdRun(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("run", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var rf runFlags
	rf.register(fl)
	force := fl.Bool("force", false, "publish a new release even if no input changed")
	wait := fl.Bool("wait", false, "wait for another run's lock instead of failing")
	if err := fl.Parse(args); err != nil {
		return exitUsage
	}
	logger, err := rf.logger(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitUsage
	}
	o, err := rf.options()
	if err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitUsage
	}
	o.Logger, o.Force, o.Wait = logger, *force, *wait
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rel, err := pipeline.Run(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "caredata: run failed, nothing published (the previous release, if any, stays latest): %v\n", err)
		return exitCode(err)
	}
	if rel.Unchanged {
		fmt.Fprintf(stdout, "no input changed since release %s: nothing published (use --force to publish anyway)\n", rel.ID)
		return exitOK
	}
	fmt.Fprintf(stdout, "published release %s in %s\n", rel.ID, rel.Dir)
	for _, f := range rel.Files {
		fmt.Fprintf(stdout, "  %-34s %8d rows %10d bytes\n", f.Path, rel.Rows[f.Dataset.Name], f.Bytes)
	}
	for _, n := range rel.Notes {
		fmt.Fprintf(stdout, "note: %s\n", n)
	}
	if len(rel.Pruned) > 0 {
		fmt.Fprintf(stdout, "pruned: %s\n", strings.Join(rel.Pruned, ", "))
	}
	return exitOK
}

// cmdSchedule runs the pipeline on a cron schedule until SIGINT or SIGTERM.
func cmdSchedule(args []string, stderr io.Writer) int {
	fl := flag.NewFlagSet("schedule", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var rf runFlags
	rf.register(fl)
	spec := fl.String("cron", pipeline.DefaultSchedule, "cron schedule (five fields, or six with seconds first)")
	if err := fl.Parse(args); err != nil {
		return exitUsage
	}
	logger, err := rf.logger(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitUsage
	}
	if _, err := rf.options(); err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := func() pipeline.Options {
		o, err := rf.options()
		if err != nil {
			logger.Error("documents folder unreadable; running without it", "error", err)
		}
		o.Wait = true // a manual run in progress delays the scheduled one
		return o
	}
	if _, err := pipeline.Schedule(ctx, *spec, opts, logger); err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// cmdServe serves OUT/latest and OUT/releases read-only until SIGINT or
// SIGTERM.
func cmdServe(args []string, stderr io.Writer) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	rf := runFlags{}
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on")
	fl.StringVar(&rf.out, "out", "out", "output root holding latest and releases/")
	fl.StringVar(&rf.logFormat, "log-format", "text", "text or json")
	if err := fl.Parse(args); err != nil || fl.NArg() > 0 {
		return exitUsage
	}
	logger, err := rf.logger(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitUsage
	}
	if _, err := os.Stat(rf.out); err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve.ListenAndServe(ctx, *addr, rf.out, logger); err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// cmdValidate checks a release folder, or a folder of CSV + .meta.csv
// files, and prints one line per finding. Warnings (the standards'
// advice) are printed but do not fail.
func cmdValidate(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: caredata validate DIR")
		return exitUsage
	}
	findings, err := validate.Dir(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitFailed
	}
	for _, f := range findings {
		fmt.Fprintln(stdout, f)
	}
	kind := "folder of EES files"
	if validate.IsRelease(args[0]) {
		kind = "release"
	}
	errs := len(validate.Errors(findings))
	if errs > 0 {
		fmt.Fprintf(stderr, "caredata: %s %s fails validation: %d errors, %d warnings\n", kind, args[0], errs, len(findings)-errs)
		return exitInvalid
	}
	fmt.Fprintf(stdout, "%s: %s passes (%d rules): no errors, %d warnings\n", args[0], kind, len(validate.Rules), len(findings))
	return exitOK
}

// cmdText prints the text of a document as claims' offsets count it.
func cmdText(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: caredata text FILE")
		return exitUsage
	}
	b, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitFailed
	}
	doc, err := documents.Read(args[0], b)
	if err != nil {
		fmt.Fprintf(stderr, "caredata: %s: %v\n", args[0], err)
		return exitFailed
	}
	io.WriteString(stdout, doc.Text)
	return exitOK
}

// cmdClaims prints precision, recall and F1 of the claims found in the
// manifest's documents (and --documents) against a gold file, then every miss.
func cmdClaims(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("claims", flag.ContinueOnError)
	fl.SetOutput(stderr)
	goldFile := fl.String("gold", "", "gold claims, JSON lines")
	docDir := fl.String("documents", "", "folder of documents")
	srcDir := fl.String("sources", "", "sources folder with manifest.json (default: embedded)")
	if err := fl.Parse(args); err != nil {
		return exitUsage
	}
	if *goldFile == "" {
		fmt.Fprintln(stderr, "caredata claims: --gold FILE is required")
		return exitUsage
	}
	f, err := os.Open(*goldFile)
	if err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitUsage
	}
	defer f.Close()
	gold, err := score.LoadGold(*goldFile, f)
	if err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitUsage
	}
	var src fs.FS = sources.FS
	if *srcDir != "" {
		src = os.DirFS(*srcDir)
	}
	m, err := pipeline.LoadManifest(src)
	if err != nil {
		fmt.Fprintf(stderr, "caredata: %v\n", err)
		return exitFailed
	}
	var in []extract.Input
	for _, s := range m.Sources {
		if s.Extractor != extract.Documents {
			continue
		}
		i, err := pipeline.ReadSource(src, s)
		if err != nil {
			fmt.Fprintf(stderr, "caredata: %v\n", err)
			return exitCode(err)
		}
		in = append(in, i)
	}
	if *docDir != "" {
		extra, err := documents.Dir(*docDir)
		if err != nil {
			fmt.Fprintf(stderr, "caredata: %v\n", err)
			return exitUsage
		}
		in = append(in, extra...)
	}
	pred := map[string][]figures.Claim{}
	for _, i := range in {
		_, claims, err := documents.Claims(i)
		if err != nil {
			fmt.Fprintf(stderr, "caredata: %v\n", err)
			return exitFailed
		}
		pred[documents.ID(i.Source.Path)] = claims
	}
	if err := score.Compare(pred, gold).Write(stdout); err != nil {
		return exitFailed
	}
	return exitOK
}

// exitCode maps an error to the exit-code table.
func exitCode(err error) int {
	switch {
	case errors.Is(err, context.Canceled):
		return exitCancel
	case errors.Is(err, pipeline.ErrChecksum):
		return exitInput
	case errors.Is(err, pipeline.ErrLocked):
		return exitLocked
	case errors.Is(err, pipeline.ErrInvalid):
		return exitInvalid
	case errors.Is(err, extract.ErrUnreadable):
		return exitLayout
	}
	return exitFailed
}
