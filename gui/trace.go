package gui

import (
	"bufio"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"medianscope/compute"
)

// uiTrace measures responsiveness when MEDIANSCOPE_TRACE=ui. A heartbeat
// posted every beatEvery (none while the last one waits) records how long
// each beat waited before the UI goroutine ran it; every other hop to the UI goroutine (bridge.post) is
// timed and named, so that a stall can be put down to the code that ran.
// It writes, to stderr, lines of key=value pairs for scripts/smoke.sh:
//
//	ui-trace run=N …  when a run's end reaches the UI goroutine: the
//	                  heartbeat while the engine ran, and how often
//	                  progress reached the screen.
//	ui-span run=N …   when that run's outcome is fully on screen and the
//	                  UI idle: the whole span from open to idle (below).
//	ui-stall …        a beat that waited more than stallAfter, at any
//	                  time (also while scrolling, sorting, exporting), with
//	                  the longest hop that ran while it waited.
//	ui-job …          a background job (a chart drawn, a sort) done: its
//	                  time off the UI goroutine and its hop's on it.
//
// A span starts when a file is opened or computed again (bridge.start)
// and has these moments:
//
//   - engine end: the engine returned (result or error), before the charts'
//     data are prepared off the UI goroutine;
//   - fully on screen: the run's end has been shown (its handler ran: the
//     summary, table, banner and status set, or the cancel or error shown),
//     and everything that set off has come back: the bridge has no run,
//     background job (a chart drawn off the UI goroutine, a sort) or
//     debounce timer (the redraw once the re-layout settled) outstanding,
//     and every chart on screen (in the selected tab) shows an image of
//     its current data at its current pixel size;
//   - idle: fully on screen, and the heartbeat back to normal: from then
//     on, for idleWindow, nothing was outstanding and every beat was run
//     within normalBeat (a frame). A span that is not idle idleTimeout
//     after the engine's end is reported with idle_after_engine_s=-1.
//
// With MEDIANSCOPE_CPUPROFILE=FILE each span is CPU-profiled into FILE
// (the last span's profile stays); with MEDIANSCOPE_HEAPPROFILE=FILE a
// heap profile is written at each span's end, after a collection. The
// trace is only touched on the UI goroutine.
type uiTrace struct {
	logf     func(format string, args ...any)
	bridge   *bridge     // for what is outstanding; set by newBridge
	onScreen func() bool // the charts on screen are current (chartsCurrent)
	now      func() time.Time
	born     time.Time // the stall lines' at_s counts from here

	run      int
	span     *traceSpan // the open span, nil when none
	progress int
	beating  bool
	quit     chan struct{} // closed by close: the heartbeat stops
	ended    bool          // close was called
	// The longest hop since the last beat ran: what a late beat waited for.
	sinceBeat hop
	lastStall time.Time // when the last stall logged ended

	cpuProfile, heapProfile string
	profiling               *os.File
}

const (
	beatEvery   = 4 * time.Millisecond
	stallAfter  = 100 * time.Millisecond
	normalBeat  = 16 * time.Millisecond // one frame at 60 Hz
	idleWindow  = 250 * time.Millisecond
	idleTimeout = time.Minute
)

// traceSpan is one run's span, from open to idle.
type traceSpan struct {
	run        int
	name       string
	start      time.Time
	engineEnd  time.Time // zero until the engine returned
	handled    time.Time // zero until the run's end was shown
	shown      time.Time // zero until fully on screen
	quietSince time.Time // start of the current quiet stretch, zero if none
	outcome    string
	lists      int
	handle     time.Duration // the run's end handler on the UI goroutine
	beats      []beat
	longest    hop // the longest hop of the span
}

type beat struct {
	sent time.Time
	wait time.Duration
}

// hop is one function run on the UI goroutine, by name.
type hop struct {
	name string
	took time.Duration
}

// newTraceFromEnv returns a tracer when MEDIANSCOPE_TRACE=ui, else nil.
func newTraceFromEnv() *uiTrace {
	if os.Getenv("MEDIANSCOPE_TRACE") != "ui" {
		return nil
	}
	t := newTrace(log.New(os.Stderr, "", 0).Printf)
	t.cpuProfile, t.heapProfile = os.Getenv("MEDIANSCOPE_CPUPROFILE"), os.Getenv("MEDIANSCOPE_HEAPPROFILE")
	return t
}

