package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"medianscope/bench/peers"
)

// runEnv is what every command line needs.
type runEnv struct {
	bin     string // medianscope
	self    string // this binary, for the in-process peers
	timeout time.Duration
}

// outcome is one contender's measurements on one shape.
type outcome struct {
	c           *contender
	times       []time.Duration
	rssKiB      []int64
	res         *peers.Result
	err         string // why it failed (or was not run); "" when it ran
	unsupported bool   // the Medianscope build does not know the shape's flags
	cmdline     string
}

func (o *outcome) ok() bool { return o.err == "" && len(o.times) > 0 }

func (o *outcome) median() time.Duration { return median(o.times) }

func (o *outcome) peakRSSMiB() float64 {
	if len(o.rssKiB) == 0 {
		return 0
	}
	return float64(slices.Max(o.rssKiB)) / 1024
}

// median is the middle of xs, or the mean of the two middle ones (0 for
// none).
func median[T time.Duration | float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// shapeResult is everything measured on one shape.
type shapeResult struct {
	s          shape
	z          sized
	path       string
	bytes      int64
	outcomes   []*outcome
	loadBefore float64 // 1-minute load average when the shape started
	// What a second goroutine gave just before the shape (coreScaling).
	latencyScale, throughputScale float64
	agreement                     []string // what was compared and found equal, or notes
	disagreements                 []string
}

func (sr *shapeResult) outcome(key string) *outcome {
	for _, o := range sr.outcomes {
		if o.c.key == key {
			return o
		}
	}
	return nil
}

// measure runs every contender runs times on path, alternating: in round
// r every contender runs once, starting with a different one each round,
// so that drift of the machine hits all alike. Medianscope with 2 workers
// and with 1 run back to back, in turn first, as one unit of the rotation:
// their ratio (scaling) is taken pair by pair, so that a peer's run
// between them (DuckDB gives back hundreds of MB just before) or a minute
// of load does not weigh on one side of it.
func measure(env runEnv, s shape, scale float64, path string, cs []*contender, runs int) (*shapeResult, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	sr := &shapeResult{s: s, z: s.size(scale), path: path, bytes: st.Size(), loadBefore: loadAverage()}
	sr.latencyScale, sr.throughputScale = coreScaling()
	if err := warm(path); err != nil {
		return nil, err
	}
	for _, c := range cs {
		o := &outcome{c: c, err: c.unavailable}
		if c.args != nil {
			o.cmdline = strings.Join(c.args(env, s, path), " ")
		}
		sr.outcomes = append(sr.outcomes, o)
	}
	units := rotationUnits(sr.outcomes)
	for round := range runs {
		n := len(units)
		for i := range n {
			unit := units[(round+i)%n]
			if round%2 == 1 && len(unit) == 2 { // the pair, the other one first
				unit = []*outcome{unit[1], unit[0]}
			}
			for _, o := range unit {
				if o.err != "" {
					continue
				}
				runOnce(env, s, path, o)
				if o.ok() {
					logf("%-8s round %d/%d  %-24s %8.3fs %8.1f MiB", s.name, round+1, runs, o.c.name,
						o.times[len(o.times)-1].Seconds(), float64(o.rssKiB[len(o.rssKiB)-1])/1024)
				} else {
					logf("%-8s round %d/%d  %-24s FAILED: %s", s.name, round+1, runs, o.c.name, o.err)
				}
			}
		}
	}
	check(sr)
	return sr, nil
}

// rotationUnits groups the outcomes into measure's units: ms2 and ms1
// together (when both are there), every other contender alone.
func rotationUnits(outcomes []*outcome) [][]*outcome {
	var units [][]*outcome
	var pair []*outcome
	for _, o := range outcomes {
		switch o.c.key {
		case "ms2", "ms1":
			if pair == nil {
				units = append(units, nil)
			}
			pair = append(pair, o)
		default:
			units = append(units, []*outcome{o})
		}
	}
	for i, u := range units {
		if u == nil {
			units[i] = pair
		}
	}
	return units
}

// startupFloor times every contender on a one-line file: the cost of
// starting and ending the process, which every wall time includes.
func startupFloor(env runEnv, dir string, cs []*contender, runs int) (*shapeResult, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "startup.csv")
	if err := os.WriteFile(path, []byte("a,1,2\n"), 0o644); err != nil {
		return nil, err
	}
	s := shape{name: "startup", kind: peers.Rows}
	return measure(env, s, 1, path, cs, runs)
}

// loadAverage is the 1-minute load average (-1 when unknown).
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	var l float64
	if _, err := fmt.Sscan(string(b), &l); err != nil {
		return -1
	}
	return l
}

// warm reads the file once, so that the first contender does not pay for
// the page cache.
func warm(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(io.Discard, f)
	return err
}

// runOnce runs the contender as a subprocess, timing it as a whole and
// taking its peak RSS from its rusage; a failure is kept in o.err.
func runOnce(env runEnv, s shape, path string, o *outcome) {
	args := o.c.args(env, s, path)
	ctx, cancel := context.WithTimeout(context.Background(), env.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if ctx.Err() != nil {
		o.err = fmt.Sprintf("timed out after %s", env.timeout)
		return
	}
	if err != nil {
		msg := firstLine(stderr.String())
		var exit *exec.ExitError
		if o.c.role == roleMedianscope && errors.As(err, &exit) && exit.ExitCode() == 2 &&
			strings.Contains(msg, "flag provided but not defined") {
			o.unsupported = true
			o.err = "not supported by this build (" + msg + ")"
			return
		}
		if msg == "" {
			msg = err.Error()
		} else {
			msg += " (" + err.Error() + ")"
		}
		o.err = msg
		return
	}
	res, err := readResult(o.c.role, stdout.Bytes())
	if err != nil {
		o.err = fmt.Sprintf("unreadable output %q: %v", firstLine(stdout.String()), err)
		return
	}
	o.res = res
	o.times = append(o.times, wall)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss := int64(ru.Maxrss) // KiB on Linux
		if runtime.GOOS == "darwin" {
			rss /= 1024 // bytes there
		}
		o.rssKiB = append(o.rssKiB, rss)
	} else {
		o.rssKiB = append(o.rssKiB, 0)
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

func lastLine(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		b = b[i+1:]
	}
	return b
}

// readResult reads a contender's output: Medianscope's summary
// (parseSummary), or a peer's JSON line.
func readResult(r role, out []byte) (*peers.Result, error) {
	if r == roleMedianscope {
		return parseSummary(string(out))
	}
	var res peers.Result
	if err := json.Unmarshal(lastLine(out), &res); err != nil {
		return nil, err
	}
	return &res, nil
}
