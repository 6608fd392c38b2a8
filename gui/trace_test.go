package gui

import (
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"medianscope/compute"
)

// traceLog collects the trace's lines; check, if set, runs on the UI
// goroutine as each line is logged.
type traceLog struct {
	mu    sync.Mutex
	lines []string
	check func(line string)
}

func (l *traceLog) logf(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	if l.check != nil {
		l.check(line)
	}
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
}

// find returns the fields of the logged lines that start with prefix.
func (l *traceLog) find(prefix string) []map[string]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]string
	for _, line := range l.lines {
		if strings.HasPrefix(line, prefix+" ") {
			out = append(out, traceFields(line))
		}
	}
	return out
}

var traceField = regexp.MustCompile(`(\w+)=("(?:[^"\\]|\\.)*"|\S+)`)

// traceFields parses a trace line's key=value pairs (values may be quoted).
func traceFields(line string) map[string]string {
	m := map[string]string{}
	for _, kv := range traceField.FindAllStringSubmatch(line, -1) {
		v := kv[2]
		if u, err := strconv.Unquote(v); err == nil {
			v = u
		}
		m[kv[1]] = v
	}
	return m
}

func num(t *testing.T, fields map[string]string, key string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(fields[key], 64)
	if err != nil {
		t.Fatalf("%s=%q in %v", key, fields[key], fields)
	}
	return v
}

// newTracedFixture is a window with MEDIANSCOPE_TRACE=ui, logging to the
// returned log; the heartbeat stops before the fixture shuts down.
func newTracedFixture(t *testing.T) (*fixture, *traceLog) {
	t.Setenv("MEDIANSCOPE_TRACE", "ui")
	t.Setenv("MEDIANSCOPE_CPUPROFILE", "")
	t.Setenv("MEDIANSCOPE_HEAPPROFILE", "")
	f := newFixture(t)
	tr := f.ui.bridge.trace
	if tr == nil {
		t.Fatal("MEDIANSCOPE_TRACE=ui and no trace")
	}
	log := &traceLog{}
	tr.logf = log.logf
	t.Cleanup(tr.close) // runs before the fixture's shutdown (cleanups run last first)
	return f, log
}

// A span is logged once the result is fully on screen: the run's end
// shown, nothing outstanding in the bridge, the chart on screen drawn from
// the new data at its pixel size.
func TestTraceSpanEndsFullyOnScreen(t *testing.T) {
	f, log := newTracedFixture(t)
	ui := f.ui
	type screen struct {
		outstanding, chartsCurrent, imageAtSize bool
	}
	var atSpan []screen
	log.check = func(line string) {
		if !strings.HasPrefix(line, "ui-span ") {
			return
		}
		img, size, scale := ui.medians.Image(), ui.medians.Size(), ui.win.Canvas().Scale()
		atSize := img != nil && img.Bounds().Dx() == int(size.Width*scale) && img.Bounds().Dy() == int(size.Height*scale)
		atSpan = append(atSpan, screen{ui.bridge.running() || ui.bridge.pending > 0, chartsCurrent(), atSize})
	}
	data := generated(t, 2<<20)
	ui.Open(BytesSource("traced.csv", data, false))
	f.q.pumpUntil(t, "the span", func() bool { return len(log.find("ui-span")) > 0 })

	runs, spans := log.find("ui-trace"), log.find("ui-span")
	if len(runs) != 1 || len(spans) != 1 {
		t.Fatalf("%d run lines, %d span lines: %v", len(runs), len(spans), log.lines)
	}
	s := spans[0]
	if s["outcome"] != "ok" || s["file"] != "traced.csv" || s["run"] != "1" {
		t.Errorf("span %v", s)
	}
	if got, want := s["lists"], strconv.Itoa(ui.result.Stats.Len()); got != want {
		t.Errorf("lists=%s, want %s", got, want)
	}
	engine, shown, idle, span := num(t, s, "engine_s"), num(t, s, "shown_s"), num(t, s, "idle_after_engine_s"), num(t, s, "span_s")
	if engine < 0 || shown < engine || idle < 0 || span < shown || engine+idle > span+0.02 {
		t.Errorf("moments out of order: engine %v shown %v idle after engine %v span %v", engine, shown, idle, span)
	}
	// Idle needs a quiet window of beats after the result is on screen.
	if span-engine-idle < idleWindow.Seconds()-0.02 {
		t.Errorf("span %v ends %v s after idle, want >= %v", span, span-engine-idle, idleWindow.Seconds())
	}
	if num(t, s, "beats") < 1 || num(t, s, "heartbeat_max_ms") < num(t, s, "heartbeat_mean_ms") {
		t.Errorf("heartbeat figures %v", s)
	}
	if len(atSpan) != 1 || atSpan[0] != (screen{false, true, true}) {
		t.Errorf("when the span was logged: %+v, want nothing outstanding and the chart current at its size", atSpan)
	}
	// The check does look at the chart on screen.
	drawnKey := ui.medians.drawn
	ui.medians.drawn = drawKey{}
	if chartsCurrent() {
		t.Error("a chart on screen without its image counts as current")
	}
	ui.medians.drawn = drawnKey
	drawn := false
	for _, j := range log.find("ui-job") {
		drawn = drawn || strings.Contains(j["name"], "ChartView")
	}
	if !drawn {
		t.Errorf("chart drawing not logged as a job: %v", log.find("ui-job"))
	}
}

