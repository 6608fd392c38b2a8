// Package compute is Medianscope's engine: from CSV text whose rows are
// lists of numbers, the median of every list and the smallest and largest
// of those medians. It streams: a reader cuts the input into blocks at
// record boundaries, workers (one per core by default) parse blocks and
// select medians in place, and an aggregator merges the blocks' results in
// file order. It imports no GUI package and is usable as a library.
package compute

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// HeaderMode says whether the first non-blank line is a header.
type HeaderMode int

const (
	// HeaderAuto: a header when it has at least two cells and none of them
	// is a number or a missing marker.
	HeaderAuto HeaderMode = iota
	HeaderYes
	HeaderNo
)

// LabelMode says where a row's label comes from.
type LabelMode int

const (
	// LabelAuto: a first cell that is neither a number nor a missing
	// marker is the row's label.
	LabelAuto LabelMode = iota
	// LabelFirst: the first cell is always the label.
	LabelFirst
	// LabelNone: no labels; every cell is data.
	LabelNone
)

var (
	headerNames = []string{"auto", "yes", "no"}
	labelNames  = []string{"auto", "first", "none"}
)

func (m HeaderMode) String() string { return headerNames[m] }
func (m LabelMode) String() string  { return labelNames[m] }

// ParseHeaderMode reads "auto", "yes" or "no".
func ParseHeaderMode(s string) (HeaderMode, error) {
	for i, n := range headerNames {
		if s == n {
			return HeaderMode(i), nil
		}
	}
	return 0, fmt.Errorf("header must be auto, yes or no, not %q", s)
}

// ParseLabelMode reads "auto", "first" or "none".
func ParseLabelMode(s string) (LabelMode, error) {
	for i, n := range labelNames {
		if s == n {
			return LabelMode(i), nil
		}
	}
	return 0, fmt.Errorf("label must be auto, first or none, not %q", s)
}

// ParseDelimiter reads a delimiter name: "," ";" "|" or a tab ("\t", "tab").
func ParseDelimiter(s string) (byte, error) {
	switch s {
	case ",", ";", "|":
		return s[0], nil
	case "\t", `\t`, "tab", "TAB":
		return '\t', nil
	}
	return 0, fmt.Errorf(`delimiter must be ",", ";", "|" or tab, not %q`, s)
}

// DefaultBlockSize is the size of the blocks the reader hands to workers:
// large enough that per-block overhead vanishes, small enough that a few
// blocks per worker in flight stay a few tens of MB.
const DefaultBlockSize = 4 << 20

// Options configure a Run. The zero value is valid: comma, automatic header
// and labels, strict cells, one worker per CPU.
type Options struct {
	Workers     int        // 0 means runtime.NumCPU()
	Delimiter   byte       // 0 means ','
	Header      HeaderMode // HeaderAuto by default
	Label       LabelMode  // LabelAuto by default
	SkipInvalid bool       // count and skip non-numeric cells instead of failing
	BlockSize   int        // 0 means DefaultBlockSize; tests use tiny blocks
	TotalBytes  int64      // input size for progress; 0 asks the reader (Stat), -1 unknown
	// Background runs the reader and the workers at a lower OS scheduling
	// priority (Linux: nice 10, on threads of their own), so that an
	// interactive program's event loop is not kept waiting by them; alone
	// on the machine, they run as fast.
	Background bool
}

// ListStat is one list (one row of the input).
type ListStat struct {
	Index  int     // 0-based among all lists in file order, empty ones included
	Line   int     // 1-based line where the list starts
	Label  string  // "" when the row has none
	Count  int     // numbers in the list; 0 for an empty list
	Median float64 // NaN when Count is 0, or for the midpoint of -Inf and +Inf
}

// Name is how the list is named to a person: its label, or "row N" with N
// its 1-based position among all lists.
func (l ListStat) Name() string {
	if l.Label != "" {
		return l.Label
	}
	return "row " + strconv.Itoa(l.Index+1)
}

// HasMedian reports whether the list takes part in min and max.
func (l ListStat) HasMedian() bool { return l.Count > 0 && !math.IsNaN(l.Median) }

// Summary is the whole-file view of a Result.
type Summary struct {
	Lists      int   // lists with at least one number
	EmptyLists int   // rows with no number
	Values     int64 // numbers read
	Skipped    int64 // missing cells (empty or an NA marker)
	Invalid    int64 // non-numeric cells skipped with SkipInvalid
	MinIndex   int   // index in Result.Lists of the smallest median, -1 if none
	MaxIndex   int   // index of the largest median, -1 if none
	Workers    int
	Bytes      int64 // input bytes read (compressed bytes for gzip input)
	Elapsed    time.Duration
	// Busy is the time workers spent parsing and selecting, summed over
	// workers: Busy/Elapsed is how many cores the run kept busy.
	Busy time.Duration
}

// Parallelism is how many cores the run kept busy on average (Busy over
// Elapsed): the speed-up over one core for the CPU-bound part.
func (s Summary) Parallelism() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return s.Busy.Seconds() / s.Elapsed.Seconds()
}

// Result is every list and the summary.
type Result struct {
	Lists []ListStat
	Summary
}

// Min returns the list with the smallest median (first in file order on a
// tie); ok is false when no list has a median.
func (r *Result) Min() (ListStat, bool) { return r.at(r.MinIndex) }

// Max returns the list with the largest median (first in file order on a tie).
func (r *Result) Max() (ListStat, bool) { return r.at(r.MaxIndex) }

func (r *Result) at(i int) (ListStat, bool) {
	if i < 0 || i >= len(r.Lists) {
		return ListStat{}, false
	}
	return r.Lists[i], true
}