func newTrace(logf func(format string, args ...any)) *uiTrace {
	return &uiTrace{logf: logf, onScreen: chartsCurrent, now: time.Now, born: time.Now(), quit: make(chan struct{})}
}

// runStarted opens a span (closing one still open as superseded) and
// starts the heartbeat, which then runs until close.
func (t *uiTrace) runStarted(name string) {
	if t.span != nil {
		t.span.outcome = "superseded"
		t.endSpan(time.Time{})
	}
	t.run++
	t.progress = 0
	t.span = &traceSpan{run: t.run, name: name, start: t.now()}
	t.startProfile()
	if !t.beating && !t.ended {
		t.beating = true
		t.bridge.heartbeat(t.quit)
	}
}

// close stops the heartbeat, for good: a run started after it (none
// should: the bridge is closed with it) beats no more.
func (t *uiTrace) close() {
	if t.ended {
		return
	}
	t.ended = true
	close(t.quit)
	t.beating = false
}

func (t *uiTrace) progressShown() { t.progress++ }

// hopped notes a hop that ran on the UI goroutine for took.
func (t *uiTrace) hopped(name string, took time.Duration) {
	if took > t.sinceBeat.took {
		t.sinceBeat = hop{name, took}
	}
	if s := t.span; s != nil {
		if took > s.longest.took {
			s.longest = hop{name, took}
		}
		t.check(false, 0)
	}
}

// jobDone logs a background job: work took off the UI goroutine, its
// result's hop took hop on it.
func (t *uiTrace) jobDone(name string, work, hop time.Duration) {
	t.logf("ui-job run=%d name=%q work_ms=%.1f hop_ms=%.1f", t.run, name, ms(work), ms(hop))
}

// beat records a heartbeat that waited wait on its way to the UI
// goroutine, logs it if it is a stall, and moves the span on.
func (t *uiTrace) beat(sent time.Time, wait time.Duration) {
	// Beats queued behind one stall all come late: the first one tells.
	if wait > stallAfter && sent.After(t.lastStall) {
		t.lastStall = sent.Add(wait)
		phase, run := "idle", t.run
		if s := t.span; s != nil {
			phase = "run"
			if !s.engineEnd.IsZero() {
				phase = "show"
			}
		}
		t.logf("ui-stall run=%d phase=%s at_s=%.2f wait_ms=%.1f longest_hop_ms=%.1f longest_hop=%q",
			run, phase, sent.Sub(t.born).Seconds(), ms(wait), ms(t.sinceBeat.took), t.sinceBeat.name)
	}
	t.sinceBeat = hop{}
	if s := t.span; s != nil {
		s.beats = append(s.beats, beat{sent, wait})
		t.check(true, wait)
	}
}

// outstanding reports whether a run, a background job or a debounce
// timer of the bridge has yet to come back.
func (t *uiTrace) outstanding() bool {
	return t.bridge.running() || t.bridge.pending > 0
}

// check moves the open span on after its run's end was shown: to fully
// on screen, then (on a beat) to idle.
func (t *uiTrace) check(isBeat bool, wait time.Duration) {
	s := t.span
	if s.handled.IsZero() {
		return
	}
	now := t.now()
	settled := !t.outstanding() && t.onScreen()
	if settled && s.shown.IsZero() {
		s.shown = now
	}
	if !isBeat {
		if !settled {
			s.quietSince = time.Time{}
		}
		return
	}
	switch {
	case !settled || wait > normalBeat:
		s.quietSince = time.Time{}
	case s.quietSince.IsZero():
		s.quietSince = now
	case now.Sub(s.quietSince) >= idleWindow:
		t.endSpan(s.quietSince)
		return
	}
	if now.Sub(s.engineEnd) > idleTimeout {
		t.endSpan(time.Time{})
	}
}

