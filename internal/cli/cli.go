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
	c, fs := newFlagSet()
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c.Config, errHelp
		}
		return c.Config, &UsageError{err.Error()}
	}
	cfg := c.Config
	cfg.Options.Dialect.Delimiter = byte(c.delim)
	var err error
	if cfg.Options.Workers < 1 {
		return cfg, &UsageError{fmt.Sprintf("-workers must be at least 1, not %d", cfg.Options.Workers)}
	}
	if cfg.Charts.Width, cfg.Charts.Height, err = parseSize(c.size); err != nil {
		return cfg, &UsageError{err.Error()}
	}
	if cfg.Options.Shape != compute.ShapeLong && (cfg.Options.Group != "" || cfg.Options.Value != "") {
		return cfg, &UsageError{"-group and -value need -by long"}
	}
	switch fs.NArg() {
	case 0:
	case 1:
		cfg.File = fs.Arg(0)
	default:
		return cfg, &UsageError{fmt.Sprintf("one input file at most, got %d: %s", fs.NArg(), strings.Join(fs.Args(), " "))}
	}
	if !cfg.Headless && (cfg.JSON || cfg.CSVPath != "" || cfg.Charts.PNG != "" || cfg.Charts.HistPNG != "") {
		return cfg, &UsageError{"-json, -csv, -png and -hist-png need -headless"}
	}
	if cfg.Headless && cfg.File == "" {
		return cfg, &UsageError{"-headless needs an input FILE (or - for standard input)"}
	}
	if cfg.JSON && cfg.CSVPath == "-" {
		return cfg, &UsageError{"-json and -csv - both write to standard output; give -csv a file"}
	}
	// -csv has every list's spread; -json only the min and max lists'
	// (a fraction of the cost); the plain summary pays for neither.
	cfg.Options.Spread = cfg.CSVPath != ""
	cfg.Options.ExtremesSpread = cfg.JSON
	// Without -csv or a chart, a headless run reports the min and max
	// lists and counts only: nothing per list need be kept.
	cfg.Options.ExtremesOnly = cfg.Headless && cfg.CSVPath == "" && cfg.Charts.PNG == "" && cfg.Charts.HistPNG == ""
	return cfg, nil
}

// flagValues is what the flags write into before Parse checks it.
type flagValues struct {
	Config
	delim compute.DelimiterFlag
	size  string
}

// newFlagSet defines every flag once: Parse reads them and Usage prints
// them, so the help cannot drift from what is accepted.
func newFlagSet() (*flagValues, *flag.FlagSet) {
	c := &flagValues{}
	o := &c.Options
	fs := flag.NewFlagSet("medianscope", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&c.Headless, "headless", false, "no window: compute and print the result; needs FILE")
	fs.BoolVar(&c.JSON, "json", false, "print the result as one JSON object (with -headless)")
	fs.StringVar(&c.CSVPath, "csv", "", "write every list as CSV to `PATH` (- for stdout): "+compute.CSVHeader)
	fs.StringVar(&c.Charts.PNG, "png", "", "write the medians chart to `PATH` (PNG, or SVG for .svg; with -headless)")
	fs.StringVar(&c.Charts.HistPNG, "hist-png", "", "write the distribution chart to `PATH` (PNG or SVG; with -headless)")
	fs.StringVar(&c.size, "size", "1600x900", "chart size `WxH` in pixels for -png and -hist-png")
	fs.IntVar(&o.Workers, "workers", runtime.NumCPU(), "cores to use: `N` >= 1 parsing workers, with which the reader and the aggregator share them")
	fs.TextVar(&o.Shape, "by", compute.ShapeAuto, "what a list is (`SHAPE`): rows, columns, long (one list per group), or auto: rows, but one list when every line holds one cell")
	fs.StringVar(&o.Group, "group", "", "-by long: the group `COL`umn, a header name or a 1-based number")
	fs.StringVar(&o.Value, "value", "", "-by long: the value `COL`umn, a header name or a 1-based number")
	fs.TextVar(&c.delim, "delim", compute.DelimiterFlag(0), "cell delimiter (`C`): auto, \",\" \";\" \"|\" or tab (\\t)")
	fs.TextVar(&o.Dialect.Decimal, "decimal", compute.DecimalAuto, "decimal mark (`MARK`): auto, point or comma (only with ; tab or |)")
	fs.TextVar(&o.Dialect.Header, "header", compute.HeaderAuto, "first line is a header (`MODE`): auto, yes or no")
	fs.TextVar(&o.Dialect.Label, "label", compute.LabelAuto, "row labels (`MODE`): auto (a non-numeric first cell), first or none")
	fs.TextVar(&o.Dialect.Encoding, "encoding", compute.EncodingAuto, "text encoding (`ENC`): auto (UTF-16 by its BOM, else UTF-8 with Windows-1252 labels where not UTF-8), utf-8, windows-1252 or utf-16")
	fs.StringVar(&o.Sheet, "sheet", "", "the sheet of an Excel workbook to read, by `NAME` (default: the first)")
	fs.BoolVar(&o.SkipInvalid, "skip-invalid", false, "skip and count non-numeric cells instead of stopping")
	return c, fs
}

