package gui

import (
	"context"
	"image"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"medianscope/compute"
	"medianscope/internal/priority"
	"medianscope/plot"
)

// bridge owns every goroutine the window starts and every hop from those
// goroutines back to the UI goroutine: nothing else in this package says
// `go` or touches a widget from another goroutine. The hop is the injected
// do function — fyne.Do in the app, a queue that the test pumps in tests
// (Fyne's test driver runs fyne.Do inline, which hides races).
//
// All bridge methods are called on the UI goroutine, so its own fields
// need no lock; the goroutines it starts talk back only through do.
type bridge struct {
	do     func(func())
	wg     sync.WaitGroup // every goroutine started here, for tests and shutdown
	cancel context.CancelFunc
	gen    int // the current run; results of older runs are dropped
	trace  *uiTrace
	// pending counts background jobs and debounce timers that have yet
	// to come back to the UI goroutine (the trace's "fully on screen").
	pending int
	// closed is set by close, on the UI goroutine: no goroutine starts
	// after it (one started while shutdown waits for wg would reuse wg).
	closed bool

	// ProgressInterval between two progress updates on screen (~10/s).
	progressEvery time.Duration
}

func newBridge(do func(func()), trace *uiTrace) *bridge {
	b := &bridge{do: do, trace: trace, progressEvery: 100 * time.Millisecond}
	if trace != nil {
		trace.bridge = b
	}
	return b
}

// post runs f on the UI goroutine; with the trace on, f is timed under
// name (a hop), so that a stall can be put down to what ran.
func (b *bridge) post(name string, f func()) {
	if b.trace == nil {
		b.do(f)
		return
	}
	b.do(func() {
		start := time.Now()
		f()
		b.trace.hopped(name, time.Since(start))
	})
}

// keepAProcForUI makes sure that the UI goroutine finds a P (one of Go's
// GOMAXPROCS slots for running goroutines) while the engine runs workers
// goroutines flat out. With as many workers as Ps, every P is held by a
// worker, and the UI goroutine, runnable — after every cgo call into GL,
// whose P is handed on — waits for one to be preempted, 10 ms at a time,
// whatever the OS priorities. So there are two Ps more than workers: one
// for the UI goroutine, one for the rest of a run (reader, aggregator,
// collector, chart data), and the OS scheduler decides, where the
// workers' lower priority (Options.Background) gives way to the event
// loop. Measured with go tool trace under Xvfb, 2 cores, 2 workers, 10M
// lists, a busy machine: the UI goroutine waited for a P 1.7 to 2.2 s in
// all with GOMAXPROCS 2 (47 waits over 10 ms, the longest 0.3 s), 0.6 to
// 2.2 s with 3, 0.16 to 0.30 s with 4 (3 waits over 10 ms, at most 15 ms).
func keepAProcForUI(workers int) {
	if runtime.GOMAXPROCS(0) < workers+2 {
		runtime.GOMAXPROCS(workers + 2)
	}
}

// runHandlers receive a run's news on the UI goroutine; prepare, if set,
// runs on the run's goroutine first, for work on the result that should
// not hold up the UI (O(lists) for the chart data).
type runHandlers struct {
	progress func(compute.Progress)
	prepare  func(*compute.Result) *plot.Data
	done     func(*compute.Result, *plot.Data, error)
}