// MBPerSecond is the throughput of the run in megabytes (10^6) per second.
func (r *Result) MBPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Bytes) / 1e6 / r.Elapsed.Seconds()
}

// Progress is a snapshot of a running Run.
type Progress struct {
	BytesRead  int64
	TotalBytes int64 // -1 when unknown
	Lists      int   // lists merged so far, in file order
	Workers    int
	Elapsed    time.Duration
	Busy       time.Duration // worker time so far, summed over workers
}

// Fraction is the share of the input read, in [0,1], or -1 when unknown.
func (p Progress) Fraction() float64 {
	if p.TotalBytes <= 0 {
		return -1
	}
	return math.Min(1, float64(p.BytesRead)/float64(p.TotalBytes))
}

// ProgressInterval is the least time between two progress calls (20/s).
const ProgressInterval = 50 * time.Millisecond

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
// order), *InputError for input that is not CSV text, ErrEmpty,
// ErrNoNumbers, or the reader's own error.
func Run(ctx context.Context, r io.Reader, opts Options, onProgress func(Progress)) (*Result, error) {
	opts = opts.withDefaults()
	switch opts.Delimiter {
	case '"', '\n', '\r', ' ':
		return nil, fmt.Errorf("%q cannot be the delimiter", opts.Delimiter)
	}
	if opts.TotalBytes == 0 {
		opts.TotalBytes = sizeOf(r)
	}
	e := &run{opts: opts, start: time.Now()}
	ictx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopWatch := context.AfterFunc(ictx, func() { e.stop.Store(true) })
	defer stopWatch()

	inflight := 2*opts.Workers + 2
	work := make(chan *block, opts.Workers)
	results := make(chan blockResult, opts.Workers)
	e.tokens = make(chan struct{}, inflight)
	e.free = make(chan []byte, inflight)

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if opts.Background {
			lowerPriority()
		}
		e.read(ictx, r, work)
	}()
	var workers sync.WaitGroup
	for range opts.Workers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			if opts.Background {
				lowerPriority()
			}
			p := &blockParser{opts: &e.opts, stop: &e.stop}
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

	res, err := e.aggregate(results, cancel)
	close(tickDone)
	wg.Wait()
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
	if o.Delimiter == 0 {
		o.Delimiter = ','
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
	bytesRead atomic.Int64
	listsDone atomic.Int64
	busy      atomic.Int64  // nanoseconds
	tokens    chan struct{} // bounds blocks read but not yet merged
	free      chan []byte   // recycled block buffers
}

func (e *run) progress() Progress {
	return Progress{
		BytesRead:  e.bytesRead.Load(),
		TotalBytes: e.opts.TotalBytes,
		Lists:      int(e.listsDone.Load()),
		Workers:    e.opts.Workers,
		Elapsed:    time.Since(e.start),
		Busy:       time.Duration(e.busy.Load()),
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

func (e *run) recycle(buf []byte) {
	if cap(buf) > 2*e.opts.BlockSize || cap(buf) == 0 {
		return // a buffer grown for one long record is left to the GC
	}
	select {
	case e.free <- buf[:0]:
	default:
	}
}

// aggregate merges block results in file order into the Result. Blocks'
// lists are kept as they come and copied once, at the end, into one slice
// of the exact size: growing one slice per list costs more than the
// parsing for files of many short rows.
func (e *run) aggregate(results <-chan blockResult, cancel func()) (*Result, error) {
	res := &Result{Summary: Summary{MinIndex: -1, MaxIndex: -1, Workers: e.opts.Workers}}
	var m merger
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
			<-e.tokens
			if b.err != nil {
				firstErr = b.err
				cancel()
				break
			}
			m.add(&res.Summary, b)
			e.listsDone.Store(int64(m.n))
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	res.Lists = m.lists()
	res.Bytes = e.bytesRead.Load()
	res.Elapsed = time.Since(e.start)
	res.Busy = time.Duration(e.busy.Load())
	if res.Bytes == 0 {
		return nil, ErrEmpty
	}
	if res.Values == 0 {
		if m.header > 0 {
			return nil, fmt.Errorf("%w (line %d was taken as the header)", ErrNoNumbers, m.header)
		}
		return nil, ErrNoNumbers
	}
	return res, nil
}

// merger reduces blocks, in file order, to the summary and the lists.
type merger struct {
	chunks   [][]ListStat
	n        int
	min, max float64
	header   int // line of the header, 0 if none
}

func (m *merger) add(s *Summary, b blockResult) {
	s.Values += b.values
	s.Skipped += b.skipped
	s.Invalid += b.invalid
	if b.header > 0 {
		m.header = b.header
	}
	for i := range b.lists {
		l := &b.lists[i]
		l.Index = m.n + i
		if l.Count == 0 {
			s.EmptyLists++
			continue
		}
		s.Lists++
		if math.IsNaN(l.Median) {
			continue
		}
		// Strict comparisons: on a tie the earlier list stays.
		if s.MinIndex < 0 || l.Median < m.min {
			s.MinIndex, m.min = l.Index, l.Median
		}
		if s.MaxIndex < 0 || l.Median > m.max {
			s.MaxIndex, m.max = l.Index, l.Median
		}
	}
	m.n += len(b.lists)
	m.chunks = append(m.chunks, b.lists)
}

func (m *merger) lists() []ListStat {
	if len(m.chunks) == 1 {
		return m.chunks[0]
	}
	all := make([]ListStat, 0, m.n)
	for _, c := range m.chunks {
		all = append(all, c...)
	}
	return all
}
