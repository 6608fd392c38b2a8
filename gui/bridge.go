package gui

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"medianscope/compute"
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

	// ProgressInterval between two progress updates on screen (~10/s).
	progressEvery time.Duration
}

func newBridge(do func(func()), trace *uiTrace) *bridge {
	return &bridge{do: do, trace: trace, progressEvery: 100 * time.Millisecond}
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
	b.gen++
	gen := b.gen
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel

	var latest atomic.Pointer[compute.Progress]
	finished := make(chan struct{})
	b.wg.Add(2)
	go func() { // the run
		defer b.wg.Done()
		res, err := runSource(ctx, src, opts, func(p compute.Progress) { latest.Store(&p) })
		close(finished)
		var data *plot.Data
		if err == nil && h.prepare != nil {
			data = h.prepare(res)
		}
		b.do(func() {
			if gen != b.gen {
				return // a newer run replaced this one; its result is stale
			}
			b.cancel = nil
			cancel()
			if b.trace != nil {
				b.trace.runEnded(src.Name, opts.Workers, res, err)
			}
			h.done(res, data, err)
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
				b.do(func() {
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
		b.trace.runStarted()
		b.heartbeat(finished)
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

// heartbeat posts a beat to the UI goroutine every few milliseconds until
// done is closed, and records how long each took to be serviced.
func (b *bridge) heartbeat(done <-chan struct{}) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		t := time.NewTicker(4 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sent := time.Now()
				b.do(func() { b.trace.beat(time.Since(sent)) })
			}
		}
	}()
}

// background runs work on its own goroutine and hands its result to then
// on the UI goroutine.
func background[T any](b *bridge, work func() T, then func(T)) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		v := work()
		b.do(func() { then(v) })
	}()
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
	db.seq++
	seq := db.seq
	if db.timer != nil && db.timer.Stop() {
		db.b.wg.Done() // the stopped timer's goroutine will never run
	}
	db.b.wg.Add(1)
	db.timer = time.AfterFunc(db.d, func() {
		defer db.b.wg.Done()
		db.b.do(func() {
			if seq == db.seq {
				db.f()
			}
		})
	})
}
