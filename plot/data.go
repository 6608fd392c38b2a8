package plot

import (
	"fmt"
	"math"
	"sync"

	"medianscope/compute"
)

// Data is what the charts show of one result. Build it once per result
// (NewData is O(lists)); drawing then reads it without changing it, so one
// Data may be drawn from several goroutines at once.
type Data struct {
	Title    string         // shown in the chart title, e.g. the file name
	Medians  []float64      // one per list in file order; NaN where a list has none
	MinIndex int            // the smallest median's list, -1 if none
	MaxIndex int            // the largest median's list, -1 if none
	lists    *compute.Store // nil for a bare series

	// Finite range of the medians (the y axis of the medians chart).
	finiteLo, finiteHi float64
	finite             int
	posInf, negInf     int
	undefinedN         int // lists with values but a NaN median (∞−∞)

	histOnce sync.Once
	hist     Hist
}

// NewData extracts the chart data of res. title names the source.
func NewData(title string, res *compute.Result) *Data {
	d := &Data{Title: title, MinIndex: res.MinIndex, MaxIndex: res.MaxIndex, lists: res.Stats}
	d.Medians = make([]float64, 0, res.Stats.Len())
	for _, c := range res.Stats.Medians() {
		d.Medians = append(d.Medians, c...) // NaN for an empty list
	}
	d.scan()
	return d
}

// NewSeries makes chart data from bare medians (NaN for none); names are
// "row N". Min and max are found here, first in order on ties.
func NewSeries(title string, medians []float64) *Data {
	d := &Data{Title: title, Medians: medians, MinIndex: -1, MaxIndex: -1}
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
	for i, m := range d.Medians {
		if math.IsNaN(m) && i < d.lists.Len() && d.lists.Count(i) > 0 {
			d.undefinedN++
		}
		switch {
		case math.IsInf(m, 1):
			d.posInf++
		case math.IsInf(m, -1):
			d.negInf++
		case !math.IsNaN(m):
			d.finite++
			d.finiteLo = math.Min(d.finiteLo, m)
			d.finiteHi = math.Max(d.finiteHi, m)
		}
	}
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
	d.histOnce.Do(func() { d.hist = NewHist(d.Medians) })
	return &d.hist
}