// runEnded logs the run line of the open span, whose engine returned at
// engineEnd (a time taken on the run's goroutine), and returns the span
// for handled.
func (t *uiTrace) runEnded(name string, workers int, engineEnd time.Time, res *compute.Result, err error) *traceSpan {
	s := t.span
	s.engineEnd = engineEnd
	var beats []time.Duration
	for _, b := range s.beats {
		beats = append(beats, b.wait)
	}
	st := beatStats(beats)
	elapsed := t.now().Sub(s.start)
	s.outcome = "ok"
	if err != nil {
		s.outcome = "error: " + err.Error()
	}
	mbs := 0.0
	if res != nil {
		mbs = res.MBPerSecond()
		workers = res.Workers
		s.lists = res.Stats.Len()
	}
	perSec := 0.0
	if elapsed > 0 {
		perSec = float64(t.progress) / elapsed.Seconds()
	}
	t.logf("ui-trace run=%d file=%q workers=%d elapsed_s=%.2f mb_per_s=%.0f heartbeat_mean_ms=%.2f heartbeat_p99_ms=%.2f heartbeat_max_ms=%.2f beats=%d progress_updates=%d progress_per_s=%.1f outcome=%q",
		s.run, name, workers, elapsed.Seconds(), mbs, ms(st.Mean), ms(st.P99), ms(st.Max), st.Beats, t.progress, perSec, s.outcome)
	return s
}

// handled notes that the handler of span's run end has run, for took,
// unless it started another run meanwhile.
func (t *uiTrace) handled(s *traceSpan, took time.Duration) {
	if s == t.span {
		s.handled, s.handle = t.now(), took
		t.check(false, 0)
	}
}

// TraceStats summarises heartbeats.
type TraceStats struct {
	Beats          int
	Mean, P99, Max time.Duration
}

func beatStats(waits []time.Duration) TraceStats {
	s := TraceStats{Beats: len(waits)}
	if len(waits) == 0 {
		return s
	}
	sorted := slices.Clone(waits)
	slices.Sort(sorted)
	var sum time.Duration
	for _, w := range sorted {
		sum += w
	}
	s.Mean = sum / time.Duration(len(sorted))
	s.P99 = sorted[min(len(sorted)-1, len(sorted)*99/100)]
	s.Max = sorted[len(sorted)-1]
	return s
}

// stalls counts the stalls among beats (in the order sent): the beats that
// waited more than stallAfter, those queued behind one counting with it.
func stalls(beats []beat) int {
	n := 0
	var end time.Time
	for _, b := range beats {
		if b.wait > stallAfter && b.sent.After(end) {
			n++
			end = b.sent.Add(b.wait)
		}
	}
	return n
}

