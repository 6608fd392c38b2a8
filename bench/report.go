package main

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"medianscope/bench/peers"
)

// The goals the summary checks.
const (
	goalPeer   = 4.0 // × faster than the best peer
	goalScale  = 1.8 // 2 workers vs 1
	goalAnchor = 1.2 // × faster than the probe
)

type report struct {
	opts       options
	bin        string
	binDesc    string
	warnings   []string
	floor      *shapeResult // every contender on a one-line file
	start, end time.Time
	shapes     []*shapeResult
}

// ratio is a speed ratio (other time / Medianscope's), or why there is none.
type ratio struct {
	x    float64
	why  string // when x == 0
	base string // what it was measured against
}

func (r ratio) String() string {
	if r.x == 0 {
		return "n/a (" + r.why + ")"
	}
	return fmt.Sprintf("%.2f×", r.x)
}

func (r ratio) mark(goal float64) string {
	if r.x == 0 {
		return r.String()
	}
	if r.x >= goal {
		return fmt.Sprintf("**%.2f×** ✓", r.x)
	}
	return fmt.Sprintf("**%.2f×** ✗", r.x)
}

// ms2 is the reference time of a shape, or why there is none.
func (sr *shapeResult) ms2() (time.Duration, string) {
	o := sr.outcome("ms2")
	switch {
	case o == nil:
		return 0, "medianscope -workers 2 not run"
	case !o.ok():
		return 0, "medianscope -workers 2: " + o.err
	}
	return o.median(), ""
}

func (sr *shapeResult) ratioTo(others ...*outcome) ratio {
	ms, why := sr.ms2()
	if ms == 0 {
		return ratio{why: why}
	}
	var best *outcome
	for _, o := range others {
		if o != nil && o.ok() && (best == nil || o.median() < best.median()) {
			best = o
		}
	}
	if best == nil {
		var names []string
		for _, o := range others {
			if o != nil {
				names = append(names, o.c.name)
			}
		}
		if len(names) == 0 {
			return ratio{why: "not run"}
		}
		return ratio{why: strings.Join(names, ", ") + ": no time"}
	}
	return ratio{x: best.median().Seconds() / ms.Seconds(), base: fmt.Sprintf("%s, %.3f s", best.c.name, best.median().Seconds())}
}

// bestPeer: the best of DuckDB, polars and the obvious Go program.
func (sr *shapeResult) bestPeer() ratio {
	var ps []*outcome
	for _, o := range sr.outcomes {
		if o.c.role == rolePeer {
			ps = append(ps, o)
		}
	}
	return sr.ratioTo(ps...)
}

// scaling is 2 workers vs 1: the median of the rounds' ratios, the two
// having run back to back in each round (measure); the ratio of the
// medians when some round lacks one of them.
func (sr *shapeResult) scaling() ratio {
	two, one := sr.outcome("ms2"), sr.outcome("ms1")
	if two == nil || one == nil || !two.ok() || !one.ok() || len(two.times) != len(one.times) {
		return sr.ratioTo(one)
	}
	rs := make([]float64, len(two.times))
	for i := range rs {
		rs[i] = one.times[i].Seconds() / two.times[i].Seconds()
	}
	return ratio{x: median(rs), base: "pair by pair"}
}

func (sr *shapeResult) anchor() ratio { return sr.ratioTo(sr.outcome("probe")) }

func (sr *shapeResult) agreementWord() string {
	switch {
	case len(sr.disagreements) > 0:
		return "**DISAGREE**"
	case len(sr.agreement) == 0:
		return "nothing to compare"
	}
	return "agree"
}

func (rep *report) write(path string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	rep.markdown(w)
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	return err
}