// A run replaced by another before it is on screen closes its span as
// superseded; the second one's span is complete.
func TestTraceSpanSuperseded(t *testing.T) {
	f, log := newTracedFixture(t)
	f.ui.Open(slowSource("slow.csv", generated(t, 1<<20), 5*time.Millisecond))
	f.ui.Open(SampleSource())
	f.q.pumpUntil(t, "the second span", func() bool { return len(log.find("ui-span")) == 2 })
	spans := log.find("ui-span")
	if spans[0]["outcome"] != "superseded" || spans[0]["idle_after_engine_s"] != "-1.00" {
		t.Errorf("first span %v, want superseded and never idle", spans[0])
	}
	if spans[1]["outcome"] != "ok" || spans[1]["file"] != "sample.csv" || spans[1]["run"] != "2" {
		t.Errorf("second span %v", spans[1])
	}
}

// A hop that holds the UI goroutine is logged as a stall, by name.
func TestTraceStallNamesTheHop(t *testing.T) {
	f, log := newTracedFixture(t)
	f.openAndWait(SampleSource()) // starts the heartbeat
	f.ui.bridge.post("slow hop", func() { time.Sleep(3 * stallAfter / 2) })
	f.q.pumpUntil(t, "a stall", func() bool {
		for _, s := range log.find("ui-stall") {
			if s["longest_hop"] == "slow hop" {
				return true
			}
		}
		return false
	})
	for _, s := range log.find("ui-stall") {
		if s["longest_hop"] == "slow hop" {
			if w, h := num(t, s, "wait_ms"), num(t, s, "longest_hop_ms"); w < ms(stallAfter) || h < ms(3*stallAfter/2) {
				t.Errorf("stall %v: want a wait > %v and the hop's %v", s, stallAfter, 3*stallAfter/2)
			}
		}
	}
}

