package plot

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"medianscope/compute"
)

// Data is what the charts show of one result. It reads the store's own
// chunked columns (no copy of the medians: 10 million lists would be 80
// MB more); NewData is one O(lists) scan. Drawing then reads it without
// changing it, so one Data may be drawn from several goroutines at once;
// what drawing derives from it (the histogram, the per-pixel-column bands
// of each width, the order by median) is computed once and shared by the
// views InOrder returns.
type Data struct {
	Title    string // shown in the chart title, e.g. the file name
	MinIndex int    // the smallest median's list, -1 if none
	MaxIndex int    // the largest median's list, -1 if none

	lists   *compute.Store  // nil for a bare series
	medians column          // one per list in file order; NaN where a list has none
	spread  *spreadColumns  // nil when the quartiles were not computed
	order   Order           // of the boxes of a spread chart
	own     *compute.Spread // a values chart's list: its quartiles and extremes (NewValues)
	// spreadSkipped: the run had too many lists to keep their quartiles.
	spreadSkipped bool

	// Finite range of the medians (the y axis of the medians chart).
	finiteLo, finiteHi float64
	finite             int
	posInf, negInf     int
	undefinedN         int // lists with values but a NaN median (∞−∞)

	derived *derived
}

// spreadColumns are the rest of every list's Spread (R type 7 quartiles,
// smallest and largest value), chunked like the medians.
type spreadColumns struct{ q1, q3, lo, hi column }

// derived is what drawing computes from a Data on first use, shared by
// every view of it.
type derived struct {
	histOnce sync.Once
	hist     Hist

	orderOnce sync.Once
	byMedian  []int // list indexes sorted by median, lists without one last

	mu    sync.Mutex
	bands map[bandKey][]Band
}

// Order is the order of the boxes of a spread chart; the charts over the
// list index are always in file order.
type Order int

const (
	FileOrder   Order = iota
	MedianOrder       // ascending median; lists without a median last
)

// NewData is the chart data of res, reading its store's columns in place.
// title names the source.
func NewData(title string, res *compute.Result) *Data {
	d := &Data{Title: title, MinIndex: res.MinIndex, MaxIndex: res.MaxIndex, lists: res.Stats, derived: &derived{},
		spreadSkipped: res.SpreadSkipped}
	d.medians = newColumn(res.Stats.Medians())
	if res.Stats.HasSpread() {
		st := res.Stats
		d.spread = &spreadColumns{
			q1: storeColumn(st, compute.StatQ1), q3: storeColumn(st, compute.StatQ3),
			lo: newColumn(st.Column(compute.StatMin)), hi: newColumn(st.Column(compute.StatMax)),
		}
	}
	d.scan()
	return d
}

// NewSeries makes chart data from bare medians (NaN for none), without a
// spread; names are "row N". Min and max are found here, first in order on
// ties. The slice is kept, not copied: do not change it afterwards.
func NewSeries(title string, medians []float64) *Data {
	d := &Data{Title: title, medians: newColumn([][]float64{medians}), MinIndex: -1, MaxIndex: -1, derived: &derived{}}
	for i, m := range medians {
		if math.IsNaN(m) {
			continue
		}
		if d.MinIndex < 0 || m < medians[d.MinIndex] {
			d.MinIndex = i
		}
		if d.MaxIndex < 0 || m > medians[d.MaxIndex] {
			d.MaxIndex = i
		}
	}
	d.scan()
	return d
}

func (d *Data) scan() {
	d.finiteLo, d.finiteHi = math.Inf(1), math.Inf(-1)
	d.medians.each(0, d.medians.len(), func(base int, seg []float64) {
		for j, m := range seg {
			switch {
			case math.IsNaN(m):
				if i := base + j; i < d.lists.Len() && d.lists.Count(i) > 0 {
					d.undefinedN++
				}
			case math.IsInf(m, 1):
				d.posInf++
			case math.IsInf(m, -1):
				d.negInf++
			default:
				d.finite++
				d.finiteLo = math.Min(d.finiteLo, m)
				d.finiteHi = math.Max(d.finiteHi, m)
			}
		}
	})
}

// Len is the number of lists.
func (d *Data) Len() int { return d.medians.len() }

// Median is list i's median (NaN for none).
func (d *Data) Median(i int) float64 { return d.medians.at(i) }

// HasSpread reports whether the data holds every list's quartiles and
// extremes (a run with compute.Options.Spread).
func (d *Data) HasSpread() bool { return d.spread != nil }

