package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/output"
	"github.com/caredata/caredata/schemas"
)

// BatchRows is the number of rows a batch carries from a producer to the
// writers: small enough that the batches in flight stay a few megabytes,
// large enough that the per-batch overhead does not show.
const BatchRows = 8192

// queued is how many batches may wait for each writer.
const queued = 1

// stream carries one dataset's rows from its producer (an extractor, a
// deriver or the run itself) to the writers that take rows as they come
// (Parquet, CSV, .meta.csv), in batches, counting what the whole table's
// writers need to know (output.Tally). Once the producer is done and the
// writers have closed their files, the dataset is complete: the writers
// that need the whole table's summary first (Excel), derivers that need
// the dataset, and the comparison with the previous release read the
// written Parquet file.
type stream struct {
	ds    *schemas.Dataset
	tally output.Tally
	files []*fileWriter
	// taps keep the rows derivers need as the batches pass.
	taps []*tap

	opened  atomic.Bool
	failed  atomic.Bool // a writer failed: stop taking rows
	sources func(*output.Tally) []output.Source
	summary output.Summary // set before ready, before the writers' queues close
	ready   atomic.Bool

	done chan struct{} // closed when complete (or failed)
	err  error
}

// fileWriter is one writer of one dataset, fed through a queue.
type fileWriter struct {
	w    output.Writer
	path string
	name string
	q    chan schemas.Table
	file output.File
	err  error
	done chan struct{}
}

func newStream(ds *schemas.Dataset, sources func(*output.Tally) []output.Source) *stream {
	return &stream{ds: ds, sources: sources, done: make(chan struct{})}
}

// start opens the files of the writers that take rows as they come.
func (s *stream) start(dir string, writers []output.Writer, meta output.Meta) {
	for _, w := range writers {
		if !w.Applies(s.ds) || w.NeedsSummary() {
			continue
		}
		name := s.ds.Name + w.Format().Ext
		fw := &fileWriter{w: w, name: name, path: filepath.Join(dir, name), q: make(chan schemas.Table, queued), done: make(chan struct{})}
		s.files = append(s.files, fw)
		go func() {
			defer close(fw.done)
			fw.file, fw.err = writeFile(fw.path, func(out io.Writer) error {
				return fw.w.Write(out, &queueRows{s: s, q: fw.q}, meta)
			})
			if fw.err != nil {
				s.failed.Store(true)
				fw.err = fmt.Errorf("publish %s: %w", name, fw.err)
			}
			// A writer that stopped early leaves batches behind.
			for t := range fw.q {
				t.Release()
			}
		}()
	}
}

// builder returns the builder the producer appends to.
func (s *stream) builder(mem memory.Allocator) (*schemas.Builder, error) {
	if s.opened.Swap(true) {
		return nil, fmt.Errorf("dataset %s opened twice", s.ds.Name)
	}
	return schemas.NewStream(mem, s.ds, BatchRows, s.emit), nil
}

var errWriterFailed = errors.New("a writer of the dataset failed")

// emit hands a batch to every writer; it owns t.
func (s *stream) emit(t schemas.Table) error {
	defer t.Release()
	if s.failed.Load() {
		return errWriterFailed
	}
	s.tally.Add(t)
	for _, tp := range s.taps {
		if err := extract.KeepRows(tp.b, t, tp.keep); err != nil {
			return err
		}
	}
	for _, fw := range s.files {
		t.Record.Retain()
		fw.q <- t
	}
	return nil
}

// finish ends the stream: with err == nil the producer is done and the
// files are completed; otherwise they are abandoned. It waits for the
// writers and returns the first error.
func (s *stream) finish(err error) error {
	if err == nil {
		s.summary = output.Summary{Rows: s.tally.Rows(), Symbols: s.tally.Symbols(), Sources: s.sources(&s.tally)}
		s.ready.Store(true)
	}
	for _, tp := range s.taps {
		tp.t = tp.b.Table()
		tp.b.Release()
	}
	for _, fw := range s.files {
		close(fw.q)
	}
	for _, fw := range s.files {
		<-fw.done
		// A producer stopped by a failed writer reports the writer's error.
		if (err == nil || errors.Is(err, errWriterFailed)) && fw.err != nil {
			err = fw.err
		}
	}
	s.err = err
	close(s.done)
	return err
}

// wait blocks until the dataset is complete and returns its error.
func (s *stream) wait(ctx context.Context) error {
	select {
	case <-s.done:
		return s.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// tap keeps the rows of a stream one deriver needs.
type tap struct {
	keep func(r *schemas.Reader, i int) bool
	b    *schemas.Builder
	t    schemas.Table // once the stream is complete
}

// addTap starts keeping the rows keep selects; call before the stream's
// producer starts.
func (s *stream) addTap(mem memory.Allocator, keep func(r *schemas.Reader, i int) bool) *tap {
	tp := &tap{keep: keep, b: schemas.NewBuilder(mem, s.ds)}
	s.taps = append(s.taps, tp)
	return tp
}

// queueRows are the rows a writer reads from its queue.
type queueRows struct {
	s *stream
	q chan schemas.Table
}

func (r *queueRows) Dataset() *schemas.Dataset { return r.s.ds }

func (r *queueRows) Each(fn func(schemas.Table) error) error {
	for t := range r.q {
		err := fn(t)
		t.Release()
		if err != nil {
			return err
		}
	}
	return nil
}

// Summary is known once the producer is done: finish sets it before it
// closes the queues.
func (r *queueRows) Summary() (output.Summary, bool) {
	if !r.s.ready.Load() {
		return output.Summary{}, false
	}
	return r.s.summary, true
}

// parquetRows are a complete dataset's rows read back from its Parquet
// file, for the writers that need the summary before the first row.
type parquetRows struct {
	ctx     context.Context
	ds      *schemas.Dataset
	path    string
	summary output.Summary
}

func (r *parquetRows) Dataset() *schemas.Dataset       { return r.ds }
func (r *parquetRows) Summary() (output.Summary, bool) { return r.summary, true }
func (r *parquetRows) Each(fn func(schemas.Table) error) error {
	pf, err := output.OpenParquet(r.path)
	if err != nil {
		return err
	}
	defer pf.Close()
	// The whole-table writer is Excel's, which takes text columns as
	// dictionaries: la_spend's strings are not made a row at a time.
	return pf.ScanStringDictionaries(r.ctx, r.ds, fn)
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

// limiter bounds the work running at once (extractions, derivations,
// second-pass writers, comparisons) by the cores.
type limiter chan struct{}

func (l limiter) acquire(ctx context.Context) error {
	select {
	case l <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l limiter) release() { <-l }

// group runs functions concurrently and keeps the first error, cancelling
// the others through the context.
type group struct {
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error
	cancel context.CancelFunc
}

func (g *group) run(fn func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := fn(); err != nil {
			g.mu.Lock()
			if g.err == nil {
				g.err = err
				g.cancel()
			}
			g.mu.Unlock()
		}
	}()
}

func (g *group) wait() error {
	g.wg.Wait()
	return g.err
}