func TestBeatStats(t *testing.T) {
	msec := func(v ...int) []time.Duration {
		var d []time.Duration
		for _, x := range v {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1 // 1..100 ms
	}
	for _, c := range []struct {
		name  string
		waits []time.Duration
		want  TraceStats
	}{
		{"none", nil, TraceStats{}},
		{"one", msec(5), TraceStats{Beats: 1, Mean: 5 * time.Millisecond, P99: 5 * time.Millisecond, Max: 5 * time.Millisecond}},
		{"unsorted", msec(300, 1, 200, 3), TraceStats{Beats: 4, Mean: 126 * time.Millisecond, P99: 300 * time.Millisecond, Max: 300 * time.Millisecond}},
		{"1..100", msec(hundred...), TraceStats{Beats: 100, Mean: 50500 * time.Microsecond, P99: 100 * time.Millisecond, Max: 100 * time.Millisecond}},
	} {
		if got := beatStats(c.waits); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// Beats queued behind a stall count with it: one stall, not one per beat.
func TestStalls(t *testing.T) {
	t0 := time.Now()
	// beats sent every 4 ms from 0, each waiting the given ms.
	every4ms := func(waits ...int) []beat {
		var bs []beat
		for i, w := range waits {
			bs = append(bs, beat{t0.Add(time.Duration(4*i) * time.Millisecond), time.Duration(w) * time.Millisecond})
		}
		return bs
	}
	for _, c := range []struct {
		name  string
		beats []beat
		want  int
	}{
		{"none", nil, 0},
		{"all short", every4ms(1, 2, 100, 3), 0},
		{"one stall, its queue behind", every4ms(1, 150, 146, 142, 138, 134, 1), 1},
		{"two apart", every4ms(150, 146, 142, 138, 134, 130, 126, 122, 118, 114, 110, 106, 102, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 120), 2},
	} {
		if got := stalls(c.beats); got != c.want {
			t.Errorf("%s: %d stalls, want %d", c.name, got, c.want)
		}
	}
}

func TestKeepAProcForUI(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, c := range []struct{ procs, workers, want int }{
		{2, 2, 4}, // the UI and the rest of a run get a P each
		{2, 1, 3},
		{8, 2, 8}, // enough already
		{4, 2, 4},
		{1, 1, 3},
	} {
		runtime.GOMAXPROCS(c.procs)
		keepAProcForUI(c.workers)
		if got := runtime.GOMAXPROCS(0); got != c.want {
			t.Errorf("GOMAXPROCS %d, %d workers: %d, want %d", c.procs, c.workers, got, c.want)
		}
	}
}

// The bridge counts background jobs and debounce timers until they come
// back; a debounce re-armed in time counts once.
func TestBridgeCountsOutstandingWork(t *testing.T) {
	f := newFixture(t)
	b := f.ui.bridge
	f.q.pumpUntil(t, "the window to settle", func() bool { return b.pending == 0 })
	var got []int
	background(b, func() int { time.Sleep(20 * time.Millisecond); return 7 }, func(v int) { got = append(got, v) })
	fired := 0
	db := b.debounce(30*time.Millisecond, func() { fired++ })
	for range 3 {
		db.trigger()
	}
	if b.pending != 2 {
		t.Fatalf("pending %d after a job and a debounce triggered thrice, want 2", b.pending)
	}
	f.q.pumpUntil(t, "the job and the timer", func() bool { return b.pending == 0 })
	f.q.pumpUntil(t, "the debounced call", func() bool { return fired > 0 })
	time.Sleep(50 * time.Millisecond)
	f.q.runPending()
	if len(got) != 1 || got[0] != 7 || fired != 1 || b.pending != 0 {
		t.Errorf("job results %v, debounced calls %d, pending %d; want [7], 1, 0", got, fired, b.pending)
	}
}

// The strip is laid out again only when it opens or closes.
func TestPreviewExpandRelayoutsOnChange(t *testing.T) {
	noted := &compute.Report{Notes: []string{"a note"}}
	for _, c := range []struct {
		name      string
		open      bool // before
		report    *compute.Report
		arg       bool
		wantOpen  bool
		relayouts int
	}{
		{"open stays open", true, nil, true, true, 0},
		{"open closes", true, nil, false, false, 1},
		{"closed opens", false, nil, true, true, 1},
		{"closed stays closed", false, nil, false, false, 0},
		{"a note keeps it open", true, noted, false, true, 0},
		{"a note opens it", false, noted, false, true, 1},
	} {
		p := newPreviewStrip()
		if !c.open {
			p.acc.Close(0)
		}
		p.report = c.report
		n := 0
		p.resized = func() { n++ }
		p.expand(c.arg)
		if p.item.Open != c.wantOpen || n != c.relayouts {
			t.Errorf("%s: open %v after %d relayouts, want %v after %d", c.name, p.item.Open, n, c.wantOpen, c.relayouts)
		}
	}
}

// Quit comes once, a moment later, and nothing starts in between: no run,
// no job (their posts could outlive Quit; see UI.quit).
func TestBridgeQuitSoon(t *testing.T) {
	f := newFixture(t)
	b := f.ui.bridge
	f.q.pumpUntil(t, "the window to settle", func() bool { return b.pending == 0 && !b.running() })
	quits := 0
	b.quitSoon(func() { quits++ })
	b.quitSoon(func() { quits++ }) // a second Ctrl+Q
	if quits != 0 || !b.closed {
		t.Fatalf("at once: %d quits, closed %v; want 0, true", quits, b.closed)
	}
	ran := false
	background(b, func() int { return 1 }, func(int) { ran = true })
	f.ui.Open(SampleSource())
	if b.running() {
		t.Error("a run started after quitSoon")
	}
	f.q.pumpUntil(t, "the quit", func() bool { return quits > 0 })
	time.Sleep(2 * quitDelay)
	f.q.runPending()
	if quits != 1 || ran {
		t.Errorf("%d quits, job ran %v; want 1, false", quits, ran)
	}
}
