// Package cli is Medianscope's command line: it reads the flags shared by
// the window and the headless mode, and runs the headless mode, whose
// output (a summary, -json, -csv) is a contract that scripts depend on.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"

	"medianscope/compute"
	"medianscope/internal/atomicfile"
	"medianscope/internal/human"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitData  = 1 // bad data or I/O
	ExitUsage = 2
)

// Config is what the command line asked for.
type Config struct {
	Headless bool
	JSON     bool
	CSVPath  string
	File     string // "" for none, "-" for standard input
	Options  compute.Options
	Charts   ChartFlags
}

// ChartFlags are the headless chart exports.
type ChartFlags struct {
	PNG     string
	HistPNG string
	Width   int
	Height  int
}

// UsageError is a bad command line; it exits with ExitUsage.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// errHelp is returned by Parse for -h / -help.
var errHelp = errors.New("help requested")

// Parse reads the command line (without the program name).
func Parse(args []string) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("medianscope", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&c.Headless, "headless", false, "no window: compute and print the result")
	fs.BoolVar(&c.JSON, "json", false, "print the result as one JSON object (with -headless)")
	fs.StringVar(&c.CSVPath, "csv", "", "write every list's median as CSV to `PATH` (- for stdout)")
	fs.IntVar(&c.Options.Workers, "workers", runtime.NumCPU(), "worker goroutines (`N` >= 1)")
	delim := fs.String("delim", ",", "cell delimiter: , ; | or tab (\\t)")
	header := fs.String("header", "auto", "first line is a header: auto, yes or no")
	label := fs.String("label", "auto", "row labels: auto (a non-numeric first cell), first or none")
	fs.BoolVar(&c.Options.SkipInvalid, "skip-invalid", false, "skip and count non-numeric cells instead of stopping")
	fs.StringVar(&c.Charts.PNG, "png", "", "write the medians chart as PNG to `PATH` (with -headless)")
	fs.StringVar(&c.Charts.HistPNG, "hist-png", "", "write the distribution chart as PNG to `PATH` (with -headless)")
	size := fs.String("size", "1600x900", "chart size `WxH` in pixels for -png and -hist-png")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, errHelp
		}
		return c, &UsageError{err.Error()}
	}
	var err error
	if c.Options.Delimiter, err = compute.ParseDelimiter(*delim); err != nil {
		return c, &UsageError{err.Error()}
	}
	if c.Options.Header, err = compute.ParseHeaderMode(*header); err != nil {
		return c, &UsageError{err.Error()}
	}
	if c.Options.Label, err = compute.ParseLabelMode(*label); err != nil {
		return c, &UsageError{err.Error()}
	}
	if c.Options.Workers < 1 {
		return c, &UsageError{fmt.Sprintf("-workers must be at least 1, not %d", c.Options.Workers)}
	}
	if c.Charts.Width, c.Charts.Height, err = parseSize(*size); err != nil {
		return c, &UsageError{err.Error()}
	}
	switch fs.NArg() {
	case 0:
	case 1:
		c.File = fs.Arg(0)
	default:
		return c, &UsageError{fmt.Sprintf("one input file at most, got %d: %s", fs.NArg(), strings.Join(fs.Args(), " "))}
	}
	if !c.Headless && (c.JSON || c.CSVPath != "" || c.Charts.PNG != "" || c.Charts.HistPNG != "") {
		return c, &UsageError{"-json, -csv, -png and -hist-png need -headless"}
	}
	if c.Headless && c.File == "" {
		return c, &UsageError{"-headless needs an input FILE (or - for standard input)"}
	}
	if c.JSON && c.CSVPath == "-" {
		return c, &UsageError{"-json and -csv - both write to standard output; give -csv a file"}
	}
	return c, nil
}

func parseSize(s string) (w, h int, err error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	if ok {
		w, err = strconv.Atoi(ws)
		if err == nil {
			h, err = strconv.Atoi(hs)
		}
	}
	if !ok || err != nil || w < 100 || h < 100 || w > 10000 || h > 10000 {
		return 0, 0, fmt.Errorf("-size must be WxH with each side from 100 to 10000, not %q", s)
	}
	return w, h, nil
}

// Usage is the help text.
const Usage = `Usage: medianscope [flags] [FILE]

Opens a window on FILE (or on the bundled sample). With -headless, computes
the median of every row-list of the CSV FILE (- for standard input) and prints
the result. Flags:
  -headless          no window; needs FILE
  -json              print one JSON object (with -headless)
  -csv PATH          write every list as CSV (index,line,label,count,median); - = stdout
  -png PATH          write the medians chart as PNG (with -headless)
  -hist-png PATH     write the distribution chart as PNG (with -headless)
  -size WxH          size of -png / -hist-png (default 1600x900)
  -workers N         worker goroutines (default: number of CPUs)
  -delim C           cell delimiter: , ; | or tab (default ,)
  -header MODE       auto, yes or no (default auto)
  -label MODE        auto, first or none (default auto)
  -skip-invalid      skip and count non-numeric cells instead of stopping
Exit status: 0 ok, 1 bad data or I/O error, 2 bad usage.
`

