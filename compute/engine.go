// Package compute is Medianscope's engine: from CSV text (or compressed
// CSV, or an Excel sheet) whose rows, columns or groups are lists of
// numbers, the median of every list and the smallest and largest of those
// medians. It streams: a reader cuts the input into blocks at record
// boundaries, workers (one per core by default) parse blocks and select
// medians in place, and an aggregator merges the blocks' results in file
// order. It imports no GUI package and is usable as a library.
//
// The pipeline, by file: source.go (bytes → text: decompression,
// container, encoding), sniff.go (the dialect and the shape from the first
// MiB), reader.go (text → blocks), block.go (a block → per-list parts, one
// keying per shape), merge.go (parts → lists, in order), engine.go (the
// goroutines that run them).
package compute

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"medianscope/internal/hugepage"
	"medianscope/internal/priority"
)

var errStopped = errors.New("stopped")

// Run computes the median of every list in r. onProgress, when not nil, is
// called from another goroutine at most every ProgressInterval while the
// run lasts and once at the end of a successful run; it must return quickly.
//
// Cancelling ctx stops every goroutine Run started within about 100 ms and
// Run returns ctx.Err(). Run returns only after all of them have ended; a
// reader blocked in Read (a pipe) delays that until its Read returns.
//
// Errors: *ParseError for a bad cell or bad quoting (the first in file
// order), *MixedDecimalError, *InputError for input that is not CSV text
// or cannot be read as asked, ErrEmpty, ErrNoNumbers, or the reader's own
// error.
func Run(ctx context.Context, r io.Reader, opts Options, onProgress func(Progress)) (*Result, error) {
	opts = opts.withDefaults()
	if err := CheckDelimiter(opts.Dialect.Delimiter); err != nil {
		return nil, err
	}
	if opts.TotalBytes == 0 {
		opts.TotalBytes = sizeOf(r)
	}
	e := &run{opts: opts, start: time.Now(), arena: &hugepage.Arena{}}
	e.reading.Store(true)
	ictx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopWatch := context.AfterFunc(ictx, func() { e.stop.Store(true) })
	defer stopWatch()

	inflight := 2*opts.Workers + 2
	// One block waits for a worker, the rest are being parsed: a queue of
	// one per worker kept a block more in memory for no speed (4 MiB).
	work := make(chan *block, 1)
	results := make(chan blockResult, opts.Workers)
	e.tokens = make(chan struct{}, inflight)
	e.free = make(chan []byte, inflight)
	e.freeVals = make(chan []float64, opts.Workers)
	e.freeNews = make(chan *news, inflight)

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if opts.Background {
			priority.Lower()
		}
		e.read(ictx, r, work)
	}()
	var workers sync.WaitGroup
	e.parsers = make([]*blockParser, opts.Workers)
	for w := range opts.Workers {
		p := &blockParser{e: e, worker: w, vals: make([]float64, 0, 64), labels: make([]byte, 0, 256)}
		p.chains.arena = e.arena
		e.parsers[w] = p
		workers.Add(1)
		go func() {
			defer workers.Done()
			if opts.Background {
				priority.Lower()
			}
			for b := range work {
				var res blockResult
				if e.stop.Load() {
					res = blockResult{seq: b.seq, err: errStopped}
				} else {
					t0 := time.Now()
					res = p.parse(b)
					e.busy.Add(int64(time.Since(t0)))
				}
				// Between blocks, let other goroutines run: with every core
				// busy, a GUI's event loop would otherwise wait for the
				// scheduler's 10 ms preemption.
				runtime.Gosched()
				e.recycle(b.data)
				res.tokens = b.tokens
				results <- res
			}
		}()
	}
	wg.Add(1)
	go func() { defer wg.Done(); workers.Wait(); close(results) }()

	tickDone := make(chan struct{})
	if onProgress != nil {
		wg.Add(1)
		go func() { defer wg.Done(); e.tick(tickDone, onProgress) }()
	}

	m, err := e.aggregate(results, cancel)
	close(tickDone)
	wg.Wait()
	defer e.release()
	var res *Result
	if err == nil && ctx.Err() == nil {
		res, err = m.finish()
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	if onProgress != nil {
		onProgress(e.progress())
	}
	return res, nil
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.BlockSize <= 0 {
		o.BlockSize = DefaultBlockSize
	}
	return o
}

