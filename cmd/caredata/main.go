// Command caredata publishes open datasets about children's social care in
// England. It stays thin: it parses flags and calls package pipeline.
//
//	caredata run [--out DIR] [--sources DIR] [--documents DIR]
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
	"syscall"

	"github.com/caredata/caredata/extractors/all"
	"github.com/caredata/caredata/extractors/cla"
	"github.com/caredata/caredata/extractors/documents"
	"github.com/caredata/caredata/extractors/documents/figures"
	"github.com/caredata/caredata/extractors/documents/score"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/sources"
)

// Exit codes, mirrored in README.md.
const (
	exitOK     = 0
	exitFailed = 1 // the run failed; the previous release stays published
	exitUsage  = 2
	exitInput  = 3 // an input does not match its manifest checksum
	exitLayout = 4 // an input's layout or a cell could not be read
	exitCancel = 130
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: caredata <command> [flags]

commands:
  run    extract every source and publish a release
         --out DIR      output root (default ./out): releases/<id>/ and latest
         --sources DIR  read manifest.json and its files from DIR instead of the embedded sources
         --documents DIR  also read every .txt/.html/.htm document in DIR for claims
  text   print a document's text as claims' start/end offsets count it
         caredata text FILE
  claims score the claims found in documents against hand-annotated gold claims
         --gold FILE     JSON lines, one gold claim a line (spec/claims.md)
         --documents DIR also read the .txt/.html/.htm documents in DIR
         --sources DIR   read the manifest's documents from DIR instead of the embedded ones
`)
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	slog.SetDefault(logger) // extractors log their warnings through the default logger
	switch args[0] {
	case "run":
		return cmdRun(args[1:], stdout, stderr, logger)
	case "text":
		return cmdText(args[1:], stdout, stderr)
	case "claims":
		return cmdClaims(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "caredata: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func cmdRun(args []string, stdout, stderr io.Writer, logger *slog.Logger) int {
	fl := flag.NewFlagSet("run", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("out", "out", "output root")
	srcDir := fl.String("sources", "", "sources folder with manifest.json (default: embedded)")
	docDir := fl.String("documents", "", "folder of .txt/.html documents to read for claims, besides the manifest's")
	if err := fl.Parse(args); err != nil {
		return exitUsage
	}
	var src fs.FS = sources.FS
	if *srcDir != "" {
		src = os.DirFS(*srcDir)
	}
	var extra []pipeline.Input
	if *docDir != "" {
		var err error
		if extra, err = documents.Dir(*docDir); err != nil {
			fmt.Fprintf(stderr, "caredata: %v\n", err)
			return exitUsage
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rel, err := pipeline.Run(ctx, pipeline.Options{Sources: src, Out: *out, Registry: all.Registry(), Logger: logger, Extra: extra})
	if err != nil {
		fmt.Fprintf(stderr, "caredata: run failed, nothing published (the previous release, if any, stays latest): %v\n", err)
		return exitCode(err)
	}
	fmt.Fprintf(stdout, "published release %s in %s\n", rel.ID, rel.Dir)
	for _, f := range rel.Files {
		fmt.Fprintf(stdout, "  %-34s %8d rows %10d bytes\n", f.Path, rel.Rows[f.Dataset.Name], f.Bytes)
	}
	for _, n := range rel.Notes {
		fmt.Fprintf(stdout, "note: %s\n", n)
	}
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
	var in []pipeline.Input
	for _, s := range m.Sources {
		if s.Extractor != pipeline.Documents {
			continue
		}
		i, err := s.Read(src)
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
	var le *cla.LayoutError
	var ce *cla.CellError
	switch {
	case errors.Is(err, context.Canceled):
		return exitCancel
	case errors.Is(err, pipeline.ErrChecksum):
		return exitInput
	case errors.As(err, &le), errors.As(err, &ce):
		return exitLayout
	}
	return exitFailed
}