// Spread is list i's five numbers; only the median is known (the rest
// NaN) without HasSpread.
func (d *Data) Spread(i int) compute.Spread {
	s := compute.NoSpread
	s.Median = d.medians.at(i)
	if sp := d.spread; sp != nil {
		s.Q1, s.Q3, s.Min, s.Max = sp.q1.at(i), sp.q3.at(i), sp.lo.at(i), sp.hi.at(i)
	}
	return s
}

// InOrder returns a view of d whose spread chart stands its boxes in
// order o. The view shares d's columns and everything derived from them;
// d is unchanged.
func (d *Data) InOrder(o Order) *Data {
	v := *d
	v.order = o
	return &v
}

// Order is the order of the view's boxes.
func (d *Data) Order() Order { return d.order }

// slots returns the list drawn in each place of a chart of lists in the
// view's order.
func (d *Data) slots() []int {
	if d.order == MedianOrder {
		dv := d.derived
		dv.orderOnce.Do(func() { dv.byMedian = medianOrder(d) })
		return dv.byMedian
	}
	s := make([]int, d.Len())
	for i := range s {
		s[i] = i
	}
	return s
}

// medianOrder sorts the lists by median, those without one last, ties in
// file order.
func medianOrder(d *Data) []int {
	s := make([]int, d.Len())
	for i := range s {
		s[i] = i
	}
	slices.SortStableFunc(s, func(i, j int) int {
		a, b := d.Median(i), d.Median(j)
		if an, bn := math.IsNaN(a), math.IsNaN(b); an || bn {
			return cmp.Compare(boolInt(an), boolInt(bn))
		}
		return cmp.Compare(a, b)
	})
	return s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Name is how list i is named on a chart: its label, or "row N".
func (d *Data) Name(i int) string {
	if i < d.lists.Len() {
		return d.lists.At(i).Name()
	}
	return fmt.Sprintf("row %d", i+1)
}

// List returns list i of the result, when the data came from one.
func (d *Data) List(i int) (compute.ListStat, bool) {
	if i < 0 || i >= d.lists.Len() {
		return compute.ListStat{}, false
	}
	return d.lists.At(i), true
}

// Histogram returns the distribution of the finite medians, computed on
// first use.
func (d *Data) Histogram() *Hist {
	dv := d.derived
	dv.histOnce.Do(func() { dv.hist = newHist(d.medians) })
	return &dv.hist
}

// column is one statistic of every list in file order, in the store's
// chunks (its own slices: read, never written), or read through the store
// (the quartiles, which it leaves out for lists of up to three numbers:
// made whole, they would be 16 bytes a list more in the window).
type column struct {
	chunks [][]float64
	starts []int // index of each chunk's first list; len(chunks)+1 entries

	store *compute.Store // when not nil, the column is its statistic stat
	stat  compute.Stat
}

func storeColumn(st *compute.Store, stat compute.Stat) column {
	return column{store: st, stat: stat, starts: []int{0, st.Len()}}
}

func newColumn(chunks [][]float64) column {
	c := column{starts: make([]int, 1, len(chunks)+1)}
	for _, ch := range chunks {
		if len(ch) == 0 {
			continue
		}
		c.chunks = append(c.chunks, ch)
		c.starts = append(c.starts, c.starts[len(c.starts)-1]+len(ch))
	}
	return c
}

func (c column) len() int { return c.starts[len(c.starts)-1] }

// chunkOf returns the chunk holding index i.
func (c column) chunkOf(i int) int {
	return sort.Search(len(c.chunks), func(k int) bool { return c.starts[k+1] > i })
}

func (c column) at(i int) float64 {
	if c.store != nil {
		v := math.NaN()
		c.store.EachSegment(c.stat, i, i+1, nil, func(_ int, seg []float64) { v = seg[0] })
		return v
	}
	k := c.chunkOf(i)
	return c.chunks[k][i-c.starts[k]]
}

// each calls f with the values of indexes lo … hi-1 as slices of the
// chunks, in order: seg[j] is the value of index base+j.
func (c column) each(lo, hi int, f func(base int, seg []float64)) { c.eachWith(lo, hi, nil, f) }

// eachWith is each with tmp, the caller's buffer (nil: one of its own),
// for the values a store column derives.
func (c column) eachWith(lo, hi int, tmp *[]float64, f func(base int, seg []float64)) {
	if lo >= hi {
		return
	}
	if c.store != nil {
		c.store.EachSegment(c.stat, lo, hi, tmp, f)
		return
	}
	for k := c.chunkOf(lo); k < len(c.chunks) && c.starts[k] < hi; k++ {
		from, to := max(lo, c.starts[k]), min(hi, c.starts[k+1])
		f(from, c.chunks[k][from-c.starts[k]:to-c.starts[k]])
	}
}