// endSpan logs the open span and closes it; idle is when it became idle,
// zero if it did not.
func (t *uiTrace) endSpan(idle time.Time) {
	s := t.span
	t.span = nil
	t.stopProfile()
	var all, after []time.Duration
	for _, b := range s.beats {
		all = append(all, b.wait)
		if !s.engineEnd.IsZero() && !b.sent.Before(s.engineEnd) {
			after = append(after, b.wait)
		}
	}
	whole, tail := beatStats(all), beatStats(after)
	since := func(from, to time.Time) float64 {
		if from.IsZero() || to.IsZero() {
			return -1
		}
		return to.Sub(from).Seconds()
	}
	m := memoryNow()
	t.logf("ui-span run=%d file=%q lists=%d engine_s=%.2f handle_ms=%.1f shown_s=%.2f idle_after_engine_s=%.2f span_s=%.2f "+
		"heartbeat_mean_ms=%.2f heartbeat_p99_ms=%.2f heartbeat_max_ms=%.2f beats=%d stalls=%d "+
		"after_engine_mean_ms=%.2f after_engine_p99_ms=%.2f after_engine_max_ms=%.2f "+
		"longest_hop_ms=%.1f longest_hop=%q rss_peak_mib=%d rss_mib=%d heap_live_mib=%d heap_mib=%d gomaxprocs=%d outcome=%q",
		s.run, s.name, s.lists, since(s.start, s.engineEnd), ms(s.handle), since(s.start, s.shown), since(s.engineEnd, idle), t.now().Sub(s.start).Seconds(),
		ms(whole.Mean), ms(whole.P99), ms(whole.Max), whole.Beats, stalls(s.beats),
		ms(tail.Mean), ms(tail.P99), ms(tail.Max),
		ms(s.longest.took), s.longest.name, m.peakRSS>>20, m.rss>>20, m.live>>20, m.heap>>20, runtime.GOMAXPROCS(0), s.outcome)
	t.writeHeapProfile()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// chartsCurrent reports whether every chart on screen, in every window,
// shows an image of its current data at its current pixel size.
func chartsCurrent() bool {
	app := fyne.CurrentApp()
	if app == nil {
		return true
	}
	for _, w := range app.Driver().AllWindows() {
		if !visibleChartsCurrent(w.Canvas().Content()) {
			return false
		}
	}
	return true
}

// visibleChartsCurrent walks what o shows: containers, the selected tab of
// tabs, the content of a scroller.
func visibleChartsCurrent(o fyne.CanvasObject) bool {
	if o == nil || !o.Visible() {
		return true
	}
	switch o := o.(type) {
	case *ChartView:
		return o.current()
	case *fyne.Container:
		for _, c := range o.Objects {
			if !visibleChartsCurrent(c) {
				return false
			}
		}
	case *container.AppTabs:
		if sel := o.Selected(); sel != nil {
			return visibleChartsCurrent(sel.Content)
		}
	case *container.Scroll:
		return visibleChartsCurrent(o.Content)
	}
	return true
}

// current reports whether v shows an image of its data at its pixel size
// (or has nothing to draw, or too little room to draw in).
func (v *ChartView) current() bool {
	if v.data == nil {
		return true
	}
	size := v.pixelSize()
	if size.W < 50 || size.H < 50 {
		return true // draw does not draw at such a size
	}
	return v.drawing == (drawKey{}) && v.drawn.data == v.data && v.drawn.size == size
}

// memory is the process's memory: the peak and current resident set
// (Linux; 0 elsewhere), the heap's live bytes at the last collection and
// the bytes its objects take now (live and not yet collected).
type memory struct{ peakRSS, rss, live, heap uint64 }

func memoryNow() memory {
	var m memory
	samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(samples)
	if samples[0].Value.Kind() == metrics.KindUint64 {
		m.live = samples[0].Value.Uint64()
	}
	if samples[1].Value.Kind() == metrics.KindUint64 {
		m.heap = samples[1].Value.Uint64()
	}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return m
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmHWM" && key != "VmRSS") {
			continue
		}
		kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if key == "VmHWM" {
			m.peakRSS = kb << 10
		} else {
			m.rss = kb << 10
		}
	}
	return m
}

// startProfile starts the span's CPU profile, if asked for.
func (t *uiTrace) startProfile() {
	if t.cpuProfile == "" || t.profiling != nil {
		return
	}
	f, err := os.Create(t.cpuProfile)
	if err != nil {
		t.logf("ui-trace: cpu profile: %v", err)
		return
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		t.logf("ui-trace: cpu profile: %v", err)
		return
	}
	t.profiling = f
}

func (t *uiTrace) stopProfile() {
	if t.profiling == nil {
		return
	}
	pprof.StopCPUProfile()
	if err := t.profiling.Close(); err != nil {
		t.logf("ui-trace: cpu profile: %v", err)
	}
	t.profiling = nil
}

// writeHeapProfile writes the heap as it is at a span's end, if asked for.
func (t *uiTrace) writeHeapProfile() {
	if t.heapProfile == "" {
		return
	}
	runtime.GC() // the profile's in-use figures are those of the last collection
	f, err := os.Create(t.heapProfile)
	if err == nil {
		err = pprof.WriteHeapProfile(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		t.logf("ui-trace: heap profile: %v", err)
	}
}

// hopName names a function for the trace: the package path cut off.
func hopName(pc uintptr) string {
	f := runtime.FuncForPC(pc)
	if f == nil {
		return fmt.Sprintf("%#x", pc)
	}
	return strings.TrimPrefix(f.Name(), "medianscope/gui.")
}