// start cancels the run in progress, if any, and runs the engine on src in
// a new goroutine. Progress reaches h.progress at most every
// progressEvery; the end reaches h.done, unless another run was started
// since.
func (b *bridge) start(src Source, opts compute.Options, h runHandlers) {
	b.stop()
	if b.closed {
		return
	}
	b.gen++
	gen := b.gen
	keepAProcForUI(opts.Workers)
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel

	var latest atomic.Pointer[compute.Progress]
	finished := make(chan struct{})
	b.wg.Add(2)
	go func() { // the run
		defer b.wg.Done()
		// It merges the workers' blocks and prepares the charts: behind
		// the UI, as are the workers (Options.Background).
		priority.Lower()
		res, err := runSource(ctx, src, opts, func(p compute.Progress) { latest.Store(&p) })
		engineEnd := time.Now()
		close(finished)
		var data *plot.Data
		if err == nil && h.prepare != nil {
			data = h.prepare(res)
		}
		b.post("run end", func() {
			if gen != b.gen {
				return // a newer run replaced this one; its result is stale
			}
			b.cancel = nil
			cancel()
			if b.trace == nil {
				h.done(res, data, err)
				return
			}
			span := b.trace.runEnded(src.Name, opts.Workers, engineEnd, res, err)
			start := time.Now()
			h.done(res, data, err) // may start another run (the speed-up's second)
			b.trace.handled(span, time.Since(start))
		})
	}()
	go func() { // progress, throttled: one hop per tick, not one per block
		defer b.wg.Done()
		t := time.NewTicker(b.progressEvery)
		defer t.Stop()
		var shown *compute.Progress
		for {
			select {
			case <-finished:
				return
			case <-t.C:
				p := latest.Load()
				if p == nil || p == shown {
					continue
				}
				shown = p
				b.post("progress", func() {
					if gen == b.gen && b.cancel != nil {
						if b.trace != nil {
							b.trace.progressShown()
						}
						h.progress(*p)
					}
				})
			}
		}
	}()
	if b.trace != nil {
		b.trace.runStarted(src.Name)
	}
}

// running reports whether a run is in progress.
func (b *bridge) running() bool { return b.cancel != nil }

// stop cancels the run in progress; its done handler still runs, with
// context.Canceled.
func (b *bridge) stop() {
	if b.cancel != nil {
		b.cancel()
	}
}

// close stops the run and starts nothing more: what the UI goroutine is
// still handed (a redraw, a result) no longer starts jobs, so that wg can
// be waited for.
func (b *bridge) close() {
	b.closed = true
	b.stop()
}

// quitSoon stops the run and the heartbeat, starts nothing more, and calls
// quit on the UI goroutine quitDelay later (see UI.quit).
func (b *bridge) quitSoon(quit func()) {
	if b.closed {
		return // asked twice: the first Quit is on its way
	}
	if b.trace != nil {
		b.trace.close()
	}
	b.debounce(quitDelay, quit).trigger()
	// Closed after the timer is armed (a closed bridge arms none): no run
	// or job starts in the meantime, whose posts could outlive Quit.
	b.close()
}

const quitDelay = 100 * time.Millisecond

// heartbeat posts a beat to the UI goroutine every beatEvery (one at a
// time: none while the last one waits) until quit is closed, and the
// trace records how long each waited to be run. It
// runs from the first run to the end of the process (so that it sees
// scrolling, sorting and exports too), and so is not one of wg's
// goroutines: it holds nothing and only posts beats.
func (b *bridge) heartbeat(quit <-chan struct{}) {
	go func() {
		t := time.NewTicker(beatEvery)
		defer t.Stop()
		var waiting atomic.Bool // a beat is posted and has not run yet
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				// One beat at a time: while one waits, its wait is the
				// measure. Posted every beatEvery regardless, beats piled
				// up in Fyne's queue, which runs one function per turn of
				// its loop between frames: behind a few slow frames the
				// pile itself made the later beats wait (up to twice as
				// long as the frames did).
				if !waiting.CompareAndSwap(false, true) {
					continue
				}
				sent := time.Now()
				b.do(func() {
					waiting.Store(false)
					b.trace.beat(sent, time.Since(sent))
				})
			}
		}
	}()
}

// background runs work on its own goroutine and hands its result to then
// on the UI goroutine.
func background[T any](b *bridge, work func() T, then func(T)) {
	if b.closed {
		return
	}
	b.wg.Add(1)
	b.pending++
	name := ""
	if b.trace != nil {
		name = hopName(reflect.ValueOf(then).Pointer())
	}
	go func() {
		defer b.wg.Done()
		// A sort of 10M rows keeps a core busy for two seconds: at the
		// same priority as the UI goroutine and the GL renderer's threads,
		// frames waited for it (stalls of 100-175 ms in make smoke).
		priority.Lower()
		start := time.Now()
		v := work()
		took := time.Since(start)
		b.post(name, func() {
			b.pending--
			start := time.Now()
			then(v)
			if b.trace != nil {
				b.trace.jobDone(name, took, time.Since(start))
			}
		})
	}()
}