func (rep *report) markdown(w io.Writer) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	o := rep.opts
	p("# Medianscope against its peers")
	p("")
	p("Written by `go run . -bin %s -scale %g -runs %d -shapes %s -contenders %s` in `bench/` (see README.md)", o.bin, o.scale, o.runs, o.shapes, o.contenders)
	p("on %s; the run took %s.", rep.start.Format("2006-01-02 15:04 MST"), rep.end.Sub(rep.start).Round(time.Second))
	if o.scale != 1 {
		p("")
		p("**Scale %g**: the files are %g × the full size, so fixed costs (process start, DuckDB's start) weigh more than at full scale.", o.scale, o.scale)
	}
	p("")
	p("| machine | |")
	p("| --- | --- |")
	p("| cores (nproc) | %d |", runtime.NumCPU())
	p("| CPU | %s |", cpuModel())
	p("| memory | %s |", memTotal())
	p("| Go | %s %s/%s |", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	p("| DuckDB | %s |", duckdbDescription())
	p("| medianscope | %s |", rep.binDesc)
	p("")
	for _, w := range rep.warnings {
		p("**Warning**: %s.", w)
		p("")
	}
	p("Wall time is the whole process, from start to exit, as the harness sees it: the median of %d run(s), with min–max;", o.runs)
	p("the contenders alternate within each round (each round starts with the next one), and every file is read once")
	p("before its shape is measured, so all read it from the page cache. MB/s is 10⁶ bytes of input per second of the")
	p("median wall time. Peak RSS is the process's maximum resident set (rusage), the largest of its runs. DuckDB, the")
	p("obvious Go program and the probe run as subprocesses of the bench binary (`bench -peer NAME -shape SHAPE FILE`).")
	if len(rep.shapes) > 0 {
		p("")
		p("**The ceiling for 2 workers vs 1**, measured before every shape (`cores.go`): how much faster a fixed amount of")
		p("work runs split across two goroutines than on one, when each is a chain of dependent floating-point operations")
		p("(latency-bound) and when it is independent integer operations over a buffer in L1 (throughput-bound). Two separate cores give about")
		p("2× on both. Well under 2× on the second means the two CPUs share one core's execution units (hardware threads")
		p("of one core on the host), or that the host gave the second CPU to others meanwhile: parsing is mostly")
		p("throughput-bound, so no program's second worker can give much more than that. On these shared machines it changes")
		p("from minute to minute (1.0–1.2× and 1.9× were both seen within ten minutes), hence a measure per shape.")
	}
	if rep.floor != nil {
		p("")
		p("Process start and exit alone, on a one-line file (`a,1,2`), median of %d run(s): %s.", o.runs, floorLine(rep.floor))
		p("This floor is in every wall time below; it matters at small scales only.")
	}
	for _, sr := range rep.shapes {
		rep.shapeSection(w, sr)
	}
	p("")
	p("## Summary")
	p("")
	p("%s", rep.summary())
}

func (rep *report) shapeSection(w io.Writer, sr *shapeResult) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p("")
	p("## %s — %s, %.1f MB", sr.s.name, sr.s.describe(sr.z), float64(sr.bytes)/1e6)
	p("")
	if len(sr.s.flags) > 0 {
		p("Medianscope's flags: `%s`. ", strings.Join(sr.s.flags, " "))
	}
	if sr.loadBefore >= 0 {
		p("1-minute load average when this shape started: %.2f. Just before it, 2 goroutines vs 1 (the ceiling for 2 workers vs 1, see above): %.2f× latency-bound, %.2f× throughput-bound.",
			sr.loadBefore, sr.latencyScale, sr.throughputScale)
	}
	p("")
	ms, _ := sr.ms2()
	p("| contender | wall (median) | min–max | MB/s | peak RSS MiB | time ÷ medianscope -workers 2 |")
	p("| --- | ---: | ---: | ---: | ---: | ---: |")
	for _, o := range sr.outcomes {
		if !o.ok() {
			p("| %s | %s | | | | |", o.c.name, mdEscape(o.err))
			continue
		}
		med := o.median()
		lo, hi := minMax(o.times)
		vs := ""
		if ms > 0 {
			vs = fmt.Sprintf("%.2f", med.Seconds()/ms.Seconds())
		}
		p("| %s | %.3f s | %.3f–%.3f s | %.1f | %.1f | %s |", o.c.name, med.Seconds(), lo.Seconds(), hi.Seconds(),
			float64(sr.bytes)/1e6/med.Seconds(), o.peakRSSMiB(), vs)
	}
	p("")
	peer, scale, anchor := sr.bestPeer(), sr.scaling(), sr.anchor()
	p("- × faster than the best peer%s: %s (goal ≥ %g×)", based(peer), peer.mark(goalPeer), goalPeer)
	p("- medianscope 2 workers vs 1 worker: %s (goal ≥ %g×)", scale.mark(goalScale), goalScale)
	p("- medianscope vs the probe%s: %s (goal ≥ %g×)", based(anchor), anchor.mark(goalAnchor), goalAnchor)
	p("- medianscope -workers 2, peak RSS: %s", sr.memoryMark())
	for _, a := range sr.agreement {
		p("- Agreement: %s", mdEscape(a))
	}
	for _, d := range sr.disagreements {
		p("- **DISAGREEMENT**: %s", mdEscape(d))
	}
}

