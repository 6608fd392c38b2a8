package gui

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/canvas"
)

// afterStartup runs f once: after the first paint and three calm probes,
// or, when the window never paints or never calms down, at startupWait.
func TestAfterStartup(t *testing.T) {
	old := startupWait
	startupWait = 300 * time.Millisecond
	defer func() { startupWait = old }()
	for _, c := range []struct {
		name    string
		painted bool
		delay   time.Duration // each hop's wait: over normalBeat is never calm
		calm    bool          // f runs after three probes, unless the machine is slow
	}{
		{"painted, calm", true, 0, true},
		{"painted, busy", true, normalBeat + 5*time.Millisecond, false},
		{"never painted", false, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var probes atomic.Int32
			var mu sync.Mutex // the dispatch is the UI goroutine: one at a time
			b := newBridge(func(f func()) {
				go func() {
					time.Sleep(c.delay)
					mu.Lock()
					defer mu.Unlock()
					probes.Add(1)
					f()
				}()
			}, nil)
			calls := make(chan time.Time, 4)
			start := time.Now()
			obj := b.afterStartup(func() { calls <- time.Now() })
			r, ok := obj.(*canvas.Raster)
			if !ok {
				t.Fatalf("afterStartup returned %T, want a raster", obj)
			}
			if c.painted {
				for range 3 { // repaints call the generator again
					if img := r.Generator(20, 10); img == nil {
						t.Fatal("the generator returned no image")
					}
				}
			}
			var at time.Time
			var hops int32
			select {
			case at = <-calls:
				hops = probes.Load()
			case <-time.After(10 * time.Second):
				t.Fatal("f never ran")
			}
			select {
			case <-calls:
				t.Fatal("f ran twice")
			case <-time.After(startupWait + 100*time.Millisecond):
			}
			took := at.Sub(start)
			switch {
			case !c.painted && hops != 1:
				t.Errorf("never painted: %d hops, want f's alone", hops)
			case !c.calm && took < startupWait:
				t.Errorf("f ran %v after start, before startupWait (%v), on a window that never calmed down", took, startupWait)
			case c.calm && took < startupWait && hops != 4:
				// (Past startupWait a loaded machine's hops were slow:
				// then the deadline ran f, which is right too.)
				t.Errorf("f ran after %d hops, want three calm probes and its own", hops)
			}
		})
	}
}

// The heartbeat keeps one beat in flight: while the UI goroutine runs
// nothing, one beat waits, not one per beatEvery; once it runs, the next
// one comes.
func TestHeartbeatOneAtATime(t *testing.T) {
	var mu sync.Mutex
	var queued []func()
	b := newBridge(func(f func()) { mu.Lock(); queued = append(queued, f); mu.Unlock() }, newTrace(func(string, ...any) {}))
	quit := make(chan struct{})
	defer close(quit)
	b.heartbeat(quit)
	waitFor := func(what string, ok func(n int) bool) int {
		deadline := time.Now().Add(10 * time.Second)
		for {
			mu.Lock()
			n := len(queued)
			mu.Unlock()
			if ok(n) {
				return n
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d beats queued", what, n)
			}
			time.Sleep(time.Millisecond)
		}
	}
	waitFor("the first beat", func(n int) bool { return n >= 1 })
	time.Sleep(20 * beatEvery) // the UI goroutine is stuck: no beat runs
	if n := waitFor("", func(int) bool { return true }); n != 1 {
		t.Fatalf("%d beats queued while the first waited, want 1", n)
	}
	mu.Lock()
	f := queued[0]
	mu.Unlock()
	f() // the UI goroutine runs it
	waitFor("the next beat", func(n int) bool { return n >= 2 })
}

// A window closed during its start-up opens nothing, and afterStartup's
// goroutine ends (wg).
func TestAfterStartupClosed(t *testing.T) {
	b := newBridge(func(f func()) { go f() }, nil)
	ran := make(chan struct{}, 1)
	r := b.afterStartup(func() { ran <- struct{}{} }).(*canvas.Raster)
	b.close()
	r.Generator(10, 10)
	done := make(chan struct{})
	go func() { b.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("afterStartup's goroutine did not end")
	}
	time.Sleep(10 * time.Millisecond) // the last post, if any, has run
	select {
	case <-ran:
		t.Fatal("a closed window opened its file")
	default:
	}
}