// releaseMemory collects the garbage, off the UI goroutine, once a
// replaced result or sort order has become garbage: else the collector
// waits for the heap to double (GOGC=100 in the window) and the process
// grows by what each one held (10M lists: +115 MB a sort). The window's
// heap is mostly pointer-free columns, so a collection is quick, and the
// next result or order reuses the freed memory without fresh page faults.
// Not debug.FreeOSMemory: returning the pages at once holds the heap lock
// while it unmaps them, and every allocation of the UI goroutine waited
// (10M lists: a stall of 130 ms after each sort). The runtime's
// background scavenger gives them back at its own pace.
func (b *bridge) releaseMemory() {
	background(b, func() struct{} { runtime.GC(); return struct{}{} }, func(struct{}) {})
}

// debouncer runs f on the UI goroutine once calls to trigger have paused
// for d. It is used only from the UI goroutine.
type debouncer struct {
	b     *bridge
	d     time.Duration
	f     func()
	timer *time.Timer
	seq   int
}

func (b *bridge) debounce(d time.Duration, f func()) *debouncer {
	return &debouncer{b: b, d: d, f: f}
}

func (db *debouncer) trigger() {
	if db.b.closed {
		return
	}
	db.seq++
	seq := db.seq
	if db.timer != nil && db.timer.Stop() {
		db.b.wg.Done() // the stopped timer's goroutine will never run
		db.b.pending--
	}
	db.b.wg.Add(1)
	db.b.pending++
	name := ""
	if db.b.trace != nil {
		name = hopName(reflect.ValueOf(db.f).Pointer())
	}
	db.timer = time.AfterFunc(db.d, func() {
		defer db.b.wg.Done()
		db.b.post(name, func() {
			db.b.pending--
			if seq == db.seq {
				db.f()
			}
		})
	})
}

// startupWait bounds afterStartup's wait: a window that paints nothing
// (minimised at start) still opens its file.
var startupWait = 1500 * time.Millisecond

// afterStartup returns an invisible object to place in the window; f runs
// on the UI goroutine once the window has painted it (its first frame)
// and then run three posted probes in a row within a frame (normalBeat)
// each, or after startupWait. Why: the window's first frames load the GL
// driver and build its textures and glyphs on the UI goroutine (130-200
// ms in all under Xvfb's software GL, spread over a few frames); a run
// started in the middle of them made them slower still and counted them
// as a stall of the run. Started after, a run's span begins on a window
// that is ready (on a GPU desktop that is the first frame). Only the
// painter calls the raster's generator, on the UI goroutine; the probes
// are posted from a goroutine of the bridge's (wg), which ends with them.
func (b *bridge) afterStartup(f func()) fyne.CanvasObject {
	var once sync.Once
	deadline := time.Now().Add(startupWait)
	b.wg.Add(1) // ready runs once: after the first paint or the timer
	ready := func() {
		defer b.wg.Done()
		calm := 0
		for calm < 3 && time.Now().Before(deadline) {
			sent := time.Now()
			done := make(chan time.Duration, 1)
			b.do(func() { done <- time.Since(sent) })
			select {
			case wait := <-done:
				if wait < normalBeat {
					calm++
				} else {
					calm = 0
				}
			case <-time.After(time.Until(deadline)):
			}
			time.Sleep(beatEvery)
		}
		b.post("start-up done", func() {
			if !b.closed { // the window was closed meanwhile
				f()
			}
		})
	}
	start := func() { once.Do(func() { go ready() }) }
	timer := time.AfterFunc(startupWait, start)
	return canvas.NewRaster(func(w, h int) image.Image {
		timer.Stop()
		start()
		return image.NewNRGBA(image.Rect(0, 0, 1, 1)) // transparent
	})
}
