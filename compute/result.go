package compute

import (
	"math"
	"strconv"
	"time"
)

// ListStat is one list: a row, a column or a group, with its median and
// its ledger. Count+Missing+Invalid is the number of the list's cells (a
// label cell is not one of them).
type ListStat struct {
	Index    int     // 0-based among all lists in order, empty ones included
	Line     int     // 1-based line of the list's first cell (a row's start)
	Label    string  // "" when the list has no name
	Count    int     // numbers in the list; 0 for an empty list
	Median   float64 // NaN when Count is 0, or for the midpoint of -Inf and +Inf
	Missing  int     // empty cells and missing-value markers
	Invalid  int     // cells that are not numbers, skipped with SkipInvalid
	Overflow int     // numbers beyond the float64 range, read as ±Inf (1e400); among Count

	// The rest of the list's Spread (R's type 7 quartiles, and its
	// smallest and largest value): NaN for an empty list, and for every
	// list of a run without Options.Spread.
	Q1, Q3, MinValue, MaxValue float64
}

// Spread is the list's five-number summary.
func (l ListStat) Spread() Spread {
	return Spread{Min: l.MinValue, Q1: l.Q1, Median: l.Median, Q3: l.Q3, Max: l.MaxValue}
}

// HasSpread reports whether the list's spread was computed (and it has numbers).
func (l ListStat) HasSpread() bool { return l.Count > 0 && !math.IsNaN(l.MinValue) }

// Name is how the list is named to a person: its label, or "row N" with N
// its 1-based position among all lists.
func (l ListStat) Name() string {
	if l.Label != "" {
		return l.Label
	}
	return "row " + strconv.Itoa(l.Index+1)
}

// HasMedian reports whether the list takes part in min and max.
func (l ListStat) HasMedian() bool { return l.Count > 0 && !math.IsNaN(l.Median) }

// Summary is the whole-file view of a Result.
type Summary struct {
	Lists      int   // lists with at least one number
	EmptyLists int   // lists with no number
	Values     int64 // numbers read
	Skipped    int64 // missing cells (empty or an NA marker)
	Invalid    int64 // non-numeric cells skipped with SkipInvalid
	Overflow   int64 // numbers beyond the float64 range (among Values)
	MinIndex   int   // index in Result.Stats of the smallest median, -1 if none
	MaxIndex   int   // index of the largest median, -1 if none
	Workers    int
	Bytes      int64 // input bytes read (compressed bytes for compressed input)
	Elapsed    time.Duration
	// Busy is the time workers spent parsing and selecting, summed over
	// workers: Busy/Elapsed is how many cores the run kept busy.
	Busy time.Duration
}

// Parallelism is how many cores the run kept busy on average (Busy over
// Elapsed): the speed-up over one core for the CPU-bound part.
func (s Summary) Parallelism() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return s.Busy.Seconds() / s.Elapsed.Seconds()
}

// BadCell is a cell that is not a number, skipped with SkipInvalid.
type BadCell struct {
	Line  int    // 1-based line the cell starts on
	Field int    // 1-based field number in its record
	List  int    // index of its list in Result.Stats
	Text  string // the cell as written (trimmed)
}

// MaxBadCells is how many skipped cells a Result keeps (the first ones in
// file order); Summary.Invalid counts them all.
const MaxBadCells = 1000

// Result is every list, the summary and how the input was read.
type Result struct {
	Stats *Store // every list's statistics, in order
	Summary
	Dialect  Report
	BadCells []BadCell // the first MaxBadCells invalid cells, in file order
	// SpreadSkipped: Options.Spread was asked, but the lists outnumbered
	// Options.SpreadLimit, so the Store holds no spread.
	SpreadSkipped bool

	// extremes holds the spread of the min and max lists of a run with
	// Options.ExtremesSpread.
	extremes map[int]Spread
	// kept holds the min and max lists of a run with Options.ExtremesOnly.
	kept map[int]ListStat
}

// Min returns the list with the smallest median (first in order on a tie);
// ok is false when no list has a median.
func (r *Result) Min() (ListStat, bool) { return r.at(r.MinIndex) }

// Max returns the list with the largest median (first in order on a tie).
func (r *Result) Max() (ListStat, bool) { return r.at(r.MaxIndex) }

func (r *Result) at(i int) (ListStat, bool) {
	l, ok := r.kept[i]
	switch {
	case ok:
	case i < 0 || i >= r.Stats.Len():
		return ListStat{}, false
	default:
		l = r.Stats.At(i)
	}
	if sp, ok := r.extremes[i]; ok && !l.HasSpread() {
		l.Q1, l.Q3, l.MinValue, l.MaxValue = sp.Q1, sp.Q3, sp.Min, sp.Max
	}
	return l, true
}

// MBPerSecond is the throughput of the run in megabytes (10^6) per second.
func (r *Result) MBPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Bytes) / 1e6 / r.Elapsed.Seconds()
}

// Progress is a snapshot of a running Run.
type Progress struct {
	BytesRead  int64
	TotalBytes int64 // -1 when unknown
	Lists      int   // lists merged so far, in order
	Workers    int
	Elapsed    time.Duration
	Busy       time.Duration // worker time so far, summed over workers
	// Dialect is how the input is read, once the sniffer has looked at
	// it; nil before. It is shared and must not be changed.
	Dialect *Report
}

// Fraction is the share of the input read, in [0,1], or -1 when unknown.
func (p Progress) Fraction() float64 {
	if p.TotalBytes <= 0 {
		return -1
	}
	return math.Min(1, float64(p.BytesRead)/float64(p.TotalBytes))
}

// ProgressInterval is the least time between two progress calls (20/s).
const ProgressInterval = 50 * time.Millisecond