func floorLine(sr *shapeResult) string {
	var parts []string
	for _, o := range sr.outcomes {
		if o.ok() {
			parts = append(parts, fmt.Sprintf("%s %.0f ms (%.0f MiB)", o.c.name, o.median().Seconds()*1000, o.peakRSSMiB()))
		}
	}
	return strings.Join(parts, ", ")
}

func based(r ratio) string {
	if r.base == "" {
		return ""
	}
	return " (" + r.base + ")"
}

// memoryMark is medianscope -workers 2's peak RSS against the shape's
// memory goal (shape.memoryGoal).
func (sr *shapeResult) memoryMark() string {
	o := sr.outcome("ms2")
	if o == nil || !o.ok() {
		return "n/a"
	}
	goal := sr.s.memoryGoal(sr.z)
	mark := "✓"
	if o.peakRSSMiB() > goal {
		mark = "✗"
	}
	return fmt.Sprintf("**%.0f MiB** %s (goal ≤ %.0f)", o.peakRSSMiB(), mark, goal)
}

// summary is the table of the three ratios and the memory per shape.
func (rep *report) summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "| shape | MB | × best peer (goal ≥ %g) | 2 vs 1 workers (goal ≥ %g) | the machine's ceiling: 2 goroutines vs 1, throughput / latency-bound | × probe (goal ≥ %g) | peak RSS, 2 workers (goal: 64 MiB + 24 B per list + 8 B per value held) | results |\n", goalPeer, goalScale, goalAnchor)
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, sr := range rep.shapes {
		fmt.Fprintf(&b, "| %s | %.1f | %s | %s | %.2f× / %.2f× | %s | %s | %s |\n", sr.s.name, float64(sr.bytes)/1e6,
			mdEscape(sr.bestPeer().mark(goalPeer)), mdEscape(sr.scaling().mark(goalScale)),
			sr.throughputScale, sr.latencyScale,
			mdEscape(sr.anchor().mark(goalAnchor)), sr.memoryMark(), sr.agreementWord())
	}
	return strings.TrimRight(b.String(), "\n")
}

func minMax(ds []time.Duration) (time.Duration, time.Duration) {
	lo, hi := ds[0], ds[0]
	for _, d := range ds[1:] {
		lo, hi = min(lo, d), max(hi, d)
	}
	return lo, hi
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	var kib int64
	for _, line := range strings.Split(string(b), "\n") {
		if _, err := fmt.Sscanf(line, "MemTotal: %d kB", &kib); err == nil {
			return fmt.Sprintf("%.1f GiB", float64(kib)/(1<<20))
		}
	}
	return "unknown"
}

func duckdbDescription() string {
	if !peers.DuckDBAvailable {
		return peers.DuckDBVersion()
	}
	mod := "duckdb-go"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/duckdb/duckdb-go/v2" {
				mod += " " + d.Version
			}
		}
	}
	return peers.DuckDBVersion() + " through " + mod + ", threads=2"
}

func binDescription(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return path
	}
	sum := "?"
	if f, err := os.Open(path); err == nil {
		h := sha256.New()
		if _, err := io.Copy(h, f); err == nil {
			sum = fmt.Sprintf("%x", h.Sum(nil))[:12]
		}
		f.Close()
	}
	return fmt.Sprintf("`%s`, %.1f MB, built %s, sha256 %s…", path, float64(st.Size())/1e6, st.ModTime().Format("2006-01-02 15:04"), sum)
}