// Usage is the help text, made from the flag definitions.
func Usage() string {
	var b strings.Builder
	b.WriteString(`Usage: medianscope [flags] [FILE]

Opens a window on FILE (or on the bundled sample). With -headless, computes
the median of every list of FILE (- for standard input) and prints the
result. FILE is CSV text (any of the delimiters below, UTF-8 or UTF-16),
gzip, zstd, xz or bzip2 compressed CSV, or an Excel .xlsx workbook.
Flags:
`)
	_, fs := newFlagSet()
	fs.SetOutput(&b)
	fs.PrintDefaults()
	b.WriteString("Exit status: 0 ok, 1 bad data or I/O error, 2 bad usage.\n")
	return b.String()
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

// Main runs the command line for the headless mode and returns the exit
// code. It is called with the flags already known to ask for -headless (or
// for help, or with a usage error).
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c, err := Parse(args)
	switch {
	case errors.Is(err, errHelp):
		fmt.Fprint(stdout, Usage())
		return ExitOK
	case err != nil:
		fmt.Fprintf(stderr, "medianscope: %v (see medianscope -help)\n", err)
		return ExitUsage
	}
	if n := c.Options.Workers; n < runtime.GOMAXPROCS(0) {
		// -workers N is the cores the run uses: its reader and aggregator
		// share them with the N workers. Else -workers 1 took a core and a
		// quarter (the reader and the aggregator on a second one), and
		// neither kept a core free for other work nor showed what one
		// core does. (Put back after: tests call Main.)
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
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
	if path := os.Getenv("MEDIANSCOPE_HEAPPROFILE"); path != "" {
		// For memory work: what the run allocated on the Go heap, and where.
		defer func() {
			if f, err := os.Create(path); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	return Headless(ctx, c, stdin, stdout, stderr)
}

// Headless computes c.File and writes what c asks for.
func Headless(ctx context.Context, c Config, stdin io.Reader, stdout, stderr io.Writer) int {
	name := c.File
	var in io.Reader = stdin
	if c.File == "-" {
		name = stdinName
	} else {
		f, err := compute.OpenFile(c.File)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return ExitData
		}
		defer f.Close()
		in = f
	}
	var digest *digestReader
	if c.wantsProvenance() {
		digest = newDigestReader(in)
		in = digest
	}
	res, err := compute.Run(ctx, in, c.Options, nil)
	if err != nil {
		fmt.Fprintln(stderr, Describe(name, err, "use -skip-invalid to skip such cells"))
		return ExitData
	}
	var meta compute.Provenance
	if digest != nil {
		meta = provenance(name, res, digest)
	}
	if c.CSVPath != "" {
		if err := writeCSV(c.CSVPath, stdout, res); err != nil {
			fmt.Fprintf(stderr, "%s: writing CSV: %v\n", c.CSVPath, err)
			return ExitData
		}
	}
	if err := writeCharts(c, name, res, meta); err != nil {
		fmt.Fprintln(stderr, err)
		return ExitData
	}
	if c.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		r := NewReport(name, res)
		r.Provenance = &meta
		err = enc.Encode(r)
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
	if h := compute.HintOf(err); h != "" {
		s += " (" + h + ")"
	}
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
		return compute.WriteCSV(stdout, res.Stats)
	}
	return atomicfile.Write(path, func(w io.Writer) error { return compute.WriteCSV(w, res.Stats) })
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
	Dialect    Dialect   `json:"dialect"`
	// Provenance is where the result came from; it comes after the keys
	// above, whose order scripts rely on. Headless always sets it.
	Provenance *compute.Provenance `json:"provenance,omitempty"`
}

// Dialect is the -json report of how the input was read. Detected lists
// the settings the sniffer chose (the others were given).
type Dialect struct {
	Delimiter   string   `json:"delimiter"`
	Decimal     string   `json:"decimal"`
	Header      bool     `json:"header"`
	HeaderLine  int      `json:"header_line,omitempty"`
	Labels      bool     `json:"labels"`
	Shape       string   `json:"shape"`
	Group       int      `json:"group,omitempty"`
	Value       int      `json:"value,omitempty"`
	Encoding    string   `json:"encoding"`
	Recoded     int64    `json:"recoded_labels,omitempty"`
	LineEnds    string   `json:"line_ends"`
	Compression string   `json:"compression"`
	Container   string   `json:"container"`
	Sheet       string   `json:"sheet,omitempty"`
	Detected    []string `json:"detected"`
	RunnerUp    string   `json:"runner_up,omitempty"`
	Suggested   string   `json:"suggested_shape,omitempty"`
	Notes       []string `json:"notes,omitempty"`
}

// NewDialect is the -json form of a dialect report.
func NewDialect(r compute.Report) Dialect {
	d := Dialect{
		Delimiter: string(r.Delimiter), Decimal: r.Decimal.String(), Header: r.Header, HeaderLine: r.HeaderLine,
		Labels: r.Labels, Shape: r.Shape.String(), Encoding: r.Encoding, Recoded: r.Recoded,
		LineEnds: r.LineEnds, Compression: r.Compression, Container: r.Container, Sheet: r.Sheet,
		Detected: []string{}, Notes: r.Notes,
	}
	if r.Shape == compute.ShapeLong {
		d.Group, d.Value = r.Group, r.Value
	}
	if r.RunnerUp != 0 {
		d.RunnerUp = string(r.RunnerUp)
	}
	if r.Suggested != compute.ShapeAuto {
		d.Suggested = r.Suggested.String()
	}
	for _, f := range []struct {
		name string
		on   bool
	}{{"delimiter", r.DelimiterDetected}, {"decimal", r.DecimalDetected}, {"header", r.HeaderDetected},
		{"labels", r.LabelsDetected}, {"shape", r.ShapeDetected}} {
		if f.on {
			d.Detected = append(d.Detected, f.name)
		}
	}
	return d
}

// ListJSON is one list in the -json object.
type ListJSON struct {
	Index  int        `json:"index"`
	Line   int        `json:"line"`
	Label  string     `json:"label"`
	Count  int        `json:"count"`
	Median JSONMedian `json:"median"`
	// The list's spread (compute.Spread: R's type 7 quartiles), after the
	// keys above.
	Q1       JSONMedian `json:"q1"`
	Q3       JSONMedian `json:"q3"`
	MinValue JSONMedian `json:"min_value"`
	MaxValue JSONMedian `json:"max_value"`
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
		Dialect:   NewDialect(res.Dialect),
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
	return &ListJSON{Index: l.Index, Line: l.Line, Label: l.Label, Count: l.Count, Median: JSONMedian(l.Median),
		Q1: JSONMedian(l.Q1), Q3: JSONMedian(l.Q3), MinValue: JSONMedian(l.MinValue), MaxValue: JSONMedian(l.MaxValue)}
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
	fmt.Fprintf(&b, "read as: %s\n", res.Dialect.String())
	for _, n := range res.Dialect.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	if res.Dialect.Suggested != compute.ShapeAuto {
		fmt.Fprintf(&b, "note: %s (-by %s)\n", res.Dialect.SuggestReason, res.Dialect.Suggested)
	}
	if res.Overflow > 0 {
		fmt.Fprintf(&b, "note: %s beyond the float64 range, read as ±Inf\n", human.Count(int(res.Overflow), "number"))
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
