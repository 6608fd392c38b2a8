package gui

import (
	"log"
	"os"
	"slices"
	"time"

	"medianscope/compute"
)

// uiTrace measures responsiveness when MEDIANSCOPE_TRACE=ui: during each
// run, how long heartbeats posted every 4 ms waited before the UI
// goroutine ran them, and how often progress reached the screen. It is
// only touched on the UI goroutine.
type uiTrace struct {
	logf     func(format string, args ...any)
	run      int
	started  time.Time
	beats    []time.Duration
	progress int
}

// newTraceFromEnv returns a tracer when MEDIANSCOPE_TRACE=ui, else nil.
func newTraceFromEnv() *uiTrace {
	if os.Getenv("MEDIANSCOPE_TRACE") != "ui" {
		return nil
	}
	return &uiTrace{logf: log.New(os.Stderr, "", 0).Printf}
}

func (t *uiTrace) runStarted() {
	t.run++
	t.started = time.Now()
	t.beats = t.beats[:0]
	t.progress = 0
}

func (t *uiTrace) beat(d time.Duration) { t.beats = append(t.beats, d) }

func (t *uiTrace) progressShown() { t.progress++ }

// TraceStats summarises one run's heartbeats.
type TraceStats struct {
	Beats           int
	Mean, P99, Max  time.Duration
	ProgressPerSec  float64
	ProgressUpdates int
	Elapsed         time.Duration
}

func (t *uiTrace) stats() TraceStats {
	s := TraceStats{Beats: len(t.beats), ProgressUpdates: t.progress, Elapsed: time.Since(t.started)}
	if len(t.beats) > 0 {
		sorted := slices.Clone(t.beats)
		slices.Sort(sorted)
		var sum time.Duration
		for _, b := range sorted {
			sum += b
		}
		s.Mean = sum / time.Duration(len(sorted))
		s.P99 = sorted[min(len(sorted)-1, len(sorted)*99/100)]
		s.Max = sorted[len(sorted)-1]
	}
	if s.Elapsed > 0 {
		s.ProgressPerSec = float64(t.progress) / s.Elapsed.Seconds()
	}
	return s
}

func (t *uiTrace) runEnded(name string, workers int, res *compute.Result, err error) {
	s := t.stats()
	outcome := "ok"
	if err != nil {
		outcome = "error: " + err.Error()
	}
	mbs := 0.0
	if res != nil {
		mbs = res.MBPerSecond()
		workers = res.Workers
	}
	t.logf("ui-trace run=%d file=%q workers=%d elapsed_s=%.2f mb_per_s=%.0f heartbeat_mean_ms=%.2f heartbeat_p99_ms=%.2f heartbeat_max_ms=%.2f beats=%d progress_updates=%d progress_per_s=%.1f outcome=%q",
		t.run, name, workers, s.Elapsed.Seconds(), mbs, ms(s.Mean), ms(s.P99), ms(s.Max), s.Beats, s.ProgressUpdates, s.ProgressPerSec, outcome)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
