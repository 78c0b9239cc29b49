// Package extract is the plugin API of caredata: what an extractor (one
// kind of source file → published rows) and a deriver (published datasets
// → another dataset) see of a run, and nothing else. It sits at the bottom
// of the tree and imports only package schemas and the standard library,
// so a source package never depends on the orchestrator (package
// pipeline), the writers or the catalogue.
//
// A run hands each extractor its manifest sources with their verified
// bytes ([Input]) and an [Env]: where its rows go ([Output]), a logger,
// and the run's notes. Rows are appended through a [schemas.Builder] that
// hands them on in bounded batches, so no dataset need be held whole. A
// deriver declares the datasets it [Deriver.Needs]; the run orders
// derivers by those needs and gives each a [Tables] view of them.
//
// Tests run an extractor or deriver without a pipeline through [Run] and
// [Derive], which collect the rows in memory.
package extract

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/caredata/caredata/schemas"
)

// Source is one input file as the manifest lists it.
type Source struct {
	ID          string    `json:"source_id"`
	Extractor   string    `json:"extractor"` // which extractor reads it
	Path        string    `json:"path"`      // relative to the manifest, POSIX
	Publisher   string    `json:"publisher"`
	Title       string    `json:"title"`
	URL         string    `json:"url"`
	Licence     string    `json:"licence"`
	Release     string    `json:"release"`
	MediaType   string    `json:"media_type"`
	SHA256      string    `json:"sha256"`
	Bytes       int64     `json:"bytes"`
	RetrievedAt time.Time `json:"retrieved_at"`
	// Published is the publication date (YYYY-MM-DD) where known: claim
	// checks compare a document with the statistics published before it.
	Published string `json:"published,omitempty"`
	// Download is the address of the file itself, and Discover a rule to
	// find the current file on its publication page; with --fetch a run
	// brings the source up to date from either.
	Download string    `json:"download,omitempty"`
	Discover *Discover `json:"discover,omitempty"`
}

// Discover says how to find a source's current file: the attachments of a
// GOV.UK page (Content API), or the latest release's data files of an
// Explore Education Statistics publication, picked by a regular
// expression on their title or file name.
type Discover struct {
	GovUK string `json:"govuk,omitempty"` // content path, e.g. government/statistical-data-sets/...
	EES   string `json:"ees,omitempty"`   // publication slug, e.g. children-looked-after-in-england-including-adoptions
	Match string `json:"match"`           // regexp matched against attachment title or filename
}

// Input is a source with its bytes, already checked against the manifest's
// sha256.
type Input struct {
	Source Source
	Data   []byte
	// Release, set by the run, drops the run's own reference to Data
	// (see Done); nil outside a run.
	Release func()
}

// Done tells the run that the extractor has finished with the input's
// bytes before it has finished extracting, so the collector may have
// them: an extractor that parses many files and builds its tables after
// (Ofsted's 17 MB of registers) calls it on each file once parsed.
// Data is nil afterwards.
func (i *Input) Done() {
	i.Data = nil
	if i.Release != nil {
		i.Release()
	}
}

// Lookups is the manifest's extractor value for reference files (code
// lists, boundary lookups) that any extractor or deriver may read: every
// extractor gets them after its own sources and finds them by source id.
const Lookups = "lookup"

// Documents is the extractor name of documents (articles, briefings),
// whose sources may lack an official address.
const Documents = "documents"

// Own returns the inputs that are the extractor's own sources, not lookups.
func Own(in []Input) []Input {
	var out []Input
	for _, i := range in {
		if i.Source.Extractor != Lookups {
			out = append(out, i)
		}
	}
	return out
}

// FindLookup returns the lookup input with that source id.
func FindLookup(in []Input, id string) (Input, error) {
	for _, i := range in {
		if i.Source.Extractor == Lookups && i.Source.ID == id {
			return i, nil
		}
	}
	return Input{}, fmt.Errorf("lookup %s is not in the manifest", id)
}

// An Extractor turns the files of one kind of source into published rows.
type Extractor interface {
	// Name is the manifest's `extractor` value for its sources.
	Name() string
	// Datasets lists the datasets it publishes, declared up front.
	Datasets() []*schemas.Dataset
	// Extract reads its inputs (its own sources in manifest order, then
	// every lookup) and appends rows to builders from env.Out. It may
	// open only the datasets it declared, each once; the run closes them
	// when Extract returns without error.
	Extract(ctx context.Context, env Env, in []Input) error
}

// A Deriver builds datasets from other datasets, once those are complete:
// la_profile joins counts, spending and provision, which come from three
// sources.
type Deriver interface {
	// Name names the deriver in logs and errors.
	Name() string
	// Datasets lists the datasets it publishes.
	Datasets() []*schemas.Dataset
	// Needs lists the datasets it reads, and which of their rows. The run
	// keeps those rows as each dataset streams past, starts the deriver
	// when they are all complete, and fails before extracting anything
	// when one is published by nobody or the needs form a cycle.
	Needs() []Need
	// Derive reads its needs through in (and the lookups) and appends
	// rows to builders from env.Out, as Extract does.
	Derive(ctx context.Context, env Env, in Tables, lookups []Input) error
}

// A Need is a dataset a deriver reads, and which of its rows.
type Need struct {
	Dataset *schemas.Dataset
	// Keep selects the rows the deriver reads (nil: every row). It sees
	// each row through a reader of the batch the row is in, as the rows
	// stream from their producer to the writers: of la_spend's 636,000
	// rows, la_profile keeps the 5,000 it joins, and nothing is read back.
	Keep func(r *schemas.Reader, i int) bool
}

// Tables gives a deriver the rows of the datasets it needs.
type Tables interface {
	// Table returns the rows of ds its Need keeps, in published order.
	// The caller releases the table. Asking for a dataset the deriver
	// did not declare is an error.
	Table(ds *schemas.Dataset) (schemas.Table, error)
}

// Output is where an extractor or deriver sends its rows.
type Output interface {
	// Open returns the builder for ds. Rows appended to it reach the
	// writers in batches; the run flushes and closes it.
	Open(ds *schemas.Dataset) (*schemas.Builder, error)
}

// Env is what a run gives every extractor and deriver: no globals, no
// values hidden in the context.
type Env struct {
	// Mem allocates the Arrow buffers of the rows.
	Mem schemas.Allocator
	// Log takes warnings (an unmatched local authority name).
	Log *slog.Logger
	// Notes collects the run summary's lines.
	Notes *Notes
	// Out takes the rows.
	Out Output
	// Release names the release being built, for producers that record
	// when something changed (claim_history).
	Release Release
	// Previous gives the whole datasets of the release this one follows,
	// for derivers that carry a history from release to release; nil on
	// the first release. A dataset the previous release lacks comes back
	// with no rows.
	Previous Tables
}

// Release is a release's id and the time it was made.
type Release struct {
	ID      string
	Created time.Time
}

// Notef adds a line to the run summary, for facts a reader of the release
// should know that are not errors (totals that do not add up, and why),
// and logs it.
func (e Env) Notef(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	if e.Log != nil {
		e.Log.Info(line)
	}
	if e.Notes != nil {
		e.Notes.Add(line)
	}
}

// Notes is the run summary: lines that go into run.json and the command's
// output. It is safe for concurrent use.
type Notes struct {
	mu    sync.Mutex
	lines []string
}

// Add appends a line.
func (n *Notes) Add(line string) {
	n.mu.Lock()
	n.lines = append(n.lines, line)
	n.mu.Unlock()
}

// Lines returns the lines added so far, in order.
func (n *Notes) Lines() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.lines...)
}