// Main runs the command line for the headless mode and returns the exit
// code. It is called with the flags already known to ask for -headless (or
// for help, or with a usage error).
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c, err := Parse(args)
	switch {
	case errors.Is(err, errHelp):
		fmt.Fprint(stdout, Usage)
		return ExitOK
	case err != nil:
		fmt.Fprintf(stderr, "medianscope: %v (see medianscope -help)\n", err)
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if path := os.Getenv("MEDIANSCOPE_CPUPROFILE"); path != "" {
		// For performance work: a CPU profile of the headless run.
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	return Headless(ctx, c, stdin, stdout, stderr)
}

// Headless computes c.File and writes what c asks for.
func Headless(ctx context.Context, c Config, stdin io.Reader, stdout, stderr io.Writer) int {
	name := c.File
	var in io.Reader = stdin
	if c.File == "-" {
		name = "<stdin>"
	} else {
		f, err := compute.OpenFile(c.File)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return ExitData
		}
		defer f.Close()
		in = f
	}
	res, err := compute.Run(ctx, in, c.Options, nil)
	if err != nil {
		fmt.Fprintln(stderr, Describe(name, err, "use -skip-invalid to skip such cells"))
		return ExitData
	}
	if c.CSVPath != "" {
		if err := writeCSV(c.CSVPath, stdout, res); err != nil {
			fmt.Fprintf(stderr, "%s: writing CSV: %v\n", c.CSVPath, err)
			return ExitData
		}
	}
	if err := writeCharts(c, name, res); err != nil {
		fmt.Fprintln(stderr, err)
		return ExitData
	}
	if c.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		err = enc.Encode(NewReport(name, res))
	} else if c.CSVPath != "-" {
		_, err = io.WriteString(stdout, Summary(name, res))
	}
	if err != nil {
		fmt.Fprintf(stderr, "medianscope: writing output: %v\n", err)
		return ExitData
	}
	return ExitOK
}

// Describe turns an engine error into one line naming the file, and for a
// bad cell the place and what to do (advice, e.g. "use -skip-invalid ...").
func Describe(name string, err error, advice string) string {
	s := compute.Describe(name, err)
	switch {
	case errors.Is(err, compute.ErrNotNumber) && advice != "":
		s += "; fix the cell, or " + advice
	case errors.Is(err, compute.ErrNoNumbers):
		s += "; check the delimiter (-delim) and -header/-label"
	}
	return s
}

func writeCSV(path string, stdout io.Writer, res *compute.Result) error {
	if path == "-" {
		return compute.WriteCSV(stdout, res.Lists)
	}
	return atomicfile.Write(path, func(w io.Writer) error { return compute.WriteCSV(w, res.Lists) })
}

// Report is the -json object. Field order is part of the contract.
type Report struct {
	File       string    `json:"file"`
	Lists      int       `json:"lists"`
	EmptyLists int       `json:"empty_lists"`
	Values     int64     `json:"values"`
	Skipped    int64     `json:"skipped"`
	Invalid    int64     `json:"invalid"`
	Min        *ListJSON `json:"min"`
	Max        *ListJSON `json:"max"`
	Workers    int       `json:"workers"`
	ElapsedMS  float64   `json:"elapsed_ms"`
	Bytes      int64     `json:"bytes"`
}

// ListJSON is one list in the -json object.
type ListJSON struct {
	Index  int        `json:"index"`
	Line   int        `json:"line"`
	Label  string     `json:"label"`
	Count  int        `json:"count"`
	Median JSONMedian `json:"median"`
}

// JSONMedian writes a median as a JSON number, or as the string "+Inf",
// "-Inf" or "NaN" (JSON has no such numbers).
type JSONMedian float64

func (m JSONMedian) MarshalJSON() ([]byte, error) {
	f := float64(m)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return []byte(`"` + string(compute.AppendMedian(nil, f)) + `"`), nil
	}
	return compute.AppendMedian(nil, f), nil
}

// NewReport builds the -json object.
func NewReport(name string, res *compute.Result) Report {
	r := Report{
		File: name, Lists: res.Summary.Lists, EmptyLists: res.EmptyLists,
		Values: res.Values, Skipped: res.Skipped, Invalid: res.Invalid,
		Workers: res.Workers, Bytes: res.Bytes,
		ElapsedMS: math.Round(float64(res.Elapsed.Microseconds())) / 1000,
	}
	if l, ok := res.Min(); ok {
		r.Min = listJSON(l)
	}
	if l, ok := res.Max(); ok {
		r.Max = listJSON(l)
	}
	return r
}

func listJSON(l compute.ListStat) *ListJSON {
	return &ListJSON{Index: l.Index, Line: l.Line, Label: l.Label, Count: l.Count, Median: JSONMedian(l.Median)}
}

// Summary is the short human summary of a result.
func Summary(name string, res *compute.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d lists", name, res.Summary.Lists)
	if res.EmptyLists > 0 {
		fmt.Fprintf(&b, " (+%d empty)", res.EmptyLists)
	}
	fmt.Fprintf(&b, ", %d values, %d missing cells skipped", res.Values, res.Skipped)
	if res.Invalid > 0 {
		fmt.Fprintf(&b, ", %d invalid cells skipped", res.Invalid)
	}
	b.WriteString("\n")
	for _, side := range []struct {
		name string
		get  func() (compute.ListStat, bool)
	}{{"min", res.Min}, {"max", res.Max}} {
		if l, ok := side.get(); ok {
			fmt.Fprintf(&b, "%s median: %s  %s, line %d, %s\n",
				side.name, compute.AppendMedian(nil, l.Median), Name(l), l.Line, human.Count(l.Count, "value"))
		} else {
			fmt.Fprintf(&b, "%s median: none (no list has a defined median)\n", side.name)
		}
	}
	fmt.Fprintf(&b, "%s on %s (%.1f cores busy), %.1f MB/s (%s read)\n",
		res.Elapsed.Round(10_000), human.Count(res.Workers, "worker"), res.Parallelism(), res.MBPerSecond(), human.Bytes(res.Bytes))
	return b.String()
}

// Name is a list's name for the summary: its label quoted, or "row N".
func Name(l compute.ListStat) string {
	if l.Label != "" {
		return strconv.Quote(l.Label)
	}
	return l.Name()
}