func sizeOf(r io.Reader) int64 {
	if s, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := s.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	}
	if f, ok := r.(interface {
		Seek(int64, int) (int64, error)
	}); ok {
		cur, err1 := f.Seek(0, io.SeekCurrent)
		end, err2 := f.Seek(0, io.SeekEnd)
		if err1 == nil && err2 == nil {
			if _, err := f.Seek(cur, io.SeekStart); err == nil && end > cur {
				return end - cur
			}
		}
	}
	return -1
}

// run is the state shared by one Run's goroutines.
type run struct {
	opts      Options
	start     time.Time
	stop      atomic.Bool
	spreadOff atomic.Bool // Options.SpreadLimit was passed: no more spread
	bytesRead atomic.Int64
	listsDone atomic.Int64
	busy      atomic.Int64   // nanoseconds
	tokens    chan struct{}  // bounds blocks read but not yet merged
	free      chan []byte    // recycled block buffers
	reading   atomic.Bool    // until the reader ends: buffers are recycled
	freeVals  chan []float64 // the parts of a huge list, once selected: workers' next scratch
	// arena holds the block buffers and the workers' scratch for records
	// longer than a block (so those records' parts); what is still out
	// when the run's goroutines have ended is freed then. Nil outside Run
	// (ordinary arrays).
	arena    *hugepage.Arena
	freeNews chan *news // merged blocks' news, for the workers' next blocks
	// report is set by the reader once the source is open and sniffed,
	// before the first block is sent: workers read it without a lock.
	report atomic.Pointer[Report]
	// parsers are the workers' own, read by the aggregator once they have
	// all ended (for the values of columns and groups).
	parsers []*blockParser
}

func (e *run) progress() Progress {
	return Progress{
		BytesRead:  e.bytesRead.Load(),
		TotalBytes: e.opts.TotalBytes,
		Lists:      int(e.listsDone.Load()),
		Workers:    e.opts.Workers,
		Elapsed:    time.Since(e.start),
		Busy:       time.Duration(e.busy.Load()),
		Dialect:    e.report.Load(),
	}
}

func (e *run) tick(done <-chan struct{}, onProgress func(Progress)) {
	t := time.NewTicker(ProgressInterval)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			onProgress(e.progress())
		}
	}
}

// release frees the run's arena once its goroutines have ended and the
// result is made: a worker's scratch and chains, the parts recycled or
// left by an error or a cancel. The parsers forget theirs, so that nothing
// holds them any more.
func (e *run) release() {
	for _, p := range e.parsers {
		p.vals = nil
		p.chains.release()
	}
	e.arena.FreeAll()
}

func (e *run) recycle(buf []byte) {
	if cap(buf) > 2*e.opts.BlockSize || cap(buf) == 0 || !e.reading.Load() {
		// A buffer grown for one long record (on the Go heap), or one
		// the reader will not need again.
		hugepage.Free(e.arena, buf)
		return
	}
	select {
	case e.free <- buf[:0]:
	default:
		hugepage.Free(e.arena, buf)
	}
}

// aggregate merges block results in file order.
func (e *run) aggregate(results <-chan blockResult, cancel func()) (*merger, error) {
	m := newMerger(e)
	pending := map[int]blockResult{}
	next := 0
	var firstErr error
	for r := range results {
		if firstErr != nil {
			continue // drain until every worker has stopped
		}
		pending[r.seq] = r
		for {
			b, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			for range b.tokens {
				<-e.tokens
			}
			if err := m.add(b); err != nil {
				firstErr = err
				cancel()
				break
			}
			e.listsDone.Store(int64(m.lists()))
		}
	}
	return m, firstErr
}
