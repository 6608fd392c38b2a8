// Command bench measures Medianscope's headless CLI against peers (DuckDB,
// the obvious Go program, a probe of the parse+select core) on generated
// files, side by side in one alternating run, and writes RESULTS.md.
//
//	go run . -bin ../medianscope [-scale 1.0] [-runs 3] [-shapes wide,tiny]
//
// The same binary is also every in-process peer, run as a subprocess so
// that its time and peak RSS are its own:
//
//	bench -peer duckdb|obvious|probe -shape SHAPE FILE   (or -kind rows|groups|columns)
//
// See README.md.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"medianscope/bench/peers"
)

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "../medianscope", "the medianscope binary to measure")
	flag.Float64Var(&o.scale, "scale", 1, "multiply the generated sizes (e.g. 0.05 for a quick run)")
	flag.IntVar(&o.runs, "runs", 3, "timed runs of every contender per shape (the median is reported)")
	flag.StringVar(&o.shapes, "shapes", "all", "comma-separated shapes: wide,ragged,longrows,tiny,oneline,groups,keys,columns")
	flag.StringVar(&o.contenders, "contenders", "all", "comma-separated contenders: "+strings.Join(contenderKeys(), ","))
	flag.StringVar(&o.data, "data", "data", "cache directory of the generated files")
	flag.StringVar(&o.out, "out", "RESULTS.md", "the report to write")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Minute, "time limit of one run of one contender")
	peer := flag.String("peer", "", "run one peer in this process (duckdb, obvious, probe) on FILE and print its JSON result")
	shapeName := flag.String("shape", "", "with -peer: the shape of FILE (gives its kind)")
	kind := flag.String("kind", "", "with -peer: rows, groups or columns (instead of -shape)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: bench [-bin ../medianscope] [-scale 1] [-runs 3] [-shapes list]\n"+
			"       bench -peer duckdb|obvious|probe (-shape SHAPE | -kind rows|groups|columns) FILE\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *peer != "" {
		os.Exit(runPeer(*peer, *shapeName, *kind, flag.Args()))
	}
	if flag.NArg() > 0 || o.runs < 1 || o.scale <= 0 {
		flag.Usage()
		os.Exit(2)
	}
	code, err := harness(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

// runPeer is the subprocess side: one peer on one file, its result as one
// JSON line on stdout.
func runPeer(name, shapeName, kind string, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "bench -peer: want exactly one FILE")
		return 2
	}
	k := peers.Kind(kind)
	if shapeName != "" {
		ss, err := pickShapes(shapeName)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench -peer:", err)
			return 2
		}
		k = ss[0].kind
	}
	if k == "" {
		k = peers.Rows
	}
	res, err := peers.Run(name, k, args[0])
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench -peer %s: %v\n", name, err)
		return 1
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, "bench -peer:", err)
		return 1
	}
	return 0
}

type options struct {
	bin, shapes, contenders, data, out string
	scale                              float64
	runs                               int
	timeout                            time.Duration
}

// harness generates the files, runs every contender on every shape and
// writes the report. Exit code 1 when Medianscope failed on a shape (other
// than a shape its build does not know) or contenders disagree.
func harness(o options) (int, error) {
	ss, err := pickShapes(o.shapes)
	if err != nil {
		return 0, err
	}
	cs, err := pickContenders(o.contenders)
	if err != nil {
		return 0, err
	}
	bin, err := filepath.Abs(o.bin)
	if err != nil {
		return 0, err
	}
	if st, err := os.Stat(bin); err != nil || st.IsDir() {
		return 0, fmt.Errorf("no medianscope binary at %s (build it: cd .. && go build -o medianscope .)", bin)
	}
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	env := runEnv{bin: bin, self: self, timeout: o.timeout}
	rep := &report{opts: o, bin: bin, binDesc: binDescription(bin), start: time.Now()}
	if rep.floor, err = startupFloor(env, o.data, cs, o.runs); err != nil {
		return 0, err
	}
	for _, s := range ss {
		path, err := dataFile(o.data, s, o.scale)
		if err != nil {
			return 0, fmt.Errorf("generating %s: %w", s.name, err)
		}
		sr, err := measure(env, s, o.scale, path, cs, o.runs)
		if err != nil {
			return 0, err
		}
		rep.shapes = append(rep.shapes, sr)
	}
	rep.end = time.Now()
	if now := binDescription(bin); now != rep.binDesc {
		rep.warnings = append(rep.warnings, fmt.Sprintf("the medianscope binary changed during the run (now %s): the shapes may have measured different builds", now))
	}
	busiest := 0.0
	for _, sr := range rep.shapes {
		busiest = max(busiest, sr.loadBefore)
	}
	if busiest > 1 {
		rep.warnings = append(rep.warnings, fmt.Sprintf("the machine was busy: the 1-minute load average was up to %.1f when a shape started, on %d cores; other processes competed for the cores, so these times are slower and noisier than on an idle machine (see each shape's load)", busiest, runtime.NumCPU()))
	}
	for _, w := range rep.warnings {
		logf("!!! %s", w)
	}
	if err := rep.write(o.out); err != nil {
		return 0, err
	}
	logf("wrote %s (%s in all)", o.out, rep.end.Sub(rep.start).Round(time.Second))
	fmt.Println(rep.summary())
	code := 0
	for _, sr := range rep.shapes {
		if len(sr.disagreements) > 0 {
			code = 1
		}
		if ms := sr.outcome("ms2"); ms != nil && ms.err != "" && !ms.unsupported {
			code = 1
		}
	}
	if code != 0 {
		fmt.Fprintln(os.Stderr, "bench: !!! DISAGREEMENTS OR MEDIANSCOPE FAILURES: see", o.out)
	}
	return code, nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
